/*
 * Ties and the log of an import: a tie kept once per pair of contacts, with
 * the strongest strength, the earliest since and the latest last contact
 * any source gives; a log row added unless the log already has that event.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../net/idmap.h"
#include "refnet/arena.h"
#include "refnet/date.h"
#include "refnet/output.h"
#include "refnet/text.h"
#include "writer_internal.h"

/* ---- ties and the log ------------------------------------------------------ */

/* The basis text as one shared copy (a few distinct texts, millions of ties). */
static uint32_t intern_basis(struct rn_import *im, const char *b)
{
	/* Most ties of an export have the basis of the one before. */
	if (im->last_basis && strcmp(im->basis_text[im->last_basis - 1], b) == 0)
		return im->last_basis;
	size_t n = strlen(b);
	int64_t at = rn_idmap_get(im->bases.m, b, n), idx;
	if (at >= 0)
		return im->last_basis = (uint32_t) at + 1;
	char *k = rn_arena_strndup(&im->arena, b, n);
	if (!k || rn_idmap_put(im->bases.m, k, n, &idx) < 0 ||
	    rn_writer_grow((void **) &im->basis_text, &im->basis_cap, (size_t) idx + 1,
	                   sizeof(char *)) < 0)
		return 0;
	im->basis_text[idx] = k;
	return im->last_basis = (uint32_t) idx + 1;
}

enum rn_status rn_import_add_tie(struct rn_import *im, const struct rn_import_tie *tie)
{
	struct table *t = &im->t[RN_TABLE_TIES];
	if (tie->a < 0 || tie->b < 0 || tie->a == tie->b)
		return RN_OK;
	uint64_t k = pair_key(tie->a, tie->b);
	int64_t r = rn_writer_pair_get(&im->pairs, k);
	if (r < 0) {
		r = rn_writer_row_new(t);
		if (r < 0 || r > (int64_t) UINT32_MAX - 1 ||
		    rn_writer_pair_put(&im->pairs, k, (uint32_t) r) < 0)
			return RN_E_INTERNAL;
		im->st.ties_new++;
	}
	if (rn_writer_grow((void **) &im->tinfo, &im->tinfo_cap, (size_t) r + 1,
	                   sizeof(*im->tinfo)) < 0)
		return RN_E_INTERNAL;
	struct tieinfo *ti = &im->tinfo[r];
	if (!ti->touched) {
		ti->since = ti->last = RN_NO_DATE;
		ti->a = (uint32_t) tie->a;
		ti->b = (uint32_t) tie->b;
		ti->touched = 1;
	}
	if (tie->strength > ti->strength || (!ti->basis && !ti->strength && !empty(tie->basis))) {
		ti->strength = tie->strength;
		ti->basis = 0;
		if (!empty(tie->basis) && !(ti->basis = intern_basis(im, tie->basis)))
			return RN_E_INTERNAL;
	}
	if (tie->since != RN_NO_DATE && (ti->since == RN_NO_DATE || tie->since < ti->since))
		ti->since = tie->since;
	if (tie->last != RN_NO_DATE && (ti->last == RN_NO_DATE || tie->last > ti->last))
		ti->last = tie->last;
	for (size_t i = 0; i < tie->nfields; i++)
		if (rn_writer_offer_named(im, t, (size_t) r, tie->fields[i].col,
		                          tie->fields[i].val, NULL) < 0)
			return RN_E_INTERNAL;
	return RN_OK;
}

int rn_import_has_tie(const struct rn_import *im, int64_t a, int64_t b)
{
	if (a < 0 || b < 0 || a == b)
		return 0;
	int64_t r = rn_writer_pair_get(&im->pairs, pair_key(a, b));
	return r >= 0 && (size_t) r < im->tinfo_cap && im->tinfo[r].touched;
}

enum rn_status rn_import_add_ties(struct rn_import *im, const struct rn_import_tie *tie,
                                  size_t n)
{
	for (size_t i = 0; i < n; i++) {
		/* The pair slot of a tie ahead: a cache miss each, in a big map. */
		const struct rn_import_tie *t = &tie[i + 8 < n ? i + 8 : i];
		if (i + 8 < n && im->pairs.cap && t->a >= 0 && t->b >= 0)
			__builtin_prefetch(&im->pairs.slot[mix(pair_key(t->a, t->b) + 1) &
			                                   (im->pairs.cap - 1)]);
		enum rn_status st = rn_import_add_tie(im, &tie[i]);
		if (st != RN_OK)
			return st;
	}
	return RN_OK;
}

/* The key of a log row: the fields that make two rows the same event. */
char *rn_writer_event_key(const char *date, const char *from, const char *to, const char *kind,
                          const char *about, const char *value)
{
	char d[16] = "", v[64] = "";
	int days;
	double x;
	if (!empty(date) && rn_date_parse(date, strlen(date), &days) == 0)
		rn_date_format(days, d);
	else if (!empty(date))
		snprintf(d, sizeof(d), "%.15s", date);
	if (!empty(value) && rn_text_number(value, strlen(value), &x) == 0)
		rn_fmt_double(x, v, sizeof(v));
	size_t n = strlen(d) + strlen(from ? from : "") + strlen(to ? to : "") +
	           strlen(kind ? kind : "") + strlen(about ? about : "") + strlen(v) + 8;
	char *k = malloc(n);
	if (!k)
		return NULL;
	snprintf(k, n, "%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s", d, from ? from : "", to ? to : "",
	         kind ? kind : "", about ? about : "", v);
	for (char *p = k; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char) (*p + 32);
	return k;
}

static const char *field_val(const struct rn_import_field *f, size_t n, const char *col)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(f[i].col, col) == 0)
			return f[i].val;
	return NULL;
}

enum rn_status rn_import_add_event(struct rn_import *im, int date, int64_t from, int64_t to,
                                   const char *kind, const struct rn_import_field *fields,
                                   size_t nfields)
{
	struct table *t = &im->t[RN_TABLE_LOG];
	char d[16];
	rn_date_format(date, d);
	const char *a = rn_import_contact_id(im, from), *b = rn_import_contact_id(im, to);
	char *k = rn_writer_event_key(d, a, b, kind, field_val(fields, nfields, "about"),
	                              field_val(fields, nfields, "value"));
	struct slot *sl;
	if (!k || rn_writer_map_put(im, &im->events, k, &sl) < 0) {
		free(k);
		return RN_E_INTERNAL;
	}
	free(k);
	sl->extra++;
	if (sl->extra <= sl->count) {
		/* Already in the log.  What the import says of that row's other
		 * cells (a status or note the sheet has since changed) is merged
		 * like a contact's: empty cells filled, a different value kept and
		 * reported.  Equal rows after the first are left alone. */
		for (size_t i = 0; sl->extra == 1 && sl->row >= 0 && i < nfields; i++)
			if (rn_writer_offer_named(im, t, (size_t) sl->row, fields[i].col, fields[i].val,
			                          NULL) < 0)
				return RN_E_INTERNAL;
		return RN_OK;
	}
	long r = rn_writer_row_new(t);
	if (r < 0)
		return RN_E_INTERNAL;
	long cd = rn_writer_col_get(im, t, "date"), cf = rn_writer_col_get(im, t, "from"),
	     ct = rn_writer_col_get(im, t, "to"), ck = rn_writer_col_get(im, t, "kind");
	if (cd < 0 || cf < 0 || ct < 0 || ck < 0 ||
	    rn_writer_cell_set(im, t, (size_t) r, cd, d) < 0 ||
	    rn_writer_cell_set(im, t, (size_t) r, cf, a) < 0 ||
	    rn_writer_cell_set(im, t, (size_t) r, ct, b) < 0 ||
	    rn_writer_cell_set(im, t, (size_t) r, ck, kind) < 0)
		return RN_E_INTERNAL;
	for (size_t i = 0; i < nfields; i++)
		if (rn_writer_offer_named(im, t, (size_t) r, fields[i].col, fields[i].val, NULL) < 0)
			return RN_E_INTERNAL;
	im->st.events_new++;
	return RN_OK;
}

size_t rn_import_count_events(struct rn_import *im, int64_t from, int64_t to, const char *kind)
{
	const struct table *t = &im->t[RN_TABLE_LOG];
	const char *a = rn_import_contact_id(im, from), *b = rn_import_contact_id(im, to);
	long cf = rn_writer_col_find(t, "from"), ct = rn_writer_col_find(t, "to"),
	     ck = rn_writer_col_find(t, "kind");
	size_t n = 0;
	if (!a || !b || cf < 0 || ct < 0 || ck < 0)
		return 0;
	for (size_t r = 0; r < t->nrows; r++) {
		const char *f = cell(t, r, cf), *o = cell(t, r, ct), *k = cell(t, r, ck);
		n += f && o && k && strcmp(f, a) == 0 && strcmp(o, b) == 0 &&
		     rn_text_ieq(k, strlen(k), kind);
	}
	return n;
}

enum rn_status rn_import_set_fields(struct rn_import *im, int64_t i,
                                    const struct rn_import_field *fields, size_t nfields)
{
	struct table *t = &im->t[RN_TABLE_CONTACTS];
	if (i < 0 || (size_t) i >= t->nrows)
		return RN_OK;
	for (size_t k = 0; k < nfields; k++)
		if (rn_writer_offer_named(im, t, (size_t) i, fields[k].col, fields[k].val, NULL) < 0)
			return RN_E_INTERNAL;
	return RN_OK;
}

void rn_import_count(struct rn_import *im, size_t rows, size_t hidden, size_t skipped)
{
	im->st.rows += rows;
	im->st.hidden += hidden;
	im->st.skipped += skipped;
}

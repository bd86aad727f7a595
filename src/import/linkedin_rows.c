/*
 * The CSV files of a LinkedIn export, read through the sheet reader:
 * Connections.csv (its header found by name whatever the layout) handed
 * to the writer in batches, messages.csv and the recommendation files
 * counted on the member's connections, Profile.csv for the member's name.
 */
#include "refnet/import.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../net/idmap.h"
#include "refnet/arena.h"
#include "refnet/csv.h"
#include "refnet/date.h"
#include "refnet/text.h"
#include "linkedin_internal.h"

/* ---- reading the CSV files ---------------------------------------------- */

/* Does the line's first field read `first` (quotes and spaces ignored) and
 * does the line hold `also` somewhere? */
static int header_like(const char *line, size_t n, const char *first, const char *also)
{
	size_t i = 0;
	if (n >= 3 && (unsigned char) line[0] == 0xef && (unsigned char) line[1] == 0xbb)
		i = 3;
	while (i < n && (line[i] == ' ' || line[i] == '"'))
		i++;
	size_t fl = strlen(first);
	if (n - i < fl || strncasecmp(line + i, first, fl) != 0)
		return 0;
	size_t al = strlen(also);
	for (size_t j = i; j + al <= n; j++)
		if (strncasecmp(line + j, also, al) == 0)
			return 1;
	return 0;
}

int rn_linkedin_is_people_header(void *ctx, const char *line, size_t n, char delim)
{
	(void) ctx;
	(void) delim;
	return header_like(line, n, "First Name", "Last Name");
}

int rn_linkedin_is_messages_header(void *ctx, const char *line, size_t n, char delim)
{
	(void) ctx;
	(void) delim;
	return header_like(line, n, "CONVERSATION ID", "DATE") || header_like(line, n, "FROM", "DATE");
}

/* Column index of the header name (case-insensitive, trimmed), or -1. */
static long find_col(const struct rn_csv_record *h, const char *name)
{
	for (size_t i = 0; i < h->nfields; i++) {
		size_t n = h->len[i];
		const char *s = rn_text_trim(h->field[i], &n);
		if (rn_text_ieq(s, n, name))
			return (long) i;
	}
	return -1;
}

static const char *fld(const struct rn_csv_record *r, long c)
{
	if (c < 0 || (size_t) c >= r->nfields || r->bad[c])
		return "";
	return r->field[c];
}

/* "08 Feb 2026" (LinkedIn's form), "8 Feb 2026", or an ISO date. */
static int li_date(const char *s, int *days)
{
	static const char *const mon[12] = { "jan", "feb", "mar", "apr", "may", "jun",
	                                     "jul", "aug", "sep", "oct", "nov", "dec" };
	size_t n = strlen(s);
	s = rn_text_trim(s, &n);
	if (n >= 10 && rn_date_parse(s, n > 19 ? 19 : n, days) == 0)
		return 0;
	if (n >= 19 && rn_date_parse(s, 10, days) == 0)
		return 0;
	char buf[32];
	if (n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	char *p = buf, *end;
	errno = 0;
	long d = strtol(p, &end, 10);
	if (end == p || *end != ' ' || d < 1 || d > 31)
		return -1;
	p = end + 1;
	int m = -1;
	for (int i = 0; i < 12; i++)
		if (strncasecmp(p, mon[i], 3) == 0)
			m = i + 1;
	if (m < 0)
		return -1;
	while (*p && *p != ' ')
		p++;
	if (*p != ' ')
		return -1;
	long y = strtol(p + 1, &end, 10);
	if (*end || y < 1900 || y > 9999)
		return -1;
	/* 31 Feb does not come back as itself. */
	int v = rn_date_from_ymd((int) y, m, (int) d), yy, mm, dd;
	rn_date_ymd(v, &yy, &mm, &dd);
	if (yy != y || mm != m || dd != d)
		return -1;
	*days = v;
	return 0;
}

static int grow_array(void **p, size_t *cap, size_t want, size_t elem)
{
	if (want <= *cap)
		return 0;
	size_t c = *cap ? *cap : 256;
	while (c < want)
		c *= 2;
	void *q = realloc(*p, c * elem);
	if (!q)
		return -1;
	*p = q;
	*cap = c;
	return 0;
}

/* Slot of key in map (copied into the arena), -1 on OOM; *added says if new. */
static int64_t put_key(struct member_state *ms, struct rn_idmap *map, const char *key, int *added)
{
	int64_t idx;
	size_t n = strlen(key);
	int64_t at = rn_idmap_get(map, key, n);
	*added = 0;
	if (at >= 0)
		return at;
	char *k = rn_arena_strndup(&ms->arena, key, n);
	if (!k || rn_idmap_put(map, k, n, &idx) < 0)
		return -1;
	*added = 1;
	return idx;
}

static char *full_name(const char *first, const char *last)
{
	size_t a = strlen(first), b = strlen(last);
	first = rn_text_trim(first, &a);
	last = rn_text_trim(last, &b);
	char *s = malloc(a + b + 2);
	if (!s)
		return NULL;
	memcpy(s, first, a);
	size_t k = a;
	if (a && b)
		s[k++] = ' ';
	memcpy(s + k, last, b);
	s[k + b] = '\0';
	return s;
}

static enum rn_status flush_some(struct member_state *ms, size_t at, size_t n);

enum rn_status rn_linkedin_connection_row(void *vctx, const struct rn_csv_record *rec)
{
	struct member_state *ms = vctx;
	if (rec->index == 0) {
		ms->c_first = find_col(rec, "First Name");
		ms->c_last = find_col(rec, "Last Name");
		ms->c_url = find_col(rec, "URL");
		if (ms->c_url < 0)
			ms->c_url = find_col(rec, "Profile URL");
		ms->c_email = find_col(rec, "Email Address");
		if (ms->c_email < 0)
			ms->c_email = find_col(rec, "Email");
		ms->c_company = find_col(rec, "Company");
		ms->c_position = find_col(rec, "Position");
		ms->c_on = find_col(rec, "Connected On");
		ms->have_header = 1;
		if (ms->c_last < 0 || ms->c_on < 0) {
			rn_diag_error(ms->diag, ms->display, rec->line0, 0,
			              "missing column '%s' in the header (is this LinkedIn's "
			              "Connections.csv?)", ms->c_last < 0 ? "Last Name" : "Connected On");
			ms->have_header = 0;
			return RN_OK;
		}
		return RN_OK;
	}
	if (!ms->have_header)
		return RN_OK;
	ms->rows++;
	char *full = full_name(fld(rec, ms->c_first), fld(rec, ms->c_last));
	if (!full)
		return RN_E_INTERNAL;
	if (!*full) {
		/* A hidden profile: LinkedIn gives only the date. */
		ms->hidden++;
		free(full);
		return RN_OK;
	}
	int since = RN_NO_DATE;
	const char *on = fld(rec, ms->c_on);
	if (*on && li_date(on, &since) != 0) {
		/* The rows before this one are said first.  (Read ahead, the
		 * warning goes to a diag of its own, and the file is read again.) */
		enum rn_status st = ms->deferred ? RN_OK : rn_linkedin_flush_connections(ms);
		if (st != RN_OK) {
			free(full);
			return st;
		}
		rn_diag_warn(ms->diag, ms->display, rec->line[ms->c_on], ms->c_on + 1,
		             "'%s' is not a date like '08 Feb 2026': the tie has no 'since'", on);
		since = RN_NO_DATE;
	}

	/* The row's texts outlive the record: copied. */
	struct rn_arena *a = &ms->row_arena;
	const char *v[5] = { full, fld(rec, ms->c_email), fld(rec, ms->c_url),
	                     fld(rec, ms->c_company), fld(rec, ms->c_position) };
	char *c[5];
	for (int i = 0; i < 5; i++) {
		c[i] = *v[i] || i == 0 ? rn_arena_strndup(a, v[i], strlen(v[i])) : (char *) "";
		if (!c[i]) {
			free(full);
			return RN_E_INTERNAL;
		}
	}
	free(full);
	char *fn = NULL;
	if (rn_text_fold(c[0], strlen(c[0]), &fn) != 0)
		return RN_E_INTERNAL;
	const char *fnc = rn_arena_strndup(a, fn, strlen(fn));
	free(fn);
	if (!fnc)
		return RN_E_INTERNAL;

	const struct rn_linkedin_options *o = ms->opts;
	if (ms->nbatch == ms->bcap) {
		size_t cap = ms->bcap ? 2 * ms->bcap : CONN_BATCH;
		void *p1 = realloc(ms->bp, cap * sizeof(*ms->bp));
		if (p1)
			ms->bp = p1;
		void *p2 = realloc(ms->bf, cap * sizeof(*ms->bf));
		if (p2)
			ms->bf = p2;
		void *p3 = realloc(ms->bfn, cap * sizeof(*ms->bfn));
		if (p3)
			ms->bfn = p3;
		void *p4 = realloc(ms->bsince, cap * sizeof(*ms->bsince));
		if (p4)
			ms->bsince = p4;
		void *p5 = !ms->deferred ? ms->bkeys : realloc(ms->bkeys, cap * sizeof(*ms->bkeys));
		if (p5)
			ms->bkeys = p5;
		if (!p1 || !p2 || !p3 || !p4 || (ms->deferred && !p5))
			return RN_E_INTERNAL;
		ms->bcap = cap;
	}
	size_t b = ms->nbatch++;
	struct rn_import_field *f = ms->bf[b];
	size_t nf = 0;
	f[nf++] = (struct rn_import_field) { "position", c[4] };
	if (o->offers_from_position)
		f[nf++] = (struct rn_import_field) { "offers", c[4] };
	ms->bp[b] = (struct rn_import_person) {
		.name = c[0], .email = c[1], .url = c[2], .company = c[3], .nfields = nf,
		.source = ms->m->id, .file = ms->display, .line = rec->line0
	};
	ms->bfn[b] = fnc;
	ms->bsince[b] = since;
	/* Read ahead in a thread: the writer's keys are made here too. */
	if (ms->deferred && rn_import_make_keys(&ms->bp[b], &ms->bkeys[b], a) < 0)
		return RN_E_INTERNAL;

	/* Another member of the group, known here only by name (the export has no
	 * URL of its owner): the connection is that member when exactly one
	 * member has the name. */
	int64_t mslot = rn_idmap_get(ms->member_names, fnc, strlen(fnc));
	if (mslot >= 0 && ms->member_name_count[mslot] == 1 &&
	    ms->slot_member[mslot] != ms->member_no)
		ms->bp[b].id = o->members[ms->slot_member[mslot]].id;
	return ms->nbatch == CONN_BATCH && !ms->deferred ? rn_linkedin_flush_connections(ms) : RN_OK;
}

/* The connections read so far to the writer, and into the member's list. */
enum rn_status rn_linkedin_flush_connections(struct member_state *ms)
{
	size_t n = ms->nbatch;
	ms->nbatch = 0;
	for (size_t at = 0; at < n; at += CONN_BATCH) {
		size_t k = n - at < CONN_BATCH ? n - at : CONN_BATCH;
		enum rn_status st = flush_some(ms, at, k);
		if (st != RN_OK)
			return st;
	}
	return RN_OK;
}

/* Connections at..at+n of the batch to the writer. */
static enum rn_status flush_some(struct member_state *ms, size_t at, size_t n)
{
	int64_t idxs[CONN_BATCH];
	for (size_t b = at; b < at + n; b++) {
		ms->bp[b].fields = ms->bf[b];
		ms->bp[b].keys = ms->bkeys ? &ms->bkeys[b] : NULL;
	}
	enum rn_status st = rn_import_add_people(ms->im, ms->bp + at, n, idxs);
	if (st != RN_OK)
		return st;
	for (size_t b = at; b < at + n; b++) {
		int64_t idx = idxs[b - at];
		const struct rn_import_person *p = &ms->bp[b];
		if (idx < 0 || idx == ms->member_idx)
			continue;
		if (grow_array((void **) &ms->conns, &ms->cap, ms->nconns + 1, sizeof(*ms->conns)) < 0)
			return RN_E_INTERNAL;
		struct conn *c = &ms->conns[ms->nconns];
		memset(c, 0, sizeof(*c));
		c->idx = idx;
		c->since = ms->bsince[b];
		c->last_msg = RN_NO_DATE;
		size_t ci = ms->nconns++;

		/* Messages find connections by URL, recommendations by name: index
		 * them only when the export has those files. */
		int added;
		if (*p->url && ms->want_urls) {
			char *u = rn_import_norm_url(p->url);
			int64_t s = u ? put_key(ms, ms->by_url, u, &added) : -1;
			free(u);
			if (s < 0 || grow_array((void **) &ms->url_conn, &ms->url_cap, (size_t) s + 1,
			                        sizeof(size_t)) < 0)
				return RN_E_INTERNAL;
			if (added)
				ms->url_conn[s] = ci;
		}
		if (!ms->want_names)
			continue;
		int64_t s = put_key(ms, ms->by_name, ms->bfn[b], &added);
		if (s < 0 || grow_array((void **) &ms->name_conn, &ms->name_cap, (size_t) s + 1,
		                        sizeof(size_t)) < 0)
			return RN_E_INTERNAL;
		if (added) {
			/* name_count shares name_cap: grown to the same size above. */
			size_t *nc = realloc(ms->name_count, ms->name_cap * sizeof(size_t));
			if (!nc)
				return RN_E_INTERNAL;
			ms->name_count = nc;
			ms->name_conn[s] = ci;
			ms->name_count[s] = 0;
		}
		ms->name_count[s]++;
	}
	return RN_OK;
}

/* The connection with this profile URL in this member's export, or NULL. */
static struct conn *conn_by_url(struct member_state *ms, const char *url)
{
	char *u = rn_import_norm_url(url);
	if (!u)
		return NULL;
	int64_t s = *u ? rn_idmap_get(ms->by_url, u, strlen(u)) : -1;
	free(u);
	return s >= 0 ? &ms->conns[ms->url_conn[s]] : NULL;
}

static void note_msg(struct conn *c, int date, int sent)
{
	if (sent)
		c->sent++;
	else
		c->received++;
	if (date != RN_NO_DATE && (c->last_msg == RN_NO_DATE || date > c->last_msg))
		c->last_msg = date;
}

enum rn_status rn_linkedin_message_row(void *vctx, const struct rn_csv_record *rec)
{
	struct msg_state *s = vctx;
	struct member_state *ms = s->ms;
	if (rec->index == 0) {
		s->c_sender = find_col(rec, "SENDER PROFILE URL");
		s->c_recipients = find_col(rec, "RECIPIENT PROFILE URLS");
		s->c_date = find_col(rec, "DATE");
		s->ok = s->c_date >= 0 && (s->c_sender >= 0 || s->c_recipients >= 0);
		if (!s->ok)
			rn_diag_warn(ms->diag, s->display, rec->line0, 0,
			             "no SENDER PROFILE URL, RECIPIENT PROFILE URLS or DATE column: "
			             "the messages are not used for tie strength");
		return RN_OK;
	}
	if (!s->ok)
		return RN_OK;
	s->rows++;
	int date = RN_NO_DATE;
	const char *d = fld(rec, s->c_date);
	if (*d && li_date(d, &date) != 0)
		date = RN_NO_DATE;
	/* A message from a connection was received; one to connections was sent. */
	struct conn *from = conn_by_url(ms, fld(rec, s->c_sender));
	if (from)
		note_msg(from, date, 0);
	const char *r = fld(rec, s->c_recipients);
	while (*r) {
		while (*r && strchr(",; \t\r\n", *r))
			r++;
		const char *e = r;
		while (*e && !strchr(",; \t\r\n", *e))
			e++;
		if (e > r) {
			char *one = strndup(r, (size_t) (e - r));
			if (!one)
				return RN_E_INTERNAL;
			struct conn *to = conn_by_url(ms, one);
			free(one);
			if (to && to != from)
				note_msg(to, date, 1);
		}
		r = e;
	}
	return RN_OK;
}

enum rn_status rn_linkedin_recommendation_row(void *vctx, const struct rn_csv_record *rec)
{
	struct rec_state *s = vctx;
	struct member_state *ms = s->ms;
	if (rec->index == 0) {
		s->c_first = find_col(rec, "First Name");
		s->c_last = find_col(rec, "Last Name");
		return RN_OK;
	}
	if (s->c_first < 0 || s->c_last < 0)
		return RN_OK;
	s->rows++;
	char *name = full_name(fld(rec, s->c_first), fld(rec, s->c_last)), *fn = NULL;
	if (!name || rn_text_fold(name, strlen(name), &fn) != 0) {
		free(name);
		return RN_E_INTERNAL;
	}
	int64_t slot = *fn ? rn_idmap_get(ms->by_name, fn, strlen(fn)) : -1;
	/* Only a name that is unique among the member's connections counts. */
	if (slot >= 0 && ms->name_count[slot] == 1) {
		ms->conns[ms->name_conn[slot]].recommended = 1;
		s->matched++;
	}
	free(fn);
	free(name);
	return RN_OK;
}

enum rn_status rn_linkedin_profile_row(void *vctx, const struct rn_csv_record *rec)
{
	struct member_state *ms = vctx;
	if (rec->index == 0) {
		ms->c_first = find_col(rec, "First Name");
		ms->c_last = find_col(rec, "Last Name");
		return RN_OK;
	}
	if (rec->index != 1 || ms->c_first < 0 || ms->c_last < 0)
		return RN_OK;
	free(ms->profile_name);
	ms->profile_name = full_name(fld(rec, ms->c_first), fld(rec, ms->c_last));
	return ms->profile_name ? RN_OK : RN_E_INTERNAL;
}

/* Read one CSV file of the export through fn; absent is fine unless required. */
enum rn_status rn_linkedin_read_part(struct export *e, int which,
                                     int (*is_header)(void *, const char *, size_t, char),
                                     const char *what, struct rn_diag *diag,
                                     rn_sheet_record_fn fn, void *ctx)
{
	char *buf;
	size_t len;
	if (!e->display[which])
		return RN_OK;
	enum rn_status st = rn_linkedin_export_read(e, which, &buf, &len, diag);
	if (st != RN_OK)
		return st;
	struct rn_sheet sh;
	struct rn_sheet_options so = { .delim = ',', .is_header = is_header, .what = what };
	st = rn_sheet_prepare(&sh, buf, len, e->display[which], &so, diag);
	if (st == RN_OK)
		st = rn_sheet_read(&sh, e->display[which], diag, fn, ctx);
	rn_sheet_release(&sh);
	return st;
}

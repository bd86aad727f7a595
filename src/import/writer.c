/*
 * The network writer every import source goes through (include/refnet/import.h):
 * the contacts, ties and log being built, as text tables, with the indexes
 * that match people across sources, and the merge with a network directory
 * that is already there.
 *
 * Tables are kept as text cells, not as the loader's typed arrays, because
 * a merge must give back every cell of an existing row exactly as it was
 * written (a hand-edited note, "0.80" rather than 0.8).  The existing
 * network is loaded first anyway, to refuse merging into an invalid one
 * and to learn which header is which column (aliases such as "source" for
 * "a").  Rows from the directory are "existing": what the import says
 * about them is held apart and, at the end, fills their empty cells or is
 * reported as a conflict.  Rows made by this import take the first
 * non-empty value each source gives.
 *
 * The output is deterministic: contacts and ties are written in the order
 * they were first seen (existing rows first, in file order), columns in
 * the existing file's order and then in a fixed order for new ones.
 *
 * This file keeps the tables and the start and end of an import; the
 * other parts are listed in writer_internal.h.
 */
#include "refnet/import.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../net/idmap.h"
#include "refnet/arena.h"
#include "refnet/bigmem.h"
#include "refnet/csv.h"
#include "refnet/date.h"
#include "refnet/network.h"
#include "refnet/text.h"
#include "writer_internal.h"

/* ---- tables of text cells ---------------------------------------------- */

/* Room for want elements in *p (new ones zeroed): big arrays are mapped
 * (rn_big_realloc: huge pages, zero pages from the kernel, growth without
 * copying), so free them with rn_big_free. */
int rn_writer_grow(void **p, size_t *cap, size_t want, size_t elem)
{
	if (want <= *cap)
		return 0;
	size_t c = *cap ? *cap : 64;
	while (c < want)
		c *= 2;
	void *q = rn_big_realloc(*p, c * elem);
	if (!q)
		return -1;
	*p = q;
	*cap = c;
	return 0;
}

long rn_writer_col_find(const struct table *t, const char *key)
{
	for (size_t i = 0; i < t->ncols; i++)
		if (strcmp(t->key[i], key) == 0)
			return (long) i;
	return -1;
}

/* The column named key (normalised), added when absent; -1 on OOM. */
long rn_writer_col_get(struct rn_import *im, struct table *t, const char *name)
{
	char buf[256];
	size_t n = strlen(name), k = 0;
	const char *s = rn_text_trim(name, &n);
	for (size_t i = 0; i < n && k + 1 < sizeof(buf); i++) {
		char c = s[i];
		buf[k++] = (char) (c >= 'A' && c <= 'Z' ? c + 32 : c == ' ' || c == '-' ? '_' : c);
	}
	buf[k] = '\0';
	long c = rn_writer_col_find(t, buf);
	if (c >= 0)
		return c;
	char **key = realloc(t->key, (t->ncols + 1) * sizeof(*key));
	if (key)
		t->key = key;
	char **head = realloc(t->head, (t->ncols + 1) * sizeof(*head));
	if (head)
		t->head = head;
	int *ex = realloc(t->existing_col, (t->ncols + 1) * sizeof(*ex));
	if (ex)
		t->existing_col = ex;
	if (!key || !head || !ex)
		return -1;
	t->key[t->ncols] = rn_arena_strndup(&im->arena, buf, k);
	t->head[t->ncols] = rn_arena_strndup(&im->arena, s, n);
	t->existing_col[t->ncols] = 0;
	if (!t->key[t->ncols] || !t->head[t->ncols])
		return -1;
	return (long) t->ncols++;
}

/* A new empty row.  Its struct row is made when a cell is written
 * (rn_writer_row_w): millions of new ties have none, they are written from their
 * struct tieinfo. */
long rn_writer_row_new(struct table *t)
{
	return (long) t->nrows++;
}

/* Row r to write to; NULL on OOM. */
struct row *rn_writer_row_w(struct table *t, size_t r)
{
	if (rn_writer_grow((void **) &t->rows, &t->cap, r + 1, sizeof(*t->rows)) < 0)
		return NULL;
	return &t->rows[r];
}

static int cell_room(char ***cells, uint32_t *n, size_t c)
{
	if (c < *n)
		return 0;
	size_t want = c + 1 < 8 ? 8 : c + 1;
	char **p = realloc(*cells, want * sizeof(*p));
	if (!p)
		return -1;
	for (size_t i = *n; i < want; i++)
		p[i] = NULL;
	*cells = p;
	*n = (uint32_t) want;
	return 0;
}

int rn_writer_cell_set(struct rn_import *im, struct table *t, size_t r, long c, const char *v)
{
	struct row *rw = rn_writer_row_w(t, r);
	if (!rw || cell_room(&rw->cell, &rw->n, (size_t) c) < 0)
		return -1;
	if (empty(v)) {
		rw->cell[c] = NULL;
		return 0;
	}
	rw->cell[c] = sdup(im, v);
	return rw->cell[c] ? 0 : -1;
}

/*
 * Do a and b, two values of column key, say the same?  Numbers, dates, URLs
 * and e-mail addresses compare as read (0.80 and 0.8 are equal).
 */
int rn_writer_same_value(const char *key, const char *a, const char *b)
{
	if (strcmp(a, b) == 0)
		return 1;
	double x, y;
	int dx, dy;
	if (strcmp(key, "strength") == 0 || strcmp(key, "value") == 0)
		return rn_text_number(a, strlen(a), &x) == 0 && rn_text_number(b, strlen(b), &y) == 0 &&
		       x == y;
	if (strcmp(key, "since") == 0 || strcmp(key, "last_contact") == 0 ||
	    strcmp(key, "date") == 0)
		return rn_date_parse(a, strlen(a), &dx) == 0 && rn_date_parse(b, strlen(b), &dy) == 0 &&
		       dx == dy;
	if (strcmp(key, "url") == 0)
		return !rn_writer_differ_url(a, b);
	if (strcmp(key, "email") == 0)
		return !rn_writer_differ_email(a, b);
	return 0;
}

/*
 * What the import says about cell (r, c): a new row takes the first
 * non-empty value; an existing row keeps it apart for the merge.  Returns
 * 0; 1 when an earlier row of this import gave the cell another value,
 * which is kept (*kept points at it when kept is not NULL); -1 on OOM.
 */
int rn_writer_offer(struct rn_import *im, struct table *t, size_t r, long c, const char *v,
                    const char **kept)
{
	struct row *rw = c < 0 ? NULL : rn_writer_row_w(t, r);
	if (!rw)
		return -1;
	char ***cells = r < t->nexisting ? &rw->prop : &rw->cell;
	uint32_t *n = r < t->nexisting ? &rw->n_prop : &rw->n;
	if (cell_room(cells, n, (size_t) c) < 0)
		return -1;
	if (empty(v))
		return 0;
	const char *had = (*cells)[c];
	if (!had) {
		(*cells)[c] = sdup(im, v);
		return (*cells)[c] ? 0 : -1;
	}
	if (rn_writer_same_value(t->key[c], had, v))
		return 0;
	if (kept)
		*kept = had;
	return 1;
}

int rn_writer_offer_named(struct rn_import *im, struct table *t, size_t r, const char *col,
                          const char *v, const char **kept)
{
	/* An empty value makes no column: a source without URLs adds no empty
	 * url column. */
	if (empty(v))
		return 0;
	long c = rn_writer_col_get(im, t, col);
	return c < 0 ? -1 : rn_writer_offer(im, t, r, c, v, kept);
}

static void release_table(struct table *t)
{
	for (size_t r = 0; r < t->nrows && r < t->cap; r++) {
		free(t->rows[r].cell);
		free(t->rows[r].prop);
	}
	rn_big_free(t->rows);
	free(t->key);
	free(t->head);
	free(t->existing_col);
	free(t->path);
}

void rn_import_free(struct rn_import *im)
{
	if (!im)
		return;
	for (int i = 0; i < RN_TABLE_COUNT; i++)
		release_table(&im->t[i]);
	rn_idmap_free(im->ids);
	struct keymap *maps[] = { &im->events, &im->bases, &im->sources };
	for (size_t i = 0; i < RN_ARRAY_LEN(maps); i++) {
		rn_idmap_free(maps[i]->m);
		rn_big_free(maps[i]->v);
	}
	struct kmap *kmaps[] = { &im->urls, &im->emails, &im->names, &im->namecos, &im->slugs };
	for (size_t i = 0; i < RN_ARRAY_LEN(kmaps); i++)
		rn_big_free(kmaps[i]->s);
	rn_big_free(im->c_new);
	rn_big_free(im->name_next);
	rn_big_free(im->cid);
	rn_big_free(im->source_text);
	rn_big_free(im->srcnode);
	rn_big_free(im->src_head);
	for (size_t i = 0; im->src_bits && i < SRC_BITMAPS; i++)
		rn_big_free(im->src_bits[i]);
	free(im->src_bits);
	free(im->src_bits_len);
	rn_big_free(im->pairs.slot);
	rn_big_free(im->tinfo);
	rn_big_free(im->basis_text);
	rn_arena_release(&im->arena);
	free(im);
}

/* ---- the existing network --------------------------------------------------- */

struct existing {
	struct rn_import *im;
	enum rn_table_id tab;
	const struct rn_columns *cols;
	enum rn_status st;
};

static enum rn_status existing_row(void *vctx, const struct rn_csv_record *rec)
{
	struct existing *ex = vctx;
	struct rn_import *im = ex->im;
	struct table *t = &im->t[ex->tab];
	if (rec->index == 0) {
		size_t ncanon;
		const char *const *canon = rn_table_columns(ex->tab, &ncanon);
		for (size_t i = 0; i < rec->nfields; i++) {
			int role = i < ex->cols->ncols ? ex->cols->role[i] : -1;
			long c = rn_writer_col_get(im, t, role >= 0 ? canon[role] : rec->field[i]);
			if (c < 0)
				return RN_E_INTERNAL;
			if ((size_t) c != i) {
				/* Two headers that normalise alike: keep them apart. */
				char alt[64];
				snprintf(alt, sizeof(alt), "#%zu", i + 1);
				c = rn_writer_col_get(im, t, alt);
				if (c < 0 || (size_t) c != i)
					return RN_E_INTERNAL;
			}
			t->head[c] = sdup(im, rec->field[i]);
			t->existing_col[c] = 1;
		}
		return RN_OK;
	}
	long r = rn_writer_row_new(t);
	struct row *rw = rn_writer_row_w(t, (size_t) r);
	if (!rw)
		return RN_E_INTERNAL;
	rw->line = rec->line0;
	for (size_t i = 0; i < rec->nfields && i < t->ncols; i++)
		if (rec->len[i] &&
		    rn_writer_cell_set(im, t, (size_t) r, (long) i, rec->field[i]) < 0)
			return RN_E_INTERNAL;
	t->nexisting = t->nrows;
	return RN_OK;
}

static enum rn_status index_existing(struct rn_import *im)
{
	struct table *c = &im->t[RN_TABLE_CONTACTS];
	long cid = rn_writer_col_find(c, "id");
	for (size_t r = 0; r < c->nrows; r++) {
		const char *id = cell(c, r, cid);
		int64_t idx;
		if (!id || rn_idmap_put(im->ids, id, strlen(id), &idx) != 0 || (size_t) idx != r ||
		    rn_writer_note_id(im, (int64_t) r) < 0)
			return RN_E_INTERNAL;
		struct rn_import_keys k;
		if (rn_writer_pkeys_make(&k, rn_writer_contact_val(im, (int64_t) r, CC_URL),
		                         rn_writer_contact_val(im, (int64_t) r, CC_EMAIL),
		                         rn_writer_contact_val(im, (int64_t) r, CC_NAME),
		                         rn_writer_contact_val(im, (int64_t) r, CC_COMPANY)) < 0)
			return RN_E_INTERNAL;
		int rc = rn_writer_index_contact(im, (int64_t) r, &k, 1, 0);
		rn_writer_pkeys_free(&k);
		if (rc < 0)
			return RN_E_INTERNAL;
	}
	if (rn_writer_grow((void **) &im->c_new, &im->c_cap, c->nrows + 1, 1) < 0)
		return RN_E_INTERNAL;

	/* The ties' ids are looked up 256 rows at a time (rn_idmap_get_many
	 * fetches their slots together: millions of cache misses otherwise). */
	struct table *t = &im->t[RN_TABLE_TIES];
	long ca = rn_writer_col_find(t, "a"), cb = rn_writer_col_find(t, "b");
	enum { IDS_BATCH = 256 };
	const char *key[2 * IDS_BATCH];
	size_t len[2 * IDS_BATCH];
	int64_t got[2 * IDS_BATCH];
	for (size_t at = 0; at < t->nrows; at += IDS_BATCH) {
		size_t m = t->nrows - at < IDS_BATCH ? t->nrows - at : IDS_BATCH, nk = 0;
		for (size_t i = 0; i < m; i++) {
			const char *a = cell(t, at + i, ca), *b = cell(t, at + i, cb);
			key[nk] = a ? a : "";
			len[nk] = strlen(key[nk]);
			nk++;
			key[nk] = b ? b : "";
			len[nk] = strlen(key[nk]);
			nk++;
		}
		rn_idmap_get_many(im->ids, key, len, nk, got);
		for (size_t i = 0; i < m; i++) {
			int64_t ia = *key[2 * i] ? got[2 * i] : -1;
			int64_t ib = *key[2 * i + 1] ? got[2 * i + 1] : -1;
			if (ia < 0 || ib < 0 || ia == ib)
				continue;
			uint64_t k = pair_key(ia, ib);
			if (rn_writer_pair_get(&im->pairs, k) < 0 &&
			    rn_writer_pair_put(&im->pairs, k, (uint32_t) (at + i)) < 0)
				return RN_E_INTERNAL;
		}
	}

	struct table *l = &im->t[RN_TABLE_LOG];
	long cd = rn_writer_col_find(l, "date"), cf = rn_writer_col_find(l, "from"),
	     ct = rn_writer_col_find(l, "to"), ck = rn_writer_col_find(l, "kind"),
	     cab = rn_writer_col_find(l, "about"), cv = rn_writer_col_find(l, "value");
	for (size_t r = 0; r < l->nrows; r++) {
		char *k = rn_writer_event_key(cell(l, r, cd), cell(l, r, cf), cell(l, r, ct),
		                              cell(l, r, ck), cell(l, r, cab), cell(l, r, cv));
		struct slot *sl;
		if (!k || rn_writer_map_put(im, &im->events, k, &sl) < 0) {
			free(k);
			return RN_E_INTERNAL;
		}
		free(k);
		if (sl->row < 0)
			sl->row = (int64_t) r;
		sl->count++;
	}
	return RN_OK;
}

static char *join(const char *dir, const char *name)
{
	size_t dl = strlen(dir), n = dl + strlen(name) + 2;
	char *p = malloc(n);
	if (p)
		snprintf(p, n, "%s%s%s", dir, dl && dir[dl - 1] == '/' ? "" : "/", name);
	return p;
}

enum rn_status rn_import_new(struct rn_import **out, const struct rn_import_options *opts,
                             struct rn_diag *diag)
{
	enum rn_status st = RN_E_INTERNAL;
	struct rn_network net;
	int loaded = 0;
	struct rn_import *im = calloc(1, sizeof(*im));
	*out = NULL;
	memset(&net, 0, sizeof(net));
	if (!im)
		return RN_E_INTERNAL;
	im->opts = *opts;
	im->diag = diag;
	for (int k = 0; k < 5; k++)
		im->ccol[k] = -1;
	im->last_src = -1;
	rn_arena_init(&im->arena);
	im->ids = rn_idmap_new();
	struct keymap *maps[] = { &im->events, &im->bases, &im->sources };
	for (size_t i = 0; i < RN_ARRAY_LEN(maps); i++)
		if (!(maps[i]->m = rn_idmap_new()))
			goto fail;
	if (!im->ids)
		goto fail;
	if (rn_writer_kmap_init(&im->urls, opts->expect) < 0 ||
	    rn_writer_kmap_init(&im->emails, 0) < 0 ||
	    rn_writer_kmap_init(&im->names, opts->expect) < 0 ||
	    rn_writer_kmap_init(&im->namecos, opts->expect) < 0 ||
	    rn_writer_kmap_init(&im->slugs, opts->expect) < 0)
		goto fail;
	if (opts->expect && rn_idmap_reserve(im->ids, opts->expect) < 0)
		goto fail;
	for (int i = 0; i < RN_TABLE_COUNT; i++) {
		im->t[i].file = rn_table_name((enum rn_table_id) i);
		if (!(im->t[i].path = join(opts->dir, im->t[i].file)))
			goto fail;
	}

	struct stat sb;
	if (stat(opts->dir, &sb) == 0 && !S_ISDIR(sb.st_mode)) {
		rn_diag_error(diag, NULL, 0, 0, "'%s' exists and is not a directory", opts->dir);
		st = RN_E_CANTCREAT;
		goto fail;
	}
	int any = 0;
	for (int i = 0; i < RN_TABLE_COUNT; i++)
		if (stat(im->t[i].path, &sb) == 0)
			im->t[i].on_disk = 1, any = 1;
	if (any && !im->t[RN_TABLE_CONTACTS].on_disk) {
		rn_diag_error(diag, NULL, 0, 0, "'%s' has ties or a log but no contacts.csv: "
		              "import into another directory", opts->dir);
		st = RN_E_DATA;
		goto fail;
	}
	if (any) {
		struct rn_load_options lo;
		memset(&lo, 0, sizeof(lo));
		lo.dir = opts->dir;
		lo.parts = 1;
		st = rn_network_load(&net, &lo, diag);
		if (st != RN_OK)
			goto fail;
		loaded = 1;
		for (int i = 0; i < RN_TABLE_COUNT; i++) {
			if (!net.file[i])
				continue;
			struct existing ex = { im, (enum rn_table_id) i, &net.cols[i], RN_OK };
			st = rn_csv_read(net.file[i], net.file[i], NULL, diag, existing_row, &ex);
			if (st != RN_OK)
				goto fail;
		}
		st = index_existing(im);
		if (st != RN_OK)
			goto fail;
	}
	if (loaded)
		rn_network_release(&net);
	*out = im;
	return RN_OK;
fail:
	if (loaded)
		rn_network_release(&net);
	rn_import_free(im);
	return st;
}

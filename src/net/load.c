/*
 * Loading a network directory: contacts.csv, then ties.csv and log.csv,
 * each validated record by record into the struct-of-arrays model, then
 * duplicate ties merged and the igraph graph built.
 *
 * Every data problem is recorded in the caller's struct rn_diag with its
 * FILE:LINE:COLUMN; loading goes on after a problem so that one run reports
 * as many as possible.  A network with any error is released before
 * returning, so callers never see half-valid data.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "idmap.h"
#include "schema.h"
#include "refnet/bigmem.h"
#include "refnet/date.h"
#include "refnet/network.h"
#include "refnet/parallel.h"
#include "refnet/text.h"

#define RN_DEFAULT_STRENGTH 0.5
#define RN_MAX_ROWS ((size_t) INT32_MAX - 1)   /* contacts, ties or events in one file */

struct tag_state;

/* One growable array of a table (a column of the struct of arrays). */
struct column_array {
	void **ptr;
	size_t elem;
};

/* The state of one table being read. */
struct table_load {
	struct rn_network *net;
	struct rn_diag *diag;
	enum rn_table_id table;
	const char *file;            /* display name */
	int col[RN_L_COUNT];         /* column index of each role, or -1 */
	int usable;                  /* the header has every required column */
	int ids_complete;            /* every contact id is known (ties, log) */
	size_t n, cap;               /* rows stored, rows allocated */
	int fixed;                   /* the arrays are places in shared ones: no growing */
	int overflow;                /* a row did not fit in fixed arrays */
	int header_only;             /* read the header, note any record after it */
	int past_header;
	struct tag_state *tags;      /* contacts: the tags seen by this reader */
	long *id_line;               /* contacts: the line of each row's id field */
	int id_role[2];              /* the columns naming contacts (ties, log) */
	igraph_integer_t id_pre[2];  /* their contacts, looked up in a batch */
	struct batch *batch;
	struct column_array arrays[12];
	size_t narrays;
	const char ***extra;         /* where this table's extra cells go */
};

/* ---- small helpers ------------------------------------------------------ */

static void add_array(struct table_load *t, void *ptr, size_t elem)
{
	t->arrays[t->narrays].ptr = ptr;
	t->arrays[t->narrays].elem = elem;
	t->narrays++;
}

/*
 * Make room for one more row in every array of the table.  The first call
 * sizes the arrays from the reader's estimate, so big files are not copied
 * over and over by doubling.
 */
static enum rn_status reserve_row(struct table_load *t, const struct rn_csv_record *rec)
{
	/* Contacts, ties and events are numbered in 32 bits. */
	if (t->n >= RN_MAX_ROWS) {
		rn_diag_error(t->diag, t->file, rec->line0, 1, "more than %zu rows in one file",
		              (size_t) RN_MAX_ROWS);
		return RN_E_DATA;
	}
	if (t->n < t->cap)
		return RN_OK;
	if (t->fixed) {   /* cannot happen: the caller's bound was wrong */
		t->overflow = 1;
		return RN_E_INTERNAL;
	}
	size_t cap = t->cap ? t->cap * 2 : 1024;
	if (!t->cap && rec->expected + rec->expected / 16 > cap)
		cap = rec->expected + rec->expected / 16;
	for (size_t i = 0; i < t->narrays; i++) {
		void *p = rn_big_realloc(*t->arrays[i].ptr, cap * t->arrays[i].elem);
		if (!p)
			return RN_E_INTERNAL;
		*t->arrays[i].ptr = p;
	}
	size_t nextra = t->net->cols[t->table].nextra;
	if (nextra) {
		const char **p = rn_big_realloc(*t->extra, cap * nextra * sizeof(*p));
		if (!p)
			return RN_E_INTERNAL;
		*t->extra = p;
	}
	t->cap = cap;
	return RN_OK;
}

/* A field, trimmed; *n receives its length.  Empty when the role is absent. */
static const char *field(const struct table_load *t, const struct rn_csv_record *rec,
                         int role, size_t *n)
{
	int c = t->col[role];
	if (c < 0 || rec->bad[c]) {   /* a bad field was reported by the reader */
		*n = 0;
		return "";
	}
	*n = rec->len[c];
	return rn_text_trim(rec->field[c], n);
}

/*
 * A free-text field (name, note, about, status) as written: libcsv already
 * dropped the spaces around an unquoted field, and a quoted one keeps them,
 * as docs/formats.md promises.  Empty when it is only white space.
 */
static const char *text_field(const struct table_load *t, const struct rn_csv_record *rec,
                              int role, size_t *n)
{
	size_t tn;
	field(t, rec, role, &tn);
	if (tn == 0) {
		*n = 0;
		return "";
	}
	*n = rec->len[t->col[role]];
	return rec->field[t->col[role]];
}

/* Was the field of this role reported bad by the reader (bad UTF-8...)? */
static int field_bad(const struct table_load *t, const struct rn_csv_record *rec, int role)
{
	return t->col[role] >= 0 && rec->bad[t->col[role]];
}

static long field_line(const struct table_load *t, const struct rn_csv_record *rec,
                       int role)
{
	int c = t->col[role];
	return c < 0 ? rec->line0 : rec->line[c];
}

static long field_col(const struct table_load *t, int role)
{
	return t->col[role] < 0 ? 1 : t->col[role] + 1;
}

/* Copy a field into the arena; NULL for an empty field.  *fail on OOM. */
static const char *keep(struct rn_network *net, const char *s, size_t n, int *fail)
{
	if (n == 0)
		return NULL;
	const char *r = rn_arena_strndup(&net->arena, s, n);
	if (!r)
		*fail = 1;
	return r;
}

/* Store the extra columns of a record at row t->n. */
static int keep_extras(struct table_load *t, const struct rn_csv_record *rec)
{
	const struct rn_columns *cols = &t->net->cols[t->table];
	int fail = 0;
	for (size_t i = 0; i < cols->nextra; i++) {
		size_t c = cols->extra_col[i];
		(*t->extra)[t->n * cols->nextra + i] =
			keep(t->net, rec->field[c], rec->len[c], &fail);
	}
	return fail ? -1 : 0;
}

/*
 * The contact named by the field of id_role[k] (looked up beforehand, in a
 * batch), or -1 after recording why not.
 */
static igraph_integer_t lookup_id(struct table_load *t, const struct rn_csv_record *rec, int k)
{
	int role = t->id_role[k];
	if (field_bad(t, rec, role))
		return -1;
	size_t n;
	const char *s = field(t, rec, role, &n);
	size_t nc;
	const char *const *names = rn_table_columns(t->table, &nc);
	if (n == 0) {
		rn_diag_error(t->diag, t->file, field_line(t, rec, role), field_col(t, role),
		              "empty contact id in column '%s'", names[role]);
		return -1;
	}
	igraph_integer_t v = t->id_pre[k];
	if (v < 0 && t->ids_complete)
		rn_diag_error(t->diag, t->file, field_line(t, rec, role), field_col(t, role),
		              "unknown contact id '%.*s' in column '%s'", (int) n, s, names[role]);
	return v;
}

/*
 * Records of ties and logs are processed in batches so that their contact
 * ids can be looked up together (rn_idmap_get_many): at a million contacts
 * each look-up is a cache miss, and a batch overlaps them.  A batch holds
 * copies of up to RN_BATCH records.
 */
#define RN_BATCH 128

struct batch {
	rn_csv_record_fn fn;          /* processes one record, ids in t->id_pre */
	size_t n;
	char *buf;                    /* the records' field bytes */
	size_t buf_len, buf_cap;
	size_t *off;                  /* field offsets, RN_BATCH x maxf */
	size_t *len;
	long *line;
	unsigned char *bad;
	char **ptr;
	size_t maxf;                  /* fields per record (the header's count) */
	long line0[RN_BATCH];
	size_t index[RN_BATCH];
	size_t expected;
};

static void batch_free(struct batch *b)
{
	if (!b)
		return;
	free(b->buf);
	free(b->off);
	free(b->len);
	free(b->line);
	free(b->bad);
	free(b->ptr);
	free(b);
}

/* Room for RN_BATCH records of the header's width. */
static int batch_init(struct batch *b, size_t nfields)
{
	b->maxf = nfields ? nfields : 1;
	b->off = malloc(RN_BATCH * b->maxf * sizeof(*b->off));
	b->len = malloc(RN_BATCH * b->maxf * sizeof(*b->len));
	b->line = malloc(RN_BATCH * b->maxf * sizeof(*b->line));
	b->ptr = malloc(RN_BATCH * b->maxf * sizeof(*b->ptr));
	b->bad = malloc(RN_BATCH * b->maxf);
	return !b->off || !b->len || !b->line || !b->ptr || !b->bad ? -1 : 0;
}

static enum rn_status batch_flush(struct table_load *t)
{
	struct batch *b = t->batch;
	const char *key[2 * RN_BATCH];
	size_t klen[2 * RN_BATCH];
	int64_t id[2 * RN_BATCH];

	for (size_t i = 0; i < b->n; i++) {
		for (size_t f = 0; f < b->maxf; f++)
			b->ptr[i * b->maxf + f] = b->buf + b->off[i * b->maxf + f];
		for (int k = 0; k < 2; k++) {
			int c = t->col[t->id_role[k]];
			size_t n = c < 0 ? 0 : b->len[i * b->maxf + (size_t) c];
			key[2 * i + (size_t) k] = c < 0 ? "" : rn_text_trim(b->ptr[i * b->maxf + (size_t) c], &n);
			klen[2 * i + (size_t) k] = n;
		}
	}
	/* Looked up in NFC, as the ids were stored. */
	char *norm[2 * RN_BATCH];
	for (size_t k = 0; k < 2 * b->n; k++) {
		if (rn_text_nfc(key[k], klen[k], &norm[k]) < 0) {
			while (k--)
				free(norm[k]);
			return RN_E_INTERNAL;
		}
		if (norm[k]) {
			key[k] = norm[k];
			klen[k] = strlen(norm[k]);
		}
	}
	rn_idmap_get_many(t->net->ids, key, klen, 2 * b->n, id);
	for (size_t k = 0; k < 2 * b->n; k++)
		free(norm[k]);
	for (size_t i = 0; i < b->n; i++) {
		struct rn_csv_record rec = {
			.nfields = b->maxf, .field = b->ptr + i * b->maxf, .len = b->len + i * b->maxf,
			.line = b->line + i * b->maxf, .bad = b->bad + i * b->maxf,
			.line0 = b->line0[i], .index = b->index[i],
			.expected = b->expected
		};
		t->id_pre[0] = klen[2 * i] ? (igraph_integer_t) id[2 * i] : -1;
		t->id_pre[1] = klen[2 * i + 1] ? (igraph_integer_t) id[2 * i + 1] : -1;
		enum rn_status st = b->fn(t, &rec);
		if (st != RN_OK)
			return st;
	}
	b->n = 0;
	b->buf_len = 0;
	return RN_OK;
}

static enum rn_status read_header(struct table_load *t, const struct rn_csv_record *rec);
static enum rn_status contact_record(struct table_load *t, const struct rn_csv_record *rec);

/* The reader's callback: contacts go straight in; ties and logs queue the
 * record and flush the queue when full. */
static enum rn_status batched_record(void *ctx, const struct rn_csv_record *rec)
{
	struct table_load *t = ctx;
	struct batch *b = t->batch;
	if (rec->index == 0) {
		if (batch_init(b, rec->nfields) < 0)
			return RN_E_INTERNAL;
		t->usable = 1;
		return read_header(t, rec);
	}
	if (t->header_only) {
		t->past_header = 1;
		return RN_OK;
	}
	if (!t->usable)
		return RN_OK;
	if (t->table == RN_TABLE_CONTACTS)   /* no ids to look up */
		return contact_record(t, rec);
	/* Records have the header's width (the reader pads or cuts them). */
	size_t need = 0;
	for (size_t f = 0; f < rec->nfields; f++)
		need += rec->len[f] + 1;
	if (b->buf_len + need > b->buf_cap) {
		size_t cap = b->buf_cap ? b->buf_cap : 65536;
		while (cap < b->buf_len + need)
			cap *= 2;
		char *nb = realloc(b->buf, cap);
		if (!nb)
			return RN_E_INTERNAL;
		b->buf = nb;
		b->buf_cap = cap;
	}
	size_t base = b->n * b->maxf;
	for (size_t f = 0; f < b->maxf; f++) {
		b->off[base + f] = b->buf_len;
		b->len[base + f] = rec->len[f];
		b->line[base + f] = rec->line[f];
		b->bad[base + f] = rec->bad[f];
		memcpy(b->buf + b->buf_len, rec->field[f], rec->len[f] + 1);
		b->buf_len += rec->len[f] + 1;
	}
	b->line0[b->n] = rec->line0;
	b->index[b->n] = rec->index;
	b->expected = rec->expected;
	if (++b->n == RN_BATCH)
		return batch_flush(t);
	return RN_OK;
}

/* ---- headers ------------------------------------------------------------ */

static enum rn_status read_header(struct table_load *t, const struct rn_csv_record *rec)
{
	struct rn_network *net = t->net;
	struct rn_columns *cols = &net->cols[t->table];
	size_t nroles;
	const char *const *names = rn_table_columns(t->table, &nroles);

	for (size_t r = 0; r < nroles; r++)
		t->col[r] = -1;
	cols->ncols = rec->nfields;
	cols->header = calloc(rec->nfields, sizeof(*cols->header));
	cols->role = calloc(rec->nfields, sizeof(*cols->role));
	cols->extra_name = calloc(rec->nfields, sizeof(*cols->extra_name));
	cols->extra_col = calloc(rec->nfields, sizeof(*cols->extra_col));
	char **norm = calloc(rec->nfields, sizeof(*norm));
	if (!cols->header || !cols->role || !cols->extra_name || !cols->extra_col || !norm) {
		free(norm);
		return RN_E_INTERNAL;
	}

	enum rn_status st = RN_OK;
	for (size_t i = 0; i < rec->nfields && st == RN_OK; i++) {
		size_t n = rec->len[i];
		const char *s = rn_text_trim(rec->field[i], &n);
		char nbuf[128];
		rn_schema_normalize(s, n, nbuf, sizeof(nbuf));
		int fail = 0;
		if (n == 0) {
			/* Spreadsheets leave unnamed columns behind: name them by position. */
			snprintf(nbuf, sizeof(nbuf), "column_%zu", i + 1);
			cols->header[i] = keep(net, nbuf, strlen(nbuf), &fail);
		} else {
			cols->header[i] = keep(net, s, n, &fail);
		}
		norm[i] = fail ? NULL : strdup(nbuf);
		if (fail || !norm[i]) {
			st = RN_E_INTERNAL;
			break;
		}
		int dup = 0;
		for (size_t j = 0; j < i && !dup; j++) {
			if (strcmp(norm[j], norm[i]) == 0) {
				rn_diag_error(t->diag, t->file, rec->line[i], (long) i + 1,
				              "duplicate column '%s' (also column %zu)",
				              cols->header[i], j + 1);
				t->usable = 0;
				dup = 1;
			}
		}
		int role = rn_schema_role(t->table, nbuf);
		cols->role[i] = role;
		if (role >= 0) {
			if (dup) {
				cols->role[i] = -2;   /* reported above; not a column */
			} else if (t->col[role] >= 0) {
				rn_diag_error(t->diag, t->file, rec->line[i], (long) i + 1,
				              "column '%s' is another name for '%s' (column %d)",
				              cols->header[i], names[role], t->col[role] + 1);
				t->usable = 0;
			} else {
				t->col[role] = (int) i;
			}
		} else {
			cols->extra_col[cols->nextra] = i;
			cols->extra_name[cols->nextra] = cols->header[i];
			cols->nextra++;
		}
	}
	for (size_t i = 0; i < rec->nfields; i++)
		free(norm[i]);
	free(norm);
	if (st != RN_OK)
		return st;

	static const int required[RN_TABLE_COUNT][5] = {
		{ RN_C_ID, -1 }, { RN_T_A, RN_T_B, -1 },
		{ RN_L_DATE, RN_L_FROM, RN_L_TO, RN_L_KIND, -1 }
	};
	for (const int *req = required[t->table]; *req >= 0; req++) {
		int role = *req;
		if (t->col[role] >= 0)
			continue;
		const char *al[8];
		size_t na = rn_schema_aliases(t->table, role, al, RN_ARRAY_LEN(al));
		char list[256] = "";
		size_t used = 0;
		for (size_t a = 0; a < na && used < sizeof(list); a++) {
			int w = snprintf(list + used, sizeof(list) - used, "%s'%s'",
			                 a ? ", " : "", al[a]);
			if (w > 0)
				used += (size_t) w;
		}
		if (na)
			rn_diag_error(t->diag, t->file, 1, 1,
			              "missing required column '%s' (also accepted: %s)",
			              names[role], list);
		else
			rn_diag_error(t->diag, t->file, 1, 1, "missing required column '%s'",
			              names[role]);
		t->usable = 0;
	}
	return RN_OK;
}

/* ---- tags --------------------------------------------------------------- */

/* Intern one tag; returns its id or -1 (empty after folding), -2 on OOM. */
struct tag_state {
	size_t tag_cap;
	size_t ref_cap;
	/* Each spelling seen, with its tag: a network of a million contacts
	 * spells a few hundred tags a few million times, and folding is the
	 * costly part. */
	struct rn_idmap *spellings;
	int64_t *spelling_tag;       /* by spelling: tag id, or -1 (folds to nothing) */
	size_t spelling_cap;
	/* By tag id: the list (stamp) it was last added to, so that a tag
	 * repeated within one cell is found in O(1), not by scanning the cell's
	 * tags (quadratic in a cell of 500,000 tags). */
	uint64_t *seen;
	size_t seen_cap;
	uint64_t stamp;
};

/* The tag id of s[0..n) by its folded form, a new one the first time;
 * -1 when it folds to nothing, -2 on out of memory. */
static int64_t intern_fold(struct rn_network *net, const char *s, size_t n,
                           struct tag_state *ts)
{
	char *fold;
	if (rn_text_fold(s, n, &fold) < 0)
		return -2;
	size_t fn = strlen(fold);
	if (fn == 0) {
		free(fold);
		return -1;
	}
	int64_t id = rn_idmap_get(net->tags, fold, fn);
	if (id >= 0) {
		free(fold);
		return id;
	}
	if (net->ntags == ts->tag_cap) {
		size_t cap = ts->tag_cap ? ts->tag_cap * 2 : 256;
		const char **a = realloc(net->tag_text, cap * sizeof(*a));
		if (a)
			net->tag_text = a;
		const char **b = realloc(net->tag_fold, cap * sizeof(*b));
		if (b)
			net->tag_fold = b;
		if (!a || !b) {
			free(fold);
			return -2;
		}
		ts->tag_cap = cap;
	}
	int fail = 0;
	const char *text = keep(net, s, n, &fail);
	const char *kfold = keep(net, fold, fn, &fail);
	free(fold);
	if (fail)
		return -2;
	if (rn_idmap_put(net->tags, kfold, fn, &id) != 0)
		return -2;
	net->tag_text[id] = text;
	net->tag_fold[id] = kfold;
	net->ntags++;
	return id;
}

/* intern_fold(), through the spellings already seen. */
static int64_t intern_tag(struct rn_network *net, const char *s, size_t n,
                          struct tag_state *ts)
{
	int64_t sp = rn_idmap_get(ts->spellings, s, n);
	if (sp >= 0)
		return ts->spelling_tag[sp];
	int64_t id = intern_fold(net, s, n, ts);
	if (id == -2)
		return -2;
	int fail = 0;
	const char *key = keep(net, s, n, &fail);
	if (fail || rn_idmap_put(ts->spellings, key, n, &sp) != 0)
		return -2;
	if ((size_t) sp >= ts->spelling_cap) {
		size_t cap = ts->spelling_cap ? ts->spelling_cap * 2 : 256;
		int64_t *a = realloc(ts->spelling_tag, cap * sizeof(*a));
		if (!a)
			return -2;
		ts->spelling_tag = a;
		ts->spelling_cap = cap;
	}
	ts->spelling_tag[sp] = id;
	return id;
}

/* Split a ';'-separated list and intern each tag into a span of tag_refs. */
static enum rn_status read_tags(struct rn_network *net, struct tag_state *ts,
                                const char *s, size_t n, struct rn_tag_span *span)
{
	span->at = (uint32_t) net->ntag_refs;
	span->n = 0;
	ts->stamp++;
	size_t i = 0;
	while (i <= n && n > 0) {
		size_t j = i;
		while (j < n && s[j] != ';')
			j++;
		size_t len = j - i;
		const char *tag = rn_text_trim(s + i, &len);
		if (len > 0) {
			int64_t id = intern_tag(net, tag, len, ts);
			if (id == -2)
				return RN_E_INTERNAL;
			int dup = 0;
			if (id >= 0) {
				if ((size_t) id >= ts->seen_cap) {
					size_t cap = ts->seen_cap ? ts->seen_cap : 256;
					while (cap <= (size_t) id)
						cap *= 2;
					uint64_t *a = realloc(ts->seen, cap * sizeof(*a));
					if (!a)
						return RN_E_INTERNAL;
					memset(a + ts->seen_cap, 0, (cap - ts->seen_cap) * sizeof(*a));
					ts->seen = a;
					ts->seen_cap = cap;
				}
				dup = ts->seen[id] == ts->stamp;
				ts->seen[id] = ts->stamp;
			}
			if (id >= 0 && !dup) {
				if (net->ntag_refs == ts->ref_cap) {
					size_t cap = ts->ref_cap ? ts->ref_cap * 2 : 1024;
					uint32_t *r = realloc(net->tag_refs, cap * sizeof(*r));
					if (!r)
						return RN_E_INTERNAL;
					net->tag_refs = r;
					ts->ref_cap = cap;
				}
				net->tag_refs[net->ntag_refs++] = (uint32_t) id;
				span->n++;
			}
		}
		i = j + 1;
	}
	return RN_OK;
}

/* ---- contacts ----------------------------------------------------------- */

/*
 * A contact row, into the reader's own arrays and tags.  Ids go into the
 * network's id map later, in file order (place_contacts): a repeated id is
 * found there, after the rest of its row was checked.
 */
static enum rn_status contact_record(struct table_load *t, const struct rn_csv_record *rec)
{
	struct rn_network *net = t->net;
	size_t idn;
	const char *id = field(t, rec, RN_C_ID, &idn);
	if (field_bad(t, rec, RN_C_ID))
		return RN_OK;
	if (idn == 0) {
		rn_diag_error(t->diag, t->file, field_line(t, rec, RN_C_ID),
		              field_col(t, RN_C_ID), "empty id (every contact needs one)");
		return RN_OK;
	}
	if (reserve_row(t, rec) != RN_OK)
		return RN_E_INTERNAL;

	int fail = 0;
	size_t v = t->n;
	/* Ids are kept in Unicode NFC: "café" typed with a combining accent
	 * is the same id as with a precomposed "é". */
	char *nfc;
	int norm = rn_text_nfc(id, idn, &nfc);
	if (norm < 0)
		return RN_E_INTERNAL;
	const char *kid = norm ? keep(net, nfc, strlen(nfc), &fail) : keep(net, id, idn, &fail);
	free(nfc);
	size_t n;
	const char *s = text_field(t, rec, RN_C_NAME, &n);
	net->id[v] = kid;
	net->name[v] = n ? keep(net, s, n, &fail) : kid;
	net->contact_line[v] = rec->line0;
	t->id_line[v] = field_line(t, rec, RN_C_ID);

	s = field(t, rec, RN_C_STAGE, &n);
	net->stage_text[v] = keep(net, s, n, &fail);
	net->stage[v] = RN_STAGE_NONE;
	if (n) {
		net->stage[v] = RN_STAGE_OTHER;
		for (int k = RN_STAGE_SUSPECT; k <= RN_STAGE_PARTNER; k++)
			if (rn_text_ieq(s, n, rn_stage_name((enum rn_stage) k)))
				net->stage[v] = (unsigned char) k;
		if (net->stage[v] == RN_STAGE_OTHER)
			rn_diag_warn(t->diag, t->file, field_line(t, rec, RN_C_STAGE),
			             field_col(t, RN_C_STAGE),
			             "unknown stage '%.*s' (known: suspect, prospect, customer, "
			             "partner); kept as written", (int) n, s);
	}

	s = field(t, rec, RN_C_OFFERS, &n);
	if (read_tags(net, t->tags, s, n, &net->offers[v]) != RN_OK)
		return RN_E_INTERNAL;
	s = field(t, rec, RN_C_NEEDS, &n);
	if (read_tags(net, t->tags, s, n, &net->needs[v]) != RN_OK)
		return RN_E_INTERNAL;

	if (fail || keep_extras(t, rec) < 0)
		return RN_E_INTERNAL;
	t->n++;
	return RN_OK;
}

/* ---- ties --------------------------------------------------------------- */

static int read_date(struct table_load *t, const struct rn_csv_record *rec, int role,
                     int *out)
{
	size_t n;
	const char *s = field(t, rec, role, &n);
	*out = RN_NO_DATE;
	if (n == 0)
		return 0;
	if (rn_date_parse(s, n, out) < 0) {
		size_t nc;
		const char *const *names = rn_table_columns(t->table, &nc);
		rn_diag_error(t->diag, t->file, field_line(t, rec, role), field_col(t, role),
		              "bad date '%.*s' in column '%s' (expected YYYY-MM-DD or an ISO 8601 "
		              "timestamp)",
		              (int) (n > 40 ? 40 : n), s, names[role]);
		return -1;
	}
	return 0;
}

static enum rn_status tie_record(void *ctx, const struct rn_csv_record *rec)
{
	struct table_load *t = ctx;
	struct rn_network *net = t->net;

	igraph_integer_t a = lookup_id(t, rec, 0);
	igraph_integer_t b = lookup_id(t, rec, 1);
	int bad = a < 0 || b < 0;
	if (!bad && a == b) {
		rn_diag_error(t->diag, t->file, field_line(t, rec, RN_T_B), field_col(t, RN_T_B),
		              "self-tie: '%s' cannot be tied to itself", net->id[a]);
		bad = 1;
	}

	double strength = RN_DEFAULT_STRENGTH;
	size_t n;
	const char *s = field(t, rec, RN_T_STRENGTH, &n);
	if (n && !rn_text_plain_decimal(s, n)) {
		rn_diag_error(t->diag, t->file, field_line(t, rec, RN_T_STRENGTH),
		              field_col(t, RN_T_STRENGTH),
		              "strength must be a plain decimal number in (0, 1] such as 0.75 "
		              "(no exponent or sign), got '%.*s'", (int) (n > 40 ? 40 : n), s);
		bad = 1;
	} else if (n && (rn_text_number(s, n, &strength) != 0 ||
	                 !(strength > 0.0 && strength <= 1.0))) {
		rn_diag_error(t->diag, t->file, field_line(t, rec, RN_T_STRENGTH),
		              field_col(t, RN_T_STRENGTH),
		              "strength must be a number in (0, 1], got '%.*s'",
		              (int) (n > 40 ? 40 : n), s);
		bad = 1;
	}
	int since, last;
	bad |= read_date(t, rec, RN_T_SINCE, &since) < 0;
	bad |= read_date(t, rec, RN_T_LAST_CONTACT, &last) < 0;
	if (bad)
		return RN_OK;

	if (reserve_row(t, rec) != RN_OK)
		return RN_E_INTERNAL;
	size_t i = t->n;
	int fail = 0;
	net->tie_a[i] = a;
	net->tie_b[i] = b;
	net->strength[i] = strength;
	net->since[i] = since;
	net->last_contact[i] = last;
	s = text_field(t, rec, RN_T_NOTE, &n);
	net->tie_note[i] = keep(net, s, n, &fail);
	net->tie_line[i] = rec->line0;
	if (fail || keep_extras(t, rec) < 0)
		return RN_E_INTERNAL;
	t->n++;
	net->nties = (igraph_integer_t) t->n;
	return RN_OK;
}

/* ---- log ---------------------------------------------------------------- */

static enum rn_status log_record(void *ctx, const struct rn_csv_record *rec)
{
	struct table_load *t = ctx;
	struct rn_network *net = t->net;

	int bad = 0;
	int date = RN_NO_DATE;
	size_t n;
	const char *s = field(t, rec, RN_L_DATE, &n);
	if (field_bad(t, rec, RN_L_DATE)) {
		bad = 1;
	} else if (n == 0) {
		rn_diag_error(t->diag, t->file, field_line(t, rec, RN_L_DATE),
		              field_col(t, RN_L_DATE), "empty date (every log event needs one)");
		bad = 1;
	} else {
		bad |= read_date(t, rec, RN_L_DATE, &date) < 0;
	}
	igraph_integer_t from = lookup_id(t, rec, 0);
	igraph_integer_t to = lookup_id(t, rec, 1);
	bad |= from < 0 || to < 0;
	if (from >= 0 && from == to) {
		rn_diag_error(t->diag, t->file, field_line(t, rec, RN_L_TO), field_col(t, RN_L_TO),
		              "from and to are the same contact '%s'", net->id[from]);
		bad = 1;
	}

	int kind = -1;
	s = field(t, rec, RN_L_KIND, &n);
	for (int k = 0; k < RN_KIND_COUNT && n; k++)
		if (rn_text_ieq(s, n, rn_kind_name((enum rn_kind) k)))
			kind = k;
	if (kind < 0 && field_bad(t, rec, RN_L_KIND)) {
		bad = 1;
	} else if (kind < 0) {
		if (n == 0)
			rn_diag_error(t->diag, t->file, field_line(t, rec, RN_L_KIND),
			              field_col(t, RN_L_KIND), "empty kind (every log event needs one)");
		else
			rn_diag_error(t->diag, t->file, field_line(t, rec, RN_L_KIND),
			              field_col(t, RN_L_KIND),
			              "unknown kind '%.*s' (expected referral, intro, ask, pitch, "
			              "touch, meeting, thanks or gift)", (int) (n > 40 ? 40 : n), s);
		bad = 1;
	}

	double value = NAN;
	s = field(t, rec, RN_L_VALUE, &n);
	if (n && !rn_text_plain_decimal(s, n)) {
		rn_diag_error(t->diag, t->file, field_line(t, rec, RN_L_VALUE),
		              field_col(t, RN_L_VALUE),
		              "value must be a plain decimal number such as 1250.50 (no currency "
		              "sign, thousands separator or exponent), got '%.*s'",
		              (int) (n > 40 ? 40 : n), s);
		bad = 1;
	} else if (n && s[0] == '-' && strspn(s, "-0.") != n) {
		rn_diag_error(t->diag, t->file, field_line(t, rec, RN_L_VALUE),
		              field_col(t, RN_L_VALUE),
		              "value must be a non-negative number, got '%.*s'",
		              (int) (n > 40 ? 40 : n), s);
		bad = 1;
	} else if (n && (rn_text_number(s, n, &value) != 0 || value > RN_MAX_VALUE)) {
		rn_diag_error(t->diag, t->file, field_line(t, rec, RN_L_VALUE),
		              field_col(t, RN_L_VALUE),
		              "value must be at most 1000000000000 (10^12), got '%.*s'",
		              (int) (n > 40 ? 40 : n), s);
		bad = 1;
	} else if (n) {
		value = fabs(value);   /* "-0" is 0 */
	}
	if (bad)
		return RN_OK;

	if (reserve_row(t, rec) != RN_OK)
		return RN_E_INTERNAL;
	size_t i = t->n;
	int fail = 0;
	net->ev_date[i] = date;
	net->ev_from[i] = from;
	net->ev_to[i] = to;
	net->ev_kind[i] = (unsigned char) kind;
	net->ev_value[i] = value;
	s = text_field(t, rec, RN_L_ABOUT, &n);
	net->ev_about[i] = keep(net, s, n, &fail);
	s = text_field(t, rec, RN_L_STATUS, &n);
	net->ev_status[i] = keep(net, s, n, &fail);
	s = text_field(t, rec, RN_L_NOTE, &n);
	net->ev_note[i] = keep(net, s, n, &fail);
	net->ev_line[i] = rec->line0;
	if (fail || keep_extras(t, rec) < 0)
		return RN_E_INTERNAL;
	t->n++;
	net->nevents = (igraph_integer_t) t->n;
	return RN_OK;
}

/* ---- duplicate ties ----------------------------------------------------- */

/*
 * The pair index: ties sorted by (lower end, higher end, row).  A counting
 * sort by lower end puts (higher end << 32 | row) of every tie in its lower
 * end's bucket, then each bucket is sorted on its own.  Everything after
 * that reads the sorted entries in order, never the tie arrays at random.
 * With several threads, the counting sort runs on slices of the ties (each
 * slice counts its keys; places are laid out key by key and slice by slice,
 * so equal keys keep their order) and the buckets are sorted in ranges.
 */
struct index_slice {
	const struct rn_network *net;
	uint64_t *out;
	size_t from, to;
	size_t *count;   /* nkeys + 1: counts, then this slice's next places */
};

static inline uint32_t low_end(const struct rn_network *net, size_t e)
{
	igraph_integer_t a = net->tie_a[e], b = net->tie_b[e];
	return (uint32_t) (a < b ? a : b);
}

static void *count_low(void *vs)
{
	struct index_slice *s = vs;
	for (size_t e = s->from; e < s->to; e++)
		s->count[low_end(s->net, e)]++;
	return NULL;
}

static void *scatter_low(void *vs)
{
	struct index_slice *s = vs;
	const struct rn_network *net = s->net;
	for (size_t e = s->from; e < s->to; e++) {
		igraph_integer_t a = net->tie_a[e], b = net->tie_b[e];
		uint64_t hi = (uint64_t) (a < b ? b : a);
		s->out[s->count[a < b ? a : b]++] = hi << 32 | e;
	}
	return NULL;
}

static int cmp_u64(const void *pa, const void *pb)
{
	uint64_t a = *(const uint64_t *) pa, b = *(const uint64_t *) pb;
	return a < b ? -1 : a > b;
}

/* Sort the buckets of contacts [from, to). */
struct bucket_range {
	uint64_t *key;
	const size_t *start;
	size_t from, to;
};

static void *sort_buckets(void *vr)
{
	const struct bucket_range *r = vr;
	for (size_t v = r->from; v < r->to; v++) {
		uint64_t *k = r->key + r->start[v];
		size_t n = r->start[v + 1] - r->start[v];
		if (n > 32) {
			qsort(k, n, sizeof(*k), cmp_u64);
			continue;
		}
		for (size_t i = 1; i < n; i++) {   /* a few ties each, mostly */
			uint64_t x = k[i];
			size_t j = i;
			for (; j > 0 && k[j - 1] > x; j--)
				k[j] = k[j - 1];
			k[j] = x;
		}
	}
	return NULL;
}

/* Split contacts [0, n) into `parts` ranges of about equal entries. */
static void split_by_entries(const size_t *start, size_t n, int parts, size_t *cut)
{
	size_t v = 0, m = start[n];
	cut[0] = 0;
	for (int t = 1; t < parts; t++) {
		size_t want = m / (size_t) parts * (size_t) t;
		while (v < n && start[v] < want)
			v++;
		cut[t] = v;
	}
	cut[parts] = n;
}

/*
 * Ties ordered by (lower end, higher end, row) into key (higher end << 32 |
 * row) and start (n + 1 bucket offsets).  Returns 0 or -1 (out of memory).
 */
static int sort_pairs(const struct rn_network *net, uint64_t *key, size_t *start)
{
	size_t m = (size_t) net->nties, n = (size_t) net->ncontacts;
	int nslices = m >= ((size_t) 1 << 16) ? rn_threads() : 1;
	struct index_slice slice[RN_THREADS_MAX];
	struct rn_task task[RN_THREADS_MAX];
	size_t *count = rn_big_alloc((size_t) nslices * (n + 1) * sizeof(*count));
	if (!count)
		return -1;
	for (int t = 0; t < nslices; t++) {
		slice[t] = (struct index_slice) { net, key, m * (size_t) t / (size_t) nslices,
		                                  m * (size_t) (t + 1) / (size_t) nslices,
		                                  count + (size_t) t * (n + 1) };
		task[t] = (struct rn_task) { count_low, &slice[t] };
	}
	rn_run_tasks(task, nslices);
	size_t at = 0;
	for (size_t v = 0; v < n; v++) {
		start[v] = at;
		for (int t = 0; t < nslices; t++) {
			size_t c = slice[t].count[v];
			slice[t].count[v] = at;
			at += c;
		}
	}
	start[n] = at;
	for (int t = 0; t < nslices; t++)
		task[t].fn = scatter_low;
	rn_run_tasks(task, nslices);
	rn_big_free(count);

	struct bucket_range range[RN_THREADS_MAX];
	size_t cut[RN_THREADS_MAX + 1];
	split_by_entries(start, n, nslices, cut);
	for (int t = 0; t < nslices; t++) {
		range[t] = (struct bucket_range) { key, start, cut[t], cut[t + 1] };
		task[t] = (struct rn_task) { sort_buckets, &range[t] };
	}
	rn_run_tasks(task, nslices);
	return 0;
}

/*
 * Merge ties that name the same pair (in either order) into the first one:
 * the highest strength, the earliest since, the latest last_contact, the
 * first non-empty note and extra cells.  Each merged row gets a warning.
 * Then keep the sorted order as the pair index behind rn_network_find_tie().
 * Linear but for the buckets' sorts (a few ties each).
 */
static enum rn_status index_ties(struct rn_network *net, struct rn_diag *diag)
{
	size_t m = (size_t) net->nties;
	size_t n = (size_t) net->ncontacts;
	uint64_t *key = rn_big_alloc((m ? m : 1) * sizeof(*key));
	int32_t *into = NULL;
	enum rn_status st = RN_E_INTERNAL;
	size_t nextra = net->cols[RN_TABLE_TIES].nextra;

	net->pair_start = rn_big_alloc((n + 1) * sizeof(*net->pair_start));
	net->pair_order = rn_big_alloc((m ? m : 1) * sizeof(*net->pair_order));
	net->pair_hi = rn_big_alloc((m ? m : 1) * sizeof(*net->pair_hi));
	if (!key || !net->pair_start || !net->pair_order || !net->pair_hi ||
	    sort_pairs(net, key, net->pair_start) < 0)
		goto cleanup;

	/* Repeated pairs are next to each other in a bucket, earliest row first. */
	for (size_t v = 0; v < n; v++) {
		for (size_t i = net->pair_start[v] + 1; i < net->pair_start[v + 1]; i++) {
			if (key[i] >> 32 != key[i - 1] >> 32)
				continue;
			uint32_t e = (uint32_t) key[i], f = (uint32_t) key[i - 1];
			if (!into) {
				into = malloc(m * sizeof(*into));
				if (!into)
					goto cleanup;
				for (size_t k = 0; k < m; k++)
					into[k] = -1;
			}
			/* f is the earlier row, or itself merged into an earlier one. */
			uint32_t keep_at = into[f] >= 0 ? (uint32_t) into[f] : f;
			into[e] = (int32_t) keep_at;
			if (net->strength[e] > net->strength[keep_at])
				net->strength[keep_at] = net->strength[e];
			if (net->since[e] != RN_NO_DATE &&
			    (net->since[keep_at] == RN_NO_DATE || net->since[e] < net->since[keep_at]))
				net->since[keep_at] = net->since[e];
			if (net->last_contact[e] > net->last_contact[keep_at])
				net->last_contact[keep_at] = net->last_contact[e];
			if (!net->tie_note[keep_at])
				net->tie_note[keep_at] = net->tie_note[e];
			for (size_t x = 0; x < nextra; x++)
				if (!net->tie_extra[keep_at * nextra + x])
					net->tie_extra[keep_at * nextra + x] = net->tie_extra[e * nextra + x];
		}
	}

	if (into) {
		/* Warn in file order before any row moves: the row merged into
		 * may itself move up when an earlier row was merged. */
		for (size_t i = 0; i < m; i++)
			if (into[i] >= 0)
				rn_diag_warn(diag, rn_network_display_file(net, RN_TABLE_TIES),
				             net->tie_line[i], 1, "duplicate tie '%s'-'%s' merged into line %ld",
				             net->id[net->tie_a[i]], net->id[net->tie_b[i]],
				             net->tie_line[into[i]]);
		/* Then close the gaps. */
		uint32_t *newid = net->pair_order;   /* free until the end */
		size_t w = 0;
		for (size_t i = 0; i < m; i++) {
			if (into[i] >= 0) {
				newid[i] = UINT32_MAX;
				continue;
			}
			if (w != i) {
				net->tie_a[w] = net->tie_a[i];
				net->tie_b[w] = net->tie_b[i];
				net->strength[w] = net->strength[i];
				net->since[w] = net->since[i];
				net->last_contact[w] = net->last_contact[i];
				net->tie_note[w] = net->tie_note[i];
				net->tie_line[w] = net->tie_line[i];
				if (nextra)
					memmove(net->tie_extra + w * nextra, net->tie_extra + i * nextra,
					        nextra * sizeof(*net->tie_extra));
			}
			newid[i] = (uint32_t) w++;
		}
		net->ties_merged = (igraph_integer_t) (m - w);
		net->nties = (igraph_integer_t) w;

		/* Drop merged rows from the buckets and renumber the rest. */
		size_t k = 0;
		for (size_t v = 0; v < n; v++) {
			size_t from = net->pair_start[v], to = net->pair_start[v + 1];
			net->pair_start[v] = k;
			for (size_t i = from; i < to; i++) {
				uint32_t id = newid[(uint32_t) key[i]];
				if (id != UINT32_MAX)
					key[k++] = (key[i] >> 32) << 32 | id;
			}
		}
		net->pair_start[n] = k;
		m = k;
	}
	for (size_t i = 0; i < m; i++) {
		net->pair_order[i] = (uint32_t) key[i];
		net->pair_hi[i] = (uint32_t) (key[i] >> 32);
	}
	st = RN_OK;
cleanup:
	rn_big_free(key);
	free(into);
	return st;
}

igraph_integer_t rn_network_find_tie(const struct rn_network *net, igraph_integer_t a,
                                     igraph_integer_t b)
{
	if (a < 0 || b < 0 || a >= net->ncontacts || b >= net->ncontacts || a == b)
		return -1;
	igraph_integer_t lo = a < b ? a : b, hi = a < b ? b : a;
	size_t l = net->pair_start[lo], r = net->pair_start[lo + 1];
	/* The ties of lo are sorted by their higher end: binary search. */
	while (l < r) {
		size_t mid = l + (r - l) / 2;
		uint32_t other = net->pair_hi[mid];
		if (other == (uint32_t) hi)
			return (igraph_integer_t) net->pair_order[mid];
		if (other < (uint32_t) hi)
			l = mid + 1;
		else
			r = mid;
	}
	return -1;
}

/* ---- the graph ---------------------------------------------------------- */

static enum rn_status build_graph(struct rn_network *net)
{
	igraph_vector_int_t edges;
	igraph_integer_t m = net->nties;

	if (igraph_vector_int_init(&edges, 2 * m) != IGRAPH_SUCCESS)
		return RN_E_INTERNAL;
	for (igraph_integer_t i = 0; i < m; i++) {
		VECTOR(edges)[2 * i] = net->tie_a[i];
		VECTOR(edges)[2 * i + 1] = net->tie_b[i];
	}
	igraph_error_t err = igraph_create(&net->graph, &edges, net->ncontacts, IGRAPH_UNDIRECTED);
	igraph_vector_int_destroy(&edges);
	if (err != IGRAPH_SUCCESS)
		return RN_E_INTERNAL;
	net->has_graph = 1;
	return RN_OK;
}

/*
 * Adjacency lists from the pair index, one range of lower ends per thread.
 * Walking the index (ties by lower end, then higher end) and putting each
 * tie first in its higher end's list, then in its lower end's, keeps every
 * list sorted by neighbour.  Each range counts its ties per list (as higher
 * end: hi[], as lower end: lo[]); the places are laid out list by list,
 * higher-end entries of all ranges in order before lower-end ones, so the
 * lists come out the same for any number of ranges.
 */
struct adj_slice {
	struct rn_network *net;
	size_t from, to;   /* lower ends */
	size_t *hi, *lo;   /* per contact: counts, then this slice's next places */
};

static void *count_adjacency(void *vs)
{
	struct adj_slice *s = vs;
	const struct rn_network *net = s->net;
	for (size_t v = s->from; v < s->to; v++) {
		s->lo[v] += net->pair_start[v + 1] - net->pair_start[v];
		for (size_t i = net->pair_start[v]; i < net->pair_start[v + 1]; i++)
			s->hi[net->pair_hi[i]]++;
	}
	return NULL;
}

static void *fill_adjacency(void *vs)
{
	struct adj_slice *s = vs;
	struct rn_network *net = s->net;
	for (size_t v = s->from; v < s->to; v++) {
		for (size_t i = net->pair_start[v]; i < net->pair_start[v + 1]; i++) {
			uint32_t e = net->pair_order[i], hi = net->pair_hi[i];
			net->adj[s->hi[hi]++] = (struct rn_adj) { (uint32_t) v, e };
			net->adj[s->lo[v]++] = (struct rn_adj) { hi, e };
		}
	}
	return NULL;
}

static enum rn_status build_adjacency(struct rn_network *net)
{
	size_t n = (size_t) net->ncontacts, m = (size_t) net->nties;
	int nslices = m >= ((size_t) 1 << 16) ? rn_threads() : 1;
	struct adj_slice slice[RN_THREADS_MAX];
	struct rn_task task[RN_THREADS_MAX];
	size_t cut[RN_THREADS_MAX + 1];
	size_t *count = rn_big_alloc(2 * (size_t) nslices * (n + 1) * sizeof(*count));
	net->adj_start = rn_big_alloc((n + 2) * sizeof(*net->adj_start));
	net->adj = rn_big_alloc((2 * m + 1) * sizeof(*net->adj));
	if (!count || !net->adj_start || !net->adj) {
		rn_big_free(count);
		return RN_E_INTERNAL;
	}
	split_by_entries(net->pair_start, n, nslices, cut);
	for (int t = 0; t < nslices; t++) {
		size_t *c = count + 2 * (size_t) t * (n + 1);
		slice[t] = (struct adj_slice) { net, cut[t], cut[t + 1], c, c + n + 1 };
		task[t] = (struct rn_task) { count_adjacency, &slice[t] };
	}
	rn_run_tasks(task, nslices);
	size_t at = 0;
	for (size_t v = 0; v < n; v++) {
		net->adj_start[v] = at;
		for (int t = 0; t < nslices; t++) {
			size_t c = slice[t].hi[v];
			slice[t].hi[v] = at;
			at += c;
		}
		for (int t = 0; t < nslices; t++) {
			size_t c = slice[t].lo[v];
			slice[t].lo[v] = at;
			at += c;
		}
	}
	net->adj_start[n] = net->adj_start[n + 1] = at;
	for (int t = 0; t < nslices; t++)
		task[t].fn = fill_adjacency;
	rn_run_tasks(task, nslices);
	rn_big_free(count);
	return RN_OK;
}

/* ---- files -------------------------------------------------------------- */

/*
 * The path of a table and its display name.  Returns 0, or 1 when an
 * optional default file does not exist, or -1 on out of memory.
 */
static int table_path(const struct rn_load_options *opts, enum rn_table_id t,
                      char **path)
{
	*path = NULL;
	if (opts->path[t]) {
		*path = strdup(opts->path[t]);
		return *path ? 0 : -1;
	}
	const char *dir = opts->dir && *opts->dir ? opts->dir : ".";
	const char *name = rn_table_name(t);
	size_t dl = strlen(dir);
	if (strcmp(dir, ".") == 0) {
		*path = strdup(name);
	} else {
		int slash = dir[dl - 1] == '/';
		*path = malloc(dl + strlen(name) + 2);
		if (*path)
			snprintf(*path, dl + strlen(name) + 2, "%s%s%s", dir, slash ? "" : "/", name);
	}
	if (!*path)
		return -1;
	/* Absent means no such name: a symbolic link to nothing is a file that
	 * cannot be opened, and says so. */
	struct stat st;
	if (t != RN_TABLE_CONTACTS && lstat(*path, &st) < 0 && errno == ENOENT) {
		free(*path);
		*path = NULL;
		return 1;
	}
	return 0;
}

static void table_init(struct table_load *t, struct rn_network *net, struct rn_diag *diag,
                       enum rn_table_id id)
{
	memset(t, 0, sizeof(*t));
	t->net = net;
	t->diag = diag;
	t->table = id;
	t->file = rn_network_display_file(net, id);
	t->ids_complete = 1;
	for (size_t i = 0; i < RN_ARRAY_LEN(t->col); i++)
		t->col[i] = -1;
}

/* A table_load for a table, its rows going into net's arrays. */
static void table_setup(struct table_load *t, struct rn_network *net, struct rn_diag *diag,
                        enum rn_table_id id, int ids_complete)
{
	table_init(t, net, diag, id);
	t->ids_complete = ids_complete;
	if (id == RN_TABLE_CONTACTS) {
		t->extra = &net->contact_extra;
		add_array(t, &net->id, sizeof(*net->id));
		add_array(t, &net->name, sizeof(*net->name));
		add_array(t, &net->stage, sizeof(*net->stage));
		add_array(t, &net->stage_text, sizeof(*net->stage_text));
		add_array(t, &net->offers, sizeof(*net->offers));
		add_array(t, &net->needs, sizeof(*net->needs));
		add_array(t, &net->contact_line, sizeof(*net->contact_line));
		add_array(t, &t->id_line, sizeof(*t->id_line));
	} else if (id == RN_TABLE_TIES) {
		t->extra = &net->tie_extra;
		add_array(t, &net->tie_a, sizeof(*net->tie_a));
		add_array(t, &net->tie_b, sizeof(*net->tie_b));
		add_array(t, &net->strength, sizeof(*net->strength));
		add_array(t, &net->since, sizeof(*net->since));
		add_array(t, &net->last_contact, sizeof(*net->last_contact));
		add_array(t, &net->tie_note, sizeof(*net->tie_note));
		add_array(t, &net->tie_line, sizeof(*net->tie_line));
		t->id_role[0] = RN_T_A;
		t->id_role[1] = RN_T_B;
	} else {
		t->extra = &net->ev_extra;
		add_array(t, &net->ev_date, sizeof(*net->ev_date));
		add_array(t, &net->ev_from, sizeof(*net->ev_from));
		add_array(t, &net->ev_to, sizeof(*net->ev_to));
		add_array(t, &net->ev_kind, sizeof(*net->ev_kind));
		add_array(t, &net->ev_about, sizeof(*net->ev_about));
		add_array(t, &net->ev_status, sizeof(*net->ev_status));
		add_array(t, &net->ev_note, sizeof(*net->ev_note));
		add_array(t, &net->ev_value, sizeof(*net->ev_value));
		add_array(t, &net->ev_line, sizeof(*net->ev_line));
		t->id_role[0] = RN_L_FROM;
		t->id_role[1] = RN_L_TO;
	}
}

/* Read range (or the whole file) into t; the last batch is processed too. */
static enum rn_status read_rows(struct table_load *t, const struct rn_csv_options *csv,
                                struct rn_csv_range *range)
{
	enum rn_status st = rn_csv_read_range(t->net->file[t->table], t->file, csv, t->diag,
	                                      batched_record, t, range);
	/* The last records: after a syntax error too, so what was read is checked. */
	if ((st == RN_OK || st == RN_E_DATA) && t->batch->n) {
		enum rn_status s2 = batch_flush(t);
		if (s2 != RN_OK)
			st = s2;
	}
	return st;
}

static long *line_array(struct rn_network *net, enum rn_table_id id)
{
	return id == RN_TABLE_CONTACTS ? net->contact_line
	       : id == RN_TABLE_TIES   ? net->tie_line
	                               : net->ev_line;
}

static void set_row_count(struct rn_network *net, enum rn_table_id id, size_t n)
{
	if (id == RN_TABLE_CONTACTS)
		net->ncontacts = (igraph_integer_t) n;
	else if (id == RN_TABLE_TIES)
		net->nties = (igraph_integer_t) n;
	else
		net->nevents = (igraph_integer_t) n;
}

static void release_columns(struct rn_columns *c);

/* Forget every row of t's table, and its header. */
static void release_table(struct table_load *t)
{
	for (size_t i = 0; i < t->narrays; i++) {
		rn_big_free(*t->arrays[i].ptr);
		*t->arrays[i].ptr = NULL;
	}
	rn_big_free(*t->extra);
	*t->extra = NULL;
	t->n = t->cap = 0;
	set_row_count(t->net, t->table, 0);
	release_columns(&t->net->cols[t->table]);
}

/* Rows [from, to) of t's table were numbered from line 1 of a later part. */
static void shift_lines(struct table_load *t, size_t from, size_t to, long offset)
{
	long *line = line_array(t->net, t->table);
	for (size_t i = from; i < to; i++)
		line[i] += offset;
}

/*
 * Tables are read by a pool of threads: contacts first (every other table
 * names contacts), then ties and log at the same time.  A small file is one
 * piece of work, read whole into arrays of its own; a big one is cut after
 * an LF near every 1/P of it and each part is read by its own parser (rows,
 * strings, tags, problems, lines counted from the part's start).  Before
 * that, the CR and LF bytes of every part are counted: one more bounds its
 * rows, so each part writes its rows straight into the table's arrays, at
 * its own offset, and the parts are closed up afterwards (rows move only
 * when a part had fewer rows than line ends: quoted line ends, blank lines,
 * rejected rows).  A cut inside a quoted field shows as a part that did not
 * end between records: then the file is read again in one go.  Contact ids
 * and tags are numbered in file order when the parts are put together.  The
 * result is the same as reading each file in one go, problems included.
 */
#define RN_PART_MIN ((unsigned long long) 2 << 20)   /* bytes per part, at least */
#define RN_PARTS_PER_THREAD 4   /* small parts even out the threads' work */
#define RN_PARTS_MAX 64

struct part {
	struct table_load t;
	struct rn_network net;      /* a copy of the network with an arena (and tags) of its own */
	struct tag_state tags;      /* contacts */
	struct rn_diag diag;
	struct rn_csv_range range;
	int whole;                  /* the whole file, header included, into arrays of its own */
	const struct rn_csv_options *csv;   /* progress: one part per file at most */
	const char *path;
	unsigned long long size;    /* bytes, to start the biggest parts first */
	size_t at, bound;           /* a part of a file: its rows go to [at, at + bound) */
	enum rn_status st;
};

/* One file being read: whole (one part), or its header and its parts. */
struct table_read {
	struct table_load t;        /* on the network itself */
	struct rn_diag head_diag;
	struct rn_csv_range head;
	struct part *parts;
	int nparts;
	int whole;
	size_t total;               /* rows the shared arrays have room for */
};

static void *read_part(void *vp)
{
	struct part *p = vp;
	p->st = read_rows(&p->t, p->csv, p->whole ? NULL : &p->range);
	return NULL;
}

static void *count_part(void *vp)
{
	struct part *p = vp;
	long long ends = rn_csv_line_ends(p->path, p->range.start, p->range.start + p->size);
	p->bound = ends < 0 ? 0 : (size_t) ends + 1;
	return NULL;
}

const char *rn_network_display_file(const struct rn_network *net, enum rn_table_id t)
{
	return net->file[t] && strcmp(net->file[t], "-") == 0 ? "<stdin>" : net->file[t];
}

static unsigned long long file_size(const char *path)
{
	struct stat sb;
	if (strcmp(path, "-") == 0)
		return 0;   /* standard input, even if a file is named "-" */
	return stat(path, &sb) == 0 && S_ISREG(sb.st_mode) ? (unsigned long long) sb.st_size : 0;
}

/* How many parts for a file of this size, when the files read at the same
 * time hold total bytes (or forced, for the tests).  1 reads it whole, as
 * for anything but a regular file. */
static int part_count(const char *path, int forced, unsigned long long total)
{
	struct stat sb;
	if (strcmp(path, "-") == 0 || stat(path, &sb) < 0 || !S_ISREG(sb.st_mode))
		return 1;
	if (forced)
		return forced;
	int threads = rn_threads();
	if (threads < 2)
		return 1;
	unsigned long long unit = total / ((unsigned) threads * RN_PARTS_PER_THREAD);
	if (unit < RN_PART_MIN)
		unit = RN_PART_MIN;
	unsigned long long n = (unsigned long long) sb.st_size / unit;
	return n < 2 ? 1 : n > RN_PARTS_MAX ? RN_PARTS_MAX : (int) n;
}

/* t's queue of records (contacts go straight in: no queue is used); 0 or
 * -1 (out of memory). */
static int new_batch(struct table_load *t)
{
	t->batch = calloc(1, sizeof(*t->batch));
	if (!t->batch)
		return -1;
	t->batch->fn = t->table == RN_TABLE_TIES ? tie_record
	               : t->table == RN_TABLE_LOG ? log_record
	                                          : NULL;
	return 0;
}

/* A part reading into a copy of t's network: its own arena, diag, queue
 * and, for contacts, tags.  Returns 0 or -1 (out of memory). */
static int part_init(struct part *p, const struct table_load *t)
{
	rn_diag_init(&p->diag);
	p->net = *t->net;
	p->net.ncontacts = p->net.nties = p->net.nevents = 0;
	rn_arena_init(&p->net.arena);
	table_setup(&p->t, &p->net, &p->diag, t->table, t->ids_complete);
	p->path = t->net->file[t->table];
	if (t->table == RN_TABLE_CONTACTS) {
		p->net.tags = rn_idmap_new();
		p->net.tag_text = p->net.tag_fold = NULL;
		p->net.tag_refs = NULL;
		p->net.ntags = 0;
		p->net.ntag_refs = 0;
		p->tags.spellings = rn_idmap_new();
		p->t.tags = &p->tags;
		if (!p->net.tags || !p->tags.spellings)
			return -1;
	}
	return new_batch(&p->t);
}

static void part_release(struct part *p)
{
	if (p->whole) {
		for (size_t i = 0; i < p->t.narrays; i++)
			rn_big_free(*p->t.arrays[i].ptr);
		if (p->t.extra)
			rn_big_free(*p->t.extra);
		release_columns(&p->net.cols[p->t.table]);
	}
	if (p->t.table == RN_TABLE_CONTACTS) {
		rn_idmap_free(p->net.tags);
		free(p->net.tag_text);
		free(p->net.tag_fold);
		free(p->net.tag_refs);
		rn_idmap_free(p->tags.spellings);
		free(p->tags.spelling_tag);
		free(p->tags.seen);
	}
	rn_arena_release(&p->net.arena);
	rn_diag_release(&p->diag);
	batch_free(p->t.batch);
}

static void table_read_release(struct table_read *r)
{
	for (int k = 0; k < r->nparts; k++)
		part_release(&r->parts[k]);
	free(r->parts);
	r->parts = NULL;
	r->nparts = 0;
	rn_diag_release(&r->head_diag);
	batch_free(r->t.batch);
	r->t.batch = NULL;
	rn_big_free(r->t.id_line);   /* contacts: needed only while reading */
	r->t.id_line = NULL;
}

/* Start reading table id: a single part reading it whole.  Returns 0 or -1
 * (out of memory). */
static int plan_whole(struct table_read *r, struct rn_network *net, struct rn_diag *diag,
                      enum rn_table_id id, int ids_complete)
{
	table_setup(&r->t, net, diag, id, ids_complete);
	rn_diag_init(&r->head_diag);
	r->whole = 1;
	r->parts = calloc(1, sizeof(*r->parts));
	if (new_batch(&r->t) < 0 || !r->parts)
		return -1;
	r->nparts = 1;
	r->parts[0].whole = 1;
	r->parts[0].size = file_size(net->file[id]);
	return part_init(&r->parts[0], &r->t);
}

/*
 * Plan reading table id in nparts parts: read its header, cut the rest.
 * Returns 1 when it has to be read whole instead (the header has a problem,
 * or rows follow it before the first LF), 0, or -1 (out of memory).
 */
static int plan_parts(struct table_read *r, struct rn_network *net, struct rn_diag *diag,
                      enum rn_table_id id, int ids_complete, int nparts)
{
	struct table_load *t = &r->t;
	table_setup(t, net, diag, id, ids_complete);
	rn_diag_init(&r->head_diag);
	if (new_batch(t) < 0)
		return -1;
	const char *path = net->file[id];
	t->diag = &r->head_diag;
	t->header_only = 1;
	long long cut = rn_csv_split_point(path, 0);
	enum rn_status st = RN_E_DATA;
	if (cut > 0) {
		r->head.end = (unsigned long long) cut;
		st = read_rows(t, NULL, &r->head);
	}
	t->diag = diag;
	t->header_only = 0;
	unsigned long long size = file_size(path);
	/* Records after the header before the first LF: the header ended with
	 * a lone CR. */
	if (st != RN_OK || !r->head.clean_end || !t->usable || r->head_diag.nerrors ||
	    t->past_header || (unsigned long long) cut > size)
		return st == RN_E_INTERNAL ? -1 : 1;

	r->parts = calloc((size_t) nparts, sizeof(*r->parts));
	if (!r->parts)
		return -1;
	unsigned long long at = (unsigned long long) cut;
	for (int k = 0; k < nparts; k++) {
		struct part *p = &r->parts[k];
		r->nparts++;
		if (part_init(p, t) < 0 || batch_init(p->t.batch, t->batch->maxf) < 0)
			return -1;
		memcpy(p->t.col, t->col, sizeof(t->col));
		p->t.usable = t->usable;
		p->range.start = at;
		p->range.header_fields = t->batch->maxf;
		unsigned long long end = size;
		if (k + 1 < nparts) {
			long long next = rn_csv_split_point(path, at + (size - at) / (unsigned) (nparts - k));
			if (next > 0 && (unsigned long long) next < size)
				end = (unsigned long long) next;
		}
		p->size = end - at;
		p->range.end = end < size ? end : 0;
		at = end;
		if (!p->range.end)
			break;   /* no LF left to cut after: this part reads to the end */
	}
	return 0;
}

/* Shared arrays for the rows of every part, each part's rows at its offset.
 * Returns 0, 1 when a part could not be counted, or -1 (out of memory). */
static int place_parts(struct table_read *r)
{
	struct table_load *t = &r->t;
	size_t nextra = t->net->cols[t->table].nextra;
	size_t total = 0;
	for (int k = 0; k < r->nparts; k++) {
		if (!r->parts[k].bound)
			return 1;
		r->parts[k].at = total;
		total += r->parts[k].bound;
	}
	r->total = total;
	for (size_t i = 0; i < t->narrays; i++)
		if (!(*t->arrays[i].ptr = rn_big_alloc(total * t->arrays[i].elem)))
			return -1;
	if (nextra && !(*t->extra = rn_big_alloc(total * nextra * sizeof(**t->extra))))
		return -1;
	for (int k = 0; k < r->nparts; k++) {
		struct part *p = &r->parts[k];
		for (size_t i = 0; i < t->narrays; i++)
			*p->t.arrays[i].ptr = (char *) *t->arrays[i].ptr + p->at * t->arrays[i].elem;
		if (nextra)
			*p->t.extra = *t->extra + p->at * nextra;
		p->t.cap = p->bound;
		p->t.fixed = 1;
	}
	return 0;
}

/* Forget a table planned or read, to read it whole. */
static void unplan(struct table_read *r)
{
	release_table(&r->t);
	table_read_release(r);
	memset(&r->head, 0, sizeof(r->head));
	r->whole = 0;
}

/* Rows [from, from + n) of t's table go to row to. */
static void move_rows(struct table_load *t, size_t from, size_t to, size_t n)
{
	size_t nextra = t->net->cols[t->table].nextra;
	for (size_t i = 0; i < t->narrays; i++) {
		char *a = *t->arrays[i].ptr;
		size_t e = t->arrays[i].elem;
		memmove(a + to * e, a + from * e, n * e);
	}
	if (nextra)
		memmove(*t->extra + to * nextra, *t->extra + from * nextra,
		        n * nextra * sizeof(**t->extra));
}

/* Room in the network for the ids, tags and tag lists of every part of r. */
static int reserve_tags(struct table_read *r)
{
	struct rn_network *net = r->t.net;
	size_t ntags = 0, nrefs = 0;
	for (int k = 0; k < r->nparts; k++) {
		ntags += r->parts[k].net.ntags;
		nrefs += r->parts[k].net.ntag_refs;
	}
	net->tag_text = malloc((ntags + 1) * sizeof(*net->tag_text));
	net->tag_fold = malloc((ntags + 1) * sizeof(*net->tag_fold));
	net->tag_refs = malloc((nrefs + 1) * sizeof(*net->tag_refs));
	size_t rows = 0;
	for (int k = 0; k < r->nparts; k++)
		rows += r->parts[k].t.n;
	return net->tag_text && net->tag_fold && net->tag_refs &&
	       rn_idmap_reserve(net->ids, rows) == 0 ? 0 : -1;
}

/*
 * Contacts of part p go to rows n on: each id enters the network's id map
 * in file order (a repeated id is an error, and its row is dropped), the
 * part's tags get the network's tag ids, new ones in the order the part
 * first used them, and each row's tags are copied to the network's tag
 * lists.  Returns the rows kept, or -1 (out of memory).
 */
static long place_contacts(struct table_read *r, struct part *p, size_t n, long line_off)
{
	struct table_load *t = &r->t;
	struct rn_network *net = t->net;
	const struct rn_network *pn = &p->net;
	uint32_t *tag = malloc(((size_t) pn->ntags + 1) * sizeof(*tag));
	if (!tag)
		return -1;
	for (uint32_t j = 0; j < pn->ntags; j++) {
		size_t len = strlen(pn->tag_fold[j]);
		int64_t g = rn_idmap_get(net->tags, pn->tag_fold[j], len);
		if (g < 0) {
			if (rn_idmap_put(net->tags, pn->tag_fold[j], len, &g) != 0) {
				free(tag);
				return -1;
			}
			net->tag_text[g] = pn->tag_text[j];
			net->tag_fold[g] = pn->tag_fold[j];
			net->ntags++;
		}
		tag[j] = (uint32_t) g;
	}
	/* The rows move up to n at once; after a repeated id, one by one. */
	if (p->at != n)
		move_rows(t, p->at, n, p->t.n);
	size_t kept = 0;
	for (size_t from = n; from < n + p->t.n; from++) {
		size_t to = n + kept;
		int64_t old;
		int put = rn_idmap_put(net->ids, net->id[from], strlen(net->id[from]), &old);
		if (put < 0) {
			free(tag);
			return -1;
		}
		if (put == 1) {
			int ascii = 1;
			for (const char *c = net->id[from]; *c && ascii; c++)
				ascii = !((unsigned char) *c & 0x80);
			rn_diag_error(t->diag, t->file, t->id_line[from] + line_off, field_col(t, RN_C_ID),
			              "duplicate id '%s' (first at line %ld%s)", net->id[from],
			              net->contact_line[old],
			              ascii ? "" : "; ids are compared in Unicode NFC, so "
			                           "accents typed apart or precomposed are the same id");
			continue;
		}
		struct rn_tag_span span[2] = { net->offers[from], net->needs[from] };
		if (from != to)
			move_rows(t, from, to, 1);
		net->contact_line[to] += line_off;
		for (int s = 0; s < 2; s++) {
			struct rn_tag_span *out = s ? &net->needs[to] : &net->offers[to];
			out->at = (uint32_t) net->ntag_refs;
			out->n = span[s].n;
			for (uint32_t j = 0; j < span[s].n; j++)
				net->tag_refs[net->ntag_refs++] = tag[pn->tag_refs[span[s].at + j]];
		}
		kept++;
	}
	free(tag);
	return (long) kept;
}

/* Part p's rows go to rows n on; returns how many, or -1 (out of memory). */
static long place_rows(struct table_read *r, struct part *p, size_t n, long line_off)
{
	struct table_load *t = &r->t;
	if (t->table == RN_TABLE_CONTACTS)
		return place_contacts(r, p, n, line_off);
	if (p->at != n)
		move_rows(t, p->at, n, p->t.n);
	if (line_off)
		shift_lines(t, n, n + p->t.n, line_off);
	return (long) p->t.n;
}

/* The one part of a table read whole hands its arrays and header over. */
static void hand_over(struct table_read *r)
{
	struct table_load *t = &r->t;
	struct part *p = &r->parts[0];
	for (size_t i = 0; i < t->narrays; i++) {
		*t->arrays[i].ptr = *p->t.arrays[i].ptr;
		*p->t.arrays[i].ptr = NULL;
	}
	*t->extra = *p->t.extra;
	*p->t.extra = NULL;
	t->net->cols[t->table] = p->net.cols[t->table];
	memset(&p->net.cols[t->table], 0, sizeof(p->net.cols[t->table]));
	memcpy(t->col, p->t.col, sizeof(t->col));
	t->usable = p->t.usable;
	r->total = p->t.cap;
}

/*
 * The parts of a table are read: put their rows, strings and problems in
 * the network, in order.  Returns 1 when the file has to be read whole
 * instead (nothing of it kept), else 0 with the table's status in *status.
 */
static int finish_table(struct table_read *r, enum rn_status *status)
{
	struct table_load *t = &r->t;
	struct rn_network *net = t->net;
	if (r->whole) {
		hand_over(r);
	} else {
		for (int k = 0; k < r->nparts; k++)
			if (r->parts[k].t.overflow)
				return 1;
		for (int k = 0; k + 1 < r->nparts; k++) {
			struct part *p = &r->parts[k];
			if (p->st != RN_OK)
				break;   /* the parts after a syntax error are not used */
			if (!p->range.clean_end)
				return 1;
		}
	}
	*status = RN_OK;
	if (t->table == RN_TABLE_CONTACTS && reserve_tags(r) < 0) {
		*status = RN_E_INTERNAL;
		return 0;
	}
	rn_diag_merge(t->diag, &r->head_diag, t->file, 0);
	long line = 1 + r->head.lines;
	size_t n = 0;
	for (int k = 0; k < r->nparts; k++) {
		struct part *p = &r->parts[k];
		rn_arena_adopt(&net->arena, &p->net.arena);
		rn_diag_merge(t->diag, &p->diag, t->file, line - 1);
		long kept = place_rows(r, p, n, line - 1);
		if (kept < 0) {
			*status = RN_E_INTERNAL;
			break;
		}
		n += (size_t) kept;
		if (p->st != RN_OK) {
			*status = p->st;
			break;
		}
		line += p->range.lines;
	}
	t->n = n;
	t->cap = r->total;
	set_row_count(net, t->table, n);
	return 0;
}

/* Whether the status ends loading: a file is missing or out of memory. */
static int fatal(enum rn_status st)
{
	return st == RN_E_NOINPUT || st == RN_E_INTERNAL;
}

static int by_size(const void *pa, const void *pb)
{
	const struct part *a = ((const struct rn_task *) pa)->arg;
	const struct part *b = ((const struct rn_task *) pb)->arg;
	/* the order is only for speed: every part has places of its own */
	return a->size > b->size ? -1 : a->size < b->size;
}

/* Run fn on every part of the tables (split tables only: counting),
 * biggest first. */
static int run_parts(struct table_read *r, int nr, void *(*fn)(void *), int split_only)
{
	int n = 0;
	for (int i = 0; i < nr; i++)
		n += r[i].nparts;
	struct rn_task *task = calloc((size_t) n + 1, sizeof(*task));
	if (!task)
		return -1;
	n = 0;
	for (int i = 0; i < nr; i++)
		for (int k = 0; k < r[i].nparts; k++)
			if (!split_only || !r[i].whole)
				task[n++] = (struct rn_task) { fn, &r[i].parts[k] };
	qsort(task, (size_t) n, sizeof(*task), by_size);
	rn_run_tasks(task, n);
	free(task);
	return 0;
}

/*
 * Read the tables ids[0..nr) (those present) at the same time.  Returns the
 * first status that is not RN_OK (a later table is not put in the network
 * after one that ends loading), RN_E_INTERNAL on out of memory.  *usable
 * tells whether the first table's header had every required column.
 */
static enum rn_status load_tables(struct rn_network *net, const struct rn_load_options *o,
                                  struct rn_diag *diag, const enum rn_table_id *ids, int nr,
                                  int ids_complete, int *usable)
{
	struct table_read r[RN_TABLE_COUNT];
	enum rn_status st = RN_OK;
	unsigned long long total = 0;
	memset(r, 0, sizeof(r));
	for (int i = 0; i < nr; i++)
		total += file_size(net->file[ids[i]]);

	for (int i = 0; i < nr; i++) {
		int whole = 1, nparts = part_count(net->file[ids[i]], o->parts, total);
		if (nparts > 1) {
			whole = plan_parts(&r[i], net, diag, ids[i], ids_complete, nparts);
			if (whole < 0)
				goto oom;
			if (whole)
				unplan(&r[i]);
		}
		if (whole && plan_whole(&r[i], net, diag, ids[i], ids_complete) < 0)
			goto oom;
	}
	/* Progress is shown for one part at a time. */
	for (int i = 0; i < nr; i++)
		if (i == 0 || rn_threads() < 2)
			r[i].parts[0].csv = &o->csv;

	if (run_parts(r, nr, count_part, 1) < 0)
		goto oom;
	for (int i = 0; i < nr; i++) {
		if (r[i].whole)
			continue;
		int c = place_parts(&r[i]);
		if (c < 0)
			goto oom;
		if (c > 0) {   /* unreadable now: read whole, which says so */
			unplan(&r[i]);
			if (plan_whole(&r[i], net, diag, ids[i], ids_complete) < 0)
				goto oom;
			r[i].parts[0].csv = &o->csv;
		}
	}
	if (run_parts(r, nr, read_part, 0) < 0)
		goto oom;

	for (int i = 0; i < nr && !fatal(st); i++) {
		enum rn_status s2;
		if (finish_table(&r[i], &s2)) {
			/* a cut inside a quoted field: read the file again, whole */
			unplan(&r[i]);
			if (plan_whole(&r[i], net, diag, ids[i], ids_complete) < 0)
				goto oom;
			r[i].parts[0].csv = &o->csv;
			read_part(&r[i].parts[0]);
			finish_table(&r[i], &s2);
		}
		if (s2 != RN_OK && st == RN_OK)
			st = s2;
	}
	*usable = nr > 0 && r[0].t.usable;
	for (int i = 0; i < nr; i++)
		table_read_release(&r[i]);
	return st;
oom:
	for (int i = 0; i < nr; i++)
		table_read_release(&r[i]);
	return RN_E_INTERNAL;
}

enum rn_status rn_network_load(struct rn_network *net, const struct rn_load_options *opts,
                               struct rn_diag *diag)
{
	enum rn_status st = RN_OK;
	memset(net, 0, sizeof(*net));
	rn_arena_init(&net->arena);
	net->ids = rn_idmap_new();
	net->tags = rn_idmap_new();
	if (!net->ids || !net->tags) {
		st = RN_E_INTERNAL;
		goto fail;
	}

	if (opts->dir && !opts->path[RN_TABLE_CONTACTS]) {
		struct stat sb;
		int bad = stat(opts->dir, &sb) < 0 ? errno : S_ISDIR(sb.st_mode) ? 0 : ENOTDIR;
		if (bad) {
			rn_diag_error(diag, NULL, 0, 0, "cannot open network directory '%s': %s",
			              opts->dir, strerror(bad));
			st = RN_E_NOINPUT;
			goto fail;
		}
	}
	for (int t = 0; t < RN_TABLE_COUNT; t++) {
		char *path;
		int r = table_path(opts, (enum rn_table_id) t, &path);
		if (r < 0) {
			st = RN_E_INTERNAL;
			goto fail;
		}
		net->file[t] = path;
	}

	/* Contacts first: the other tables name them. */
	static const enum rn_table_id contacts[] = { RN_TABLE_CONTACTS };
	int usable = 0;
	st = load_tables(net, opts, diag, contacts, 1, 1, &usable);
	if (fatal(st))
		goto fail;
	/* Ids are trustworthy for the other tables only if every row was read. */
	int ids_complete = st == RN_OK && usable;
	enum rn_table_id rest[2];
	int nrest = 0;
	for (int t = RN_TABLE_TIES; t < RN_TABLE_COUNT; t++)
		if (net->file[t])
			rest[nrest++] = (enum rn_table_id) t;
	st = load_tables(net, opts, diag, rest, nrest, ids_complete, &usable);
	if (fatal(st))
		goto fail;
	if (diag->nerrors > 0) {
		st = RN_E_DATA;
		goto fail;
	}
	st = index_ties(net, diag);
	if (st != RN_OK)
		goto fail;
	if (opts->graph) {
		st = build_graph(net);
		if (st != RN_OK)
			goto fail;
	}
	if (opts->adjacency) {
		st = build_adjacency(net);
		if (st != RN_OK)
			goto fail;
	}
	return RN_OK;

fail:
	if (st == RN_OK)
		st = RN_E_DATA;
	rn_network_release(net);
	return st;
}

static void release_columns(struct rn_columns *c)
{
	free(c->header);
	free(c->role);
	free(c->extra_name);
	free(c->extra_col);
	memset(c, 0, sizeof(*c));
}

void rn_network_release(struct rn_network *net)
{
	if (!net)
		return;
	for (int t = 0; t < RN_TABLE_COUNT; t++) {
		free((char *) net->file[t]);
		release_columns(&net->cols[t]);
	}
	rn_big_free(net->id);
	rn_big_free(net->name);
	rn_big_free(net->stage);
	rn_big_free(net->stage_text);
	rn_big_free(net->offers);
	rn_big_free(net->needs);
	rn_big_free(net->contact_line);
	rn_big_free(net->contact_extra);
	free(net->tag_text);
	free(net->tag_fold);
	free(net->tag_refs);
	rn_big_free(net->tie_a);
	rn_big_free(net->tie_b);
	rn_big_free(net->strength);
	rn_big_free(net->since);
	rn_big_free(net->last_contact);
	rn_big_free(net->tie_note);
	rn_big_free(net->tie_line);
	rn_big_free(net->tie_extra);
	rn_big_free(net->pair_start);
	rn_big_free(net->pair_order);
	rn_big_free(net->pair_hi);
	rn_big_free(net->adj_start);
	rn_big_free(net->adj);
	rn_big_free(net->ev_date);
	rn_big_free(net->ev_from);
	rn_big_free(net->ev_to);
	rn_big_free(net->ev_kind);
	rn_big_free(net->ev_about);
	rn_big_free(net->ev_status);
	rn_big_free(net->ev_note);
	rn_big_free(net->ev_value);
	rn_big_free(net->ev_line);
	rn_big_free(net->ev_extra);
	if (net->has_graph)
		igraph_destroy(&net->graph);
	rn_idmap_free(net->ids);
	rn_idmap_free(net->tags);
	rn_arena_release(&net->arena);
	memset(net, 0, sizeof(*net));
}

igraph_integer_t rn_network_find(const struct rn_network *net, const char *id)
{
	char *nfc;
	if (rn_text_nfc(id, strlen(id), &nfc) > 0) {
		igraph_integer_t v = (igraph_integer_t) rn_idmap_get(net->ids, nfc, strlen(nfc));
		free(nfc);
		return v;
	}
	return (igraph_integer_t) rn_idmap_get(net->ids, id, strlen(id));
}

int64_t rn_network_find_tag(const struct rn_network *net, const char *fold)
{
	return rn_idmap_get(net->tags, fold, strlen(fold));
}

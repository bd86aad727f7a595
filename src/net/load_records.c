/*
 * A table's header and rows.  The header is matched against the columns
 * schema.h describes; each row is checked cell by cell as its column's
 * kind says (enum rn_cell) and, when every cell is good, stored in the
 * network's arrays.  Nothing here knows a column by name but the id
 * column a contact row starts with: adding a column is a line in
 * schema.h.
 *
 * Ties and log rows name contacts; they are queued in batches whose ids
 * are looked up together before the rows are checked.  Contacts go
 * straight in: their ids enter the id map later, in file order
 * (load_parts.c), where a repeated id is found.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "idmap.h"
#include "load_internal.h"
#include "refnet/bigmem.h"
#include "refnet/date.h"
#include "refnet/text.h"

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

long rn_load_field_col(const struct table_load *t, int role)
{
	return t->col[role] < 0 ? 1 : t->col[role] + 1;
}

const char *rn_load_keep(struct rn_network *net, const char *s, size_t n, int *fail)
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
			rn_load_keep(t->net, rec->field[c], rec->len[c], &fail);
	}
	return fail ? -1 : 0;
}

/* ---- cells -------------------------------------------------------------- */

/* A cell checked: what its column's kind stores. */
struct cell {
	const char *s;          /* the text (trimmed or as written, by kind) */
	size_t n;
	igraph_integer_t v;     /* contact */
	double d;               /* strength, value */
	int date;
	unsigned char u8;       /* stage, kind */
};

#define CLIP(n) ((int) ((n) > 40 ? 40 : (n)))   /* bad input quoted in messages */

static int check_date(struct table_load *t, const struct rn_csv_record *rec, int role,
                      struct cell *c)
{
	c->date = RN_NO_DATE;
	if (c->n && rn_date_parse(c->s, c->n, &c->date) < 0) {
		rn_diag_error(t->diag, t->file, field_line(t, rec, role), rn_load_field_col(t, role),
		              "bad date '%.*s' in column '%s' (expected YYYY-MM-DD or an ISO 8601 "
		              "timestamp)",
		              CLIP(c->n), c->s, t->def->col[role].name);
		return -1;
	}
	return 0;
}

/*
 * The contact named by a contact cell (looked up beforehand, in a batch),
 * or -1: unknown is an error only when every contact could be read.
 */
static int check_contact(struct table_load *t, const struct rn_csv_record *rec, int role,
                         struct cell *c)
{
	c->v = t->id_pre[role == t->id_role[0] ? 0 : 1];
	if (c->v < 0 && t->ids_complete)
		rn_diag_error(t->diag, t->file, field_line(t, rec, role), rn_load_field_col(t, role),
		              "unknown contact id '%.*s' in column '%s'", (int) c->n, c->s,
		              t->def->col[role].name);
	return c->v < 0 ? -1 : 0;
}

static int check_strength(struct table_load *t, const struct rn_csv_record *rec, int role,
                          struct cell *c)
{
	c->d = RN_DEFAULT_STRENGTH;
	if (c->n && !rn_text_plain_decimal(c->s, c->n)) {
		rn_diag_error(t->diag, t->file, field_line(t, rec, role), rn_load_field_col(t, role),
		              "strength must be a plain decimal number in (0, 1] such as 0.75 "
		              "(no exponent or sign), got '%.*s'", CLIP(c->n), c->s);
		return -1;
	}
	if (c->n && (rn_text_number(c->s, c->n, &c->d) != 0 || !(c->d > 0.0 && c->d <= 1.0))) {
		rn_diag_error(t->diag, t->file, field_line(t, rec, role), rn_load_field_col(t, role),
		              "strength must be a number in (0, 1], got '%.*s'", CLIP(c->n), c->s);
		return -1;
	}
	return 0;
}

static int check_value(struct table_load *t, const struct rn_csv_record *rec, int role,
                       struct cell *c)
{
	long line = field_line(t, rec, role), col = rn_load_field_col(t, role);
	c->d = NAN;
	if (c->n == 0)
		return 0;
	if (!rn_text_plain_decimal(c->s, c->n)) {
		rn_diag_error(t->diag, t->file, line, col,
		              "value must be a plain decimal number such as 1250.50 (no currency "
		              "sign, thousands separator or exponent), got '%.*s'",
		              CLIP(c->n), c->s);
		return -1;
	}
	if (c->s[0] == '-' && strspn(c->s, "-0.") != c->n) {
		rn_diag_error(t->diag, t->file, line, col,
		              "value must be a non-negative number, got '%.*s'", CLIP(c->n), c->s);
		return -1;
	}
	if (rn_text_number(c->s, c->n, &c->d) != 0 || c->d > RN_MAX_VALUE) {
		rn_diag_error(t->diag, t->file, line, col,
		              "value must be at most 1000000000000 (10^12), got '%.*s'",
		              CLIP(c->n), c->s);
		return -1;
	}
	c->d = fabs(c->d);   /* "-0" is 0 */
	return 0;
}

static void check_stage(struct table_load *t, const struct rn_csv_record *rec, int role,
                        struct cell *c)
{
	c->u8 = RN_STAGE_NONE;
	if (c->n == 0)
		return;
	c->u8 = RN_STAGE_OTHER;
	for (int k = RN_STAGE_SUSPECT; k <= RN_STAGE_PARTNER; k++)
		if (rn_text_ieq(c->s, c->n, rn_stage_name((enum rn_stage) k)))
			c->u8 = (unsigned char) k;
	if (c->u8 == RN_STAGE_OTHER)
		rn_diag_warn(t->diag, t->file, field_line(t, rec, role), rn_load_field_col(t, role),
		             "unknown stage '%.*s' (known: suspect, prospect, customer, "
		             "partner); kept as written", (int) c->n, c->s);
}

static int check_kind(struct table_load *t, const struct rn_csv_record *rec, int role,
                      struct cell *c)
{
	int kind = -1;
	for (int k = 0; k < RN_KIND_COUNT; k++)
		if (rn_text_ieq(c->s, c->n, rn_kind_name((enum rn_kind) k)))
			kind = k;
	if (kind < 0) {
		rn_diag_error(t->diag, t->file, field_line(t, rec, role), rn_load_field_col(t, role),
		              "unknown kind '%.*s' (expected referral, intro, ask, pitch, "
		              "touch, meeting, thanks or gift)", CLIP(c->n), c->s);
		return -1;
	}
	c->u8 = (unsigned char) kind;
	return 0;
}

/*
 * Check the cell of a role; 0, or -1 when the row cannot be stored (the
 * problem was reported, here or by the reader for a bad field).  A bad
 * field of an optional column reads as empty: the reader's error already
 * fails the load.
 */
static int check_cell(struct table_load *t, const struct rn_csv_record *rec, int role,
                      struct cell *c)
{
	const struct rn_column_def *def = &t->def->col[role];
	if (def->cell == RN_CELL_NAME || def->cell == RN_CELL_TEXT)
		c->s = text_field(t, rec, role, &c->n);
	else
		c->s = field(t, rec, role, &c->n);
	if (def->required && field_bad(t, rec, role))
		return -1;
	if (def->required && c->n == 0) {
		if (def->cell == RN_CELL_CONTACT)
			rn_diag_error(t->diag, t->file, field_line(t, rec, role),
			              rn_load_field_col(t, role), "empty contact id in column '%s'",
			              def->name);
		else
			rn_diag_error(t->diag, t->file, field_line(t, rec, role),
			              rn_load_field_col(t, role), "empty %s (every %s needs one)",
			              def->name, t->def->row);
		return -1;
	}
	switch ((enum rn_cell) def->cell) {
	case RN_CELL_CONTACT: return check_contact(t, rec, role, c);
	case RN_CELL_STRENGTH: return check_strength(t, rec, role, c);
	case RN_CELL_DATE: return check_date(t, rec, role, c);
	case RN_CELL_KIND: return check_kind(t, rec, role, c);
	case RN_CELL_VALUE: return check_value(t, rec, role, c);
	case RN_CELL_STAGE: check_stage(t, rec, role, c); return 0;
	case RN_CELL_OWN_ID:
	case RN_CELL_NAME:
	case RN_CELL_TAGS:
	case RN_CELL_TEXT: return 0;
	}
	return 0;
}

/*
 * Store a checked cell in row i of its column.  *own_id is the row's id
 * (stored first), the name when the name is empty.
 */
static enum rn_status store_cell(struct table_load *t, const struct rn_csv_record *rec,
                                 int role, const struct cell *c, size_t i,
                                 const char **own_id, int *fail)
{
	struct rn_network *net = t->net;
	const struct rn_column_def *def = &t->def->col[role];
	void *a = rn_load_array(net, def->at);
	switch ((enum rn_cell) def->cell) {
	case RN_CELL_OWN_ID: {
		/* Ids are kept in Unicode NFC: "café" typed with a combining accent
		 * is the same id as with a precomposed "é". */
		char *nfc;
		int norm = rn_text_nfc(c->s, c->n, &nfc);
		if (norm < 0)
			return RN_E_INTERNAL;
		*own_id = norm ? rn_load_keep(net, nfc, strlen(nfc), fail)
		               : rn_load_keep(net, c->s, c->n, fail);
		free(nfc);
		((const char **) a)[i] = *own_id;
		t->id_line[i] = field_line(t, rec, role);
		break;
	}
	case RN_CELL_NAME:
		((const char **) a)[i] = c->n ? rn_load_keep(net, c->s, c->n, fail) : *own_id;
		break;
	case RN_CELL_TEXT:
		((const char **) a)[i] = rn_load_keep(net, c->s, c->n, fail);
		break;
	case RN_CELL_STAGE:
		((const char **) rn_load_array(net, def->text_at))[i] =
			rn_load_keep(net, c->s, c->n, fail);
		((unsigned char *) a)[i] = c->u8;
		break;
	case RN_CELL_KIND:
		((unsigned char *) a)[i] = c->u8;
		break;
	case RN_CELL_TAGS:
		return rn_load_tags(net, t->tags, c->s, c->n, &((struct rn_tag_span *) a)[i]);
	case RN_CELL_CONTACT:
		((igraph_integer_t *) a)[i] = c->v;
		break;
	case RN_CELL_STRENGTH:
	case RN_CELL_VALUE:
		((double *) a)[i] = c->d;
		break;
	case RN_CELL_DATE:
		((int *) a)[i] = c->date;
		break;
	}
	return RN_OK;
}

/*
 * A row: every cell checked (each problem reported), then, if all are
 * good, stored.  A contact row without a usable id is not checked further.
 */
static enum rn_status row_record(struct table_load *t, const struct rn_csv_record *rec)
{
	const struct rn_table_def *def = t->def;
	struct cell cell[RN_ROLES_MAX];
	int bad = 0;
	for (size_t r = 0; r < def->ncols; r++) {
		memset(&cell[r], 0, sizeof(cell[r]));
		cell[r].v = -1;
		int rbad = check_cell(t, rec, (int) r, &cell[r]) < 0;
		if (rbad && def->col[r].cell == RN_CELL_OWN_ID)
			return RN_OK;
		bad |= rbad;
		if ((int) r == def->contact[1] && cell[def->contact[0]].v >= 0 &&
		    cell[def->contact[0]].v == cell[r].v) {
			rn_diag_error(t->diag, t->file, field_line(t, rec, (int) r),
			              rn_load_field_col(t, (int) r), def->same,
			              t->net->id[cell[r].v]);
			bad = 1;
		}
	}
	if (bad)
		return RN_OK;

	enum rn_status st = reserve_row(t, rec);
	if (st != RN_OK)
		return RN_E_INTERNAL;
	size_t i = t->n;
	int fail = 0;
	const char *own_id = NULL;
	for (size_t r = 0; r < def->ncols; r++) {
		st = store_cell(t, rec, (int) r, &cell[r], i, &own_id, &fail);
		if (st != RN_OK)
			return st;
	}
	((long *) rn_load_array(t->net, def->line_at))[i] = rec->line0;
	if (fail || keep_extras(t, rec) < 0)
		return RN_E_INTERNAL;
	t->n++;
	*(igraph_integer_t *) ((char *) t->net + def->count_at) = (igraph_integer_t) t->n;
	return RN_OK;
}

/* ---- batches ------------------------------------------------------------ */

void rn_load_batch_free(struct batch *b)
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

int rn_load_batch_init(struct batch *b, size_t nfields)
{
	b->maxf = nfields ? nfields : 1;
	b->off = malloc(RN_BATCH * b->maxf * sizeof(*b->off));
	b->len = malloc(RN_BATCH * b->maxf * sizeof(*b->len));
	b->line = malloc(RN_BATCH * b->maxf * sizeof(*b->line));
	b->ptr = malloc(RN_BATCH * b->maxf * sizeof(*b->ptr));
	b->bad = malloc(RN_BATCH * b->maxf);
	return !b->off || !b->len || !b->line || !b->ptr || !b->bad ? -1 : 0;
}

enum rn_status rn_load_batch_flush(struct table_load *t)
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
		enum rn_status st = row_record(t, &rec);
		if (st != RN_OK)
			return st;
	}
	b->n = 0;
	b->buf_len = 0;
	return RN_OK;
}

static enum rn_status read_header(struct table_load *t, const struct rn_csv_record *rec);

/* The reader's callback: contacts go straight in; ties and logs queue the
 * record and flush the queue when full. */
enum rn_status rn_load_record(void *ctx, const struct rn_csv_record *rec)
{
	struct table_load *t = ctx;
	struct batch *b = t->batch;
	if (rec->index == 0) {
		if (rn_load_batch_init(b, rec->nfields) < 0)
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
	if (!t->id_role)   /* no ids to look up */
		return row_record(t, rec);
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
		return rn_load_batch_flush(t);
	return RN_OK;
}

/* ---- headers ------------------------------------------------------------ */

/* The header's problem when a required column is missing. */
static void missing_column(struct table_load *t, int role)
{
	const char *al[8];
	size_t na = rn_schema_aliases(t->table, role, al, RN_ARRAY_LEN(al));
	char list[256] = "";
	size_t used = 0;
	for (size_t a = 0; a < na && used < sizeof(list); a++) {
		int w = snprintf(list + used, sizeof(list) - used, "%s'%s'", a ? ", " : "", al[a]);
		if (w > 0)
			used += (size_t) w;
	}
	if (na)
		rn_diag_error(t->diag, t->file, 1, 1,
		              "missing required column '%s' (also accepted: %s)",
		              t->def->col[role].name, list);
	else
		rn_diag_error(t->diag, t->file, 1, 1, "missing required column '%s'",
		              t->def->col[role].name);
}

static enum rn_status read_header(struct table_load *t, const struct rn_csv_record *rec)
{
	struct rn_network *net = t->net;
	struct rn_columns *cols = &net->cols[t->table];

	for (size_t r = 0; r < t->def->ncols; r++)
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
			cols->header[i] = rn_load_keep(net, nbuf, strlen(nbuf), &fail);
		} else {
			cols->header[i] = rn_load_keep(net, s, n, &fail);
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
				              cols->header[i], t->def->col[role].name, t->col[role] + 1);
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

	for (size_t r = 0; r < t->def->ncols; r++) {
		if (t->def->col[r].required && t->col[r] < 0) {
			missing_column(t, (int) r);
			t->usable = 0;
		}
	}
	return RN_OK;
}

void rn_load_release_columns(struct rn_columns *c)
{
	free(c->header);
	free(c->role);
	free(c->extra_name);
	free(c->extra_col);
	memset(c, 0, sizeof(*c));
}

/* ---- setting up --------------------------------------------------------- */

void rn_load_table_setup(struct table_load *t, struct rn_network *net, struct rn_diag *diag,
                         enum rn_table_id id, int ids_complete)
{
	memset(t, 0, sizeof(*t));
	t->net = net;
	t->diag = diag;
	t->table = id;
	t->def = rn_schema_table(id);
	t->file = rn_network_display_file(net, id);
	t->ids_complete = ids_complete;
	for (size_t i = 0; i < RN_ARRAY_LEN(t->col); i++)
		t->col[i] = -1;
	t->extra = (const char ***) rn_load_array_slot(net, t->def->extra_at);
	int own_id = 0;
	for (size_t r = 0; r < t->def->ncols; r++) {
		const struct rn_column_def *c = &t->def->col[r];
		add_array(t, rn_load_array_slot(net, c->at), rn_schema_cell_size(c->cell));
		if (c->text_at != RN_NOWHERE)
			add_array(t, rn_load_array_slot(net, c->text_at), sizeof(const char *));
		own_id |= c->cell == RN_CELL_OWN_ID;
	}
	add_array(t, rn_load_array_slot(net, t->def->line_at), sizeof(long));
	if (own_id)   /* for the message on a repeated id */
		add_array(t, &t->id_line, sizeof(*t->id_line));
	if (t->def->contact[0] >= 0)
		t->id_role = t->def->contact;
}

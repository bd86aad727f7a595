/*
 * Streaming rows in rn_table's four layouts.  See rowout.h.  Rows are laid
 * out a block at a time into a buffer written with one fwrite; with several
 * threads, each lays out its own block of a round.
 */
#include "refnet/rowout.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "refnet/parallel.h"
#include "refnet/sb.h"
#include "refnet/text.h"

/* The one output buffer of every format, a string builder (refnet/sb.h)
 * filled here directly: rows are laid out into a heap builder that grows; a
 * single cell (rn_csv_put ...) into a fixed builder over the caller's array
 * that is written to `sink` whenever it fills.  The text is only ever
 * fwrite()n, so these appends do not keep the NUL terminator. */
struct line {
	struct rn_sb b;
	FILE *sink;                  /* b is fixed, emptied into sink */
};

/* Room for `more` bytes (rn_sb_reserve keeps one for a NUL); a sink is
 * emptied instead, put() then writes what is still larger directly. */
static void grow(struct line *l, size_t more)
{
	if (l->b.len + more < l->b.cap)
		return;
	if (l->sink) {
		fwrite(l->b.s, 1, l->b.len, l->sink);
		l->b.len = 0;
		return;
	}
	rn_sb_reserve(&l->b, more);
}

static void put(struct line *l, const char *s, size_t n)
{
	if (!n)
		return;
	if (l->sink && n >= l->b.cap) {
		grow(l, n);
		fwrite(s, 1, n, l->sink);
		return;
	}
	grow(l, n);
	if (l->b.oom)
		return;
	memcpy(l->b.s + l->b.len, s, n);
	l->b.len += n;
}

static void putc1(struct line *l, char c)
{
	grow(l, 1);
	if (!l->b.oom)
		l->b.s[l->b.len++] = c;
}

static void spaces(struct line *l, size_t n)
{
	if (!n)
		return;
	grow(l, n);
	if (l->b.oom)
		return;
	memset(l->b.s + l->b.len, ' ', n);
	l->b.len += n;
}

/* The rest of a quoted CSV field after its opening quote: s with each
 * quote doubled, then the closing quote. */
static void put_quoted_rest(struct line *l, const char *s)
{
	for (;;) {
		const char *q = strchr(s, '"');
		if (!q) {
			put(l, s, strlen(s));
			break;
		}
		put(l, s, (size_t) (q - s) + 1);
		putc1(l, '"');
		s = q + 1;
	}
	putc1(l, '"');
}

/* rn_csv_put's rule: quote when the field holds , " CR or LF or starts or
 * ends with a blank; double the quotes inside.  strcspn/strchr do the
 * scanning (vectorized in the C library). */
static void put_csv(struct line *l, const char *s)
{
	size_t n = strcspn(s, ",\"\r\n");
	int special = s[n] != '\0';
	if (!special) {
		if (n && (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t'))
			special = 1;
		else {
			put(l, s, n);
			return;
		}
	}
	putc1(l, '"');
	put_quoted_rest(l, s);
}

/* rn_tsv_put's rule. */
static void put_tsv(struct line *l, const char *s)
{
	for (const char *p = s; *p; p++) {
		switch (*p) {
		case '\t': put(l, "\\t", 2); break;
		case '\n': put(l, "\\n", 2); break;
		case '\r': put(l, "\\r", 2); break;
		case '\\': put(l, "\\\\", 2); break;
		default: putc1(l, *p);
		}
	}
}

/* Whether s is valid UTF-8 (no overlong form, surrogate or code point past
 * U+10FFFF), as a JSON string must be. */
static int utf8_valid(const unsigned char *p)
{
	while (*p) {
		unsigned c = *p;
		if (c < 0x80) {
			p++;
			continue;
		}
		size_t n = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc2 ? 1 : 0;
		if (!n || c > 0xf4)
			return 0;
		unsigned cp = c & (0x3f >> n);
		for (size_t k = 1; k <= n; k++) {
			if ((p[k] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (p[k] & 0x3f);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		p += n + 1;
	}
	return 1;
}

/* A JSON string as jansson writes it by default: UTF-8 kept, '"' and '\\'
 * escaped, control characters as \b \f \n \r \t or \u00XX; null for text
 * that is not UTF-8 (no JSON string can hold it). */
static void put_json(struct line *l, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const char *p = s; *p; p++)
		if ((unsigned char) *p >= 0x80) {
			if (!utf8_valid((const unsigned char *) p)) {
				put(l, "null", 4);
				return;
			}
			break;
		}
	putc1(l, '"');
	const char *run = s;
	for (const char *p = s; ; p++) {
		unsigned char c = (unsigned char) *p;
		if (c && c >= 0x20 && c != '"' && c != '\\')
			continue;
		put(l, run, (size_t) (p - run));
		if (!c)
			break;
		run = p + 1;
		switch (c) {
		case '"': put(l, "\\\"", 2); break;
		case '\\': put(l, "\\\\", 2); break;
		case '\b': put(l, "\\b", 2); break;
		case '\f': put(l, "\\f", 2); break;
		case '\n': put(l, "\\n", 2); break;
		case '\r': put(l, "\\r", 2); break;
		case '\t': put(l, "\\t", 2); break;
		default: {
			char u[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };
			put(l, u, 6);
		}
		}
	}
	putc1(l, '"');
}

/* What a text cell needs to know of its bytes: eight at a time. */
struct scan {
	size_t n;        /* bytes */
	int plain;       /* printable ASCII only: shown as it is, the width is n */
};

static struct scan scan_cell(const char *s)
{
	struct scan c = { strlen(s), 1 };
	size_t i = 0;
	uint64_t high = 0, low = 0, del = 0;
	/* A byte >= 0x80 sets its high bit in `high`; a byte < 0x20 (or one
	 * after it) in `low`; a 0x7f (DEL) in `del`.  An extra bit only sends a
	 * cell down the slow path, which finds out exactly. */
	for (; i + 8 <= c.n; i += 8) {
		uint64_t w, x;
		memcpy(&w, s + i, 8);
		x = w ^ 0x7f7f7f7f7f7f7f7fULL;
		high |= w;
		low |= (w - 0x2020202020202020ULL) & ~w;
		del |= (x - 0x0101010101010101ULL) & ~x;
	}
	for (; i < c.n; i++) {
		uint64_t w = (unsigned char) s[i];
		high |= w;
		low |= (w - 0x20) & ~w;
		del |= w == 0x7f ? 0x80 : 0;
	}
	c.plain = !((high | low | del) & 0x8080808080808080ULL);
	return c;
}

/* Text cells are shown as rn_text_escape() shows text in messages (a line
 * break as \n, ...), the width measured on the escaped text; NULL from it
 * means nothing to escape (or out of memory: then the text as it is). */
static size_t cell_width(const char *s, const struct scan *c)
{
	if (c->plain)
		return c->n;
	char *e = rn_text_escape(s);
	size_t w = rn_text_width(e ? e : s);
	free(e);
	return w;
}

static void put_text(struct line *l, const char *s, const struct scan *c)
{
	if (c->plain) {
		put(l, s, c->n);
		return;
	}
	char *e = rn_text_escape(s);
	put(l, e ? e : s, e ? strlen(e) : c->n);
	free(e);
}

static int flush(struct line *l, FILE *fp)
{
	if (l->b.oom)
		return -1;
	if (l->b.len && fwrite(l->b.s, 1, l->b.len, fp) != l->b.len)
		return -1;
	l->b.len = 0;
	return 0;
}

/* One cell written straight to fp by `put_cell`, through a stack buffer. */
static void put_one(FILE *fp, const char *s, void (*put_cell)(struct line *, const char *))
{
	char buf[512];
	struct line l = { .sink = fp };
	rn_sb_init_fixed(&l.b, buf, sizeof(buf));
	put_cell(&l, s);
	fwrite(l.b.s, 1, l.b.len, fp);
}

void rn_csv_put(FILE *fp, const char *s)
{
	put_one(fp, s, put_csv);
}

void rn_tsv_put(FILE *fp, const char *s)
{
	put_one(fp, s, put_tsv);
}

void rn_json_put_string(FILE *fp, const char *s)
{
	put_one(fp, s, put_json);
}

/* What every thread needs to lay rows out. */
struct layout {
	enum rn_format f;
	const struct rn_rowout_col *cols;
	size_t ncols;
	rn_rowout_fn fn;
	rn_rowout_typed_fn tfn;      /* instead of fn: cells of mixed kinds (rn_table) */
	const unsigned char *fixed_right;   /* text: the caller's alignment, or NULL */
	const size_t *w;             /* text: column widths */
	const unsigned char *right;  /* text: right-aligned columns */
	int guard;                   /* csv/tsv: spreadsheet formula guard */
};

/* One text line of cells, padded to the widths. */
static void text_line(struct line *l, const struct layout *lay, const char *const *cells)
{
	for (size_t j = 0; j < lay->ncols; j++) {
		const char *s = cells[j] ? cells[j] : "";
		struct scan c = scan_cell(s);
		int padded = lay->right[j] || j + 1 < lay->ncols;
		size_t gap = padded ? lay->w[j] - cell_width(s, &c) : 0;
		if (j)
			put(l, "  ", 2);
		if (lay->right[j])
			spaces(l, gap);
		put_text(l, s, &c);
		if (!lay->right[j] && padded)
			spaces(l, gap);
	}
	putc1(l, '\n');
}

/* A text cell that a spreadsheet would run as a formula, with rn_table's
 * guard (refnet/output.h): "'" + s, quoted by put_csv's rule for a field
 * whose first character is not a blank. */
static void put_guarded(struct line *l, const char *s, int tsv)
{
	if (tsv) {
		putc1(l, '\'');
		put_tsv(l, s);
		return;
	}
	size_t n = strlen(s);
	if (!strpbrk(s, ",\"\r\n") && s[n - 1] != ' ' && s[n - 1] != '\t') {
		putc1(l, '\'');
		put(l, s, n);
		return;
	}
	put(l, "\"'", 2);
	put_quoted_rest(l, s);
}

/* Whether cell c is a number: by the row's own kinds (num, from a typed
 * row function) or by its column. */
static inline int is_number(const struct layout *lay, const unsigned char *num, size_t c)
{
	return num ? num[c] : lay->cols[c].number;
}

/* One CSV or TSV line. */
static void delimited_line(struct line *l, const struct layout *lay, const char *const *cells,
                           const unsigned char *num)
{
	int tsv = lay->f == RN_FMT_TSV;
	for (size_t j = 0; j < lay->ncols; j++) {
		const char *s = cells[j];
		if (j)
			putc1(l, tsv ? '\t' : ',');
		if (!s)
			continue;
		if (lay->guard && !is_number(lay, num, j) && rn_cell_needs_guard(s))
			put_guarded(l, s, tsv);
		else
			(tsv ? put_tsv : put_csv)(l, s);
	}
	putc1(l, '\n');
}

/* Row i as a JSON object, after the separator that i calls for. */
static void json_object(struct line *l, const struct layout *lay, size_t i,
                        const char *const *cells, const unsigned char *num)
{
	put(l, i ? ",\n  {" : "\n  {", i ? 5 : 4);
	for (size_t j = 0; j < lay->ncols; j++) {
		if (j)
			putc1(l, ',');
		put_json(l, lay->cols[j].name);
		putc1(l, ':');
		if (!cells[j])
			put(l, "null", 4);
		else if (is_number(lay, num, j))
			put(l, cells[j], strlen(cells[j]));
		else
			put_json(l, cells[j]);
	}
	putc1(l, '}');
}

/* One thread's share: rows [from, to), laid out into l, or widths. */
struct job {
	const struct layout *lay;
	void *ctx;
	const char **cells;
	unsigned char *num;          /* typed rows: the kinds of the cells */
	size_t from, to;
	struct line l;
	size_t *w;                   /* widths: this share's maximum per column */
	unsigned char *right;
	int failed;
};

/* Row i into the job's cells (and kinds). */
static int get_row(const struct layout *lay, struct job *j, size_t i, int all)
{
	if (lay->tfn)
		return lay->tfn(j->ctx, i, all, j->cells, j->num);
	return lay->fn(j->ctx, i, all, j->cells);
}

static void *lay_out_rows(void *vj)
{
	struct job *j = vj;
	const struct layout *lay = j->lay;
	const unsigned char *num = lay->tfn ? j->num : NULL;
	for (size_t i = j->from; i < j->to && !j->failed; i++) {
		if (get_row(lay, j, i, 1) < 0) {
			j->failed = 1;
			break;
		}
		if (lay->f == RN_FMT_TEXT)
			text_line(&j->l, lay, j->cells);
		else if (lay->f == RN_FMT_JSON)
			json_object(&j->l, lay, i, j->cells, num);
		else
			delimited_line(&j->l, lay, j->cells, num);
	}
	j->failed |= j->l.b.oom;
	return NULL;
}

static void *measure_rows(void *vj)
{
	struct job *j = vj;
	const struct layout *lay = j->lay;
	size_t n = lay->ncols;
	/* The last column's width matters only when it is right-aligned. */
	int need_last = n && (lay->fixed_right ? lay->fixed_right[n - 1] : lay->cols[n - 1].number);
	for (size_t i = j->from; i < j->to; i++) {
		if (get_row(lay, j, i, need_last) < 0) {
			j->failed = 1;
			break;
		}
		for (size_t c = 0; c < n; c++) {
			if (!j->cells[c] || (c + 1 == n && !need_last))
				continue;
			struct scan sc = scan_cell(j->cells[c]);
			size_t cw = cell_width(j->cells[c], &sc);
			if (cw > j->w[c])
				j->w[c] = cw;
			if (!lay->fixed_right && lay->cols[c].number)
				j->right[c] = 1;
		}
	}
	return NULL;
}

/* Run fn on jobs[0..n) at once. */
static void run_jobs(struct job *jobs, int n, void *(*fn)(void *))
{
	struct rn_task task[RN_THREADS_MAX];
	for (int t = 0; t < n; t++) {
		task[t].fn = fn;
		task[t].arg = &jobs[t];
	}
	rn_run_tasks(task, n);
}

/* The writer behind both entry points: lay's format, columns and row
 * function; ctx[t] for thread t. */
static int write_rows(FILE *fp, struct layout lay, size_t nrows, void *const *ctx, int nthreads)
{
	enum rn_format f = lay.f;
	const struct rn_rowout_col *cols = lay.cols;
	size_t ncols = lay.ncols;
	struct job jobs[RN_THREADS_MAX];
	struct line head = { .sink = NULL };
	rn_sb_init(&head.b);
	size_t *w = calloc((size_t) RN_THREADS_MAX * (ncols + 1), sizeof(*w));
	unsigned char *right = calloc((size_t) RN_THREADS_MAX * (ncols + 1), 1);
	unsigned char *num = calloc((size_t) RN_THREADS_MAX * (ncols + 1), 1);
	const char **cells = calloc((size_t) RN_THREADS_MAX * (ncols + 1), sizeof(*cells));
	char **titles = calloc(ncols + 1, sizeof(*titles));
	int rc = -1;

	if (nthreads < 1)
		nthreads = 1;
	if (nthreads > RN_THREADS_MAX)
		nthreads = RN_THREADS_MAX;
	if ((size_t) nthreads > nrows / 1024 + 1)   /* few rows: not worth a thread */
		nthreads = (int) (nrows / 1024) + 1;
	memset(jobs, 0, sizeof(jobs));
	if (!w || !right || !num || !cells || !titles)
		goto cleanup;
	for (int t = 0; t < nthreads; t++) {
		jobs[t].lay = &lay;
		jobs[t].ctx = ctx[t];
		jobs[t].cells = cells + (size_t) t * (ncols + 1);
		jobs[t].num = num + (size_t) t * (ncols + 1);
		jobs[t].w = w + (size_t) t * (ncols + 1);
		jobs[t].right = right + (size_t) t * (ncols + 1);
	}

	/* The heading line. */
	switch (f) {
	case RN_FMT_TEXT:
		for (size_t j = 0; j < ncols; j++) {
			if (!(titles[j] = strdup(cols[j].name)))
				goto cleanup;
			for (char *p = titles[j]; *p; p++)
				if (*p == '_')
					*p = ' ';
			w[j] = rn_text_width(titles[j]);
		}
		/* Widths first: each thread measures a share, the widest wins. */
		for (int t = 0; t < nthreads; t++) {
			jobs[t].from = nrows * (size_t) t / (size_t) nthreads;
			jobs[t].to = nrows * (size_t) (t + 1) / (size_t) nthreads;
		}
		run_jobs(jobs, nthreads, measure_rows);
		for (int t = 0; t < nthreads; t++) {
			if (jobs[t].failed)
				goto cleanup;
			for (size_t j = 0; t && j < ncols; j++) {
				if (jobs[t].w[j] > w[j])
					w[j] = jobs[t].w[j];
				right[j] |= jobs[t].right[j];
			}
		}
		if (lay.fixed_right)
			memcpy(right, lay.fixed_right, ncols);
		lay.w = w;
		lay.right = right;
		text_line(&head, &lay, (const char *const *) titles);
		break;
	case RN_FMT_CSV:
	case RN_FMT_TSV:
		for (size_t j = 0; j < ncols; j++)
			cells[j] = cols[j].name;
		lay.guard = 0;   /* the header is our own names */
		delimited_line(&head, &lay, cells, NULL);
		lay.guard = rn_output_formula_guard();
		break;
	case RN_FMT_JSON:
		putc1(&head, '[');
		break;
	}
	if (flush(&head, fp) < 0)
		goto cleanup;

	/* The rows, a round at a time: each thread lays out a block of rows
	 * into its own buffer, then the blocks are written in order. */
	for (size_t at = 0; at < nrows;) {
		int n = 0;
		for (; n < nthreads && at < nrows; n++) {
			jobs[n].from = at;
			at = nrows - at < RN_ROWOUT_BLOCK ? nrows : at + RN_ROWOUT_BLOCK;
			jobs[n].to = at;
		}
		run_jobs(jobs, n, lay_out_rows);
		for (int t = 0; t < n; t++)
			if (jobs[t].failed || flush(&jobs[t].l, fp) < 0)
				goto cleanup;
	}

	if (f == RN_FMT_JSON)
		put(&head, nrows ? "\n]\n" : "]\n", nrows ? 3 : 2);
	rc = flush(&head, fp);
cleanup:
	for (size_t j = 0; titles && j < ncols; j++)
		free(titles[j]);
	for (int t = 0; t < RN_THREADS_MAX; t++)
		rn_sb_release(&jobs[t].l.b);
	rn_sb_release(&head.b);
	free(titles);
	free(cells);
	free(num);
	free(w);
	free(right);
	return rc < 0 || ferror(fp) ? -1 : 0;
}

int rn_rowout_write_threads(FILE *fp, enum rn_format f, const struct rn_rowout_col *cols,
                            size_t ncols, size_t nrows, rn_rowout_fn fn, void *const *ctx,
                            int nthreads)
{
	struct layout lay = { .f = f, .cols = cols, .ncols = ncols, .fn = fn,
	                      .guard = rn_output_formula_guard() };
	return write_rows(fp, lay, nrows, ctx, nthreads);
}

int rn_rowout_write_typed(FILE *fp, enum rn_format f, const struct rn_rowout_col *cols,
                          size_t ncols, size_t nrows, rn_rowout_typed_fn fn, void *ctx,
                          const unsigned char *right)
{
	struct layout lay = { .f = f, .cols = cols, .ncols = ncols, .tfn = fn,
	                      .fixed_right = right, .guard = rn_output_formula_guard() };
	return write_rows(fp, lay, nrows, &ctx, 1);
}

int rn_rowout_write(FILE *fp, enum rn_format f, const struct rn_rowout_col *cols, size_t ncols,
                    size_t nrows, rn_rowout_fn fn, void *ctx)
{
	return rn_rowout_write_threads(fp, f, cols, ncols, nrows, fn, &ctx, 1);
}

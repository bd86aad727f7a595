/*
 * Streaming rows in rn_table's four layouts.  See rowout.h.  Each line is
 * built in one buffer and written with one fwrite.
 */
#include "rowout.h"

#include <stdlib.h>
#include <string.h>

#include "refnet/text.h"

struct line {
	char *s;
	size_t n, cap;
	int oom;
};

static void grow(struct line *l, size_t more)
{
	if (l->n + more <= l->cap)
		return;
	size_t cap = l->cap ? l->cap : 256;
	while (cap < l->n + more)
		cap *= 2;
	char *s = realloc(l->s, cap);
	if (!s) {
		l->oom = 1;
		return;
	}
	l->s = s;
	l->cap = cap;
}

static void put(struct line *l, const char *s, size_t n)
{
	if (!n)
		return;
	grow(l, n);
	if (l->oom)
		return;
	memcpy(l->s + l->n, s, n);
	l->n += n;
}

static void putc1(struct line *l, char c)
{
	grow(l, 1);
	if (!l->oom)
		l->s[l->n++] = c;
}

static void spaces(struct line *l, size_t n)
{
	if (!n)
		return;
	grow(l, n);
	if (l->oom)
		return;
	memset(l->s + l->n, ' ', n);
	l->n += n;
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

/* A JSON string as jansson writes it by default (rn_json_put_string): UTF-8
 * kept, '"' and '\\' escaped, control characters as \b \f \n \r \t or
 * \u00XX. */
static void put_json(struct line *l, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
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

/* A text cell: control characters as spaces. */
static void put_text(struct line *l, const char *s)
{
	size_t n = strlen(s);
	size_t at = l->n;
	put(l, s, n);
	if (l->oom)
		return;
	for (size_t i = at; i < l->n; i++)
		if ((unsigned char) l->s[i] < 0x20)
			l->s[i] = ' ';
}

static int flush(struct line *l, FILE *fp)
{
	if (l->oom)
		return -1;
	if (l->n && fwrite(l->s, 1, l->n, fp) != l->n)
		return -1;
	l->n = 0;
	return 0;
}

static int write_text(FILE *fp, const struct rn_rowout_col *cols, size_t ncols, size_t nrows,
                      rn_rowout_fn fn, void *ctx, const char **cells, struct line *l)
{
	size_t *w = calloc(ncols + 1, sizeof(*w));
	char **titles = calloc(ncols + 1, sizeof(*titles));
	unsigned char *right = calloc(ncols + 1, 1);
	int rc = -1;
	if (!w || !titles || !right)
		goto cleanup;
	for (size_t j = 0; j < ncols; j++) {
		if (!(titles[j] = strdup(cols[j].name)))
			goto cleanup;
		for (char *p = titles[j]; *p; p++)
			if (*p == '_')
				*p = ' ';
		w[j] = rn_text_width(titles[j]);
	}
	/* The last column's width matters only when it is right-aligned. */
	int need_last = ncols && cols[ncols - 1].number;
	for (size_t i = 0; i < nrows; i++) {
		if (fn(ctx, i, need_last, cells) < 0)
			goto cleanup;
		for (size_t j = 0; j < ncols; j++) {
			if (!cells[j] || (j + 1 == ncols && !need_last))
				continue;
			size_t cw = rn_text_width(cells[j]);
			if (cw > w[j])
				w[j] = cw;
			if (cols[j].number)
				right[j] = 1;
		}
	}
	for (size_t i = 0; i <= nrows; i++) {
		if (i && fn(ctx, i - 1, 1, cells) < 0)
			goto cleanup;
		for (size_t j = 0; j < ncols; j++) {
			const char *s = i == 0 ? titles[j] : cells[j] ? cells[j] : "";
			int padded = right[j] || j + 1 < ncols;
			size_t gap = padded ? w[j] - rn_text_width(s) : 0;
			if (j)
				put(l, "  ", 2);
			if (right[j])
				spaces(l, gap);
			put_text(l, s);
			if (!right[j] && padded)
				spaces(l, gap);
		}
		putc1(l, '\n');
		if (flush(l, fp) < 0)
			goto cleanup;
	}
	rc = 0;
cleanup:
	for (size_t j = 0; titles && j < ncols; j++)
		free(titles[j]);
	free(titles);
	free(w);
	free(right);
	return rc;
}

int rn_rowout_write(FILE *fp, enum rn_format f, const struct rn_rowout_col *cols, size_t ncols,
                    size_t nrows, rn_rowout_fn fn, void *ctx)
{
	struct line l = { 0 };
	const char **cells = calloc(ncols + 1, sizeof(*cells));
	int rc = -1;
	if (!cells)
		return -1;

	switch (f) {
	case RN_FMT_TEXT:
		rc = write_text(fp, cols, ncols, nrows, fn, ctx, cells, &l);
		break;
	case RN_FMT_CSV:
	case RN_FMT_TSV:
		for (size_t i = 0; i <= nrows; i++) {
			if (i && fn(ctx, i - 1, 1, cells) < 0)
				goto cleanup;
			for (size_t j = 0; j < ncols; j++) {
				const char *s = i == 0 ? cols[j].name : cells[j];
				if (j)
					putc1(&l, f == RN_FMT_TSV ? '\t' : ',');
				if (s)
					(f == RN_FMT_TSV ? put_tsv : put_csv)(&l, s);
			}
			putc1(&l, '\n');
			if (flush(&l, fp) < 0)
				goto cleanup;
		}
		rc = 0;
		break;
	case RN_FMT_JSON:
		putc1(&l, '[');
		for (size_t i = 0; i < nrows; i++) {
			if (fn(ctx, i, 1, cells) < 0)
				goto cleanup;
			put(&l, i ? ",\n  {" : "\n  {", i ? 5 : 4);
			for (size_t j = 0; j < ncols; j++) {
				if (j)
					putc1(&l, ',');
				put_json(&l, cols[j].name);
				putc1(&l, ':');
				if (!cells[j])
					put(&l, "null", 4);
				else if (cols[j].number)
					put(&l, cells[j], strlen(cells[j]));
				else
					put_json(&l, cells[j]);
			}
			putc1(&l, '}');
			if (flush(&l, fp) < 0)
				goto cleanup;
		}
		put(&l, nrows ? "\n]\n" : "]\n", nrows ? 3 : 2);
		rc = flush(&l, fp);
		break;
	}
cleanup:
	free(l.s);
	free(cells);
	return rc < 0 || ferror(fp) ? -1 : 0;
}

/*
 * The table writer behind every command's output: aligned text for people,
 * CSV/TSV/JSON for programs.  JSON rows are built and escaped by jansson.
 * Text mode shows a cell as rn_text_escape() shows text in messages (a line
 * break as \n, and so on), so a name or a note cannot add a line or break the
 * alignment; the widths are those of the escaped text.  The machine formats
 * keep the exact text.
 */
#include "refnet/output.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "refnet/text.h"

static const char *const format_names[] = { "text", "csv", "tsv", "json" };

int rn_format_parse(const char *s, enum rn_format *f)
{
	for (size_t i = 0; i < RN_ARRAY_LEN(format_names); i++) {
		if (strcmp(s, format_names[i]) == 0) {
			*f = (enum rn_format) i;
			return 0;
		}
	}
	return -1;
}

const char *rn_format_name(enum rn_format f)
{
	return (size_t) f < RN_ARRAY_LEN(format_names) ? format_names[f] : NULL;
}

void rn_fmt_double(double d, char *buf, size_t n)
{
	/* The fewest significant digits that read back exactly... */
	int prec = 1;
	for (; prec < 17; prec++) {
		snprintf(buf, n, "%.*g", prec, d);
		if (strtod(buf, NULL) == d)
			break;
	}
	/* ...but enough that whole numbers below 1e15 are not written 1e+02. */
	if (d != 0 && isfinite(d)) {
		int e = (int) floor(log10(fabs(d)));
		if (e >= prec && e < 15)
			prec = e + 1;
	}
	snprintf(buf, n, "%.*g", prec, d);
}

enum rn_status rn_table_init(struct rn_table *t, size_t ncols, const char *const *names)
{
	memset(t, 0, sizeof(*t));
	t->ncols = ncols;
	t->names = calloc(ncols, sizeof(*t->names));
	t->titles = calloc(ncols, sizeof(*t->titles));
	t->right = calloc(ncols, sizeof(*t->right));
	if (!t->names || !t->titles || !t->right)
		goto fail;
	for (size_t i = 0; i < ncols; i++) {
		t->names[i] = strdup(names[i]);
		t->titles[i] = strdup(names[i]);
		if (!t->names[i] || !t->titles[i])
			goto fail;
		for (char *p = t->titles[i]; *p; p++)
			if (*p == '_')
				*p = ' ';
	}
	return RN_OK;
fail:
	rn_table_release(t);
	return RN_E_INTERNAL;
}

void rn_table_release(struct rn_table *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->ncols; i++) {
		if (t->names)
			free(t->names[i]);
		if (t->titles)
			free(t->titles[i]);
	}
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i].s);
	free(t->names);
	free(t->titles);
	free(t->right);
	free(t->cells);
	memset(t, 0, sizeof(*t));
}

long rn_table_row(struct rn_table *t)
{
	if (t->nrows == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;
		struct rn_cell *c = realloc(t->cells, cap * t->ncols * sizeof(*c));
		if (!c)
			return -1;
		t->cells = c;
		t->cap = cap;
	}
	struct rn_cell *row = t->cells + t->nrows * t->ncols;
	memset(row, 0, t->ncols * sizeof(*row));
	for (size_t i = 0; i < t->ncols; i++)
		row[i].type = RN_CELL_NULL;
	return (long) t->nrows++;
}

static struct rn_cell *cur(struct rn_table *t, size_t col)
{
	struct rn_cell *c = &t->cells[(t->nrows - 1) * t->ncols + col];
	free(c->s);
	c->s = NULL;
	return c;
}

int rn_table_str(struct rn_table *t, size_t col, const char *s)
{
	struct rn_cell *c = cur(t, col);
	if (!s) {
		c->type = RN_CELL_NULL;
		return 0;
	}
	c->type = RN_CELL_STR;
	c->s = strdup(s);
	return c->s ? 0 : -1;
}

int rn_table_int(struct rn_table *t, size_t col, long long v)
{
	struct rn_cell *c = cur(t, col);
	char buf[32];
	snprintf(buf, sizeof(buf), "%lld", v);
	c->type = RN_CELL_INT;
	c->i = v;
	c->s = strdup(buf);
	t->right[col] = 1;
	return c->s ? 0 : -1;
}

int rn_table_num(struct rn_table *t, size_t col, double v, int decimals)
{
	struct rn_cell *c = cur(t, col);
	char buf[64];
	if (!isfinite(v)) {
		c->type = RN_CELL_NULL;   /* no number to show: empty, or null in JSON */
		t->right[col] = 1;
		return 0;
	}
	if (decimals >= 0) {
		double scale = pow(10.0, decimals);
		v = round(v * scale) / scale;
		snprintf(buf, sizeof(buf), "%.*f", decimals, v);
		if (strcmp(buf, "-0") == 0 || (buf[0] == '-' && v == 0.0))
			memmove(buf, buf + 1, strlen(buf));
	} else {
		rn_fmt_double(v, buf, sizeof(buf));
	}
	c->type = RN_CELL_NUM;
	c->num = v;
	c->s = strdup(buf);
	t->right[col] = 1;
	return c->s ? 0 : -1;
}

/* The width in columns of a text cell as it is shown.  rn_text_escape
 * returns NULL when the text needs no escape (or on out of memory: then the
 * text is shown as it is, as in messages). */
static size_t text_cell_width(const char *s)
{
	char *e = rn_text_escape(s);
	size_t w = rn_text_width(e ? e : s);
	free(e);
	return w;
}

static void pad(FILE *fp, size_t n)
{
	while (n--)
		fputc(' ', fp);
}

static int write_text(const struct rn_table *t, FILE *fp)
{
	size_t *w = calloc(t->ncols, sizeof(*w));
	if (!w)
		return -1;
	for (size_t j = 0; j < t->ncols; j++)
		w[j] = text_cell_width(t->titles[j]);
	for (size_t i = 0; i < t->nrows; i++)
		for (size_t j = 0; j < t->ncols; j++) {
			const struct rn_cell *c = &t->cells[i * t->ncols + j];
			size_t cw = c->s ? text_cell_width(c->s) : 0;
			if (cw > w[j])
				w[j] = cw;
		}
	for (size_t i = 0; i <= t->nrows; i++) {
		for (size_t j = 0; j < t->ncols; j++) {
			const char *s = i == 0 ? t->titles[j] : t->cells[(i - 1) * t->ncols + j].s;
			if (!s)
				s = "";
			char *e = rn_text_escape(s);
			size_t gap = w[j] - rn_text_width(e ? e : s);
			int last = j + 1 == t->ncols;
			if (j)
				fputs("  ", fp);
			if (t->right[j])
				pad(fp, gap);
			fputs(e ? e : s, fp);
			free(e);
			if (!t->right[j] && !last)
				pad(fp, gap);
		}
		fputc('\n', fp);
	}
	free(w);
	return ferror(fp) ? -1 : 0;
}

static int formula_guard = 1;

void rn_output_set_formula_guard(int on)
{
	formula_guard = on;
}

int rn_output_formula_guard(void)
{
	return formula_guard;
}

int rn_cell_needs_guard(const char *s)
{
	double d;
	switch (s[0]) {
	case '=': case '+': case '-': case '@': case '\t': case '\r':
		/* "-12.5" is a number a spreadsheet reads as one: leave it. */
		return rn_text_number(s, strlen(s), &d) < 0;
	}
	return 0;
}

/* A text cell of a CSV or TSV report, with the guard when it needs one.
 * The guarded cell is "'" + s, quoted by rn_csv_put's rule: the "'" is its
 * first character, so only a trailing blank or a , " CR LF inside calls for
 * quotes. */
static void put_report_cell(FILE *fp, const char *s, int tsv)
{
	if (!formula_guard || !rn_cell_needs_guard(s)) {
		(tsv ? rn_tsv_put : rn_csv_put)(fp, s);
		return;
	}
	if (tsv) {
		fputc('\'', fp);
		rn_tsv_put(fp, s);
		return;
	}
	size_t n = strlen(s);
	if (!strpbrk(s, ",\"\r\n") && s[n - 1] != ' ' && s[n - 1] != '\t') {
		fputc('\'', fp);
		fputs(s, fp);
		return;
	}
	fputs("\"'", fp);
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			fputc('"', fp);
		fputc(*p, fp);
	}
	fputc('"', fp);
}

void rn_csv_put(FILE *fp, const char *s)
{
	size_t n = strlen(s);
	int quote = n > 0 && (strpbrk(s, ",\"\r\n") || s[0] == ' ' || s[0] == '\t' ||
	                      s[n - 1] == ' ' || s[n - 1] == '\t');
	if (!quote) {
		fputs(s, fp);
		return;
	}
	fputc('"', fp);
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			fputc('"', fp);
		fputc(*p, fp);
	}
	fputc('"', fp);
}

void rn_tsv_put(FILE *fp, const char *s)
{
	for (const char *p = s; *p; p++) {
		switch (*p) {
		case '\t': fputs("\\t", fp); break;
		case '\n': fputs("\\n", fp); break;
		case '\r': fputs("\\r", fp); break;
		case '\\': fputs("\\\\", fp); break;
		default: fputc(*p, fp);
		}
	}
}

static int write_delimited(const struct rn_table *t, FILE *fp, int tsv)
{
	for (size_t i = 0; i <= t->nrows; i++) {
		for (size_t j = 0; j < t->ncols; j++) {
			const char *s = i == 0 ? t->names[j] : t->cells[(i - 1) * t->ncols + j].s;
			if (j)
				fputc(tsv ? '\t' : ',', fp);
			if (!s)
				continue;
			if (i > 0 && t->cells[(i - 1) * t->ncols + j].type == RN_CELL_STR)
				put_report_cell(fp, s, tsv);
			else
				(tsv ? rn_tsv_put : rn_csv_put)(fp, s);
		}
		fputc('\n', fp);
	}
	return ferror(fp) ? -1 : 0;
}

void rn_json_put_string(FILE *fp, const char *s)
{
	/* jansson does the escaping (and rejects invalid UTF-8, which the loader
	 * has already ruled out). */
	json_t *j = json_string(s);
	if (!j || json_dumpf(j, fp, JSON_ENCODE_ANY) != 0)
		fputs("null", fp);
	json_decref(j);
}

static void put_cell_json(FILE *fp, const struct rn_cell *c)
{
	switch (c->type) {
	case RN_CELL_STR:
		rn_json_put_string(fp, c->s);
		return;
	case RN_CELL_INT:
	case RN_CELL_NUM:
		fputs(c->s, fp);   /* the same digits as CSV and text */
		return;
	case RN_CELL_NULL:
		break;
	}
	fputs("null", fp);
}

static int write_json(const struct rn_table *t, FILE *fp)
{
	fputc('[', fp);
	for (size_t i = 0; i < t->nrows; i++) {
		fputs(i ? ",\n  {" : "\n  {", fp);
		for (size_t j = 0; j < t->ncols; j++) {
			if (j)
				fputc(',', fp);
			rn_json_put_string(fp, t->names[j]);
			fputc(':', fp);
			put_cell_json(fp, &t->cells[i * t->ncols + j]);
		}
		fputc('}', fp);
	}
	fputs(t->nrows ? "\n]\n" : "]\n", fp);
	return ferror(fp) ? -1 : 0;
}

int rn_table_write(const struct rn_table *t, FILE *fp, enum rn_format f)
{
	switch (f) {
	case RN_FMT_TEXT: return write_text(t, fp);
	case RN_FMT_CSV: return write_delimited(t, fp, 0);
	case RN_FMT_TSV: return write_delimited(t, fp, 1);
	case RN_FMT_JSON: return write_json(t, fp);
	}
	return -1;
}

void rn_text_wrap(FILE *fp, const char *s, size_t col, size_t indent, size_t width)
{
	if (!s)
		return;
	if (width == 0 || indent >= width) {
		fputs(s, fp);
		return;
	}
	char *word = NULL;
	size_t cap = 0;
	int first = 1;
	while (*s) {
		size_t spaces = strspn(s, " ");
		s += spaces;
		if (!*s)
			break;
		size_t n = strcspn(s, " ");
		if (n + 1 > cap) {
			char *w = realloc(word, n + 1);
			if (!w) {           /* out of memory: the rest unwrapped */
				fputs(s, fp);
				break;
			}
			word = w;
			cap = n + 1;
		}
		memcpy(word, s, n);
		word[n] = '\0';
		size_t w = rn_text_width(word);
		if (!first && col + 1 + w > width) {
			fprintf(fp, "\n%*s", (int) indent, "");
			col = indent;
		} else if (!first) {
			fputc(' ', fp);
			col++;
		}
		fputs(word, fp);
		col += w;
		first = 0;
		s += n;
	}
	free(word);
}

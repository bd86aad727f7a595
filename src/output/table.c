/*
 * The table of typed cells behind most commands' output: aligned text for
 * people, CSV/TSV/JSON for programs.  The table only collects the cells;
 * the row writer (rowout.c) writes them, the one place where each format's
 * layout and escaping is written: text shows a cell as rn_text_escape()
 * shows text in messages (a line break as \n, and so on), so a name or a
 * note cannot add a line or break the alignment; the machine formats keep
 * the exact text.
 */
#include "refnet/output.h"
#include "refnet/rowout.h"

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

/* Row i of the table for the row writer: its cells' text and kinds. */
static int table_row(void *ctx, size_t i, int all, const char **cells, unsigned char *number)
{
	const struct rn_table *t = ctx;
	const struct rn_cell *row = t->cells + i * t->ncols;
	(void) all;
	for (size_t j = 0; j < t->ncols; j++) {
		cells[j] = row[j].type == RN_CELL_NULL ? NULL : row[j].s;
		number[j] = row[j].type == RN_CELL_INT || row[j].type == RN_CELL_NUM;
	}
	return 0;
}

int rn_table_write(const struct rn_table *t, FILE *fp, enum rn_format f)
{
	struct rn_rowout_col *cols = calloc(t->ncols + 1, sizeof(*cols));
	unsigned char *right = calloc(t->ncols + 1, 1);
	int rc = -1;
	if (cols && right) {
		for (size_t j = 0; j < t->ncols; j++) {
			cols[j].name = t->names[j];
			right[j] = t->right[j] != 0;
		}
		rc = rn_rowout_write_typed(fp, f, cols, t->ncols, t->nrows, table_row, (void *) t,
		                           right);
	}
	free(cols);
	free(right);
	return rc < 0 || ferror(fp) ? -1 : 0;
}

/* The bytes of a quoted text that starts at s ('web design', as the
 * explanations quote tags and needs): up to the next quote that ends a word
 * (before a space, punctuation or the end: an apostrophe inside a word,
 * "Mom's", does not end it), and the rest of that word ("',").  0 when s
 * does not start one. */
static size_t quoted_len(const char *s)
{
	if (*s != '\'')
		return 0;
	for (const char *p = s + 1; *p; p++)
		if (*p == '\'' && (!p[1] || strchr(" ,.;:)!?", p[1])))
			return (size_t) (p - s) + 1 + strcspn(p + 1, " ");
	return 0;
}

/* Copy s[0..n) into *word (grown as needed); 0, or -1 on OOM. */
static int take(char **word, size_t *cap, const char *s, size_t n)
{
	if (n + 1 > *cap) {
		char *w = realloc(*word, n + 1);
		if (!w)
			return -1;
		*word = w;
		*cap = n + 1;
	}
	memcpy(*word, s, n);
	(*word)[n] = '\0';
	return 0;
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
		/* The next unit: a word, or a quoted text that fits on a line. */
		size_t n = strcspn(s, " "), q = quoted_len(s), w = 0;
		if (q > n && take(&word, &cap, s, q) == 0 &&
		    (w = rn_text_width(word)) <= width - indent) {
			n = q;              /* in word already, w its width */
		} else if (take(&word, &cap, s, n) < 0) {   /* out of memory: the rest unwrapped */
			fputs(s, fp);
			break;
		} else {
			w = rn_text_width(word);
		}
		if (!first && col + spaces + w > width) {
			fprintf(fp, "\n%*s", (int) indent, "");
			col = indent;
		} else if (!first) {
			fprintf(fp, "%*s", (int) spaces, "");   /* the spaces as written */
			col += spaces;
		}
		fputs(word, fp);
		col += w;
		first = 0;
		s += n;
	}
	free(word);
}

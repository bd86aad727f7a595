/*
 * HTML writing: text escaped for HTML, and the sortable tables of the
 * report (src/output/report.c), written straight to a stream.
 *
 * Every piece of input text (names, ids, tags, notes, extra columns) goes
 * through rn_html_text() or rn_html_attr(), which write it as characters
 * and never as markup: '&', '<', '>', '"' and '\'' become character
 * references, and what a browser would not show as written is replaced:
 * control characters other than tab and line feed (C0, DEL and C1),
 * noncharacters (U+FDD0..U+FDEF, U+FFFE, U+FFFF and their like in every
 * plane; XML parsers reject them), and bytes that are not valid UTF-8 each
 * become U+FFFD; a CR LF pair or a lone CR becomes one LF.  In attributes a tab, line feed or carriage return is
 * written as a character reference so that it survives attribute-value
 * normalisation.  tests/fuzz/fuzz_html.c checks that a parser reads back
 * exactly that text and no element from it.
 *
 * Write errors are sticky on the stream: check ferror() once at the end.
 */
#ifndef REFNET_HTML_H
#define REFNET_HTML_H

#include <stddef.h>
#include <stdio.h>

/* s (NUL-terminated; NULL writes nothing) as HTML text. */
void rn_html_text(FILE *fp, const char *s);
/* n bytes of s as HTML text. */
void rn_html_textn(FILE *fp, const char *s, size_t n);
/* s as the value of a double-quoted attribute (the quotes are not written). */
void rn_html_attr(FILE *fp, const char *s);

/*
 * v with `decimals` places and thousands separators ("39,100.00"; NaN is
 * ""), into buf (at least 48 bytes); returns buf.
 */
const char *rn_html_number(char *buf, size_t n, double v, int decimals);

/* A column of an HTML table: `name` is its machine name (data-col, the
 * name used by #sort=TABLE:COLUMN), `title` its heading; numeric columns are
 * right-aligned and sort by number. */
struct rn_html_col {
	const char *name;
	const char *title;
	int numeric;
};

/*
 * Start a table: <table id="ID" class="rn" data-title="TITLE"> and its head.
 * id is refnet's own text (letters, digits, '-'); title is escaped.
 */
void rn_html_table_start(FILE *fp, const char *id, const char *title,
                         const struct rn_html_col *cols, size_t ncols);
void rn_html_row_start(FILE *fp);
void rn_html_row_end(FILE *fp);
/* Close the table. */
void rn_html_table_end(FILE *fp);

/* A cell of text; tip (or NULL) becomes its tooltip. */
void rn_html_cell(FILE *fp, const char *text, const char *tip);
/* A number cell: shown with separators and `decimals` places, sorted by the
 * value itself; NaN is an empty cell that sorts first. */
void rn_html_cell_num(FILE *fp, double v, int decimals);
/* A whole-number cell. */
void rn_html_cell_int(FILE *fp, long long v);
/* A person: the name, with the id as tooltip (both escaped). */
void rn_html_cell_person(FILE *fp, const char *name, const char *id);

#endif

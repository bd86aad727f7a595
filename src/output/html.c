/*
 * HTML text and tables for the report.  See include/refnet/html.h for the
 * escaping rules.  UTF-8 is decoded with utf8proc so that an invalid byte
 * is replaced, never copied.
 */
#include "refnet/html.h"

#include <math.h>
#include <string.h>
#include <utf8proc.h>

#define REPLACEMENT "\xef\xbf\xbd"

/* The bytes of s[0..n) as HTML, for text (attr 0) or an attribute (1). */
static void put(FILE *fp, const char *s, size_t n, int attr)
{
	const unsigned char *p = (const unsigned char *) s;
	size_t i = 0, run = 0;   /* p[run..i) is still to be copied as it is */

	while (i < n) {
		unsigned char c = p[i];
		const char *rep = NULL;
		size_t len = 1;
		if (c >= 0x80) {
			utf8proc_int32_t cp;
			utf8proc_ssize_t k = utf8proc_iterate(p + i, (utf8proc_ssize_t) (n - i), &cp);
			if (k < 0)
				rep = REPLACEMENT;
			else if (cp < 0xa0 || (cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) == 0xfffe)
				/* C1 controls and noncharacters */
				rep = REPLACEMENT, len = (size_t) k;
			else {
				i += (size_t) k;
				continue;
			}
		} else {
			switch (c) {
			case '&': rep = "&amp;"; break;
			case '<': rep = "&lt;"; break;
			case '>': rep = "&gt;"; break;
			case '"': rep = "&quot;"; break;
			case '\'': rep = "&#39;"; break;
			case '\t': rep = attr ? "&#9;" : NULL; break;
			case '\n': rep = attr ? "&#10;" : NULL; break;
			case '\r':
				/* CR LF and a lone CR are one line feed. */
				if (i + 1 < n && p[i + 1] == '\n')
					len = 2;
				rep = attr ? "&#10;" : "\n";
				break;
			default:
				if (c < 0x20 || c == 0x7f)
					rep = REPLACEMENT;
			}
			if (!rep) {
				i++;
				continue;
			}
		}
		if (i > run)
			fwrite(p + run, 1, i - run, fp);
		fputs(rep, fp);
		i += len;
		run = i;
	}
	if (n > run)
		fwrite(p + run, 1, n - run, fp);
}

void rn_html_text(FILE *fp, const char *s)
{
	if (s)
		put(fp, s, strlen(s), 0);
}

void rn_html_textn(FILE *fp, const char *s, size_t n)
{
	if (s)
		put(fp, s, n, 0);
}

void rn_html_attr(FILE *fp, const char *s)
{
	if (s)
		put(fp, s, strlen(s), 1);
}

const char *rn_html_number(char *buf, size_t n, double v, int decimals)
{
	char raw[64];
	if (n == 0)
		return buf;
	buf[0] = '\0';
	if (isnan(v))
		return buf;
	if (decimals < 0)
		decimals = 0;
	if (decimals > 6)
		decimals = 6;
	int len = snprintf(raw, sizeof(raw), "%.*f", decimals, v);
	if (len < 0 || (size_t) len >= sizeof(raw)) {
		snprintf(buf, n, "%g", v);
		return buf;
	}
	if (strspn(raw, "-0.") == (size_t) len)   /* "-0.00" is "0.00" */
		memmove(raw, raw + (raw[0] == '-'), (size_t) len + 1 - (raw[0] == '-'));
	const char *digits = raw + (raw[0] == '-');
	size_t whole = strcspn(digits, ".");
	size_t o = 0;
	if (raw[0] == '-' && o + 1 < n)
		buf[o++] = '-';
	for (size_t k = 0; digits[k] && o + 1 < n; k++) {
		if (k < whole && k > 0 && (whole - k) % 3 == 0) {
			buf[o++] = ',';
			if (o + 1 >= n)
				break;
		}
		buf[o++] = digits[k];
	}
	buf[o] = '\0';
	return buf;
}

void rn_html_table_start(FILE *fp, const char *id, const char *title,
                         const struct rn_html_col *cols, size_t ncols)
{
	fputs("<table class=\"rn\" id=\"", fp);
	rn_html_attr(fp, id);
	fputs("\" data-title=\"", fp);
	rn_html_attr(fp, title);
	fputs("\">\n<thead><tr>", fp);
	for (size_t i = 0; i < ncols; i++) {
		fputs(cols[i].numeric ? "<th class=\"n\" data-col=\"" : "<th data-col=\"", fp);
		rn_html_attr(fp, cols[i].name);
		fputs("\" scope=\"col\">", fp);
		rn_html_text(fp, cols[i].title);
		fputs("</th>", fp);
	}
	fputs("</tr></thead>\n<tbody>\n", fp);
}

void rn_html_row_start(FILE *fp)
{
	fputs("<tr>", fp);
}

void rn_html_row_end(FILE *fp)
{
	fputs("</tr>\n", fp);
}

void rn_html_table_end(FILE *fp)
{
	fputs("</tbody>\n</table>\n", fp);
}

void rn_html_cell(FILE *fp, const char *text, const char *tip)
{
	if (tip) {
		fputs("<td title=\"", fp);
		rn_html_attr(fp, tip);
		fputs("\">", fp);
	} else {
		fputs("<td>", fp);
	}
	rn_html_text(fp, text);
	fputs("</td>", fp);
}

void rn_html_cell_num(FILE *fp, double v, int decimals)
{
	char buf[64];
	if (isnan(v)) {
		fputs("<td class=\"n\" data-sort=\"\"></td>", fp);
		return;
	}
	fprintf(fp, "<td class=\"n\" data-sort=\"%.17g\">%s</td>", v,
	        rn_html_number(buf, sizeof(buf), v, decimals));
}

void rn_html_cell_int(FILE *fp, long long v)
{
	char buf[64];
	fprintf(fp, "<td class=\"n\" data-sort=\"%lld\">%s</td>", v,
	        rn_html_number(buf, sizeof(buf), (double) v, 0));
}

void rn_html_cell_person(FILE *fp, const char *name, const char *id)
{
	rn_html_cell(fp, name, id);
}

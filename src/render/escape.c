/*
 * Text for Graphviz: the escaping that makes any input text come out of
 * Graphviz as the same characters.
 *
 * Graphviz interprets label and tooltip strings: \N \G \E \T \H \L are
 * replaced by object names, \n \l \r end lines, \\ is a backslash, and HTML
 * entities (&amp; &#65; ...) are decoded before drawing.  Tooltips go
 * through the backslash expansion twice (measured on Graphviz 2.42), so a
 * tooltip needs four backslashes for one.  Quoting for the DOT syntax is
 * cgraph's job when it writes the file; this module never builds DOT text.
 * It does not validate UTF-8: the loader rejects invalid input.
 */
#include "render_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Bytes in the UTF-8 sequence starting with lead byte c (1 for stray bytes). */
static size_t utf8_len(unsigned char c)
{
	if (c >= 0xf0)
		return 4;
	if (c >= 0xe0)
		return 3;
	if (c >= 0xc0)
		return 2;
	return 1;
}

void rn_gv_escape(struct rn_sb *b, const char *s, enum rn_gv_text kind, size_t max_chars)
{
	const char *backslash = kind == RN_GV_TOOLTIP ? "\\\\\\\\" : "\\\\";
	const unsigned char *p = (const unsigned char *) s;
	size_t limit = (size_t) -1, chars = 0;

	if (max_chars) {
		size_t total = 0;
		for (const unsigned char *q = p; *q; q++)
			total += (*q & 0xc0) != 0x80;
		if (total > max_chars)
			limit = max_chars - 1;   /* room for the ellipsis */
	}
	while (*p && chars < limit) {
		size_t k = utf8_len(*p);
		for (size_t i = 1; i < k; i++)
			if (!p[i]) {   /* a truncated sequence: cannot come from the loader */
				k = i;
				break;
			}
		chars++;
		switch (*p) {
		case '\\':
			rn_sb_puts(b, backslash);
			break;
		case '&':
			rn_sb_puts(b, "&amp;");
			break;
		case '\r':
			if (p[1] != '\n')
				rn_sb_puts(b, "\\n");
			break;
		case '\n':
			rn_sb_puts(b, "\\n");
			break;
		case '\t':
			rn_sb_puts(b, " ");
			break;
		default:
			/* U+FFFE and U+FFFF are valid UTF-8 but not XML characters. */
			if (k == 3 && p[0] == 0xef && p[1] == 0xbf && (p[2] == 0xbe || p[2] == 0xbf))
				rn_sb_puts(b, "\xef\xbf\xbd");
			else
				rn_sb_add(b, (const char *) p, k);
		}
		p += k;
	}
	if (*p)
		rn_sb_puts(b, "\xe2\x80\xa6");
}

/*
 * Fuzz target: the HTML writer (include/refnet/html.h) on hostile text.
 * The input, split at form feeds, gives up to 16 pieces of text (any bytes,
 * valid UTF-8 or not).  Each becomes a table cell (with itself as the
 * tooltip), a person cell (name and id) and a paragraph of a small page
 * written with the report's writer.  libxml2's HTML parser must read the
 * page back with exactly the elements refnet wrote -- no piece can open,
 * close or add one -- and each cell's text and tooltip must be the piece
 * as html.h promises to show it: invalid bytes, control characters, C1
 * controls and noncharacters as U+FFFD, CR LF and a lone CR as LF.
 */
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "refnet/html.h"

#define MAX_PIECES 16

/* The text a reader should get for p[0..n), with "[" and "]" around it
 * (so that no cell is blank, which a parser may drop).  Malloc'd. */
static char *expected(const uint8_t *p, size_t n)
{
	char *out = malloc(3 * n + 3), *o = out;
	if (!out)
		abort();
	*o++ = '[';
	size_t i = 0;
	while (i < n) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(p + i, (utf8proc_ssize_t) (n - i), &cp);
		if (k < 0) {
			memcpy(o, "\xef\xbf\xbd", 3), o += 3, i++;
			continue;
		}
		if (cp == '\r') {
			*o++ = '\n';
			i += (i + 1 < n && p[i + 1] == '\n') ? 2 : 1;
			continue;
		}
		if ((cp < 0x20 && cp != '\t' && cp != '\n') || (cp >= 0x7f && cp < 0xa0) ||
		    (cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) == 0xfffe) {
			memcpy(o, "\xef\xbf\xbd", 3), o += 3;
		} else {
			memcpy(o, p + i, (size_t) k);
			o += k;
		}
		i += (size_t) k;
	}
	*o++ = ']';
	*o = '\0';
	return out;
}

static int allowed(const char *name)
{
	static const char *const ok[] = {
		"html", "head", "title", "body", "table", "thead", "tbody", "tr", "th", "td", "p"
	};
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (strcmp(name, ok[i]) == 0)
			return 1;
	return 0;
}

/* Every element is one refnet wrote; collect the td and p elements in order. */
static void walk(xmlNode *n, xmlNode **cells, size_t *ncells, size_t max)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (!allowed((const char *) n->name))
			abort();
		if (strcmp((const char *) n->name, "td") == 0 || strcmp((const char *) n->name, "p") == 0) {
			if (*ncells >= max)
				abort();
			cells[(*ncells)++] = n;
		}
		walk(n->children, cells, ncells, max);
	}
}

static void same(xmlChar *got, const char *want)
{
	if (!got || strcmp((const char *) got, want) != 0)
		abort();
	xmlFree(got);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *piece[MAX_PIECES];
	size_t len[MAX_PIECES], n = 0, at = 0;
	while (n < MAX_PIECES) {
		const uint8_t *ff = memchr(data + at, '\f', size - at);
		size_t end = ff ? (size_t) (ff - data) : size;
		piece[n] = data + at;
		len[n++] = end - at;
		if (!ff)
			break;
		at = end + 1;
	}

	char *page = NULL, *want[MAX_PIECES], *raw[MAX_PIECES];
	size_t pagelen = 0;
	FILE *fp = open_memstream(&page, &pagelen);
	if (!fp)
		abort();
	for (size_t i = 0; i < n; i++) {
		want[i] = expected(piece[i], len[i]);
		/* The writer takes NUL-terminated text: a NUL ends the piece. */
		raw[i] = malloc(len[i] + 3);
		if (!raw[i])
			abort();
		raw[i][0] = '[';
		memcpy(raw[i] + 1, piece[i], len[i]);
		raw[i][len[i] + 1] = ']';
		raw[i][len[i] + 2] = '\0';
		if (memchr(piece[i], '\0', len[i])) {
			size_t k = strlen(raw[i]);
			free(want[i]);
			want[i] = expected((const uint8_t *) raw[i] + 1, k - 1);
			want[i][strlen(want[i]) - 1] = '\0';   /* drop the added "]": no closing one */
		}
	}
	static const struct rn_html_col cols[] = { { "text", "Text", 0 }, { "who", "Who", 0 } };
	fputs("<!DOCTYPE html><html><head><title>t</title></head><body>", fp);
	rn_html_table_start(fp, "fuzz", "fuzz", cols, 2);
	for (size_t i = 0; i < n; i++) {
		rn_html_row_start(fp);
		rn_html_cell(fp, raw[i], raw[i]);
		rn_html_cell_person(fp, raw[i], raw[i]);
		rn_html_row_end(fp);
	}
	rn_html_table_end(fp);
	for (size_t i = 0; i < n; i++) {
		fputs("<p>", fp);
		rn_html_text(fp, raw[i]);
		fputs("</p>", fp);
	}
	fputs("</body></html>\n", fp);
	if (fclose(fp) != 0)
		abort();

	htmlDocPtr doc = htmlReadMemory(page, (int) pagelen, NULL, "UTF-8",
	                                HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
	if (!doc)
		abort();
	xmlNode *cells[3 * MAX_PIECES];
	size_t ncells = 0;
	walk(xmlDocGetRootElement(doc), cells, &ncells, 3 * MAX_PIECES);
	if (ncells != 3 * n)
		abort();
	for (size_t i = 0; i < n; i++) {
		same(xmlNodeGetContent(cells[2 * i]), want[i]);
		same(xmlGetProp(cells[2 * i], (const xmlChar *) "title"), want[i]);
		same(xmlNodeGetContent(cells[2 * i + 1]), want[i]);
		same(xmlGetProp(cells[2 * i + 1], (const xmlChar *) "title"), want[i]);
		same(xmlNodeGetContent(cells[2 * n + i]), want[i]);
	}
	xmlFreeDoc(doc);
	for (size_t i = 0; i < n; i++) {
		free(want[i]);
		free(raw[i]);
	}
	free(page);
	return 0;
}

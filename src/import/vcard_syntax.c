/*
 * The syntax of a vCard, below the level of cards: growing byte buffers,
 * physical lines, one content line's group, name and parameters, and the
 * decoding of its value (quoted-printable, text escapes, structured parts).
 * The reader that turns these into cards is in vcard.c.
 */
#include <stdlib.h>
#include <string.h>

#include "refnet/text.h"
#include "vcard_internal.h"

/* ---- growing byte buffers ------------------------------------------------ */

int rn_vcard_buf_put(struct buf *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap < b->n + n + 1)
			cap *= 2;
		char *p = realloc(b->s, cap);
		if (!p)
			return -1;
		b->s = p;
		b->cap = cap;
	}
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = '\0';
	return 0;
}

int rn_vcard_buf_ch(struct buf *b, char c)
{
	return rn_vcard_buf_put(b, &c, 1);
}

/* ---- lines ---------------------------------------------------------------- */

/* The physical line at *pos: its length (without the line end) and the
 * offset after its line end. */
size_t rn_vcard_phys_line(const char *s, size_t n, size_t pos, size_t *next)
{
	size_t i = pos;
	while (i < n && s[i] != '\n' && s[i] != '\r')
		i++;
	size_t len = i - pos;
	if (i < n && s[i] == '\r')
		i++;
	if (i < n && s[i] == '\n' && (i == pos + len || s[i - 1] == '\r'))
		i++;
	*next = i;
	return len;
}

int rn_vcard_ieq(const char *s, size_t n, const char *lit)
{
	return rn_text_ieq(s, n, lit);
}

/* Does s[0..n) contain lit, ignoring ASCII case? */
int rn_vcard_icontains(const char *s, size_t n, const char *lit)
{
	size_t k = strlen(lit);
	for (size_t i = 0; i + k <= n; i++)
		if (rn_text_ieq(s + i, k, lit))
			return 1;
	return 0;
}

/* The offset of the ':' that ends the name and parameters (outside double
 * quotes), or n. */
size_t rn_vcard_value_colon(const char *s, size_t n)
{
	int q = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"')
			q = !q;
		else if (s[i] == ':' && !q)
			return i;
	}
	return n;
}

/* ---- one content line ----------------------------------------------------- */

static void add_type(struct prop *p, const char *s, size_t n)
{
	size_t have = strlen(p->types);
	if (n == 0 || have + n + 2 >= sizeof(p->types))
		return;
	if (rn_vcard_ieq(s, n, "pref"))
		p->pref = 1;
	if (have)
		p->types[have++] = ',';
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		p->types[have++] = (char) (c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
	}
	p->types[have] = '\0';
}

/* One parameter value s[0..n) (quotes removed) of parameter name[0..nn). */
static void param_value(struct prop *p, const char *name, size_t nn, const char *s, size_t n)
{
	if (rn_vcard_ieq(name, nn, "TYPE")) {
		/* 4.0 quotes a list: TYPE="work,voice". */
		size_t a = 0;
		for (size_t i = 0; i <= n; i++)
			if (i == n || s[i] == ',') {
				add_type(p, s + a, i - a);
				a = i + 1;
			}
	} else if (rn_vcard_ieq(name, nn, "ENCODING")) {
		if (rn_vcard_ieq(s, n, "QUOTED-PRINTABLE"))
			p->enc = ENC_QP;
		else if (rn_vcard_ieq(s, n, "B") || rn_vcard_ieq(s, n, "BASE64"))
			p->enc = ENC_B;
	} else if (rn_vcard_ieq(name, nn, "CHARSET")) {
		if (n < sizeof(p->charset)) {
			memcpy(p->charset, s, n);
			p->charset[n] = '\0';
		}
	} else if (rn_vcard_ieq(name, nn, "VALUE")) {
		p->value_text = rn_vcard_ieq(s, n, "text");
		p->value_uri = rn_vcard_ieq(s, n, "uri");
	} else if (rn_vcard_ieq(name, nn, "PREF")) {
		p->pref = n == 1 && s[0] == '1';
	}
}

/*
 * Split line s[0..n) into p.  Returns 0, or -1 when it is not a content
 * line (*why says what is wrong).
 */
int rn_vcard_parse_prop(const char *s, size_t n, struct prop *p, const char **why)
{
	memset(p, 0, sizeof(*p));
	size_t i = 0;
	for (;;) {
		size_t a = i;
		while (i < n && ((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z') ||
		                 (s[i] >= '0' && s[i] <= '9') || s[i] == '-' || s[i] == '_'))
			i++;
		if (i == a) {
			*why = "a line that is not 'NAME:VALUE'";
			return -1;
		}
		if (i < n && s[i] == '.' && !p->group) {
			p->group = s + a;
			p->group_n = i - a;
			i++;
			continue;
		}
		p->name = s + a;
		p->name_n = i - a;
		break;
	}
	while (i < n && s[i] == ';') {
		i++;
		size_t a = i;
		while (i < n && s[i] != '=' && s[i] != ';' && s[i] != ':')
			i++;
		const char *pn = s + a;
		size_t pnn = i - a;
		if (i < n && s[i] == '=') {
			i++;
			for (;;) {
				if (i < n && s[i] == '"') {
					size_t b = ++i;
					while (i < n && s[i] != '"')
						i++;
					if (i == n) {
						*why = "a parameter value with no closing '\"'";
						return -1;
					}
					/* RFC 6868: ^n newline, ^^ caret, ^' quote; only what
					 * the fields below use needs decoding, and they never
					 * contain these. */
					param_value(p, pn, pnn, s + b, i - b);
					i++;
				} else {
					size_t b = i;
					while (i < n && s[i] != ',' && s[i] != ';' && s[i] != ':')
						i++;
					param_value(p, pn, pnn, s + b, i - b);
				}
				if (i < n && s[i] == ',') {
					i++;
					continue;
				}
				break;
			}
		} else if (rn_vcard_ieq(pn, pnn, "QUOTED-PRINTABLE")) {
			p->enc = ENC_QP;               /* 2.1 bare parameters */
		} else if (rn_vcard_ieq(pn, pnn, "BASE64")) {
			p->enc = ENC_B;
		} else if (!rn_vcard_ieq(pn, pnn, "8BIT") && !rn_vcard_ieq(pn, pnn, "7BIT")) {
			add_type(p, pn, pnn);
		}
	}
	if (i >= n || s[i] != ':') {
		*why = "a line with no ':' before its value";
		return -1;
	}
	p->value = s + i + 1;
	p->value_n = n - i - 1;
	return 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Decode quoted-printable s[0..n) into out (soft line breaks were removed
 * while unfolding; a '=' not followed by two hex digits is kept). */
int rn_vcard_qp_decode(const char *s, size_t n, struct buf *out)
{
	for (size_t i = 0; i < n; i++) {
		int h, l;
		if (s[i] == '=' && i + 2 < n && (h = hexval(s[i + 1])) >= 0 &&
		    (l = hexval(s[i + 2])) >= 0) {
			if (rn_vcard_buf_ch(out, (char) (h * 16 + l)) < 0)
				return -1;
			i += 2;
		} else if (rn_vcard_buf_ch(out, s[i]) < 0) {
			return -1;
		}
	}
	return 0;
}

/* ---- text values ------------------------------------------------------- */

/*
 * Unescape s[0..n) into out: \n and \N a newline, \, \; \\ and \: the
 * character; any other backslash is kept (2.1 writers use it freely).
 */
int rn_vcard_unescape(const char *s, size_t n, struct buf *out)
{
	out->n = 0;
	if (rn_vcard_buf_put(out, "", 0) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '\\' && i + 1 < n) {
			char d = s[i + 1];
			if (d == 'n' || d == 'N') {
				c = '\n';
				i++;
			} else if (d == ',' || d == ';' || d == '\\' || d == ':') {
				c = d;
				i++;
			}
		}
		if (rn_vcard_buf_ch(out, c) < 0)
			return -1;
	}
	return 0;
}

/* The next component of s[*pos..n) up to an unescaped sep; 0 at the end. */
int rn_vcard_next_part(const char *s, size_t n, size_t *pos, char sep, const char **part,
                       size_t *len)
{
	if (*pos > n)
		return 0;
	size_t a = *pos, i = a;
	while (i < n && s[i] != sep) {
		if (s[i] == '\\' && i + 1 < n)
			i++;
		i++;
	}
	if (i > n)
		i = n;
	*part = s + a;
	*len = i - a;
	*pos = i + 1;
	return 1;
}

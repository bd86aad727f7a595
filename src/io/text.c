/*
 * Text helpers: field validation, matching folds and display widths.
 * Unicode knowledge (case folding, decomposition, categories, widths) comes
 * from utf8proc; the ASCII fast paths only skip work for the common case.
 */
#include "refnet/text.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

const char *rn_text_problem_str(enum rn_text_problem p)
{
	switch (p) {
	case RN_TEXT_OK: return "ok";
	case RN_TEXT_BAD_UTF8: return "invalid UTF-8";
	case RN_TEXT_NUL: return "NUL byte";
	case RN_TEXT_CONTROL: return "control character";
	case RN_TEXT_NONCHAR: return "Unicode noncharacter (U+FFFE, U+FFFF, U+FDD0 to U+FDEF...)";
	}
	return "bad text";
}

enum rn_text_problem rn_text_check(const char *s, size_t n, size_t *at)
{
	const unsigned char *p = (const unsigned char *) s;
	size_t i = 0;

	while (i < n) {
		/* ASCII fast path, eight bytes at a time. */
		if (i + 8 <= n) {
			uint64_t w;
			memcpy(&w, p + i, 8);
			uint64_t del = w ^ 0x7f7f7f7f7f7f7f7fULL;
			/* No high bit, no byte below 0x20 and no DEL: nothing to look at. */
			if (!(w & 0x8080808080808080ULL) &&
			    !((w - 0x2020202020202020ULL) & ~w & 0x8080808080808080ULL) &&
			    !((del - 0x0101010101010101ULL) & ~del & 0x8080808080808080ULL)) {
				i += 8;
				continue;
			}
		}
		unsigned char c = p[i];
		if (c < 0x80) {
			if (c == 0) {
				*at = i;
				return RN_TEXT_NUL;
			}
			if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
				*at = i;
				return RN_TEXT_CONTROL;
			}
			i++;
			continue;
		}
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(p + i, (utf8proc_ssize_t) (n - i), &cp);
		if (k < 0) {
			*at = i;
			return RN_TEXT_BAD_UTF8;
		}
		if (cp >= 0x80 && cp < 0xa0) {   /* C1 controls */
			*at = i;
			return RN_TEXT_CONTROL;
		}
		/* Noncharacters are for a program's internal use: XML forbids
		 * U+FFFE and U+FFFF, and PDF text drawing stops at them. */
		if (rn_text_is_nonchar(cp)) {
			*at = i;
			return RN_TEXT_NONCHAR;
		}
		i += (size_t) k;
	}
	return RN_TEXT_OK;
}

int rn_text_is_nonchar(long cp)
{
	return (cp >= 0xfdd0 && cp <= 0xfdef) || ((cp & 0xfffe) == 0xfffe && cp <= 0x10ffff);
}

int rn_text_nfc(const char *s, size_t n, char **out)
{
	*out = NULL;
	size_t i = 0;
	while (i < n && !((unsigned char) s[i] & 0x80))
		i++;
	if (i == n)
		return 0;   /* ASCII is in every normal form */
	utf8proc_uint8_t *r = NULL;
	utf8proc_ssize_t m = utf8proc_map((const utf8proc_uint8_t *) s, (utf8proc_ssize_t) n, &r,
	                                  UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	if (m < 0)
		return m == UTF8PROC_ERROR_NOMEM ? -1 : 0;   /* invalid UTF-8: left as it is */
	if ((size_t) m == n && memcmp(r, s, n) == 0) {
		free(r);
		return 0;
	}
	*out = (char *) r;
	return 1;
}

/* The length of s[0..n) escaped by rn_text_escape(), written to out when
 * write is set. */
static size_t escape_len(const unsigned char *p, size_t n, int write, char *out)
{
	static const char hex[] = "0123456789abcdef";
	size_t k = 0;
	for (size_t i = 0; i < n;) {
		unsigned char c = p[i];
		const char *rep = NULL;
		char buf[8];
		size_t len = 1;
		if (c < 0x20 || c == 0x7f) {
			rep = c == '\n' ? "\\n" : c == '\r' ? "\\r" : c == '\t' ? "\\t" : NULL;
			if (!rep) {
				buf[0] = '\\'; buf[1] = 'x'; buf[2] = hex[c >> 4]; buf[3] = hex[c & 15];
				buf[4] = '\0';
				rep = buf;
			}
		} else if (c >= 0x80) {
			utf8proc_int32_t cp;
			utf8proc_ssize_t m = utf8proc_iterate(p + i, (utf8proc_ssize_t) (n - i), &cp);
			if (m < 0) {
				buf[0] = '\\'; buf[1] = 'x'; buf[2] = hex[c >> 4]; buf[3] = hex[c & 15];
				buf[4] = '\0';
				rep = buf;
			} else {
				len = (size_t) m;
				if ((cp >= 0x80 && cp < 0xa0) || cp == 0x2028 || cp == 0x2029) {
					snprintf(buf, sizeof(buf), "\\u%04x", (unsigned) cp);
					rep = buf;
				}
			}
		}
		if (rep) {
			size_t r = strlen(rep);
			if (write)
				memcpy(out + k, rep, r);
			k += r;
		} else {
			if (write)
				memcpy(out + k, p + i, len);
			k += len;
		}
		i += len;
	}
	return k;
}

char *rn_text_escape(const char *s)
{
	const unsigned char *p = (const unsigned char *) s;
	size_t n = strlen(s), i;
	for (i = 0; i < n && p[i] >= 0x20 && p[i] < 0x7f; i++)
		;
	if (i == n)
		return NULL;
	size_t k = escape_len(p, n, 0, NULL);
	if (k == n)   /* every escape is longer than what it replaces */
		return NULL;
	char *out = malloc(k + 1);
	if (!out)
		return NULL;
	escape_len(p, n, 1, out);
	out[k] = '\0';
	return out;
}

char *rn_text_valid_utf8(const char *s)
{
	size_t n = strlen(s), i = 0;
	while (i < n && !((unsigned char) s[i] & 0x80))
		i++;
	if (i == n)
		return NULL;
	char *out = malloc(3 * n + 1);   /* each bad byte becomes 3 bytes */
	if (!out)
		return NULL;
	size_t k = 0;
	int bad = 0;
	for (i = 0; i < n;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t m = utf8proc_iterate((const utf8proc_uint8_t *) s + i,
		                                      (utf8proc_ssize_t) (n - i), &cp);
		if (m < 0) {
			memcpy(out + k, "\xef\xbf\xbd", 3);
			k += 3;
			i++;
			bad = 1;
		} else {
			memcpy(out + k, s + i, (size_t) m);
			k += (size_t) m;
			i += (size_t) m;
		}
	}
	out[k] = '\0';
	if (!bad) {
		free(out);
		return NULL;
	}
	return out;
}

static int is_ascii_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/*
 * '+' and '#' ending a word belong to it: "C++" and "C#" are not "C".  The
 * run of them starting at s[0] (after a word) ends the word when what
 * follows it is not a letter or digit: returns its length, or 0 when it
 * only separates ("a+b").  word_at(s, n) tells whether s starts a word.
 */
static size_t word_suffix(const char *s, size_t n, int (*word_at)(const char *, size_t))
{
	size_t e = 0;
	while (e < n && (s[e] == '+' || s[e] == '#'))
		e++;
	return e < n && word_at(s + e, n - e) ? 0 : e;
}

static int ascii_word_at(const char *s, size_t n)
{
	return n && is_ascii_alnum((unsigned char) s[0]);
}

/* Append s[0..n) as words separated by single spaces; non-alnum separate words. */
static int fold_ascii(const char *s, size_t n, char **out)
{
	char *r = malloc(n + 1);
	if (!r)
		return -1;
	size_t k = 0;
	int gap = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char) s[i];
		size_t suffix = (c == '+' || c == '#') && !gap && k > 0
		                ? word_suffix(s + i, n - i, ascii_word_at) : 0;
		if (suffix) {
			memcpy(r + k, s + i, suffix);
			k += suffix;
			i += suffix - 1;
		} else if (is_ascii_alnum(c)) {
			if (gap && k > 0)
				r[k++] = ' ';
			gap = 0;
			r[k++] = (char) (c >= 'A' && c <= 'Z' ? c + 32 : c);
		} else {
			gap = 1;
		}
	}
	r[k] = '\0';
	*out = r;
	return 0;
}

static int is_word_cp(utf8proc_int32_t cp)
{
	utf8proc_category_t cat = utf8proc_category(cp);
	return (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
	       (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO) ||
	       (cat >= UTF8PROC_CATEGORY_MN && cat <= UTF8PROC_CATEGORY_ME);
}

static int utf8_word_at(const char *s, size_t n)
{
	utf8proc_int32_t cp;
	return n && utf8proc_iterate((const utf8proc_uint8_t *) s, (utf8proc_ssize_t) n, &cp) > 0 &&
	       is_word_cp(cp);
}

int rn_text_fold(const char *s, size_t n, char **out)
{
	size_t i;
	*out = NULL;
	for (i = 0; i < n && !((unsigned char) s[i] & 0x80); i++)
		;
	if (i == n)
		return fold_ascii(s, n, out);

	utf8proc_uint8_t *mapped = NULL;
	utf8proc_ssize_t m = utf8proc_map((const utf8proc_uint8_t *) s, (utf8proc_ssize_t) n,
	                                  &mapped,
	                                  UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE |
	                                  UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK |
	                                  UTF8PROC_IGNORE);
	if (m < 0)
		return -1;

	/* Keep letters and digits (and '+' or '#' ending a word); any other run
	 * becomes one space. */
	char *r = malloc((size_t) m + 1);
	if (!r) {
		free(mapped);
		return -1;
	}
	size_t k = 0;
	int gap = 0;
	for (utf8proc_ssize_t j = 0; j < m;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t len = utf8proc_iterate(mapped + j, m - j, &cp);
		if (len <= 0)
			break;
		size_t suffix = (cp == '+' || cp == '#') && !gap && k > 0
		                ? word_suffix((const char *) mapped + j, (size_t) (m - j), utf8_word_at)
		                : 0;
		if (suffix) {
			memcpy(r + k, mapped + j, suffix);
			k += suffix;
			j += (utf8proc_ssize_t) suffix;
			continue;
		}
		if (is_word_cp(cp)) {
			if (gap && k > 0)
				r[k++] = ' ';
			gap = 0;
			memcpy(r + k, mapped + j, (size_t) len);
			k += (size_t) len;
		} else {
			gap = 1;
		}
		j += len;
	}
	r[k] = '\0';
	free(mapped);
	*out = r;
	return 0;
}

const char *rn_text_trim(const char *s, size_t *n)
{
	size_t b = 0, e = *n;
	while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r' || s[b] == '\n'))
		b++;
	while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r' ||
	                 s[e - 1] == '\n'))
		e--;
	*n = e - b;
	return s + b;
}

int rn_text_ieq(const char *s, size_t n, const char *lit)
{
	size_t i;
	for (i = 0; i < n && lit[i]; i++) {
		unsigned char a = (unsigned char) s[i], b = (unsigned char) lit[i];
		if (a >= 'A' && a <= 'Z')
			a += 32;
		if (b >= 'A' && b <= 'Z')
			b += 32;
		if (a != b)
			return 0;
	}
	return i == n && lit[i] == '\0';
}

size_t rn_text_width(const char *s)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *) s;
	size_t w = 0;
	/* ASCII, eight bytes at a time: each byte is one column wide. */
	size_t n = strlen(s);
	for (; w + 8 <= n; w += 8) {
		uint64_t v;
		memcpy(&v, p + w, 8);
		if (v & 0x8080808080808080ULL)
			break;
	}
	p += w;
	while (*p) {
		if (*p < 0x80) {
			w++;
			p++;
			continue;
		}
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(p, -1, &cp);
		if (k <= 0) {
			w++;
			p++;
			continue;
		}
		int cw = utf8proc_charwidth(cp);
		w += cw > 0 ? (size_t) cw : 0;
		p += k;
	}
	return w;
}

/*
 * The common case without strtod: at most 15 significant digits and at
 * most 22 after the point, no exponent.  Then m / 10^k is a quotient of two
 * doubles that are exact (m < 2^53, 10^k <= 10^22), and IEEE division
 * rounds it correctly: the very value strtod gives.  Returns 0, or -1 to
 * leave the number to strtod.
 */
static int simple_decimal(const char *s, size_t n, double *out)
{
	static const double pow10[] = { 1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
	                                1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
	                                1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22 };
	size_t i = 0;
	int neg = 0, frac = -1, any = 0;
	uint64_t m = 0;
	if (n && (s[0] == '-' || s[0] == '+'))
		neg = s[i++] == '-';
	for (; i < n; i++) {
		char c = s[i];
		if (c == '.' && frac < 0) {
			frac = 0;
			continue;
		}
		if (c < '0' || c > '9' || m > 99999999999999u)
			return -1;
		m = m * 10 + (uint64_t) (c - '0');
		any = 1;
		if (frac >= 0)
			frac++;
	}
	if (!any || frac > 22)
		return -1;
	double d = (double) m;
	if (frac > 0)
		d /= pow10[frac];
	*out = neg ? -d : d;
	return 0;
}

int rn_text_plain_decimal(const char *s, size_t n)
{
	size_t i = 0, digits = 0;
	if (n && s[0] == '-')
		i++;
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
		digits++;
	if (i < n && s[i] == '.')
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			digits++;
	return i == n && digits > 0;
}

int rn_text_number(const char *s, size_t n, double *out)
{
	if (n == 0)
		return -1;
	int digits = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c >= '0' && c <= '9')
			digits = 1;
		else if (c != '.' && c != 'e' && c != 'E' && c != '+' && c != '-')
			return -1;
	}
	if (!digits)
		return -1;
	if (simple_decimal(s, n, out) == 0)
		return 0;
	char small[64];
	char *buf = n < sizeof(small) ? small : malloc(n + 1);
	if (!buf)
		return -2;
	memcpy(buf, s, n);
	buf[n] = '\0';
	char *end;
	errno = 0;
	double d = strtod(buf, &end);
	int bad = end != buf + n;
	int e = errno;
	if (buf != small)
		free(buf);
	if (bad || !isfinite(d) || e == ERANGE)
		return -1;
	*out = d;
	return 0;
}

/*
 * Text helpers: UTF-8 validation of input fields, Unicode folding for
 * matching (through utf8proc), trimming, display width for aligned tables.
 * Nothing here allocates except rn_text_fold().
 */
#ifndef REFNET_TEXT_H
#define REFNET_TEXT_H

#include <stddef.h>

enum rn_text_problem {
	RN_TEXT_OK = 0,
	RN_TEXT_BAD_UTF8,   /* not valid UTF-8 */
	RN_TEXT_NUL,        /* contains a NUL byte */
	RN_TEXT_CONTROL,    /* contains a control character other than tab, CR, LF */
	RN_TEXT_NONCHAR     /* contains a Unicode noncharacter (U+FFFE, U+FFFF,
	                     * U+FDD0..U+FDEF, U+1FFFE...): not allowed in XML */
};

/*
 * Check that s[0..n) is valid UTF-8 without NUL or other control characters
 * (tab, CR and LF are allowed) and without Unicode noncharacters.  On a problem, *at receives the byte offset.
 * O(n), with a fast path for ASCII.
 */
enum rn_text_problem rn_text_check(const char *s, size_t n, size_t *at);

/* A short English description of a problem, e.g. "invalid UTF-8". */
const char *rn_text_problem_str(enum rn_text_problem p);

/*
 * Fold s[0..n) for matching: Unicode case folding, accents removed
 * (compatibility decomposition, combining marks stripped), every run of
 * white space or punctuation other than letters and digits turned into one
 * space, no leading or trailing space, except that '+' and '#' right after
 * a letter, digit or another of them stay (C, C++ and C# are different
 * skills).  "  José's  Café-Bar " -> "jose s cafe bar"; "C++" -> "c++".
 * Returns a malloc'd string in *out (free() it) or NULL with status on out
 * of memory / invalid UTF-8.  Returns 0 on success, -1 on failure.
 */
int rn_text_fold(const char *s, size_t n, char **out);

/* Trim ASCII white space (space, tab, CR, LF) from both ends of s[0..*n). */
const char *rn_text_trim(const char *s, size_t *n);

/* ASCII-case-insensitive equality of s[0..n) and the NUL-terminated lit. */
int rn_text_ieq(const char *s, size_t n, const char *lit);

/*
 * Unicode normalisation form C of s[0..n): returns 1 with the NFC text in
 * *out (malloc'd, NUL-terminated) when it differs, 0 with *out NULL when s
 * is already in NFC (all ASCII is, and is found without utf8proc), -1 on out
 * of memory.
 */
int rn_text_nfc(const char *s, size_t n, char **out);

/*
 * Text to show on a terminal or in a text report, one line per line: control
 * characters as \n \r \t or \xNN (DEL too), C1 controls and the Unicode
 * line and paragraph separators as \uNNNN, bytes that are not UTF-8 as
 * \xNN; everything else (backslashes included) as it is.  Returns a
 * malloc'd copy when something changed, NULL when s can be shown as it is
 * (or on out of memory: then show s as it is).  O(length).
 */
char *rn_text_escape(const char *s);

/*
 * s with every byte that is not part of valid UTF-8 replaced by U+FFFD, for
 * JSON (which holds only Unicode text): a malloc'd copy, or NULL when s is
 * valid UTF-8 already (or on out of memory).
 */
char *rn_text_valid_utf8(const char *s);

/* Is cp one of Unicode's 66 noncharacters? */
int rn_text_is_nonchar(long cp);

/*
 * Is s[0..n) a plain decimal number: an optional '-', digits, an optional
 * '.' and digits (at least one digit in all)?  No '+', exponent, hex, inf,
 * nan, spaces or thousands separators.
 */
int rn_text_plain_decimal(const char *s, size_t n);

/*
 * A decimal number in s[0..n), of any length: digits, one optional '.', an
 * optional exponent, an optional leading '-' or '+'; no hex, inf, nan or
 * spaces (the loader also wants rn_text_plain_decimal).  The value is what
 * strtod gives (correctly rounded).  Returns 0; -1 when it is not such a
 * number or out of a double's range (strtod's ERANGE: too large, or too
 * small to be told from 0); -2 on out of memory.
 */
int rn_text_number(const char *s, size_t n, double *out);

/* Display width of a UTF-8 string in terminal columns (East Asian wide = 2). */
size_t rn_text_width(const char *s);

#endif

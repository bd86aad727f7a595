/*
 * Unit tests for the text helpers (src/io/text.c): rn_text_check (with its
 * eight-bytes-at-a-time ASCII fast path), rn_text_problem_str, rn_text_fold,
 * rn_text_trim, rn_text_ieq and rn_text_width.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "refnet/common.h"
#include "refnet/text.h"

/* ---- rn_text_check ------------------------------------------------------- */

static enum rn_text_problem check(const char *s, size_t n, size_t *at)
{
	*at = 999999;
	return rn_text_check(s, n, at);
}

/* s[0..n) has its first problem p at byte offset want. */
static void expect_problem(const char *s, size_t n, enum rn_text_problem p, size_t want)
{
	size_t at;
	enum rn_text_problem got = check(s, n, &at);
	if (got != p)
		fail_msg("problem %d, expected %d (n=%zu, want offset %zu)", (int) got, (int) p, n,
		         want);
	if (at != want)
		fail_msg("offset %zu, expected %zu (problem %d, n=%zu)", at, want, (int) p, n);
}

static void expect_ok(const char *s, size_t n)
{
	size_t at;
	enum rn_text_problem got = check(s, n, &at);
	if (got != RN_TEXT_OK)
		fail_msg("problem %d at %zu in a valid text of %zu bytes", (int) got, at, n);
}

static void check_problem_strings(void **state)
{
	assert_string_equal(rn_text_problem_str(RN_TEXT_OK), "ok");
	assert_string_equal(rn_text_problem_str(RN_TEXT_BAD_UTF8), "invalid UTF-8");
	assert_string_equal(rn_text_problem_str(RN_TEXT_NUL), "NUL byte");
	assert_string_equal(rn_text_problem_str(RN_TEXT_CONTROL), "control character");
}

static void check_valid_text(void **state)
{
	expect_ok("", 0);
	expect_ok("hello, world", 12);
	expect_ok("tab\there\r\nnew\nline\r", 19);
	expect_ok(" !\"#$%&'()*+,-./0123456789:;<=>?@ABCXYZ[\\]^_`abcxyz{|}~", 55);
	expect_ok("Jos\xc3\xa9", 5);
	expect_ok("\xc2\xa0", 2);                   /* U+00A0, just past the C1 range */
	expect_ok("\xe6\x97\xa5\xe6\x9c\xac", 6);    /* 日本 */
	expect_ok("\xef\xbb\xbf", 3);                /* U+FEFF */
	expect_ok("\xf0\x9f\x98\x80", 4);            /* U+1F600 */
	expect_ok("\xf4\x8f\xbf\xbd", 4);            /* U+10FFFD, the last character */
	expect_ok("\xed\x9f\xbf", 3);                /* U+D7FF, just below the surrogates */
	expect_ok("\xee\x80\x80", 3);                /* U+E000, just above them */
	expect_ok("\xef\xb7\x8f", 3);                /* U+FDCF, before the noncharacters */
	expect_ok("\xef\xb7\xb0", 3);                /* U+FDF0, after them */
	expect_ok("\xef\xbf\xbd", 3);                /* U+FFFD, the replacement character */
	/* Long mixed text: fast path, slow path and back. */
	static const char mixed[] = "abcdefgh\xc3\xa9ijklmnopqrstuvw\xe2\x82\xac" "0123456789abcdef\t";
	expect_ok(mixed, sizeof(mixed) - 1);
}

/* One byte of every value at every offset of a 16-byte ASCII buffer. */
static void check_every_byte_value(void **state)
{
	char buf[16];
	for (int v = 0; v < 256; v++) {
		for (size_t pos = 0; pos < sizeof(buf); pos++) {
			memset(buf, 'a', sizeof(buf));
			buf[pos] = (char) v;
			size_t at;
			enum rn_text_problem p = check(buf, sizeof(buf), &at);
			enum rn_text_problem want;
			if (v == 0)
				want = RN_TEXT_NUL;
			else if (v == '\t' || v == '\n' || v == '\r' || (v >= 0x20 && v < 0x7f))
				want = RN_TEXT_OK;
			else if (v < 0x80)
				want = RN_TEXT_CONTROL;   /* C0 controls and DEL */
			else
				want = RN_TEXT_BAD_UTF8;  /* lone continuation or a lead without one */
			if (p != want || (want != RN_TEXT_OK && at != pos))
				fail_msg("byte 0x%02x at %zu: problem %d at %zu, expected %d at %zu", v,
				         pos, (int) p, at, (int) want, pos);
		}
	}
}

/*
 * A bad byte at each position 0..17, in buffers of several lengths, and with
 * the buffer itself starting at each alignment: the reported offset is exact.
 */
static void check_offsets_modulo_8(void **state)
{
	static const struct {
		const char *bytes;
		size_t n;
		enum rn_text_problem p;
	} bad[] = {
		{ "\x00", 1, RN_TEXT_NUL },
		{ "\x01", 1, RN_TEXT_CONTROL },
		{ "\x08", 1, RN_TEXT_CONTROL },
		{ "\x0b", 1, RN_TEXT_CONTROL },   /* vertical tab */
		{ "\x0c", 1, RN_TEXT_CONTROL },   /* form feed */
		{ "\x1b", 1, RN_TEXT_CONTROL },   /* escape */
		{ "\x1f", 1, RN_TEXT_CONTROL },
		{ "\x7f", 1, RN_TEXT_CONTROL },   /* DEL */
		{ "\xc2\x80", 2, RN_TEXT_CONTROL },   /* U+0080, first C1 control */
		{ "\xc2\x85", 2, RN_TEXT_CONTROL },   /* NEL */
		{ "\xc2\x9b", 2, RN_TEXT_CONTROL },   /* CSI */
		{ "\xc2\x9f", 2, RN_TEXT_CONTROL },   /* U+009F, last C1 control */
		{ "\x80", 1, RN_TEXT_BAD_UTF8 },
		{ "\xbf", 1, RN_TEXT_BAD_UTF8 },
		{ "\xff", 1, RN_TEXT_BAD_UTF8 },
		{ "\xfe", 1, RN_TEXT_BAD_UTF8 },
		{ "\xc0\xaf", 2, RN_TEXT_BAD_UTF8 },           /* overlong '/' */
		{ "\xc1\xbf", 2, RN_TEXT_BAD_UTF8 },           /* overlong DEL */
		{ "\xc0\x80", 2, RN_TEXT_BAD_UTF8 },           /* overlong NUL */
		{ "\xe0\x80\xaf", 3, RN_TEXT_BAD_UTF8 },       /* overlong, 3 bytes */
		{ "\xe0\x9f\xbf", 3, RN_TEXT_BAD_UTF8 },       /* overlong U+07FF */
		{ "\xf0\x80\x80\xaf", 4, RN_TEXT_BAD_UTF8 },   /* overlong, 4 bytes */
		{ "\xf0\x8f\xbf\xbf", 4, RN_TEXT_BAD_UTF8 },   /* overlong U+FFFF */
		{ "\xed\xa0\x80", 3, RN_TEXT_BAD_UTF8 },       /* U+D800 surrogate */
		{ "\xed\xbf\xbf", 3, RN_TEXT_BAD_UTF8 },       /* U+DFFF surrogate */
		{ "\xed\xb0\x80", 3, RN_TEXT_BAD_UTF8 },       /* U+DC00 surrogate */
		{ "\xf4\x90\x80\x80", 4, RN_TEXT_BAD_UTF8 },   /* U+110000 */
		{ "\xf5\x80\x80\x80", 4, RN_TEXT_BAD_UTF8 },
		{ "\xc3(", 2, RN_TEXT_BAD_UTF8 },              /* bad continuation */
		{ "\xe2\x28\xa1", 3, RN_TEXT_BAD_UTF8 },
		{ "\xf0\x9f\x98", 3, RN_TEXT_BAD_UTF8 },       /* truncated before 'a' */
		/* Noncharacters: valid UTF-8, not text (XML forbids U+FFFE/FFFF). */
		{ "\xef\xbf\xbe", 3, RN_TEXT_NONCHAR },        /* U+FFFE */
		{ "\xef\xbf\xbf", 3, RN_TEXT_NONCHAR },        /* U+FFFF */
		{ "\xef\xb7\x90", 3, RN_TEXT_NONCHAR },        /* U+FDD0 */
		{ "\xef\xb7\xaf", 3, RN_TEXT_NONCHAR },        /* U+FDEF */
		{ "\xf0\x9f\xbf\xbe", 4, RN_TEXT_NONCHAR },    /* U+1FFFE */
		{ "\xf4\x8f\xbf\xbf", 4, RN_TEXT_NONCHAR },    /* U+10FFFF */
	};
	static const size_t lens[] = { 18, 19, 24, 25, 33 };
	char store[64 + 8];
	for (size_t b = 0; b < RN_ARRAY_LEN(bad); b++) {
		for (size_t pos = 0; pos <= 17; pos++) {
			for (size_t li = 0; li < RN_ARRAY_LEN(lens); li++) {
				size_t n = lens[li];
				for (size_t align = 0; align < 8; align += 3) {
					char *buf = store + align;
					memset(buf, 'a', n);
					memcpy(buf + pos, bad[b].bytes, bad[b].n);
					/* A later problem must not be the one reported. */
					buf[n - 1] = '\x01';
					if (pos + bad[b].n >= n)
						continue;
					expect_problem(buf, n, bad[b].p, pos);
				}
			}
			/* The bad sequence as the very last bytes (the buffer ends right after). */
			memset(store, 'a', pos);
			memcpy(store + pos, bad[b].bytes, bad[b].n);
			expect_problem(store, pos + bad[b].n, bad[b].p, pos);
		}
	}
}

/* Truncated sequences at the end of the text, after a long ASCII run. */
static void check_truncated_at_end(void **state)
{
	static const char *const tails[] = { "\xc3", "\xe2\x82", "\xf0\x9f", "\xf0\x9f\x98" };
	char buf[40];
	for (size_t t = 0; t < RN_ARRAY_LEN(tails); t++) {
		for (size_t pos = 0; pos <= 17; pos++) {
			memset(buf, 'z', pos);
			size_t k = strlen(tails[t]);
			memcpy(buf + pos, tails[t], k);
			expect_problem(buf, pos + k, RN_TEXT_BAD_UTF8, pos);
		}
	}
}

/* Tab, CR and LF are accepted at every offset, also among other text. */
static void check_tab_cr_lf_accepted(void **state)
{
	char buf[32];
	for (size_t pos = 0; pos < sizeof(buf); pos++) {
		static const char ok[] = "\t\r\n";
		for (size_t k = 0; k < 3; k++) {
			memset(buf, 'q', sizeof(buf));
			buf[pos] = ok[k];
			expect_ok(buf, sizeof(buf));
		}
	}
	memset(buf, '\n', sizeof(buf));
	expect_ok(buf, sizeof(buf));
	memset(buf, '\t', sizeof(buf));
	expect_ok(buf, sizeof(buf));
}

/* The length is honoured: bytes beyond n are not looked at. */
static void check_length_honoured(void **state)
{
	expect_ok("abc\x01", 3);
	expect_ok("abcdefgh\x01", 8);
	expect_ok("abcdefghijklmnop\xff", 16);
	expect_ok("\xc3\xa9\xff", 2);
	expect_problem("abcdefghijklmnop\xff", 17, RN_TEXT_BAD_UTF8, 16);
	/* A multi-byte character cut by n is truncated. */
	expect_problem("\xc3\xa9", 1, RN_TEXT_BAD_UTF8, 0);
}

/* ---- rn_text_fold -------------------------------------------------------- */

static void expect_fold(const char *in, const char *want)
{
	char *out = (char *) 1;
	if (rn_text_fold(in, strlen(in), &out) != 0)
		fail_msg("fold('%s') failed", in);
	assert_non_null(out);
	if (strcmp(out, want) != 0)
		fail_msg("fold('%s') = '%s', expected '%s'", in, out, want);
	free(out);
}

static void fold_examples(void **state)
{
	expect_fold("Estate Attorney", "estate attorney");
	expect_fold("Jos\xc3\xa9's  Caf\xc3\xa9-Bar", "jose s cafe bar");
	expect_fold("  Jos\xc3\xa9's  Caf\xc3\xa9-Bar ", "jose s cafe bar");
	expect_fold("\xc3\x89" "COLE", "ecole");             /* ÉCOLE */
	expect_fold("Stra\xc3\x9f" "e", "strasse");          /* Straße */
	expect_fold("", "");
	expect_fold("--;!", "");
	expect_fold("  ... ---  ", "");
	expect_fold("\xc2\xbf\xc2\xa1\xe2\x80\x94", "");     /* ¿¡— */
	expect_fold(" \t\r\n", "");
}

static void fold_ascii(void **state)
{
	expect_fold("Web Design", "web design");
	expect_fold("web  design", "web design");
	expect_fold("WEB-DESIGN", "web design");
	expect_fold("  web_design  ", "web design");
	expect_fold("a", "a");
	expect_fold("A1 b2", "a1 b2");
	expect_fold("Wills & Trusts", "wills trusts");
	expect_fold("O'Brien", "o brien");
	expect_fold("x\ty\nz", "x y z");
	/* '+' and '#' ending a word are part of it: C, C++ and C# differ. */
	expect_fold("C++", "c++");
	expect_fold("C#, F# and C", "c# f# and c");
	expect_fold("c ++ #c", "c c");   /* not after a word: separators */
	expect_fold("A+ grade; a+b", "a+ grade a b");   /* between words: a separator */
	expect_fold("x#1 y+#", "x 1 y+#");
	expect_fold("2024", "2024");
}

static void fold_unicode(void **state)
{
	expect_fold("Caf\xc3\xa9", "cafe");                          /* precomposed é */
	expect_fold("Cafe\xcc\x81", "cafe");                         /* e + combining acute */
	expect_fold("\xc2\xbf" "Qu\xc3\xa9?", "que");                /* ¿Qué? */
	expect_fold("Caf\xc3\xa9 C# d\xc3\xa9v", "cafe c# dev");     /* the same in UTF-8 */
	expect_fold("\xc2\xab" "Hello\xc2\xbb \xe2\x80\x94 world", "hello world");
	expect_fold("\xef\xbc\xb7\xef\xbd\x85\xef\xbd\x82\xe3\x80\x80\xef\xbc\xa4\xef\xbd\x85"
	            "\xef\xbd\x93\xef\xbd\x89\xef\xbd\x87\xef\xbd\x8e", "web design");   /* fullwidth */
	expect_fold("\xef\xac\x81" "ne", "fine");                    /* ﬁ ligature */
	expect_fold("\xce\xa3\xce\x91\xce\xa3", "\xcf\x83\xce\xb1\xcf\x83");   /* ΣΑΣ -> σασ */
	expect_fold("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e");
	expect_fold("x\xc2\xb2", "x2");                              /* superscript two */
	expect_fold("\xc3\x86r\xc3\xb8sk\xc3\xb8" "bing", "\xc3\xa6r\xc3\xb8sk\xc3\xb8" "bing");
	expect_fold("M\xc3\xbc" "ller-L\xc3\xbc" "denscheid", "muller ludenscheid");
	expect_fold("\xc2\xa0nbsp\xc2\xa0", "nbsp");                 /* no-break spaces */
	expect_fold("\xf0\x9f\x98\x80", "");                         /* an emoji is not a word */
}

/* Different spellings of one tag fold to the same text. */
static void fold_equivalences(void **state)
{
	static const char *const same[] = {
		"estate attorney", "Estate Attorney", "ESTATE  ATTORNEY", " estate-attorney ",
		"Estate_Attorney", "\xc3\x89state Attorney", "E\xcc\x81state attorney",
	};
	for (size_t i = 0; i < RN_ARRAY_LEN(same); i++)
		expect_fold(same[i], "estate attorney");
}

static void fold_invalid_utf8(void **state)
{
	char *out = (char *) 1;
	assert_int_equal(rn_text_fold("caf\xc3", 4, &out), -1);
	assert_null(out);
	out = (char *) 1;
	assert_int_equal(rn_text_fold("\xff" "abc", 4, &out), -1);
	assert_null(out);
}

/* The length is honoured, and the result is a fresh string. */
static void fold_length(void **state)
{
	char *out = NULL;
	assert_int_equal(rn_text_fold("Hello World", 5, &out), 0);
	assert_string_equal(out, "hello");
	free(out);
	assert_int_equal(rn_text_fold("Caf\xc3\xa9 Bar", 5, &out), 0);
	assert_string_equal(out, "cafe");
	free(out);
	assert_int_equal(rn_text_fold("abc", 0, &out), 0);
	assert_non_null(out);
	assert_string_equal(out, "");
	free(out);
}

/* ---- rn_text_trim, rn_text_ieq ------------------------------------------- */

static void expect_trim(const char *in, size_t off, size_t len)
{
	size_t n = strlen(in);
	const char *r = rn_text_trim(in, &n);
	assert_ptr_equal(r, in + off);
	assert_int_equal(n, len);
}

static void trim(void **state)
{
	expect_trim("abc", 0, 3);
	expect_trim("  abc  ", 2, 3);
	expect_trim("\t\r\n abc\r\n", 4, 3);
	expect_trim("a b", 0, 3);
	expect_trim(" a  b ", 1, 4);
	expect_trim("", 0, 0);
	expect_trim("    ", 4, 0);
	expect_trim(" \t\r\n", 4, 0);
	/* Only ASCII space, tab, CR, LF: not vertical tab, form feed or U+00A0. */
	expect_trim("\vabc\f", 0, 5);
	expect_trim("\xc2\xa0x\xc2\xa0", 0, 5);
	/* The length is honoured. */
	size_t n = 3;
	const char *s = " a bcd";
	assert_ptr_equal(rn_text_trim(s, &n), s + 1);   /* " a " */
	assert_int_equal(n, 1);
	n = 0;
	assert_ptr_equal(rn_text_trim(s, &n), s);
	assert_int_equal(n, 0);
}

static void ieq(void **state)
{
	assert_true(rn_text_ieq("partner", 7, "partner"));
	assert_true(rn_text_ieq("PARTNER", 7, "partner"));
	assert_true(rn_text_ieq("Partner", 7, "pArTnEr"));
	assert_true(rn_text_ieq("", 0, ""));
	assert_true(rn_text_ieq("abcX", 3, "abc"));   /* s is not NUL-terminated */
	assert_false(rn_text_ieq("part", 4, "partner"));
	assert_false(rn_text_ieq("partners", 8, "partner"));
	assert_false(rn_text_ieq("partner", 7, ""));
	assert_false(rn_text_ieq("", 0, "a"));
	assert_false(rn_text_ieq("partnes", 7, "partner"));
	assert_false(rn_text_ieq("a\0", 2, "a"));
	/* ASCII only: '@' and '`' are not letters, nor are bytes above 0x7f. */
	assert_false(rn_text_ieq("@", 1, "`"));
	assert_false(rn_text_ieq("[", 1, "{"));
	assert_false(rn_text_ieq("\xc3\x89", 2, "\xc3\xa9"));
	assert_true(rn_text_ieq("\xc3\xa9", 2, "\xc3\xa9"));
}

/* ---- rn_text_width ------------------------------------------------------- */

static void width(void **state)
{
	assert_int_equal(rn_text_width(""), 0);
	assert_int_equal(rn_text_width("abc"), 3);
	assert_int_equal(rn_text_width("Jos\xc3\xa9"), 4);
	assert_int_equal(rn_text_width("Jose\xcc\x81"), 4);        /* combining acute: 0 */
	assert_int_equal(rn_text_width("\xcc\x81"), 0);
	assert_int_equal(rn_text_width("\xe2\x80\x8d"), 0);        /* zero-width joiner */
	assert_int_equal(rn_text_width("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e"), 6);   /* 日本語 */
	assert_int_equal(rn_text_width("\xed\x95\x9c\xea\xb5\xad"), 4);   /* 한국 */
	assert_int_equal(rn_text_width("\xef\xbc\xa1\xef\xbc\xa2"), 4);   /* fullwidth ＡＢ */
	assert_int_equal(rn_text_width("\xef\xbd\xb1"), 1);        /* halfwidth katakana */
	assert_int_equal(rn_text_width("a\xe6\x97\xa5" "b"), 4);
	assert_int_equal(rn_text_width("\xf0\x9f\x98\x80"), 2);    /* emoji */
	assert_int_equal(rn_text_width("\xce\xa9"), 1);            /* Ω */
	/* An invalid byte counts as one column and does not stop the count. */
	assert_int_equal(rn_text_width("a\xff" "b"), 3);
	assert_int_equal(rn_text_width("\xc3"), 1);
}

/* rn_text_number gives strtod's value, bit for bit, or rejects the text. */
static void expect_number(const char *s)
{
	double got = 0, want = 0;
	char *end;
	errno = 0;
	want = strtod(s, &end);
	int ok = *s && *end == '\0' && errno != ERANGE && isfinite(want);
	int r = rn_text_number(s, strlen(s), &got);
	if (ok != (r == 0))
		fail_msg("'%s': strtod %s, rn_text_number %s", s, ok ? "accepts" : "rejects",
		         r == 0 ? "accepts" : "rejects");
	if (ok && memcmp(&got, &want, sizeof(got)) != 0)
		fail_msg("'%s': %.17g, strtod %.17g", s, got, want);
}

static void numbers(void **state)
{
	(void) state;
	static const char *const fixed[] = {
		"0", "1", "0.5", "0.58", "1.0", "-0", "-0.0", "+0.25", ".5", "5.", "-.5", "0.1",
		"0.3", "0.7", "99.95", "123456789012345", "1234567890123456", "0.123456789012345",
		"0.1234567890123456", "9007199254740993", "1e3", "1E-2", "2.5e+1", "0.0000000000000000000001",
		"0.00000000000000000000001", "1e309", "1e-400", "00012.50", "999999999999999",
		"0.999999999999999", "4.35", "1.005", "2.675",
	};
	for (size_t i = 0; i < RN_ARRAY_LEN(fixed); i++)
		expect_number(fixed[i]);
	static const char *const bad[] = { "", ".", "-", "+", "e5", "1.2.3", "--1", "1-",
	                                   "0x10", "inf", "nan", " 1", "1 ", "1,5" };
	double d;
	for (size_t i = 0; i < RN_ARRAY_LEN(bad); i++)
		if (rn_text_number(bad[i], strlen(bad[i]), &d) == 0)
			fail_msg("'%s' accepted", bad[i]);
	/* Random decimals of 1 to 20 digits with the point anywhere. */
	uint64_t x = 88172645463325252u;
	for (int k = 0; k < 200000; k++) {
		char s[40];
		size_t n = 0;
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		if (x % 5 == 0)
			s[n++] = '-';
		int digits = (int) ((x >> 8) % 20) + 1;
		int point = (int) ((x >> 16) % (uint64_t) (digits + 2)) - 1;
		uint64_t y = x;
		for (int i = 0; i < digits; i++) {
			if (i == point)
				s[n++] = '.';
			y = y * 6364136223846793005u + 1442695040888963407u;
			s[n++] = (char) ('0' + (y >> 33) % 10);
		}
		s[n] = '\0';
		expect_number(s);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(check_problem_strings),
		cmocka_unit_test(check_valid_text),
		cmocka_unit_test(check_every_byte_value),
		cmocka_unit_test(check_offsets_modulo_8),
		cmocka_unit_test(check_truncated_at_end),
		cmocka_unit_test(check_tab_cr_lf_accepted),
		cmocka_unit_test(check_length_honoured),
		cmocka_unit_test(fold_examples),
		cmocka_unit_test(fold_ascii),
		cmocka_unit_test(fold_unicode),
		cmocka_unit_test(fold_equivalences),
		cmocka_unit_test(fold_invalid_utf8),
		cmocka_unit_test(fold_length),
		cmocka_unit_test(trim),
		cmocka_unit_test(ieq),
		cmocka_unit_test(width),
		cmocka_unit_test(numbers),
	};
	return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}

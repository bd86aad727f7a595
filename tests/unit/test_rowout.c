/*
 * Unit tests for the streaming row writer and the row-text builder of the
 * reciprocity and followup commands (src/output/rowout.c,
 * src/output/healthbuf.c, both in refnet_core).
 *
 * rowout must write byte for byte what struct rn_table writes for the same
 * cells in every format, including awkward text (commas, quotes, newlines,
 * tabs, backslashes, control characters, wide characters, empty cells);
 * the builder must write what snprintf, rn_date_format() and rn_table_num()
 * write.  If the table writer changes its layout, these tests say so.  And
 * rn_text_wrap(), which wraps the explanations of the text output.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "refnet/date.h"
#include "refnet/output.h"

#include "refnet/healthbuf.h"
#include "refnet/rowout.h"

/* ---- rowout against rn_table ---------------------------------------------- */

#define NCOLS 4
#define NROWS 11

static const struct rn_rowout_col cols[NCOLS] = {
	{ "contact", 0 }, { "with_whom", 0 }, { "days", 1 }, { "why", 0 }
};

/* NULL is an empty cell; column 2 holds numbers. */
static const char *const cells[NROWS][NCOLS] = {
	{ "ann", "bob", "12", "plain" },
	{ "a,b", "say \"hi\"", "-3", "line\nbreak" },
	{ "tab\there", "back\\slash", NULL, " leading and trailing " },
	{ "Zoë Müller", "日本", "0.250", "ctrl\x01char" },
	{ "", NULL, "1000000", "é\tlast" },
	{ "x", "y", "7", NULL },
	/* Spreadsheet formulas: guarded (a leading ') unless a plain number. */
	{ "=1+1", "-12.5", "-3", "@sum(a,b) " },
	{ "+1 555", "\tx", "5", "-x,\"q\"" },
	{ "\rcr", "=\"a\"", NULL, "=x " },
	/* Shown escaped in text, as in messages: DEL, a line separator, a C1
	 * control, a control byte past the first eight. */
	{ "del\x7fx", "sep\xe2\x80\xa8x", "2", "c1\xc2\x85" },
	{ "abcdefgh\x7fijklmnop", "abcdefghij\nklmnop", "3", "abcdefghijklmnopq\x1b[0m" },
};

static int row_fn(void *ctx, size_t i, int all, const char **out)
{
	(void) ctx;
	for (size_t j = 0; j < NCOLS; j++)
		out[j] = cells[i][j];
	if (!all)
		out[NCOLS - 1] = NULL;   /* the writer must not need it */
	return 0;
}

static char *capture_rowout(enum rn_format f, size_t nrows)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	assert_non_null(fp);
	assert_int_equal(rn_rowout_write(fp, f, cols, NCOLS, nrows, row_fn, NULL), 0);
	assert_int_equal(fclose(fp), 0);
	return buf;
}

static char *capture_table(enum rn_format f, size_t nrows)
{
	const char *names[NCOLS];
	struct rn_table t;
	char *buf = NULL;
	size_t len = 0;
	for (size_t j = 0; j < NCOLS; j++)
		names[j] = cols[j].name;
	assert_int_equal(rn_table_init(&t, NCOLS, names), RN_OK);
	for (size_t i = 0; i < nrows; i++) {
		assert_true(rn_table_row(&t) >= 0);
		for (size_t j = 0; j < NCOLS; j++) {
			if (!cells[i][j])
				continue;
			if (cols[j].number)
				assert_int_equal(rn_table_num(&t, j, strtod(cells[i][j], NULL),
				                              strchr(cells[i][j], '.') ? 3 : 0), 0);
			else
				assert_int_equal(rn_table_str(&t, j, cells[i][j]), 0);
		}
	}
	FILE *fp = open_memstream(&buf, &len);
	assert_non_null(fp);
	assert_int_equal(rn_table_write(&t, fp, f), 0);
	assert_int_equal(fclose(fp), 0);
	rn_table_release(&t);
	return buf;
}

static void same_as_table(void **state)
{
	(void) state;
	static const enum rn_format formats[] = { RN_FMT_TEXT, RN_FMT_CSV, RN_FMT_TSV, RN_FMT_JSON };
	for (size_t k = 0; k < RN_ARRAY_LEN(formats); k++) {
		for (size_t n = 0; n <= NROWS; n++) {
			char *a = capture_rowout(formats[k], n), *b = capture_table(formats[k], n);
			if (strcmp(a, b) != 0)
				fail_msg("format %d, %zu rows:\n--- rowout\n%s--- rn_table\n%s",
				         (int) formats[k], n, a, b);
			free(a);
			free(b);
		}
	}
}

/* Text shows what a message would: the escaped text, aligned on its width
 * (contact 20 columns, with_whom 18, days 7: "1000000"). */
static void text_escapes(void **state)
{
	(void) state;
	char *text = capture_rowout(RN_FMT_TEXT, NROWS);
	assert_null(strchr(text, '\x7f'));
	assert_null(strstr(text, "\xe2\x80\xa8"));
	assert_null(strstr(text, "\xc2\x85"));
	assert_null(strchr(text, '\x1b'));
	assert_non_null(strstr(text, "\ndel\\x7fx              sep\\u2028x                2  c1\\u0085\n"));
	assert_non_null(strstr(text, "\nabcdefgh\\x7fijklmnop  abcdefghij\\nklmnop        3  "
	                             "abcdefghijklmnopq\\x1b[0m\n"));
	free(text);
}

/* Both writers, guard on and off; and the exact guarded bytes. */
static void formula_guard(void **state)
{
	(void) state;
	static const enum rn_format formats[] = { RN_FMT_CSV, RN_FMT_TSV };
	for (int on = 0; on <= 1; on++) {
		rn_output_set_formula_guard(on);
		for (size_t k = 0; k < RN_ARRAY_LEN(formats); k++) {
			char *a = capture_rowout(formats[k], NROWS), *b = capture_table(formats[k], NROWS);
			assert_string_equal(a, b);
			const char *rows = strstr(a, "\n=") ? strstr(a, "\n=") : strstr(a, "\n'=");
			assert_non_null(rows);
			free(a);
			free(b);
		}
	}
	rn_output_set_formula_guard(1);
	char *csv = capture_rowout(RN_FMT_CSV, NROWS), *tsv = capture_rowout(RN_FMT_TSV, NROWS);
	const char *want_csv =
		"'=1+1,-12.5,-3,\"'@sum(a,b) \"\n"
		"'+1 555,'\tx,5,\"'-x,\"\"q\"\"\"\n"   /* "'" first: no quotes for the tab */
		"\"'\rcr\",\"'=\"\"a\"\"\",,\"'=x \"\n";
	const char *want_tsv =
		"'=1+1\t-12.5\t-3\t'@sum(a,b) \n"
		"'+1 555\t'\\tx\t5\t'-x,\"q\"\n"
		"'\\rcr\t'=\"a\"\t\t'=x \n";
	assert_non_null(strstr(csv, want_csv));
	assert_non_null(strstr(tsv, want_tsv));
	free(csv);
	free(tsv);
	rn_output_set_formula_guard(0);
	csv = capture_rowout(RN_FMT_CSV, NROWS);
	assert_non_null(strstr(csv, "\n=1+1,-12.5,-3,\"@sum(a,b) \"\n"));
	free(csv);
	rn_output_set_formula_guard(1);
}

static int failing_fn(void *ctx, size_t i, int all, const char **out)
{
	(void) ctx;
	(void) all;
	row_fn(NULL, i, 1, out);
	return i == 2 ? -1 : 0;
}

static void callback_failure(void **state)
{
	(void) state;
	FILE *fp = fopen("/dev/null", "w");
	assert_non_null(fp);
	assert_int_equal(rn_rowout_write(fp, RN_FMT_CSV, cols, NCOLS, NROWS, failing_fn, NULL), -1);
	assert_int_equal(rn_rowout_write(fp, RN_FMT_TEXT, cols, NCOLS, NROWS, failing_fn, NULL), -1);
	fclose(fp);
}

/* ---- the builder ---------------------------------------------------------- */

static void builder_numbers(void **state)
{
	(void) state;
	char a[64], b[64];
	struct rn_sb hb;
	static const long long ints[] = { 0, 1, -1, 9, 10, 12345, -987654321, INT64_MAX, INT64_MIN };
	for (size_t i = 0; i < RN_ARRAY_LEN(ints); i++) {
		rn_sb_init_fixed(&hb, a, sizeof(a));
		rn_health_put_int(&hb, ints[i]);
		snprintf(b, sizeof(b), "%lld", ints[i]);
		assert_string_equal(a, b);
	}
	static const double nums[] = {
		0, -0.0, 0.5, 0.25, -0.0004, 0.0005, 0.0015, 1249.5, 39100, 0.3333333, -0.697,
		2.4446, 999999999.994, 1e9, 1e15, -1e20, 123.456789
	};
	for (size_t i = 0; i < RN_ARRAY_LEN(nums); i++) {
		for (int d = 0; d <= 6; d++) {
			rn_sb_init_fixed(&hb, a, sizeof(a));
			rn_health_put_fixed(&hb, nums[i], d);
			assert_string_equal(a, rn_health_num(b, sizeof(b), nums[i], d));
		}
	}
	/* Pseudo-random values, against the snprintf path. */
	uint64_t s = 7;
	for (int i = 0; i < 20000; i++) {
		s = s * 6364136223846793005ull + 1442695040888963407ull;
		double v = ((double) (s >> 11) / 9007199254740992.0 - 0.5) * pow(10, (int) (s % 13));
		int d = (int) ((s >> 7) % 4);
		rn_sb_init_fixed(&hb, a, sizeof(a));
		rn_health_put_fixed(&hb, v, d);
		assert_string_equal(a, rn_health_num(b, sizeof(b), v, d));
	}
	/* rn_health_num is rn_table_num's text. */
	struct rn_table t;
	static const char *const names[] = { "x" };
	assert_int_equal(rn_table_init(&t, 1, names), RN_OK);
	for (size_t i = 0; i < RN_ARRAY_LEN(nums); i++) {
		assert_true(rn_table_row(&t) >= 0);
		assert_int_equal(rn_table_num(&t, 0, nums[i], 3), 0);
		assert_string_equal(t.cells[i].s, rn_health_num(b, sizeof(b), nums[i], 3));
	}
	rn_table_release(&t);
}

static void builder_dates(void **state)
{
	(void) state;
	char a[16], b[16];
	struct rn_sb hb;
	for (int d = rn_date_from_ymd(1, 1, 1); d <= rn_date_from_ymd(2400, 12, 31); d += 13) {
		rn_sb_init_fixed(&hb, a, sizeof(a));
		rn_health_put_date(&hb, d);
		rn_date_format(d, b);
		assert_string_equal(a, b);
	}
	rn_sb_init_fixed(&hb, a, sizeof(a));
	rn_health_put_date(&hb, rn_date_from_ymd(2026, 11, 1));
	assert_string_equal(a, "2026-11-01");
	rn_sb_init_fixed(&hb, a, sizeof(a));
	rn_health_put_days(&hb, 1);
	assert_string_equal(a, "1 day");
	rn_sb_init_fixed(&hb, a, sizeof(a));
	rn_health_put_days(&hb, 0);
	assert_string_equal(a, "0 days");
}

static void builder_truncates_whole_characters(void **state)
{
	(void) state;
	char small[8];
	struct rn_sb hb;
	rn_sb_init_fixed(&hb, small, sizeof(small));
	rn_sb_puts(&hb, "abcdeé");        /* 7 bytes fit: "abcde" + 2-byte é */
	assert_string_equal(small, "abcdeé");
	rn_sb_init_fixed(&hb, small, sizeof(small));
	rn_sb_puts(&hb, "abcdefé");       /* é would be cut in two: left out */
	assert_string_equal(small, "abcdef");
	rn_sb_puts(&hb, "more");
	assert_string_equal(small, "abcdefm");

	char buf[64];
	rn_sb_init_fixed(&hb, buf, sizeof(buf));
	rn_health_put_text(&hb, "short", 10);
	assert_string_equal(buf, "short");
	rn_sb_init_fixed(&hb, buf, sizeof(buf));
	rn_health_put_text(&hb, "Zoë Müller", 3);   /* "Zo" + half of ë: cut before ë */
	assert_string_equal(buf, "Zo...");
	rn_sb_init_fixed(&hb, buf, sizeof(buf));
	rn_health_put_text(&hb, "Zoë Müller", 4);
	assert_string_equal(buf, "Zoë...");
}

/* ---- word wrapping for a terminal --------------------------------------- */

static char *wrapped(const char *text, size_t col, size_t indent, size_t width)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	assert_non_null(fp);
	rn_text_wrap(fp, text, col, indent, width);
	assert_int_equal(fclose(fp), 0);
	return buf;
}

static void expect_wrap(const char *text, size_t col, size_t indent, size_t width,
                        const char *want)
{
	char *got = wrapped(text, col, indent, width);
	assert_string_equal(got, want);
	free(got);
}

static void wrap_lines(void **state)
{
	(void) state;
	/* Breaks at spaces; continuation lines start with indent spaces. */
	expect_wrap("one two three four", 0, 2, 10, "one two\n  three\n  four");
	/* The cursor's column counts: "ab" already stands there. */
	expect_wrap("one two", 8, 2, 10, "one\n  two");
	/* A word longer than a line stands alone, uncut. */
	expect_wrap("a verylongword b", 0, 2, 8, "a\n  verylongword\n  b");
	/* Wide characters count two columns. */
	expect_wrap("\xe6\x97\xa5\xe6\x9c\xac \xe6\x97\xa5\xe6\x9c\xac", 0, 0, 8,
	            "\xe6\x97\xa5\xe6\x9c\xac\n\xe6\x97\xa5\xe6\x9c\xac");
	/* Width 0 (not a terminal): as written. */
	expect_wrap("  as   written ", 0, 2, 0, "  as   written ");
	/* Leading and trailing spaces go; spaces between words stay as written. */
	expect_wrap("  Ann  Lee   and Bo ", 0, 2, 40, "Ann  Lee   and Bo");
	/* A break takes the spaces before the word it moves. */
	expect_wrap("Ann  Lee", 0, 2, 6, "Ann\n  Lee");
}

static void wrap_keeps_quoted_text(void **state)
{
	(void) state;
	/* A quoted need stays on one line when it fits there. */
	expect_wrap("help with 'estate attorney' now", 0, 4, 22,
	            "help with\n    'estate attorney'\n    now");
	/* An apostrophe inside a word does not end it; punctuation after the
	 * closing quote goes with it. */
	expect_wrap("for 'Mom's web shop', soon", 0, 2, 20, "for\n  'Mom's web shop',\n  soon");
	/* Too long for any line: broken at its spaces like other words. */
	expect_wrap("x 'a b c d e f g h'", 0, 2, 8, "x 'a b c\n  d e f\n  g h'");
	/* No closing quote: words. */
	expect_wrap("it 'is open", 0, 2, 8, "it 'is\n  open");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(same_as_table),
		cmocka_unit_test(text_escapes),
		cmocka_unit_test(formula_guard),
		cmocka_unit_test(callback_failure),
		cmocka_unit_test(builder_numbers),
		cmocka_unit_test(builder_dates),
		cmocka_unit_test(builder_truncates_whole_characters),
		cmocka_unit_test(wrap_lines),
		cmocka_unit_test(wrap_keeps_quoted_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

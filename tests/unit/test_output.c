/*
 * Unit tests for output (src/output/table.c, src/output/out.c): the table
 * writer in its four formats, rn_csv_put / rn_tsv_put, rn_fmt_double,
 * rn_format_parse, and the atomic output files of rn_out_open /
 * rn_out_commit / rn_out_abort.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <float.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "refnet/common.h"
#include "refnet/output.h"
#include "testutil.h"

/* ---- helpers ------------------------------------------------------------- */

/* Write the table in format f into a string (free() it). */
static char *render(const struct rn_table *t, enum rn_format f)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&buf, &n);
	assert_non_null(fp);
	assert_int_equal(rn_table_write(t, fp, f), 0);
	assert_int_equal(fclose(fp), 0);
	return buf;
}

static void expect_render(const struct rn_table *t, enum rn_format f, const char *want)
{
	char *got = render(t, f);
	if (strcmp(got, want) != 0) {
		print_message("format %d, got:\n%s\nexpected:\n%s\n", (int) f, got, want);
		fail();
	}
	free(got);
}

/* The output of put(s) into a string. */
static char *put_str(void (*put)(FILE *, const char *), const char *s)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&buf, &n);
	assert_non_null(fp);
	put(fp, s);
	assert_int_equal(fclose(fp), 0);
	return buf;
}

static void expect_put(void (*put)(FILE *, const char *), const char *s, const char *want)
{
	char *got = put_str(put, s);
	if (strcmp(got, want) != 0)
		fail_msg("put('%s') = '%s', expected '%s'", s, got, want);
	free(got);
}

/*
 * The sample table: UTF-8 names (wide CJK, a combining mark), an integer
 * column, a two-decimal number column and a text column last.
 */
static void sample_table(struct rn_table *t)
{
	static const char *const names[] = { "name", "score", "trust_ratio", "city" };
	assert_int_equal(rn_table_init(t, 4, names), RN_OK);
	assert_int_equal(rn_table_row(t), 0);
	assert_int_equal(rn_table_str(t, 0, "Jos\xc3\xa9"), 0);
	assert_int_equal(rn_table_int(t, 1, 7), 0);
	assert_int_equal(rn_table_num(t, 2, 0.5, 2), 0);
	assert_int_equal(rn_table_str(t, 3, "Oslo"), 0);
	assert_int_equal(rn_table_row(t), 1);
	rn_table_str(t, 0, "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e");   /* 日本語: 6 columns */
	rn_table_int(t, 1, 1234);
	rn_table_num(t, 2, 12.25, 2);
	rn_table_str(t, 3, "T\xc5\x8dky\xc5\x8d");
	assert_int_equal(rn_table_row(t), 2);
	rn_table_str(t, 0, "Bob");
	rn_table_int(t, 1, -5);
	rn_table_num(t, 2, 0.004, 2);
	rn_table_str(t, 3, "Rome");
	assert_int_equal(rn_table_row(t), 3);
	rn_table_str(t, 0, "Zoe\xcc\x88");   /* Zoë with a combining diaeresis: 3 columns */
	rn_table_int(t, 1, 0);
	rn_table_num(t, 2, 3.14159, 2);
	rn_table_str(t, 3, "Z\xc3\xbcrich");
}

/* ---- the table writer ---------------------------------------------------- */

static void table_text(void **state)
{
	struct rn_table t;
	sample_table(&t);
	/* name: 6 columns wide, left; score: 5, right; trust ratio: 11, right; city last. */
	expect_render(&t, RN_FMT_TEXT,
	              "name    score  trust ratio  city\n"
	              "Jos\xc3\xa9        7         0.50  Oslo\n"
	              "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e   1234        12.25  T\xc5\x8dky\xc5\x8d\n"
	              "Bob        -5         0.00  Rome\n"
	              "Zoe\xcc\x88         0         3.14  Z\xc3\xbcrich\n");
	rn_table_release(&t);
}

static void table_csv(void **state)
{
	struct rn_table t;
	sample_table(&t);
	expect_render(&t, RN_FMT_CSV,
	              "name,score,trust_ratio,city\n"
	              "Jos\xc3\xa9,7,0.50,Oslo\n"
	              "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e,1234,12.25,T\xc5\x8dky\xc5\x8d\n"
	              "Bob,-5,0.00,Rome\n"
	              "Zoe\xcc\x88,0,3.14,Z\xc3\xbcrich\n");
	rn_table_release(&t);
}

static void table_tsv(void **state)
{
	struct rn_table t;
	sample_table(&t);
	expect_render(&t, RN_FMT_TSV,
	              "name\tscore\ttrust_ratio\tcity\n"
	              "Jos\xc3\xa9\t7\t0.50\tOslo\n"
	              "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\t1234\t12.25\tT\xc5\x8dky\xc5\x8d\n"
	              "Bob\t-5\t0.00\tRome\n"
	              "Zoe\xcc\x88\t0\t3.14\tZ\xc3\xbcrich\n");
	rn_table_release(&t);
}

/* Numbers are written with the same digits as in CSV and text. */
static void table_json(void **state)
{
	struct rn_table t;
	sample_table(&t);
	expect_render(&t, RN_FMT_JSON,
	              "[\n"
	              "  {\"name\":\"Jos\xc3\xa9\",\"score\":7,\"trust_ratio\":0.50,\"city\":\"Oslo\"},\n"
	              "  {\"name\":\"\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\",\"score\":1234,"
	              "\"trust_ratio\":12.25,\"city\":\"T\xc5\x8dky\xc5\x8d\"},\n"
	              "  {\"name\":\"Bob\",\"score\":-5,\"trust_ratio\":0.00,\"city\":\"Rome\"},\n"
	              "  {\"name\":\"Zoe\xcc\x88\",\"score\":0,\"trust_ratio\":3.14,"
	              "\"city\":\"Z\xc3\xbcrich\"}\n"
	              "]\n");
	rn_table_release(&t);
}

/* Cells that need quoting or escaping, and null cells, in every format. */
static void hostile_table(struct rn_table *t)
{
	static const char *const names[] = { "id", "note", "n" };
	assert_int_equal(rn_table_init(t, 3, names), RN_OK);
	rn_table_row(t);
	rn_table_str(t, 0, "a,b");
	rn_table_str(t, 1, "say \"hi\"");
	rn_table_int(t, 2, 1);
	rn_table_row(t);
	rn_table_str(t, 0, "two\nlines");
	rn_table_str(t, 1, "cr\r\nlf");
	rn_table_int(t, 2, 22);
	rn_table_row(t);
	rn_table_str(t, 0, " lead");
	rn_table_str(t, 1, "trail\t");
	rn_table_str(t, 2, NULL);
	rn_table_row(t);
	rn_table_str(t, 0, "tab\there");
	rn_table_str(t, 1, "back\\slash");
	rn_table_int(t, 2, 333);
	rn_table_row(t);
	rn_table_str(t, 0, "");
	rn_table_str(t, 1, NULL);
	rn_table_str(t, 2, "x\x01y");
}

static void hostile_csv(void **state)
{
	struct rn_table t;
	hostile_table(&t);
	expect_render(&t, RN_FMT_CSV,
	              "id,note,n\n"
	              "\"a,b\",\"say \"\"hi\"\"\",1\n"
	              "\"two\nlines\",\"cr\r\nlf\",22\n"
	              "\" lead\",\"trail\t\",\n"
	              "tab\there,back\\slash,333\n"
	              ",,x\x01y\n");
	rn_table_release(&t);
}

static void hostile_tsv(void **state)
{
	struct rn_table t;
	hostile_table(&t);
	expect_render(&t, RN_FMT_TSV,
	              "id\tnote\tn\n"
	              "a,b\tsay \"hi\"\t1\n"
	              "two\\nlines\tcr\\r\\nlf\t22\n"
	              " lead\ttrail\\t\t\n"
	              "tab\\there\tback\\\\slash\t333\n"
	              "\t\tx\x01y\n");
	rn_table_release(&t);
}

static void hostile_json(void **state)
{
	struct rn_table t;
	hostile_table(&t);
	expect_render(&t, RN_FMT_JSON,
	              "[\n"
	              "  {\"id\":\"a,b\",\"note\":\"say \\\"hi\\\"\",\"n\":1},\n"
	              "  {\"id\":\"two\\nlines\",\"note\":\"cr\\r\\nlf\",\"n\":22},\n"
	              "  {\"id\":\" lead\",\"note\":\"trail\\t\",\"n\":null},\n"
	              "  {\"id\":\"tab\\there\",\"note\":\"back\\\\slash\",\"n\":333},\n"
	              "  {\"id\":\"\",\"note\":null,\"n\":\"x\\u0001y\"}\n"
	              "]\n");
	rn_table_release(&t);
}

/* Control characters become spaces in text, so alignment holds; nulls are blank. */
static void hostile_text(void **state)
{
	struct rn_table t;
	hostile_table(&t);
	/* Control characters escaped as in messages, the widths those of the
	 * escaped text: id 10 columns, note 12, n 6 ("x\x01y") and
	 * right-aligned (an empty n leaves its padding). */
	expect_render(&t, RN_FMT_TEXT,
	              "id          note             n\n"
	              "a,b         say \"hi\"         1\n"
	              "two\\nlines  cr\\r\\nlf        22\n"
	              " lead       trail\\t           \n"
	              "tab\\there   back\\slash     333\n"
	              "                        x\\x01y\n");
	rn_table_release(&t);
}

static void empty_tables(void **state)
{
	static const char *const names[] = { "from_id", "value_given" };
	struct rn_table t;
	assert_int_equal(rn_table_init(&t, 2, names), RN_OK);
	expect_render(&t, RN_FMT_TEXT, "from id  value given\n");
	expect_render(&t, RN_FMT_CSV, "from_id,value_given\n");
	expect_render(&t, RN_FMT_TSV, "from_id\tvalue_given\n");
	expect_render(&t, RN_FMT_JSON, "[]\n");
	rn_table_release(&t);
	rn_table_release(&t);   /* releasing twice is harmless */

	/* A zeroed table is accepted by release. */
	struct rn_table z;
	memset(&z, 0, sizeof(z));
	rn_table_release(&z);
}

/* Many rows (past the first allocation); setting a cell twice keeps the last. */
static void many_rows_and_overwrites(void **state)
{
	static const char *const names[] = { "i", "s" };
	struct rn_table t;
	assert_int_equal(rn_table_init(&t, 2, names), RN_OK);
	for (int i = 0; i < 300; i++) {
		assert_int_equal(rn_table_row(&t), i);
		char s[16];
		snprintf(s, sizeof(s), "r%d", i);
		rn_table_str(&t, 1, "overwritten");
		rn_table_int(&t, 0, -1);
		rn_table_str(&t, 1, s);
		rn_table_int(&t, 0, i * i);
	}
	assert_int_equal(t.nrows, 300);
	char *csv = render(&t, RN_FMT_CSV);
	size_t lines = 0;
	for (const char *p = csv; *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, 301);
	assert_non_null(strstr(csv, "\n0,r0\n1,r1\n4,r2\n"));
	assert_non_null(strstr(csv, "\n89401,r299\n"));
	assert_null(strstr(csv, "overwritten"));
	free(csv);
	rn_table_release(&t);
}

static void number_cells(void **state)
{
	static const char *const names[] = { "v" };
	struct rn_table t;
	assert_int_equal(rn_table_init(&t, 1, names), RN_OK);
	static const struct {
		double v;
		int decimals;
		const char *text;
	} c[] = {
		{ 2.0, 0, "2" },
		{ 2.5, 0, "3" },
		{ 1234.5678, 1, "1234.6" },
		{ 0.125, 3, "0.125" },
		{ -0.004, 2, "0.00" },    /* no "-0.00" */
		{ -0.4, 0, "0" },         /* no "-0" */
		{ -1.5, 1, "-1.5" },
		{ 0.1 + 0.2, -1, "0.30000000000000004" },
		{ 1.0 / 3.0, -1, "0.3333333333333333" },
		{ 1e21, -1, "1e+21" },
		{ 100.0, -1, "100" },
	};
	for (size_t i = 0; i < RN_ARRAY_LEN(c); i++) {
		rn_table_row(&t);
		assert_int_equal(rn_table_num(&t, 0, c[i].v, c[i].decimals), 0);
		const struct rn_cell *cell = &t.cells[i];
		assert_int_equal(cell->type, RN_CELL_NUM);
		if (strcmp(cell->s, c[i].text) != 0)
			fail_msg("num(%.17g, %d) = '%s', expected '%s'", c[i].v, c[i].decimals,
			         cell->s, c[i].text);
	}
	rn_table_row(&t);
	rn_table_int(&t, 0, -9223372036854775807LL - 1);
	assert_string_equal(t.cells[RN_ARRAY_LEN(c)].s, "-9223372036854775808");
	assert_int_equal(t.cells[RN_ARRAY_LEN(c)].type, RN_CELL_INT);
	rn_table_release(&t);
}

/*
 * A NaN or infinite number has no digits to show: it is an empty cell, and
 * null in JSON, where the key must still be there.  (Found by this test: the
 * key used to be dropped, because json_real(NAN) is NULL.)
 */
static void json_nan_cell_is_null(void **state)
{
	static const char *const names[] = { "name", "score" };
	struct rn_table t;
	assert_int_equal(rn_table_init(&t, 2, names), RN_OK);
	rn_table_row(&t);
	rn_table_str(&t, 0, "isolated");
	rn_table_num(&t, 1, NAN, -1);
	rn_table_row(&t);
	rn_table_str(&t, 0, "far");
	rn_table_num(&t, 1, INFINITY, 3);
	expect_render(&t, RN_FMT_CSV, "name,score\nisolated,\nfar,\n");
	expect_render(&t, RN_FMT_TEXT, "name      score\nisolated       \nfar            \n");
	char *got = render(&t, RN_FMT_JSON);
	assert_string_equal(got, "[\n"
	                         "  {\"name\":\"isolated\",\"score\":null},\n"
	                         "  {\"name\":\"far\",\"score\":null}\n"
	                         "]\n");
	free(got);
	rn_table_release(&t);
}

/*
 * A number in shortest round-trip form (decimals -1) reads back from the JSON
 * as the same double, as it does from CSV.  (Found by this test: JSON used to
 * be written with 15 significant digits, so 0.1 + 0.2 was 0.3 in JSON and
 * 0.30000000000000004 in CSV.)
 */
static void json_number_round_trip(void **state)
{
	static const char *const names[] = { "v" };
	static const double v[] = { 0.1 + 0.2, 1.0 / 3.0, 2.0 / 3.0, 0.1, 123456.789012345678 };
	struct rn_table t;
	assert_int_equal(rn_table_init(&t, 1, names), RN_OK);
	for (size_t i = 0; i < RN_ARRAY_LEN(v); i++) {
		rn_table_row(&t);
		rn_table_num(&t, 0, v[i], -1);
	}
	char *got = render(&t, RN_FMT_JSON);
	json_error_t err;
	json_t *arr = json_loads(got, 0, &err);
	assert_non_null(arr);
	assert_int_equal(json_array_size(arr), RN_ARRAY_LEN(v));
	int bad = 0;
	for (size_t i = 0; i < RN_ARRAY_LEN(v); i++) {
		double back = json_number_value(json_object_get(json_array_get(arr, i), "v"));
		if (back != v[i]) {
			print_message("%.17g came back as %.17g (cell text '%s')\n", v[i], back,
			              t.cells[i].s);
			bad++;
		}
	}
	json_decref(arr);
	free(got);
	rn_table_release(&t);
	assert_int_equal(bad, 0);
}

/* ---- rn_csv_put, rn_tsv_put ---------------------------------------------- */

static void csv_put(void **state)
{
	expect_put(rn_csv_put, "", "");
	expect_put(rn_csv_put, "plain", "plain");
	expect_put(rn_csv_put, "two words", "two words");
	expect_put(rn_csv_put, "a,b", "\"a,b\"");
	expect_put(rn_csv_put, "\"", "\"\"\"\"");
	expect_put(rn_csv_put, "say \"hi\"", "\"say \"\"hi\"\"\"");
	expect_put(rn_csv_put, "line\nbreak", "\"line\nbreak\"");
	expect_put(rn_csv_put, "cr\rhere", "\"cr\rhere\"");
	expect_put(rn_csv_put, " lead", "\" lead\"");
	expect_put(rn_csv_put, "trail ", "\"trail \"");
	expect_put(rn_csv_put, "\tlead", "\"\tlead\"");
	expect_put(rn_csv_put, "trail\t", "\"trail\t\"");
	expect_put(rn_csv_put, " ", "\" \"");
	expect_put(rn_csv_put, "in\tside", "in\tside");
	expect_put(rn_csv_put, "Jos\xc3\xa9", "Jos\xc3\xa9");
	expect_put(rn_csv_put, "'single'", "'single'");
}

static void tsv_put(void **state)
{
	expect_put(rn_tsv_put, "", "");
	expect_put(rn_tsv_put, "plain text", "plain text");
	expect_put(rn_tsv_put, "a\tb", "a\\tb");
	expect_put(rn_tsv_put, "a\nb", "a\\nb");
	expect_put(rn_tsv_put, "a\rb", "a\\rb");
	expect_put(rn_tsv_put, "a\\b", "a\\\\b");
	expect_put(rn_tsv_put, "\\t", "\\\\t");   /* a literal backslash-t stays distinct */
	expect_put(rn_tsv_put, "\"q\",", "\"q\",");
	expect_put(rn_tsv_put, "Jos\xc3\xa9", "Jos\xc3\xa9");
}

static void json_put_string(void **state)
{
	expect_put(rn_json_put_string, "", "\"\"");
	expect_put(rn_json_put_string, "plain", "\"plain\"");
	expect_put(rn_json_put_string, "say \"hi\"", "\"say \\\"hi\\\"\"");
	expect_put(rn_json_put_string, "back\\slash", "\"back\\\\slash\"");
	expect_put(rn_json_put_string, "a\nb\r\tc", "\"a\\nb\\r\\tc\"");
	expect_put(rn_json_put_string, "x\x01\x1fy", "\"x\\u0001\\u001Fy\"");
	expect_put(rn_json_put_string, "</script>", "\"</script>\"");
	expect_put(rn_json_put_string, "Jos\xc3\xa9 \xe6\x97\xa5", "\"Jos\xc3\xa9 \xe6\x97\xa5\"");
	/* Invalid UTF-8 cannot be a JSON string: null rather than broken JSON. */
	expect_put(rn_json_put_string, "bad\xff", "null");
}

static void format_parse(void **state)
{
	enum rn_format f = (enum rn_format) 99;
	assert_int_equal(rn_format_parse("text", &f), 0);
	assert_int_equal(f, RN_FMT_TEXT);
	assert_int_equal(rn_format_parse("csv", &f), 0);
	assert_int_equal(f, RN_FMT_CSV);
	assert_int_equal(rn_format_parse("tsv", &f), 0);
	assert_int_equal(f, RN_FMT_TSV);
	assert_int_equal(rn_format_parse("json", &f), 0);
	assert_int_equal(f, RN_FMT_JSON);
	f = (enum rn_format) 99;
	assert_int_equal(rn_format_parse("JSON", &f), -1);
	assert_int_equal(rn_format_parse("", &f), -1);
	assert_int_equal(rn_format_parse("xml", &f), -1);
	assert_int_equal(rn_format_parse("csv ", &f), -1);
	assert_int_equal(f, (enum rn_format) 99);
}

/* ---- rn_fmt_double ------------------------------------------------------- */

static void expect_fmt(double d, const char *want)
{
	char buf[64];
	memset(buf, 'x', sizeof(buf));
	rn_fmt_double(d, buf, sizeof(buf));
	if (strcmp(buf, want) != 0)
		fail_msg("fmt(%.17g) = '%s', expected '%s'", d, buf, want);
}

static void fmt_double_values(void **state)
{
	expect_fmt(0.0, "0");
	expect_fmt(-0.0, "-0");
	expect_fmt(1.0, "1");
	expect_fmt(-1.5, "-1.5");
	expect_fmt(0.1, "0.1");
	expect_fmt(0.5, "0.5");
	expect_fmt(2.5, "2.5");
	expect_fmt(100.0, "100");
	expect_fmt(0.1 + 0.2, "0.30000000000000004");
	expect_fmt(1.0 / 3.0, "0.3333333333333333");
	expect_fmt(2.0 / 3.0, "0.6666666666666666");
	expect_fmt(1e16, "1e+16");
	expect_fmt(1e21, "1e+21");
	expect_fmt(1e-7, "1e-07");
	expect_fmt(123456789012345678.0, "1.2345678901234568e+17");
	expect_fmt(9007199254740993.0, "9007199254740992");   /* 2^53 + 1 rounds to 2^53 */
	expect_fmt(DBL_MAX, "1.7976931348623157e+308");
	expect_fmt(DBL_MIN, "2.2250738585072014e-308");
	expect_fmt(0.7, "0.7");
	expect_fmt(1500.0, "1500");
}

/* Significant digits of a %g-style number, without trailing zeros ("1500": 2). */
static int sig_digits(const char *s)
{
	int n = 0, started = 0, zeros = 0;
	for (const char *p = s; *p && *p != 'e'; p++) {
		if (*p < '0' || *p > '9')
			continue;
		if (*p != '0')
			started = 1;
		if (!started)
			continue;
		n++;
		zeros = *p == '0' ? zeros + 1 : 0;
	}
	return n - zeros;
}

/* Random normal doubles: the text reads back exactly, and no shorter %g does. */
static void fmt_double_round_trip(void **state)
{
	uint64_t x = 0x9e3779b97f4a7c15ULL;
	int checked = 0;
	while (checked < 20000) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		double d;
		memcpy(&d, &x, sizeof(d));
		if (!isnormal(d))
			continue;
		/* Half of them in the range refnet prints: scores, money, ratios. */
		if (checked % 2)
			d = fmod(fabs(d), 1e6) / 7.0;
		if (!isnormal(d))
			continue;
		char buf[64];
		rn_fmt_double(d, buf, sizeof(buf));
		char *end;
		double back = strtod(buf, &end);
		if (*end != '\0' || back != d)
			fail_msg("fmt(%a) = '%s' reads back as %a", d, buf, back);
		int p = sig_digits(buf);
		for (int k = 1; k < p; k++) {
			char shorter[400];
			snprintf(shorter, sizeof(shorter), "%.*g", k, d);
			if (strtod(shorter, NULL) == d)
				fail_msg("fmt(%a) = '%s', but '%s' is shorter and reads back", d, buf,
				         shorter);
		}
		checked++;
	}
}

/*
 * Subnormals too get the fewest digits.  (Found by this test: the search
 * used to start at 15 digits, giving "4.94065645841247e-324" for 5e-324.)
 */
static void fmt_double_subnormal_shortest(void **state)
{
	char buf[64];
	rn_fmt_double(5e-324, buf, sizeof(buf));
	assert_string_equal(buf, "5e-324");
	rn_fmt_double(-5e-324, buf, sizeof(buf));
	assert_string_equal(buf, "-5e-324");
	rn_fmt_double(DBL_MIN / 4, buf, sizeof(buf));
	assert_true(strtod(buf, NULL) == DBL_MIN / 4);
	assert_string_equal(buf, "5.562684646268003e-309");
}

/* ---- atomic output files ------------------------------------------------- */

static char tmpdir[TU_DIR_MAX];

static int tmpdir_setup(void **state)
{
	return tu_mkdtemp(tmpdir, "out");
}

static void empty_dir(const char *path)
{
	DIR *d = opendir(path);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		char p[512];
		snprintf(p, sizeof(p), "%s/%s", path, e->d_name);
		struct stat st;
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
			empty_dir(p);
			rmdir(p);
		} else {
			unlink(p);
		}
	}
	closedir(d);
}

static int tmpdir_teardown(void **state)
{
	return tu_rmtree(tmpdir);
}

/* The names in the directory, sorted and joined with ' '. */
static char *listing(const char *dir)
{
	static char buf[1024];
	char names[32][256];
	int n = 0;
	DIR *d = opendir(dir);
	assert_non_null(d);
	struct dirent *e;
	while ((e = readdir(d)) != NULL && n < 32) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(names[n++], sizeof(names[0]), "%s", e->d_name);
	}
	closedir(d);
	qsort(names, (size_t) n, sizeof(names[0]), (int (*)(const void *, const void *)) strcmp);
	buf[0] = '\0';
	for (int i = 0; i < n; i++) {
		if (i)
			strcat(buf, " ");
		strcat(buf, names[i]);
	}
	return buf;
}

static char *path_in(const char *name)
{
	static char buf[4][256];
	static int k;
	char *b = buf[k++ % 4];
	snprintf(b, sizeof(buf[0]), "%s/%s", tmpdir, name);
	return b;
}

static void write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
}

static void expect_file(const char *path, const char *want)
{
	FILE *fp = fopen(path, "r");
	if (!fp)
		fail_msg("cannot open '%s': %s", path, strerror(errno));
	char buf[4096];
	size_t n = fread(buf, 1, sizeof(buf) - 1, fp);
	buf[n] = '\0';
	fclose(fp);
	assert_string_equal(buf, want);
}

static void out_commit_replaces(void **state)
{
	char *dest = path_in("report.txt");
	write_file(dest, "old contents\n");
	struct rn_out o;
	char err[256] = "";
	assert_int_equal(rn_out_open(&o, dest, err, sizeof(err)), RN_OK);
	assert_non_null(o.fp);
	assert_string_equal(o.path, dest);
	assert_non_null(o.tmp);
	/* The temporary file is hidden, next to the destination, and short. */
	char prefix[256];
	snprintf(prefix, sizeof(prefix), "%s/.refnet-", tmpdir);
	assert_int_equal(strncmp(o.tmp, prefix, strlen(prefix)), 0);

	fputs("new contents\n", o.fp);
	assert_int_equal(fflush(o.fp), 0);
	/* Until the commit the destination is untouched. */
	expect_file(dest, "old contents\n");
	struct stat st;
	assert_int_equal(stat(o.tmp, &st), 0);
	char want[256];
	snprintf(want, sizeof(want), "%s report.txt", strrchr(o.tmp, '/') + 1);
	assert_string_equal(listing(tmpdir), want);

	assert_int_equal(rn_out_commit(&o, err, sizeof(err)), RN_OK);
	assert_string_equal(err, "");
	expect_file(dest, "new contents\n");
	assert_string_equal(listing(tmpdir), "report.txt");
	assert_null(o.fp);
	assert_null(o.path);
	assert_null(o.tmp);
	empty_dir(tmpdir);
}

static void out_commit_creates_with_umask_mode(void **state)
{
	char *dest = path_in("new.csv");
	mode_t old = umask(022);
	struct rn_out o;
	char err[256] = "";
	assert_int_equal(rn_out_open(&o, dest, err, sizeof(err)), RN_OK);
	fputs("a,b\n", o.fp);
	/* Not there until the commit. */
	struct stat st;
	assert_int_equal(stat(dest, &st), -1);
	assert_int_equal(rn_out_commit(&o, err, sizeof(err)), RN_OK);
	umask(old);
	expect_file(dest, "a,b\n");
	assert_int_equal(stat(dest, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);   /* not mkstemp's 0600 */
	assert_string_equal(listing(tmpdir), "new.csv");
	empty_dir(tmpdir);
}

static void out_abort_keeps_existing(void **state)
{
	char *dest = path_in("keep.txt");
	write_file(dest, "precious\n");
	struct rn_out o;
	char err[256] = "";
	assert_int_equal(rn_out_open(&o, dest, err, sizeof(err)), RN_OK);
	fputs("half-written garbage", o.fp);
	assert_int_equal(fflush(o.fp), 0);
	rn_out_abort(&o);
	expect_file(dest, "precious\n");
	assert_string_equal(listing(tmpdir), "keep.txt");   /* no temporary file left */
	assert_null(o.fp);
	assert_null(o.tmp);
	rn_out_abort(&o);   /* a second abort is harmless */
	rn_out_abort(NULL);

	/* Aborting a new file leaves nothing at all. */
	dest = path_in("never.txt");
	assert_int_equal(rn_out_open(&o, dest, err, sizeof(err)), RN_OK);
	fputs("x", o.fp);
	rn_out_abort(&o);
	assert_string_equal(listing(tmpdir), "keep.txt");
	empty_dir(tmpdir);
}

static void out_open_failures(void **state)
{
	struct rn_out o;
	char err[256] = "", want[512];
	char *dest = path_in("missing-dir/x.txt");
	assert_int_equal(rn_out_open(&o, dest, err, sizeof(err)), RN_E_CANTCREAT);
	snprintf(want, sizeof(want), "cannot create '%s': No such file or directory", dest);
	assert_string_equal(err, want);
	assert_null(o.fp);
	assert_null(o.path);
	assert_null(o.tmp);

	assert_int_equal(rn_out_open(&o, tmpdir, err, sizeof(err)), RN_E_CANTCREAT);
	snprintf(want, sizeof(want), "cannot create '%s': Is a directory", tmpdir);
	assert_string_equal(err, want);
	assert_null(o.fp);
	assert_string_equal(listing(tmpdir), "");

	/* A read-only directory (unless we are root, who may write anyway). */
	if (geteuid() != 0) {
		char *ro = path_in("ro");
		assert_int_equal(mkdir(ro, 0555), 0);
		char *inro = path_in("ro/x.txt");
		assert_int_equal(rn_out_open(&o, inro, err, sizeof(err)), RN_E_CANTCREAT);
		snprintf(want, sizeof(want), "cannot create '%s': Permission denied", inro);
		assert_string_equal(err, want);
		chmod(ro, 0755);
		empty_dir(tmpdir);
	}
}

/* When the rename fails the temporary file goes and the reason is given. */
static void out_commit_failure_cleans_up(void **state)
{
	char *dest = path_in("target");
	struct rn_out o;
	char err[256] = "", want[512];
	assert_int_equal(rn_out_open(&o, dest, err, sizeof(err)), RN_OK);
	fputs("data\n", o.fp);
	/* Something else puts a non-empty directory where the file should go. */
	assert_int_equal(mkdir(dest, 0755), 0);
	write_file(path_in("target/inside"), "x");
	assert_int_equal(rn_out_commit(&o, err, sizeof(err)), RN_E_CANTCREAT);
	snprintf(want, sizeof(want), "cannot write '%s': Is a directory", dest);
	assert_string_equal(err, want);
	assert_string_equal(listing(tmpdir), "target");
	assert_null(o.fp);
	assert_null(o.tmp);
	empty_dir(tmpdir);
}

/* A device is written in place, and a write error is reported by the commit. */
static void out_dev_full(void **state)
{
	struct stat st;
	if (stat("/dev/full", &st) != 0 || !S_ISCHR(st.st_mode)) {
		skip();
		return;
	}
	struct rn_out o;
	char err[256] = "";
	assert_int_equal(rn_out_open(&o, "/dev/full", err, sizeof(err)), RN_OK);
	assert_null(o.tmp);
	assert_non_null(o.fp);
	fputs("lost\n", o.fp);
	assert_int_equal(rn_out_commit(&o, err, sizeof(err)), RN_E_CANTCREAT);
	assert_string_equal(err, "cannot write '/dev/full': No space left on device");
	assert_null(o.fp);

	/* Same through the table writer. */
	assert_int_equal(rn_out_open(&o, "/dev/null", err, sizeof(err)), RN_OK);
	assert_null(o.tmp);
	fputs("gone\n", o.fp);
	assert_int_equal(rn_out_commit(&o, err, sizeof(err)), RN_OK);
}

static void out_stdout(void **state)
{
	struct rn_out o;
	char err[256] = "";
	assert_int_equal(rn_out_open(&o, NULL, err, sizeof(err)), RN_OK);
	assert_ptr_equal(o.fp, stdout);
	assert_null(o.path);
	assert_null(o.tmp);
	assert_int_equal(rn_out_commit(&o, err, sizeof(err)), RN_OK);
	assert_int_equal(rn_out_open(&o, "-", err, sizeof(err)), RN_OK);
	assert_ptr_equal(o.fp, stdout);
	rn_out_abort(&o);   /* must not close stdout */
	assert_int_equal(fflush(stdout), 0);
	assert_true(fileno(stdout) >= 0);
	assert_int_equal(fputs("", stdout) >= 0, 1);
	assert_string_equal(listing(tmpdir), "");
}

/* A name without a directory: the temporary file goes in the current directory. */
static void out_relative_path(void **state)
{
	char cwd[512];
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(tmpdir), 0);
	struct rn_out o;
	char err[256] = "";
	assert_int_equal(rn_out_open(&o, "rel.json", err, sizeof(err)), RN_OK);
	assert_int_equal(strncmp(o.tmp, ".refnet-", 8), 0);
	fputs("[]\n", o.fp);
	assert_int_equal(rn_out_commit(&o, err, sizeof(err)), RN_OK);
	assert_int_equal(chdir(cwd), 0);
	expect_file(path_in("rel.json"), "[]\n");
	assert_string_equal(listing(tmpdir), "rel.json");
	empty_dir(tmpdir);
}

/* A destination name of 255 bytes (the longest a file system allows): the
 * temporary name must not be longer. */
static void out_longest_name(void **state)
{
	char name[256];
	memset(name, 'n', 255);
	name[255] = '\0';
	char dest[1024];
	snprintf(dest, sizeof(dest), "%s/%s", tmpdir, name);
	struct rn_out o;
	char err[256] = "";
	assert_int_equal(rn_out_open(&o, dest, err, sizeof(err)), RN_OK);
	fputs("x\n", o.fp);
	assert_int_equal(rn_out_commit(&o, err, sizeof(err)), RN_OK);
	expect_file(dest, "x\n");
	assert_string_equal(listing(tmpdir), name);
	empty_dir(tmpdir);
}

/* /proc/self/fd/N and /dev/fd/N name an open descriptor: refnet writes to it
 * (at its offset, as a shell redirection set it up), never replaces what it
 * points at, and leaves no temporary file anywhere. */
static void out_descriptor_names(void **state)
{
	static const char *const forms[] = { "/proc/self/fd/%d", "/dev/fd/%d" };
	for (size_t k = 0; k < 2; k++) {
		char *dest = path_in("redirected.txt");
		write_file(dest, "kept\n");
		int fd = open(dest, O_WRONLY | O_APPEND);
		assert_true(fd >= 0);
		struct stat before, after;
		assert_int_equal(stat(dest, &before), 0);
		char name[64];
		snprintf(name, sizeof(name), forms[k], fd);
		struct rn_out o;
		char err[256] = "";
		assert_int_equal(rn_out_open(&o, name, err, sizeof(err)), RN_OK);
		assert_null(o.tmp);
		fputs("appended\n", o.fp);
		assert_int_equal(rn_out_commit(&o, err, sizeof(err)), RN_OK);
		close(fd);
		assert_int_equal(stat(dest, &after), 0);
		assert_true(before.st_ino == after.st_ino);
		expect_file(dest, "kept\nappended\n");
		assert_string_equal(listing(tmpdir), "redirected.txt");
		empty_dir(tmpdir);
	}
}

/* A symbolic link is written through: the file it names is replaced, the
 * link stays a link. */
static void out_symlink_written_through(void **state)
{
	char *dest = path_in("real.txt");
	write_file(dest, "old\n");
	char *link = path_in("link.txt");
	assert_int_equal(symlink("real.txt", link), 0);
	struct rn_out o;
	char err[256] = "";
	assert_int_equal(rn_out_open(&o, link, err, sizeof(err)), RN_OK);
	fputs("new\n", o.fp);
	assert_int_equal(rn_out_commit(&o, err, sizeof(err)), RN_OK);
	struct stat st;
	assert_int_equal(lstat(link, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	expect_file(dest, "new\n");
	assert_string_equal(listing(tmpdir), "link.txt real.txt");
	empty_dir(tmpdir);
}

/* SIGINT, SIGTERM and SIGHUP while an output is being written: the
 * temporary file and a registered temporary directory are removed, the
 * destination is untouched, and the process dies of the signal. */
static void out_signal_removes_temporaries(void **state)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	for (size_t k = 0; k < 3; k++) {
		char *dest = path_in("result.txt");
		write_file(dest, "previous\n");
		char *tdir = path_in(".refnet-dir");
		char *inner = path_in(".refnet-dir/contacts.csv");
		pid_t pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			rn_out_cleanup_on_signals();
			struct rn_out o;
			char err[256];
			if (rn_out_open(&o, dest, err, sizeof(err)) != RN_OK)
				_exit(3);
			for (int i = 0; i < 100000; i++)
				fputs("half written\n", o.fp);
			fflush(o.fp);
			if (mkdir(tdir, 0700) < 0 || rn_out_cleanup_add(tdir, 1) < 0 ||
			    rn_out_cleanup_add(inner, 0) < 0)
				_exit(4);
			FILE *fp = fopen(inner, "w");
			if (!fp)
				_exit(5);
			fclose(fp);
			raise(sigs[k]);
			_exit(6);
		}
		int status;
		assert_int_equal(waitpid(pid, &status, 0), pid);
		assert_true(WIFSIGNALED(status));
		assert_int_equal(WTERMSIG(status), sigs[k]);
		expect_file(dest, "previous\n");
		assert_string_equal(listing(tmpdir), "result.txt");
		empty_dir(tmpdir);
	}
}

/* The table writer into an atomic file, end to end. */
static void table_into_out_file(void **state)
{
	struct rn_table t;
	sample_table(&t);
	char *dest = path_in("table.csv");
	write_file(dest, "stale\n");
	struct rn_out o;
	char err[256] = "";
	assert_int_equal(rn_out_open(&o, dest, err, sizeof(err)), RN_OK);
	assert_int_equal(rn_table_write(&t, o.fp, RN_FMT_CSV), 0);
	expect_file(dest, "stale\n");
	assert_int_equal(rn_out_commit(&o, err, sizeof(err)), RN_OK);
	char *want = render(&t, RN_FMT_CSV);
	expect_file(dest, want);
	free(want);
	rn_table_release(&t);
	empty_dir(tmpdir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(table_text),
		cmocka_unit_test(table_csv),
		cmocka_unit_test(table_tsv),
		cmocka_unit_test(table_json),
		cmocka_unit_test(hostile_csv),
		cmocka_unit_test(hostile_tsv),
		cmocka_unit_test(hostile_json),
		cmocka_unit_test(hostile_text),
		cmocka_unit_test(empty_tables),
		cmocka_unit_test(many_rows_and_overwrites),
		cmocka_unit_test(number_cells),
		cmocka_unit_test(json_nan_cell_is_null),
		cmocka_unit_test(json_number_round_trip),
		cmocka_unit_test(csv_put),
		cmocka_unit_test(tsv_put),
		cmocka_unit_test(json_put_string),
		cmocka_unit_test(format_parse),
		cmocka_unit_test(fmt_double_values),
		cmocka_unit_test(fmt_double_round_trip),
		cmocka_unit_test(fmt_double_subnormal_shortest),
		cmocka_unit_test(out_commit_replaces),
		cmocka_unit_test(out_commit_creates_with_umask_mode),
		cmocka_unit_test(out_abort_keeps_existing),
		cmocka_unit_test(out_open_failures),
		cmocka_unit_test(out_commit_failure_cleans_up),
		cmocka_unit_test(out_dev_full),
		cmocka_unit_test(out_stdout),
		cmocka_unit_test(out_relative_path),
		cmocka_unit_test(out_longest_name),
		cmocka_unit_test(out_descriptor_names),
		cmocka_unit_test(out_symlink_written_through),
		cmocka_unit_test(out_signal_removes_temporaries),
		cmocka_unit_test(table_into_out_file),
	};
	return cmocka_run_group_tests_name("output", tests, tmpdir_setup, tmpdir_teardown);
}

/*
 * Unit tests for the checked JSON documents (src/output/json.c): numbers
 * (not finite -> null, rounding as the summaries always rounded, no -0),
 * dates, text that is not UTF-8, nesting and both layouts byte for byte,
 * and the one check at the end: a failed value or set marks the document
 * bad and writing it refuses, leaving the file untouched.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "refnet/common.h"
#include "refnet/date.h"
#include "refnet/json.h"
#include "refnet/output.h"

/* The document written in `layout`, as a malloc'd string; *rc what rn_json_write returned. */
static char *written(const struct rn_json *d, enum rn_json_layout layout, int *rc)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&buf, &n);
	assert_non_null(fp);
	*rc = rn_json_write(d, fp, layout);
	assert_int_equal(fclose(fp), 0);
	return buf;
}

static void expect(const struct rn_json *d, enum rn_json_layout layout, const char *want)
{
	int rc;
	char *got = written(d, layout, &rc);
	assert_int_equal(rc, 0);
	assert_string_equal(got, want);
	free(got);
}

static void nesting_and_layouts(void **state)
{
	(void) state;
	struct rn_json d;
	json_t *o = rn_json_init(&d);
	assert_non_null(o);
	rn_json_set_str(&d, o, "name", "ana");
	rn_json_set_bool(&d, o, "ok", 1);
	json_t *a = rn_json_add_array(&d, o, "list");
	rn_json_set_int(&d, a, NULL, 1);
	json_t *x = rn_json_add_object(&d, a, NULL);
	rn_json_set_null(&d, x, "none");
	rn_json_add_array(&d, x, "empty");
	rn_json_set_int(&d, o, "big", 9007199254740993LL);   /* not a double */
	rn_json_set_bool(&d, o, "no", 0);
	assert_true(rn_json_ok(&d));
	expect(&d, RN_JSON_INDENTED,
	       "{\n"
	       "  \"name\": \"ana\",\n"
	       "  \"ok\": true,\n"
	       "  \"list\": [\n"
	       "    1,\n"
	       "    {\n"
	       "      \"none\": null,\n"
	       "      \"empty\": []\n"
	       "    }\n"
	       "  ],\n"
	       "  \"big\": 9007199254740993,\n"
	       "  \"no\": false\n"
	       "}\n");
	expect(&d, RN_JSON_ONE_LINE,
	       "{\"name\":\"ana\",\"ok\":true,\"list\":[1,{\"none\":null,\"empty\":[]}],"
	       "\"big\":9007199254740993,\"no\":false}\n");
	rn_json_release(&d);
	rn_json_release(&d);   /* twice is harmless */
	rn_json_release(NULL);
}

static void numbers(void **state)
{
	(void) state;
	struct rn_json d;
	json_t *o = rn_json_init(&d);
	rn_json_set_num(&d, o, "nan", NAN, 3);
	rn_json_set_num(&d, o, "inf", INFINITY, 2);
	rn_json_set_num(&d, o, "minus_inf", -INFINITY, -1);
	rn_json_set_num(&d, o, "half_up", 0.125, 2);          /* exact: away from zero */
	rn_json_set_num(&d, o, "half_down", -0.125, 2);
	rn_json_set_num(&d, o, "binary", 1.005, 2);           /* 1.00499999... in binary */
	rn_json_set_num(&d, o, "minus_zero", -0.0004, 3);     /* rounds to 0, not -0 */
	rn_json_set_num(&d, o, "six", 1.0 / 3.0, 6);
	rn_json_set_num(&d, o, "whole", 2.0, 3);
	rn_json_set_num(&d, o, "kept", 0.1, -1);
	rn_json_set_num(&d, o, "kept_long", 1.0 / 3.0, -1);   /* 15 significant digits */
	expect(&d, RN_JSON_ONE_LINE,
	       "{\"nan\":null,\"inf\":null,\"minus_inf\":null,\"half_up\":0.13,"
	       "\"half_down\":-0.13,\"binary\":1.0,\"minus_zero\":0.0,\"six\":0.333333,"
	       "\"whole\":2.0,\"kept\":0.1,\"kept_long\":0.333333333333333}\n");
	rn_json_release(&d);
}

/* The summaries rounded with round(v * 100.0) / 100.0 and round(v * 1000.0) /
 * 1000.0 by hand: the helper gives the same doubles, so the same bytes. */
static void rounds_as_before(void **state)
{
	(void) state;
	static const double scale[] = { 1.0, 10.0, 100.0, 1000.0, 10000.0, 100000.0, 1000000.0 };
	unsigned long long x = 88172645463325252ULL;
	for (int i = 0; i < 20000; i++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		double v = ((double) (x >> 11) / 9007199254740992.0 - 0.5) * pow(10.0, i % 9);
		int dec = i % 7;
		double want = round(v * scale[dec]) / scale[dec];
		struct rn_json d;
		json_t *o = rn_json_init(&d);
		rn_json_set_num(&d, o, "v", v, dec);
		json_t *got = json_object_get(o, "v");
		assert_non_null(got);
		if (want == 0)
			assert_false(signbit(json_real_value(got)));
		else
			assert_true(json_real_value(got) == want);
		rn_json_release(&d);
	}
}

static void dates(void **state)
{
	(void) state;
	struct rn_json d;
	json_t *o = rn_json_init(&d);
	rn_json_set_date(&d, o, "none", RN_NO_DATE);
	rn_json_set_date(&d, o, "day", rn_date_from_ymd(2026, 11, 1));
	rn_json_set_date(&d, o, "epoch", 0);
	expect(&d, RN_JSON_ONE_LINE, "{\"none\":null,\"day\":\"2026-11-01\",\"epoch\":\"1970-01-01\"}\n");
	rn_json_release(&d);
}

static void text_not_utf8_is_repaired(void **state)
{
	(void) state;
	struct rn_json d;
	json_t *o = rn_json_init(&d);
	rn_json_set_str(&d, o, "dir", "net\xff\nx");
	rn_json_set_str(&d, o, "surrogate", "a\xed\xa0\x80z");   /* U+D800: not UTF-8 */
	rn_json_set_str(&d, o, "cut", "caf\xc3");                /* half a character */
	rn_json_set_str(&d, o, "fine", "Jos\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x98\x80");
	rn_json_set_str(&d, o, "null", NULL);
	assert_true(rn_json_ok(&d));
	expect(&d, RN_JSON_ONE_LINE,
	       "{\"dir\":\"net\xef\xbf\xbd\\nx\","
	       "\"surrogate\":\"a\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbdz\","
	       "\"cut\":\"caf\xef\xbf\xbd\","
	       "\"fine\":\"Jos\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x98\x80\","
	       "\"null\":null}\n");
	rn_json_release(&d);
}

/* Documents and the streaming writers escape strings alike. */
static void escapes_like_the_streaming_writer(void **state)
{
	(void) state;
	static const char *const texts[] = {
		"plain", "quote \" and \\ back", "\b\f\n\r\t", "\x01\x1f\x7f", "/slash",
		"\xe2\x80\xa8 line separator", "tab\there",
	};
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		struct rn_json d;
		json_t *o = rn_json_init(&d);
		rn_json_set_str(&d, o, "k", texts[i]);
		int rc;
		char *doc = written(&d, RN_JSON_ONE_LINE, &rc);
		assert_int_equal(rc, 0);

		char *buf = NULL;
		size_t n = 0;
		FILE *fp = open_memstream(&buf, &n);
		assert_non_null(fp);
		fputs("{\"k\":", fp);
		rn_json_put_string(fp, texts[i]);
		fputs("}\n", fp);
		assert_int_equal(fclose(fp), 0);
		assert_string_equal(doc, buf);
		free(doc);
		free(buf);
		rn_json_release(&d);
	}
}

static void failure_marks_bad_and_write_refuses(void **state)
{
	(void) state;
	struct rn_json d;
	json_t *o = rn_json_init(&d);
	rn_json_set_int(&d, o, "before", 1);
	assert_true(rn_json_ok(&d));
	/* A constructor that failed hands over NULL. */
	assert_int_equal(rn_json_set(&d, o, "lost", NULL), -1);
	assert_false(rn_json_ok(&d));
	rn_json_set_int(&d, o, "after", 2);   /* later members still go in */
	assert_int_equal(json_object_size(o), 2);

	int rc;
	errno = 0;
	char *got = written(&d, RN_JSON_INDENTED, &rc);
	assert_int_equal(rc, -1);
	assert_int_equal(errno, ENOMEM);
	assert_string_equal(got, "");   /* nothing written, not a partial object */
	free(got);
	rn_json_release(&d);
}

static void failed_set_marks_bad(void **state)
{
	(void) state;
	struct rn_json d;
	json_t *o = rn_json_init(&d);
	/* A member of an array, an element of an object: both fail in jansson. */
	json_t *a = rn_json_add_array(&d, o, "list");
	rn_json_set_int(&d, a, "key", 1);
	assert_false(rn_json_ok(&d));
	assert_int_equal(json_array_size(a), 0);
	rn_json_release(&d);

	o = rn_json_init(&d);
	rn_json_set_str(&d, o, NULL, "x");
	assert_false(rn_json_ok(&d));
	rn_json_release(&d);

	/* The child of a failed add is NULL; setting into it fails, no crash. */
	o = rn_json_init(&d);
	assert_null(rn_json_add_object(&d, NULL, "x"));
	assert_false(rn_json_ok(&d));
	rn_json_set_int(&d, NULL, "k", 1);
	rn_json_set_str(&d, NULL, NULL, "s");
	rn_json_set_num(&d, NULL, "n", 1.5, 1);
	rn_json_set_date(&d, NULL, "d", 0);
	assert_null(rn_json_add_array(&d, NULL, NULL));
	int rc;
	char *got = written(&d, RN_JSON_ONE_LINE, &rc);
	assert_int_equal(rc, -1);
	assert_string_equal(got, "");
	free(got);
	rn_json_release(&d);
}

static void write_error_is_reported(void **state)
{
	(void) state;
	FILE *fp = fopen("/dev/full", "w");
	if (!fp)
		skip();
	setvbuf(fp, NULL, _IONBF, 0);
	struct rn_json d;
	json_t *o = rn_json_init(&d);
	rn_json_set_str(&d, o, "k", "v");
	assert_int_equal(rn_json_write(&d, fp, RN_JSON_INDENTED), -1);
	fclose(fp);
	rn_json_release(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(nesting_and_layouts),
		cmocka_unit_test(numbers),
		cmocka_unit_test(rounds_as_before),
		cmocka_unit_test(dates),
		cmocka_unit_test(text_not_utf8_is_repaired),
		cmocka_unit_test(escapes_like_the_streaming_writer),
		cmocka_unit_test(failure_marks_bad_and_write_refuses),
		cmocka_unit_test(failed_set_marks_bad),
		cmocka_unit_test(write_error_is_reported),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

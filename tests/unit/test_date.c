/*
 * Unit tests for calendar dates (src/io/date.c): rn_date_parse,
 * rn_date_format and rn_date_from_ymd.  Day numbers are checked against an
 * independent day-by-day walk of the proleptic Gregorian calendar from
 * 0001-01-01 to 9999-12-31, and against values computed with Python's
 * datetime.date.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "refnet/common.h"
#include "refnet/date.h"

/* Parse a NUL-terminated string; returns the status and stores the day. */
static int parse(const char *s, int *days)
{
	return rn_date_parse(s, strlen(s), days);
}

static void accept_date(const char *s, int want)
{
	int days = 12345678;
	if (parse(s, &days) != 0)
		fail_msg("'%s' was rejected", s);
	if (days != want)
		fail_msg("'%s' gave day %d, expected %d", s, days, want);
}

static void reject_date(const char *s)
{
	int days = 12345678;
	if (parse(s, &days) == 0)
		fail_msg("'%s' was accepted as day %d", s, days);
	assert_int_equal(days, 12345678);   /* untouched on failure */
}

static void epoch(void **state)
{
	char buf[11];
	assert_int_equal(rn_date_from_ymd(1970, 1, 1), 0);
	accept_date("1970-01-01", 0);
	rn_date_format(0, buf);
	assert_string_equal(buf, "1970-01-01");
	assert_int_equal(rn_date_from_ymd(1969, 12, 31), -1);
	rn_date_format(-1, buf);
	assert_string_equal(buf, "1969-12-31");
	rn_date_format(1, buf);
	assert_string_equal(buf, "1970-01-02");
}

/* Values from Python: (date(y, m, d) - date(1970, 1, 1)).days */
static void known_values(void **state)
{
	static const struct {
		int y, m, d, days;
		const char *text;
	} v[] = {
		{ 1, 1, 1, -719162, "0001-01-01" },
		{ 1900, 3, 1, -25508, "1900-03-01" },
		{ 2000, 2, 29, 11016, "2000-02-29" },
		{ 2000, 3, 1, 11017, "2000-03-01" },
		{ 2024, 2, 29, 19782, "2024-02-29" },
		{ 2026, 1, 5, 20458, "2026-01-05" },
		{ 2038, 1, 19, 24855, "2038-01-19" },
		{ 9999, 12, 31, 2932896, "9999-12-31" },
	};
	for (size_t i = 0; i < RN_ARRAY_LEN(v); i++) {
		char buf[11];
		assert_int_equal(rn_date_from_ymd(v[i].y, v[i].m, v[i].d), v[i].days);
		accept_date(v[i].text, v[i].days);
		memset(buf, 'x', sizeof(buf));
		rn_date_format(v[i].days, buf);
		assert_string_equal(buf, v[i].text);
	}
}

static void leap_years(void **state)
{
	accept_date("2024-02-29", 19782);
	reject_date("2023-02-29");
	reject_date("1900-02-29");   /* divisible by 100, not by 400 */
	accept_date("2000-02-29", 11016);   /* divisible by 400 */
	accept_date("1600-02-29", rn_date_from_ymd(1600, 2, 29));
	reject_date("2100-02-29");
	accept_date("2004-02-29", rn_date_from_ymd(2004, 2, 29));
	reject_date("2024-02-30");
	accept_date("2023-02-28", 19416);
	/* The day after Feb 28 in a common year is Mar 1, in a leap year Feb 29. */
	assert_int_equal(rn_date_from_ymd(2023, 3, 1) - rn_date_from_ymd(2023, 2, 28), 1);
	assert_int_equal(rn_date_from_ymd(2024, 3, 1) - rn_date_from_ymd(2024, 2, 28), 2);
	assert_int_equal(rn_date_from_ymd(1900, 3, 1) - rn_date_from_ymd(1900, 2, 28), 1);
	assert_int_equal(rn_date_from_ymd(2000, 3, 1) - rn_date_from_ymd(2000, 2, 28), 2);
}

static void month_lengths(void **state)
{
	static const int len[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	for (int m = 1; m <= 12; m++) {
		char s[32];
		int days;
		snprintf(s, sizeof(s), "2023-%02d-%02d", m, len[m - 1]);
		accept_date(s, rn_date_from_ymd(2023, m, len[m - 1]));
		snprintf(s, sizeof(s), "2023-%02d-%02d", m, len[m - 1] + 1);
		assert_int_equal(parse(s, &days), -1);
		snprintf(s, sizeof(s), "2023-%02d-00", m);
		assert_int_equal(parse(s, &days), -1);
	}
}

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Every day from 0001-01-01 to 9999-12-31, walked one by one. */
static void round_trip_every_day(void **state)
{
	static const int len[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int expect = -719162;   /* 0001-01-01 */
	long checked = 0;
	for (int y = 1; y <= 9999; y++) {
		for (int m = 1; m <= 12; m++) {
			int ml = len[m - 1] + (m == 2 && is_leap(y));
			for (int d = 1; d <= ml; d++, expect++, checked++) {
				if (rn_date_from_ymd(y, m, d) != expect)
					fail_msg("from_ymd(%d, %d, %d) = %d, expected %d", y, m, d,
					         rn_date_from_ymd(y, m, d), expect);
				char want[32], got[11];
				snprintf(want, sizeof(want), "%04d-%02d-%02d", y, m, d);
				rn_date_format(expect, got);
				if (strcmp(got, want) != 0)
					fail_msg("format(%d) = '%s', expected '%s'", expect, got, want);
				int back;
				if (rn_date_parse(want, 10, &back) != 0 || back != expect)
					fail_msg("parse('%s') failed or gave %d, expected %d", want, back,
					         expect);
			}
		}
	}
	assert_int_equal(expect, 2932896 + 1);
	assert_int_equal(checked, 3652059);
}

static void timestamps_accepted(void **state)
{
	const int d = 20458;   /* 2026-01-05 */
	static const char *const ok[] = {
		"2026-01-05",
		"2026-01-05T10:30",
		"2026-01-05 10:30",
		"2026-01-05t10:30",
		"2026-01-05T10:30:15",
		"2026-01-05 10:30:15",
		"2026-01-05T10:30:15Z",
		"2026-01-05T10:30Z",
		"2026-01-05T10:30:15z",
		"2026-01-05T10:30:15.123",
		"2026-01-05T10:30:15,5",
		"2026-01-05T10:30:15.123456789Z",
		"2026-01-05T10:30:15+02:00",
		"2026-01-05T10:30:15-05:00",
		"2026-01-05T10:30:15.5+0530",
		"2026-01-05T10:30+01",
		"2026-01-05T00:00:00",
		"2026-01-05T23:59:59",
		"2026-01-05T24:00",
		"2026-01-05T23:59:60",   /* a leap second */
		"2026-01-05T23:59:60.5Z",
		"2026-01-05T24:00:00.000",
		"2026-01-05T10:30+14:59",
		/* No time-zone conversion: the date as written is kept. */
		"2026-01-05T23:30:00-08:00",
		"2026-01-05T00:30:00+14:00",
	};
	for (size_t i = 0; i < RN_ARRAY_LEN(ok); i++)
		accept_date(ok[i], d);
}

static void garbage_rejected(void **state)
{
	static const char *const bad[] = {
		"",
		"2026",
		"2026-01",
		"2026-1-05",
		"2026-01-5",
		"26-01-05",
		"2026-01-05x",
		"2026-01-05T",
		"2026-01-05 ",
		" 2026-01-05",
		"2026-01-05T25:00",
		"2026-01-05T10:60",
		"2026-01-05T10",
		"2026-01-05T1:30",
		"2026-01-05T10:3",
		"2026-01-05T10:30:",
		"2026-01-05T10:30:5",
		"2026-01-05T10:30:15.",
		"2026-01-05T10:30:15.x",
		"2026-01-05T10:30:15Zx",
		"2026-01-05T10:30:15ZZ",
		"2026-01-05T10:30+",
		"2026-01-05T10:30+1",
		"2026-01-05T10:30+01:0",
		"2026-01-05T10:30+01:000",
		"2026-01-05T10:30 +01:00",
		"2026-01-05X10:30",
		"2026/01/05",
		"2026.01.05",
		"20260105",
		"05-01-2026",
		"2026-00-10",
		"2026-13-01",
		"2026-01-00",
		"2026-01-32",
		"2026-04-31",
		"0000-01-01",
		"+2026-01-05",
		"-2026-01-05",
		"2026-0a-05",
		"２０２６-01-05",
		"yesterday",
		"NaN",
	};
	for (size_t i = 0; i < RN_ARRAY_LEN(bad); i++)
		reject_date(bad[i]);
}

/*
 * Malformed time parts are rejected: hour 24 with non-zero minutes or
 * seconds, seconds above 60, offsets beyond ±14:59, an offset ending in a
 * bare ':'.  (Found by this test: all of these used to be accepted.)
 */
static void malformed_time_rejected(void **state)
{
	static const char *const bad[] = {
		"2026-01-05T10:30+01:",
		"2026-01-05T24:30",
		"2026-01-05T24:00:01",
		"2026-01-05T10:30:61",
		"2026-01-05T10:30:69",
		"2026-01-05T10:30+25:00",
		"2026-01-05T10:30+05:99",
		"2026-01-05T10:30+15:00",
		"2026-01-05T24:00:00.5",
	};
	int accepted = 0;
	for (size_t i = 0; i < RN_ARRAY_LEN(bad); i++) {
		int days;
		if (parse(bad[i], &days) == 0) {
			print_message("accepted, should be rejected: '%s'\n", bad[i]);
			accepted++;
		}
	}
	assert_int_equal(accepted, 0);
}

/* The length is honoured: no reading past n, and a prefix is not the date. */
static void length_is_honoured(void **state)
{
	int days = 0;
	assert_int_equal(rn_date_parse("2026-01-05garbage", 10, &days), 0);
	assert_int_equal(days, 20458);
	assert_int_equal(rn_date_parse("2026-01-05T10:30", 13, &days), -1);
	assert_int_equal(rn_date_parse("2026-01-0", 9, &days), -1);
	assert_int_equal(rn_date_parse("2026-01-05", 0, &days), -1);
	/* An embedded NUL is not the end of the string. */
	assert_int_equal(rn_date_parse("2026-01-05\0", 11, &days), -1);
	char exact[10];
	memcpy(exact, "2024-02-29", 10);   /* not NUL-terminated */
	assert_int_equal(rn_date_parse(exact, sizeof(exact), &days), 0);
	assert_int_equal(days, 19782);
}

static void format_writes_eleven_bytes(void **state)
{
	char buf[16];
	memset(buf, '#', sizeof(buf));
	rn_date_format(20458, buf);
	assert_memory_equal(buf, "2026-01-05\0#####", 16);
}

static void today_is_sane(void **state)
{
	int t = rn_date_today();
	/* Between 2024-01-01 and 2200-01-01, and it formats and parses back. */
	assert_true(t > rn_date_from_ymd(2024, 1, 1));
	assert_true(t < rn_date_from_ymd(2200, 1, 1));
	char buf[11];
	rn_date_format(t, buf);
	int back;
	assert_int_equal(rn_date_parse(buf, strlen(buf), &back), 0);
	assert_int_equal(back, t);
	assert_true(RN_NO_DATE < rn_date_from_ymd(1, 1, 1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(epoch),
		cmocka_unit_test(known_values),
		cmocka_unit_test(leap_years),
		cmocka_unit_test(month_lengths),
		cmocka_unit_test(round_trip_every_day),
		cmocka_unit_test(timestamps_accepted),
		cmocka_unit_test(garbage_rejected),
		cmocka_unit_test(malformed_time_rejected),
		cmocka_unit_test(length_is_honoured),
		cmocka_unit_test(format_writes_eleven_bytes),
		cmocka_unit_test(today_is_sane),
	};
	return cmocka_run_group_tests_name("date", tests, NULL, NULL);
}

/*
 * Dates: parsing YYYY-MM-DD (and ISO 8601 timestamps, truncated to the day)
 * and converting between civil dates and day numbers with the standard
 * era-based algorithm (exact for the whole proleptic Gregorian calendar).
 */
#include "refnet/date.h"

#include <stdio.h>
#include <time.h>

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int days_in_month(int y, int m)
{
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : mdays[m - 1];
}

int rn_date_from_ymd(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void rn_date_ymd(int days, int *y, int *m, int *d)
{
	int z = days + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp + (mp < 10 ? 3 : -9);
	*y = yoe + era * 400 + (*m <= 2);
}

void rn_date_format(int days, char *buf)
{
	int y, m, d;
	rn_date_ymd(days, &y, &m, &d);
	snprintf(buf, 11, "%04u-%02u-%02u", (unsigned) y % 10000u, (unsigned) m % 100u,
	         (unsigned) d % 100u);
}

/* Two digits at s[i], as a number no greater than max; -1 otherwise. */
static int two_digits(const char *s, size_t n, size_t i, int max)
{
	if (i + 2 > n || !is_digit(s[i]) || !is_digit(s[i + 1]))
		return -1;
	int v = (s[i] - '0') * 10 + (s[i + 1] - '0');
	return v <= max ? v : -1;
}

/*
 * The part of an ISO 8601 timestamp after the date:
 * [T ]hh:mm[:ss[.fff]][Z|(+|-)hh[:mm]], with hh <= 23 (or 24:00[:00]),
 * ss <= 60 (a leap second), and an offset of at most 14 hours.
 */
static int valid_time_suffix(const char *s, size_t n)
{
	size_t i = 0;
	if (n == 0)
		return 1;
	if (s[i] != 'T' && s[i] != 't' && s[i] != ' ')
		return 0;
	i++;
	int hh = two_digits(s, n, i, 24), mm = two_digits(s, n, i + 3, 59), ss = 0;
	if (hh < 0 || i + 2 >= n || s[i + 2] != ':' || mm < 0)
		return 0;
	i += 5;
	int frac = 0;
	if (i < n && s[i] == ':') {
		if ((ss = two_digits(s, n, i + 1, 60)) < 0)
			return 0;
		i += 3;
		if (i < n && (s[i] == '.' || s[i] == ',')) {
			i++;
			size_t f = i;
			while (i < n && is_digit(s[i]))
				frac |= s[i++] != '0';
			if (i == f)
				return 0;
		}
	}
	if (hh == 24 && (mm || ss || frac))
		return 0;
	if (i == n)
		return 1;
	if ((s[i] == 'Z' || s[i] == 'z') && i + 1 == n)
		return 1;
	if (s[i] != '+' && s[i] != '-')
		return 0;
	if (two_digits(s, n, i + 1, 14) < 0)
		return 0;
	i += 3;
	if (i == n)
		return 1;
	if (s[i] == ':')
		i++;
	return i + 2 == n && two_digits(s, n, i, 59) >= 0;
}

int rn_date_parse(const char *s, size_t n, int *days)
{
	if (n < 10)
		return -1;
	for (int i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (s[i] != '-')
				return -1;
		} else if (!is_digit(s[i])) {
			return -1;
		}
	}
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	int m = (s[5] - '0') * 10 + (s[6] - '0');
	int d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return -1;
	if (!valid_time_suffix(s + 10, n - 10))
		return -1;
	*days = rn_date_from_ymd(y, m, d);
	return 0;
}

int rn_date_today(void)
{
	time_t now = time(NULL);
	struct tm tm;
	if (!localtime_r(&now, &tm))
		return rn_date_from_ymd(1970, 1, 1);
	return rn_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

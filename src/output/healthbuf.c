/*
 * The row-text builder.  See healthbuf.h.
 */
#include "refnet/healthbuf.h"
#include "refnet/date.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

const char *rn_health_num(char *buf, size_t n, double v, int decimals)
{
	double scale = pow(10.0, decimals);
	v = round(v * scale) / scale;
	snprintf(buf, n, "%.*f", decimals, v);
	if (buf[0] == '-' && v == 0.0)
		memmove(buf, buf + 1, strlen(buf));
	return buf;
}

void rn_health_put_text(struct rn_sb *b, const char *s, size_t max)
{
	size_t n = strlen(s);
	if (n <= max) {
		rn_sb_add(b, s, n);
		return;
	}
	while (max > 0 && ((unsigned char) s[max] & 0xC0) == 0x80)
		max--;   /* s[max] continues a character: cut before it starts */
	rn_sb_add(b, s, max);
	rn_sb_add(b, "...", 3);
}

/* The decimal digits of v (no sign) at the end of buf; returns the start. */
static char *digits(char *end, unsigned long long v)
{
	*--end = '\0';
	do {
		*--end = (char) ('0' + v % 10);
		v /= 10;
	} while (v);
	return end;
}

void rn_health_put_int(struct rn_sb *b, long long v)
{
	char buf[24];
	unsigned long long u = v < 0 ? 0ull - (unsigned long long) v : (unsigned long long) v;
	char *p = digits(buf + sizeof(buf), u);
	if (v < 0)
		*--p = '-';
	rn_sb_puts(b, p);
}

void rn_health_put_date(struct rn_sb *b, int days)
{
	/* rn_date_format without snprintf (this runs once per output row). */
	int y, m, d;
	rn_date_ymd(days, &y, &m, &d);
	unsigned yy = (unsigned) y % 10000u, mm = (unsigned) m % 100u, dd = (unsigned) d % 100u;
	char t[10] = {
		(char) ('0' + yy / 1000), (char) ('0' + yy / 100 % 10), (char) ('0' + yy / 10 % 10),
		(char) ('0' + yy % 10), '-', (char) ('0' + mm / 10), (char) ('0' + mm % 10), '-',
		(char) ('0' + dd / 10), (char) ('0' + dd % 10)
	};
	rn_sb_add(b, t, sizeof(t));
}

void rn_health_put_fixed(struct rn_sb *b, double v, int decimals)
{
	static const double scale[] = { 1, 10, 100, 1000, 1e4, 1e5, 1e6 };
	double r;
	/* Integer digits while |v| < 1e9, where a double resolves 1e-6 exactly
	 * enough for %.*f to print the same digits; else snprintf. */
	if (decimals < 0 || decimals > 6 || !isfinite(v) ||
	    !(fabs(r = round(v * scale[decimals])) < 1e9 * scale[decimals])) {
		char buf[64];
		rn_sb_puts(b, rn_health_num(buf, sizeof(buf), v, decimals));
		return;
	}
	unsigned long long u = (unsigned long long) fabs(r);
	unsigned long long p10 = (unsigned long long) scale[decimals];
	if (r < 0)
		rn_sb_add(b, "-", 1);
	char buf[24];
	rn_sb_puts(b, digits(buf + sizeof(buf), u / p10));
	if (decimals) {
		unsigned long long f = u % p10;
		char frac[8];
		for (int i = decimals - 1; i >= 0; i--, f /= 10)
			frac[i] = (char) ('0' + f % 10);
		rn_sb_add(b, ".", 1);
		rn_sb_add(b, frac, (size_t) decimals);
	}
}

void rn_health_put_days(struct rn_sb *b, long long n)
{
	rn_health_put_int(b, n);
	if (n == 1)
		rn_sb_add(b, " day", 4);
	else
		rn_sb_add(b, " days", 5);
}

/*
 * Calendar dates as days since 1970-01-01 (proleptic Gregorian), the form
 * every time-based score uses.  Input is YYYY-MM-DD; an ISO 8601 timestamp
 * (YYYY-MM-DDThh:mm[:ss[.f]][Z|±hh:mm], or a space instead of T) is accepted and
 * truncated to its date, without time-zone conversion.
 */
#ifndef REFNET_DATE_H
#define REFNET_DATE_H

#include <stddef.h>

/* Parse s[0..n) into *days.  Returns 0, or -1 if it is not a valid date. */
int rn_date_parse(const char *s, size_t n, int *days);

/* Days since 1970-01-01 for a valid year, month (1-12), day (1-31). */
int rn_date_from_ymd(int y, int m, int d);

/* The year, month (1-12) and day (1-31) of a day number. */
void rn_date_ymd(int days, int *y, int *m, int *d);

/* Write the date as "YYYY-MM-DD" into buf (at least 11 bytes). */
void rn_date_format(int days, char *buf);

/* Today's date in local time. */
int rn_date_today(void);

#endif

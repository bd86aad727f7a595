/*
 * Row texts for the relationship-health commands without snprintf: a string
 * builder over a fixed buffer with integers, dates and fixed-point numbers.
 * On a million-row output snprintf costs more than the rest of a row; these
 * write the same characters as "%lld", rn_date_format() and rn_table_num()
 * (tests/unit/test_rowout.c compares them).  Needs only the C library.
 */
#ifndef REFNET_HEALTHBUF_H
#define REFNET_HEALTHBUF_H

#include <stddef.h>

/*
 * v with `decimals` places, exactly as rn_table_num() shows it ("-0.000" is
 * "0.000"), into buf; returns buf.
 */
const char *rn_health_num(char *buf, size_t n, double v, int decimals);

/*
 * The builder: appends what fits and always keeps the text NUL-terminated
 * (a full buffer truncates, never inside a UTF-8 character).
 */
struct rn_health_buf {
	char *s;
	size_t n, cap;
};

void rn_health_buf_init(struct rn_health_buf *b, char *buf, size_t cap);
void rn_health_put_str(struct rn_health_buf *b, const char *s);
/* n bytes of s (a string literal through RN_HEALTH_LIT: no strlen). */
void rn_health_put_mem(struct rn_health_buf *b, const char *s, size_t n);
#define RN_HEALTH_LIT(b, lit) rn_health_put_mem((b), "" lit, sizeof(lit) - 1)
/* At most max bytes of s, cut at a UTF-8 character boundary, "..." if cut. */
void rn_health_put_text(struct rn_health_buf *b, const char *s, size_t max);
void rn_health_put_int(struct rn_health_buf *b, long long v);        /* "%lld" */
void rn_health_put_date(struct rn_health_buf *b, int days);          /* rn_date_format() */
void rn_health_put_fixed(struct rn_health_buf *b, double v, int decimals); /* rn_health_num() */
void rn_health_put_days(struct rn_health_buf *b, long long n);       /* "1 day", "N days" */

#endif

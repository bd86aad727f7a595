/*
 * Row texts for the relationship-health commands without snprintf: integers,
 * dates and fixed-point numbers appended to a string builder (refnet/sb.h),
 * usually a fixed one over a cell's array (rn_sb_init_fixed).
 * On a million-row output snprintf costs more than the rest of a row; these
 * write the same characters as "%lld", rn_date_format() and rn_table_num()
 * (tests/unit/test_rowout.c compares them).  Needs only the C library.
 */
#ifndef REFNET_HEALTHBUF_H
#define REFNET_HEALTHBUF_H

#include <stddef.h>

#include "refnet/sb.h"

/*
 * v with `decimals` places, exactly as rn_table_num() shows it ("-0.000" is
 * "0.000"), into buf; returns buf.
 */
const char *rn_health_num(char *buf, size_t n, double v, int decimals);

/* Each appends to b like rn_sb_add(): what does not fit a fixed builder is
 * cut at a UTF-8 character boundary. */
/* A string literal without strlen. */
#define RN_HEALTH_LIT(b, lit) rn_sb_add((b), "" lit, sizeof(lit) - 1)
/* At most max bytes of s, cut at a UTF-8 character boundary, "..." if cut. */
void rn_health_put_text(struct rn_sb *b, const char *s, size_t max);
void rn_health_put_int(struct rn_sb *b, long long v);        /* "%lld" */
void rn_health_put_date(struct rn_sb *b, int days);          /* rn_date_format() */
void rn_health_put_fixed(struct rn_sb *b, double v, int decimals); /* rn_health_num() */
void rn_health_put_days(struct rn_sb *b, long long n);       /* "1 day", "N days" */

#endif

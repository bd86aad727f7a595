/*
 * Option values and small text helpers shared by the relationship-health
 * commands (reciprocity, followup): days, numbers, dates, the --for
 * contact, and "N days ago" phrases.  Messages follow the other commands:
 * "refnet CMD: --opt wants ..., got 'x'".
 */
#ifndef REFNET_CLI_HEALTH_H
#define REFNET_CLI_HEALTH_H

#include <stdio.h>

#include "cli.h"

/* A whole number of days in [lo, hi] into *out; 0, or RN_E_USAGE after saying why. */
int rn_health_days(const char *cmd, const char *opt, const char *arg, int lo, int hi, int *out);

/* A number in [lo, hi]; 0, or RN_E_USAGE after saying why. */
int rn_health_number(const char *cmd, const char *opt, const char *arg, double lo, double hi,
                     double *out);

/* A date YYYY-MM-DD in days; 0, or RN_E_USAGE after saying why. */
int rn_health_date(const char *cmd, const char *opt, const char *arg, int *out);

/*
 * The contact named by --for, or -1 after printing
 * "refnet CMD: --for: no contact with id 'x'".
 */
igraph_integer_t rn_health_contact(const struct rn_cli *cli, const struct rn_network *net,
                                   const char *opt, const char *id);

/* "YYYY-MM-DD" of d into buf (11 bytes), or "" for RN_NO_DATE. */
const char *rn_health_date_text(int d, char *buf);

/*
 * v with `decimals` places, exactly as rn_table_num() shows it ("-0.000" is
 * "0.000"), into buf; returns buf.
 */
const char *rn_health_num(char *buf, size_t n, double v, int decimals);

/*
 * A string builder over a fixed buffer, for the per-row texts: appends what
 * fits and always keeps the text NUL-terminated (a full buffer truncates).
 * snprintf costs more than the rest of a row on a million-row output; these
 * write the same characters (the tests compare them with snprintf and
 * rn_date_format).
 */
struct rn_health_buf {
	char *s;
	size_t n, cap;
};

void rn_health_buf_init(struct rn_health_buf *b, char *buf, size_t cap);
void rn_health_put_str(struct rn_health_buf *b, const char *s);
/* At most max bytes of s, cut at a UTF-8 character boundary, "..." if cut. */
void rn_health_put_text(struct rn_health_buf *b, const char *s, size_t max);
void rn_health_put_int(struct rn_health_buf *b, long long v);        /* "%lld" */
void rn_health_put_date(struct rn_health_buf *b, int days);          /* rn_date_format() */
void rn_health_put_fixed(struct rn_health_buf *b, double v, int decimals); /* rn_health_num() */
void rn_health_put_days(struct rn_health_buf *b, long long n);       /* "1 day", "N days" */

/* Monotonic seconds, for the -v timings. */
double rn_health_now(void);

/* Process CPU seconds (user + system), for the -v timings. */
double rn_health_cpu(void);

#endif

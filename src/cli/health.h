/*
 * Option values and small text helpers shared by the relationship-health
 * commands (reciprocity, followup): days, numbers, dates, the --for
 * contact, and -v timings.  The row texts are built with healthbuf.h.
 * Messages follow the other commands: "refnet CMD: --opt wants ..., got
 * 'x'" and "Try 'refnet CMD --help'.".
 */
#ifndef REFNET_CLI_HEALTH_H
#define REFNET_CLI_HEALTH_H

#include <stdio.h>

#include "cli.h"
#include "healthbuf.h"

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

/*
 * The width to wrap text output at: `given` (--width N; 0 turns wrapping
 * off) when not negative; else the terminal's width when the output is a
 * terminal (standard output, no -o FILE), else 0: no wrapping for files
 * and pipes.
 */
size_t rn_health_text_width(const struct rn_cli *cli, int given);

/* "YYYY-MM-DD" of d into buf (11 bytes), or "" for RN_NO_DATE. */
const char *rn_health_date_text(int d, char *buf);

/* Monotonic seconds, for the -v timings. */
double rn_health_now(void);

/* Process CPU seconds (user + system), for the -v timings. */
double rn_health_cpu(void);

#endif

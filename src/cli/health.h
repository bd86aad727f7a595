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
#include "refnet/healthbuf.h"

/*
 * The contact named by --for, or -1 after printing
 * "refnet CMD: --for: no contact with id 'x'".
 */
igraph_integer_t rn_health_contact(const struct rn_cli *cli, const struct rn_network *net,
                                   const char *opt, const char *id);

/*
 * "Ben Hartley (ben-hartley)" to fp, or the id alone when it is the name;
 * control characters escaped as rn_cli_shown() shows them.  Every text
 * output that names a person uses it, so a reader sees the name and can
 * type the id.
 */
void rn_health_person(FILE *fp, const struct rn_network *net, igraph_integer_t v);

/*
 * A paragraph of text output wrapped at a width: open a memory stream,
 * write the text to it, then rn_health_wrap_close() writes it to fp through
 * rn_text_wrap() (the first line continues at column col, the next ones
 * start at column indent; width 0: one line) and frees it.  open returns
 * the stream, or NULL when out of memory; close returns 0, or -1 when out
 * of memory (nothing written).
 */
struct rn_health_wrap {
	FILE *f;
	char *s;
	size_t len;
};
FILE *rn_health_wrap_open(struct rn_health_wrap *w);
int rn_health_wrap_close(struct rn_health_wrap *w, FILE *fp, size_t col, size_t indent,
                         size_t width);

/* "YYYY-MM-DD" of d into buf (11 bytes), or "" for RN_NO_DATE. */
const char *rn_health_date_text(int d, char *buf);

/* Monotonic seconds, for the -v timings. */
double rn_health_now(void);

/* Process CPU seconds (user + system), for the -v timings. */
double rn_health_cpu(void);

#endif

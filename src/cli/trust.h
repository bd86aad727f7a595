/*
 * The trust-model options shared by intro and match (half-life, decay
 * floor, fatigue), and the sentences that explain a route's hops from what
 * the search computed (no score is computed here).
 */
#ifndef REFNET_CLI_TRUST_H
#define REFNET_CLI_TRUST_H

#include <stdio.h>

#include "cli.h"
#include "refnet/intro.h"

enum {
	RN_OPT_HALF_LIFE = 1100, RN_OPT_DECAY_FLOOR, RN_OPT_FATIGUE_WINDOW, RN_OPT_FATIGUE
};

/* Entries for a command's struct option array. */
#define RN_TRUST_OPTIONS \
	{ "half-life", required_argument, NULL, RN_OPT_HALF_LIFE }, \
	{ "decay-floor", required_argument, NULL, RN_OPT_DECAY_FLOOR }, \
	{ "fatigue-window", required_argument, NULL, RN_OPT_FATIGUE_WINDOW }, \
	{ "fatigue", required_argument, NULL, RN_OPT_FATIGUE }

/* Usage lines for those options. */
#define RN_TRUST_USAGE \
	"  --half-life DAYS    a tie's strength halves every DAYS without contact\n" \
	"                      (default 180)\n" \
	"  --decay-floor X     ...but never falls below X times itself (default 0.25)\n" \
	"  --fatigue-window D  asks and pitches an introducer received in the last D\n" \
	"                      days make routes through them weaker (default 90)\n" \
	"  --fatigue X         factor per such request beyond the first (default 0.8)\n"

/* Store the value of trust option `code` in o: RN_OK, or RN_E_USAGE after
 * saying why the value is bad (rn_opt_*) or when code is none of them.
 * Intro and match reach it through rn_cli_route_option (vocab.h). */
int rn_trust_option(const struct rn_cli *cli, struct rn_intro_options *o, int code,
                    const char *arg);

/*
 * Write "A - B: strength 0.90, last contact 2026-10-20 (12 days ago), now
 * 0.86" for tie e as seen from contact a, to fp.  `you` names a as "you".
 * effective is the tie's strength now as the search computed it (a route's
 * effective[], a match's effective_*); in gives the tie's activity.
 */
void rn_explain_tie(FILE *fp, const struct rn_intro *in, igraph_integer_t e,
                    igraph_integer_t a, double effective, int you, int names);

/* "X was asked or pitched N times in the last D days: x0.64" for contact v
 * whose fatigue factor the search computed (a route's fatigue[], a match's
 * fatigue), or nothing when it is 1.  Returns 1 when it wrote. */
int rn_explain_fatigue(FILE *fp, const struct rn_intro *in, igraph_integer_t v, double fatigue,
                       int names);

#endif

/*
 * The vocabulary of synonyms a command's need matching uses: the default
 * list built into refnet (datasets/vocabulary.csv), then the network
 * directory's own vocabulary.csv when there is one, whose pairs are added
 * to the default ones.  --exact uses none.
 */
#ifndef REFNET_CLI_VOCAB_H
#define REFNET_CLI_VOCAB_H

#include "cli.h"
#include "refnet/intro.h"
#include "refnet/needs.h"

/* The option entry and usage line of --exact. */
#define RN_VOCAB_OPT_EXACT 1900
#define RN_VOCAB_OPTION { "exact", no_argument, NULL, RN_VOCAB_OPT_EXACT }
#define RN_VOCAB_USAGE \
	"  --exact             match needs as written, without the vocabulary of\n" \
	"                      synonyms (lawyer ~ attorney; see docs/scoring.md)\n"

/*
 * Add the vocabulary to ix (after rn_needs_index_init), unless exact.
 * Problems in a vocabulary.csv are printed as FILE:LINE:COLUMN: message.
 * Returns RN_OK, RN_E_DATA, RN_E_NOINPUT (unreadable file) or
 * RN_E_INTERNAL, having said why.
 */
int rn_cli_vocabulary(const struct rn_cli *cli, struct rn_needs_index *ix, int exact);

/*
 * The route search of intro, match and render: the needs index of net with
 * its vocabulary (rn_cli_vocabulary) into ix, then rn_intro_init of in with
 * opt at cli->as_of.  Returns RN_OK, or the status after saying why ("out
 * of memory", a vocabulary's problems).  ix and in start zeroed and are the
 * caller's to release, whatever this returns.
 */
int rn_cli_intro_init(const struct rn_cli *cli, const struct rn_network *net,
                      const struct rn_intro_options *opt, int exact,
                      struct rn_needs_index *ix, struct rn_intro *in);

/* What intro and match read from their command lines for the route search:
 * the trust options (trust.h) and --exact. */
struct rn_cli_route_args {
	struct rn_intro_options opt;   /* rn_intro_options_default() first */
	int exact;
};

/* A command's option handler passes the codes it does not handle itself
 * here: the trust options and --exact go into a.  RN_OK, or RN_E_USAGE
 * after saying why a value is bad. */
int rn_cli_route_option(const struct rn_cli *cli, struct rn_cli_route_args *a, int code,
                        const char *arg);

#endif

/*
 * Naming things on the command line: a contact by id or by name, and the
 * "did you mean" hint for a mistyped command, option, id or value.
 *
 * A contact is found by its id; failing that, by an id or a name equal to
 * the argument once both are folded (case, accents and punctuation ignored:
 * 'tom kowalski', 'Tom Kowalski' and 'TOM-KOWALSKI' all find tom-kowalski),
 * when exactly one contact answers to it.  A name that several contacts
 * share is refused with the list of their ids; an argument that finds no
 * one gets the nearest ids and names (refnet/suggest.h).
 */
#ifndef REFNET_CLI_RESOLVE_H
#define REFNET_CLI_RESOLVE_H

#include "cli.h"
#include "refnet/render.h"

/*
 * A finder keeps the folded ids and names of a network, built on the first
 * lookup that is not an exact id, so that many lookups (a requests file)
 * fold each contact once.  init does not allocate; release accepts a
 * zeroed finder.
 */
struct rn_finder {
	const struct rn_network *net;
	char **fold;                    /* 2 * ncontacts: folded id, folded name */
	uint32_t *order;                /* indices into fold, sorted by text */
	size_t n;
};

void rn_finder_init(struct rn_finder *f, const struct rn_network *net);
void rn_finder_release(struct rn_finder *f);

enum rn_find_result { RN_FOUND = 0, RN_FIND_NONE, RN_FIND_AMBIGUOUS, RN_FIND_OOM };

/*
 * Find the contact `arg` names.  On RN_FOUND *v is set; otherwise msg
 * (when not NULL) receives the reason without a trailing period:
 *   no contact with id or name 'tom-kowalksi'; did you mean 'tom-kowalski' (Tom Kowalski)?
 *   'Sam' names 2 contacts: sam-reyes (Sam Reyes), sam-ortiz (Sam Ortiz); give an id
 * O(1) expected for an id; O(log n) after the first other lookup, which
 * folds every id and name once; a miss also scans every folded id and name.
 */
enum rn_find_result rn_finder_find(struct rn_finder *f, const char *arg, igraph_integer_t *v,
                                   char *msg, size_t msglen);

/*
 * One lookup for an option (`opt`, e.g. "--for"): the contact, or -1 after
 * printing "refnet CMD: --for: <reason>" and the --help hint (a usage
 * error; RN_E_INTERNAL's message when out of memory, with *status set).
 */
igraph_integer_t rn_cli_contact(const struct rn_cli *cli, const struct rn_network *net,
                                const char *opt, const char *arg, int *status);

/*
 * The "did you mean" clause for query among cands[0..n): "; did you mean
 * 'intro'?" (or "'x' or 'y'", up to three at the nearest distance), with
 * `quote_prefix` (e.g. "--") put before each candidate, or "" when none is
 * near.  Leading dashes of query and anything from '=' on are ignored.
 * Writes into buf (always NUL-terminated) and returns it.
 */
const char *rn_cli_hint(char *buf, size_t len, const char *query, const char *const *cands,
                        size_t n, const char *quote_prefix);

/*
 * What a drawing presents (render.h), computed by src/analysis: the
 * activity as of cli->as_of, the communities when o needs them (Leiden,
 * cli->seed) and the reciprocity when o->referrals.  Points o at them;
 * release with rn_render_facts_release() after the drawing.  Returns
 * RN_OK, or a status after printing why.
 */
struct rn_render_facts {
	struct rn_activity act;
	struct rn_communities comm;
	struct rn_reciprocity recip;
};
int rn_render_facts_compute(const struct rn_cli *cli, const struct rn_network *net,
                            struct rn_render_options *o, struct rn_render_facts *f);
void rn_render_facts_release(struct rn_render_facts *f);

#endif

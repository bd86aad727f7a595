/*
 * Matches: whom to put together.  A match is a needer, a provider whose
 * offers answer one of the needer's needs (rn_needs_tag_matches rules), who
 * have no tie, and an introducer tied to both.  Its score is the two-hop
 * route needer - introducer - provider scored as an introduction route
 * (intro.h): effective strength of both ties times the introducer's
 * fatigue.  Each pair is ranked by its best introducer.
 *
 * The search never looks at pairs without a common neighbour: for each
 * needer it walks the neighbours of its neighbours and checks their offers
 * against the needer's matched tags (marked in an array), so the work is
 * the sum over introducers of degree squared, not needers x providers.
 *
 * With best_only (and a top), each introducer's contacts are walked in
 * order of falling effective strength, and the walk stops where the score
 * can no longer reach the worst of the `top` kept so far: a score is the
 * product of the two ties and the fatigue, so nothing further down the
 * list scores higher.  The matches are the same; only the count of all
 * matching pairs is lost.  On 100k contacts / 1M ties this takes the
 * search from seconds to a fraction of one.
 */
#ifndef REFNET_MATCH_H
#define REFNET_MATCH_H

#include "refnet/intro.h"

struct rn_match_options {
	size_t top;                 /* best matches to keep, 0 for all */
	igraph_integer_t via;       /* only introductions this contact can make, or -1 */
	const char *need;           /* only this need (free text), or NULL */
	int best_only;              /* with top > 0: skip the pairs that cannot reach the
	                               top (same matches, far less work on a large
	                               network); pairs is then not counted */
};

struct rn_match {
	igraph_integer_t introducer, needer, provider;
	uint32_t need_tag;          /* the needer's need, or RN_NO_TAG with opts.need */
	uint32_t offer_tag;         /* the provider's matching offer */
	igraph_integer_t tie_needer, tie_provider;   /* introducer's ties to each */
	double effective_needer, effective_provider;  /* their strengths now (rn_intro_effective) */
	double fatigue;             /* the introducer's rn_intro_fatigue */
	double score;               /* effective_needer x effective_provider x fatigue */
};

struct rn_matches {
	struct rn_match *m;
	size_t n;
	size_t pairs;               /* matching pairs found before --top; 0 with best_only */
	int counted;                /* pairs holds the count (not best_only) */
};

void rn_matches_release(struct rn_matches *ms);

/*
 * Find matches, best first (score, then needer id, provider id, introducer
 * id).  in supplies the trust model (rn_intro_init); net must have been
 * loaded with .adjacency.  Returns RN_OK or RN_E_INTERNAL.
 */
enum rn_status rn_match_run(const struct rn_intro *in, const struct rn_needs_index *ix,
                            const struct rn_match_options *opt, struct rn_matches *out);

#endif

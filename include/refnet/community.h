/*
 * Communities of the tie graph: the circles of people who are tied more to
 * each other than to the rest.  One module for every command that shows
 * them (refnet stats lists them, refnet render colours and selects them), so
 * that "community 3" names the same contacts in the report and in the
 * drawing for the same network, method and seed.
 *
 * Detection is igraph's, on the whole network, with tie strengths as edge
 * weights: Leiden optimising modularity (node weights = each contact's
 * strength, resolution 1 / (2 * total strength), beta 0.01, 2 iterations,
 * starting from singletons) or Louvain (igraph_community_multilevel,
 * resolution 1).  Both are randomised: igraph's default RNG is seeded with
 * the given seed right before the call, so the same network and seed give
 * the same partition.
 *
 * igraph numbers its clusters arbitrarily; they are renumbered 1..count by
 * size, largest first, and communities of the same size by their smallest
 * member id (byte order, like every "then by id" in refnet).  A contact
 * without ties is a community of its own; a network without ties is all
 * such communities.  docs/stats.md describes the measures.
 *
 * Nothing here prints, and the network is only read.
 */
#ifndef REFNET_COMMUNITY_H
#define REFNET_COMMUNITY_H

#include "refnet/network.h"

enum rn_community_method { RN_COMMUNITY_LEIDEN, RN_COMMUNITY_LOUVAIN };

#define RN_COMMUNITY_LEIDEN_ITERATIONS 2   /* never negative: igraph 0.10.2 can hang */
#define RN_COMMUNITY_LEIDEN_BETA 0.01

struct rn_communities {
	enum rn_community_method method;
	igraph_integer_t count;       /* communities, those of a single contact included */
	igraph_integer_t *of;         /* per contact: its community, 1..count (malloc'd) */
	igraph_integer_t *size;       /* size[c] for c in 1..count; size[0] is 0 (malloc'd) */
	double resolution;            /* as passed to the algorithm (1 without ties) */
	double modularity;            /* igraph_modularity, resolution 1; NAN without ties */
};

/*
 * Find the communities of net with method, igraph's RNG seeded with seed.
 * net must have its graph (rn_load_options.graph) when it has ties.  On
 * success the caller owns *c and releases it with rn_communities_release()
 * (its arrays are plain malloc'd memory: a caller may take them over and
 * free() them).  Returns RN_OK or RN_E_INTERNAL (out of memory, an igraph
 * failure, no graph) with a message in err when err is not NULL; *c is then
 * released.
 *
 * Uses igraph: not concurrently with any other igraph call.  Time: the
 * detection (about linear in ties per iteration) + O(N) string comparisons
 * + O(k log k) for the numbering; memory O(N) beyond igraph's.
 */
enum rn_status rn_communities_find(const struct rn_network *net, enum rn_community_method method,
                                   unsigned long long seed, struct rn_communities *c,
                                   char *err, size_t errlen) RN_WARN_UNUSED;

/* Release everything in *c.  Accepts a zeroed or released struct. */
void rn_communities_release(struct rn_communities *c);

/* "leiden" or "louvain". */
const char *rn_community_method_name(enum rn_community_method m);

#endif

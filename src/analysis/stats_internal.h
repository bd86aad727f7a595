/*
 * Internal to the stats module (src/analysis/stats*.c): the compact
 * adjacency the measures walk.  Built from the network's tie arrays, not from
 * net->graph, so that these loops never call igraph and can run while
 * another thread uses igraph.
 */
#ifndef REFNET_STATS_INTERNAL_H
#define REFNET_STATS_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "refnet/stats.h"

/*
 * Undirected adjacency over local vertex numbers: the arcs of x are
 * off[x]..off[x+1]-1.  Contacts are renumbered so that contacts tied to each
 * other get nearby numbers (see rn_sadj_build); to_old and to_new map between
 * local numbers and contact ids.  Results are always indexed by contact id.
 */
struct rn_sadj {
	uint32_t n;
	size_t *off;        /* n + 1 */
	uint32_t *nbr;      /* the other end of each arc (local number) */
	uint32_t *eid;      /* the tie of each arc */
	uint32_t *to_old;   /* local number -> contact id */
	uint32_t *to_new;   /* contact id -> local number */
};

/* Build adj from net's ties.  RN_OK or RN_E_INTERNAL (memory, or too big). */
enum rn_status rn_sadj_build(const struct rn_network *net, struct rn_sadj *adj);
void rn_sadj_release(struct rn_sadj *adj);

/* The measures on a built adjacency; see stats.h for their definitions. */
enum rn_status rn_sadj_betweenness(const struct rn_network *net, const struct rn_sadj *adj,
                                  const igraph_integer_t *sources, igraph_integer_t nsources,
                                  igraph_integer_t pool, double *res,
                                  rn_stats_progress_fn progress, void *progress_ctx);
enum rn_status rn_sadj_constraint(const struct rn_network *net, const struct rn_sadj *adj,
                                 double *res);

/*
 * Triangles: the total, per contact the triangles it is in (tri: n values,
 * or NULL), and Burt's constraint from the same pass (n values, or NULL).
 */
enum rn_status rn_sadj_triangles(const struct rn_network *net, const struct rn_sadj *adj,
                                 uint64_t *tri, uint64_t *total, double *constraint);

#endif

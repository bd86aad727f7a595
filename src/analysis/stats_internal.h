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

/* Undirected adjacency: the arcs of contact v are off[v]..off[v+1]-1, in tie order. */
struct rn_sadj {
	uint32_t n;
	size_t *off;        /* n + 1 */
	uint32_t *nbr;      /* the other end of each arc */
	uint32_t *eid;      /* the tie of each arc */
};

/* Build adj from net's ties.  RN_OK or RN_E_INTERNAL (memory, or too big). */
enum rn_status rn_sadj_build(const struct rn_network *net, struct rn_sadj *adj);
void rn_sadj_release(struct rn_sadj *adj);

/* The measures on a built adjacency; see stats.h for their definitions. */
enum rn_status rn_sadj_betweenness(const struct rn_network *net, const struct rn_sadj *adj,
                                   const igraph_integer_t *sources, igraph_integer_t nsources,
                                   igraph_integer_t pool, double *res);

/*
 * Betweenness in pieces, for sharing among threads: rn_bc_init prepares up
 * to 8 fixed batches of sources; any number of threads call rn_bc_work,
 * which claims whole batches until none is left (each thread uses its own
 * O(N) workspace; only the claiming is shared); once every caller has
 * returned, rn_bc_finish adds the batches up in order into res (per contact
 * id).  The result does not depend on how the batches were shared.
 * progress, when not NULL, is called by the thread that passed it.
 */
struct rn_bc;
enum rn_status rn_bc_init(struct rn_bc **bc, const struct rn_network *net,
                          const struct rn_sadj *adj, const igraph_integer_t *sources,
                          igraph_integer_t nsources, igraph_integer_t pool);
enum rn_status rn_bc_work(struct rn_bc *bc, rn_stats_progress_fn progress, void *progress_ctx);
enum rn_status rn_bc_finish(struct rn_bc *bc, double *res);
void rn_bc_free(struct rn_bc *bc);

enum rn_status rn_sadj_constraint(const struct rn_network *net, const struct rn_sadj *adj,
                                 double *res);

/*
 * Triangles: the total, per contact the triangles it is in (tri: n values,
 * or NULL), and Burt's constraint from the same pass (n values, or NULL).
 */
enum rn_status rn_sadj_triangles(const struct rn_network *net, const struct rn_sadj *adj,
                                 uint64_t *tri, uint64_t *total, double *constraint);

#endif

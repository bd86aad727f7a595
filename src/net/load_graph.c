/*
 * The structures the algorithms walk, built from the pair index on
 * request: the igraph graph (one undirected edge per tie) and refnet's own
 * adjacency lists for the route searches.
 */
#include "load_internal.h"
#include "refnet/bigmem.h"
#include "refnet/parallel.h"

enum rn_status rn_network_build_graph(struct rn_network *net)
{
	igraph_vector_int_t edges;
	igraph_integer_t m = net->nties;

	if (net->has_graph)
		return RN_OK;
	if (igraph_vector_int_init(&edges, 2 * m) != IGRAPH_SUCCESS)
		return RN_E_INTERNAL;
	for (igraph_integer_t i = 0; i < m; i++) {
		VECTOR(edges)[2 * i] = net->tie_a[i];
		VECTOR(edges)[2 * i + 1] = net->tie_b[i];
	}
	igraph_error_t err = igraph_create(&net->graph, &edges, net->ncontacts, IGRAPH_UNDIRECTED);
	igraph_vector_int_destroy(&edges);
	if (err != IGRAPH_SUCCESS)
		return RN_E_INTERNAL;
	net->has_graph = 1;
	return RN_OK;
}

/*
 * Adjacency lists from the pair index, one range of lower ends per thread.
 * Walking the index (ties by lower end, then higher end) and putting each
 * tie first in its higher end's list, then in its lower end's, keeps every
 * list sorted by neighbour.  Each range counts its ties per list (as higher
 * end: hi[], as lower end: lo[]); the places are laid out list by list,
 * higher-end entries of all ranges in order before lower-end ones, so the
 * lists come out the same for any number of ranges.
 */
struct adj_slice {
	struct rn_network *net;
	size_t from, to;   /* lower ends */
	size_t *hi, *lo;   /* per contact: counts, then this slice's next places */
};

static void *count_adjacency(void *vs)
{
	struct adj_slice *s = vs;
	const struct rn_network *net = s->net;
	for (size_t v = s->from; v < s->to; v++) {
		s->lo[v] += net->pair_start[v + 1] - net->pair_start[v];
		for (size_t i = net->pair_start[v]; i < net->pair_start[v + 1]; i++)
			s->hi[net->pair_hi[i]]++;
	}
	return NULL;
}

static void *fill_adjacency(void *vs)
{
	struct adj_slice *s = vs;
	struct rn_network *net = s->net;
	for (size_t v = s->from; v < s->to; v++) {
		for (size_t i = net->pair_start[v]; i < net->pair_start[v + 1]; i++) {
			uint32_t e = net->pair_order[i], hi = net->pair_hi[i];
			net->adj[s->hi[hi]++] = (struct rn_adj) { (uint32_t) v, e };
			net->adj[s->lo[v]++] = (struct rn_adj) { hi, e };
		}
	}
	return NULL;
}

enum rn_status rn_load_adjacency(struct rn_network *net)
{
	size_t n = (size_t) net->ncontacts, m = (size_t) net->nties;
	int nslices = m >= ((size_t) 1 << 16) ? rn_threads() : 1;
	struct adj_slice slice[RN_THREADS_MAX];
	struct rn_task task[RN_THREADS_MAX];
	size_t cut[RN_THREADS_MAX + 1];
	size_t *count = rn_big_alloc(2 * (size_t) nslices * (n + 1) * sizeof(*count));
	net->adj_start = rn_big_alloc((n + 2) * sizeof(*net->adj_start));
	net->adj = rn_big_alloc((2 * m + 1) * sizeof(*net->adj));
	if (!count || !net->adj_start || !net->adj) {
		rn_big_free(count);
		return RN_E_INTERNAL;
	}
	rn_load_split_by_entries(net->pair_start, n, nslices, cut);
	for (int t = 0; t < nslices; t++) {
		size_t *c = count + 2 * (size_t) t * (n + 1);
		slice[t] = (struct adj_slice) { net, cut[t], cut[t + 1], c, c + n + 1 };
		task[t] = (struct rn_task) { count_adjacency, &slice[t] };
	}
	rn_run_tasks(task, nslices);
	size_t at = 0;
	for (size_t v = 0; v < n; v++) {
		net->adj_start[v] = at;
		for (int t = 0; t < nslices; t++) {
			size_t c = slice[t].hi[v];
			slice[t].hi[v] = at;
			at += c;
		}
		for (int t = 0; t < nslices; t++) {
			size_t c = slice[t].lo[v];
			slice[t].lo[v] = at;
			at += c;
		}
	}
	net->adj_start[n] = net->adj_start[n + 1] = at;
	for (int t = 0; t < nslices; t++)
		task[t].fn = fill_adjacency;
	rn_run_tasks(task, nslices);
	rn_big_free(count);
	return RN_OK;
}

/*
 * Which contacts a diagram shows: the whole network, one community, the ego
 * network of a focus contact, the best-connected contacts, and everyone on
 * the highlighted paths.  Also the per-contact numbers the drawing styles by
 * (ties, strength, community).  No Graphviz here, and no printing.
 *
 * Communities are those of refnet stats, found by the caller
 * (rn_communities_find(): Leiden on the whole network, seeded with --seed,
 * numbered by size and then by smallest member id) and only read here, so
 * that `render --community K` draws the community K that `refnet stats`
 * lists for the same network and --seed.
 */
#include "refnet/render.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void rn_render_options_default(struct rn_render_options *o)
{
	memset(o, 0, sizeof(*o));
	o->format = RN_RENDER_SVG;
	o->layout = RN_LAYOUT_AUTO;
	o->color_by = RN_COLOR_STAGE;
	o->stale_after = RN_RENDER_STALE_AFTER;
	o->focus = -1;
	o->hops = 1;
	o->max_nodes = RN_RENDER_MAX_NODES;
}

void rn_render_view_release(struct rn_render_view *view)
{
	if (!view)
		return;
	free(view->vertex);
	free(view->index);
	free(view->degree);
	free(view->strength);
	memset(view, 0, sizeof(*view));
}

static void set_err(char *err, size_t n, const char *msg)
{
	if (err && n)
		snprintf(err, n, "%s", msg);
}

/* Ranking for --top: more ties first, then more strength, then lower id. */
struct top_key {
	igraph_integer_t degree, v;
	double strength;
};

static int cmp_top(const void *a, const void *b)
{
	const struct top_key *x = a, *y = b;
	if (x->degree != y->degree)
		return x->degree > y->degree ? -1 : 1;
	if (x->strength != y->strength)
		return x->strength > y->strength ? -1 : 1;
	return (x->v > y->v) - (x->v < y->v);
}

static int cmp_id(const void *a, const void *b)
{
	igraph_integer_t x = *(const igraph_integer_t *) a, y = *(const igraph_integer_t *) b;
	return (x > y) - (x < y);
}

enum rn_status rn_render_view_build(const struct rn_network *net,
                                    const struct rn_render_options *o,
                                    struct rn_render_view *view, char *err, size_t errlen)
{
	igraph_integer_t n = net->ncontacts;
	unsigned char *keep = NULL;
	igraph_integer_t *queue = NULL, *dist = NULL;
	enum rn_status st = RN_E_INTERNAL;

	memset(view, 0, sizeof(*view));
	if (!net->adj_start && n > 0) {
		set_err(err, errlen, "internal error: the view needs the adjacency lists");
		return RN_E_INTERNAL;
	}
	view->degree = malloc(((size_t) n + 1) * sizeof(*view->degree));
	view->strength = malloc(((size_t) n + 1) * sizeof(*view->strength));
	view->index = malloc(((size_t) n + 1) * sizeof(*view->index));
	view->vertex = malloc(((size_t) n + 1) * sizeof(*view->vertex));
	keep = malloc((size_t) n + 1);
	if (!view->degree || !view->strength || !view->index || !view->vertex || !keep)
		goto oom;
	for (igraph_integer_t v = 0; v < n; v++) {
		double s = 0;
		for (size_t i = net->adj_start[v]; i < net->adj_start[v + 1]; i++)
			s += net->strength[net->adj[i].tie];
		view->degree[v] = (igraph_integer_t) (net->adj_start[v + 1] - net->adj_start[v]);
		view->strength[v] = s;
		keep[v] = 1;
	}

	if (o->community > 0 || o->color_by == RN_COLOR_COMMUNITY) {
		const struct rn_communities *comm = o->communities;
		if (!comm || (!comm->of && n > 0)) {
			set_err(err, errlen, "internal error: the view needs the communities");
			goto fail;
		}
		view->community = comm->of;
		view->community_size = comm->size;
		view->ncommunities = comm->count;
		view->modularity = isnan(comm->modularity) ? 0 : comm->modularity;
	}
	if (o->community > 0) {
		if (o->community > view->ncommunities) {
			if (err && errlen)
				snprintf(err, errlen, "there is no community %lld: the network has %lld "
				         "(1 is the largest)", (long long) o->community,
				         (long long) view->ncommunities);
			st = RN_E_USAGE;
			goto fail;
		}
		for (igraph_integer_t v = 0; v < n; v++)
			keep[v] = view->community[v] == o->community;
	}

	if (o->focus >= 0) {
		/* Breadth-first search over the whole network, up to `hops` ties. */
		queue = malloc(((size_t) n + 1) * sizeof(*queue));
		dist = malloc(((size_t) n + 1) * sizeof(*dist));
		if (!queue || !dist)
			goto oom;
		for (igraph_integer_t v = 0; v < n; v++)
			dist[v] = -1;
		igraph_integer_t head = 0, tail = 0;
		dist[o->focus] = 0;
		queue[tail++] = o->focus;
		while (head < tail) {
			igraph_integer_t u = queue[head++];
			if (dist[u] >= o->hops)
				continue;
			for (size_t i = net->adj_start[u]; i < net->adj_start[u + 1]; i++) {
				igraph_integer_t w = net->adj[i].v;
				if (dist[w] < 0) {
					dist[w] = dist[u] + 1;
					queue[tail++] = w;
				}
			}
		}
		for (igraph_integer_t v = 0; v < n; v++)
			keep[v] = keep[v] && dist[v] >= 0;
		keep[o->focus] = 1;
	}

	igraph_integer_t m = 0;
	for (igraph_integer_t v = 0; v < n; v++)
		if (keep[v])
			view->vertex[m++] = v;
	if (o->top > 0 && m > o->top) {
		struct top_key *key = malloc((size_t) m * sizeof(*key));
		if (!key)
			goto oom;
		for (igraph_integer_t i = 0; i < m; i++) {
			igraph_integer_t v = view->vertex[i];
			key[i] = (struct top_key) { view->degree[v], v, view->strength[v] };
		}
		qsort(key, (size_t) m, sizeof(*key), cmp_top);
		for (igraph_integer_t i = 0; i < o->top; i++)
			view->vertex[i] = key[i].v;
		free(key);
		igraph_integer_t k = o->top;
		if (o->focus >= 0) {
			/* Keep the focus: it replaces the last of the top when not among them. */
			int found = 0;
			for (igraph_integer_t i = 0; i < k; i++)
				found |= view->vertex[i] == o->focus;
			if (!found)
				view->vertex[k - 1] = o->focus;
		}
		m = k;
		qsort(view->vertex, (size_t) m, sizeof(*view->vertex), cmp_id);
	}

	/* Highlighted paths: check them, then add their contacts. */
	memset(keep, 0, (size_t) n);
	for (igraph_integer_t i = 0; i < m; i++)
		keep[view->vertex[i]] = 1;
	for (size_t p = 0; p < o->nhighlight; p++) {
		const struct rn_render_path *path = &o->highlight[p];
		for (size_t i = 0; i < path->n; i++) {
			igraph_integer_t v = path->v[i];
			if (v < 0 || v >= n) {
				set_err(err, errlen, "a highlighted path names a contact that does not exist");
				st = RN_E_USAGE;
				goto fail;
			}
			if (i > 0 && rn_network_find_tie(net, path->v[i - 1], v) < 0) {
				if (err && errlen)
					snprintf(err, errlen, "highlighted path %zu: '%s' and '%s' have no tie",
					         p + 1, net->id[path->v[i - 1]], net->id[v]);
				st = RN_E_USAGE;
				goto fail;
			}
			if (!keep[v]) {
				keep[v] = 1;
				view->vertex[m++] = v;
			}
		}
	}
	qsort(view->vertex, (size_t) m, sizeof(*view->vertex), cmp_id);
	view->n = m;
	for (igraph_integer_t v = 0; v < n; v++)
		view->index[v] = -1;
	for (igraph_integer_t i = 0; i < m; i++)
		view->index[view->vertex[i]] = i;
	free(keep);
	free(queue);
	free(dist);
	return RN_OK;

oom:
	set_err(err, errlen, "out of memory");
	st = RN_E_INTERNAL;
fail:
	free(keep);
	free(queue);
	free(dist);
	rn_render_view_release(view);
	return st;
}

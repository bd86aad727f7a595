/*
 * The heavy loops of `refnet stats`: betweenness (Brandes' algorithm with
 * Dijkstra on -ln(strength) costs), Burt's constraint, and triangle counts.
 *
 * They give the same values as igraph_betweenness(_subset),
 * igraph_constraint and igraph_transitivity_undirected (the unit tests hold
 * them to it), but run on a compact adjacency of 32-bit ids and never call
 * igraph, for two reasons measured on 100k contacts / 1M ties: igraph 0.10.2
 * took 0.2 s per betweenness source and 2.3 s for constraint, several times
 * these loops; and code that does not touch igraph can run on the calling
 * thread while the community detection runs in igraph on another (the
 * Debian igraph is built without thread safety).
 *
 * Distances are compared with a relative tolerance of 1e-10, as igraph
 * does, so that paths whose costs differ only by rounding count as equally
 * short.  Nothing here prints, and memory is O(N + M).
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats_internal.h"

#define EPS 1e-10

#define LPA_SWEEPS 3

/*
 * A locality order: contacts in the same densely tied group get nearby
 * numbers.  The generated 1M-contact network (and any spreadsheet) lists
 * people in an order unrelated to who knows whom, so every arc of a
 * shortest-path search jumped to a random place in memory: 2 s per
 * betweenness source at 1M contacts / 10M ties.  A few sweeps of label
 * propagation (each contact takes the label most common among its
 * contacts; ties go to the current label, then to the smallest) group
 * them, and a counting sort by label gives the order.  Deterministic, O(M)
 * per sweep; the measures do not depend on the numbering.
 */
static enum rn_status locality_order(const size_t *off, const uint32_t *nbr, uint32_t n,
                                     uint32_t *to_old, uint32_t *to_new)
{
	uint32_t *label = malloc(((size_t) n + 1) * sizeof(*label));
	uint32_t *cnt = malloc(((size_t) n + 1) * sizeof(*cnt));
	uint32_t *stamp = malloc(((size_t) n + 1) * sizeof(*stamp));
	if (!label || !cnt || !stamp) {
		free(label);
		free(cnt);
		free(stamp);
		return RN_E_INTERNAL;
	}
	for (uint32_t v = 0; v < n; v++)
		label[v] = v;
	for (int sweep = 0; sweep < LPA_SWEEPS; sweep++) {
		for (uint32_t v = 0; v < n; v++)
			stamp[v] = UINT32_MAX;
		for (uint32_t v = 0; v < n; v++) {
			uint32_t max = 0, best = label[v];
			for (size_t a = off[v]; a < off[v + 1]; a++) {
				uint32_t l = label[nbr[a]];
				if (stamp[l] != v) {
					stamp[l] = v;
					cnt[l] = 0;
				}
				if (++cnt[l] > max)
					max = cnt[l];
			}
			if (max == 0 || (stamp[best] == v && cnt[best] == max))
				continue;
			best = UINT32_MAX;
			for (size_t a = off[v]; a < off[v + 1]; a++) {
				uint32_t l = label[nbr[a]];
				if (cnt[l] == max && l < best)
					best = l;
			}
			label[v] = best;
		}
	}
	/* Counting sort by label (then by contact id). */
	memset(cnt, 0, ((size_t) n + 1) * sizeof(*cnt));
	for (uint32_t v = 0; v < n; v++)
		cnt[label[v]]++;
	uint32_t at = 0;
	for (uint32_t l = 0; l < n; l++) {
		uint32_t c = cnt[l];
		cnt[l] = at;
		at += c;
	}
	for (uint32_t v = 0; v < n; v++) {
		uint32_t x = cnt[label[v]]++;
		to_old[x] = v;
		to_new[v] = x;
	}
	free(label);
	free(cnt);
	free(stamp);
	return RN_OK;
}

/* Fill off/nbr/eid from the ties, numbering contacts through map (or as they are). */
static enum rn_status fill_csr(const struct rn_network *net, uint32_t n, const uint32_t *map,
                               size_t *off, uint32_t *nbr, uint32_t *eid)
{
	size_t m = (size_t) net->nties;
	size_t *fill = malloc(((size_t) n + 1) * sizeof(*fill));
	if (!fill)
		return RN_E_INTERNAL;
	memset(off, 0, ((size_t) n + 1) * sizeof(*off));
	for (size_t e = 0; e < m; e++) {
		uint32_t a = (uint32_t) net->tie_a[e], b = (uint32_t) net->tie_b[e];
		off[(map ? map[a] : a) + 1]++;
		off[(map ? map[b] : b) + 1]++;
	}
	for (uint32_t v = 0; v < n; v++)
		off[v + 1] += off[v];
	memcpy(fill, off, (size_t) n * sizeof(*fill));
	for (size_t e = 0; e < m; e++) {
		uint32_t a = (uint32_t) net->tie_a[e], b = (uint32_t) net->tie_b[e];
		if (map) {
			a = map[a];
			b = map[b];
		}
		nbr[fill[a]] = b;
		if (eid)
			eid[fill[a]] = (uint32_t) e;
		fill[a]++;
		nbr[fill[b]] = a;
		if (eid)
			eid[fill[b]] = (uint32_t) e;
		fill[b]++;
	}
	free(fill);
	return RN_OK;
}

enum rn_status rn_sadj_build(const struct rn_network *net, struct rn_sadj *adj)
{
	memset(adj, 0, sizeof(*adj));
	if (net->ncontacts >= (igraph_integer_t) UINT32_MAX ||
	    net->nties >= (igraph_integer_t) UINT32_MAX / 2)
		return RN_E_INTERNAL;
	uint32_t n = (uint32_t) net->ncontacts;
	size_t m = (size_t) net->nties;
	enum rn_status st = RN_E_INTERNAL;

	adj->n = n;
	adj->off = malloc(((size_t) n + 1) * sizeof(*adj->off));
	adj->to_old = malloc(((size_t) n + 1) * sizeof(*adj->to_old));
	adj->to_new = malloc(((size_t) n + 1) * sizeof(*adj->to_new));
	if (!adj->off || !adj->to_old || !adj->to_new)
		goto fail;

	/* The order, from a plain adjacency (freed before the real one). */
	adj->nbr = malloc((2 * m + 1) * sizeof(*adj->nbr));
	if (!adj->nbr || fill_csr(net, n, NULL, adj->off, adj->nbr, NULL) != RN_OK ||
	    locality_order(adj->off, adj->nbr, n, adj->to_old, adj->to_new) != RN_OK)
		goto fail;

	adj->eid = malloc((2 * m + 1) * sizeof(*adj->eid));
	if (!adj->eid || fill_csr(net, n, adj->to_new, adj->off, adj->nbr, adj->eid) != RN_OK)
		goto fail;
	return RN_OK;
fail:
	rn_sadj_release(adj);
	return st;
}

void rn_sadj_release(struct rn_sadj *adj)
{
	if (!adj)
		return;
	free(adj->off);
	free(adj->nbr);
	free(adj->eid);
	free(adj->to_old);
	free(adj->to_new);
	memset(adj, 0, sizeof(*adj));
}

/* -1, 0, 1 as a < b, a ~ b, a > b with a relative tolerance (igraph's rule). */
static int cmp_eps(double a, double b)
{
	if (a == b)
		return 0;
	double diff = a - b, sum = fabs(a) + fabs(b);
	double tol = a == 0 || b == 0 || sum < DBL_MIN ? EPS * DBL_MIN : EPS * sum;
	if (!isfinite(sum))
		tol = EPS * fabs(a);
	if (fabs(diff) < tol)
		return 0;
	return diff < 0 ? -1 : 1;
}

/*
 * Per-vertex state of one single-source pass, packed so that relaxing an
 * arc touches one cache line: the passes are bound by these accesses, not
 * by arithmetic.
 */
struct vstate {
	double dist;          /* INFINITY: not reached */
	double sigma;         /* number of shortest paths from the source */
	double delta;         /* dependency of the source on this vertex */
	uint32_t settled;
	uint32_t pred;        /* first predecessor record, or NO_PRED */
};

#define NO_PRED UINT32_MAX

/* Predecessor records: a list per vertex, reset for every source. */
struct preds {
	uint32_t *v, *next;
	size_t n, cap;
};

static int pred_add(struct preds *p, struct vstate *sw, uint32_t v, int reset)
{
	if (p->n == p->cap) {
		size_t cap = p->cap * 2;
		uint32_t *a = realloc(p->v, cap * sizeof(*a));
		if (!a)
			return -1;
		p->v = a;
		a = realloc(p->next, cap * sizeof(*a));
		if (!a)
			return -1;
		p->next = a;
		p->cap = cap;
	}
	p->v[p->n] = v;
	p->next[p->n] = reset ? NO_PRED : sw->pred;
	sw->pred = (uint32_t) p->n++;
	return 0;
}

/*
 * A binary min-heap of (distance, vertex) entries without decrease-key: a
 * vertex whose distance improves is pushed again and its stale entries are
 * skipped when popped.  Sifting then reads only the heap's own array, where
 * an indexed heap read the state of every vertex it compared.
 */
struct hent {
	double d;
	uint32_t v;
};

struct heap {
	struct hent *e;
	size_t n, cap;
};

static int heap_push(struct heap *h, double d, uint32_t v)
{
	if (h->n == h->cap) {
		size_t cap = h->cap * 2;
		struct hent *e = realloc(h->e, cap * sizeof(*e));
		if (!e)
			return -1;
		h->e = e;
		h->cap = cap;
	}
	size_t i = h->n++;
	while (i > 0) {
		size_t p = (i - 1) / 2;
		if (h->e[p].d <= d)
			break;
		h->e[i] = h->e[p];
		i = p;
	}
	h->e[i] = (struct hent) { d, v };
	return 0;
}

static struct hent heap_pop(struct heap *h)
{
	struct hent top = h->e[0], last = h->e[--h->n];
	size_t i = 0, n = h->n;
	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= n)
			break;
		if (c + 1 < n && h->e[c + 1].d < h->e[c].d)
			c++;
		if (last.d <= h->e[c].d)
			break;
		h->e[i] = h->e[c];
		i = c;
	}
	if (n)
		h->e[i] = last;
	return top;
}

/* ---- betweenness ---- */

enum rn_status rn_sadj_betweenness(const struct rn_network *net, const struct rn_sadj *adj,
                                  const igraph_integer_t *sources, igraph_integer_t nsources,
                                  igraph_integer_t pool, double *res,
                                  rn_stats_progress_fn progress, void *progress_ctx)
{
	uint32_t n = adj->n;
	size_t arcs = adj->off[n];
	enum rn_status st = RN_E_INTERNAL;
	double *cost = malloc((arcs + 1) * sizeof(*cost));
	struct vstate *s = malloc(((size_t) n + 1) * sizeof(*s));
	uint32_t *order = malloc(((size_t) n + 1) * sizeof(*order));
	struct preds pr = { NULL, NULL, 0, (size_t) n + 16 };
	struct heap h = { NULL, 0, (size_t) n + 16 };

	pr.v = malloc(pr.cap * sizeof(*pr.v));
	pr.next = malloc(pr.cap * sizeof(*pr.next));
	h.e = malloc(h.cap * sizeof(*h.e));
	memset(res, 0, (size_t) n * sizeof(*res));
	if (!cost || !s || !order || !h.e || !pr.v || !pr.next)
		goto cleanup;
	/* A strength of 1 costs 0, which Dijkstra-based betweenness cannot use
	 * (igraph rejects it): every hop also costs RN_STATS_COST_SHIFT, so of two
	 * equally trusted chains the one with fewer hops is shorter. */
	for (size_t a = 0; a < arcs; a++)
		cost[a] = -log(net->strength[adj->eid[a]]) + RN_STATS_COST_SHIFT;
	for (uint32_t v = 0; v < n; v++)
		s[v] = (struct vstate) { INFINITY, 0, 0, 0, NO_PRED };

	igraph_integer_t total = sources ? nsources : (igraph_integer_t) n;
	for (igraph_integer_t k = 0; k < total; k++) {
		uint32_t src = sources ? adj->to_new[sources[k]] : (uint32_t) k;
		if (progress && (k & 15) == 0)
			progress(progress_ctx, "betweenness", (unsigned long long) k,
			         (unsigned long long) total);
		if (adj->off[src] == adj->off[src + 1])
			continue;     /* no ties: no paths through anyone */

		/* Dijkstra from src, counting shortest paths (sigma) and keeping
		 * each vertex's predecessors on them. */
		uint32_t settled = 0;
		pr.n = 0;
		h.n = 0;
		s[src].dist = 0;
		s[src].sigma = 1;
		if (heap_push(&h, 0, src) < 0)
			goto cleanup;
		while (h.n) {
			struct hent top = heap_pop(&h);
			uint32_t u = top.v;
			if (s[u].settled || top.d != s[u].dist)
				continue;     /* a stale entry */
			s[u].settled = 1;
			order[settled++] = u;
			double du = s[u].dist, su = s[u].sigma;
			for (size_t a = adj->off[u]; a < adj->off[u + 1]; a++) {
				struct vstate *sv = &s[adj->nbr[a]];
				if (sv->settled)
					continue;
				double alt = du + cost[a];
				int c = sv->dist == INFINITY ? -1 : cmp_eps(alt, sv->dist);
				if (c < 0) {
					sv->dist = alt;
					sv->sigma = su;
					if (pred_add(&pr, sv, u, 1) < 0 ||
					    heap_push(&h, alt, adj->nbr[a]) < 0)
						goto cleanup;
				} else if (c == 0) {
					sv->sigma += su;
					if (pred_add(&pr, sv, u, 0) < 0)
						goto cleanup;
				}
			}
		}

		/* Dependencies, farthest first (Brandes). */
		for (uint32_t i = settled; i-- > 0;) {
			uint32_t w = order[i];
			double coef = (1.0 + s[w].delta) / s[w].sigma;
			for (uint32_t p = s[w].pred; p != NO_PRED; p = pr.next[p]) {
				struct vstate *sv = &s[pr.v[p]];
				sv->delta += sv->sigma * coef;
			}
			if (w != src)
				res[adj->to_old[w]] += s[w].delta;
		}
		for (uint32_t i = 0; i < settled; i++)
			s[order[i]] = (struct vstate) { INFINITY, 0, 0, 0, NO_PRED };
	}
	if (progress)
		progress(progress_ctx, "betweenness", (unsigned long long) total,
		         (unsigned long long) total);

	/* Each unordered pair was counted from both ends (exact), or from the
	 * sampled ends scaled up to the whole pool. */
	double scale = 0.5;
	if (sources && nsources > 0)
		scale *= (double) pool / (double) nsources;
	for (uint32_t v = 0; v < n; v++)
		res[v] *= scale;
	st = RN_OK;
cleanup:
	free(cost);
	free(s);
	free(order);
	free(h.e);
	free(pr.v);
	free(pr.next);
	return st;
}

/* ---- triangles and Burt's constraint ---- */

/*
 * One pass over the triangles serves both measures.  In Burt's constraint
 * C_i = sum over contacts j of (p_ij + sum over q of p_iq p_qj)^2 the
 * indirect term needs q tied to both i and j, so i, q, j form a triangle:
 * each triangle adds one indirect share to each of its six (i, j) arcs, and
 * the cost is that of counting triangles instead of O(sum of squared
 * degrees).  Shares are kept per arc: ind[2e] for tie e seen from tie_a[e],
 * ind[2e + 1] from tie_b[e].
 */
struct mark {
	uint32_t u;      /* the vertex whose out-arcs are marked */
	uint32_t e;      /* the tie from u */
};

static enum rn_status triangle_pass(const struct rn_network *net, const struct rn_sadj *adj,
                                    uint64_t *tri, uint64_t *total, double *constraint)
{
	uint32_t n = adj->n;
	size_t m = adj->off[n] / 2;
	enum rn_status st = RN_E_INTERNAL;
	size_t *off = calloc((size_t) n + 1, sizeof(*off));
	uint32_t *out = malloc((m + 1) * sizeof(*out));
	uint32_t *oe = malloc((m + 1) * sizeof(*oe));
	struct mark *mark = malloc(((size_t) n + 1) * sizeof(*mark));
	double *str = constraint ? calloc((size_t) n + 1, sizeof(*str)) : NULL;
	double *ind = constraint ? calloc(2 * m + 1, sizeof(*ind)) : NULL;
	const double *w = net->strength;

	if (!off || !out || !oe || !mark || (constraint && (!str || !ind)))
		goto cleanup;
	/* Orient every tie from the lower to the higher (degree, id) end: each
	 * triangle is then found once, from its lowest end, and no vertex has
	 * more than O(sqrt(M)) out-arcs. */
#define DEG(v) (adj->off[(v) + 1] - adj->off[v])
#define BEFORE(u, v) (DEG(u) < DEG(v) || (DEG(u) == DEG(v) && (u) < (v)))
	for (uint32_t u = 0; u < n; u++)
		for (size_t a = adj->off[u]; a < adj->off[u + 1]; a++)
			if (BEFORE(u, adj->nbr[a]))
				off[u + 1]++;
	for (uint32_t u = 0; u < n; u++)
		off[u + 1] += off[u];
	for (uint32_t u = 0; u < n; u++) {
		size_t k = off[u];
		for (size_t a = adj->off[u]; a < adj->off[u + 1]; a++) {
			if (constraint)
				str[u] += w[adj->eid[a]];
			if (BEFORE(u, adj->nbr[a])) {
				out[k] = adj->nbr[a];
				oe[k++] = adj->eid[a];
			}
		}
		mark[u].u = UINT32_MAX;
	}
#undef BEFORE
#undef DEG
#define SIDE(e, x) (2 * (size_t) (e) + ((igraph_integer_t) adj->to_old[x] == net->tie_b[e]))
	if (tri)
		memset(tri, 0, (size_t) n * sizeof(*tri));
	uint64_t t = 0;
	for (uint32_t u = 0; u < n; u++) {
		for (size_t a = off[u]; a < off[u + 1]; a++)
			mark[out[a]] = (struct mark) { u, oe[a] };
		for (size_t a = off[u]; a < off[u + 1]; a++) {
			uint32_t v = out[a], euv = oe[a];
			for (size_t b = off[v]; b < off[v + 1]; b++) {
				uint32_t x = out[b];
				if (mark[x].u != u)
					continue;
				uint32_t evx = oe[b], eux = mark[x].e;
				t++;
				if (tri) {
					tri[adj->to_old[u]]++;
					tri[adj->to_old[v]]++;
					tri[adj->to_old[x]]++;
				}
				if (!constraint)
					continue;
				double puv = w[euv] / str[u], pux = w[eux] / str[u];
				double pvu = w[euv] / str[v], pvx = w[evx] / str[v];
				double pxu = w[eux] / str[x], pxv = w[evx] / str[x];
				ind[SIDE(euv, u)] += pux * pxv;   /* u to v through x */
				ind[SIDE(eux, u)] += puv * pvx;   /* u to x through v */
				ind[SIDE(euv, v)] += pvx * pxu;   /* v to u through x */
				ind[SIDE(evx, v)] += pvu * pux;   /* v to x through u */
				ind[SIDE(eux, x)] += pxv * pvu;   /* x to u through v */
				ind[SIDE(evx, x)] += pxu * puv;   /* x to v through u */
			}
		}
	}
	*total = t;
	for (uint32_t i = 0; constraint && i < n; i++) {
		if (adj->off[i] == adj->off[i + 1]) {
			constraint[adj->to_old[i]] = NAN;   /* undefined without ties, as in igraph */
			continue;
		}
		double c = 0;
		for (size_t a = adj->off[i]; a < adj->off[i + 1]; a++) {
			uint32_t e = adj->eid[a];
			double p = w[e] / str[i] + ind[SIDE(e, i)];
			c += p * p;
		}
		constraint[adj->to_old[i]] = c;
	}
#undef SIDE
	st = RN_OK;
cleanup:
	free(off);
	free(out);
	free(oe);
	free(mark);
	free(str);
	free(ind);
	return st;
}

enum rn_status rn_sadj_constraint(const struct rn_network *net, const struct rn_sadj *adj,
                                  double *res)
{
	uint64_t total;
	return triangle_pass(net, adj, NULL, &total, res);
}

enum rn_status rn_sadj_triangles(const struct rn_network *net, const struct rn_sadj *adj,
                                 uint64_t *tri, uint64_t *total, double *constraint)
{
	return triangle_pass(net, adj, tri, total, constraint);
}

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
#include <stdatomic.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats_internal.h"

#define EPS 1e-10
#define PREFETCH 8
#if defined(__GNUC__)
#define PREFETCH_STATE(p) __builtin_prefetch((p), 1, 1)
#else
#define PREFETCH_STATE(p) ((void) (p))
#endif

/* Fill off/nbr/eid from the ties: the arcs of each contact in tie order. */
static enum rn_status fill_csr(const struct rn_network *net, uint32_t n, size_t *off,
                               uint32_t *nbr, uint32_t *eid)
{
	size_t m = (size_t) net->nties;
	size_t *fill = malloc(((size_t) n + 1) * sizeof(*fill));
	if (!fill)
		return RN_E_INTERNAL;
	memset(off, 0, ((size_t) n + 1) * sizeof(*off));
	for (size_t e = 0; e < m; e++) {
		off[net->tie_a[e] + 1]++;
		off[net->tie_b[e] + 1]++;
	}
	for (uint32_t v = 0; v < n; v++)
		off[v + 1] += off[v];
	memcpy(fill, off, (size_t) n * sizeof(*fill));
	for (size_t e = 0; e < m; e++) {
		uint32_t a = (uint32_t) net->tie_a[e], b = (uint32_t) net->tie_b[e];
		nbr[fill[a]] = b;
		eid[fill[a]++] = (uint32_t) e;
		nbr[fill[b]] = a;
		eid[fill[b]++] = (uint32_t) e;
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

	adj->n = n;
	adj->off = malloc(((size_t) n + 1) * sizeof(*adj->off));
	adj->nbr = malloc((2 * m + 1) * sizeof(*adj->nbr));
	adj->eid = malloc((2 * m + 1) * sizeof(*adj->eid));
	if (!adj->off || !adj->nbr || !adj->eid ||
	    fill_csr(net, n, adj->off, adj->nbr, adj->eid) != RN_OK) {
		rn_sadj_release(adj);
		return RN_E_INTERNAL;
	}
	return RN_OK;
}

void rn_sadj_release(struct rn_sadj *adj)
{
	if (!adj)
		return;
	free(adj->off);
	free(adj->nbr);
	free(adj->eid);
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
 * by arithmetic.  (A heap without decrease-key, tried too, was slower: on
 * these weighted graphs distances improve often, and every improvement
 * became a push.)
 */
struct vstate {
	double dist;          /* INFINITY: not reached */
	double sigma;         /* number of shortest paths from the source */
	double delta;         /* dependency of the source on this vertex */
	uint32_t pos;         /* index in the heap, or NOT_IN_HEAP */
	uint32_t pred;        /* first predecessor record, or NO_PRED */
};

#define NOT_IN_HEAP UINT32_MAX
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
 * An indexed 4-ary min-heap with the keys inline: sifting reads the heap's
 * own array (the four children of a node share a cache line) and writes
 * only the moved vertices' positions, instead of reading the state of every
 * vertex it compares.
 */
struct hent {
	double d;
	uint32_t v;
};

struct heap {
	struct hent *e;
	uint32_t n;
	struct vstate *s;
};

static void heap_up(struct heap *h, uint32_t i, double d, uint32_t v)
{
	while (i > 0) {
		uint32_t p = (i - 1) / 4;
		if (h->e[p].d <= d)
			break;
		h->e[i] = h->e[p];
		h->s[h->e[i].v].pos = i;
		i = p;
	}
	h->e[i] = (struct hent) { d, v };
	h->s[v].pos = i;
}

static void heap_push(struct heap *h, double d, uint32_t v)
{
	heap_up(h, h->n++, d, v);
}

static uint32_t heap_pop(struct heap *h)
{
	uint32_t top = h->e[0].v;
	h->s[top].pos = NOT_IN_HEAP;
	if (--h->n == 0)
		return top;
	struct hent last = h->e[h->n];
	uint32_t i = 0, n = h->n;
	for (;;) {
		uint32_t c = 4 * i + 1;
		if (c >= n)
			break;
		uint32_t best = c, end = c + 4 < n ? c + 4 : n;
		for (uint32_t k = c + 1; k < end; k++)
			if (h->e[k].d < h->e[best].d)
				best = k;
		if (last.d <= h->e[best].d)
			break;
		h->e[i] = h->e[best];
		h->s[h->e[i].v].pos = i;
		i = best;
	}
	h->e[i] = last;
	h->s[last.v].pos = i;
	return top;
}

/* ---- betweenness ---- */

struct rn_bc {
	const struct rn_sadj *adj;
	const igraph_integer_t *sources;   /* contact ids, or NULL: every contact */
	igraph_integer_t total;            /* sources to run */
	igraph_integer_t pool;
	double scale;
	double *cost;                      /* per arc */
	unsigned nbatches;
	double **acc;                      /* per batch, per local vertex */
	atomic_uint next;                  /* the next batch to claim */
	atomic_ullong done;                /* sources finished, for progress */
	atomic_int failed;
};

#define MAX_BATCHES 8

enum rn_status rn_bc_init(struct rn_bc **out, const struct rn_network *net,
                          const struct rn_sadj *adj, const igraph_integer_t *sources,
                          igraph_integer_t nsources, igraph_integer_t pool)
{
	struct rn_bc *bc = calloc(1, sizeof(*bc));
	*out = NULL;
	if (!bc)
		return RN_E_INTERNAL;
	size_t arcs = adj->off[adj->n];
	bc->adj = adj;
	bc->sources = sources;
	bc->total = sources ? nsources : (igraph_integer_t) adj->n;
	bc->pool = pool;
	/* Each unordered pair is counted from both ends (exact), or from the
	 * sampled ends scaled up to the whole pool. */
	bc->scale = 0.5;
	if (sources && nsources > 0)
		bc->scale *= (double) pool / (double) nsources;
	bc->nbatches = bc->total < MAX_BATCHES ? (unsigned) bc->total : MAX_BATCHES;
	atomic_init(&bc->next, 0);
	atomic_init(&bc->done, 0);
	atomic_init(&bc->failed, 0);
	bc->cost = malloc((arcs + 1) * sizeof(*bc->cost));
	bc->acc = calloc((size_t) bc->nbatches + 1, sizeof(*bc->acc));
	double *tie_cost = malloc((arcs / 2 + 1) * sizeof(*tie_cost));
	int ok = bc->cost && bc->acc && tie_cost;
	for (unsigned b = 0; ok && b < bc->nbatches; b++)
		ok = (bc->acc[b] = calloc((size_t) adj->n + 1, sizeof(double))) != NULL;
	if (!ok) {
		free(tie_cost);
		rn_bc_free(bc);
		return RN_E_INTERNAL;
	}
	/* A strength of 1 costs 0, which Dijkstra-based betweenness cannot use
	 * (igraph rejects it): every hop also costs RN_STATS_COST_SHIFT, so of two
	 * equally trusted chains the one with fewer hops is shorter. */
	for (size_t e = 0; e < arcs / 2; e++)
		tie_cost[e] = -log(net->strength[e]) + RN_STATS_COST_SHIFT;
	for (size_t a = 0; a < arcs; a++)
		bc->cost[a] = tie_cost[adj->eid[a]];
	free(tie_cost);
	*out = bc;
	return RN_OK;
}

void rn_bc_free(struct rn_bc *bc)
{
	if (!bc)
		return;
	for (unsigned b = 0; bc->acc && b < bc->nbatches; b++)
		free(bc->acc[b]);
	free(bc->acc);
	free(bc->cost);
	free(bc);
}

/* Brandes from one source, adding its dependencies to acc. */
static int one_source(const struct rn_bc *bc, uint32_t src, struct vstate *s, struct heap *h,
                      struct preds *pr, uint32_t *order, double *acc)
{
	const struct rn_sadj *adj = bc->adj;
	const double *cost = bc->cost;
	if (adj->off[src] == adj->off[src + 1])
		return 0;     /* no ties: no paths through anyone */

	/* Dijkstra from src, counting shortest paths (sigma) and keeping each
	 * vertex's predecessors on them. */
	uint32_t settled = 0;
	pr->n = 0;
	s[src].dist = 0;
	s[src].sigma = 1;
	heap_push(h, 0, src);
	while (h->n) {
		uint32_t u = heap_pop(h);
		order[settled++] = u;   /* settled: finite dist, not in the heap */
		double du = s[u].dist, su = s[u].sigma;
		size_t end = adj->off[u + 1];
		/* Ask for the neighbours' states ahead of use: on a large network
		 * they are rarely in cache, and the loads then overlap (-10%). */
		for (size_t a = adj->off[u]; a < end && a < adj->off[u] + PREFETCH; a++)
			PREFETCH_STATE(&s[adj->nbr[a]]);
		for (size_t a = adj->off[u]; a < end; a++) {
			uint32_t v = adj->nbr[a];
			if (a + PREFETCH < end)
				PREFETCH_STATE(&s[adj->nbr[a + PREFETCH]]);
			struct vstate *sv = &s[v];
			double alt = du + cost[a];
			if (sv->dist == INFINITY) {
				sv->dist = alt;
				sv->sigma = su;
				if (pred_add(pr, sv, u, 1) < 0)
					return -1;
				heap_push(h, alt, v);
			} else if (sv->pos != NOT_IN_HEAP) {
				int c = cmp_eps(alt, sv->dist);
				if (c < 0) {
					sv->dist = alt;
					sv->sigma = su;
					if (pred_add(pr, sv, u, 1) < 0)
						return -1;
					heap_up(h, sv->pos, alt, v);
				} else if (c == 0) {
					sv->sigma += su;
					if (pred_add(pr, sv, u, 0) < 0)
						return -1;
				}
			}
		}
	}

	/* Dependencies, farthest first (Brandes). */
	for (uint32_t i = settled; i-- > 0;) {
		uint32_t w = order[i];
		double coef = (1.0 + s[w].delta) / s[w].sigma;
		for (uint32_t p = s[w].pred; p != NO_PRED; p = pr->next[p]) {
			struct vstate *sv = &s[pr->v[p]];
			sv->delta += sv->sigma * coef;
		}
		if (w != src)
			acc[w] += s[w].delta;
	}
	for (uint32_t i = 0; i < settled; i++)
		s[order[i]] = (struct vstate) { INFINITY, 0, 0, NOT_IN_HEAP, NO_PRED };
	return 0;
}

enum rn_status rn_bc_work(struct rn_bc *bc, rn_stats_progress_fn progress, void *progress_ctx)
{
	/* Batch b is sources [b * total / nbatches, (b + 1) * total / nbatches),
	 * always run in that order into acc[b]: the sums do not depend on which
	 * thread ran which batch. */
	unsigned b = atomic_fetch_add(&bc->next, 1);
	if (b >= bc->nbatches)
		return RN_OK;     /* nothing left: no workspace needed */

	uint32_t n = bc->adj->n;
	struct vstate *s = malloc(((size_t) n + 1) * sizeof(*s));
	uint32_t *order = malloc(((size_t) n + 1) * sizeof(*order));
	struct preds pr = { NULL, NULL, 0, (size_t) n + 16 };
	struct heap h = { malloc(((size_t) n + 1) * sizeof(struct hent)), 0, s };
	enum rn_status st = RN_E_INTERNAL;

	pr.v = malloc(pr.cap * sizeof(*pr.v));
	pr.next = malloc(pr.cap * sizeof(*pr.next));
	if (!s || !order || !h.e || !pr.v || !pr.next) {
		atomic_store(&bc->failed, 1);
		goto cleanup;
	}
	for (uint32_t v = 0; v < n; v++)
		s[v] = (struct vstate) { INFINITY, 0, 0, NOT_IN_HEAP, NO_PRED };

	for (; b < bc->nbatches && !atomic_load(&bc->failed); b = atomic_fetch_add(&bc->next, 1)) {
		igraph_integer_t lo = bc->total * (igraph_integer_t) b / bc->nbatches;
		igraph_integer_t hi = bc->total * (igraph_integer_t) (b + 1) / bc->nbatches;
		for (igraph_integer_t k = lo; k < hi; k++) {
			uint32_t src = bc->sources ? (uint32_t) bc->sources[k] : (uint32_t) k;
			if (one_source(bc, src, s, &h, &pr, order, bc->acc[b]) < 0) {
				atomic_store(&bc->failed, 1);
				goto cleanup;
			}
			unsigned long long d = atomic_fetch_add(&bc->done, 1) + 1;
			if (progress && (d % 4 == 0 || d == (unsigned long long) bc->total))
				progress(progress_ctx, "betweenness", d, (unsigned long long) bc->total);
		}
	}
	st = atomic_load(&bc->failed) ? RN_E_INTERNAL : RN_OK;
cleanup:
	free(s);
	free(order);
	free(h.e);
	free(pr.v);
	free(pr.next);
	return st;
}

enum rn_status rn_bc_finish(struct rn_bc *bc, double *res)
{
	if (atomic_load(&bc->failed) || atomic_load(&bc->next) < bc->nbatches)
		return RN_E_INTERNAL;
	const struct rn_sadj *adj = bc->adj;
	for (uint32_t v = 0; v < adj->n; v++) {
		double sum = 0;
		for (unsigned b = 0; b < bc->nbatches; b++)
			sum += bc->acc[b][v];
		res[v] = sum * bc->scale;
	}
	return RN_OK;
}

enum rn_status rn_sadj_betweenness(const struct rn_network *net, const struct rn_sadj *adj,
                                   const igraph_integer_t *sources, igraph_integer_t nsources,
                                   igraph_integer_t pool, double *res)
{
	struct rn_bc *bc;
	enum rn_status st = rn_bc_init(&bc, net, adj, sources, nsources, pool);
	if (st != RN_OK)
		return st;
	st = rn_bc_work(bc, NULL, NULL);
	if (st == RN_OK)
		st = rn_bc_finish(bc, res);
	rn_bc_free(bc);
	return st;
}

/* ---- triangles and Burt's constraint ---- */

/*
 * One pass over the triangles serves both measures.  In Burt's constraint
 * C_i = sum over contacts j of (p_ij + sum over q of p_iq p_qj)^2 the
 * indirect term needs q tied to both i and j, so i, q, j form a triangle:
 * each triangle adds one indirect share to each of its six arcs (i, j), and
 * the cost is that of listing triangles instead of O(sum of squared
 * degrees).  Shares are kept per arc of the adjacency (ind[a] for arc a), so
 * the writes land next to the three vertices' other arcs.
 */
struct mark {
	uint32_t u;      /* the vertex whose out-arcs are marked */
	uint32_t k;      /* the out-arc from u */
};

struct oarc {
	uint32_t v;      /* the higher end */
	uint32_t fwd;    /* index of the arc u->v in the adjacency */
	uint32_t back;   /* index of the arc v->u */
	double w;        /* the tie's strength */
};

static enum rn_status triangle_pass(const struct rn_network *net, const struct rn_sadj *adj,
                                    uint64_t *tri, uint64_t *total, double *constraint)
{
	uint32_t n = adj->n;
	size_t m = adj->off[n] / 2;
	enum rn_status st = RN_E_INTERNAL;
	size_t *off = calloc((size_t) n + 1, sizeof(*off));
	struct oarc *out = malloc((m + 1) * sizeof(*out));
	uint32_t *high = malloc((m + 1) * sizeof(*high));
	struct mark *mark = malloc(((size_t) n + 1) * sizeof(*mark));
	double *str = constraint ? calloc((size_t) n + 1, sizeof(*str)) : NULL;
	double *ind = constraint ? calloc(2 * m + 1, sizeof(*ind)) : NULL;
	const double *w = net->strength;

	if (!off || !out || !high || !mark || (constraint && (!str || !ind)))
		goto cleanup;
	/* Orient every tie from the lower to the higher (degree, number) end:
	 * each triangle is then found once, from its lowest end, and no vertex
	 * has more than O(sqrt(M)) out-arcs. */
#define DEG(v) (adj->off[(v) + 1] - adj->off[v])
#define BEFORE(u, v) (DEG(u) < DEG(v) || (DEG(u) == DEG(v) && (u) < (v)))
	for (uint32_t u = 0; u < n; u++) {
		for (size_t a = adj->off[u]; a < adj->off[u + 1]; a++) {
			if (constraint)
				str[u] += w[adj->eid[a]];
			if (BEFORE(u, adj->nbr[a]))
				off[u + 1]++;
			else
				high[adj->eid[a]] = (uint32_t) a;   /* the arc from the higher end */
		}
		mark[u].u = UINT32_MAX;
	}
	for (uint32_t u = 0; u < n; u++)
		off[u + 1] += off[u];
	for (uint32_t u = 0; u < n; u++) {
		size_t k = off[u];
		for (size_t a = adj->off[u]; a < adj->off[u + 1]; a++)
			if (BEFORE(u, adj->nbr[a]))
				out[k++] = (struct oarc) { adj->nbr[a], (uint32_t) a,
				                           high[adj->eid[a]], w[adj->eid[a]] };
	}
#undef BEFORE
#undef DEG
	free(high);
	high = NULL;

	if (tri)
		memset(tri, 0, (size_t) n * sizeof(*tri));
	uint64_t t = 0;
	for (uint32_t u = 0; u < n; u++) {
		for (size_t a = off[u]; a < off[u + 1]; a++)
			mark[out[a].v] = (struct mark) { u, (uint32_t) a };
		for (size_t a = off[u]; a < off[u + 1]; a++) {
			const struct oarc *uv = &out[a];
			uint32_t v = uv->v;
			for (size_t b = off[v]; b < off[v + 1]; b++) {
				const struct oarc *vx = &out[b];
				uint32_t x = vx->v;
				if (mark[x].u != u)
					continue;
				const struct oarc *ux = &out[mark[x].k];
				t++;
				if (tri) {
					tri[u]++;
					tri[v]++;
					tri[x]++;
				}
				if (!constraint)
					continue;
				double puv = uv->w / str[u], pux = ux->w / str[u];
				double pvu = uv->w / str[v], pvx = vx->w / str[v];
				double pxu = ux->w / str[x], pxv = vx->w / str[x];
				ind[uv->fwd] += pux * pxv;    /* u to v through x */
				ind[ux->fwd] += puv * pvx;    /* u to x through v */
				ind[uv->back] += pvx * pxu;   /* v to u through x */
				ind[vx->fwd] += pvu * pux;    /* v to x through u */
				ind[ux->back] += pxv * pvu;   /* x to u through v */
				ind[vx->back] += pxu * puv;   /* x to v through u */
			}
		}
	}
	*total = t;
	for (uint32_t i = 0; constraint && i < n; i++) {
		if (adj->off[i] == adj->off[i + 1]) {
			constraint[i] = NAN;   /* undefined without ties, as in igraph */
			continue;
		}
		double c = 0;
		for (size_t a = adj->off[i]; a < adj->off[i + 1]; a++) {
			double p = w[adj->eid[a]] / str[i] + ind[a];
			c += p * p;
		}
		constraint[i] = c;
	}
	st = RN_OK;
cleanup:
	free(off);
	free(out);
	free(high);
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

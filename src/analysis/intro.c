/*
 * Introduction routes: hop-bounded best paths from one contact to a set of
 * providers, scored by the chain of trust.  See include/refnet/intro.h for
 * the model and docs/scoring.md for the formulas.
 *
 * The search is a label-setting Dijkstra over (contact, hops) states: a
 * state is settled in order of cost (-ln of the route's score so far), and a
 * state is skipped when the same contact was already settled with no more
 * hops, since it can then lead nowhere new.  Providers are not expanded: a
 * route never passes through someone who offers the need themselves.  The
 * scratch arrays are stamped per search, so a request costs only what it
 * visits, not O(contacts).
 */
#include "refnet/intro.h"
#include "refnet/parallel.h"
#include "refnet/text.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void rn_intro_options_default(struct rn_intro_options *o)
{
	o->max_hops = 4;
	o->k = 5;
	o->half_life = RN_DEFAULT_HALF_LIFE;
	o->decay_floor = RN_DEFAULT_DECAY_FLOOR;
	o->fatigue_window = 90;
	o->fatigue = 0.8;
	o->fatigue_floor = 0.1;
}

struct state {
	double cost;
	uint32_t v;
	uint32_t h;
};

struct found {
	uint32_t v, h;
};

struct rn_search {
	struct found *found;   /* targets settled by the last search */
	size_t nfound, found_cap;
	size_t n;
	int hmax;
	double *cost;          /* per state (h * n + v) */
	uint32_t *parent;      /* per state: parent contact */
	uint32_t *via;         /* per state: tie to the parent */
	uint32_t *stamp;       /* per state: valid when == cur */
	uint32_t *settled_h;   /* per contact: fewest hops settled (valid with vstamp) */
	uint32_t *vstamp;
	uint32_t cur;
	unsigned char *target; /* per contact */
	unsigned char *banned; /* per contact */
	uint32_t *tag;         /* per contact: matched offers tag when a target */
	struct state *heap;
	size_t hn, hcap;
};

/* ---- heap ---------------------------------------------------------------- */

static int before(const struct state *a, const struct state *b)
{
	if (a->cost != b->cost)
		return a->cost < b->cost;
	if (a->h != b->h)
		return a->h < b->h;
	return a->v < b->v;
}

static int heap_push(struct rn_search *s, struct state x)
{
	if (s->hn == s->hcap) {
		size_t cap = s->hcap ? s->hcap * 2 : 1024;
		struct state *h = realloc(s->heap, cap * sizeof(*h));
		if (!h)
			return -1;
		s->heap = h;
		s->hcap = cap;
	}
	size_t i = s->hn++;
	while (i > 0) {
		size_t p = (i - 1) / 2;
		if (!before(&x, &s->heap[p]))
			break;
		s->heap[i] = s->heap[p];
		i = p;
	}
	s->heap[i] = x;
	return 0;
}

static struct state heap_pop(struct rn_search *s)
{
	struct state top = s->heap[0];
	struct state x = s->heap[--s->hn];
	size_t i = 0;
	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= s->hn)
			break;
		if (c + 1 < s->hn && before(&s->heap[c + 1], &s->heap[c]))
			c++;
		if (!before(&s->heap[c], &x))
			break;
		s->heap[i] = s->heap[c];
		i = c;
	}
	if (s->hn)
		s->heap[i] = x;
	return top;
}

/* ---- engine -------------------------------------------------------------- */

static void search_free(struct rn_search *s)
{
	if (!s)
		return;
	free(s->cost);
	free(s->parent);
	free(s->via);
	free(s->stamp);
	free(s->settled_h);
	free(s->vstamp);
	free(s->target);
	free(s->banned);
	free(s->tag);
	free(s->heap);
	free(s->found);
	free(s);
}

static struct rn_search *search_new(size_t n, int hmax)
{
	struct rn_search *s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	size_t states = n * ((size_t) hmax + 1) + 1;
	s->n = n;
	s->hmax = hmax;
	s->cost = malloc(states * sizeof(*s->cost));
	s->parent = malloc(states * sizeof(*s->parent));
	s->via = malloc(states * sizeof(*s->via));
	s->stamp = calloc(states, sizeof(*s->stamp));
	s->settled_h = malloc((n + 1) * sizeof(*s->settled_h));
	s->vstamp = calloc(n + 1, sizeof(*s->vstamp));
	s->target = calloc(n + 1, 1);
	s->banned = calloc(n + 1, 1);
	s->tag = malloc((n + 1) * sizeof(*s->tag));
	if (!s->cost || !s->parent || !s->via || !s->stamp || !s->settled_h || !s->vstamp ||
	    !s->target || !s->banned || !s->tag) {
		search_free(s);
		return NULL;
	}
	return s;
}

static inline double effective(const struct rn_intro *in, size_t e)
{
	int age = rn_activity_age(&in->act, (igraph_integer_t) e);
	double d = (size_t) age < RN_INTRO_AGES ? in->decay[age]
	           : rn_decay(age, in->opt.half_life, in->opt.decay_floor);
	return in->net->strength[e] * d;
}

double rn_intro_effective(const struct rn_intro *in, igraph_integer_t tie)
{
	return in->effective ? in->effective[tie] : effective(in, (size_t) tie);
}

static inline double tie_cost(const struct rn_intro *in, size_t e)
{
	return in->tie_cost ? in->tie_cost[e] : -log(effective(in, e));
}

/* The effective strength and cost of ties [from, to). */
struct tie_costs {
	struct rn_intro *in;
	size_t from, to;
};

static void *tie_costs(void *vj)
{
	const struct tie_costs *j = vj;
	struct rn_intro *in = j->in;
	for (size_t e = j->from; e < j->to; e++) {
		in->effective[e] = effective(in, e);
		in->tie_cost[e] = -log(in->effective[e]);
	}
	return NULL;
}

enum rn_status rn_intro_precompute(struct rn_intro *in)
{
	size_t m = (size_t) in->net->nties;
	if (in->tie_cost)
		return RN_OK;
	double *cost = malloc((m + 1) * sizeof(*cost));
	double *eff = malloc((m + 1) * sizeof(*eff));
	if (!cost || !eff) {
		free(cost);
		free(eff);
		return RN_E_INTERNAL;
	}
	in->tie_cost = cost;
	in->effective = eff;
	/* Two threads, half each; until they are done the arrays are only
	 * written, so nothing reads a half-filled array. */
	size_t half = m >= 65536 ? m / 2 : m;
	struct tie_costs part[2] = { { in, 0, half }, { in, half, m } };
	struct rn_task task[2] = { { tie_costs, &part[0] }, { tie_costs, &part[1] } };
	rn_run_tasks(task, 2);
	return RN_OK;
}

enum rn_status rn_intro_init(struct rn_intro *in, const struct rn_network *net,
                             const struct rn_intro_options *opt, int as_of)
{
	size_t n = (size_t) net->ncontacts;

	memset(in, 0, sizeof(*in));
	in->net = net;
	in->opt = *opt;
	if (rn_activity_compute(net, as_of, &in->act) != RN_OK)
		return RN_E_INTERNAL;
	in->decay = malloc(RN_INTRO_AGES * sizeof(*in->decay));
	in->recent_asks = calloc(n + 1, sizeof(*in->recent_asks));
	in->node_cost = malloc((n + 1) * sizeof(*in->node_cost));
	if (!in->decay || !in->recent_asks || !in->node_cost) {
		rn_intro_release(in);
		return RN_E_INTERNAL;
	}
	/* Decay depends only on the age in days: compute it once per age (ten
	 * million ties share a few thousand ages), not once per tie. */
	for (size_t a = 0; a < RN_INTRO_AGES; a++)
		in->decay[a] = rn_decay((double) a, opt->half_life, opt->decay_floor);
	for (igraph_integer_t i = 0; i < net->nevents; i++) {
		int k = net->ev_kind[i], d = net->ev_date[i];
		if ((k == RN_KIND_ASK || k == RN_KIND_PITCH) && d <= as_of &&
		    d > as_of - opt->fatigue_window)
			in->recent_asks[net->ev_to[i]]++;
	}
	for (size_t v = 0; v < n; v++)
		in->node_cost[v] = -log(rn_intro_fatigue(in, (igraph_integer_t) v));
	return RN_OK;
}

void rn_intro_release(struct rn_intro *in)
{
	if (!in)
		return;
	rn_activity_release(&in->act);
	free(in->decay);
	free(in->tie_cost);
	free(in->effective);
	free(in->recent_asks);
	free(in->node_cost);
	search_free(in->s);
	memset(in, 0, sizeof(*in));
}

double rn_intro_fatigue(const struct rn_intro *in, igraph_integer_t v)
{
	int extra = in->recent_asks[v] - 1;
	if (extra <= 0)
		return 1.0;
	double f = pow(in->opt.fatigue, extra);
	return f < in->opt.fatigue_floor ? in->opt.fatigue_floor : f;
}

enum rn_status rn_intro_tie_costs(const struct rn_network *net, const struct rn_intro_options *opt,
                                  int as_of, double **cost)
{
	struct rn_intro in = { 0 };
	*cost = malloc(((size_t) net->nties + 1) * sizeof(**cost));
	if (!*cost || rn_intro_init(&in, net, opt, as_of) != RN_OK) {
		free(*cost);
		*cost = NULL;
		rn_intro_release(&in);
		return RN_E_INTERNAL;
	}
	for (igraph_integer_t e = 0; e < net->nties; e++)
		(*cost)[e] = -log(rn_intro_effective(&in, e));
	rn_intro_release(&in);
	return RN_OK;
}

/* Free what one route owns. */
static void route_free(struct rn_route *r)
{
	free(r->path);
	free(r->tie);
	free(r->effective);
	free(r->fatigue);
}

void rn_routes_release(struct rn_routes *rs)
{
	if (!rs)
		return;
	for (size_t i = 0; i < rs->n; i++)
		route_free(&rs->r[i]);
	free(rs->r);
	memset(rs, 0, sizeof(*rs));
}

/* ---- search -------------------------------------------------------------- */

static int state_valid(const struct rn_search *s, size_t st)
{
	return s->stamp[st] == s->cur;
}

static void next_stamp(struct rn_search *s)
{
	if (++s->cur == 0) {   /* wrapped: forget every old stamp */
		memset(s->stamp, 0, (s->n * ((size_t) s->hmax + 1) + 1) * sizeof(*s->stamp));
		memset(s->vstamp, 0, (s->n + 1) * sizeof(*s->vstamp));
		s->cur = 1;
	}
}

int rn_score_equal(double a, double b)
{
	double m = fabs(a) > fabs(b) ? fabs(a) : fabs(b);
	return fabs(a - b) <= 1e-12 * (m > 1.0 ? m : 1.0);
}


/* The contacts of the route to state (v, h), from the asker, into p[0..h]. */
static void trace(const struct rn_search *s, uint32_t v, uint32_t h, uint32_t *p)
{
	for (;;) {
		p[h] = v;
		if (h == 0)
			return;
		v = s->parent[(size_t) h * s->n + v];
		h--;
	}
}

/* Is the route to (x, h) before the one to (y, h) by the ids along it? */
static int ids_before(const struct rn_intro *in, uint32_t x, uint32_t y, uint32_t h)
{
	uint32_t px[64], py[64];
	trace(in->s, x, h, px);
	trace(in->s, y, h, py);
	for (uint32_t i = 0; i <= h; i++) {
		int c = strcmp(in->net->id[px[i]], in->net->id[py[i]]);
		if (c)
			return c < 0;
	}
	return 0;
}

static int add_found(struct rn_search *s, uint32_t v, uint32_t h)
{
	if (s->nfound == s->found_cap) {
		size_t cap = s->found_cap ? s->found_cap * 2 : 16;
		struct found *f = realloc(s->found, cap * sizeof(*f));
		if (!f)
			return -1;
		s->found = f;
		s->found_cap = cap;
	}
	s->found[s->nfound++] = (struct found) { v, h };
	return 0;
}

/*
 * Settle states from `from` until `limit` targets are settled (their best
 * routes within max_hops), and then every further target as good as the
 * last one, so that ties at the limit are all seen and the ids can decide.
 * Only `only` counts as a target when it is not -1 (other targets still end
 * routes: nobody is routed through a provider).  Results in s->found.
 * Returns 0 or -1 (out of memory).
 */
static int search(struct rn_intro *in, igraph_integer_t from, size_t limit,
                  igraph_integer_t only)
{
	struct rn_search *s = in->s;
	const struct rn_network *net = in->net;
	size_t n = s->n;
	double bound = INFINITY;

	next_stamp(s);
	s->hn = 0;
	s->nfound = 0;
	s->cost[(size_t) from] = 0.0;
	s->stamp[(size_t) from] = s->cur;
	if (heap_push(s, (struct state) { 0.0, (uint32_t) from, 0 }) < 0)
		return -1;

	while (s->hn) {
		struct state x = heap_pop(s);
		size_t st = (size_t) x.h * n + x.v;
		if (x.cost > bound && !rn_score_equal(x.cost, bound))
			break;
		if (x.cost > s->cost[st])
			continue;   /* a cheaper label for this state came later */
		int seen = s->vstamp[x.v] == s->cur;
		if (seen && s->settled_h[x.v] <= x.h)
			continue;   /* dominated: settled before, cheaper, with no more hops */
		int target = s->target[x.v] && x.v != (uint32_t) from;
		if (seen && target)
			continue;   /* a provider's first settlement is its best route */
		s->vstamp[x.v] = s->cur;
		s->settled_h[x.v] = x.h;
		if (target) {
			if (only < 0 || x.v == (uint32_t) only) {
				if (add_found(s, x.v, x.h) < 0)
					return -1;
				if (s->nfound == limit)
					bound = x.cost;
			}
			continue;   /* routes end at a provider */
		}
		if ((int) x.h >= s->hmax)
			continue;
		double base = x.cost + (x.v == (uint32_t) from ? 0.0 : in->node_cost[x.v]);
		/* A route's last hop must reach a provider: nobody else is worth a
		 * state there (most of a big neighbourhood lies at the last hop). */
		int last = (int) x.h + 1 == s->hmax;
		for (size_t a = net->adj_start[x.v]; a < net->adj_start[x.v + 1]; a++) {
			uint32_t u = net->adj[a].v, e = net->adj[a].tie;
			if (s->banned[u] || u == (uint32_t) from)
				continue;
			if (last && !(s->target[u] && (only < 0 || u == (uint32_t) only)))
				continue;
			if (s->vstamp[u] == s->cur && s->settled_h[u] <= x.h + 1)
				continue;   /* settled with no more hops: nothing to improve */
			double c = base + tie_cost(in, e);
			size_t su = (size_t) (x.h + 1) * n + u;
			if (state_valid(s, su)) {
				double old = s->cost[su];
				/* Equal routes (up to rounding) go by the ids along them. */
				if (rn_score_equal(c, old) ? !ids_before(in, x.v, s->parent[su], x.h) : old < c)
					continue;
			}
			s->cost[su] = c;
			s->parent[su] = x.v;
			s->via[su] = e;
			s->stamp[su] = s->cur;
			if (heap_push(s, (struct state) { c, u, x.h + 1 }) < 0)
				return -1;
		}
	}
	return 0;
}

/* Turn a settled target state into a route (before the next search). */
static int make_route(struct rn_intro *in, struct found f, struct rn_route *r)
{
	struct rn_search *s = in->s;
	size_t n = s->n;

	r->provider = f.v;
	r->offer = s->tag[f.v];
	r->nhops = f.h;
	r->path = malloc((f.h + 1) * sizeof(*r->path));
	r->tie = malloc((f.h + 1) * sizeof(*r->tie));
	r->effective = malloc((f.h + 1) * sizeof(*r->effective));
	r->fatigue = malloc((f.h + 1) * sizeof(*r->fatigue));
	if (!r->path || !r->tie || !r->effective || !r->fatigue) {
		route_free(r);
		return -1;
	}
	uint32_t v = f.v;
	for (uint32_t h = f.h; h > 0; h--) {
		size_t st = (size_t) h * n + v;
		r->path[h] = v;
		r->tie[h - 1] = s->via[st];
		v = s->parent[st];
	}
	r->path[0] = v;
	/* The score as documented, multiplied from the asker outwards. */
	r->score = 1.0;
	for (size_t h = 0; h <= r->nhops; h++)
		r->fatigue[h] = rn_intro_fatigue(in, r->path[h]);
	for (size_t h = 0; h < r->nhops; h++) {
		r->effective[h] = rn_intro_effective(in, r->tie[h]);
		r->score *= r->effective[h];
		if (h > 0)
			r->score *= r->fatigue[h];
	}
	return 0;
}

/* Best score first; then fewer hops; then by the ids along the path. */
static int route_before(const struct rn_network *net, const struct rn_route *a,
                        const struct rn_route *b)
{
	if (!rn_score_equal(a->score, b->score))
		return a->score > b->score;
	if (a->nhops != b->nhops)
		return a->nhops < b->nhops;
	for (size_t i = 0; i <= a->nhops; i++) {
		int c = strcmp(net->id[a->path[i]], net->id[b->path[i]]);
		if (c)
			return c < 0;
	}
	return 0;
}

static int routes_push(struct rn_routes *rs, const struct rn_route *r)
{
	if (rs->n == rs->cap) {
		size_t cap = rs->cap ? rs->cap * 2 : 8;
		struct rn_route *x = realloc(rs->r, cap * sizeof(*x));
		if (!x)
			return -1;
		rs->r = x;
		rs->cap = cap;
	}
	rs->r[rs->n++] = *r;
	return 0;
}

/*
 * The k best routes to the marked targets: the best route of each of the k
 * best providers, then, as routes are taken, alternatives to the same
 * provider through people not used by its earlier routes.
 */
static enum rn_status best_routes(struct rn_intro *in, igraph_integer_t from,
                                  struct rn_routes *out)
{
	struct rn_search *s = in->s;
	size_t k = (size_t) (in->opt.k > 0 ? in->opt.k : 0);
	struct rn_routes cand = { 0 };
	uint32_t *banned_list = NULL;
	size_t nbanned = 0, banned_cap = 0;
	enum rn_status st = RN_E_INTERNAL;

	if (k == 0)
		return RN_OK;
	if (search(in, from, k, -1) < 0)
		goto cleanup;
	for (size_t i = 0; i < s->nfound; i++) {
		struct rn_route r;
		if (make_route(in, s->found[i], &r) < 0)
			goto cleanup;
		if (routes_push(&cand, &r) < 0) {
			route_free(&r);
			goto cleanup;
		}
	}

	while (out->n < k && cand.n) {
		size_t best = 0;
		for (size_t i = 1; i < cand.n; i++)
			if (route_before(in->net, &cand.r[i], &cand.r[best]))
				best = i;
		struct rn_route r = cand.r[best];
		cand.r[best] = cand.r[--cand.n];
		if (routes_push(out, &r) < 0) {
			route_free(&r);
			goto cleanup;
		}
		if (r.nhops < 2 || out->n >= k)
			continue;

		/* An alternative to this provider through other people: ban every
		 * intermediary of the routes to it so far, search for it alone. */
		igraph_integer_t p = r.provider;
		for (size_t i = 0; i < out->n; i++) {
			if (out->r[i].provider != p)
				continue;
			for (size_t h = 1; h < out->r[i].nhops; h++) {
				uint32_t v = (uint32_t) out->r[i].path[h];
				if (s->banned[v])
					continue;
				if (nbanned == banned_cap) {
					banned_cap = banned_cap ? banned_cap * 2 : 16;
					uint32_t *b = realloc(banned_list, banned_cap * sizeof(*b));
					if (!b)
						goto cleanup;
					banned_list = b;
				}
				banned_list[nbanned++] = v;
				s->banned[v] = 1;
			}
		}
		/* Search for p alone (other providers still end routes).  The
		 * intermediaries banned above are unbanned afterwards; contacts the
		 * caller avoids were banned before and stay so. */
		int rc = search(in, from, 1, p);
		for (size_t i = 0; i < nbanned; i++)
			s->banned[banned_list[i]] = 0;
		nbanned = 0;
		if (rc < 0)
			goto cleanup;
		if (s->nfound) {
			struct rn_route alt;
			if (make_route(in, s->found[0], &alt) < 0)
				goto cleanup;
			if (routes_push(&cand, &alt) < 0) {
				route_free(&alt);
				goto cleanup;
			}
		}
	}
	st = RN_OK;
cleanup:
	free(banned_list);
	rn_routes_release(&cand);
	return st;
}

/* The search space is allocated on the first request: match never needs it. */
static int prepare_search(struct rn_intro *in)
{
	if (!in->s)
		in->s = search_new((size_t) in->net->ncontacts, in->opt.max_hops);
	return in->s ? 0 : -1;
}

static void set_avoid(struct rn_search *s, const igraph_integer_t *avoid, size_t navoid,
                      unsigned char on)
{
	for (size_t i = 0; i < navoid; i++)
		s->banned[avoid[i]] = on;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *) a, y = *(const uint32_t *) b;
	return x < y ? -1 : x > y;
}

enum rn_status rn_intro_need(struct rn_intro *in, const struct rn_needs_index *ix,
                             igraph_integer_t from, const char *need,
                             const igraph_integer_t *avoid, size_t navoid,
                             struct rn_routes *out)
{
	const struct rn_network *net = in->net;
	uint32_t *tags;
	size_t ntags;

	memset(out, 0, sizeof(*out));
	if (prepare_search(in) < 0)
		return RN_E_INTERNAL;
	struct rn_search *s = in->s;
	if (rn_needs_match(ix, need, &tags, &ntags) != RN_OK)
		return RN_E_INTERNAL;
	char *fold = NULL;
	if (ix->nsyn && rn_text_fold(need, strlen(need), &fold) < 0) {
		free(tags);
		return RN_E_INTERNAL;
	}

	/* Mark the providers, each with the first of its offers that matches:
	 * as written if one does, else through a synonym. */
	uint32_t *marked = NULL;
	size_t nmarked = 0, cap = 0;
	enum rn_status st = RN_E_INTERNAL;
	set_avoid(s, avoid, navoid, 1);
	for (size_t i = 0; i < ntags; i++) {
		for (size_t k = ix->offer_start[tags[i]]; k < ix->offer_start[tags[i] + 1]; k++) {
			uint32_t p = ix->offerer[k];
			if (s->target[p] || p == (uint32_t) from || s->banned[p])
				continue;
			if (nmarked == cap) {
				cap = cap ? cap * 2 : 64;
				uint32_t *m = realloc(marked, cap * sizeof(*m));
				if (!m)
					goto cleanup;
				marked = m;
			}
			marked[nmarked++] = p;
			s->target[p] = 1;
			s->tag[p] = RN_NO_TAG;
			const struct rn_tag_span *of = &net->offers[p];
			for (int pass = fold ? 0 : 1; pass < 2 && s->tag[p] == RN_NO_TAG; pass++) {
				for (uint32_t j = 0; j < of->n && s->tag[p] == RN_NO_TAG; j++) {
					uint32_t t = net->tag_refs[of->at + j];
					if (bsearch(&t, tags, ntags, sizeof(*tags), cmp_u32) &&
					    (pass || rn_needs_tag_matches(net, t, fold)))
						s->tag[p] = t;
				}
			}
		}
	}
	out->providers = nmarked;
	st = nmarked ? best_routes(in, from, out) : RN_OK;
cleanup:
	for (size_t i = 0; i < nmarked; i++)
		s->target[marked[i]] = 0;
	set_avoid(s, avoid, navoid, 0);
	free(marked);
	free(tags);
	free(fold);
	if (st != RN_OK)
		rn_routes_release(out);
	return st;
}

enum rn_status rn_intro_to(struct rn_intro *in, igraph_integer_t from, igraph_integer_t to,
                           const igraph_integer_t *avoid, size_t navoid,
                           struct rn_routes *out)
{
	memset(out, 0, sizeof(*out));
	if (prepare_search(in) < 0)
		return RN_E_INTERNAL;
	struct rn_search *s = in->s;
	set_avoid(s, avoid, navoid, 1);
	enum rn_status st = RN_OK;
	if (to != from && !s->banned[to]) {
		out->providers = 1;
		s->target[to] = 1;
		s->tag[to] = RN_NO_TAG;
		st = best_routes(in, from, out);
		s->target[to] = 0;
	}
	set_avoid(s, avoid, navoid, 0);
	if (st != RN_OK)
		rn_routes_release(out);
	return st;
}

/*
 * Unit tests for introduction routes (src/analysis/intro.c): rn_intro_init,
 * rn_intro_to, rn_intro_need and rn_intro_fatigue, compared with a
 * brute-force enumeration of every simple path on small random networks.
 *
 * Each random network is a trust model (testutil.h: contacts, ties with
 * strengths and dates, log events, shared with test_match.c), written as
 * CSV files to a temporary directory and loaded with rn_network_load.  The
 * expected answers are computed from the model alone, with the formulas of
 * docs/scoring.md written out again:
 * effective strength = strength x max(floor, 0.5^(age / half_life)) where
 * age counts from the later of last_contact and the latest log event of the
 * pair (dates after as-of ignored), fatigue = max(floor, f^(n - 1)) for n
 * asks and pitches received in (as_of - window, as_of], a route's score the
 * product of its ties and of its intermediaries' fatigue.  The best route to
 * a provider is found by trying every simple path of at most max_hops hops
 * whose intermediaries are neither providers nor avoided; ties in ranking go
 * to fewer hops, then to the ids along the path.  The k-best list is built
 * by the documented procedure: the best route of each provider are the
 * candidates; the best candidate is taken, and when it has two hops or more,
 * the best route to the same provider avoiding every intermediary of the
 * routes to it taken so far becomes its next candidate.
 *
 * Random networks come in two kinds: "continuous" (strengths with six
 * decimals, dates, asks and pitches: no two routes tie) and "exact"
 * (strengths 0.5 and 1 only, no dates, no asks: many routes tie exactly, so
 * the tie-breaks decide).  Ids are shuffled against file order so that a
 * tie-break by file position cannot pass for a tie-break by id.
 *
 * Tests named regression_* pin behaviour the documentation promises and
 * the engine once got wrong; the smallest network showing each bug is a
 * case of the hand-built table.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "refnet/date.h"
#include "refnet/intro.h"
#include "refnet/needs.h"
#include "refnet/network.h"
#include "testutil.h"

#define MAXN TU_MODEL_MAXN   /* contacts in a model */
#define MAXH 5           /* longest route tried */
#define MAXK 8           /* routes per request */
#define GRAPHS 200       /* random networks per test */

static int as_of;        /* 2026-11-01 */

/* ---- the model (testutil.h) -------------------------------------------- */

/* The need every random model is asked about, and the offers around it. */
static const char *const NEED = "Plumber";
static const char *const offer_pool[] = {
	"plumber", "Plumber; drains", "plum trees", "electrician", "estate attorney",
	"drains; PLUMBER", "water heaters", ""
};

static int model_provides(const struct tu_model *m, int v)
{
	/* Every pool tag with the word "plumber" matches NEED; "plum trees" does not. */
	for (int k = 0; k < m->noffer[v]; k++)
		for (const char *p = m->offer[v][k]; *p; p++)
			if (strncasecmp(p, "plumber", 7) == 0)
				return 1;
	return 0;
}

/* Contact v offers what the cell text says ("" for nothing). */
static void set_offers(struct tu_model *m, int v, const char *cell)
{
	m->noffer[v] = 0;
	if (*cell)
		m->offer[v][m->noffer[v]++] = cell;
}

enum gen_kind { GEN_CONTINUOUS, GEN_EXACT };

/*
 * A random model: n contacts with distinct ids in shuffled order, ties with
 * probability pct percent, and for GEN_CONTINUOUS dates, log events and
 * varied trust options.
 */
static void model_random(struct tu_model *m, enum gen_kind kind, int nmin, int nmax)
{
	int n = tu_rnd_int(nmin, nmax);
	tu_model_init(m, n, as_of);
	tu_model_random_ids(m);   /* unrelated to file order */
	for (int i = 0; i < n; i++)
		set_offers(m, i, tu_chance(30) ? offer_pool[tu_rnd_int(0, 5)]
		                               : offer_pool[tu_rnd_int(6, 7)]);

	int pct = tu_rnd_int(20, 50);
	for (int a = 0; a < n; a++)
		for (int b = a + 1; b < n; b++) {
			if (!tu_chance(pct))
				continue;
			int x = a, y = b;
			if (tu_chance(50)) {
				x = b;
				y = a;
			}
			if (kind == GEN_EXACT) {
				tu_model_tie(m, x, y, tu_chance(50) ? 1000000 : 500000, RN_NO_DATE);
			} else {
				int micro = tu_chance(10) ? 0 : tu_rnd_int(50000, 1000000);
				int last = tu_chance(25) ? RN_NO_DATE : as_of - tu_rnd_int(-15, 800);
				tu_model_tie(m, x, y, micro, last);
			}
		}
	tu_model_shuffle_ties(m);

	if (kind == GEN_CONTINUOUS) {
		static const double half_lives[] = { 30, 90, 180, 365 };
		static const int windows[] = { 30, 90, 120 };
		m->opt.half_life = half_lives[tu_rnd_int(0, 3)];
		m->opt.fatigue_window = windows[tu_rnd_int(0, 2)];
		if (tu_chance(30)) {
			m->opt.fatigue = 0.5;
			m->opt.fatigue_floor = 0.2;
		}
		if (tu_chance(30))
			m->opt.decay_floor = 0.1;
		int nev = tu_rnd_int(0, 40);
		for (int i = 0; i < nev; i++) {
			int from = tu_rnd_int(0, n - 1), to = tu_rnd_int(0, n - 2);
			if (to >= from)
				to++;
			int kind_i = tu_chance(60) ? (tu_chance(50) ? RN_KIND_ASK : RN_KIND_PITCH)
			                        : tu_rnd_int(0, RN_KIND_COUNT - 1);
			int w = m->opt.fatigue_window, date;
			switch (tu_rnd_int(0, 5)) {
			case 0: date = as_of - w; break;        /* just outside the window */
			case 1: date = as_of - w + 1; break;    /* just inside */
			case 2: date = as_of + tu_rnd_int(1, 10); break;   /* the future: ignored */
			default: date = as_of - tu_rnd_int(0, 400); break;
			}
			tu_model_event(m, date, from, to, kind_i);
		}
	}
	tu_model_derive(m);
}

/* ---- writing and loading ------------------------------------------------- */

static char dir[TU_DIR_MAX];

static void model_load(const struct tu_model *m, struct rn_network *net)
{
	tu_model_load(m, dir, net);
}

static int setup(void **state)
{
	(void) state;
	return tu_mkdtemp(dir, "intro");
}

static int teardown(void **state)
{
	(void) state;
	tu_rmtree(dir);
	return 0;
}

/* ---- brute force --------------------------------------------------------- */

struct broute {
	int hops;
	int path[MAXH + 1];
	double score;
};

struct blist {
	int n;
	struct broute r[MAXK];
};

/* A request: targets (the providers, or the one --to contact), avoided contacts. */
struct query {
	int from;
	int to;                        /* -1 for the need */
	unsigned targets;              /* bit mask */
	unsigned avoid;
	int navoid;
	igraph_integer_t avoid_ids[MAXN];
};

/* The documented ranking: higher score, fewer hops, then ids along the path. */
static int broute_before(const struct tu_model *m, const struct broute *a, const struct broute *b)
{
	if (a->score != b->score)
		return a->score > b->score;
	if (a->hops != b->hops)
		return a->hops < b->hops;
	for (int i = 0; i <= a->hops; i++) {
		int c = strcmp(m->id[a->path[i]], m->id[b->path[i]]);
		if (c)
			return c < 0;
	}
	return 0;
}

struct dfs {
	const struct tu_model *m;
	int hmax;
	unsigned targets, blocked;
	int found[MAXN];
	struct broute best[MAXN];      /* best route per target */
	int path[MAXH + 1];
};

static double path_score(const struct tu_model *m, const int *path, int hops)
{
	double s = 1.0;
	for (int i = 0; i < hops; i++)
		s *= m->eff[path[i]][path[i + 1]];
	for (int i = 1; i < hops; i++)
		s *= m->fatigue[path[i]];
	return s;
}

/* Every simple path from path[0]; a route ends at its first target. */
static void dfs_walk(struct dfs *d, int depth, unsigned seen)
{
	const struct tu_model *m = d->m;
	int v = d->path[depth];
	for (int u = 0; u < m->n; u++) {
		if (m->tie_of[v][u] < 0 || (seen >> u & 1) || (d->blocked >> u & 1))
			continue;
		d->path[depth + 1] = u;
		if (d->targets >> u & 1) {
			struct broute r = { .hops = depth + 1 };
			memcpy(r.path, d->path, sizeof(int) * (size_t) (depth + 2));
			r.score = path_score(m, r.path, r.hops);
			if (!d->found[u] || broute_before(m, &r, &d->best[u])) {
				d->found[u] = 1;
				d->best[u] = r;
			}
			continue;    /* never through a provider */
		}
		if (depth + 1 < d->hmax)
			dfs_walk(d, depth + 1, seen | 1u << u);
	}
}

/* The best route from `from` to each target, intermediaries not in blocked. */
static void best_routes_bf(const struct tu_model *m, int hmax, int from, unsigned targets,
                           unsigned blocked, struct dfs *d)
{
	memset(d, 0, sizeof(*d));
	d->m = m;
	d->hmax = hmax;
	d->targets = targets & ~(1u << from) & ~blocked;
	d->blocked = blocked;
	d->path[0] = from;
	if (hmax > 0)
		dfs_walk(d, 0, 1u << from);
}

/* The documented k-best procedure, from scratch. */
static void kbest_bf(const struct tu_model *m, int hmax, int k, const struct query *q,
                     struct blist *out)
{
	struct dfs d;
	struct broute cand[MAXN];
	int ncand = 0;

	out->n = 0;
	best_routes_bf(m, hmax, q->from, q->targets, q->avoid, &d);
	for (int v = 0; v < m->n; v++)
		if (d.found[v])
			cand[ncand++] = d.best[v];
	while (out->n < k && ncand > 0) {
		int b = 0;
		for (int i = 1; i < ncand; i++)
			if (broute_before(m, &cand[i], &cand[b]))
				b = i;
		struct broute r = cand[b];
		cand[b] = cand[--ncand];
		out->r[out->n++] = r;
		if (r.hops < 2)
			continue;    /* a direct route gets no alternatives */
		int p = r.path[r.hops];
		unsigned used = 0;
		for (int i = 0; i < out->n; i++)
			if (out->r[i].path[out->r[i].hops] == p)
				for (int h = 1; h < out->r[i].hops; h++)
					used |= 1u << out->r[i].path[h];
		struct dfs alt;
		best_routes_bf(m, hmax, q->from, 1u << p | (q->targets & ~(1u << p)),
		               q->avoid | used, &alt);
		/* Other providers stay targets above, so they are never passed through. */
		if (alt.found[p])
			cand[ncand++] = alt.best[p];
	}
}

/* ---- comparing the engine with the brute force --------------------------- */

static void print_list(const char *title, const struct tu_model *m, const struct blist *l)
{
	print_message("    %s (%d):\n", title, l->n);
	for (int i = 0; i < l->n; i++) {
		char buf[128];
		size_t len = 0;
		buf[0] = '\0';
		for (int h = 0; h <= l->r[i].hops; h++)
			len += (size_t) snprintf(buf + len, sizeof(buf) - len, "%s%s", h ? ">" : "",
			                         m->id[l->r[i].path[h]]);
		print_message("      %d. %s  %.17g\n", i + 1, buf, l->r[i].score);
	}
}

/* Engine routes as a list, after checking each one is well formed. */
static void engine_list(const struct tu_model *m, const struct rn_network *net,
                        const struct rn_intro *in, const struct query *q,
                        const struct rn_routes *rs, struct blist *out)
{
	assert_true(rs->n <= MAXK);
	out->n = (int) rs->n;
	for (size_t i = 0; i < rs->n; i++) {
		const struct rn_route *r = &rs->r[i];
		assert_true(r->nhops >= 1 && (int) r->nhops <= in->opt.max_hops);
		assert_int_equal(r->path[0], q->from);
		assert_int_equal(r->path[r->nhops], r->provider);
		assert_true(r->score > 0 && r->score <= 1);
		unsigned seen = 0;
		for (size_t h = 0; h <= r->nhops; h++) {
			int v = (int) r->path[h];
			assert_true(v >= 0 && v < m->n);
			assert_false(seen >> v & 1);            /* a simple path */
			assert_false(q->avoid >> v & 1);        /* never an avoided contact */
			seen |= 1u << v;
			if (h < r->nhops) {
				igraph_integer_t e = r->tie[h];
				int a = (int) net->tie_a[e], b = (int) net->tie_b[e];
				int w = (int) r->path[h + 1];
				assert_true((a == v && b == w) || (a == w && b == v));
			}
		}
		if (q->to >= 0)
			assert_int_equal(r->offer, RN_NO_TAG);
		else
			assert_true(r->offer != RN_NO_TAG &&
			            strncasecmp(net->tag_text[r->offer], "plumber", 7) == 0);
		out->r[i].hops = (int) r->nhops;
		for (size_t h = 0; h <= r->nhops; h++)
			out->r[i].path[h] = (int) r->path[h];
		out->r[i].score = r->score;
	}
}

static int lists_equal(const struct blist *a, const struct blist *b)
{
	if (a->n != b->n)
		return 0;
	for (int i = 0; i < a->n; i++) {
		if (a->r[i].hops != b->r[i].hops || fabs(a->r[i].score - b->r[i].score) > 1e-12)
			return 0;
		for (int h = 0; h <= a->r[i].hops; h++)
			if (a->r[i].path[h] != b->r[i].path[h])
				return 0;
	}
	return 1;
}

/* Run one request on the engine. */
static void run_engine(struct rn_intro *in, const struct rn_needs_index *ix,
                       const struct query *q, struct rn_routes *rs)
{
	enum rn_status st = q->to >= 0
		? rn_intro_to(in, q->from, q->to, q->avoid_ids, (size_t) q->navoid, rs)
		: rn_intro_need(in, ix, q->from, NEED, q->avoid_ids, (size_t) q->navoid, rs);
	assert_int_equal(st, RN_OK);
}

static void query_avoid(struct query *q, int v)
{
	if (q->avoid >> v & 1)
		return;
	q->avoid |= 1u << v;
	q->avoid_ids[q->navoid++] = v;
}

/* A random request on model m: a need (providers as targets) or one --to. */
static void query_random(const struct tu_model *m, struct query *q, int with_to, int with_avoid)
{
	memset(q, 0, sizeof(*q));
	q->from = tu_rnd_int(0, m->n - 1);
	q->to = -1;
	if (with_to) {
		q->to = tu_rnd_int(0, m->n - 1);
		q->targets = 1u << q->to;
	} else {
		for (int v = 0; v < m->n; v++)
			if (model_provides(m, v))
				q->targets |= 1u << v;
	}
	if (with_avoid) {
		int na = tu_rnd_int(0, 2);
		for (int i = 0; i < na; i++) {
			int v = tu_rnd_int(0, m->n - 1);
			if (v != q->from)
				query_avoid(q, v);
		}
	}
}

struct stats {
	int requests, routes, empty, mismatches;
};

/* Compare engine and brute force on one request; report the first mismatches. */
static void compare(const struct tu_model *m, const struct rn_network *net, struct rn_intro *in,
                    const struct rn_needs_index *ix, const struct query *q, int k,
                    uint64_t seed, struct stats *s)
{
	struct rn_routes rs;
	struct blist got, want;
	run_engine(in, ix, q, &rs);
	engine_list(m, net, in, q, &rs, &got);
	kbest_bf(m, in->opt.max_hops, k, q, &want);
	s->requests++;
	s->routes += want.n;
	s->empty += want.n == 0;
	if (!lists_equal(&got, &want)) {
		if (s->mismatches++ < 3) {
			print_message("  mismatch: seed %llu, from %s, %s%s, max_hops %d, k %d, avoid",
			              (unsigned long long) seed, m->id[q->from],
			              q->to >= 0 ? "to " : "need ", q->to >= 0 ? m->id[q->to] : NEED,
			              in->opt.max_hops, k);
			for (int i = 0; i < q->navoid; i++)
				print_message(" %s", m->id[q->avoid_ids[i]]);
			print_message("\n");
			print_list("engine", m, &got);
			print_list("brute force", m, &want);
		}
	}
	rn_routes_release(&rs);
}

/*
 * The shared driver: GRAPHS random models of one kind, max_hops 1..4 (or
 * only hmax), requests to one contact or for the need, k routes each.
 */
static struct stats drive(enum gen_kind kind, int with_to, int with_avoid, int k,
                          uint64_t seed0, int one_provider)
{
	struct stats s = { 0 };
	for (int g = 0; g < GRAPHS; g++) {
		uint64_t seed = seed0 * 1000003u + (uint64_t) g;
		tu_seed(seed);
		struct tu_model m;
		model_random(&m, kind, 6, 12);
		if (one_provider) {
			/* Keep exactly one provider: contact 0 when nobody offers. */
			int kept = 0;
			for (int v = 0; v < m.n; v++)
				if (model_provides(&m, v) && kept++)
					set_offers(&m, v, "");
			if (!kept)
				set_offers(&m, tu_rnd_int(0, m.n - 1), "plumber");
		}
		struct rn_network net;
		struct rn_needs_index ix;
		model_load(&m, &net);
		assert_int_equal(rn_needs_index_init(&ix, &net), RN_OK);
		for (int h = 1; h <= 4; h++) {
			struct rn_intro in;
			struct rn_intro_options o = m.opt;
			o.max_hops = h;
			o.k = k;
			assert_int_equal(rn_intro_init(&in, &net, &o, as_of), RN_OK);
			/* tie costs on demand, or all at once: the same routes */
			if (h % 2 == 0)
				assert_int_equal(rn_intro_precompute(&in), RN_OK);
			for (int i = 0; i < 6; i++) {
				struct query q;
				query_random(&m, &q, with_to, with_avoid);
				compare(&m, &net, &in, &ix, &q, k, seed, &s);
			}
			rn_intro_release(&in);
		}
		rn_needs_index_release(&ix);
		rn_network_release(&net);
	}
	print_message("  %d requests, %d routes expected, %d empty, %d mismatches\n", s.requests,
	              s.routes, s.empty, s.mismatches);
	return s;
}

/* ---- (a) best route to one contact --------------------------------------- */

static void best_to_equals_bruteforce(void **state)
{
	(void) state;
	struct stats s = drive(GEN_CONTINUOUS, 1, 0, 1, 1, 0);
	assert_true(s.routes > 1000 && s.empty > 100);   /* the test tests something */
	assert_int_equal(s.mismatches, 0);
}

/* ---- (b) best route for a need ------------------------------------------- */

static void best_need_equals_bruteforce(void **state)
{
	(void) state;
	struct stats s = drive(GEN_CONTINUOUS, 0, 0, 1, 2, 0);
	assert_true(s.routes > 500 && s.empty > 100);
	assert_int_equal(s.mismatches, 0);
}

/* ---- (c) the k best routes ----------------------------------------------- */

/* One target: the k-best list to one contact (no other provider to avoid). */
static void kbest_to_equals_bruteforce(void **state)
{
	(void) state;
	struct stats s = drive(GEN_CONTINUOUS, 1, 0, 5, 3, 0);
	assert_true(s.routes > 2000);
	assert_int_equal(s.mismatches, 0);
}

/* A need with exactly one provider. */
static void kbest_need_one_provider_equals_bruteforce(void **state)
{
	(void) state;
	struct stats s = drive(GEN_CONTINUOUS, 0, 1, 5, 4, 1);
	assert_true(s.routes > 1000);
	assert_int_equal(s.mismatches, 0);
}

/*
 * A need with several providers: alternatives to one provider must not pass
 * through another provider (once they did: see the hand-built case "an
 * alternative route never passes through another provider").
 */
static void regression_kbest_need_many_providers_equals_bruteforce(void **state)
{
	(void) state;
	struct stats s = drive(GEN_CONTINUOUS, 0, 1, 5, 5, 0);
	assert_true(s.routes > 1000);
	assert_int_equal(s.mismatches, 0);
}

/*
 * Direct checks of the listed properties on the engine's k-best lists:
 * scores never increase; each route is the brute-force best to its provider
 * avoiding the intermediaries of the earlier routes to that provider; routes
 * to one provider share no intermediary.  With one target per request.
 */
static void kbest_properties(void **state)
{
	(void) state;
	int checked = 0;
	for (int g = 0; g < GRAPHS; g++) {
		tu_seed(77000 + (uint64_t) g);
		struct tu_model m;
		model_random(&m, GEN_CONTINUOUS, 6, 12);
		struct rn_network net;
		struct rn_needs_index ix;
		model_load(&m, &net);
		assert_int_equal(rn_needs_index_init(&ix, &net), RN_OK);
		struct rn_intro in;
		struct rn_intro_options o = m.opt;
		o.max_hops = 4;
		o.k = 5;
		assert_int_equal(rn_intro_init(&in, &net, &o, as_of), RN_OK);
		for (int i = 0; i < 8; i++) {
			struct query q;
			struct rn_routes rs;
			struct blist got;
			query_random(&m, &q, 1, 1);
			run_engine(&in, &ix, &q, &rs);
			engine_list(&m, &net, &in, &q, &rs, &got);
			for (int j = 0; j < got.n; j++) {
				if (j)
					assert_true(got.r[j].score <= got.r[j - 1].score);
				int p = got.r[j].path[got.r[j].hops];
				unsigned used = 0;
				for (int e = 0; e < j; e++)
					if (got.r[e].path[got.r[e].hops] == p)
						for (int h = 1; h < got.r[e].hops; h++)
							used |= 1u << got.r[e].path[h];
				for (int h = 1; h < got.r[j].hops; h++)
					assert_false(used >> got.r[j].path[h] & 1);
				struct dfs d;
				best_routes_bf(&m, 4, q.from, q.targets, q.avoid | used, &d);
				assert_true(d.found[p]);
				assert_true(fabs(d.best[p].score - got.r[j].score) <= 1e-12);
				assert_int_equal(d.best[p].hops, got.r[j].hops);
				checked++;
			}
			rn_routes_release(&rs);
		}
		rn_intro_release(&in);
		rn_needs_index_release(&ix);
		rn_network_release(&net);
	}
	assert_true(checked > 1000);
}

/*
 * A need with several providers, k = 5: the first route listed for each
 * provider is its brute-force best route (never through another provider),
 * those first routes come in ranking order, and when fewer than k routes are
 * listed every reachable provider is among them.
 */
static void kbest_need_first_route_per_provider(void **state)
{
	(void) state;
	int checked = 0;
	for (int g = 0; g < GRAPHS; g++) {
		tu_seed(66000 + (uint64_t) g);
		struct tu_model m;
		model_random(&m, GEN_CONTINUOUS, 6, 12);
		struct rn_network net;
		struct rn_needs_index ix;
		model_load(&m, &net);
		assert_int_equal(rn_needs_index_init(&ix, &net), RN_OK);
		for (int hmax = 1; hmax <= 4; hmax++) {
			struct rn_intro in;
			struct rn_intro_options o = m.opt;
			o.max_hops = hmax;
			o.k = 5;
			assert_int_equal(rn_intro_init(&in, &net, &o, as_of), RN_OK);
			/* tie costs on demand, or all at once: the same routes */
			if (hmax % 2 == 0)
				assert_int_equal(rn_intro_precompute(&in), RN_OK);
			for (int i = 0; i < 6; i++) {
				struct query q;
				struct rn_routes rs;
				struct blist got;
				struct dfs d;
				query_random(&m, &q, 0, 1);
				run_engine(&in, &ix, &q, &rs);
				engine_list(&m, &net, &in, &q, &rs, &got);
				best_routes_bf(&m, hmax, q.from, q.targets, q.avoid, &d);
				unsigned listed = 0;
				const struct broute *prev = NULL;
				for (int j = 0; j < got.n; j++) {
					int p = got.r[j].path[got.r[j].hops];
					if (listed >> p & 1)
						continue;
					listed |= 1u << p;
					assert_true(d.found[p]);
					struct blist one = { 1, { d.best[p] } }, mine = { 1, { got.r[j] } };
					if (!lists_equal(&one, &mine)) {
						print_list("engine", &m, &mine);
						print_list("brute force", &m, &one);
						fail_msg("seed %d, from %s: first route to %s", 66000 + g,
						         m.id[q.from], m.id[p]);
					}
					if (prev)
						assert_true(broute_before(&m, prev, &got.r[j]));
					prev = &got.r[j];
					checked++;
				}
				if (got.n < 5)
					for (int v = 0; v < m.n; v++)
						assert_true(!d.found[v] || (listed >> v & 1));
				rn_routes_release(&rs);
			}
			rn_intro_release(&in);
		}
		rn_needs_index_release(&ix);
		rn_network_release(&net);
	}
	assert_true(checked > 1000);
}

/*
 * Exact ties everywhere (strengths 0.5 and 1, no dates, no asks): the
 * order and the choice between equal routes must follow the ids along the
 * path, not by file position (as it once did: see the hand-built cases on
 * equal routes).
 */
static void regression_exact_ties_kbest_equals_bruteforce(void **state)
{
	(void) state;
	struct stats s = drive(GEN_EXACT, 0, 1, 5, 6, 0);
	assert_int_equal(s.mismatches, 0);
}

static void regression_exact_ties_best_to_equals_bruteforce(void **state)
{
	(void) state;
	struct stats s = drive(GEN_EXACT, 1, 0, 1, 7, 0);
	assert_int_equal(s.mismatches, 0);
}

/* The scores alone agree even with exact ties: only the choice among equals differs. */
static void exact_ties_best_scores_equal_bruteforce(void **state)
{
	(void) state;
	int checked = 0;
	for (int g = 0; g < GRAPHS; g++) {
		tu_seed(88000 + (uint64_t) g);
		struct tu_model m;
		model_random(&m, GEN_EXACT, 6, 12);
		struct rn_network net;
		struct rn_needs_index ix;
		model_load(&m, &net);
		assert_int_equal(rn_needs_index_init(&ix, &net), RN_OK);
		for (int h = 1; h <= 4; h++) {
			struct rn_intro in;
			struct rn_intro_options o = m.opt;
			o.max_hops = h;
			o.k = 1;
			assert_int_equal(rn_intro_init(&in, &net, &o, as_of), RN_OK);
			/* tie costs on demand, or all at once: the same routes */
			if (h % 2 == 0)
				assert_int_equal(rn_intro_precompute(&in), RN_OK);
			for (int i = 0; i < 6; i++) {
				struct query q;
				struct rn_routes rs;
				struct blist got, want;
				query_random(&m, &q, i & 1, 1);
				run_engine(&in, &ix, &q, &rs);
				engine_list(&m, &net, &in, &q, &rs, &got);
				kbest_bf(&m, h, 1, &q, &want);
				assert_int_equal(got.n, want.n);
				if (got.n) {
					assert_true(got.r[0].score == want.r[0].score);
					assert_int_equal(got.r[0].hops, want.r[0].hops);
					checked++;
				}
				rn_routes_release(&rs);
			}
			rn_intro_release(&in);
		}
		rn_needs_index_release(&ix);
		rn_network_release(&net);
	}
	assert_true(checked > 500);
}

/* ---- (d) avoided contacts ------------------------------------------------ */

/* Random requests with --avoid: equal to the brute force, which never uses them. */
static void avoid_equals_bruteforce(void **state)
{
	(void) state;
	struct stats s = drive(GEN_CONTINUOUS, 1, 1, 5, 8, 0);
	assert_true(s.routes > 1000);
	assert_int_equal(s.mismatches, 0);
}

/* ---- small hand-built networks ------------------------------------------- */

struct hand {
	struct tu_model m;
	struct rn_network net;
	struct rn_needs_index ix;
	struct rn_intro in;
};

static void hand_open(struct hand *h, int max_hops, int k)
{
	tu_model_derive(&h->m);
	model_load(&h->m, &h->net);
	assert_int_equal(rn_needs_index_init(&h->ix, &h->net), RN_OK);
	struct rn_intro_options o = h->m.opt;
	o.max_hops = max_hops;
	o.k = k;
	assert_int_equal(rn_intro_init(&h->in, &h->net, &o, as_of), RN_OK);
}

static void hand_close(struct hand *h)
{
	rn_intro_release(&h->in);
	rn_needs_index_release(&h->ix);
	rn_network_release(&h->net);
}

/* "a>b>c" for a route. */
static void route_text(const struct rn_network *net, const struct rn_route *r, char *buf,
                       size_t n)
{
	size_t len = 0;
	buf[0] = '\0';
	for (size_t i = 0; i <= r->nhops && len < n; i++)
		len += (size_t) snprintf(buf + len, n - len, "%s%s", i ? ">" : "", net->id[r->path[i]]);
}

/* The routes must be exactly these paths, in this order. */
static void expect_paths(const struct rn_network *net, const struct rn_routes *rs,
                         const char *const *want, size_t nwant)
{
	char buf[256];
	for (size_t i = 0; i < rs->n && i < nwant; i++) {
		route_text(net, &rs->r[i], buf, sizeof(buf));
		if (strcmp(buf, want[i]) != 0)
			fail_msg("route %zu is %s, expected %s", i + 1, buf, want[i]);
	}
	if (rs->n != nwant)
		fail_msg("%zu routes, expected %zu", rs->n, nwant);
}

/* ---- (e) hand-built networks, as a table -------------------------------- */

/*
 * Each case: a network written out (contacts in file order, "id" or
 * "id=offers"; ties "a-b:strength", "@DAY" adding last_contact DAY days
 * from as-of; log events "from>to:kind@DAY"), the engine's max_hops and k,
 * one request ("FROM|need|TEXT" or "FROM|to|ID", then "|avoid|ID,ID..."),
 * and what must come back: the routes in order ("a>b>c", "=SCORE" checking
 * its score; "" for none), the number of providers (-1: not checked) and
 * fatigue values ("id=VALUE ...").
 */
struct route_case {
	const char *what;
	const char *contacts, *ties, *log;
	int hops, k;
	const char *ask;
	const char *want;
	int providers;
	const char *fatigue;
};

#define CHAIN7 "c00 c01 c02 c03 c04 c05=plumber c06=plumber"
#define CHAIN7_TIES "c00-c01:1 c01-c02:1 c02-c03:1 c03-c04:1 c04-c05:1"
#define LINE3 "c00 c01 c02=plumber", "c00-c01:0.9 c01-c02:0.9", ""
#define DIRECT "c00 c01 c02=plumber", "c00-c02:0.5 c00-c01:0.9 c01-c02:0.9", ""
#define FATIGUE_NET "c00 c01 c02 c03=plumber c04 c05 c06", \
	"c00-c01:0.9 c01-c03:0.9 c00-c02:0.8 c02-c03:0.8", \
	"c04>c01:ask@-89 c05>c01:pitch@-10 c06>c01:ask@0 c06>c01:ask@-90 " \
	"c04>c01:touch@-5 c01>c02:ask@-5 c05>c01:ask@1"
#define TIE_BREAK "me zed=plumber amy=plumber bob pat=plumber", \
	"me-zed:0.5 me-amy:0.5 me-bob:1 bob-pat:0.5", ""

static const struct route_case route_cases[] = {
	/* empty results */
	{ "nobody offers the need", "c00 c01 c02=electrician", "c00-c01:0.9 c01-c02:0.9", "",
	  4, 5, "c00|need|plumber", "", 0, NULL },
	{ "a need with no words matches nobody", "c00 c01 c02=electrician",
	  "c00-c01:0.9 c01-c02:0.9", "", 4, 5, "c00|need|  ", "", 0, NULL },
	{ "an empty need matches nobody", "c00 c01 c02=electrician", "c00-c01:0.9 c01-c02:0.9",
	  "", 4, 5, "c00|need|", "", 0, NULL },
	{ "the asker is never a provider of their own need", "c00=plumber c01", "c00-c01:0.9",
	  "", 4, 5, "c00|need|plumber", "", 0, NULL },
	{ "providers out of reach of four hops", CHAIN7, CHAIN7_TIES, "", 4, 5,
	  "c00|need|plumber", "", 2, NULL },
	{ "--to out of reach", CHAIN7, CHAIN7_TIES, "", 4, 5, "c00|to|c05", "", -1, NULL },
	{ "--to someone without ties", CHAIN7, CHAIN7_TIES, "", 4, 5, "c00|to|c06", "", -1,
	  NULL },
	{ "--to oneself", CHAIN7, CHAIN7_TIES, "", 4, 5, "c03|to|c03", "", -1, NULL },
	{ "five hops find the chain", CHAIN7, CHAIN7_TIES, "", 5, 5, "c00|need|plumber",
	  "c00>c01>c02>c03>c04>c05=1", -1, NULL },
	{ "avoiding the only provider", LINE3, 4, 5, "c00|need|plumber|avoid|c02", "", -1,
	  NULL },
	{ "avoiding the only way to the provider", LINE3, 4, 5, "c00|need|plumber|avoid|c01",
	  "", 1, NULL },
	{ "--to an avoided contact", LINE3, 4, 5, "c00|to|c02|avoid|c02", "", -1, NULL },
	{ "without --avoid the route is there", LINE3, 4, 5, "c00|need|plumber",
	  "c00>c01>c02", -1, NULL },

	/* scoring */
	{ "diamond: the stronger two-hop route first, the other as the alternative",
	  "c00 c01 c02 c03=plumber", "c00-c01:0.9 c01-c03:0.8 c00-c02:0.6 c02-c03:0.7", "",
	  4, 5, "c00|need|plumber", "c00>c01>c03=0.72 c00>c02>c03=0.42", -1, NULL },
	{ "0.81 through c01 beats the direct 0.5, then the direct tie", DIRECT, 4, 5,
	  "c00|to|c02", "c00>c01>c02 c00>c02", -1, NULL },
	{ "the direct tie strongest: ask directly, no alternatives", "c00 c01 c02=plumber",
	  "c00-c02:1 c00-c01:0.9 c01-c02:0.9", "", 4, 5, "c00|to|c02", "c00>c02=1", -1, NULL },
	{ "decay: an old strong tie loses to a recent weaker one (future events ignored)",
	  "c00 c01 c02 c03=plumber", "c00-c01:1 c01-c03:0.9@-180 c00-c02:1 c02-c03:0.6@-400",
	  "c03>c02:touch@0 c03>c01:touch@5", 4, 5, "c00|need|plumber",
	  "c00>c02>c03=0.6 c00>c01>c03=0.45", -1, NULL },
	{ "fatigue: three asks and pitches received in the window cost 0.8^2", FATIGUE_NET,
	  4, 5, "c00|need|plumber", "c00>c02>c03=0.64 c00>c01>c03=0.5184", -1,
	  "c01=0.64 c02=1 c00=1" },
	{ "a provider is never passed through", "c00 c01=plumber c02=Plumber",
	  "c00-c01:0.2 c01-c02:1", "", 4, 5, "c00|need|plumber", "c00>c01", 2, NULL },
	{ "with --to nobody is a provider: the route passes through c01",
	  "c00 c01=plumber c02=Plumber", "c00-c01:0.2 c01-c02:1", "", 4, 5, "c00|to|c02",
	  "c00>c01>c02", -1, NULL },
	{ "equal scores between providers: fewer hops first, then ids", TIE_BREAK, 4, 5,
	  "me|need|plumber", "me>amy me>zed me>bob>pat", -1, NULL },

	/* once wrong: each on the smallest network that showed it */
	{ "equal routes to one provider are ordered by the ids along the path, not by "
	  "file order", "me zed amy pat=plumber", "me-zed:0.5 me-amy:0.5 zed-pat:0.5 amy-pat:0.5",
	  "", 4, 5, "me|to|pat", "me>amy>pat me>zed>pat", -1, NULL },
	{ "more equally good providers than k: the first by id, not by file order",
	  "me zed=plumber amy=plumber", "me-zed:0.5 me-amy:0.5", "", 4, 1, "me|need|plumber",
	  "me>amy", -1, NULL },
	{ "an alternative route never passes through another provider",
	  "me a p=plumber q=plumber", "me-a:0.9 a-p:0.9 me-q:0.8 q-p:0.9", "", 4, 5,
	  "me|need|plumber", "me>a>p me>q", -1, NULL },
	{ "equal scores in opposite orders of strengths: ids decide, not the rounding",
	  "me b1 b2 amy=plumber x1 x2 pat=plumber",
	  "me-b1:0.55 b1-b2:0.65 b2-amy:0.7 me-x1:0.7 x1-x2:0.65 x2-pat:0.55", "", 4, 5,
	  "me|need|plumber", "me>b1>b2>amy me>x1>x2>pat", -1, NULL },
};

/* The contact of a model named s[0..n). */
static int model_contact(const struct route_case *c, const struct tu_model *m, const char *s,
                         size_t n)
{
	for (int v = 0; v < m->n; v++)
		if (strlen(m->id[v]) == n && strncmp(m->id[v], s, n) == 0)
			return v;
	fail_msg("%s: no contact '%.*s'", c->what, (int) n, s);
	return -1;
}

/* The next space-separated word of *s, or NULL at the end; *n its length. */
static const char *next_word(const char **s, size_t *n)
{
	while (**s == ' ')
		(*s)++;
	if (!**s)
		return NULL;
	const char *w = *s;
	*n = strcspn(w, " ");
	*s += *n;
	return w;
}

/* "a-b:0.9@-180" (ties) or "a>b:ask@-5" (log) into its parts. */
static void parse_link(const struct route_case *c, const struct tu_model *m, const char *w,
                       size_t n, char sep, int *a, int *b, const char **rest, size_t *rn,
                       int *day)
{
	const char *p = memchr(w, sep, n), *colon = memchr(w, ':', n);
	assert_non_null(p);
	assert_non_null(colon);
	*a = model_contact(c, m, w, (size_t) (p - w));
	*b = model_contact(c, m, p + 1, (size_t) (colon - p - 1));
	*rest = colon + 1;
	const char *at = memchr(colon, '@', n - (size_t) (colon - w));
	*rn = (size_t) ((at ? at : w + n) - *rest);
	*day = RN_NO_DATE;
	if (at) {
		char buf[16];
		snprintf(buf, sizeof(buf), "%.*s", (int) (w + n - at - 1), at + 1);
		*day = as_of + (int) strtol(buf, NULL, 10);
	}
}

static void route_case_model(const struct route_case *c, struct tu_model *m)
{
	const char *s = c->contacts, *w;
	size_t n;
	int count = 0;
	tu_model_init(m, 0, as_of);
	while ((w = next_word(&s, &n)) != NULL) {
		const char *eq = memchr(w, '=', n);
		size_t idn = eq ? (size_t) (eq - w) : n;
		assert_true(idn < sizeof(m->id[0]) && count < TU_MODEL_MAXN);
		snprintf(m->id[count], sizeof(m->id[0]), "%.*s", (int) idn, w);
		if (eq) {
			/* The offers point into the case's own (static) text. */
			char *o = strndup(eq + 1, n - idn - 1);
			assert_non_null(o);
			set_offers(m, count, o);
		}
		m->n = ++count;
	}
	s = c->ties;
	while ((w = next_word(&s, &n)) != NULL) {
		int a, b, day;
		const char *r;
		size_t rn;
		parse_link(c, m, w, n, '-', &a, &b, &r, &rn, &day);
		char buf[16];
		snprintf(buf, sizeof(buf), "%.*s", (int) rn, r);
		tu_model_tie(m, a, b, (int) lround(strtod(buf, NULL) * 1e6), day);
	}
	s = c->log;
	while ((w = next_word(&s, &n)) != NULL) {
		int a, b, day, kind = -1;
		const char *r;
		size_t rn;
		parse_link(c, m, w, n, '>', &a, &b, &r, &rn, &day);
		for (int k = 0; k < RN_KIND_COUNT; k++)
			if (strlen(rn_kind_name((enum rn_kind) k)) == rn &&
			    strncmp(rn_kind_name((enum rn_kind) k), r, rn) == 0)
				kind = k;
		assert_true(kind >= 0);
		tu_model_event(m, day, a, b, kind);
	}
}

static void route_case_free(struct tu_model *m)
{
	for (int v = 0; v < m->n; v++)
		for (int k = 0; k < m->noffer[v]; k++)
			free((char *) m->offer[v][k]);
}

static void route_case_run(const struct route_case *c)
{
	struct hand h;
	route_case_model(c, &h.m);
	hand_open(&h, c->hops, c->k);

	/* FROM|need|TEXT or FROM|to|ID, then |avoid|ID,ID... */
	char ask[128];
	snprintf(ask, sizeof(ask), "%s", c->ask);
	char *part[5] = { ask };
	int np = 1;
	for (char *p = ask; *p && np < 5; p++)
		if (*p == '|') {
			*p = '\0';
			part[np++] = p + 1;
		}
	assert_true(np == 3 || np == 5);
	igraph_integer_t from = model_contact(c, &h.m, part[0], strlen(part[0]));
	igraph_integer_t avoid[MAXN];
	size_t navoid = 0;
	if (np == 5) {
		assert_string_equal(part[3], "avoid");
		for (char *a = part[4], *e; *a; a = *e ? e + 1 : e) {
			e = a + strcspn(a, ",");
			avoid[navoid++] = model_contact(c, &h.m, a, (size_t) (e - a));
		}
	}
	struct rn_routes rs;
	if (strcmp(part[1], "need") == 0) {
		assert_int_equal(rn_intro_need(&h.in, &h.ix, from, part[2], navoid ? avoid : NULL,
		                               navoid, &rs), RN_OK);
	} else {
		assert_string_equal(part[1], "to");
		igraph_integer_t to = model_contact(c, &h.m, part[2], strlen(part[2]));
		assert_int_equal(rn_intro_to(&h.in, from, to, navoid ? avoid : NULL, navoid, &rs),
		                 RN_OK);
	}

	const char *s = c->want, *w;
	size_t n, i = 0;
	while ((w = next_word(&s, &n)) != NULL) {
		const char *eq = memchr(w, '=', n);
		size_t pn = eq ? (size_t) (eq - w) : n;
		char got[256];
		if (i >= rs.n)
			fail_msg("%s: %zu routes, expected %s", c->what, rs.n, c->want);
		route_text(&h.net, &rs.r[i], got, sizeof(got));
		if (strlen(got) != pn || strncmp(got, w, pn) != 0)
			fail_msg("%s: route %zu is %s, expected %.*s", c->what, i + 1, got, (int) pn, w);
		if (eq) {
			double want = strtod(eq + 1, NULL);
			if (fabs(rs.r[i].score - want) > 1e-12)
				fail_msg("%s: route %zu scores %.17g, expected %.*s", c->what, i + 1,
				         rs.r[i].score, (int) (w + n - eq - 1), eq + 1);
		}
		i++;
	}
	if (rs.n != i)
		fail_msg("%s: %zu routes, expected %zu", c->what, rs.n, i);
	if (c->providers >= 0 && rs.providers != (size_t) c->providers)
		fail_msg("%s: %zu providers, expected %d", c->what, rs.providers, c->providers);
	rn_routes_release(&rs);

	s = c->fatigue ? c->fatigue : "";
	while ((w = next_word(&s, &n)) != NULL) {
		const char *eq = memchr(w, '=', n);
		assert_non_null(eq);
		int v = model_contact(c, &h.m, w, (size_t) (eq - w));
		double want = strtod(eq + 1, NULL), got = rn_intro_fatigue(&h.in, v);
		if (fabs(got - want) > 1e-12)
			fail_msg("%s: fatigue of %s is %.17g, expected %g", c->what, h.m.id[v], got, want);
	}
	hand_close(&h);
	route_case_free(&h.m);
}

static void hand_built_routes(void **state)
{
	(void) state;
	for (size_t i = 0; i < RN_ARRAY_LEN(route_cases); i++)
		route_case_run(&route_cases[i]);
}

/* The fatigue floor. */
static void fatigue_floor(void **state)
{
	(void) state;
	struct hand h;
	tu_model_init(&h.m, 3, as_of);
	tu_model_tie(&h.m, 0, 1, 900000, RN_NO_DATE);
	for (int i = 0; i < 20; i++)
		tu_model_event(&h.m, as_of - i, 2, 1, RN_KIND_PITCH);
	hand_open(&h, 4, 5);
	assert_true(fabs(rn_intro_fatigue(&h.in, 1) - 0.1) < 1e-15);   /* 0.8^19 < 0.1 */
	hand_close(&h);
}

/* ---- (f) determinism ----------------------------------------------------- */

/*
 * The same requests give bit-identical routes whatever ran before them on
 * the engine (its scratch space is reused), and on a fresh engine.
 */
static void deterministic_across_requests(void **state)
{
	(void) state;
	enum { NQ = 12 };
	for (int g = 0; g < 40; g++) {
		tu_seed(99000 + (uint64_t) g);
		struct tu_model m;
		model_random(&m, g % 2 ? GEN_EXACT : GEN_CONTINUOUS, 8, 12);
		struct rn_network net;
		struct rn_needs_index ix;
		model_load(&m, &net);
		assert_int_equal(rn_needs_index_init(&ix, &net), RN_OK);
		struct query q[NQ];
		struct rn_routes first[NQ];
		for (int i = 0; i < NQ; i++)
			query_random(&m, &q[i], i % 3 == 0, 1);
		struct rn_intro_options o = m.opt;
		o.max_hops = 3;
		o.k = 4;
		struct rn_intro in;
		assert_int_equal(rn_intro_init(&in, &net, &o, as_of), RN_OK);
		for (int i = 0; i < NQ; i++)
			run_engine(&in, &ix, &q[i], &first[i]);
		/* Again on the same engine, in reverse order, then on a new one. */
		for (int pass = 0; pass < 2; pass++) {
			if (pass == 1) {
				rn_intro_release(&in);
				assert_int_equal(rn_intro_init(&in, &net, &o, as_of), RN_OK);
			}
			for (int i = NQ - 1; i >= 0; i--) {
				struct rn_routes rs;
				run_engine(&in, &ix, &q[i], &rs);
				assert_int_equal(rs.n, first[i].n);
				assert_int_equal(rs.providers, first[i].providers);
				for (size_t j = 0; j < rs.n; j++) {
					assert_true(rs.r[j].score == first[i].r[j].score);
					assert_int_equal(rs.r[j].nhops, first[i].r[j].nhops);
					assert_int_equal(rs.r[j].offer, first[i].r[j].offer);
					assert_memory_equal(rs.r[j].path, first[i].r[j].path,
					                    (rs.r[j].nhops + 1) * sizeof(igraph_integer_t));
					assert_memory_equal(rs.r[j].tie, first[i].r[j].tie,
					                    rs.r[j].nhops * sizeof(igraph_integer_t));
				}
				rn_routes_release(&rs);
			}
		}
		for (int i = 0; i < NQ; i++)
			rn_routes_release(&first[i]);
		rn_intro_release(&in);
		rn_needs_index_release(&ix);
		rn_network_release(&net);
	}
}

/* ---- the trust model ----------------------------------------------------- */

/* rn_intro_effective and rn_intro_fatigue against the documented formulas;
 * the precomputed costs are the very same numbers. */
static void trust_model_equals_formulas(void **state)
{
	(void) state;
	for (int g = 0; g < GRAPHS; g++) {
		tu_seed(55000 + (uint64_t) g);
		struct tu_model m;
		model_random(&m, GEN_CONTINUOUS, 6, 12);
		struct rn_network net;
		model_load(&m, &net);
		struct rn_intro in;
		assert_int_equal(rn_intro_init(&in, &net, &m.opt, as_of), RN_OK);
		assert_int_equal(net.nties, m.ntie);
		double *lazy = malloc(((size_t) net.nties + 1) * sizeof(*lazy));
		assert_non_null(lazy);
		assert_null(in.effective);
		for (igraph_integer_t e = 0; e < net.nties; e++) {
			int a = (int) net.tie_a[e], b = (int) net.tie_b[e];
			lazy[e] = rn_intro_effective(&in, e);
			assert_true(fabs(lazy[e] - m.eff[a][b]) <= 1e-15);
		}
		assert_int_equal(rn_intro_precompute(&in), RN_OK);
		for (igraph_integer_t e = 0; e < net.nties; e++) {
			assert_memory_equal(&in.effective[e], &lazy[e], sizeof(double));
			assert_true(rn_intro_effective(&in, e) == lazy[e]);
			assert_true(in.tie_cost[e] == -log(lazy[e]));
		}
		free(lazy);
		for (int v = 0; v < m.n; v++)
			assert_true(fabs(rn_intro_fatigue(&in, v) - m.fatigue[v]) <= 1e-15);
		rn_intro_release(&in);
		rn_network_release(&net);
	}
}

/* The worked example of docs/scoring.md on the sample network. */
static void docs_worked_example(void **state)
{
	(void) state;
	struct rn_network net;
	tu_load_sample(&net, TU_ADJACENCY);
	struct rn_needs_index ix;
	struct rn_intro in;
	struct rn_intro_options o;
	rn_intro_options_default(&o);
	assert_int_equal(rn_needs_index_init(&ix, &net), RN_OK);
	assert_int_equal(rn_intro_init(&in, &net, &o, as_of), RN_OK);
	struct rn_routes rs;
	assert_int_equal(rn_intro_need(&in, &ix, tu_id(&net, "tom-kowalski"), "estate attorney",
	                               NULL, 0, &rs), RN_OK);
	static const char *const want[] = {
		"tom-kowalski>kevin-doyle>ben-hartley>dana-wu",
		"tom-kowalski>derek-lam>aisha-bello>linda-cho>dana-wu",
		"tom-kowalski>priya-nair>grace-okafor>dana-wu",
		"tom-kowalski>fiona-byrne>dana-wu",
	};
	expect_paths(&net, &rs, want, 4);
	double s1 = 0.81 * pow(0.5, 10 / 180.0) * 0.60 * pow(0.5, 56 / 180.0) *
	            0.91 * pow(0.5, 48 / 180.0);
	double s3 = 0.66 * pow(0.5, 30 / 180.0) * 1.00 * pow(0.5, 34 / 180.0) *
	            0.72 * pow(0.5, 41 / 180.0) * pow(0.8, 4);
	assert_true(fabs(rs.r[0].score - s1) < 1e-12);
	assert_true(fabs(rs.r[2].score - s3) < 1e-12);
	assert_true(fabs(s1 - 0.2851) < 5e-5);
	assert_true(fabs(s3 - 0.1299) < 5e-5);
	rn_routes_release(&rs);
	rn_intro_release(&in);
	rn_needs_index_release(&ix);
	rn_network_release(&net);
}

int main(void)
{
	rn_igraph_setup();
	as_of = rn_date_from_ymd(2026, 11, 1);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(trust_model_equals_formulas),
		cmocka_unit_test(best_to_equals_bruteforce),
		cmocka_unit_test(best_need_equals_bruteforce),
		cmocka_unit_test(kbest_to_equals_bruteforce),
		cmocka_unit_test(kbest_need_one_provider_equals_bruteforce),
		cmocka_unit_test(kbest_properties),
		cmocka_unit_test(kbest_need_first_route_per_provider),
		cmocka_unit_test(avoid_equals_bruteforce),
		cmocka_unit_test(exact_ties_best_scores_equal_bruteforce),
		cmocka_unit_test(hand_built_routes),
		cmocka_unit_test(fatigue_floor),
		cmocka_unit_test(deterministic_across_requests),
		cmocka_unit_test(docs_worked_example),
		cmocka_unit_test(regression_kbest_need_many_providers_equals_bruteforce),
		cmocka_unit_test(regression_exact_ties_kbest_equals_bruteforce),
		cmocka_unit_test(regression_exact_ties_best_to_equals_bruteforce),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

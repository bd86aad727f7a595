/*
 * Unit tests for matches (src/analysis/match.c): rn_match_run with its
 * --via, --need and --top restrictions, compared with a brute-force
 * enumeration of every (needer, provider, introducer) triple on small random
 * networks.
 *
 * The rules (include/refnet/match.h, docs/scoring.md): a provider offers a
 * tag matching one of the needer's needs (every word of the need tag is a
 * prefix of a word of the offer tag, after folding); needer and provider
 * have no tie; the introducer is tied to both.  The score is
 * effective(needer-introducer) x effective(introducer-provider) x
 * fatigue(introducer), each pair is shown once with its best introducer,
 * and the ranking is score, then needer id, provider id, introducer id.
 * --via keeps the introductions one contact can make; --need TEXT keeps the
 * matches whose need matches TEXT; --top N keeps the first N.
 *
 * The brute force works from the trust model (testutil.h, shared with
 * test_intro.c: the CSV text the network was written from), with its own folding, matching and trust formulas; only
 * the tag ids of the loaded network are used to name the tags it reports.
 *
 * Tests named regression_* pin behaviour the documentation promises and
 * the engine once got wrong.
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

#include "refnet/date.h"
#include "refnet/match.h"
#include "refnet/needs.h"
#include "refnet/network.h"
#include "testutil.h"

#define MAXN TU_MODEL_MAXN
#define GRAPHS 200

static int as_of;

/* ---- the model (testutil.h) -------------------------------------------- */

static const char *const offer_pool[] = {
	"web design", "Web Hosting", "estate attorney", "Bookkeeping", "book printing",
	"Café catering", "plumber", "IT support", "design", "Estate-Planning Attorney",
};

static const char *const need_pool[] = {
	"web design", "web", "bookkeeper", "book", "estate att", "attorney estate", "CAFE",
	"plumb", "hosting web", "design web agency", "IT", "printing", "catering café",
};

enum gen_kind { GEN_CONTINUOUS, GEN_EXACT };

static void model_random(struct tu_model *m, enum gen_kind kind)
{
	int n = tu_rnd_int(5, 14);
	tu_model_init(m, n, as_of);
	tu_model_random_ids(m);
	for (int i = 0; i < n; i++) {
		int no = tu_rnd_int(0, 2), nn = tu_rnd_int(0, 2);
		for (int k = 0; k < no; k++)
			tu_model_tag(m->offer[i], &m->noffer[i],
			        offer_pool[tu_rnd_int(0, (int) RN_ARRAY_LEN(offer_pool) - 1)]);
		for (int k = 0; k < nn; k++)
			tu_model_tag(m->need[i], &m->nneed[i],
			        need_pool[tu_rnd_int(0, (int) RN_ARRAY_LEN(need_pool) - 1)]);
	}
	int pct = tu_rnd_int(20, 55);
	for (int a = 0; a < n; a++)
		for (int b = a + 1; b < n; b++) {
			if (!tu_chance(pct))
				continue;
			int x = a, y = b;
			if (tu_chance(50)) {
				x = b;
				y = a;
			}
			if (kind == GEN_EXACT)
				tu_model_tie(m, x, y, tu_chance(50) ? 1000000 : 500000, RN_NO_DATE);
			else
				tu_model_tie(m, x, y, tu_chance(10) ? 0 : tu_rnd_int(50000, 1000000),
				        tu_chance(25) ? RN_NO_DATE : as_of - tu_rnd_int(-15, 800));
		}
	tu_model_shuffle_ties(m);
	if (kind == GEN_CONTINUOUS) {
		if (tu_chance(30))
			m->opt.half_life = 60;
		if (tu_chance(30)) {
			m->opt.fatigue = 0.5;
			m->opt.fatigue_floor = 0.2;
		}
		int nev = tu_rnd_int(0, 40);
		for (int i = 0; i < nev; i++) {
			int from = tu_rnd_int(0, n - 1), to = tu_rnd_int(0, n - 2);
			if (to >= from)
				to++;
			int k = tu_chance(60) ? (tu_chance(50) ? RN_KIND_ASK : RN_KIND_PITCH)
			                   : tu_rnd_int(0, RN_KIND_COUNT - 1);
			int date = tu_chance(10) ? as_of + tu_rnd_int(1, 9) : as_of - tu_rnd_int(0, 300);
			tu_model_event(m, date, from, to, k);
		}
	}
	tu_model_derive(m);
}

/* ---- writing and loading ------------------------------------------------- */

static char dir[TU_DIR_MAX];

static int setup(void **state)
{
	(void) state;
	return tu_mkdtemp(dir, "match");
}

static int teardown(void **state)
{
	(void) state;
	tu_rmtree(dir);
	return 0;
}

/* ---- brute-force matching ------------------------------------------------ */

/* Fold for the pools' alphabet: ASCII, "é", punctuation. */
static void bf_fold(const char *s, char *out, size_t cap)
{
	size_t k = 0;
	int gap = 0;
	while (*s) {
		char c = 0;
		size_t adv = 1;
		if (strncmp(s, "\xc3\xa9", 2) == 0) {
			c = 'e';
			adv = 2;
		} else if ((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')) {
			c = *s;
		} else if (*s >= 'A' && *s <= 'Z') {
			c = (char) (*s - 'A' + 'a');
		} else {
			assert_true((unsigned char) *s < 0x80);
		}
		if (c) {
			if (gap && k)
				out[k++] = ' ';
			gap = 0;
			out[k++] = c;
		} else {
			gap = 1;
		}
		assert_true(k + 2 < cap);
		s += adv;
	}
	out[k] = '\0';
}

/* Every word of need is a prefix of a word of tag. */
static int bf_matches(const char *need, const char *tag)
{
	char nf[128], tf[128];
	bf_fold(need, nf, sizeof(nf));
	bf_fold(tag, tf, sizeof(tf));
	if (!*nf)
		return 0;
	for (char *w = nf; *w;) {
		size_t len = strcspn(w, " ");
		int ok = 0;
		for (const char *t = tf; *t && !ok;) {
			size_t tl = strcspn(t, " ");
			ok = tl >= len && strncmp(t, w, len) == 0;
			t += tl;
			t += *t == ' ';
		}
		if (!ok)
			return 0;
		w += len;
		w += *w == ' ';
	}
	return 1;
}

struct bmatch {
	int introducer, needer, provider;
	double score;
};

struct blist {
	int n;
	struct bmatch m[MAXN * MAXN];
	int pairs;
};

static int bmatch_before(const struct tu_model *m, const struct bmatch *a, const struct bmatch *b)
{
	if (a->score != b->score)
		return a->score > b->score;
	int c = strcmp(m->id[a->needer], m->id[b->needer]);
	if (!c)
		c = strcmp(m->id[a->provider], m->id[b->provider]);
	if (!c)
		c = strcmp(m->id[a->introducer], m->id[b->introducer]);
	return c < 0;
}

/* Does provider p answer a need of v (restricted to needs matching text)? */
static int answers(const struct tu_model *m, int v, int p, const char *text)
{
	for (int i = 0; i < m->nneed[v]; i++) {
		if (text && !bf_matches(text, m->need[v][i]))
			continue;
		for (int j = 0; j < m->noffer[p]; j++)
			if (bf_matches(m->need[v][i], m->offer[p][j]))
				return 1;
	}
	return 0;
}

/* Every triple, the best introducer per pair, sorted, then the first `top`. */
static void match_bf(const struct tu_model *m, int via, const char *text, int top,
                     struct blist *out)
{
	out->n = 0;
	for (int v = 0; v < m->n; v++)
		for (int p = 0; p < m->n; p++) {
			if (p == v || (m->tie_of[v][p] >= 0) || !answers(m, v, p, text))
				continue;
			struct bmatch best = { -1, v, p, 0 };
			for (int c = 0; c < m->n; c++) {
				if (c == v || c == p || !(m->tie_of[c][v] >= 0) || !(m->tie_of[c][p] >= 0))
					continue;
				if (via >= 0 && c != via)
					continue;
				struct bmatch x = { c, v, p, m->eff[v][c] * m->eff[c][p] * m->fatigue[c] };
				if (best.introducer < 0 || bmatch_before(m, &x, &best))
					best = x;
			}
			if (best.introducer >= 0)
				out->m[out->n++] = best;
		}
	/* Insertion sort: small lists. */
	for (int i = 1; i < out->n; i++) {
		struct bmatch x = out->m[i];
		int j = i;
		for (; j > 0 && bmatch_before(m, &x, &out->m[j - 1]); j--)
			out->m[j] = out->m[j - 1];
		out->m[j] = x;
	}
	out->pairs = out->n;
	if (top > 0 && out->n > top)
		out->n = top;
}

/* ---- comparing ----------------------------------------------------------- */

static void print_lists(const struct tu_model *m, const struct rn_matches *got,
                        const struct blist *want)
{
	print_message("    engine (%zu of %zu):\n", got->n, got->pairs);
	for (size_t i = 0; i < got->n; i++)
		print_message("      %s introduces %s to %s  %.17g\n", m->id[got->m[i].introducer],
		              m->id[got->m[i].needer], m->id[got->m[i].provider], got->m[i].score);
	print_message("    brute force (%d of %d):\n", want->n, want->pairs);
	for (int i = 0; i < want->n; i++)
		print_message("      %s introduces %s to %s  %.17g\n", m->id[want->m[i].introducer],
		              m->id[want->m[i].needer], m->id[want->m[i].provider], want->m[i].score);
}

/* Is the engine's row well formed: ties, tags? */
static void check_row(const struct tu_model *m, const struct rn_network *net,
                      const struct rn_match *x, const char *text)
{
	int c = (int) x->introducer, v = (int) x->needer, p = (int) x->provider;
	int a = (int) net->tie_a[x->tie_needer], b = (int) net->tie_b[x->tie_needer];
	assert_true((a == c && b == v) || (a == v && b == c));
	a = (int) net->tie_a[x->tie_provider];
	b = (int) net->tie_b[x->tie_provider];
	assert_true((a == c && b == p) || (a == p && b == c));
	assert_true(x->offer_tag != RN_NO_TAG);
	const char *offer = net->tag_text[x->offer_tag];
	int of = 0;
	for (int j = 0; j < m->noffer[p]; j++)
		of |= strcmp(m->offer[p][j], offer) == 0;
	assert_true(of);
	if (text) {
		assert_int_equal(x->need_tag, RN_NO_TAG);
	} else {
		assert_true(x->need_tag != RN_NO_TAG);
		const char *need = net->tag_text[x->need_tag];
		int nd = 0;
		for (int j = 0; j < m->nneed[v]; j++)
			nd |= strcmp(m->need[v][j], need) == 0;
		assert_true(nd);
		assert_true(bf_matches(need, offer));
	}
}

/* Equal up to rounding: the same product taken in another order. */
static int near(double a, double b)
{
	return fabs(a - b) <= 1e-12 * fmax(fabs(a), fabs(b));
}

/*
 * Compare the engine with the brute force on one request.  The rows must be
 * the same, in the same order, except that rows whose scores are equal up
 * to rounding may come in any order among themselves: the engine orders
 * them by rounding noise (see regression_equal_scores_ordered_by_rounding), and
 * that one difference should not hide every other.  Returns 1 on a
 * mismatch (and prints the first few).
 */
static int compare(const struct tu_model *m, const struct rn_network *net,
                   const struct rn_intro *in, const struct rn_needs_index *ix, int via,
                   const char *text, int top, uint64_t seed, int *reported)
{
	struct rn_match_options mo = { .top = (size_t) top, .via = via, .need = text };
	struct rn_matches got;
	struct blist full, want;
	assert_int_equal(rn_match_run(in, ix, &mo, &got), RN_OK);
	match_bf(m, via, text, 0, &full);
	want = full;
	if (top > 0 && want.n > top)
		want.n = top;
	int same = got.n == (size_t) want.n && got.pairs == (size_t) full.pairs;
	for (size_t i = 0; same && i < got.n; i++) {
		const struct rn_match *x = &got.m[i];
		int j = 0;
		while (j < full.n && (full.m[j].needer != x->needer || full.m[j].provider != x->provider))
			j++;
		same = j < full.n && full.m[j].introducer == x->introducer &&
		       fabs(x->score - full.m[j].score) <= 1e-12 && near(x->score, full.m[i].score);
		for (size_t k = 0; same && k < i; k++)   /* each pair once */
			same = got.m[k].needer != x->needer || got.m[k].provider != x->provider;
	}
	if (same)
		for (size_t i = 0; i < got.n; i++)
			check_row(m, net, &got.m[i], text);
	if (!same && (*reported)++ < 3) {
		print_message("  mismatch: seed %llu, via %s, need %s, top %d\n",
		              (unsigned long long) seed, via >= 0 ? m->id[via] : "-",
		              text ? text : "-", top);
		print_lists(m, &got, &want);
	}
	rn_matches_release(&got);
	return !same;
}

/* A random model loaded, with its needs index and route search set up. */
struct world {
	struct tu_model m;
	struct rn_network net;
	struct rn_needs_index ix;
	struct rn_intro in;
};

static void world_open(struct world *w, uint64_t seed, enum gen_kind kind)
{
	tu_seed(seed);
	model_random(&w->m, kind);
	tu_model_load(&w->m, dir, &w->net);
	assert_int_equal(rn_needs_index_init(&w->ix, &w->net), RN_OK);
	assert_int_equal(rn_intro_init(&w->in, &w->net, &w->m.opt, as_of), RN_OK);
}

static void world_close(struct world *w)
{
	rn_intro_release(&w->in);
	rn_needs_index_release(&w->ix);
	rn_network_release(&w->net);
}

/*
 * GRAPHS random models; for each, the matches with no restriction, with
 * --via each contact (when via), with --need each pool need (when need), and
 * with --top 1..4 (when top).
 */
static int drive(enum gen_kind kind, uint64_t seed0, int via, int need, int top,
                 int *npairs)
{
	int mismatches = 0, reported = 0;
	*npairs = 0;
	for (int g = 0; g < GRAPHS; g++) {
		uint64_t seed = seed0 * 1000003u + (uint64_t) g;
		struct world w;
		world_open(&w, seed, kind);
		struct blist all;
		match_bf(&w.m, -1, NULL, 0, &all);
		*npairs += all.pairs;
		mismatches += compare(&w.m, &w.net, &w.in, &w.ix, -1, NULL, 0, seed, &reported);
		if (via)
			for (int c = 0; c < w.m.n; c++)
				mismatches += compare(&w.m, &w.net, &w.in, &w.ix, c, NULL, 0, seed, &reported);
		if (need)
			for (size_t i = 0; i < RN_ARRAY_LEN(need_pool); i++)
				mismatches += compare(&w.m, &w.net, &w.in, &w.ix, -1, need_pool[i], 0, seed,
				                      &reported);
		if (top)
			for (int t = 1; t <= 4; t++) {
				mismatches += compare(&w.m, &w.net, &w.in, &w.ix, -1, NULL, t, seed, &reported);
				int c = tu_rnd_int(0, w.m.n - 1);
				mismatches += compare(&w.m, &w.net, &w.in, &w.ix, c, NULL, t, seed, &reported);
			}
		world_close(&w);
	}
	print_message("  %d pairs in all, %d mismatches\n", *npairs, mismatches);
	return mismatches;
}

/* ---- random comparisons -------------------------------------------------- */

static void matches_equal_bruteforce(void **state)
{
	(void) state;
	int pairs;
	assert_int_equal(drive(GEN_CONTINUOUS, 1, 0, 0, 0, &pairs), 0);
	assert_true(pairs > 500);
}

/* Strengths 0.5 and 1 only, no dates: equal scores everywhere, ids decide. */
static void exact_ties_equal_bruteforce(void **state)
{
	(void) state;
	int pairs;
	assert_int_equal(drive(GEN_EXACT, 2, 1, 0, 1, &pairs), 0);
	assert_true(pairs > 500);
}

static void via_equals_bruteforce(void **state)
{
	(void) state;
	int pairs;
	assert_int_equal(drive(GEN_CONTINUOUS, 3, 1, 0, 0, &pairs), 0);
}

static void top_equals_bruteforce_prefix(void **state)
{
	(void) state;
	int pairs;
	assert_int_equal(drive(GEN_CONTINUOUS, 4, 0, 0, 1, &pairs), 0);
}

/*
 * --need TEXT must only narrow the matches.  The engine once paired a
 * needer whose need matches TEXT with any provider whose offer matches TEXT,
 * even when that offer did not answer the needer's need (see
 * regression_need_filter_adds_pairs).
 */
static void regression_need_equals_bruteforce(void **state)
{
	(void) state;
	int pairs;
	assert_int_equal(drive(GEN_CONTINUOUS, 5, 0, 1, 0, &pairs), 0);
}

/* ---- hand-built networks ------------------------------------------------- */

struct hand {
	struct tu_model m;
	struct rn_network net;
	struct rn_needs_index ix;
	struct rn_intro in;
};

static void hand_open(struct hand *h)
{
	tu_model_derive(&h->m);
	tu_model_load(&h->m, dir, &h->net);
	assert_int_equal(rn_needs_index_init(&h->ix, &h->net), RN_OK);
	assert_int_equal(rn_intro_init(&h->in, &h->net, &h->m.opt, as_of), RN_OK);
}

static void hand_close(struct hand *h)
{
	rn_intro_release(&h->in);
	rn_needs_index_release(&h->ix);
	rn_network_release(&h->net);
}

/* "introducer:needer>provider" per row, ';'-separated. */
static char *rows(const struct hand *h, const struct rn_matches *ms)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	for (size_t i = 0; i < ms->n; i++)
		fprintf(f, "%s%s:%s>%s", i ? ";" : "", h->net.id[ms->m[i].introducer],
		        h->net.id[ms->m[i].needer], h->net.id[ms->m[i].provider]);
	fclose(f);
	return buf;
}

static void expect_rows(struct hand *h, igraph_integer_t via, const char *need, size_t top,
                        const char *want, size_t pairs)
{
	struct rn_match_options mo = { .top = top, .via = via, .need = need };
	struct rn_matches ms;
	assert_int_equal(rn_match_run(&h->in, &h->ix, &mo, &ms), RN_OK);
	char *got = rows(h, &ms);
	if (strcmp(got, want) != 0) {
		print_message("got '%s', expected '%s'\n", got, want);
		free(got);
		rn_matches_release(&ms);
		fail();
	}
	assert_int_equal(ms.pairs, pairs);
	free(got);
	rn_matches_release(&ms);
}

static void set_id(struct tu_model *m, int v, const char *id)
{
	snprintf(m->id[v], sizeof(m->id[v]), "%s", id);
}

/*
 * nat needs "web design"; pia offers "Web Design" (no tie with nat); zed
 * and amy both know both with equal strengths, bob knows both more weakly;
 * kim offers it too but knows nat already.
 */
static void best_introducer_and_tie_break(void **state)
{
	(void) state;
	struct hand h;
	tu_model_init(&h.m, 6, as_of);
	set_id(&h.m, 0, "nat");
	set_id(&h.m, 1, "zed");
	set_id(&h.m, 2, "amy");
	set_id(&h.m, 3, "bob");
	set_id(&h.m, 4, "pia");
	set_id(&h.m, 5, "kim");
	h.m.need[0][h.m.nneed[0]++] = "web design";
	h.m.offer[4][h.m.noffer[4]++] = "Web Design";
	h.m.offer[5][h.m.noffer[5]++] = "web design";
	tu_model_tie(&h.m, 1, 0, 800000, RN_NO_DATE);
	tu_model_tie(&h.m, 1, 4, 500000, RN_NO_DATE);
	tu_model_tie(&h.m, 2, 0, 500000, RN_NO_DATE);
	tu_model_tie(&h.m, 2, 4, 800000, RN_NO_DATE);   /* amy: 0.4 = zed's 0.4 */
	tu_model_tie(&h.m, 3, 0, 300000, RN_NO_DATE);
	tu_model_tie(&h.m, 3, 4, 300000, RN_NO_DATE);
	tu_model_tie(&h.m, 0, 5, 900000, RN_NO_DATE);   /* nat knows kim: no match */
	tu_model_tie(&h.m, 1, 5, 900000, RN_NO_DATE);
	hand_open(&h);
	expect_rows(&h, -1, NULL, 0, "amy:nat>pia", 1);
	expect_rows(&h, 1, NULL, 0, "zed:nat>pia", 1);
	expect_rows(&h, 3, NULL, 0, "bob:nat>pia", 1);
	expect_rows(&h, 5, NULL, 0, "", 0);        /* kim is no introducer of nat to pia */
	struct rn_match_options mo = { .top = 0, .via = -1, .need = NULL };
	struct rn_matches ms;
	assert_int_equal(rn_match_run(&h.in, &h.ix, &mo, &ms), RN_OK);
	assert_int_equal(ms.n, 1);
	assert_true(fabs(ms.m[0].score - 0.4) < 1e-12);
	assert_string_equal(h.net.tag_text[ms.m[0].need_tag], "web design");
	assert_string_equal(h.net.tag_text[ms.m[0].offer_tag], "web design");   /* interned */
	rn_matches_release(&ms);
	hand_close(&h);
}

/* Ranking of pairs with equal scores: needer id, then provider id. */
static void pair_ranking(void **state)
{
	(void) state;
	struct hand h;
	/* Two needers (yan, bea), two providers (zoe, al), one introducer (hub). */
	tu_model_init(&h.m, 5, as_of);
	set_id(&h.m, 0, "hub");
	set_id(&h.m, 1, "yan");
	set_id(&h.m, 2, "bea");
	set_id(&h.m, 3, "zoe");
	set_id(&h.m, 4, "al");
	h.m.need[1][h.m.nneed[1]++] = "plumb";
	h.m.need[2][h.m.nneed[2]++] = "plumber";
	h.m.offer[3][h.m.noffer[3]++] = "plumber";
	h.m.offer[4][h.m.noffer[4]++] = "Plumbing";
	for (int v = 1; v < 5; v++)
		tu_model_tie(&h.m, 0, v, 500000, RN_NO_DATE);
	hand_open(&h);
	/* bea needs "plumber": only zoe; yan needs "plumb": al and zoe. */
	expect_rows(&h, -1, NULL, 0, "hub:bea>zoe;hub:yan>al;hub:yan>zoe", 3);
	expect_rows(&h, -1, NULL, 2, "hub:bea>zoe;hub:yan>al", 3);
	expect_rows(&h, 0, NULL, 1, "hub:bea>zoe", 3);
	hand_close(&h);
}

/* Fatigue and decay of the introducer's ties change the best introducer. */
static void fatigue_and_decay(void **state)
{
	(void) state;
	struct hand h;
	tu_model_init(&h.m, 6, as_of);
	h.m.need[0][h.m.nneed[0]++] = "bookkeeper";
	h.m.offer[1][h.m.noffer[1]++] = "bookkeeper";
	tu_model_tie(&h.m, 2, 0, 900000, RN_NO_DATE);
	tu_model_tie(&h.m, 2, 1, 900000, RN_NO_DATE);   /* c02: 0.81 x 0.64 = 0.5184 */
	tu_model_tie(&h.m, 3, 0, 800000, RN_NO_DATE);
	tu_model_tie(&h.m, 3, 1, 800000, RN_NO_DATE);   /* c03: 0.64 */
	tu_model_tie(&h.m, 4, 0, 1000000, as_of - 180);
	tu_model_tie(&h.m, 4, 1, 1000000, RN_NO_DATE);  /* c04: 1 x 0.5 = 0.5 */
	for (int i = 0; i < 3; i++)
		tu_model_event(&h.m, as_of - i, 5, 2, RN_KIND_ASK);
	hand_open(&h);
	struct rn_match_options mo = { .top = 0, .via = -1, .need = NULL };
	struct rn_matches ms;
	assert_int_equal(rn_match_run(&h.in, &h.ix, &mo, &ms), RN_OK);
	assert_int_equal(ms.n, 1);
	assert_int_equal(ms.m[0].introducer, 3);
	assert_true(fabs(ms.m[0].score - 0.64) < 1e-12);
	rn_matches_release(&ms);
	mo.via = 2;
	assert_int_equal(rn_match_run(&h.in, &h.ix, &mo, &ms), RN_OK);
	assert_int_equal(ms.n, 1);
	assert_true(fabs(ms.m[0].score - 0.5184) < 1e-12);
	rn_matches_release(&ms);
	mo.via = 4;
	assert_int_equal(rn_match_run(&h.in, &h.ix, &mo, &ms), RN_OK);
	assert_int_equal(ms.n, 1);
	assert_true(fabs(ms.m[0].score - 0.5) < 1e-12);
	rn_matches_release(&ms);
	hand_close(&h);
}

/* Split needs do not match; a need with no words matches nothing. */
static void need_rules(void **state)
{
	(void) state;
	struct hand h;
	tu_model_init(&h.m, 3, as_of);
	h.m.need[0][h.m.nneed[0]++] = "wills probate";
	h.m.need[0][h.m.nneed[0]++] = "café";
	h.m.offer[1][h.m.noffer[1]++] = "wills";
	h.m.offer[1][h.m.noffer[1]++] = "probate";
	h.m.offer[1][h.m.noffer[1]++] = "CAFE Catering";
	tu_model_tie(&h.m, 2, 0, 500000, RN_NO_DATE);
	tu_model_tie(&h.m, 2, 1, 500000, RN_NO_DATE);
	hand_open(&h);
	struct rn_match_options mo = { .top = 0, .via = -1, .need = NULL };
	struct rn_matches ms;
	assert_int_equal(rn_match_run(&h.in, &h.ix, &mo, &ms), RN_OK);
	assert_int_equal(ms.n, 1);
	assert_string_equal(h.net.tag_text[ms.m[0].need_tag], "café");
	assert_string_equal(h.net.tag_text[ms.m[0].offer_tag], "CAFE Catering");
	rn_matches_release(&ms);
	expect_rows(&h, -1, "  ", 0, "", 0);
	expect_rows(&h, -1, "CAFÉ", 0, "c02:c00>c01", 1);
	expect_rows(&h, -1, "astronaut", 0, "", 0);
	hand_close(&h);
}

/* No ties at all, or nobody needing anything: empty results. */
static void empty_results(void **state)
{
	(void) state;
	struct hand h;
	tu_model_init(&h.m, 3, as_of);
	h.m.need[0][h.m.nneed[0]++] = "plumber";
	h.m.offer[1][h.m.noffer[1]++] = "plumber";
	hand_open(&h);
	expect_rows(&h, -1, NULL, 0, "", 0);
	expect_rows(&h, 2, NULL, 0, "", 0);
	hand_close(&h);
}

/*
 * nat needs "web design"; the introducer hub knows nat, des (offers "web
 * design") and hos (offers "web hosting").  Without --need: hub introduces
 * nat to des.  With --need web, the same match is the only one: hos's "web
 * hosting" does not answer "web design" (the engine once added hub:nat>hos).
 * Likewise a need split across two tags ("wills probate" against "wills"
 * and "probate") matches nothing, with or without --need wills (the engine
 * once matched it under --need wills).
 */
static void regression_need_filter_adds_pairs(void **state)
{
	(void) state;
	struct hand h;
	tu_model_init(&h.m, 4, as_of);
	set_id(&h.m, 0, "nat");
	set_id(&h.m, 1, "hub");
	set_id(&h.m, 2, "hos");
	set_id(&h.m, 3, "des");
	h.m.need[0][h.m.nneed[0]++] = "web design";
	h.m.offer[2][h.m.noffer[2]++] = "web hosting";
	h.m.offer[3][h.m.noffer[3]++] = "web design";
	tu_model_tie(&h.m, 0, 1, 900000, RN_NO_DATE);
	tu_model_tie(&h.m, 1, 2, 900000, RN_NO_DATE);
	tu_model_tie(&h.m, 1, 3, 500000, RN_NO_DATE);
	hand_open(&h);
	expect_rows(&h, -1, NULL, 0, "hub:nat>des", 1);
	expect_rows(&h, -1, "web", 0, "hub:nat>des", 1);
	hand_close(&h);

	tu_model_init(&h.m, 3, as_of);
	h.m.need[0][h.m.nneed[0]++] = "wills probate";
	h.m.offer[1][h.m.noffer[1]++] = "wills";
	h.m.offer[1][h.m.noffer[1]++] = "probate";
	tu_model_tie(&h.m, 2, 0, 500000, RN_NO_DATE);
	tu_model_tie(&h.m, 2, 1, 500000, RN_NO_DATE);
	hand_open(&h);
	expect_rows(&h, -1, NULL, 0, "", 0);
	expect_rows(&h, -1, "wills", 0, "", 0);
	hand_close(&h);
}

/*
 * ann needs what bob offers and bob needs what ann offers; hub knows both
 * (0.7 and 0.9) and was asked three times lately (x0.64).  Both pairs score
 * 0.7 x 0.9 x 0.64 = 0.4032 through the same two ties, so the documented
 * tie-break puts ann's row first (needer id).  The engine once multiplied in
 * the order (needer tie x fatigue) x provider tie, which rounds bob's product
 * one unit in the last place higher (0.4032000000000001 against
 * 0.40320000000000006), and listed bob first.
 */
static void regression_equal_scores_ordered_by_rounding(void **state)
{
	(void) state;
	struct hand h;
	tu_model_init(&h.m, 4, as_of);
	set_id(&h.m, 0, "ann");
	set_id(&h.m, 1, "hub");
	set_id(&h.m, 2, "bob");
	set_id(&h.m, 3, "x");
	h.m.offer[0][h.m.noffer[0]++] = "bookkeeping";
	h.m.need[0][h.m.nneed[0]++] = "web design";
	h.m.offer[2][h.m.noffer[2]++] = "web design";
	h.m.need[2][h.m.nneed[2]++] = "bookkeeping";
	tu_model_tie(&h.m, 0, 1, 700000, RN_NO_DATE);
	tu_model_tie(&h.m, 1, 2, 900000, RN_NO_DATE);
	for (int i = 0; i < 3; i++)
		tu_model_event(&h.m, as_of - 30 + i, 3, 1, RN_KIND_ASK);
	hand_open(&h);
	expect_rows(&h, -1, NULL, 0, "hub:ann>bob;hub:bob>ann", 2);
	hand_close(&h);
}

/* The same run twice is identical. */
static void deterministic(void **state)
{
	(void) state;
	for (int g = 0; g < 30; g++) {
		struct world w;
		world_open(&w, 31337 + (uint64_t) g, g % 2 ? GEN_EXACT : GEN_CONTINUOUS);
		struct rn_match_options mo = { .top = 0, .via = -1, .need = NULL };
		struct rn_matches a, b;
		assert_int_equal(rn_match_run(&w.in, &w.ix, &mo, &a), RN_OK);
		assert_int_equal(rn_match_run(&w.in, &w.ix, &mo, &b), RN_OK);
		assert_int_equal(a.n, b.n);
		assert_int_equal(a.pairs, b.pairs);
		if (a.n)
			assert_memory_equal(a.m, b.m, a.n * sizeof(*a.m));
		rn_matches_release(&a);
		rn_matches_release(&b);
		world_close(&w);
	}
}

/*
 * best_only walks each introducer's contacts by falling strength and stops
 * below the worst kept match: the matches must be exactly those of the full
 * search, byte for byte, for every top and introducer, on networks with
 * many equal scores (GEN_EXACT) and without; only the count of pairs goes.
 */
static void best_only_equals_full(void **state)
{
	(void) state;
	static const size_t tops[] = { 1, 2, 3, 5, 10 };
	for (int g = 0; g < 40; g++) {
		struct world w;
		world_open(&w, 4242 + (uint64_t) g, g % 2 ? GEN_EXACT : GEN_CONTINUOUS);
		if (g % 4 == 0)
			assert_int_equal(rn_intro_precompute(&w.in), RN_OK);
		for (size_t t = 0; t < sizeof(tops) / sizeof(tops[0]); t++) {
			for (igraph_integer_t via = -1; via < w.net.ncontacts && via < 3; via++) {
				struct rn_match_options full = { .top = tops[t], .via = via };
				struct rn_match_options best = full;
				best.best_only = 1;
				struct rn_matches a, b;
				assert_int_equal(rn_match_run(&w.in, &w.ix, &full, &a), RN_OK);
				assert_int_equal(rn_match_run(&w.in, &w.ix, &best, &b), RN_OK);
				assert_true(a.counted);
				assert_false(b.counted);
				assert_int_equal(b.pairs, 0);
				assert_int_equal(a.n, b.n);
				if (a.n)
					assert_memory_equal(a.m, b.m, a.n * sizeof(*a.m));
				rn_matches_release(&a);
				rn_matches_release(&b);
			}
		}
		world_close(&w);
	}
}

int main(void)
{
	rn_igraph_setup();
	as_of = rn_date_from_ymd(2026, 11, 1);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(matches_equal_bruteforce),
		cmocka_unit_test(exact_ties_equal_bruteforce),
		cmocka_unit_test(via_equals_bruteforce),
		cmocka_unit_test(top_equals_bruteforce_prefix),
		cmocka_unit_test(best_introducer_and_tie_break),
		cmocka_unit_test(pair_ranking),
		cmocka_unit_test(fatigue_and_decay),
		cmocka_unit_test(need_rules),
		cmocka_unit_test(empty_results),
		cmocka_unit_test(deterministic),
		cmocka_unit_test(best_only_equals_full),
		cmocka_unit_test(regression_need_equals_bruteforce),
		cmocka_unit_test(regression_need_filter_adds_pairs),
		cmocka_unit_test(regression_equal_scores_ordered_by_rounding),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

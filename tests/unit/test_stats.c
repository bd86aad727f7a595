/*
 * Unit tests for the network statistics (src/analysis/stats*.c) through the
 * public API of include/refnet/stats.h, on networks loaded from CSV files in
 * tests/data (REFNET_TEST_DATA):
 *
 *   - karate/ and miserables/: real networks no one here wrote.  Betweenness
 *     (hop counts) and Burt's constraint (tie strengths) must agree within
 *     1e-6 with the NetworkX values in their reference.tsv (made by their
 *     tests/data/stats-reference.py), and with igraph 0.10.2 computed here; the weighted
 *     (-ln strength) betweenness must agree with igraph_betweenness, and
 *     with NetworkX wherever NetworkX sees the same shortest paths;
 *     transitivity and average clustering with NetworkX and igraph;
 *   - the sampled estimate is igraph_betweenness_subset scaled up;
 *   - bridge/: two triangles joined by a bridge, every number checked by hand
 *     (see its README.md), through rn_stats_compute();
 *   - datasets/sample: the same seed gives the same result, referral
 *     mutuality counted independently, communities with a sane modularity.
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
#include "refnet/stats.h"
#include "testutil.h"

#define TOL 1e-6

/* ---- helpers ---- */

/* Load tests/data/<net>, with <ties> instead of ties.csv when not NULL. */
static void load(struct rn_network *net, const char *name, const char *ties)
{
	char dir[1024], tpath[2100];
	struct rn_load_options lo;

	snprintf(dir, sizeof(dir), "%s/%s", tu_data_dir(), name);
	memset(&lo, 0, sizeof(lo));
	lo.dir = dir;
	lo.graph = 1;
	if (ties) {
		snprintf(tpath, sizeof(tpath), "%s/%s", dir, ties);
		lo.path[RN_TABLE_TIES] = tpath;
	}
	tu_load_with(net, &lo);
}

/*
 * Read measure's values from tests/data/<net>/reference.tsv into out (one per
 * contact, NAN where the file has none).  Returns how many were read.
 */
static size_t reference(const struct rn_network *net, const char *name, const char *measure,
                        double *out)
{
	char path[1024], line[1024];
	size_t n = 0;
	snprintf(path, sizeof(path), "%s/%s/reference.tsv", tu_data_dir(), name);
	FILE *fp = fopen(path, "r");
	assert_non_null(fp);
	for (igraph_integer_t v = 0; v < net->ncontacts; v++)
		out[v] = NAN;
	while (fgets(line, sizeof(line), fp)) {
		if (line[0] == '#')
			continue;
		char *tab1 = strchr(line, '\t'), *tab2 = tab1 ? strchr(tab1 + 1, '\t') : NULL;
		assert_non_null(tab2);
		*tab1 = *tab2 = '\0';
		if (strcmp(line, measure) != 0)
			continue;
		char *end;
		double value = strtod(tab2 + 1, &end);
		assert_true(end != tab2 + 1);
		if (strcmp(tab1 + 1, "-") == 0) {
			out[0] = value;
		} else {
			igraph_integer_t v = rn_network_find(net, tab1 + 1);
			assert_true(v >= 0);
			out[v] = value;
		}
		n++;
	}
	fclose(fp);
	return n;
}

static double *doubles(igraph_integer_t n)
{
	double *d = calloc((size_t) n + 1, sizeof(double));
	assert_non_null(d);
	return d;
}

/* Costs as refnet defines them: -ln(strength) + RN_STATS_COST_SHIFT. */
static void costs(const struct rn_network *net, igraph_vector_t *w)
{
	assert_int_equal(igraph_vector_init(w, net->nties), IGRAPH_SUCCESS);
	for (igraph_integer_t e = 0; e < net->nties; e++)
		VECTOR(*w)[e] = -log(net->strength[e]) + RN_STATS_COST_SHIFT;
}

static void assert_near(double got, double want, double tol, const char *what,
                        const char *id)
{
	if (fabs(got - want) > tol * (1 + fabs(want)))
		fail_msg("%s of %s: got %.12g, want %.12g", what, id, got, want);
}

/* ---- betweenness and constraint against NetworkX and igraph ---- */

static void check_unweighted_betweenness(const char *name)
{
	struct rn_network net;
	load(&net, name, "ties-unweighted.csv");
	igraph_integer_t n = net.ncontacts;
	double *got = doubles(n), *want = doubles(n);
	igraph_vector_t ig, w;

	assert_int_equal(reference(&net, name, "betweenness", want), (size_t) n);
	assert_int_equal(rn_stats_betweenness(&net, NULL, 0, 0, got), RN_OK);
	assert_int_equal(igraph_vector_init(&ig, 0), IGRAPH_SUCCESS);
	costs(&net, &w);
	assert_int_equal(igraph_betweenness(&net.graph, &ig, igraph_vss_all(), 0, &w),
	                 IGRAPH_SUCCESS);
	for (igraph_integer_t v = 0; v < n; v++) {
		assert_near(got[v], want[v], TOL, "betweenness (NetworkX)", net.id[v]);
		assert_near(got[v], VECTOR(ig)[v], TOL, "betweenness (igraph)", net.id[v]);
	}
	igraph_vector_destroy(&ig);
	igraph_vector_destroy(&w);
	free(got);
	free(want);
	rn_network_release(&net);
}

static void karate_betweenness(void **state)
{
	(void) state;
	check_unweighted_betweenness("karate");

	/* The classic value, in igraph's and NetworkX's undirected convention. */
	struct rn_network net;
	load(&net, "karate", "ties-unweighted.csv");
	double *got = doubles(net.ncontacts);
	assert_int_equal(rn_stats_betweenness(&net, NULL, 0, 0, got), RN_OK);
	assert_near(got[rn_network_find(&net, "1")], 231.0714285714, 1e-9, "betweenness", "1");
	assert_near(got[rn_network_find(&net, "34")], 160.5515873016, 1e-9, "betweenness", "34");
	free(got);
	rn_network_release(&net);
}

static void miserables_betweenness(void **state)
{
	(void) state;
	check_unweighted_betweenness("miserables");
}

static void check_constraint(const char *name)
{
	struct rn_network net;
	load(&net, name, NULL);
	igraph_integer_t n = net.ncontacts;
	double *got = doubles(n), *want = doubles(n);
	igraph_vector_t ig, w;

	assert_int_equal(reference(&net, name, "constraint", want), (size_t) n);
	assert_int_equal(rn_stats_constraint(&net, got), RN_OK);
	assert_int_equal(igraph_vector_init(&ig, 0), IGRAPH_SUCCESS);
	memset(&w, 0, sizeof(w));
	igraph_vector_view(&w, net.strength, net.nties);
	assert_int_equal(igraph_constraint(&net.graph, &ig, igraph_vss_all(), &w),
	                 IGRAPH_SUCCESS);
	for (igraph_integer_t v = 0; v < n; v++) {
		assert_near(got[v], want[v], TOL, "constraint (NetworkX)", net.id[v]);
		assert_near(got[v], VECTOR(ig)[v], TOL, "constraint (igraph)", net.id[v]);
	}
	igraph_vector_destroy(&ig);
	free(got);
	free(want);
	rn_network_release(&net);
}

static void karate_constraint(void **state)
{
	(void) state;
	check_constraint("karate");
}

static void miserables_constraint(void **state)
{
	(void) state;
	check_constraint("miserables");
}

/*
 * Weighted betweenness (-ln strength costs) against igraph and against
 * NetworkX.  tests/data/stats-reference.py gives NetworkX exact path lengths: with float
 * costs it would miss equally long paths whose sums differ in the last bit
 * (igraph and refnet compare with a relative tolerance of 1e-10).  Returns
 * the number of contacts that differ from NetworkX, after printing them.
 */
static int check_weighted_betweenness(const char *name)
{
	struct rn_network net;
	load(&net, name, NULL);
	igraph_integer_t n = net.ncontacts;
	double *got = doubles(n), *want = doubles(n);
	igraph_vector_t ig, w;
	int differ = 0;

	assert_int_equal(reference(&net, name, "betweenness_weighted", want), (size_t) n);
	assert_int_equal(rn_stats_betweenness(&net, NULL, 0, 0, got), RN_OK);
	assert_int_equal(igraph_vector_init(&ig, 0), IGRAPH_SUCCESS);
	costs(&net, &w);
	assert_int_equal(igraph_betweenness(&net.graph, &ig, igraph_vss_all(), 0, &w),
	                 IGRAPH_SUCCESS);
	for (igraph_integer_t v = 0; v < n; v++) {
		assert_near(got[v], VECTOR(ig)[v], TOL, "weighted betweenness (igraph)", net.id[v]);
		if (fabs(got[v] - want[v]) > TOL * (1 + fabs(want[v]))) {
			print_message("%s: weighted betweenness of %s: %.9g, NetworkX %.9g\n", name,
			              net.id[v], got[v], want[v]);
			differ++;
		}
	}
	igraph_vector_destroy(&ig);
	igraph_vector_destroy(&w);
	free(got);
	free(want);
	rn_network_release(&net);
	return differ;
}

static void weighted_betweenness(void **state)
{
	(void) state;
	assert_int_equal(check_weighted_betweenness("karate"), 0);
	assert_int_equal(check_weighted_betweenness("miserables"), 0);
}

static void clustering(void **state)
{
	(void) state;
	const char *names[] = { "karate", "miserables" };
	for (size_t i = 0; i < RN_ARRAY_LEN(names); i++) {
		struct rn_network net;
		struct rn_stats st;
		struct rn_stats_options opt;
		igraph_real_t t, avg;
		load(&net, names[i], NULL);
		double *want = doubles(net.ncontacts);
		rn_stats_options_init(&opt);
		assert_int_equal(rn_stats_compute(&net, &opt, &st), RN_OK);

		assert_int_equal(reference(&net, names[i], "transitivity", want), 1);
		assert_near(st.transitivity, want[0], 1e-12, "transitivity", names[i]);
		assert_int_equal(igraph_transitivity_undirected(&net.graph, &t,
		                                                IGRAPH_TRANSITIVITY_NAN),
		                 IGRAPH_SUCCESS);
		assert_near(st.transitivity, t, 1e-12, "transitivity (igraph)", names[i]);
		assert_int_equal(reference(&net, names[i], "average_clustering", want), 1);
		assert_near(st.average_clustering, want[0], 1e-12, "average clustering", names[i]);
		assert_int_equal(igraph_transitivity_avglocal_undirected(&net.graph, &avg,
		                                                         IGRAPH_TRANSITIVITY_NAN),
		                 IGRAPH_SUCCESS);
		assert_near(st.average_clustering, avg, 1e-12, "average clustering (igraph)",
		            names[i]);
		assert_true(st.betweenness_exact);
		free(want);
		rn_stats_release(&st);
		rn_network_release(&net);
	}
}

/* ---- the sampled estimate ---- */

static void estimate_is_scaled_subset(void **state)
{
	(void) state;
	struct rn_network net;
	load(&net, "miserables", NULL);
	igraph_integer_t n = net.ncontacts;
	igraph_integer_t src[] = { 0, 11, 27, 48, 55, 76 };
	igraph_integer_t k = (igraph_integer_t) RN_ARRAY_LEN(src);
	double *got = doubles(n);
	igraph_vector_t ig, w;
	igraph_vector_int_t sv;

	assert_int_equal(rn_stats_betweenness(&net, src, k, n, got), RN_OK);
	costs(&net, &w);
	assert_int_equal(igraph_vector_init(&ig, 0), IGRAPH_SUCCESS);
	memset(&sv, 0, sizeof(sv));
	igraph_vector_int_view(&sv, src, k);
	assert_int_equal(igraph_betweenness_subset(&net.graph, &ig, igraph_vss_all(), 0,
	                                           igraph_vss_vector(&sv), igraph_vss_all(), &w),
	                 IGRAPH_SUCCESS);
	for (igraph_integer_t v = 0; v < n; v++)
		assert_near(got[v], VECTOR(ig)[v] * (double) n / (double) k, TOL,
		            "estimated betweenness", net.id[v]);

	/* Every contact as a source: the estimate is the exact value. */
	igraph_integer_t *all = malloc((size_t) n * sizeof(*all));
	double *exact = doubles(n);
	assert_non_null(all);
	for (igraph_integer_t v = 0; v < n; v++)
		all[v] = v;
	assert_int_equal(rn_stats_betweenness(&net, all, n, n, got), RN_OK);
	assert_int_equal(rn_stats_betweenness(&net, NULL, 0, 0, exact), RN_OK);
	for (igraph_integer_t v = 0; v < n; v++)
		assert_near(got[v], exact[v], 1e-9, "all-source estimate", net.id[v]);
	free(all);
	free(exact);
	igraph_vector_destroy(&ig);
	igraph_vector_destroy(&w);
	free(got);
	rn_network_release(&net);
}

/* ---- the hand-checked network ---- */

static void bridge(void **state)
{
	(void) state;
	struct rn_network net;
	struct rn_stats st;
	struct rn_stats_options opt;

	load(&net, "bridge", NULL);
	rn_stats_options_init(&opt);
	opt.as_of = rn_date_from_ymd(2026, 11, 1);
	opt.seed = 1;
	assert_int_equal(rn_stats_compute(&net, &opt, &st), RN_OK);

	assert_int_equal(st.contacts, 7);
	assert_int_equal(st.ties, 7);
	assert_int_equal(st.events, 4);
	assert_int_equal(st.events_ignored, 1);
	assert_near(st.density, 7.0 / 21, 1e-12, "density", "bridge");
	assert_int_equal(st.components, 2);
	assert_int_equal(st.largest_component, 6);
	assert_int_equal(st.triangles, 2);
	assert_near(st.transitivity, 0.6, 1e-12, "transitivity", "bridge");
	assert_near(st.average_clustering, 7.0 / 9, 1e-12, "average clustering", "bridge");

	/* The bridge ends are the connectors and the brokers. */
	assert_true(st.betweenness_exact);
	assert_int_equal(st.nconnectors, 2);
	assert_int_equal(st.connectors[0], tu_id(&net, "cat"));   /* tie broken by id */
	assert_int_equal(st.connectors[1], tu_id(&net, "dan"));
	assert_near(st.betweenness[tu_id(&net, "cat")], 6, 1e-9, "betweenness", "cat");
	assert_near(st.betweenness[tu_id(&net, "dan")], 6, 1e-9, "betweenness", "dan");
	assert_near(st.betweenness[tu_id(&net, "ann")], 0, 1e-9, "betweenness", "ann");
	assert_true(st.nbrokers >= 2);
	assert_int_equal(st.brokers[0], tu_id(&net, "cat"));
	assert_int_equal(st.brokers[1], tu_id(&net, "dan"));
	assert_near(st.constraint[tu_id(&net, "cat")], 11.0 / 18, 1e-12, "constraint", "cat");
	assert_near(st.constraint[tu_id(&net, "ann")], 145.0 / 144, 1e-12, "constraint", "ann");
	assert_true(isnan(st.constraint[tu_id(&net, "gus")]));
	assert_int_equal(st.broker_circles[0], 2);

	/* Two circles, the triangles; gus alone. */
	assert_int_equal(st.ncommunities, 2);
	assert_int_equal(st.singletons, 1);
	assert_near(st.modularity, 5.0 / 14, 1e-9, "modularity", "bridge");
	assert_int_equal(st.community[tu_id(&net, "ann")], st.community[tu_id(&net, "cat")]);
	assert_int_equal(st.community[tu_id(&net, "dan")], st.community[tu_id(&net, "fay")]);
	assert_true(st.community[tu_id(&net, "ann")] != st.community[tu_id(&net, "dan")]);
	assert_int_equal(st.communities[0].size, 3);
	assert_int_equal(st.communities[0].ties_inside, 3);

	assert_int_equal(st.nisolated, 1);
	assert_int_equal(st.isolated[0], tu_id(&net, "gus"));
	assert_int_equal(st.nweak, 0);

	assert_int_equal(st.referrals, 3);
	assert_int_equal(st.referral_pairs, 2);
	assert_int_equal(st.mutual_pairs, 1);
	assert_near(st.mutuality, 0.5, 1e-12, "mutuality", "bridge");
	assert_near(st.reciprocity, 2.0 / 3, 1e-12, "reciprocity", "bridge");

	rn_stats_release(&st);

	/* A threshold above every strength: the six tied contacts are weak. */
	opt.weak_below = 1;
	opt.top = 3;
	assert_int_equal(rn_stats_compute(&net, &opt, &st), RN_OK);
	assert_int_equal(st.nweak, 0);   /* "below": a strength of 1 is not below 1 */
	rn_stats_release(&st);
	rn_network_release(&net);
}

/* ---- determinism, mutuality, options on the sample network ---- */

/* The sample network, and stats options that sample 8 betweenness sources
 * even there (seed 42). */
static void load_sampled(struct rn_network *net, struct rn_stats_options *opt)
{
	tu_load_sample(net, TU_GRAPH);
	rn_stats_options_init(opt);
	opt->samples = 8;
	opt->force_samples = 1;
	opt->seed = 42;
}

static void sample_deterministic(void **state)
{
	(void) state;
	struct rn_network net;
	struct rn_stats a, b;
	struct rn_stats_options opt;

	load_sampled(&net, &opt);
	assert_int_equal(rn_stats_compute(&net, &opt, &a), RN_OK);
	assert_int_equal(rn_stats_compute(&net, &opt, &b), RN_OK);
	assert_false(a.betweenness_exact);
	assert_int_equal(a.sources, 8);
	assert_int_equal(a.source_pool, 58);
	size_t n = (size_t) net.ncontacts;
	assert_memory_equal(a.betweenness, b.betweenness, n * sizeof(double));
	assert_memory_equal(a.community, b.community, n * sizeof(*a.community));
	assert_true(a.modularity == b.modularity);
	assert_int_equal(a.nconnectors, b.nconnectors);
	assert_memory_equal(a.connectors, b.connectors, a.nconnectors * sizeof(*a.connectors));
	rn_stats_release(&a);
	rn_stats_release(&b);

	/* Louvain too, and both find the chapter's circles well. */
	opt.method = RN_COMMUNITY_LOUVAIN;
	assert_int_equal(rn_stats_compute(&net, &opt, &a), RN_OK);
	assert_int_equal(rn_stats_compute(&net, &opt, &b), RN_OK);
	assert_memory_equal(a.community, b.community, n * sizeof(*a.community));
	assert_true(a.modularity > 0.4);
	rn_stats_release(&a);
	rn_stats_release(&b);
	rn_network_release(&net);
}

/* igraph_after: called once, on igraph's thread, and the numbers stay the
 * same; its own igraph call (a seeded layout-like RNG draw) does not move
 * the communities or the betweenness sample. */
static int after_calls;
static double after_draw;

static void after(void *ctx)
{
	(void) ctx;
	after_calls++;
	igraph_rng_seed(igraph_rng_default(), 7);
	after_draw = igraph_rng_get_unif01(igraph_rng_default());
}

static void igraph_after_hook(void **state)
{
	(void) state;
	struct rn_network net;
	struct rn_stats a, b;
	struct rn_stats_options opt;

	load_sampled(&net, &opt);
	assert_int_equal(rn_stats_compute(&net, &opt, &a), RN_OK);
	opt.igraph_after = after;
	after_calls = 0;
	assert_int_equal(rn_stats_compute(&net, &opt, &b), RN_OK);
	assert_int_equal(after_calls, 1);
	assert_true(after_draw > 0 && after_draw < 1);
	size_t n = (size_t) net.ncontacts;
	assert_memory_equal(a.betweenness, b.betweenness, n * sizeof(double));
	assert_memory_equal(a.community, b.community, n * sizeof(*a.community));
	assert_int_equal(a.nconnectors, b.nconnectors);
	assert_memory_equal(a.connectors, b.connectors, a.nconnectors * sizeof(*a.connectors));
	rn_stats_release(&a);
	rn_stats_release(&b);
	rn_network_release(&net);
}

static void sample_mutuality(void **state)
{
	(void) state;
	struct rn_network net;
	struct rn_stats st;
	struct rn_stats_options opt;

	tu_load_sample(&net, TU_GRAPH);
	rn_stats_options_init(&opt);
	opt.as_of = rn_date_from_ymd(2026, 11, 1);
	assert_int_equal(rn_stats_compute(&net, &opt, &st), RN_OK);

	/* Count the pairs by brute force over the log. */
	igraph_integer_t n = net.ncontacts, pairs = 0, mutual = 0, refs = 0;
	unsigned char *dir = calloc((size_t) (n * n), 1);
	assert_non_null(dir);
	for (igraph_integer_t i = 0; i < net.nevents; i++) {
		if (net.ev_kind[i] != RN_KIND_REFERRAL || net.ev_date[i] > opt.as_of)
			continue;
		refs++;
		dir[net.ev_from[i] * n + net.ev_to[i]] = 1;
	}
	for (igraph_integer_t a = 0; a < n; a++)
		for (igraph_integer_t b = a + 1; b < n; b++) {
			pairs += dir[a * n + b] || dir[b * n + a];
			mutual += dir[a * n + b] && dir[b * n + a];
		}
	free(dir);
	assert_int_equal(st.referrals, refs);
	assert_int_equal(st.referrals, 143);
	assert_int_equal(st.referral_pairs, pairs);
	assert_int_equal(st.mutual_pairs, mutual);
	assert_near(st.mutuality, (double) mutual / (double) pairs, 1e-12, "mutuality", "sample");

	/* The stories of datasets/README.md. */
	assert_int_equal(st.components, 4);
	assert_int_equal(st.largest_component, 58);
	assert_int_equal(st.nisolated, 3);
	assert_int_equal(st.connectors[0], rn_network_find(&net, "fiona-byrne"));
	assert_int_equal(st.brokers[0], rn_network_find(&net, "fiona-byrne"));
	rn_stats_release(&st);
	rn_network_release(&net);
}

static void bad_options(void **state)
{
	(void) state;
	struct rn_network net;
	struct rn_stats st;
	struct rn_stats_options opt;

	load(&net, "bridge", NULL);
	rn_stats_options_init(&opt);
	opt.samples = 0;
	assert_int_equal(rn_stats_compute(&net, &opt, &st), RN_E_USAGE);
	rn_stats_release(&st);
	rn_stats_options_init(&opt);
	opt.weak_below = 1.5;
	assert_int_equal(rn_stats_compute(&net, &opt, &st), RN_E_USAGE);
	rn_stats_release(&st);
	rn_stats_options_init(&opt);
	opt.top = 0;
	assert_int_equal(rn_stats_compute(&net, &opt, &st), RN_OK);
	assert_int_equal(st.nconnectors, 0);
	assert_int_equal(st.ncommunities_listed, 0);
	assert_int_equal(st.ncommunities, 2);
	rn_stats_release(&st);
	rn_network_release(&net);
}

int main(void)
{
	rn_igraph_setup();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(karate_betweenness),
		cmocka_unit_test(miserables_betweenness),
		cmocka_unit_test(karate_constraint),
		cmocka_unit_test(miserables_constraint),
		cmocka_unit_test(weighted_betweenness),
		cmocka_unit_test(clustering),
		cmocka_unit_test(estimate_is_scaled_subset),
		cmocka_unit_test(bridge),
		cmocka_unit_test(sample_deterministic),
		cmocka_unit_test(sample_mutuality),
		cmocka_unit_test(igraph_after_hook),
		cmocka_unit_test(bad_options),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

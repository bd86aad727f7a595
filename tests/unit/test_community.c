/*
 * Unit tests for the communities module (src/analysis/community.c), the one
 * place refnet stats and refnet render get their communities from:
 *
 *   - a small network written here whose communities are plain (a clique
 *     of four, two triangles, two contacts without ties, no tie between
 *     the groups): every method and seed finds them, and they are numbered
 *     by size and then by smallest member id, not by file order or by
 *     igraph's numbering; the modularity is the hand-computed one;
 *   - a network without ties, and one whose graph was not built;
 *   - datasets/sample: rn_stats_compute() and rn_render_view_build() give
 *     every contact the same community number for the same seed.
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

#include "refnet/community.h"
#include "refnet/date.h"
#include "refnet/render.h"
#include "refnet/stats.h"
#include "testutil.h"

/*
 * In file order: the triangle zoe-yan-xia, two contacts without ties
 * (gus, abe), the triangle cat-bob-ann (smaller ids than the first one),
 * then the clique kim-lou-mia-ned.  Numbered: 1 the clique (largest), 2 the
 * ann triangle, 3 the xia triangle (equal size, larger smallest id), 4 abe,
 * 5 gus.
 */
static const char contacts[] = "id\nzoe\nyan\nxia\ngus\nabe\ncat\nbob\nann\nkim\nlou\nmia\nned\n";
static const char ties[] =
	"a,b,strength\n"
	"zoe,yan,0.9\nyan,xia,0.9\nxia,zoe,0.9\n"
	"cat,bob,0.6\nbob,ann,0.6\nann,cat,0.6\n"
	"kim,lou,0.3\nkim,mia,0.3\nkim,ned,0.3\nlou,mia,0.3\nlou,ned,0.3\nmia,ned,0.3\n";

struct fx {
	char dir[TU_DIR_MAX];
	struct rn_network net;
	struct rn_communities c;
};

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	if (!f)
		return -1;
	if (tu_mkdtemp(f->dir, "community") != 0) {
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;
	rn_communities_release(&f->c);
	rn_network_release(&f->net);
	tu_rmtree(f->dir);
	free(f);
	return 0;
}

static void expect_community(struct fx *f, const char *id, igraph_integer_t want)
{
	igraph_integer_t got = f->c.of[tu_id(&f->net, id)];
	if (got != want)
		fail_msg("%s is in community %lld, expected %lld", id, (long long) got,
		         (long long) want);
}

static void known_network(void **state)
{
	struct fx *f = *state;
	static const enum rn_community_method methods[] = { RN_COMMUNITY_LEIDEN,
	                                                    RN_COMMUNITY_LOUVAIN };
	static const unsigned long long seeds[] = { 0, 1, 7, 42, 123456789 };
	/*
	 * Modularity by hand, sum over communities of in/m - (tot/2m)^2 with
	 * m = 3 * 0.9 + 3 * 0.6 + 6 * 0.3 = 6.3: the clique has 1.8 inside and
	 * total degree 3.6, the triangles 2.7 / 5.4 and 1.8 / 3.6.
	 */
	double m = 6.3;
	double q = 1.8 / m - pow(3.6 / (2 * m), 2) + 2.7 / m - pow(5.4 / (2 * m), 2) +
	           1.8 / m - pow(3.6 / (2 * m), 2);

	tu_put(f->dir, "contacts.csv", contacts);
	tu_put(f->dir, "ties.csv", ties);
	tu_load(&f->net, f->dir, TU_GRAPH);
	for (size_t i = 0; i < RN_ARRAY_LEN(methods); i++) {
		for (size_t j = 0; j < RN_ARRAY_LEN(seeds); j++) {
			char err[256] = "";
			enum rn_status st = rn_communities_find(&f->net, methods[i], seeds[j], &f->c,
			                                        err, sizeof(err));
			assert_int_equal(st, RN_OK);
			assert_string_equal(err, "");
			assert_int_equal(f->c.method, methods[i]);
			assert_int_equal(f->c.count, 5);
			static const igraph_integer_t size[] = { 0, 4, 3, 3, 1, 1 };
			for (igraph_integer_t c = 0; c <= 5; c++)
				assert_int_equal(f->c.size[c], size[c]);
			expect_community(f, "kim", 1);
			expect_community(f, "lou", 1);
			expect_community(f, "mia", 1);
			expect_community(f, "ned", 1);
			expect_community(f, "ann", 2);
			expect_community(f, "bob", 2);
			expect_community(f, "cat", 2);
			expect_community(f, "xia", 3);
			expect_community(f, "yan", 3);
			expect_community(f, "zoe", 3);
			expect_community(f, "abe", 4);
			expect_community(f, "gus", 5);
			if (fabs(f->c.modularity - q) > 1e-9)
				fail_msg("modularity %.12g, expected %.12g", f->c.modularity, q);
			if (methods[i] == RN_COMMUNITY_LEIDEN)
				assert_true(fabs(f->c.resolution - 1 / (2 * m)) < 1e-12);
			else
				assert_true(f->c.resolution == 1.0);
			rn_communities_release(&f->c);
		}
	}
	assert_string_equal(rn_community_method_name(RN_COMMUNITY_LEIDEN), "leiden");
	assert_string_equal(rn_community_method_name(RN_COMMUNITY_LOUVAIN), "louvain");
}

/* Without ties everyone is alone, numbered by id; no modularity, no igraph. */
static void no_ties(void **state)
{
	struct fx *f = *state;
	tu_put(f->dir, "contacts.csv", "id\nmia\nann\nzed\n");
	tu_load(&f->net, f->dir, 0);
	assert_int_equal(rn_communities_find(&f->net, RN_COMMUNITY_LEIDEN, 1, &f->c, NULL, 0),
	                 RN_OK);
	assert_int_equal(f->c.count, 3);
	expect_community(f, "ann", 1);
	expect_community(f, "mia", 2);
	expect_community(f, "zed", 3);
	for (igraph_integer_t c = 1; c <= 3; c++)
		assert_int_equal(f->c.size[c], 1);
	assert_true(isnan(f->c.modularity));
	assert_true(f->c.resolution == 1.0);
}

/* Ties but no graph: an internal error that says so, and nothing to release. */
static void needs_the_graph(void **state)
{
	struct fx *f = *state;
	char err[256] = "";
	tu_put(f->dir, "contacts.csv", contacts);
	tu_put(f->dir, "ties.csv", ties);
	tu_load(&f->net, f->dir, TU_ADJACENCY);
	assert_int_equal(rn_communities_find(&f->net, RN_COMMUNITY_LEIDEN, 0, &f->c, err,
	                                     sizeof(err)), RN_E_INTERNAL);
	assert_string_equal(err, "internal error: communities need the graph");
	assert_null(f->c.of);
	assert_null(f->c.size);
}

/*
 * refnet stats and refnet render on the sample network: the same community
 * number for every contact, the same sizes, for several seeds.  The sample
 * has three communities of 16 contacts, so the tie-break matters.
 */
static void stats_and_render_agree(void **state)
{
	(void) state;
	struct rn_network net;
	static const unsigned long long seeds[] = { 0, 1, 7, 2026 };

	tu_load_sample(&net, TU_GRAPH | TU_ADJACENCY);
	for (size_t j = 0; j < RN_ARRAY_LEN(seeds); j++) {
		struct rn_stats st;
		struct rn_stats_options so;
		struct rn_render_view view;
		struct rn_render_options ro;
		char err[256] = "";

		rn_stats_options_init(&so);
		so.as_of = rn_date_from_ymd(2026, 11, 1);
		so.seed = seeds[j];
		so.top = 1000;
		assert_int_equal(rn_stats_compute(&net, &so, &st), RN_OK);
		rn_render_options_default(&ro);
		ro.as_of = so.as_of;
		ro.seed = seeds[j];
		ro.color_by = RN_COLOR_COMMUNITY;
		/* The tool finds the communities in src/analysis and the view only reads them. */
		struct rn_communities comm;
		if (rn_communities_find(&net, RN_COMMUNITY_LEIDEN, ro.seed, &comm, err, sizeof(err)) != RN_OK)
			fail_msg("communities: %s", err);
		ro.communities = &comm;
		if (rn_render_view_build(&net, &ro, &view, err, sizeof(err)) != RN_OK)
			fail_msg("view: %s", err);

		assert_int_equal(view.ncommunities, st.ncommunities + st.singletons);
		for (igraph_integer_t v = 0; v < net.ncontacts; v++)
			if (view.community[v] != st.community[v] + 1)
				fail_msg("seed %llu: %s is in render's community %lld, stats' %lld",
				         seeds[j], net.id[v], (long long) view.community[v],
				         (long long) st.community[v] + 1);
		assert_int_equal(st.ncommunities_listed, (size_t) st.ncommunities);
		for (size_t c = 0; c < st.ncommunities_listed; c++)
			assert_int_equal(view.community_size[c + 1], st.communities[c].size);
		assert_true(fabs(view.modularity - st.modularity) < 1e-12);

		/* --community K draws exactly stats' community K. */
		ro.color_by = RN_COLOR_STAGE;
		ro.community = 3;
		rn_render_view_release(&view);
		assert_int_equal(rn_render_view_build(&net, &ro, &view, err, sizeof(err)), RN_OK);
		assert_int_equal(view.n, st.communities[2].size);
		for (igraph_integer_t i = 0; i < view.n; i++)
			assert_int_equal(st.community[view.vertex[i]], 2);

		rn_render_view_release(&view);
		rn_communities_release(&comm);
		rn_stats_release(&st);
	}
	rn_network_release(&net);
}

int main(void)
{
	rn_igraph_setup();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(known_network, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(no_ties, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(needs_the_graph, fx_setup, fx_teardown),
		cmocka_unit_test(stats_and_render_agree),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

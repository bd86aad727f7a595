/*
 * The vocabulary of synonyms (src/analysis/needs.c): matching through a
 * synonym, and the measurement the default list must pass on the sample
 * network: no answer changes except where a synonym is the reason.
 *
 * For every request of the sample (each contact with each of its needs, and
 * each contact with each phrase of the vocabulary as a need), intro is run
 * with the default vocabulary and without (--exact), listing every route
 * (k = 1000).  With P the contacts who offer the need only through a
 * synonym, the routes with the vocabulary, less the routes to P, must be
 * exactly the routes without it that avoid P (a route never passes through
 * someone who offers the need: P now do) -- same providers, paths, scores,
 * in the same order.  Every route to P must say its synonym
 * (rn_needs_synonym), every other route none.  The test prints how many
 * answers gained routes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "refnet/date.h"
#include "refnet/intro.h"
#include "refnet/needs.h"
#include "testutil.h"

static void load_default(struct rn_needs_index *ix)
{
	struct rn_diag diag;
	struct rn_vocab_reader r = { .ix = ix, .diag = &diag, .file = "vocabulary" };
	rn_diag_init(&diag);
	assert_int_equal(rn_csv_read_buffer(rn_default_vocabulary, rn_default_vocabulary_len,
	                                    "vocabulary", &diag, rn_needs_vocabulary_record, &r),
	                 RN_OK);
	if (diag.nerrors)
		rn_diag_print(&diag, stderr, 1, "");
	assert_int_equal(diag.nerrors, 0);
	rn_diag_release(&diag);
	assert_true(ix->nsyn >= 20);
}

static void synonym_matches(void **state)
{
	(void) state;
	struct rn_network net;
	struct rn_needs_index ix;
	uint32_t *tags;
	size_t n;
	const char *said, *meant;
	tu_load_sample(&net, 0);
	assert_int_equal(rn_needs_index_init(&ix, &net), RN_OK);
	assert_int_equal(rn_needs_match(&ix, "estate lawyer", &tags, &n), RN_OK);
	assert_int_equal(n, 0);
	free(tags);
	load_default(&ix);
	assert_int_equal(rn_needs_match(&ix, "Estate Lawyer", &tags, &n), RN_OK);
	assert_int_equal(n, 1);
	assert_string_equal(net.tag_text[tags[0]], "estate attorney");
	assert_int_equal(rn_needs_synonym(&ix, "Estate Lawyer", tags[0], &said, &meant), 1);
	assert_string_equal(said, "lawyer");
	assert_string_equal(meant, "attorney");
	/* Matched as written: no synonym to report. */
	assert_int_equal(rn_needs_synonym(&ix, "estate attorney", tags[0], &said, &meant), 0);
	free(tags);
	/* Whole words only: "lawyers" is not "lawyer". */
	assert_int_equal(rn_needs_match(&ix, "estate lawyers", &tags, &n), RN_OK);
	assert_int_equal(n, 0);
	free(tags);
	/* A phrase: "real estate agent" is "realtor". */
	assert_int_equal(rn_needs_match(&ix, "real estate agent", &tags, &n), RN_OK);
	assert_true(n >= 1);
	int realtor = 0;
	for (size_t i = 0; i < n; i++)
		realtor |= strcmp(net.tag_fold[tags[i]], "realtor") == 0;
	assert_true(realtor);
	free(tags);
	/* Bad pairs are refused; a pair twice is kept once. */
	size_t before = ix.nsyn;
	assert_int_equal(rn_needs_add_synonym(&ix, "Yoga", "yoga!"), RN_E_DATA);
	assert_int_equal(rn_needs_add_synonym(&ix, "--", "yoga"), RN_E_DATA);
	assert_int_equal(rn_needs_add_synonym(&ix, "Attorney", "lawyer"), RN_OK);
	assert_int_equal(ix.nsyn, before);
	rn_needs_index_release(&ix);
	rn_network_release(&net);
}

/* Contacts offering the need through ix: mark[v] = 1. */
static void providers(const struct rn_needs_index *ix, const char *need, unsigned char *mark)
{
	uint32_t *tags;
	size_t n;
	assert_int_equal(rn_needs_match(ix, need, &tags, &n), RN_OK);
	for (size_t i = 0; i < n; i++)
		for (size_t k = ix->offer_start[tags[i]]; k < ix->offer_start[tags[i] + 1]; k++)
			mark[ix->offerer[k]] = 1;
	free(tags);
}

static int same_route(const struct rn_route *a, const struct rn_route *b)
{
	if (a->provider != b->provider || a->nhops != b->nhops || a->score != b->score ||
	    a->offer != b->offer)
		return 0;
	for (size_t i = 0; i <= a->nhops; i++)
		if (a->path[i] != b->path[i])
			return 0;
	return 1;
}

/* One request: the check described at the top.  Returns 1 when the answer
 * with the vocabulary differs from the one without. */
static int check_request(struct rn_intro *in, const struct rn_needs_index *exact,
                         const struct rn_needs_index *syn, igraph_integer_t from,
                         const char *need)
{
	const struct rn_network *net = in->net;
	size_t nc = (size_t) net->ncontacts;
	unsigned char *pe = calloc(nc, 1), *ps = calloc(nc, 1);
	igraph_integer_t *only = calloc(nc + 1, sizeof(*only));
	size_t nonly = 0;
	assert_non_null(pe);
	assert_non_null(ps);
	assert_non_null(only);
	providers(exact, need, pe);
	providers(syn, need, ps);
	for (size_t v = 0; v < nc; v++) {
		assert_true(ps[v] || !pe[v]);   /* synonyms only add providers */
		if (ps[v] && !pe[v] && (igraph_integer_t) v != from)
			only[nonly++] = (igraph_integer_t) v;
	}

	struct rn_routes with, without, avoiding;
	assert_int_equal(rn_intro_need(in, syn, from, need, NULL, 0, &with), RN_OK);
	assert_int_equal(rn_intro_need(in, exact, from, need, NULL, 0, &without), RN_OK);
	assert_int_equal(rn_intro_need(in, exact, from, need, only, nonly, &avoiding), RN_OK);

	size_t j = 0;
	for (size_t i = 0; i < with.n; i++) {
		const struct rn_route *r = &with.r[i];
		const char *said, *meant;
		int via = rn_needs_synonym(syn, need, r->offer, &said, &meant);
		if (ps[r->provider] && !pe[r->provider]) {
			if (via != 1)
				fail_msg("'%s' from %s: route to %s not explained by a synonym", need,
				         net->id[from], net->id[r->provider]);
			continue;
		}
		if (via != 0)
			fail_msg("'%s' from %s: %s offers it as written, yet a synonym is reported",
			         need, net->id[from], net->id[r->provider]);
		if (j >= avoiding.n || !same_route(r, &avoiding.r[j]))
			fail_msg("'%s' from %s: route %zu to %s differs without a synonym reason", need,
			         net->id[from], i + 1, net->id[r->provider]);
		j++;
	}
	if (j != avoiding.n)
		fail_msg("'%s' from %s: %zu routes without the vocabulary are missing", need,
		         net->id[from], avoiding.n - j);

	int changed = with.n != without.n;
	for (size_t i = 0; !changed && i < with.n; i++)
		changed = !same_route(&with.r[i], &without.r[i]);
	rn_routes_release(&with);
	rn_routes_release(&without);
	rn_routes_release(&avoiding);
	free(pe);
	free(ps);
	free(only);
	return changed;
}

static void sample_answers_change_only_by_synonyms(void **state)
{
	(void) state;
	struct rn_network net;
	struct rn_needs_index exact, syn;
	struct rn_intro_options o;
	struct rn_intro in;
	int as_of;
	tu_load_sample(&net, TU_ADJACENCY);
	assert_int_equal(rn_needs_index_init(&exact, &net), RN_OK);
	assert_int_equal(rn_needs_index_init(&syn, &net), RN_OK);
	load_default(&syn);
	rn_intro_options_default(&o);
	o.k = 1000;
	assert_int_equal(rn_date_parse("2026-11-01", 10, &as_of), 0);
	assert_int_equal(rn_intro_init(&in, &net, &o, as_of), RN_OK);

	size_t requests = 0, changed = 0, needs = 0, needs_changed = 0;
	for (igraph_integer_t v = 0; v < net.ncontacts; v++) {
		const struct rn_tag_span *nd = &net.needs[v];
		for (uint32_t k = 0; k < nd->n; k++, requests++, needs++) {
			int c = check_request(&in, &exact, &syn, v, net.tag_text[net.tag_refs[nd->at + k]]);
			changed += c;
			needs_changed += c;
		}
		for (size_t k = 0; k < 2 * syn.nsyn; k++, requests++)
			changed += check_request(&in, &exact, &syn, v, syn.syn[k]);
	}
	print_message("vocabulary: %zu synonym pairs; %zu requests on the sample (%zu of them "
	              "the contacts' own needs), %zu answers gain synonym routes (%zu of the "
	              "needs), none changes otherwise\n", syn.nsyn, requests, needs, changed,
	              needs_changed);
	/* The default list must matter on the sample (lawyer, CPA, realtor...). */
	assert_true(changed > 0);
	rn_intro_release(&in);
	rn_needs_index_release(&exact);
	rn_needs_index_release(&syn);
	rn_network_release(&net);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(synonym_matches),
		cmocka_unit_test(sample_answers_change_only_by_synonyms),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

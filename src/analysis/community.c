/*
 * Communities of the tie graph, for refnet stats and refnet render alike
 * (see include/refnet/community.h): igraph finds the clusters, this file
 * numbers them by size and then by smallest member id.
 *
 * The numbering is here, not in the commands, because "community K" is
 * something a user reads in one command's output and types into the other
 * (`refnet stats` lists community 3, `refnet render --community 3` draws
 * it); two numberings could disagree whenever communities have equal sizes,
 * as three of the sample network's do.
 */
#include "refnet/community.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *rn_community_method_name(enum rn_community_method m)
{
	return m == RN_COMMUNITY_LOUVAIN ? "louvain" : "leiden";
}

void rn_communities_release(struct rn_communities *c)
{
	if (!c)
		return;
	free(c->of);
	free(c->size);
	memset(c, 0, sizeof(*c));
}

static void set_err(char *err, size_t n, const char *msg)
{
	if (err && n)
		snprintf(err, n, "%s", msg);
}

/*
 * Run the detection into raw (igraph's cluster numbers, one per contact)
 * and set c->resolution and c->modularity.  The network has ties.
 */
static enum rn_status detect(const struct rn_network *net, enum rn_community_method method,
                             unsigned long long seed, double total, igraph_integer_t *raw,
                             struct rn_communities *c)
{
	igraph_integer_t n = net->ncontacts;
	igraph_vector_t w, node_w;
	igraph_vector_int_t memb;
	igraph_real_t q;
	enum rn_status st = RN_E_INTERNAL;

	memset(&w, 0, sizeof(w));   /* igraph_vector_view's argument is const */
	igraph_vector_view(&w, net->strength, net->nties);
	if (igraph_vector_int_init(&memb, n) != IGRAPH_SUCCESS)
		return RN_E_INTERNAL;
	if (igraph_vector_init(&node_w, 0) != IGRAPH_SUCCESS) {
		igraph_vector_int_destroy(&memb);
		return RN_E_INTERNAL;
	}
	igraph_rng_seed(igraph_rng_default(), (igraph_uint_t) seed);
	if (method == RN_COMMUNITY_LOUVAIN) {
		if (igraph_community_multilevel(&net->graph, &w, 1.0, &memb, NULL, NULL) !=
		    IGRAPH_SUCCESS)
			goto cleanup;
	} else {
		/* Modularity as Leiden's objective needs node weights = strengths
		 * and resolution 1 / (2m); the number of iterations must stay
		 * positive (a negative one can hang in igraph 0.10.2). */
		igraph_integer_t nclusters;
		igraph_real_t quality;
		c->resolution = 1.0 / (2.0 * total);
		if (igraph_strength(&net->graph, &node_w, igraph_vss_all(), IGRAPH_ALL, IGRAPH_LOOPS,
		                    &w) != IGRAPH_SUCCESS ||
		    igraph_community_leiden(&net->graph, &w, &node_w, c->resolution,
		                            RN_COMMUNITY_LEIDEN_BETA, 0,
		                            RN_COMMUNITY_LEIDEN_ITERATIONS, &memb, &nclusters,
		                            &quality) != IGRAPH_SUCCESS)
			goto cleanup;
	}
	/* Modularity does not depend on how the clusters are numbered. */
	if (igraph_modularity(&net->graph, &memb, &w, 1.0, 0, &q) != IGRAPH_SUCCESS)
		goto cleanup;
	c->modularity = q;
	for (igraph_integer_t v = 0; v < n; v++)
		raw[v] = VECTOR(memb)[v];
	st = RN_OK;
cleanup:
	igraph_vector_destroy(&node_w);
	igraph_vector_int_destroy(&memb);
	return st;
}

/* A raw cluster while numbering: its size and its member with the smallest id. */
struct cluster {
	igraph_integer_t size;
	igraph_integer_t raw;
	const char *first;    /* smallest member id (strcmp), NULL while empty */
};

/* Larger first, then smallest member id; ids are unique, so the order is total. */
static int cmp_cluster(const void *a, const void *b)
{
	const struct cluster *x = a, *y = b;
	if (x->size != y->size)
		return x->size > y->size ? -1 : 1;
	return strcmp(x->first, y->first);
}

/* Number the raw clusters (each in [0, n)) 1..count into c. */
static enum rn_status number(const struct rn_network *net, const igraph_integer_t *raw,
                             struct rn_communities *c, char *err, size_t errlen)
{
	igraph_integer_t n = net->ncontacts;
	struct cluster *cl = calloc((size_t) n + 1, sizeof(*cl));
	igraph_integer_t *newid = malloc(((size_t) n + 1) * sizeof(*newid));
	enum rn_status st = RN_E_INTERNAL;

	if (!cl || !newid) {
		set_err(err, errlen, "out of memory");
		goto cleanup;
	}
	for (igraph_integer_t v = 0; v < n; v++) {
		igraph_integer_t r = raw[v];
		if (r < 0 || r >= n) {
			set_err(err, errlen, "internal error: bad community id");
			goto cleanup;
		}
		cl[r].raw = r;
		if (cl[r].size++ == 0 || strcmp(net->id[v], cl[r].first) < 0)
			cl[r].first = net->id[v];
	}
	/* Drop the unused numbers, then sort what is left. */
	igraph_integer_t k = 0;
	for (igraph_integer_t r = 0; r < n; r++)
		if (cl[r].size > 0)
			cl[k++] = cl[r];
	qsort(cl, (size_t) k, sizeof(*cl), cmp_cluster);

	c->size = calloc((size_t) k + 1, sizeof(*c->size));
	if (!c->size) {
		set_err(err, errlen, "out of memory");
		goto cleanup;
	}
	for (igraph_integer_t i = 0; i < k; i++) {
		newid[cl[i].raw] = i + 1;
		c->size[i + 1] = cl[i].size;
	}
	for (igraph_integer_t v = 0; v < n; v++)
		c->of[v] = newid[raw[v]];
	c->count = k;
	st = RN_OK;
cleanup:
	free(cl);
	free(newid);
	return st;
}

enum rn_status rn_communities_find(const struct rn_network *net, enum rn_community_method method,
                                   unsigned long long seed, struct rn_communities *c,
                                   char *err, size_t errlen)
{
	igraph_integer_t n = net->ncontacts;
	igraph_integer_t *raw = NULL;
	enum rn_status st = RN_E_INTERNAL;
	double total = 0;

	memset(c, 0, sizeof(*c));
	c->method = method;
	c->resolution = 1.0;
	c->modularity = NAN;
	for (igraph_integer_t e = 0; e < net->nties; e++)
		total += net->strength[e];

	raw = malloc(((size_t) n + 1) * sizeof(*raw));
	c->of = malloc(((size_t) n + 1) * sizeof(*c->of));
	if (!raw || !c->of) {
		set_err(err, errlen, "out of memory");
		goto done;
	}
	if (net->nties == 0 || !(total > 0)) {
		/* Nothing to detect: everyone is alone. */
		for (igraph_integer_t v = 0; v < n; v++)
			raw[v] = v;
	} else if (!net->has_graph) {
		set_err(err, errlen, "internal error: communities need the graph");
		goto done;
	} else if (detect(net, method, seed, total, raw, c) != RN_OK) {
		set_err(err, errlen, rn_igraph_last_error());
		goto done;
	}
	st = number(net, raw, c, err, errlen);
done:
	free(raw);
	if (st != RN_OK)
		rn_communities_release(c);
	return st;
}

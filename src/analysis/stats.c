/*
 * refnet stats, the analysis: every network-wide measure of include/refnet/stats.h,
 * gathered into one struct rn_stats for the command to print.
 *
 * The work is split in two.  A helper thread makes every igraph call
 * (components, the communities of community.c, referral reciprocity) while
 * the calling thread runs refnet's own loops from stats_measures.c
 * (triangles, constraint, betweenness) on a private adjacency; the two join
 * before the rankings are made.  igraph 0.10.2 is not thread-safe, so the
 * calling thread makes no igraph call while the helper runs; the random
 * betweenness sources are drawn before it starts.  If the thread cannot be
 * started, the same function runs on the calling thread.
 *
 * This file does not print, and every ranking breaks ties by contact id so
 * that the output is the same from run to run.
 */
#include "refnet/stats.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "refnet/counts.h"
#include "refnet/idorder.h"
#include "refnet/parallel.h"
#include "stats_internal.h"

void rn_stats_options_init(struct rn_stats_options *o)
{
	memset(o, 0, sizeof(*o));
	o->as_of = RN_NO_DATE;
	o->top = RN_STATS_DEFAULT_TOP;
	o->samples = RN_STATS_DEFAULT_SAMPLES;
	o->weak_below = RN_STATS_DEFAULT_WEAK_BELOW;
	o->method = RN_COMMUNITY_LEIDEN;
}

void rn_stats_release(struct rn_stats *st)
{
	if (!st)
		return;
	free(st->degree);
	free(st->strength);
	free(st->betweenness);
	free(st->constraint);
	free(st->community);
	free(st->connectors);
	free(st->hubs);
	free(st->brokers);
	free(st->broker_circles);
	for (size_t i = 0; st->communities && i < st->ncommunities_listed; i++) {
		free(st->communities[i].members);
		free(st->communities[i].member_strength);
		free(st->communities[i].tags);
	}
	free(st->communities);
	free(st->isolated);
	free(st->weak);
	free(st->weak_max);
	memset(st, 0, sizeof(*st));
}

/* ---- public single measures ---- */

enum rn_status rn_stats_betweenness(const struct rn_network *net, const igraph_integer_t *sources,
                                    igraph_integer_t nsources, igraph_integer_t pool,
                                    double *res)
{
	struct rn_sadj adj;
	enum rn_status st = rn_sadj_build(net, &adj);
	if (st == RN_OK)
		st = rn_sadj_betweenness(net, &adj, sources, nsources, pool, res);
	rn_sadj_release(&adj);
	return st;
}

enum rn_status rn_stats_constraint(const struct rn_network *net, double *res)
{
	struct rn_sadj adj;
	enum rn_status st = rn_sadj_build(net, &adj);
	if (st == RN_OK)
		st = rn_sadj_constraint(net, &adj, res);
	rn_sadj_release(&adj);
	return st;
}

/* ---- the igraph side, run on the helper thread ---- */

struct igraph_job {
	const struct rn_network *net;
	struct rn_bc *bc;               /* betweenness batches to help with, or NULL */
	enum rn_status bc_status;
	const struct rn_stats_options *opt;
	struct rn_communities comm;     /* numbered as refnet render numbers them */
	igraph_integer_t components, largest;
	igraph_integer_t referrals, pairs, mutual;
	double mutuality, reciprocity;
	enum rn_status status;
};

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *) a, y = *(const uint64_t *) b;
	return x < y ? -1 : x > y;
}

/* Referral links of the log as a directed graph of distinct (from, to) pairs. */
static enum rn_status referral_mutuality(struct igraph_job *job)
{
	const struct rn_network *net = job->net;
	size_t k = 0;
	uint64_t *key = malloc(((size_t) net->nevents + 1) * sizeof(*key));
	enum rn_status st = RN_E_INTERNAL;
	igraph_vector_int_t edges;
	igraph_t g;

	if (!key)
		return RN_E_INTERNAL;
	for (igraph_integer_t i = 0; i < net->nevents; i++) {
		if (net->ev_kind[i] != RN_KIND_REFERRAL ||
		    (job->opt->as_of != RN_NO_DATE && net->ev_date[i] > job->opt->as_of))
			continue;
		key[k++] = (uint64_t) net->ev_from[i] << 32 | (uint64_t) net->ev_to[i];
	}
	job->referrals = (igraph_integer_t) k;
	qsort(key, k, sizeof(*key), cmp_u64);
	size_t u = 0;
	for (size_t i = 0; i < k; i++)
		if (u == 0 || key[i] != key[u - 1])
			key[u++] = key[i];

	/* Our own count of the pairs, for the text; igraph gives the ratios. */
	igraph_integer_t links = (igraph_integer_t) u, mutual_links = 0;
	for (size_t i = 0; i < u; i++) {
		uint64_t back = key[i] << 32 | key[i] >> 32;
		if (bsearch(&back, key, u, sizeof(*key), cmp_u64))
			mutual_links++;
	}
	job->mutual = mutual_links / 2;
	job->pairs = links - job->mutual;
	job->mutuality = job->reciprocity = NAN;
	if (u == 0) {
		free(key);
		return RN_OK;
	}

	if (igraph_vector_int_init(&edges, 2 * (igraph_integer_t) u) != IGRAPH_SUCCESS) {
		free(key);
		return RN_E_INTERNAL;
	}
	for (size_t i = 0; i < u; i++) {
		VECTOR(edges)[2 * i] = (igraph_integer_t) (key[i] >> 32);
		VECTOR(edges)[2 * i + 1] = (igraph_integer_t) (key[i] & 0xffffffffu);
	}
	if (igraph_create(&g, &edges, net->ncontacts, IGRAPH_DIRECTED) == IGRAPH_SUCCESS) {
		igraph_real_t ratio, rec;
		if (igraph_reciprocity(&g, &ratio, 1, IGRAPH_RECIPROCITY_RATIO) == IGRAPH_SUCCESS &&
		    igraph_reciprocity(&g, &rec, 1, IGRAPH_RECIPROCITY_DEFAULT) == IGRAPH_SUCCESS) {
			job->mutuality = ratio;
			job->reciprocity = rec;
			st = RN_OK;
		}
		igraph_destroy(&g);
	}
	igraph_vector_int_destroy(&edges);
	free(key);
	return st;
}

static void *igraph_side(void *arg)
{
	struct igraph_job *job = arg;
	const struct rn_network *net = job->net;
	igraph_vector_int_t csize;

	job->status = RN_E_INTERNAL;
	if (igraph_vector_int_init(&csize, 0) != IGRAPH_SUCCESS)
		return NULL;
	if (igraph_connected_components(&net->graph, NULL, &csize, &job->components, IGRAPH_WEAK) !=
	    IGRAPH_SUCCESS) {
		igraph_vector_int_destroy(&csize);
		return NULL;
	}
	job->largest = igraph_vector_int_size(&csize) ? igraph_vector_int_max(&csize) : 0;
	igraph_vector_int_destroy(&csize);

	if (rn_communities_find(net, job->opt->method, job->opt->seed, &job->comm, NULL, 0) !=
	    RN_OK)
		return NULL;
	job->status = referral_mutuality(job);
	if (job->status == RN_OK && job->opt->igraph_after)
		job->opt->igraph_after(job->opt->igraph_after_ctx);
	/* Done with igraph: help the calling thread with betweenness. */
	if (job->bc)
		job->bc_status = rn_bc_work(job->bc, NULL, NULL);
	return NULL;
}

/* ---- rankings ---- */

/* A candidate for a ranked list: higher key first, then lower id rank. */
struct cand {
	double key;
	uint32_t rank;
	uint32_t v;
};

static int cand_before(const struct cand *a, const struct cand *b)
{
	return a->key > b->key || (a->key == b->key && a->rank < b->rank);
}

static int cmp_cand(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;
	return cand_before(x, y) ? -1 : cand_before(y, x) ? 1 : 0;
}

/* Min-heap on "before": the root is the worst of the best k kept so far. */
static void sift_down(struct cand *h, size_t n, size_t i)
{
	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= n)
			return;
		if (c + 1 < n && cand_before(&h[c], &h[c + 1]))
			c++;
		if (!cand_before(&h[i], &h[c]))
			return;
		struct cand t = h[i];
		h[i] = h[c];
		h[c] = t;
		i = c;
	}
}

/*
 * The best k contacts by key[v] (NAN: not a candidate), ties broken by id.
 * Writes them, best first, to a malloc'd *out and their number to *nout.
 * O(N log k).
 */
static enum rn_status top_k(const double *key, const uint32_t *rank, igraph_integer_t n,
                            size_t k, igraph_integer_t **out, size_t *nout)
{
	if (k > (size_t) n)
		k = (size_t) n;   /* a huge k (--top 0: every row) needs no more room than n */
	struct cand *h = malloc((k + 1) * sizeof(*h));
	size_t hn = 0;
	*out = NULL;
	*nout = 0;
	if (!h)
		return RN_E_INTERNAL;
	for (igraph_integer_t v = 0; v < n && k > 0; v++) {
		if (isnan(key[v]))
			continue;
		struct cand c = { key[v], rank[v], (uint32_t) v };
		if (hn < k) {
			/* Insert, then restore the heap by sifting up. */
			size_t i = hn++;
			h[i] = c;
			while (i > 0 && cand_before(&h[(i - 1) / 2], &h[i])) {
				struct cand t = h[i];
				h[i] = h[(i - 1) / 2];
				h[(i - 1) / 2] = t;
				i = (i - 1) / 2;
			}
		} else if (cand_before(&c, &h[0])) {
			h[0] = c;
			sift_down(h, hn, 0);
		}
	}
	qsort(h, hn, sizeof(*h), cmp_cand);
	*out = malloc((hn + 1) * sizeof(**out));
	if (!*out) {
		free(h);
		return RN_E_INTERNAL;
	}
	for (size_t i = 0; i < hn; i++)
		(*out)[i] = h[i].v;
	*nout = hn;
	free(h);
	return RN_OK;
}

/* ---- communities: descriptions ---- */

struct tag_count {
	uint32_t tag;
	igraph_integer_t count;
	uint32_t level;       /* lowest position of the tag in a member's offers */
	uint32_t member;      /* ... in the most central such member (0 = most central) */
	const char *fold;
};

/* Most members first; then the tags the central members list first (one
 * from each member in turn), so that ties among rare tags still say what
 * the circle does; then by folded text. */
static int cmp_tag_count(const void *a, const void *b)
{
	const struct tag_count *x = a, *y = b;
	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	if (x->level != y->level)
		return x->level < y->level ? -1 : 1;
	if (x->member != y->member)
		return x->member < y->member ? -1 : 1;
	int c = strcmp(x->fold, y->fold);
	return c ? c : (x->tag > y->tag) - (x->tag < y->tag);
}

/*
 * Take the numbered communities into st (st->community is the number - 1,
 * an index into st->communities), and describe the first `top` communities
 * of two or more.
 */
static enum rn_status describe_communities(const struct rn_network *net,
                                           const struct rn_stats_options *opt,
                                           const struct rn_sadj *adj, const uint32_t *rank,
                                           const struct rn_communities *cm, struct rn_stats *st)
{
	igraph_integer_t n = net->ncontacts;
	enum rn_status status = RN_E_INTERNAL;
	igraph_integer_t *seen_by = malloc(((size_t) cm->count + 1) * sizeof(*seen_by));
	double *inside = calloc((size_t) n + 1, sizeof(*inside));
	igraph_integer_t *start = NULL, *bucket = NULL;
	uint32_t *tag_n = NULL, *tag_stamp = NULL, *tag_slot = NULL;
	struct tag_count *tc = NULL;
	struct cand *order = NULL;

	if (!seen_by || !inside)
		goto cleanup;
	/* Largest first: the circles (two or more) come before the singletons. */
	for (igraph_integer_t c = 1; c <= cm->count; c++) {
		if (cm->size[c] >= 2)
			st->ncommunities++;
		else
			st->singletons++;
	}
	for (igraph_integer_t v = 0; v < n; v++)
		st->community[v] = cm->of[v] - 1;

	/* Strength inside one's own community, and ties inside each. */
	size_t listed = (size_t) st->ncommunities < opt->top ? (size_t) st->ncommunities : opt->top;
	st->communities = calloc(listed + 1, sizeof(*st->communities));
	if (!st->communities)
		goto cleanup;
	st->ncommunities_listed = listed;
	for (igraph_integer_t e = 0; e < net->nties; e++) {
		igraph_integer_t a = net->tie_a[e], b = net->tie_b[e];
		igraph_integer_t c = st->community[a];
		if (c != st->community[b])
			continue;
		inside[a] += net->strength[e];
		inside[b] += net->strength[e];
		if ((size_t) c < listed)
			st->communities[c].ties_inside++;
	}

	/* Members bucketed by community (only the listed ones matter). */
	start = calloc(listed + 2, sizeof(*start));
	bucket = malloc(((size_t) n + 1) * sizeof(*bucket));
	tag_n = calloc((size_t) net->ntags + 1, sizeof(*tag_n));
	tag_stamp = malloc(((size_t) net->ntags + 1) * sizeof(*tag_stamp));
	tag_slot = malloc(((size_t) net->ntags + 1) * sizeof(*tag_slot));
	tc = malloc(((size_t) net->ntags + 1) * sizeof(*tc));
	order = malloc(((size_t) n + 1) * sizeof(*order));
	if (!start || !bucket || !tag_n || !tag_stamp || !tag_slot || !tc || !order)
		goto cleanup;
	for (uint32_t t = 0; t < net->ntags; t++)
		tag_stamp[t] = UINT32_MAX;
	for (igraph_integer_t v = 0; v < n; v++)
		if ((size_t) st->community[v] < listed)
			start[st->community[v] + 1]++;
	for (size_t c = 0; c < listed; c++)
		start[c + 1] += start[c];
	{
		igraph_integer_t *fill = malloc((listed + 1) * sizeof(*fill));
		if (!fill)
			goto cleanup;
		memcpy(fill, start, listed * sizeof(*fill));
		for (igraph_integer_t v = 0; v < n; v++)
			if ((size_t) st->community[v] < listed)
				bucket[fill[st->community[v]]++] = v;
		free(fill);
	}

	size_t per = opt->top < RN_STATS_PER_COMMUNITY ? opt->top : RN_STATS_PER_COMMUNITY;
	for (size_t c = 0; c < listed; c++) {
		struct rn_stats_community *sc = &st->communities[c];
		sc->size = cm->size[c + 1];
		/* Members by strength inside, then id: the first ones are listed. */
		igraph_integer_t size = start[c + 1] - start[c];
		for (igraph_integer_t i = 0; i < size; i++) {
			igraph_integer_t v = bucket[start[c] + i];
			order[i] = (struct cand) { inside[v], rank[v], (uint32_t) v };
		}
		qsort(order, (size_t) size, sizeof(*order), cmp_cand);
		sc->nmembers = (size_t) size < per ? (size_t) size : per;
		sc->members = malloc((sc->nmembers + 1) * sizeof(*sc->members));
		sc->member_strength = malloc((sc->nmembers + 1) * sizeof(*sc->member_strength));
		if (!sc->members || !sc->member_strength)
			goto cleanup;
		for (size_t i = 0; i < sc->nmembers; i++) {
			sc->members[i] = order[i].v;
			sc->member_strength[i] = order[i].key;
		}

		/* Most common offers: each member counts a tag once. */
		size_t ntc = 0;
		for (igraph_integer_t i = 0; i < size; i++) {
			igraph_integer_t v = order[i].v;
			const struct rn_tag_span *sp = &net->offers[v];
			for (uint32_t j = 0; j < sp->n; j++) {
				uint32_t t = net->tag_refs[sp->at + j];
				if (tag_stamp[t] == (uint32_t) v)
					continue;
				tag_stamp[t] = (uint32_t) v;
				if (tag_n[t]++ == 0) {
					tc[ntc].tag = t;
					tc[ntc].level = j;
					tc[ntc].member = (uint32_t) i;
					tag_slot[t] = (uint32_t) ntc++;
				} else if (j < tc[tag_slot[t]].level) {
					tc[tag_slot[t]].level = j;
					tc[tag_slot[t]].member = (uint32_t) i;
				}
			}
		}
		for (size_t i = 0; i < ntc; i++) {
			tc[i].count = tag_n[tc[i].tag];
			tc[i].fold = net->tag_fold[tc[i].tag];
			tag_n[tc[i].tag] = 0;
		}
		for (igraph_integer_t i = start[c]; i < start[c + 1]; i++) {
			const struct rn_tag_span *sp = &net->offers[bucket[i]];
			for (uint32_t j = 0; j < sp->n; j++)
				tag_stamp[net->tag_refs[sp->at + j]] = UINT32_MAX;
		}
		qsort(tc, ntc, sizeof(*tc), cmp_tag_count);
		sc->ntags = ntc < per ? ntc : per;
		sc->tags = malloc((sc->ntags + 1) * sizeof(*sc->tags));
		if (!sc->tags)
			goto cleanup;
		for (size_t i = 0; i < sc->ntags; i++) {
			sc->tags[i].tag = tc[i].tag;
			sc->tags[i].count = tc[i].count;
		}
	}

	/* Brokers: how many communities their contacts belong to. */
	st->broker_circles = calloc(st->nbrokers + 1, sizeof(*st->broker_circles));
	if (!st->broker_circles)
		goto cleanup;
	for (igraph_integer_t c = 0; c < cm->count; c++)
		seen_by[c] = -1;   /* the last broker that saw community c */
	for (size_t i = 0; i < st->nbrokers; i++) {
		igraph_integer_t b = st->brokers[i], seen = 0;
		for (size_t a = adj->off[b]; a < adj->off[b + 1]; a++) {
			igraph_integer_t c = st->community[adj->nbr[a]];
			if (seen_by[c] != (igraph_integer_t) i) {
				seen_by[c] = (igraph_integer_t) i;
				seen++;
			}
		}
		st->broker_circles[i] = seen;
	}
	status = RN_OK;
cleanup:
	free(seen_by);
	free(inside);
	free(start);
	free(bucket);
	free(tag_n);
	free(tag_stamp);
	free(tag_slot);
	free(tc);
	free(order);
	return status;
}

/* ---- everything ---- */

static void note(const struct rn_stats_options *opt, const char *step)
{
	if (opt->progress)
		opt->progress(opt->progress_ctx, step, 0, 0);
}

/* Draw the betweenness sources: a uniform sample of the contacts with ties. */
static enum rn_status pick_sources(const struct rn_stats_options *opt, const struct rn_sadj *adj,
                                   igraph_integer_t pool, igraph_integer_t k,
                                   igraph_integer_t **out)
{
	igraph_vector_int_t idx;
	igraph_integer_t *tied = malloc(((size_t) pool + 1) * sizeof(*tied));
	*out = malloc(((size_t) k + 1) * sizeof(**out));
	if (!tied || !*out || igraph_vector_int_init(&idx, 0) != IGRAPH_SUCCESS) {
		free(tied);
		free(*out);
		*out = NULL;
		return RN_E_INTERNAL;
	}
	igraph_integer_t p = 0;
	for (uint32_t v = 0; v < adj->n; v++)
		if (adj->off[v + 1] > adj->off[v])
			tied[p++] = v;
	enum rn_status st = RN_E_INTERNAL;
	igraph_rng_seed(igraph_rng_default(), (igraph_uint_t) opt->seed);
	if (igraph_random_sample(&idx, 0, pool - 1, k) == IGRAPH_SUCCESS) {
		/* igraph_random_sample returns the sample in increasing order. */
		for (igraph_integer_t i = 0; i < k; i++)
			(*out)[i] = tied[VECTOR(idx)[i]];
		st = RN_OK;
	}
	igraph_vector_int_destroy(&idx);
	free(tied);
	if (st != RN_OK) {
		free(*out);
		*out = NULL;
	}
	return st;
}

enum rn_status rn_stats_compute(const struct rn_network *net, const struct rn_stats_options *opt,
                                struct rn_stats *st)
{
	igraph_integer_t n = net->ncontacts, m = net->nties;
	struct rn_sadj adj;
	struct igraph_job job;
	pthread_t thread;
	int threaded = 0;
	uint32_t *rank = NULL;
	uint64_t *tri = NULL;
	double *best = NULL;
	double *key = NULL;
	igraph_integer_t *sources = NULL;
	struct rn_bc *bc = NULL;
	enum rn_status status = RN_E_INTERNAL;

	memset(st, 0, sizeof(*st));
	memset(&job, 0, sizeof(job));
	memset(&adj, 0, sizeof(adj));
	if (!net->has_graph || opt->samples < 1 || !(opt->weak_below >= 0) ||
	    opt->weak_below > 1)
		return net->has_graph ? RN_E_USAGE : RN_E_INTERNAL;

	/* Counts that need no graph. */
	st->contacts = n;
	st->ties = m;
	struct rn_counts counts;
	if (rn_counts_compute(net, opt->as_of, &counts) != RN_OK)
		goto cleanup;
	memcpy(st->stages, counts.stages, sizeof(st->stages));
	memcpy(st->kinds, counts.kinds, sizeof(st->kinds));
	st->events = counts.events;
	st->events_ignored = counts.later;
	st->density = n > 1 ? 2.0 * (double) m / ((double) n * (double) (n - 1)) : 0;
	st->average_degree = n > 0 ? 2.0 * (double) m / (double) n : 0;

	st->degree = malloc(((size_t) n + 1) * sizeof(*st->degree));
	st->strength = calloc((size_t) n + 1, sizeof(*st->strength));
	st->betweenness = calloc((size_t) n + 1, sizeof(*st->betweenness));
	st->constraint = malloc(((size_t) n + 1) * sizeof(*st->constraint));
	st->community = malloc(((size_t) n + 1) * sizeof(*st->community));
	tri = malloc(((size_t) n + 1) * sizeof(*tri));
	key = calloc((size_t) n + 1, sizeof(*key));
	if (!st->degree || !st->strength || !st->betweenness || !st->constraint ||
	    !st->community || !tri || !key)
		goto cleanup;
	if (rn_sadj_build(net, &adj) != RN_OK)
		goto cleanup;
	for (igraph_integer_t v = 0; v < n; v++) {
		st->degree[v] = (igraph_integer_t) (adj.off[v + 1] - adj.off[v]);
		if (st->degree[v] > 0)
			st->source_pool++;
	}
	for (igraph_integer_t e = 0; e < m; e++) {
		st->strength[net->tie_a[e]] += net->strength[e];
		st->strength[net->tie_b[e]] += net->strength[e];
	}

	/* Exact betweenness on a small network, else a sample of sources
	 * (drawn now: the RNG is igraph's, and igraph is busy once the helper
	 * thread runs). */
	igraph_integer_t pool = st->source_pool;
	st->betweenness_exact = opt->exact || pool <= opt->samples ||
	                        (!opt->force_samples && pool <= RN_STATS_EXACT_MAX);
	st->sources = st->betweenness_exact ? pool : opt->samples;
	if (!st->betweenness_exact && pick_sources(opt, &adj, pool, st->sources, &sources) != RN_OK)
		goto cleanup;

	if (rn_bc_init(&bc, net, &adj, st->betweenness_exact ? NULL : sources, st->sources,
	               pool) != RN_OK)
		goto cleanup;

	job.net = net;
	job.opt = opt;
	job.bc = bc;
	if (rn_threads() > 1 && pthread_create(&thread, NULL, igraph_side, &job) == 0)
		threaded = 1;
	else
		igraph_side(&job);

	/* Meanwhile, refnet's own loops on this thread (no igraph here). */
	enum rn_status mine = rn_id_order(net, &rank);
	uint64_t triangles = 0;
	if (mine == RN_OK && !opt->no_brokers) {
		note(opt, "triangles and constraint");
		mine = rn_sadj_triangles(net, &adj, tri, &triangles, st->constraint);
	} else if (mine == RN_OK) {
		for (igraph_integer_t v = 0; v < n; v++) {
			tri[v] = 0;
			st->constraint[v] = NAN;
		}
	}
	/* Betweenness batches, shared with the helper once its igraph work is
	 * done (always run, so that the helper never waits on this thread). */
	enum rn_status bcs = rn_bc_work(bc, opt->progress, opt->progress_ctx);
	if (threaded) {
		note(opt, "communities");
		pthread_join(thread, NULL);
	}
	if (mine != RN_OK || bcs != RN_OK || job.status != RN_OK || job.bc_status != RN_OK ||
	    rn_bc_finish(bc, st->betweenness) != RN_OK)
		goto cleanup;

	/* Clustering from the triangles. */
	double triples = 0, local = 0;
	igraph_integer_t nlocal = 0;
	for (igraph_integer_t v = 0; v < n; v++) {
		double d = (double) st->degree[v], pairs = d * (d - 1) / 2;
		triples += pairs;
		if (st->degree[v] >= 2) {
			local += (double) tri[v] / pairs;
			nlocal++;
		}
	}
	st->triangles = (igraph_integer_t) triangles;
	st->transitivity = triples > 0 && !opt->no_brokers ? 3.0 * (double) triangles / triples : NAN;
	st->average_clustering = nlocal && !opt->no_brokers ? local / (double) nlocal : NAN;

	st->components = job.components;
	st->largest_component = job.largest;
	st->method = opt->method;
	st->resolution = job.comm.resolution;
	st->modularity = job.comm.modularity;
	st->referrals = job.referrals;
	st->referral_pairs = job.pairs;
	st->mutual_pairs = job.mutual;
	st->mutuality = job.mutuality;
	st->reciprocity = job.reciprocity;

	/* Ranked lists. */
	for (igraph_integer_t v = 0; v < n; v++)
		key[v] = st->betweenness[v] > 0 ? st->betweenness[v] : NAN;
	if (top_k(key, rank, n, opt->top, &st->connectors, &st->nconnectors) != RN_OK)
		goto cleanup;
	for (igraph_integer_t v = 0; v < n; v++)
		key[v] = st->degree[v] > 0 ? st->strength[v] : NAN;
	if (top_k(key, rank, n, opt->top, &st->hubs, &st->nhubs) != RN_OK)
		goto cleanup;
	for (igraph_integer_t v = 0; v < n; v++)
		key[v] = st->degree[v] >= 2 ? -st->constraint[v] : NAN;
	if (top_k(key, rank, n, opt->top, &st->brokers, &st->nbrokers) != RN_OK)
		goto cleanup;

	for (igraph_integer_t v = 0; v < n; v++) {
		key[v] = st->degree[v] == 0 ? 0 : NAN;
		st->nisolated += st->degree[v] == 0;
	}
	if (top_k(key, rank, n, opt->top, &st->isolated, &st->nisolated_listed) != RN_OK)
		goto cleanup;
	/* Weakly tied: every tie weaker than the threshold. */
	best = calloc((size_t) n + 1, sizeof(*best));
	if (!best)
		goto cleanup;
	for (igraph_integer_t e = 0; e < m; e++) {
		if (net->strength[e] > best[net->tie_a[e]])
			best[net->tie_a[e]] = net->strength[e];
		if (net->strength[e] > best[net->tie_b[e]])
			best[net->tie_b[e]] = net->strength[e];
	}
	for (igraph_integer_t v = 0; v < n; v++) {
		key[v] = st->degree[v] > 0 && best[v] < opt->weak_below ? -best[v] : NAN;
		st->nweak += !isnan(key[v]);
	}
	if (top_k(key, rank, n, opt->top, &st->weak, &st->nweak_listed) != RN_OK)
		goto cleanup;
	st->weak_max = malloc((st->nweak_listed + 1) * sizeof(*st->weak_max));
	if (!st->weak_max)
		goto cleanup;
	for (size_t i = 0; i < st->nweak_listed; i++)
		st->weak_max[i] = -key[st->weak[i]];

	status = describe_communities(net, opt, &adj, rank, &job.comm, st);
cleanup:
	rn_bc_free(bc);
	rn_sadj_release(&adj);
	rn_communities_release(&job.comm);
	free(rank);
	free(tri);
	free(best);
	free(key);
	free(sources);
	if (status != RN_OK)
		rn_stats_release(st);
	return status;
}

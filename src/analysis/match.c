/*
 * Matches: pairs (needer, provider) with no tie and a common neighbour, the
 * provider offering what the needer needs.  See include/refnet/match.h.
 */
#include "refnet/match.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "refnet/text.h"

void rn_matches_release(struct rn_matches *ms)
{
	if (!ms)
		return;
	free(ms->m);
	memset(ms, 0, sizeof(*ms));
}

/* Rank order: higher score, then needer id, provider id, introducer id. */
static int match_before(const struct rn_network *net, const struct rn_match *a,
                        const struct rn_match *b)
{
	if (!rn_score_equal(a->score, b->score))
		return a->score > b->score;
	int c = strcmp(net->id[a->needer], net->id[b->needer]);
	if (!c)
		c = strcmp(net->id[a->provider], net->id[b->provider]);
	if (!c)
		c = strcmp(net->id[a->introducer], net->id[b->introducer]);
	return c < 0;
}

/* A bounded min-heap keeping the `top` best matches (the worst at the root). */
struct keep {
	const struct rn_network *net;
	struct rn_match *m;
	size_t n, cap, top;
};

static void sift_down(struct keep *k, size_t i)
{
	for (;;) {
		size_t c = 2 * i + 1, w = i;
		if (c < k->n && match_before(k->net, &k->m[w], &k->m[c]))
			w = c;
		if (c + 1 < k->n && match_before(k->net, &k->m[w], &k->m[c + 1]))
			w = c + 1;
		if (w == i)
			return;
		struct rn_match t = k->m[i];
		k->m[i] = k->m[w];
		k->m[w] = t;
		i = w;
	}
}

static int keep_add(struct keep *k, const struct rn_match *x)
{
	if (k->top && k->n == k->top) {
		if (!match_before(k->net, x, &k->m[0]))
			return 0;
		k->m[0] = *x;
		sift_down(k, 0);
		return 0;
	}
	if (k->n == k->cap) {
		size_t cap = k->cap ? k->cap * 2 : 64;
		struct rn_match *m = realloc(k->m, cap * sizeof(*m));
		if (!m)
			return -1;
		k->m = m;
		k->cap = cap;
	}
	size_t i = k->n++;
	k->m[i] = *x;
	while (i > 0) {   /* sift up: the worst stays at the root */
		size_t p = (i - 1) / 2;
		if (!match_before(k->net, &k->m[p], &k->m[i]))
			break;
		struct rn_match t = k->m[i];
		k->m[i] = k->m[p];
		k->m[p] = t;
		i = p;
	}
	return 0;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *) a, y = *(const uint32_t *) b;
	return x < y ? -1 : x > y;
}

static const struct rn_network *sort_net;

static int cmp_match(const void *a, const void *b)
{
	if (match_before(sort_net, a, b))
		return -1;
	return match_before(sort_net, b, a) ? 1 : 0;
}

/* An introducer's contact, for the best_only walk (falling strength). */
struct ranked {
	double eff;                /* effective strength of the tie */
	uint32_t v, tie;
};

static int cmp_ranked(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	if (x->eff != y->eff)
		return x->eff > y->eff ? -1 : 1;
	return x->v < y->v ? -1 : x->v > y->v;
}

/* Every contact's ties, each contact's slice sorted by falling strength
 * (laid out as net->adj, indexed by adj_start).  NULL when out of memory. */
static struct ranked *rank_ties(const struct rn_intro *in)
{
	const struct rn_network *net = in->net;
	size_t na = net->adj_start[net->ncontacts];
	struct ranked *r = malloc((na + 1) * sizeof(*r));
	if (!r)
		return NULL;
	for (size_t a = 0; a < na; a++)
		r[a] = (struct ranked) { rn_intro_effective(in, net->adj[a].tie), net->adj[a].v,
		                         net->adj[a].tie };
	for (igraph_integer_t c = 0; c < net->ncontacts; c++) {
		size_t a0 = net->adj_start[c], a1 = net->adj_start[c + 1];
		if (a1 - a0 > 1)
			qsort(r + a0, a1 - a0, sizeof(*r), cmp_ranked);
	}
	return r;
}

struct scratch {
	uint32_t *offer_mark;      /* per tag: needer + 1 when it answers the needer */
	uint32_t *offer_need;      /* per tag: which of the needer's needs it answers */
	uint32_t *tied_mark;       /* per contact: needer + 1 when tied to the needer */
	uint32_t *best_mark;       /* per contact: needer + 1 when best[] is set */
	struct rn_match *best;     /* per contact as provider */
	uint32_t *providers;       /* the contacts with best_mark set, this needer */
	uint32_t **need_offers;    /* per need tag: matching offer tags (cache) */
	size_t *need_noffers;
	unsigned char *need_done;
	struct ranked *ranked;     /* best_only: the ties by falling strength, else NULL */
};

static void scratch_free(struct scratch *s, uint32_t ntags)
{
	for (uint32_t t = 0; s->need_offers && t < ntags; t++)
		free(s->need_offers[t]);
	free(s->offer_mark);
	free(s->offer_need);
	free(s->tied_mark);
	free(s->best_mark);
	free(s->best);
	free(s->providers);
	free(s->need_offers);
	free(s->need_noffers);
	free(s->need_done);
	free(s->ranked);
}

/* The offer tags answering need tag t, computed once per tag. */
static int need_offers(struct scratch *s, const struct rn_needs_index *ix, uint32_t t)
{
	if (s->need_done[t])
		return 0;
	if (rn_needs_match(ix, ix->net->tag_fold[t], &s->need_offers[t], &s->need_noffers[t]) !=
	    RN_OK)
		return -1;
	s->need_done[t] = 1;
	return 0;
}

/* All matches of one needer v, into k. */
static int match_needer(const struct rn_intro *in, const struct rn_needs_index *ix,
                        const struct rn_match_options *opt, const char *need_fold,
                        const uint32_t *need_text_offers, size_t nneed_text_offers,
                        struct scratch *s, igraph_integer_t v, struct keep *k,
                        size_t *pairs)
{
	const struct rn_network *net = in->net;
	uint32_t mark = (uint32_t) v + 1;
	int any = 0;

	/* Mark the offers that answer v's needs (first need first). */
	const struct rn_tag_span *nd = &net->needs[v];
	for (uint32_t j = 0; j < nd->n; j++) {
		uint32_t t = net->tag_refs[nd->at + j];
		/* --need: v must need it, and the offer must answer both v's need
		 * and the text (it narrows the matches, never adds any). */
		if (need_fold && !rn_needs_tag_matches(net, t, need_fold))
			continue;
		if (need_offers(s, ix, t) < 0)
			return -1;
		const uint32_t *offers = s->need_offers[t];
		size_t noffers = s->need_noffers[t];
		for (size_t i = 0; i < noffers; i++) {
			if (s->offer_mark[offers[i]] == mark)
				continue;
			if (need_fold && !bsearch(&offers[i], need_text_offers, nneed_text_offers,
			                          sizeof(*offers), cmp_u32))
				continue;
			s->offer_mark[offers[i]] = mark;
			s->offer_need[offers[i]] = need_fold ? RN_NO_TAG : t;
			any = 1;
		}
	}
	if (!any)
		return 0;

	size_t a0 = net->adj_start[v], a1 = net->adj_start[v + 1];
	for (size_t a = a0; a < a1; a++)
		s->tied_mark[net->adj[a].v] = mark;

	/* best_only: a pair must score at least the worst kept (k's root). */
	double floor = s->ranked && k->n == k->top ? k->m[0].score : -INFINITY;
	size_t nprov = 0;
	for (size_t a = a0; a < a1; a++) {
		uint32_t c = net->adj[a].v, e1 = net->adj[a].tie;
		if (opt->via >= 0 && c != (uint32_t) opt->via)
			continue;
		double fatigue = rn_intro_fatigue(in, c);
		double eff1 = rn_intro_effective(in, e1);
		for (size_t b = net->adj_start[c]; b < net->adj_start[c + 1]; b++) {
			uint32_t p, e2;
			if (s->ranked) {
				/* The same product as the score below, so the test is exact. */
				double best = eff1 * s->ranked[b].eff * fatigue;
				if (best < floor && !rn_score_equal(best, floor))
					break;
				p = s->ranked[b].v;
				e2 = s->ranked[b].tie;
			} else {
				p = net->adj[b].v;
				e2 = net->adj[b].tie;
			}
			if (p == (uint32_t) v || s->tied_mark[p] == mark)
				continue;
			uint32_t offer = RN_NO_TAG;
			const struct rn_tag_span *of = &net->offers[p];
			for (uint32_t j = 0; j < of->n && offer == RN_NO_TAG; j++)
				if (s->offer_mark[net->tag_refs[of->at + j]] == mark)
					offer = net->tag_refs[of->at + j];
			if (offer == RN_NO_TAG)
				continue;
			struct rn_match m = {
				.introducer = c, .needer = v, .provider = p,
				.need_tag = s->offer_need[offer], .offer_tag = offer,
				.tie_needer = e1, .tie_provider = e2,
				.effective_needer = eff1,
				.effective_provider = rn_intro_effective(in, e2),
				.fatigue = fatigue
			};
			/* as documented: the two ties, then the fatigue */
			m.score = m.effective_needer * m.effective_provider * fatigue;
			if (s->best_mark[p] != mark) {
				s->best_mark[p] = mark;
				s->best[p] = m;
				s->providers[nprov++] = p;
			} else if (match_before(net, &m, &s->best[p])) {
				s->best[p] = m;
			}
		}
	}
	for (size_t i = 0; i < nprov; i++)
		if (keep_add(k, &s->best[s->providers[i]]) < 0)
			return -1;
	*pairs += nprov;
	return 0;
}

enum rn_status rn_match_run(const struct rn_intro *in, const struct rn_needs_index *ix,
                            const struct rn_match_options *opt, struct rn_matches *out)
{
	const struct rn_network *net = in->net;
	size_t n = (size_t) net->ncontacts, nt = net->ntags;
	struct scratch s = { 0 };
	struct keep k = { .net = net, .top = opt->top };
	char *need_fold = NULL;
	uint32_t *need_text_offers = NULL;
	size_t nneed_text_offers = 0;
	enum rn_status st = RN_E_INTERNAL;

	memset(out, 0, sizeof(*out));
	s.offer_mark = calloc(nt + 1, sizeof(*s.offer_mark));
	s.offer_need = calloc(nt + 1, sizeof(*s.offer_need));
	s.tied_mark = calloc(n + 1, sizeof(*s.tied_mark));
	s.best_mark = calloc(n + 1, sizeof(*s.best_mark));
	s.best = malloc((n + 1) * sizeof(*s.best));
	s.providers = malloc((n + 1) * sizeof(*s.providers));
	s.need_offers = calloc(nt + 1, sizeof(*s.need_offers));
	s.need_noffers = calloc(nt + 1, sizeof(*s.need_noffers));
	s.need_done = calloc(nt + 1, 1);
	if (!s.offer_mark || !s.offer_need || !s.tied_mark || !s.best_mark || !s.best ||
	    !s.providers || !s.need_offers || !s.need_noffers || !s.need_done)
		goto cleanup;
	if (opt->need) {
		if (rn_text_fold(opt->need, strlen(opt->need), &need_fold) < 0)
			goto cleanup;
		if (rn_needs_match(ix, opt->need, &need_text_offers, &nneed_text_offers) != RN_OK)
			goto cleanup;
		if (!*need_fold || !nneed_text_offers) {
			st = RN_OK;
			goto cleanup;
		}
	}

	if (opt->best_only && opt->top > 0 && !(s.ranked = rank_ties(in)))
		goto cleanup;
	size_t pairs = 0;
	if (opt->via >= 0) {
		/* Only the introducer's own contacts can be needers. */
		for (size_t a = net->adj_start[opt->via]; a < net->adj_start[opt->via + 1]; a++)
			if (match_needer(in, ix, opt, need_fold, need_text_offers, nneed_text_offers,
			                 &s, net->adj[a].v, &k, &pairs) < 0)
				goto cleanup;
	} else {
		for (igraph_integer_t v = 0; v < net->ncontacts; v++)
			if (match_needer(in, ix, opt, need_fold, need_text_offers, nneed_text_offers,
			                 &s, v, &k, &pairs) < 0)
				goto cleanup;
	}
	sort_net = net;
	if (k.n)
		qsort(k.m, k.n, sizeof(*k.m), cmp_match);
	out->m = k.m;
	out->n = k.n;
	out->counted = !s.ranked;
	out->pairs = s.ranked ? 0 : pairs;
	k.m = NULL;
	st = RN_OK;
cleanup:
	free(k.m);
	free(need_fold);
	free(need_text_offers);
	scratch_free(&s, (uint32_t) nt);
	return st;
}

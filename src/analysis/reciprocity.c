/*
 * Reciprocity of referral partnerships: per pair counts, values, recency-
 * weighted balance, index and label; per contact totals; network mutuality
 * through igraph_reciprocity.  See include/refnet/reciprocity.h for the
 * rules and docs/health.md for the formulas with a worked example.
 *
 * The referral rows are gathered once, sorted by (pair, date, row) and
 * folded into pairs in one pass, so the work is a sort, never a scan of all
 * pairs per pair, and every floating-point sum is taken in the same order
 * on every run.  Nothing here prints.
 */
#include "refnet/reciprocity.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "refnet/idorder.h"

void rn_reciprocity_options_default(struct rn_reciprocity_options *o)
{
	o->half_life = RN_RECIP_DEFAULT_HALF_LIFE;
	o->window = RN_RECIP_DEFAULT_WINDOW;
	o->tolerance = RN_RECIP_DEFAULT_TOLERANCE;
	o->since = RN_NO_DATE;
}

const char *rn_recip_label_name(enum rn_recip_label l)
{
	static const char *const names[RN_RECIP_LABEL_COUNT] = {
		"balanced", "gives more", "receives more", "one-way", "dormant"
	};
	return (unsigned) l < RN_RECIP_LABEL_COUNT ? names[l] : "?";
}

double rn_recip_weight(int age, double half_life)
{
	if (age <= 0 || !(half_life > 0))
		return 1.0;
	return pow(0.5, (double) age / half_life);
}

double rn_recip_balance(double g, double r)
{
	return g + r > 0 ? (g - r) / (g + r) : 0.0;
}

double rn_recip_index(double g, double r)
{
	double hi = g > r ? g : r, lo = g > r ? r : g;
	return hi > 0 ? lo / hi : 0.0;
}

enum rn_recip_label rn_recip_classify(const struct rn_recip_pair *p, int as_of,
                                      const struct rn_reciprocity_options *opt)
{
	int last = p->last_given;
	if (last == RN_NO_DATE || (p->last_received != RN_NO_DATE && p->last_received > last))
		last = p->last_received;
	if (last == RN_NO_DATE || as_of - last > opt->window)
		return RN_RECIP_DORMANT;
	if (p->given == 0 || p->received == 0)
		return RN_RECIP_ONE_WAY;
	if (fabs(p->balance) <= opt->tolerance)
		return RN_RECIP_BALANCED;
	return p->balance > 0 ? RN_RECIP_GIVES_MORE : RN_RECIP_RECEIVES_MORE;
}

void rn_recip_pair_flip(struct rn_recip_pair *p)
{
#define SWAP(T, x, y) do { T t_ = (x); (x) = (y); (y) = t_; } while (0)
	SWAP(igraph_integer_t, p->a, p->b);
	SWAP(igraph_integer_t, p->given, p->received);
	SWAP(double, p->value_given, p->value_received);
	SWAP(igraph_integer_t, p->valued_given, p->valued_received);
	SWAP(double, p->w_given, p->w_received);
	SWAP(double, p->wv_given, p->wv_received);
	SWAP(int, p->last_given, p->last_received);
#undef SWAP
	/* Negate, keeping 0 as +0 so that output never shows "-0". */
	p->balance = p->balance != 0 ? -p->balance : 0.0;
	if (!isnan(p->value_balance))
		p->value_balance = p->value_balance != 0 ? -p->value_balance : 0.0;
	if (p->label == RN_RECIP_GIVES_MORE)
		p->label = RN_RECIP_RECEIVES_MORE;
	else if (p->label == RN_RECIP_RECEIVES_MORE)
		p->label = RN_RECIP_GIVES_MORE;
}

void rn_reciprocity_release(struct rn_reciprocity *out)
{
	if (!out)
		return;
	free(out->pairs);
	free(out->given);
	free(out->received);
	free(out->value_given);
	free(out->value_received);
	free(out->rank);
	memset(out, 0, sizeof(*out));
	out->reciprocity = NAN;
}

/* One counted referral row, keyed by its unordered pair (lo < hi). */
struct ref {
	uint32_t lo, hi;
	int date;
	uint32_t dir;        /* 0: lo -> hi, 1: hi -> lo */
	uint32_t ev;         /* row index, the last tie-break */
	double value;        /* NAN when empty */
};

static int cmp_ref(const void *x, const void *y)
{
	const struct ref *a = x, *b = y;
	if (a->lo != b->lo)
		return a->lo < b->lo ? -1 : 1;
	if (a->hi != b->hi)
		return a->hi < b->hi ? -1 : 1;
	if (a->date != b->date)
		return a->date < b->date ? -1 : 1;
	return a->ev < b->ev ? -1 : a->ev > b->ev;
}

/* Pair order for the output: busiest first, then a's id, then b's id. */
static enum rn_status sort_pairs(struct rn_reciprocity *out, const uint32_t *rank)
{
	struct rn_sort_key *k = malloc((out->npairs + 1) * sizeof(*k));
	struct rn_recip_pair tmp;
	if (!k)
		return RN_E_INTERNAL;
	for (size_t i = 0; i < out->npairs; i++) {
		const struct rn_recip_pair *p = &out->pairs[i];
		k[i].w[0] = ~(uint64_t) (p->given + p->received);
		k[i].w[1] = (uint64_t) rank[p->a] << 32 | rank[p->b];
		k[i].w[2] = 0;
		k[i].seq = 0;
		k[i].at = (uint32_t) i;
	}
	rn_sort_keys(k, out->npairs);
	rn_sort_permute(out->pairs, sizeof(*out->pairs), k, out->npairs, &tmp);
	free(k);
	return RN_OK;
}

/* Fold the sorted rows ref[i..j) of one pair into p. */
static void fold_pair(const struct ref *ref, size_t i, size_t j, int as_of,
                      const struct rn_reciprocity_options *opt, const uint32_t *rank,
                      struct rn_recip_pair *p)
{
	memset(p, 0, sizeof(*p));
	p->a = ref[i].lo;
	p->b = ref[i].hi;
	p->last_given = p->last_received = RN_NO_DATE;
	for (size_t k = i; k < j; k++) {
		const struct ref *r = &ref[k];
		double w = rn_recip_weight(as_of - r->date, opt->half_life);
		int in = r->dir != 0;   /* counted as "received" from lo's side */
		*(in ? &p->received : &p->given) += 1;
		*(in ? &p->w_received : &p->w_given) += w;
		*(in ? &p->last_received : &p->last_given) = r->date;   /* rows are by date */
		if (!isnan(r->value)) {
			*(in ? &p->value_received : &p->value_given) += r->value;
			*(in ? &p->wv_received : &p->wv_given) += w * r->value;
			*(in ? &p->valued_received : &p->valued_given) += 1;
		}
	}
	p->balance = rn_recip_balance(p->w_given, p->w_received);
	p->index = rn_recip_index(p->w_given, p->w_received);
	/* A side that gave without any value recorded is unknown, not 0. */
	p->value_balance = (p->given && !p->valued_given) || (p->received && !p->valued_received)
	                 ? NAN : rn_recip_balance(p->wv_given, p->wv_received);
	p->label = rn_recip_classify(p, as_of, opt);
	/* Orient: a is the one who gave more (by the weighted balance), ties
	 * by id. */
	if (p->balance < 0 || (p->balance == 0 && rank[p->b] < rank[p->a]))
		rn_recip_pair_flip(p);
}

/* The directed referral graph, one edge per ordered pair, and its reciprocity. */
static enum rn_status mutuality(struct rn_reciprocity *out)
{
	igraph_vector_int_t edges;
	igraph_t g;
	enum rn_status st = RN_E_INTERNAL;

	out->reciprocity = NAN;
	if (igraph_vector_int_init(&edges, 2 * out->relationships) != IGRAPH_SUCCESS)
		return RN_E_INTERNAL;
	igraph_integer_t k = 0;
	for (size_t i = 0; i < out->npairs; i++) {
		const struct rn_recip_pair *p = &out->pairs[i];
		if (p->given) {
			VECTOR(edges)[k++] = p->a;
			VECTOR(edges)[k++] = p->b;
		}
		if (p->received) {
			VECTOR(edges)[k++] = p->b;
			VECTOR(edges)[k++] = p->a;
		}
	}
	if (igraph_create(&g, &edges, out->ncontacts, IGRAPH_DIRECTED) != IGRAPH_SUCCESS)
		goto cleanup;
	igraph_real_t r = NAN;
	if (out->relationships == 0 ||
	    igraph_reciprocity(&g, &r, 1, IGRAPH_RECIPROCITY_DEFAULT) == IGRAPH_SUCCESS) {
		out->reciprocity = out->relationships ? r : NAN;
		st = RN_OK;
	}
	igraph_destroy(&g);
cleanup:
	igraph_vector_int_destroy(&edges);
	return st;
}

enum rn_status rn_reciprocity_compute(const struct rn_network *net,
                                      const struct rn_reciprocity_options *opt, int as_of,
                                      struct rn_reciprocity *out)
{
	size_t n = (size_t) net->ncontacts, nref = 0;
	struct ref *ref = NULL;
	uint32_t *rank = NULL;
	enum rn_status st = RN_E_INTERNAL;

	memset(out, 0, sizeof(*out));
	out->as_of = as_of;
	out->opt = *opt;
	out->ncontacts = net->ncontacts;
	out->reciprocity = NAN;
	out->given = calloc(n + 1, sizeof(*out->given));
	out->received = calloc(n + 1, sizeof(*out->received));
	out->value_given = calloc(n + 1, sizeof(*out->value_given));
	out->value_received = calloc(n + 1, sizeof(*out->value_received));
	if (!out->given || !out->received || !out->value_given || !out->value_received)
		goto cleanup;
	if (rn_id_order(net, &rank) != RN_OK)
		goto cleanup;
	out->rank = rank;

	for (igraph_integer_t i = 0; i < net->nevents; i++) {
		int d = net->ev_date[i];
		if (net->ev_kind[i] == RN_KIND_REFERRAL && d != RN_NO_DATE && d <= as_of &&
		    (opt->since == RN_NO_DATE || d >= opt->since))
			nref++;
	}
	ref = malloc((nref + 1) * sizeof(*ref));
	if (!ref)
		goto cleanup;
	nref = 0;
	for (igraph_integer_t i = 0; i < net->nevents; i++) {
		int d = net->ev_date[i];
		if (net->ev_kind[i] != RN_KIND_REFERRAL || d == RN_NO_DATE || d > as_of ||
		    (opt->since != RN_NO_DATE && d < opt->since))
			continue;
		igraph_integer_t f = net->ev_from[i], t = net->ev_to[i];
		double v = net->ev_value[i];
		const char *status = net->ev_status[i];
		/* Lost business is not value given: counted apart, worth 0 here.
		 * Open referrals count with their value and are counted apart. */
		if (status && strcasecmp(status, "lost") == 0) {
			out->lost++;
			if (!isnan(v))
				out->lost_value += v, v = 0;
		} else if (status && strcasecmp(status, "open") == 0) {
			out->open++;
			if (!isnan(v))
				out->open_value += v;
		}
		struct ref *r = &ref[nref++];
		r->lo = (uint32_t) (f < t ? f : t);
		r->hi = (uint32_t) (f < t ? t : f);
		r->dir = f > t;
		r->date = d;
		r->ev = (uint32_t) i;
		r->value = v;
		out->given[f]++;
		out->received[t]++;
		if (!isnan(v)) {
			out->value_given[f] += v;
			out->value_received[t] += v;
		}
	}
	qsort(ref, nref, sizeof(*ref), cmp_ref);
	out->referrals = (igraph_integer_t) nref;

	size_t npairs = 0;
	for (size_t i = 0; i < nref; i++)
		npairs += i == 0 || ref[i].lo != ref[i - 1].lo || ref[i].hi != ref[i - 1].hi;
	out->pairs = malloc((npairs + 1) * sizeof(*out->pairs));
	if (!out->pairs)
		goto cleanup;
	for (size_t i = 0, j; i < nref; i = j) {
		for (j = i + 1; j < nref && ref[j].lo == ref[i].lo && ref[j].hi == ref[i].hi; j++)
			;
		struct rn_recip_pair *p = &out->pairs[out->npairs++];
		fold_pair(ref, i, j, as_of, opt, rank, p);
		out->labels[p->label]++;
		out->relationships += (p->given > 0) + (p->received > 0);
		out->mutual += p->given > 0 && p->received > 0 ? 2 : 0;
	}
	/* The log's total value, summed in row order like the per-contact sums. */
	for (size_t v = 0; v < n; v++)
		out->value += out->value_given[v];

	if (sort_pairs(out, rank) != RN_OK)
		goto cleanup;
	st = mutuality(out);
cleanup:
	free(ref);
	if (st != RN_OK) {
		if (!out->rank)
			free(rank);
		rn_reciprocity_release(out);
	}
	return st;
}

unsigned char *rn_reciprocity_ever(const struct rn_network *net, int as_of)
{
	unsigned char *ever = calloc((size_t) net->ncontacts + 1, 1);
	if (!ever)
		return NULL;
	for (igraph_integer_t i = 0; i < net->nevents; i++)
		if (net->ev_kind[i] == RN_KIND_REFERRAL && net->ev_date[i] <= as_of)
			ever[net->ev_from[i]] = ever[net->ev_to[i]] = 1;
	return ever;
}

enum rn_recip_label rn_recip_value_label(const struct rn_recip_pair *p, double tolerance)
{
	if (fabs(p->value_balance) <= tolerance)
		return RN_RECIP_BALANCED;
	return p->value_balance > 0 ? RN_RECIP_GIVES_MORE : RN_RECIP_RECEIVES_MORE;
}

/* The --for order: busiest first, then the partner's id (its byte-order rank). */
struct for_key {
	igraph_integer_t total;
	uint32_t partner;
	size_t at;
};

static int cmp_for_key(const void *x, const void *y)
{
	const struct for_key *a = x, *b = y;
	if (a->total != b->total)
		return a->total > b->total ? -1 : 1;
	return (a->partner > b->partner) - (a->partner < b->partner);
}

enum rn_status rn_reciprocity_of(const struct rn_reciprocity *res, igraph_integer_t who,
                                 struct rn_recip_pair **rows, size_t *n)
{
	size_t k = 0;
	for (size_t i = 0; i < res->npairs; i++)
		k += res->pairs[i].a == who || res->pairs[i].b == who;
	struct for_key *key = malloc((k + 1) * sizeof(*key));
	struct rn_recip_pair *tmp = malloc((k + 1) * sizeof(*tmp));
	*rows = malloc((k + 1) * sizeof(**rows));
	if (!key || !tmp || !*rows) {
		free(key);
		free(tmp);
		free(*rows);
		*rows = NULL;
		return RN_E_INTERNAL;
	}
	k = 0;
	for (size_t i = 0; i < res->npairs; i++) {
		struct rn_recip_pair p = res->pairs[i];
		if (p.b == who)
			rn_recip_pair_flip(&p);
		else if (p.a != who)
			continue;
		key[k] = (struct for_key) { p.given + p.received, res->rank[p.b], k };
		tmp[k++] = p;
	}
	qsort(key, k, sizeof(*key), cmp_for_key);
	for (size_t i = 0; i < k; i++)
		(*rows)[i] = tmp[key[i].at];
	free(key);
	free(tmp);
	*n = k;
	return RN_OK;
}

void rn_reciprocity_totals(const struct rn_reciprocity *res, igraph_integer_t v,
                           struct rn_recip_totals *t)
{
	memset(t, 0, sizeof(*t));
	t->given = res->given[v];
	t->received = res->received[v];
	t->value_given = res->value_given[v];
	t->value_received = res->value_received[v];
	for (size_t i = 0; i < res->npairs; i++) {
		struct rn_recip_pair p = res->pairs[i];
		if (p.b == v)
			rn_recip_pair_flip(&p);
		else if (p.a != v)
			continue;
		t->partners++;
		t->labels[p.label]++;
		t->w_given += p.w_given;
		t->w_received += p.w_received;
	}
}

/* Ranking of givers and takers. */
struct top_ref {
	igraph_integer_t n;
	double value;
	uint32_t rank;
	igraph_integer_t v;
};

static int cmp_top(const void *x, const void *y)
{
	const struct top_ref *a = x, *b = y;
	if (a->n != b->n)
		return a->n > b->n ? -1 : 1;
	if (a->value != b->value)
		return a->value > b->value ? -1 : 1;
	return a->rank < b->rank ? -1 : a->rank > b->rank;
}

size_t rn_reciprocity_top(const struct rn_reciprocity *res, int by_received, size_t n,
                          igraph_integer_t *top)
{
	size_t nc = (size_t) res->ncontacts, m = 0;
	struct top_ref *t = malloc((nc + 1) * sizeof(*t));
	if (!t)
		return (size_t) -1;
	for (size_t v = 0; v < nc; v++) {
		igraph_integer_t k = by_received ? res->received[v] : res->given[v];
		if (k <= 0)
			continue;
		t[m].n = k;
		t[m].value = by_received ? res->value_received[v] : res->value_given[v];
		t[m].rank = res->rank[v];
		t[m].v = (igraph_integer_t) v;
		m++;
	}
	qsort(t, m, sizeof(*t), cmp_top);
	if (m > n)
		m = n;
	for (size_t i = 0; i < m; i++)
		top[i] = t[i].v;
	free(t);
	return m;
}

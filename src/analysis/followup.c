/*
 * Follow-ups: stale ties, unthanked referrals, strained relationships,
 * prospects to nurture and neglected contacts, ranked by urgency.  See
 * include/refnet/followup.h for the rules and docs/health.md for the
 * formulas with a worked example.
 *
 * Log rows are looked up by ordered pair through arrays sorted by
 * (from, to, date) and binary search, so no rule scans all pairs or all
 * rows per pair.  Stale ties come from rn_activity_compute().  Nothing here
 * prints.  Narrowing a computed list to a window and grouping repeated
 * actions are in followup_list.c.
 */
#include "refnet/followup.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "refnet/activity.h"
#include "refnet/idorder.h"
#include "refnet/parallel.h"

void rn_followup_options_default(struct rn_followup_options *o)
{
	o->stale_after = RN_FU_DEFAULT_STALE_AFTER;
	o->thanks_within = RN_FU_DEFAULT_THANKS_WITHIN;
	o->strain_window = RN_FU_DEFAULT_STRAIN_WINDOW;
	o->strain_asks = RN_FU_DEFAULT_STRAIN_ASKS;
	o->touches = RN_FU_DEFAULT_TOUCHES;
}

const char *rn_fu_reason_name(enum rn_fu_reason r)
{
	static const char *const names[RN_FU_REASON_COUNT] = {
		"stale", "unthanked", "strained", "nurture", "neglected"
	};
	return (unsigned) r < RN_FU_REASON_COUNT ? names[r] : "?";
}

void rn_followups_release(struct rn_followups *out)
{
	if (!out)
		return;
	free(out->f);
	memset(out, 0, sizeof(*out));
}

/* ---- the rules ----------------------------------------------------------- */

int rn_followup_is_stale(int last, int as_of, int stale_after)
{
	return last != RN_NO_DATE && last <= as_of && as_of - last > stale_after;
}

/* The first index i with a[i] >= d in the sorted a[0..n). */
static size_t lower_bound_int(const int *a, size_t n, int d)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (a[mid] < d)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

enum rn_thanks_state rn_followup_thanks(int referral, const int *back, size_t n, int as_of,
                                        int within, int *late)
{
	size_t i = lower_bound_int(back, n, referral);
	if (i < n && back[i] <= as_of && back[i] - referral <= within)
		return RN_THANKS_IN_TIME;
	if (as_of - referral <= within)
		return RN_THANKS_NOT_DUE;
	if (i < n && back[i] <= as_of) {
		if (late)
			*late = back[i];
		return RN_THANKS_LATE;
	}
	return RN_THANKS_NONE;
}

int rn_followup_is_strained(int asks, int last_given, int as_of,
                            const struct rn_followup_options *opt)
{
	if (asks < opt->strain_asks)
		return 0;
	return last_given == RN_NO_DATE || as_of - last_given > opt->strain_window;
}

int rn_followup_cmp(const void *vx, const void *vy)
{
	const struct rn_followup *x = vx, *y = vy;
	if (x->priority != y->priority)
		return x->priority < y->priority ? -1 : 1;
	if (x->key1 != y->key1)
		return x->key1 > y->key1 ? -1 : 1;
	if (x->key2 != y->key2)
		return x->key2 > y->key2 ? -1 : 1;
	if (x->contact_rank != y->contact_rank)
		return x->contact_rank < y->contact_rank ? -1 : 1;
	if (x->with_rank != y->with_rank)
		return x->with_rank < y->with_rank ? -1 : 1;
	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* ---- log rows by ordered pair --------------------------------------------- */

/* A log row reduced to what the lookups need, sorted by (key, date, row). */
struct row {
	uint64_t key;        /* from << 32 | to */
	int date;
	unsigned char kind;
	uint32_t ev;
};

static uint64_t pair_key(igraph_integer_t from, igraph_integer_t to)
{
	return (uint64_t) from << 32 | (uint64_t) (uint32_t) to;
}

static int cmp_row(const void *x, const void *y)
{
	const struct row *a = x, *b = y;
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	if (a->date != b->date)
		return a->date < b->date ? -1 : 1;
	return a->ev < b->ev ? -1 : a->ev > b->ev;
}

/* Rows of a set of kinds, sorted; `dates` mirrors their dates for searching. */
struct rows {
	struct row *r;
	int *dates;
	size_t n;
};

static void rows_release(struct rows *rs)
{
	free(rs->r);
	free(rs->dates);
	memset(rs, 0, sizeof(*rs));
}

/* Is key one of the sorted keys[0..n)? */
static int has_key(const uint64_t *keys, size_t n, uint64_t key)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (keys[mid] < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && keys[lo] == key;
}

/*
 * Collect the rows with kind in `kinds` (a bit mask), dated <= as_of and
 * (when min_date != RN_NO_DATE) >= min_date, from `from` when from >= 0,
 * and, when `only` is not NULL, of a pair among the sorted only[0..nonly).
 */
static enum rn_status rows_collect(const struct rn_network *net, unsigned kinds, int as_of,
                                   int min_date, igraph_integer_t from, const uint64_t *only,
                                   size_t nonly, struct rows *rs)
{
	size_t n = 0;
	memset(rs, 0, sizeof(*rs));
	for (int pass = 0; pass < 2; pass++) {
		for (igraph_integer_t i = 0; i < net->nevents; i++) {
			int d = net->ev_date[i];
			if (!(kinds & 1u << net->ev_kind[i]) || d == RN_NO_DATE || d > as_of ||
			    (min_date != RN_NO_DATE && d < min_date) ||
			    (from >= 0 && net->ev_from[i] != from) ||
			    (only && !has_key(only, nonly, pair_key(net->ev_from[i], net->ev_to[i]))))
				continue;
			if (pass == 1) {
				struct row *r = &rs->r[n];
				r->key = pair_key(net->ev_from[i], net->ev_to[i]);
				r->date = d;
				r->kind = net->ev_kind[i];
				r->ev = (uint32_t) i;
			}
			n++;
		}
		if (pass == 0) {
			rs->r = malloc((n + 1) * sizeof(*rs->r));
			rs->dates = malloc((n + 1) * sizeof(*rs->dates));
			if (!rs->r || !rs->dates) {
				rows_release(rs);
				return RN_E_INTERNAL;
			}
			n = 0;
		}
	}
	rs->n = n;
	qsort(rs->r, n, sizeof(*rs->r), cmp_row);
	for (size_t i = 0; i < n; i++)
		rs->dates[i] = rs->r[i].date;
	return RN_OK;
}

/* The rows of pair `key`: [*lo, *hi). */
static void rows_pair(const struct rows *rs, uint64_t key, size_t *lo, size_t *hi)
{
	size_t a = 0, b = rs->n;
	while (a < b) {
		size_t mid = a + (b - a) / 2;
		if (rs->r[mid].key < key)
			a = mid + 1;
		else
			b = mid;
	}
	*lo = a;
	b = rs->n;
	while (a < b) {
		size_t mid = a + (b - a) / 2;
		if (rs->r[mid].key <= key)
			a = mid + 1;
		else
			b = mid;
	}
	*hi = a;
}

/* ---- building the list ---------------------------------------------------- */

struct ctx {
	const struct rn_network *net;
	const struct rn_followup_options *opt;
	int as_of;
	igraph_integer_t who;
	const uint32_t *rank;
	struct rn_followups *out;
	struct rn_sort_key *stale;    /* the stale ties' keys, sorted (see stale()) */
	size_t nstale;
};

/* Make room for `more` rows without moving the array again. */
static int reserve(struct ctx *c, size_t more)
{
	struct rn_followups *o = c->out;
	if (o->n + more <= o->cap)
		return 0;
	struct rn_followup *f = realloc(o->f, (o->n + more) * sizeof(*f));
	if (!f)
		return -1;
	o->f = f;
	o->cap = o->n + more;
	return 0;
}

static struct rn_followup *add(struct ctx *c, enum rn_fu_reason reason, int priority,
                               igraph_integer_t contact, igraph_integer_t with, int date)
{
	struct rn_followups *o = c->out;
	if (o->n == o->cap) {
		size_t cap = o->cap ? o->cap * 2 : 64;
		struct rn_followup *f = realloc(o->f, cap * sizeof(*f));
		if (!f)
			return NULL;
		o->f = f;
		o->cap = cap;
	}
	struct rn_followup *f = &o->f[o->n++];
	memset(f, 0, sizeof(*f));
	f->reason = reason;
	f->priority = priority;
	f->contact = contact;
	f->with = with;
	f->date = date;
	f->days = date == RN_NO_DATE ? -1 : c->as_of - date;
	f->contact_rank = c->rank[contact];
	f->with_rank = with >= 0 ? c->rank[with] + 1 : 0;
	o->count[reason]++;
	return f;
}

/* A signed value as an unsigned one in the same order. */
static uint32_t up(int v)
{
	return (uint32_t) v ^ 0x80000000u;
}

/*
 * The urgency key of a row, in the order of rn_followup_cmp() (descending
 * keys complemented), with `at` set to i.
 */
static void row_key(const struct rn_followup *f, size_t i, struct rn_sort_key *k)
{
	k->w[0] = (uint64_t) f->priority << 32 | (uint32_t) ~up(f->key1);
	k->w[1] = (uint64_t) (uint32_t) ~up(f->key2) << 32 | f->contact_rank;
	k->w[2] = (uint64_t) f->with_rank << 32 | up(f->date);
	k->seq = (uint32_t) f->seq;
	k->at = (uint32_t) i;
}

/* How close a stage is to the group: partners first; no stage and other
 * stages last. */
static int stage_closeness(unsigned char stage)
{
	switch (stage) {
	case RN_STAGE_PARTNER: return 4;
	case RN_STAGE_CUSTOMER: return 3;
	case RN_STAGE_PROSPECT: return 2;
	case RN_STAGE_SUSPECT: return 1;
	default: return 0;
	}
}

/*
 * Who should act on a stale tie between a and b: the side closer to the
 * group (partner, then customer, prospect, suspect, any other stage), and
 * between equals the one whose id comes first in byte order.  Never the
 * order of the columns in ties.csv.
 */
static igraph_integer_t stale_actor(const struct ctx *c, igraph_integer_t a, igraph_integer_t b)
{
	int ca = stage_closeness(c->net->stage[a]), cb = stage_closeness(c->net->stage[b]);
	if (ca != cb)
		return ca > cb ? a : b;
	return c->rank[a] < c->rank[b] ? a : b;
}

/* The stale row of tie e, last in touch on `last`. */
static void stale_row(const struct ctx *c, igraph_integer_t e, int last, struct rn_followup *f)
{
	const struct rn_network *net = c->net;
	igraph_integer_t a = net->tie_a[e], b = net->tie_b[e];
	igraph_integer_t with = c->who >= 0 ? c->who : stale_actor(c, a, b);
	memset(f, 0, sizeof(*f));
	f->reason = RN_FU_STALE;
	f->priority = RN_FU_P_STALE;
	f->contact = with == a ? b : a;
	f->with = with;
	f->date = last;
	f->days = c->as_of - last;
	f->key1 = f->days;
	f->contact_rank = c->rank[f->contact];
	f->with_rank = c->rank[with] + 1;
	f->seq = e;
	f->u.stale.tie = e;
	f->u.stale.from_log = net->last_contact[e] != last;
}

/*
 * Stale ties.  On a big network they are most of the rows, so they are not
 * added to the list like the others: their keys are made from the ties and
 * sorted here, and assemble() writes the rows once, already in order.
 */
static enum rn_status stale(struct ctx *c)
{
	const struct rn_network *net = c->net;
	struct rn_activity act;
	if (rn_activity_compute(net, c->as_of, &act) != RN_OK)
		return RN_E_INTERNAL;
	size_t n = 0;
	for (igraph_integer_t e = 0; e < net->nties; e++)
		n += (c->who < 0 || net->tie_a[e] == c->who || net->tie_b[e] == c->who) &&
		     rn_followup_is_stale(act.last[e], c->as_of, c->opt->stale_after);
	c->stale = malloc((n + 1) * sizeof(*c->stale));
	if (!c->stale) {
		rn_activity_release(&act);
		return RN_E_INTERNAL;
	}
	for (igraph_integer_t e = 0; e < net->nties; e++) {
		if (c->who >= 0 && net->tie_a[e] != c->who && net->tie_b[e] != c->who)
			continue;
		int last = act.last[e];
		if (!rn_followup_is_stale(last, c->as_of, c->opt->stale_after))
			continue;
		struct rn_followup f;
		stale_row(c, e, last, &f);
		row_key(&f, (size_t) e, &c->stale[c->nstale++]);
	}
	rn_activity_release(&act);
	rn_sort_keys(c->stale, c->nstale);
	return RN_OK;
}


static enum rn_status unthanked(struct ctx *c)
{
	const struct rn_network *net = c->net;
	struct rows back;
	igraph_integer_t who = c->who;
	/* Thanks and gifts back: from the receiver; with --for, from who. */
	if (rows_collect(net, 1u << RN_KIND_THANKS | 1u << RN_KIND_GIFT, c->as_of, RN_NO_DATE,
	                 who, NULL, 0, &back) != RN_OK)
		return RN_E_INTERNAL;
	enum rn_status st = RN_OK;
	for (igraph_integer_t i = 0; i < net->nevents; i++) {
		int d = net->ev_date[i];
		igraph_integer_t g = net->ev_from[i], h = net->ev_to[i];
		if (net->ev_kind[i] != RN_KIND_REFERRAL || d == RN_NO_DATE || d > c->as_of ||
		    (who >= 0 && h != who))
			continue;
		size_t lo, hi;
		rows_pair(&back, pair_key(h, g), &lo, &hi);
		int late = RN_NO_DATE;
		enum rn_thanks_state ts = rn_followup_thanks(d, back.dates + lo, hi - lo, c->as_of,
		                                             c->opt->thanks_within, &late);
		if (ts == RN_THANKS_IN_TIME || ts == RN_THANKS_NOT_DUE)
			continue;
		struct rn_followup *f = add(c, RN_FU_UNTHANKED, ts == RN_THANKS_LATE ?
		                            RN_FU_P_THANKED_LATE : RN_FU_P_UNTHANKED, g, h, d);
		if (!f) {
			st = RN_E_INTERNAL;
			break;
		}
		f->u.unthanked.event = f->seq = i;
		f->u.unthanked.late = late;
		f->key1 = f->days;
		if (ts == RN_THANKS_LATE) {
			/* The kind of that first late row (a thanks or a gift). */
			size_t k = lo + lower_bound_int(back.dates + lo, hi - lo, late);
			f->u.unthanked.late_kind = back.r[k].kind;
			c->out->late++;
		}
	}
	rows_release(&back);
	return st;
}

static enum rn_status strained(struct ctx *c)
{
	const struct rn_network *net = c->net;
	struct rows asks, gives = { 0 };
	int since = c->as_of - c->opt->strain_window;
	enum rn_status st = RN_E_INTERNAL;
	uint64_t *cand = NULL;
	size_t ncand = 0;

	if (rows_collect(net, 1u << RN_KIND_ASK | 1u << RN_KIND_PITCH, c->as_of, since, c->who,
	                 NULL, 0, &asks) != RN_OK)
		return RN_E_INTERNAL;
	/* Only pairs with enough asks can be strained: look up what was given
	 * for those alone (sorted, since asks are). */
	cand = calloc(asks.n + 1, sizeof(*cand));
	if (!cand)
		goto cleanup;
	for (size_t i = 0, j; i < asks.n; i = j) {
		for (j = i; j < asks.n && asks.r[j].key == asks.r[i].key; j++)
			;
		if (j - i >= (size_t) c->opt->strain_asks)
			cand[ncand++] = asks.r[i].key;
	}
	if (rows_collect(net, 1u << RN_KIND_REFERRAL | 1u << RN_KIND_INTRO |
	                 1u << RN_KIND_THANKS | 1u << RN_KIND_GIFT, c->as_of, RN_NO_DATE, c->who,
	                 cand, ncand, &gives) != RN_OK)
		goto cleanup;
	st = RN_OK;
	for (size_t i = 0, j; i < asks.n && st == RN_OK; i = j) {
		int na = 0, np = 0;
		for (j = i; j < asks.n && asks.r[j].key == asks.r[i].key; j++)
			*(asks.r[j].kind == RN_KIND_ASK ? &na : &np) += 1;
		size_t lo, hi;
		rows_pair(&gives, asks.r[i].key, &lo, &hi);
		int last_given = hi > lo ? gives.r[hi - 1].date : RN_NO_DATE;
		if (!rn_followup_is_strained(na + np, last_given, c->as_of, c->opt))
			continue;
		igraph_integer_t x = (igraph_integer_t) (asks.r[i].key >> 32);
		igraph_integer_t y = (igraph_integer_t) (asks.r[i].key & 0xffffffffu);
		struct rn_followup *f = add(c, RN_FU_STRAINED, RN_FU_P_STRAINED, y, x, last_given);
		if (!f) {
			st = RN_E_INTERNAL;
			break;
		}
		f->u.strained.asks = na;
		f->u.strained.pitches = np;
		f->u.strained.first_ask = asks.r[i].date;
		f->u.strained.last_ask = asks.r[j - 1].date;
		f->u.strained.given_kind = hi > lo ? gives.r[hi - 1].kind : RN_KIND_COUNT;
		f->key1 = na + np;
		f->key2 = f->days >= 0 ? f->days : INT_MAX;
		f->seq = asks.r[i].ev;
	}
cleanup:
	free(cand);
	rows_release(&asks);
	rows_release(&gives);
	return st;
}

/* Nurture and neglected: per-contact counts in one pass over ties and log. */
static enum rn_status per_contact(struct ctx *c)
{
	const struct rn_network *net = c->net;
	size_t n = (size_t) net->ncontacts;
	igraph_integer_t who = c->who;
	int *touches = calloc(n + 1, sizeof(*touches));
	int *meetings = calloc(n + 1, sizeof(*meetings));
	int *last = malloc((n + 1) * sizeof(*last));
	unsigned char *linked = calloc(n + 1, 1);   /* any tie or log row (with who) */
	enum rn_status st = RN_E_INTERNAL;
	if (!touches || !meetings || !last || !linked)
		goto cleanup;
	for (size_t v = 0; v < n; v++)
		last[v] = RN_NO_DATE;

	for (igraph_integer_t e = 0; e < net->nties; e++) {
		igraph_integer_t a = net->tie_a[e], b = net->tie_b[e];
		if (who < 0)
			linked[a] = linked[b] = 1;
		else if (a == who || b == who)
			linked[a == who ? b : a] = 1;
	}
	for (igraph_integer_t i = 0; i < net->nevents; i++) {
		int d = net->ev_date[i];
		igraph_integer_t f = net->ev_from[i], t = net->ev_to[i];
		if (d == RN_NO_DATE || d > c->as_of)
			continue;
		if (who >= 0 && f != who && t != who)
			continue;
		/* Without --for both ends count; with it, the other end only. */
		for (int side = 0; side < 2; side++) {
			igraph_integer_t v = side ? t : f;
			if (v == who)
				continue;
			linked[v] = 1;
			int k = net->ev_kind[i];
			if (k != RN_KIND_TOUCH && k != RN_KIND_MEETING)
				continue;
			*(k == RN_KIND_TOUCH ? &touches[v] : &meetings[v]) += 1;
			if (last[v] == RN_NO_DATE || d > last[v])
				last[v] = d;
		}
	}

	st = RN_OK;
	for (size_t v = 0; v < n && st == RN_OK; v++) {
		if ((igraph_integer_t) v == who)
			continue;
		if (!linked[v]) {
			if (who >= 0)
				continue;
			struct rn_followup *f = add(c, RN_FU_NEGLECTED, RN_FU_P_NEGLECTED,
			                            (igraph_integer_t) v, -1, RN_NO_DATE);
			if (!f)
				st = RN_E_INTERNAL;
			else
				f->seq = (igraph_integer_t) v;
			continue;
		}
		int total = touches[v] + meetings[v];
		if (net->stage[v] != RN_STAGE_PROSPECT || total >= c->opt->touches)
			continue;
		struct rn_followup *f = add(c, RN_FU_NURTURE, RN_FU_P_NURTURE, (igraph_integer_t) v,
		                            who, last[v]);
		if (!f) {
			st = RN_E_INTERNAL;
			break;
		}
		f->u.nurture.touches = touches[v];
		f->u.nurture.meetings = meetings[v];
		f->key1 = -total;
		f->key2 = f->days >= 0 ? f->days : INT_MAX;
		f->seq = (igraph_integer_t) v;
	}
cleanup:
	free(touches);
	free(meetings);
	free(last);
	free(linked);
	return st;
}

/*
 * Sort the rows into the order of rn_followup_cmp() through rn_sort_key, so
 * that the sort moves 32-byte keys, not rows, and allocates nothing but the
 * keys.
 */
static enum rn_status sort_rows(struct rn_followups *out)
{
	size_t n = out->n;
	struct rn_sort_key *k = malloc((n + 1) * sizeof(*k));
	struct rn_followup tmp;
	if (!k)
		return RN_E_INTERNAL;
	for (size_t i = 0; i < n; i++)
		row_key(&out->f[i], i, &k[i]);
	rn_sort_keys(k, n);
	rn_sort_permute(out->f, sizeof(*out->f), k, n, &tmp);
	free(k);
	return RN_OK;
}

/* Rows [from, to) of the sorted stale ties, written at f. */
struct stale_rows {
	const struct ctx *c;
	struct rn_followup *f;
	size_t from, to;
};

static void *stale_rows(void *vj)
{
	const struct stale_rows *j = vj;
	const struct rn_sort_key *k = j->c->stale;
	for (size_t i = j->from; i < j->to; i++) {
		int last = (int) ((uint32_t) (k[i].w[2] & 0xffffffffu) ^ 0x80000000u);
		stale_row(j->c, k[i].seq, last, &j->f[i]);
	}
	return NULL;
}

/*
 * Put the stale rows in place: the other rows are sorted and none has the
 * stale priority, so the stale rows, in their own sorted order, go between
 * the rows of higher and lower priority.
 */
static enum rn_status assemble(struct ctx *c)
{
	struct rn_followups *out = c->out;
	size_t split = 0;
	if (!c->nstale)
		return RN_OK;
	while (split < out->n && out->f[split].priority < RN_FU_P_STALE)
		split++;
	if (reserve(c, c->nstale) != 0)
		return RN_E_INTERNAL;
	memmove(out->f + split + c->nstale, out->f + split, (out->n - split) * sizeof(*out->f));
	/* Half the rows in a thread, half here. */
	size_t mid = c->nstale >= 65536 ? c->nstale / 2 : c->nstale;
	struct stale_rows half[2] = {
		{ c, out->f + split, 0, mid }, { c, out->f + split, mid, c->nstale }
	};
	struct rn_task task[2] = { { stale_rows, &half[0] }, { stale_rows, &half[1] } };
	rn_run_tasks(task, 2);
	out->n += c->nstale;
	out->count[RN_FU_STALE] += c->nstale;
	return RN_OK;
}

/* Every rule but the stale ties, and the sorting of their rows. */
static enum rn_status other_rules(struct ctx *c)
{
	enum rn_status st = unthanked(c);
	if (st == RN_OK)
		st = strained(c);
	if (st == RN_OK)
		st = per_contact(c);
	if (st == RN_OK)
		st = sort_rows(c->out);
	return st;
}

/* A part of the work, as a task. */
struct job {
	struct ctx *c;
	enum rn_status (*fn)(struct ctx *c);
	enum rn_status st;
};

static void *run_job(void *vj)
{
	struct job *j = vj;
	j->st = j->fn(j->c);
	return NULL;
}

enum rn_status rn_followup_compute(const struct rn_network *net,
                                   const struct rn_followup_options *opt, int as_of,
                                   igraph_integer_t who, struct rn_followups *out)
{
	uint32_t *rank = NULL;
	struct ctx c = { net, opt, as_of, who, NULL, out, NULL, 0 };

	memset(out, 0, sizeof(*out));
	if (rn_id_order(net, &rank) != RN_OK)
		return RN_E_INTERNAL;
	c.rank = rank;
	/* The stale ties (most of the work on a big network) in a thread of
	 * their own, the other rules here: they share nothing but what they
	 * read. */
	struct job stale_job = { &c, stale, RN_OK }, rest_job = { &c, other_rules, RN_OK };
	struct rn_task task[2] = { { run_job, &rest_job }, { run_job, &stale_job } };
	rn_run_tasks(task, 2);
	enum rn_status st = rest_job.st != RN_OK ? rest_job.st : stale_job.st;
	if (st == RN_OK)
		st = assemble(&c);
	free(rank);
	free(c.stale);
	if (st != RN_OK)
		rn_followups_release(out);
	return st;
}

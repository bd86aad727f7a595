/*
 * Follow-ups: stale ties, unthanked referrals, strained relationships,
 * prospects to nurture and neglected contacts, ranked by urgency.  See
 * include/refnet/followup.h for the rules and docs/health.md for the
 * formulas with a worked example.
 *
 * Log rows are looked up by ordered pair through arrays sorted by
 * (from, to, date) and binary search, so no rule scans all pairs or all
 * rows per pair.  Stale ties come from rn_activity_compute().  Nothing here
 * prints.
 */
#include "refnet/followup.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "refnet/activity.h"
#include "refnet/idorder.h"

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

/*
 * Collect the rows with kind in `kinds` (a bit mask), dated <= as_of and
 * (when min_date != RN_NO_DATE) >= min_date, and from `from` when from >= 0.
 */
static enum rn_status rows_collect(const struct rn_network *net, unsigned kinds, int as_of,
                                   int min_date, igraph_integer_t from, struct rows *rs)
{
	size_t n = 0;
	memset(rs, 0, sizeof(*rs));
	for (int pass = 0; pass < 2; pass++) {
		for (igraph_integer_t i = 0; i < net->nevents; i++) {
			int d = net->ev_date[i];
			if (!(kinds & 1u << net->ev_kind[i]) || d == RN_NO_DATE || d > as_of ||
			    (min_date != RN_NO_DATE && d < min_date) ||
			    (from >= 0 && net->ev_from[i] != from))
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
};

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

static enum rn_status stale(struct ctx *c)
{
	const struct rn_network *net = c->net;
	struct rn_activity act;
	if (rn_activity_compute(net, c->as_of, &act) != RN_OK)
		return RN_E_INTERNAL;
	enum rn_status st = RN_OK;
	for (igraph_integer_t e = 0; e < net->nties && st == RN_OK; e++) {
		igraph_integer_t a = net->tie_a[e], b = net->tie_b[e];
		if (c->who >= 0 && a != c->who && b != c->who)
			continue;
		int last = act.last[e];
		if (!rn_followup_is_stale(last, c->as_of, c->opt->stale_after))
			continue;
		igraph_integer_t with = c->who >= 0 ? c->who : a;
		struct rn_followup *f = add(c, RN_FU_STALE, RN_FU_P_STALE, with == a ? b : a, with,
		                            last);
		if (!f) {
			st = RN_E_INTERNAL;
			break;
		}
		f->u.stale.tie = f->seq = e;
		f->u.stale.from_log = net->last_contact[e] != last;
		f->key1 = f->days;
	}
	rn_activity_release(&act);
	return st;
}

static enum rn_status unthanked(struct ctx *c)
{
	const struct rn_network *net = c->net;
	struct rows back;
	igraph_integer_t who = c->who;
	/* Thanks and gifts back: from the receiver; with --for, from who. */
	if (rows_collect(net, 1u << RN_KIND_THANKS | 1u << RN_KIND_GIFT, c->as_of, RN_NO_DATE,
	                 who, &back) != RN_OK)
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
	struct rows asks, gives;
	int since = c->as_of - c->opt->strain_window;
	enum rn_status st = RN_E_INTERNAL;

	if (rows_collect(net, 1u << RN_KIND_ASK | 1u << RN_KIND_PITCH, c->as_of, since, c->who,
	                 &asks) != RN_OK)
		return RN_E_INTERNAL;
	if (rows_collect(net, 1u << RN_KIND_REFERRAL | 1u << RN_KIND_INTRO |
	                 1u << RN_KIND_THANKS | 1u << RN_KIND_GIFT, c->as_of, RN_NO_DATE, c->who,
	                 &gives) != RN_OK)
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

enum rn_status rn_followup_compute(const struct rn_network *net,
                                   const struct rn_followup_options *opt, int as_of,
                                   igraph_integer_t who, struct rn_followups *out)
{
	uint32_t *rank = NULL;
	struct ctx c = { net, opt, as_of, who, NULL, out };

	memset(out, 0, sizeof(*out));
	if (rn_id_order(net, &rank) != RN_OK)
		return RN_E_INTERNAL;
	c.rank = rank;
	enum rn_status st = stale(&c);
	if (st == RN_OK)
		st = unthanked(&c);
	if (st == RN_OK)
		st = strained(&c);
	if (st == RN_OK)
		st = per_contact(&c);
	free(rank);
	if (st != RN_OK) {
		rn_followups_release(out);
		return st;
	}
	qsort(out->f, out->n, sizeof(*out->f), rn_followup_cmp);
	return RN_OK;
}

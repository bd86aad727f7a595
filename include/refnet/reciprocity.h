/*
 * Reciprocity: is each referral partnership two-way?
 *
 * For every pair of contacts with at least one referral between them (log
 * rows of kind referral dated from opt.since to as_of), this module counts
 * the referrals and sums the values each way, weighs every referral by its
 * recency and scores the pair:
 *
 *   w(r)    = 0.5 ^ (age of r in days / half_life)       (1 for age 0)
 *   G, R    = sum of w over the referrals a->b, b->a
 *   balance = (G - R) / (G + R)                          in [-1, 1]
 *   index   = min(G, R) / max(G, R)                      in [0, 1]
 *
 * and labels it, first rule that applies:
 *   dormant        no referral either way in the last `window` days
 *                  (as_of - date <= window counts as inside)
 *   one-way        one side gave nothing (a count of 0)
 *   balanced       |balance| <= tolerance
 *   gives more     balance > tolerance
 *   receives more  balance < -tolerance
 *
 * value_balance is the same ratio over recency-weighted values (NAN when a
 * side gave referrals but none of them has a value); it is reported, not
 * used for the label.  A referral whose status is "lost" (any case) counts
 * as a referral but its value as 0: lost business is not value given; the
 * lost and the open ones are also counted apart (rn_reciprocity.lost, open).
 * Network-wide, it counts referrals per contact and measures mutuality with
 * igraph_reciprocity() on a directed graph with one edge per ordered pair
 * (a, b) that has a referral a->b.  The formulas, defaults and a worked
 * example from the sample network are in docs/health.md.
 *
 * No printing, no exit(); the network is only read.
 */
#ifndef REFNET_RECIPROCITY_H
#define REFNET_RECIPROCITY_H

#include "refnet/activity.h"
#include "refnet/network.h"

/* One --half-life default for every command: how fast the past fades, for a
 * tie's strength in routes and for a referral's weight here alike. */
#define RN_RECIP_DEFAULT_HALF_LIFE RN_DEFAULT_HALF_LIFE   /* 180 days */
#define RN_RECIP_DEFAULT_WINDOW 180        /* days */
#define RN_RECIP_DEFAULT_TOLERANCE 0.25    /* |balance| of a balanced pair */

struct rn_reciprocity_options {
	double half_life;    /* days, > 0; default RN_RECIP_DEFAULT_HALF_LIFE */
	int window;          /* days, >= 0; default RN_RECIP_DEFAULT_WINDOW */
	double tolerance;    /* in [0, 1); default RN_RECIP_DEFAULT_TOLERANCE */
	int since;           /* first day of the log counted, or RN_NO_DATE (all) */
};

/* Fill o with the defaults above (whole log). */
void rn_reciprocity_options_default(struct rn_reciprocity_options *o);

enum rn_recip_label {
	RN_RECIP_BALANCED = 0,
	RN_RECIP_GIVES_MORE,
	RN_RECIP_RECEIVES_MORE,
	RN_RECIP_ONE_WAY,
	RN_RECIP_DORMANT,
	RN_RECIP_LABEL_COUNT
};

/* "balanced", "gives more", "receives more", "one-way", "dormant". */
const char *rn_recip_label_name(enum rn_recip_label l);

/* One partnership, seen from a: "given" is a->b, "received" is b->a. */
struct rn_recip_pair {
	igraph_integer_t a, b;
	igraph_integer_t given, received;           /* referral counts */
	double value_given, value_received;         /* sums of the non-empty values */
	igraph_integer_t valued_given, valued_received;  /* referrals with a value */
	double w_given, w_received;                 /* G and R: recency-weighted counts */
	double wv_given, wv_received;               /* recency-weighted values */
	int last_given, last_received;              /* latest referral each way, or RN_NO_DATE */
	double balance;                             /* (G - R) / (G + R) */
	double index;                               /* min(G, R) / max(G, R) */
	double value_balance;                       /* NAN when a giving side has no value */
	enum rn_recip_label label;
};

/* Referral totals of one contact over the counted log. */
struct rn_recip_totals {
	igraph_integer_t given, received;
	double value_given, value_received;
	double w_given, w_received;
	igraph_integer_t partners;                  /* pairs the contact is in */
	igraph_integer_t labels[RN_RECIP_LABEL_COUNT];   /* those pairs by label, seen from it */
};

struct rn_reciprocity {
	int as_of;
	struct rn_reciprocity_options opt;
	/* Pairs oriented so that a is the one who gave more: balance > 0, or
	 * balance == 0 and id(a) < id(b) (byte order).  Sorted by
	 * given + received descending, then id(a), then id(b). */
	struct rn_recip_pair *pairs;
	size_t npairs;
	igraph_integer_t ncontacts;
	/* Per contact, indexed by vertex id. */
	igraph_integer_t *given, *received;
	double *value_given, *value_received;
	/* The whole counted log. */
	igraph_integer_t referrals;                 /* referral rows counted */
	double value;                               /* their summed values (lost ones: 0) */
	igraph_integer_t open, lost;                /* ... whose status is open, lost */
	double open_value, lost_value;              /* the values written on those rows */
	igraph_integer_t labels[RN_RECIP_LABEL_COUNT];   /* pairs by label (as oriented) */
	igraph_integer_t relationships;             /* ordered pairs (a, b) with a referral a->b */
	igraph_integer_t mutual;                    /* ... whose reverse (b, a) has one too */
	double reciprocity;                         /* igraph_reciprocity: mutual / relationships;
	                                               NAN when there is no relationship */
	uint32_t *rank;                             /* contact ids' byte order (rn_id_order) */
};

/*
 * Score every referral pair of net as of the day as_of.  On success the
 * result owns its arrays (release with rn_reciprocity_release).  Returns
 * RN_OK, or RN_E_INTERNAL on out of memory or an igraph failure (out is
 * then released).  Referrals dated after as_of or before opt->since are not
 * counted.  Time O(E + P log P + N) for E log rows, P referral rows and N
 * contacts (a sort of the referral rows by pair, no pair-by-pair scan);
 * memory O(P + N).
 */
enum rn_status rn_reciprocity_compute(const struct rn_network *net,
                                      const struct rn_reciprocity_options *opt, int as_of,
                                      struct rn_reciprocity *out) RN_WARN_UNUSED;

/* Release everything out owns.  Accepts a zeroed or released result. */
void rn_reciprocity_release(struct rn_reciprocity *out);

/* ---- the scoring functions, exposed for the tests and the docs ---------- */

/* The weight of a referral `age` days old: 0.5^(age / half_life); 1 for age <= 0. */
double rn_recip_weight(int age, double half_life);

/* (g - r) / (g + r), 0 when both are 0. */
double rn_recip_balance(double g, double r);

/* min(g, r) / max(g, r), 0 when both are 0. */
double rn_recip_index(double g, double r);

/*
 * The label of p (its counts, weighted counts, last dates and balance must
 * be set) under the rules at the top of this file.
 */
enum rn_recip_label rn_recip_classify(const struct rn_recip_pair *p, int as_of,
                                      const struct rn_reciprocity_options *opt);

/* Swap the two sides of p (a <-> b), negating the balances and swapping the
 * "gives more" and "receives more" labels. */
void rn_recip_pair_flip(struct rn_recip_pair *p);

/*
 * The label p's value balance alone would give under the same tolerance:
 * balanced, gives more or receives more (for the "by value" note; the
 * pair's own label comes from the counts).  p->value_balance must be a
 * number, not NAN.
 */
enum rn_recip_label rn_recip_value_label(const struct rn_recip_pair *p, double tolerance);

/*
 * Which contacts gave or received a referral dated on or before as_of, over
 * the whole log (whatever opt.since): a malloc'd array of ncontacts flags
 * (free() it), or NULL on out of memory.  O(events + contacts).
 */
unsigned char *rn_reciprocity_ever(const struct rn_network *net, int as_of);

/*
 * The pairs of contact `who` (the --for view), each flipped so that a is
 * who: busiest first (given + received descending), then by the partner's
 * id (byte order).  Every label can occur.  On success *rows is a malloc'd
 * array of *n pairs (free() it; never NULL).  Returns RN_OK or
 * RN_E_INTERNAL (out of memory; *rows NULL).  O(P + k log k) for P pairs,
 * k of them who's.
 */
enum rn_status rn_reciprocity_of(const struct rn_reciprocity *res, igraph_integer_t who,
                                 struct rn_recip_pair **rows, size_t *n) RN_WARN_UNUSED;

/*
 * The totals of contact v: its counts and values from the per-contact
 * arrays, and its partners and their labels seen from v.  O(pairs).
 */
void rn_reciprocity_totals(const struct rn_reciprocity *res, igraph_integer_t v,
                           struct rn_recip_totals *t);

/*
 * The top n givers (by_received 0: most referrals given, then most value
 * given, then id) or takers (1: most received, then most value received,
 * then id), among contacts with at least one.  Writes up to n vertex ids to
 * top and returns how many, or (size_t) -1 on out of memory.  O(N log N).
 */
size_t rn_reciprocity_top(const struct rn_reciprocity *res, int by_received, size_t n,
                          igraph_integer_t *top);

#endif

/*
 * Follow-ups: what to do next about each relationship, with the reason and
 * the evidence, most urgent first.
 *
 * Five rules, each with its own threshold (struct rn_followup_options):
 *   stale      a tie whose last interaction (rn_activity_compute: the later
 *              of last_contact and the pair's latest log row) is more than
 *              stale_after days before as_of; undated ties are not judged
 *   unthanked  a referral g->h with no thanks or gift h->g dated within
 *              thanks_within days after it (same day included), once those
 *              days are over; a late thank-you is reported at low priority
 *   strained   at least strain_asks asks and pitches x->y in the last
 *              strain_window days, and no referral, intro, thanks or gift
 *              x->y in that window
 *   nurture    a prospect with fewer than `touches` log rows of kind touch or
 *              meeting (either direction)
 *   neglected  a contact with no tie and no log row at all
 * "In the last D days" means as_of - date <= D.  Log rows dated after as_of
 * are ignored everywhere.
 *
 * Urgency is the order (priority, key1 desc, key2 desc, contact id, with id,
 * date, tie or row id): priority 1 unthanked, 2 strained, 3 stale, 4 nurture, 5 thanked
 * late, 6 neglected; the keys are set per rule (see struct rn_followup).
 * docs/health.md has the rules, defaults and a worked example.
 *
 * No printing, no exit(); the network is only read.
 */
#ifndef REFNET_FOLLOWUP_H
#define REFNET_FOLLOWUP_H

#include "refnet/network.h"

#define RN_FU_DEFAULT_STALE_AFTER 90     /* days */
#define RN_FU_DEFAULT_THANKS_WITHIN 14   /* days */
#define RN_FU_DEFAULT_STRAIN_WINDOW 90   /* days */
#define RN_FU_DEFAULT_STRAIN_ASKS 2      /* asks and pitches */
#define RN_FU_DEFAULT_TOUCHES 7          /* "it takes seven" */

struct rn_followup_options {
	int stale_after;      /* days, >= 0 */
	int thanks_within;    /* days, >= 0 */
	int strain_window;    /* days, >= 0 */
	int strain_asks;      /* >= 1 */
	int touches;          /* >= 1 */
};

/* Fill o with the defaults above. */
void rn_followup_options_default(struct rn_followup_options *o);

enum rn_fu_reason {
	RN_FU_STALE = 0,
	RN_FU_UNTHANKED,
	RN_FU_STRAINED,
	RN_FU_NURTURE,
	RN_FU_NEGLECTED,
	RN_FU_REASON_COUNT
};

/* "stale", "unthanked", "strained", "nurture", "neglected". */
const char *rn_fu_reason_name(enum rn_fu_reason r);

/* Priorities: smaller comes first. */
enum rn_fu_priority {
	RN_FU_P_UNTHANKED = 1,
	RN_FU_P_STRAINED,
	RN_FU_P_STALE,
	RN_FU_P_NURTURE,
	RN_FU_P_THANKED_LATE,
	RN_FU_P_NEGLECTED
};

/*
 * One action: `with` should act toward `contact`.  Dates that do not apply
 * are RN_NO_DATE; the union holds the evidence of the row's rule.
 */
struct rn_followup {
	igraph_integer_t contact;
	igraph_integer_t with;        /* -1: nobody in particular (nurture, neglected
	                                 without --for) */
	int date;                     /* the date behind days, or RN_NO_DATE */
	int days;                     /* as_of - date, or -1 without a date */
	/* Sort keys, larger first: unthanked and stale: key1 = days; strained:
	 * key1 = asks + pitches, key2 = days (INT_MAX when never given);
	 * nurture: key1 = -(touches + meetings), key2 = days (INT_MAX when never
	 * touched). */
	int key1, key2;
	/* Tie-breaks: the id order (rn_id_order) of contact, of with plus one (0
	 * for nobody), and the tie, log row or contact the row comes from. */
	uint32_t contact_rank, with_rank;
	igraph_integer_t seq;
	unsigned char reason;         /* enum rn_fu_reason */
	unsigned char priority;       /* enum rn_fu_priority */
	union {
		struct {
			igraph_integer_t tie;
			int from_log;         /* date comes from the log, not last_contact */
		} stale;
		struct {
			igraph_integer_t event;   /* the referral row */
			int late;                 /* the late thanks or gift, or RN_NO_DATE */
			unsigned char late_kind;  /* ... its enum rn_kind */
		} unthanked;
		struct {
			int asks, pitches;        /* in the window */
			int first_ask, last_ask;  /* their first and latest dates */
			unsigned char given_kind; /* kind of the last thing given (at date) */
		} strained;
		struct {
			int touches, meetings;
		} nurture;
	} u;
};

struct rn_followups {
	struct rn_followup *f;        /* in urgency order */
	size_t n, cap;
	size_t count[RN_FU_REASON_COUNT];
	size_t late;                  /* unthanked rows that were thanked late */
};

/*
 * Compute the follow-ups of the whole network (who = -1) or of one contact's
 * relationships (who = its vertex id: every row then has with == who; no
 * neglected rows).  Returns RN_OK, or RN_E_INTERNAL on out of memory (out
 * is then released).  Time O(E log E + T + N log N) for E log rows, T ties
 * and N contacts (sorts by ordered pair plus binary searches; no pair-by-
 * pair scan); memory O(E + T + N).
 */
enum rn_status rn_followup_compute(const struct rn_network *net,
                                   const struct rn_followup_options *opt, int as_of,
                                   igraph_integer_t who, struct rn_followups *out) RN_WARN_UNUSED;

/* Release out's rows.  Accepts a zeroed or released object. */
void rn_followups_release(struct rn_followups *out);

/*
 * Keep only the rows that arose on or after the day `since` (what is new
 * since a meeting), in the same order, with the counts redone:
 *   unthanked  the referral is dated since or later
 *   strained   the latest ask or pitch is dated since or later
 *   stale      the tie became stale on or after since: its last interaction
 *              plus stale_after plus one day is since or later
 *   nurture and neglected rows are not events: they are dropped.
 * O(rows).
 */
void rn_followup_since(struct rn_followups *fu, const struct rn_followup_options *opt, int since);

/*
 * Repeated actions, counted once: the rows with the same reason, contact,
 * `with` and priority (five unthanked referrals from one person are one
 * "thank Ben Hartley for 5 referrals").  A group points at its most urgent
 * row; groups come in the order of those rows.
 */
struct rn_followup_group {
	size_t first;                 /* its most urgent row: fu->f[first] */
	size_t n;                     /* rows in the group */
	int oldest;                   /* the largest days of its rows, -1 when none has one */
	int newest;                   /* the smallest, -1 when none has one */
	double value;                 /* summed values of its referral rows, lost ones
	                                 (status "lost") left out; 0 when none */
	igraph_integer_t valued;      /* rows that had a value */
};

/*
 * Group the rows of fu (net: the network they were computed on, for the
 * referral values).  On success *out (malloc'd; free() it) holds *n groups.
 * Returns RN_OK or RN_E_INTERNAL (out of memory).  O(rows log rows).
 */
enum rn_status rn_followup_group(const struct rn_network *net, const struct rn_followups *fu,
                                 struct rn_followup_group **out, size_t *n) RN_WARN_UNUSED;

/* ---- the rules, exposed for the tests and the docs ----------------------- */

/* Is a tie last in touch on `last` (or RN_NO_DATE) stale as of as_of? */
int rn_followup_is_stale(int last, int as_of, int stale_after);

enum rn_thanks_state {
	RN_THANKS_IN_TIME = 0,   /* a thanks or gift within the allowed days */
	RN_THANKS_NOT_DUE,       /* none yet, but the allowed days are not over */
	RN_THANKS_LATE,          /* one came, after the allowed days */
	RN_THANKS_NONE           /* none at all, and the days are over */
};

/*
 * The thank-you state of a referral dated `referral`, given the dates of the
 * thanks and gifts back (sorted ascending, n of them, all <= as_of).  When
 * the state is RN_THANKS_LATE, *late (if not NULL) gets the date of the
 * first one after the referral.  O(log n).
 */
enum rn_thanks_state rn_followup_thanks(int referral, const int *back, size_t n, int as_of,
                                        int within, int *late);

/*
 * Is a relationship strained: `asks` asks and pitches in the window, and
 * the last thing given back dated `last_given` (RN_NO_DATE: never)?
 */
int rn_followup_is_strained(int asks, int last_given, int as_of,
                            const struct rn_followup_options *opt);

/*
 * Urgency order of two rows (qsort-compatible): < 0 when x comes first.
 * Priority, key1 descending, key2 descending, contact_rank, with_rank, date,
 * seq.
 */
int rn_followup_cmp(const void *x, const void *y);

#endif

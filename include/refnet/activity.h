/*
 * Relationship activity: when each pair of contacts last interacted, and how
 * much a tie's strength has faded since.  Shared by every time-based score
 * (intro routes, follow-ups, stale ties in diagrams).
 *
 * A tie's last interaction is the later of its last_contact and the date of
 * the latest log event between the two (either direction, any kind), counting
 * only dates on or before the as-of day.  Events between contacts with no
 * tie count for nothing here (event_tie is -1 for them).
 */
#ifndef REFNET_ACTIVITY_H
#define REFNET_ACTIVITY_H

#include "refnet/network.h"

#define RN_DEFAULT_HALF_LIFE 180.0   /* days */
#define RN_DEFAULT_DECAY_FLOOR 0.25  /* a tie never fades below this share */

struct rn_activity {
	int as_of;
	int *last;                     /* per tie: days, or RN_NO_DATE */
	igraph_integer_t *event_tie;   /* per event: tie between from and to, or -1 */
};

/*
 * Compute the activity of every tie as of the day as_of.  Returns RN_OK or
 * RN_E_INTERNAL (out of memory).  O(events * log degree + ties).
 */
enum rn_status rn_activity_compute(const struct rn_network *net, int as_of,
                                   struct rn_activity *act);
void rn_activity_release(struct rn_activity *act);

/*
 * The share of a tie's strength left after `age` days: 0.5^(age / half_life),
 * never below floor; 1 for age <= 0.  A tie with no date (last == RN_NO_DATE)
 * does not decay: pass age 0.
 */
double rn_decay(double age, double half_life, double floor);

/* Days from a tie's last interaction to as_of (0 when undated or in the future). */
int rn_activity_age(const struct rn_activity *act, igraph_integer_t tie);

#endif

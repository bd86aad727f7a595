/*
 * Relationship activity: the last interaction of every tie, from the tie's
 * own last_contact and the interaction log.  See include/refnet/activity.h.
 */
#include "refnet/activity.h"
#include "refnet/bigmem.h"
#include "refnet/parallel.h"

#include <math.h>
#include <stdlib.h>

/* The tie of each event in [from, to). */
struct tie_lookup {
	const struct rn_network *net;
	struct rn_activity *act;
	igraph_integer_t from, to;
};

static void *find_event_ties(void *vj)
{
	const struct tie_lookup *j = vj;
	const struct rn_network *net = j->net;
	for (igraph_integer_t i = j->from; i < j->to; i++)
		j->act->event_tie[i] = rn_network_find_tie(net, net->ev_from[i], net->ev_to[i]);
	return NULL;
}

enum rn_status rn_activity_compute(const struct rn_network *net, int as_of,
                                   struct rn_activity *act)
{
	act->as_of = as_of;
	act->last = rn_big_alloc(((size_t) net->nties + 1) * sizeof(*act->last));
	act->event_tie = rn_big_alloc(((size_t) net->nevents + 1) * sizeof(*act->event_tie));
	if (!act->last || !act->event_tie) {
		rn_activity_release(act);
		return RN_E_INTERNAL;
	}
	for (igraph_integer_t e = 0; e < net->nties; e++) {
		int d = net->last_contact[e];
		act->last[e] = d != RN_NO_DATE && d <= as_of ? d : RN_NO_DATE;
	}
	/* The look-ups (a cache miss or two each) in two threads, then the dates
	 * in one pass. */
	igraph_integer_t half = net->nevents >= 65536 ? net->nevents / 2 : net->nevents;
	struct tie_lookup part[2] = { { net, act, 0, half }, { net, act, half, net->nevents } };
	struct rn_task task[2] = { { find_event_ties, &part[0] }, { find_event_ties, &part[1] } };
	rn_run_tasks(task, 2);
	for (igraph_integer_t i = 0; i < net->nevents; i++) {
		igraph_integer_t e = act->event_tie[i];
		int d = net->ev_date[i];
		if (e >= 0 && d <= as_of && (act->last[e] == RN_NO_DATE || d > act->last[e]))
			act->last[e] = d;
	}
	return RN_OK;
}

void rn_activity_release(struct rn_activity *act)
{
	if (!act)
		return;
	rn_big_free(act->last);
	rn_big_free(act->event_tie);
	act->last = NULL;
	act->event_tie = NULL;
}

double rn_decay(double age, double half_life, double floor)
{
	if (age <= 0 || half_life <= 0)
		return 1.0;
	double d = pow(0.5, age / half_life);
	return d < floor ? floor : d;
}

int rn_activity_age(const struct rn_activity *act, igraph_integer_t tie)
{
	int last = act->last[tie];
	return last == RN_NO_DATE || last > act->as_of ? 0 : act->as_of - last;
}

/*
 * What is done with a computed list of follow-ups (followup.c computes
 * it): narrowed to the rows that arose in a window, and repeated actions
 * grouped so that each is counted once.  See include/refnet/followup.h.
 * Nothing here prints.
 */
#include "refnet/followup.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- the rows of a window ------------------------------------------------ */

void rn_followup_since(struct rn_followups *fu, const struct rn_followup_options *opt, int since)
{
	size_t m = 0;
	memset(fu->count, 0, sizeof(fu->count));
	fu->late = 0;
	for (size_t i = 0; i < fu->n; i++) {
		const struct rn_followup *f = &fu->f[i];
		int keep = 0;
		switch (f->reason) {
		case RN_FU_UNTHANKED:
			keep = f->date != RN_NO_DATE && f->date >= since;
			break;
		case RN_FU_STRAINED:
			keep = f->u.strained.last_ask >= since;
			break;
		case RN_FU_STALE:
			keep = f->date != RN_NO_DATE && (long) f->date + opt->stale_after + 1 >= since;
			break;
		default:
			keep = 0;
		}
		if (!keep)
			continue;
		fu->f[m++] = *f;
		fu->count[f->reason]++;
		if (f->reason == RN_FU_UNTHANKED && f->u.unthanked.late != RN_NO_DATE)
			fu->late++;
	}
	fu->n = m;
}

/* ---- repeated actions ---------------------------------------------------- */

/* What makes two rows the same action, and the row's urgency (its index). */
struct same {
	unsigned char reason, priority;
	igraph_integer_t contact, with;
	size_t at;
};

static int same_action(const struct same *a, const struct same *b)
{
	return a->reason == b->reason && a->priority == b->priority &&
	       a->contact == b->contact && a->with == b->with;
}

static int cmp_same(const void *x, const void *y)
{
	const struct same *a = x, *b = y;
	if (a->reason != b->reason)
		return a->reason < b->reason ? -1 : 1;
	if (a->priority != b->priority)
		return a->priority < b->priority ? -1 : 1;
	if (a->contact != b->contact)
		return a->contact < b->contact ? -1 : 1;
	if (a->with != b->with)
		return a->with < b->with ? -1 : 1;
	return (a->at > b->at) - (a->at < b->at);
}

static int cmp_first(const void *x, const void *y)
{
	size_t i = ((const struct rn_followup_group *) x)->first;
	size_t j = ((const struct rn_followup_group *) y)->first;
	return (i > j) - (i < j);
}

enum rn_status rn_followup_group(const struct rn_network *net, const struct rn_followups *fu,
                                 struct rn_followup_group **out, size_t *n)
{
	struct same *idx = malloc((fu->n + 1) * sizeof(*idx));
	struct rn_followup_group *g = malloc((fu->n + 1) * sizeof(*g));
	*out = NULL;
	*n = 0;
	if (!idx || !g) {
		free(idx);
		free(g);
		return RN_E_INTERNAL;
	}
	for (size_t i = 0; i < fu->n; i++) {
		const struct rn_followup *f = &fu->f[i];
		idx[i] = (struct same) { f->reason, f->priority, f->contact, f->with, i };
	}
	qsort(idx, fu->n, sizeof(*idx), cmp_same);
	size_t m = 0;
	for (size_t k = 0; k < fu->n; k++) {
		const struct rn_followup *f = &fu->f[idx[k].at];
		if (k == 0 || !same_action(&idx[k - 1], &idx[k]))
			g[m++] = (struct rn_followup_group) { idx[k].at, 0, -1, -1, 0, 0 };
		struct rn_followup_group *p = &g[m - 1];
		p->n++;
		if (f->days > p->oldest)
			p->oldest = f->days;
		if (f->days >= 0 && (p->newest < 0 || f->days < p->newest))
			p->newest = f->days;
		if (f->reason == RN_FU_UNTHANKED) {
			double v = net->ev_value[f->u.unthanked.event];
			const char *status = net->ev_status[f->u.unthanked.event];
			if (status && strcasecmp(status, "lost") == 0)
				v = NAN;   /* lost business is not value given */
			if (!isnan(v)) {
				p->value += v;
				p->valued++;
			}
		}
	}
	free(idx);
	qsort(g, m, sizeof(*g), cmp_first);
	*out = g;
	*n = m;
	return RN_OK;
}

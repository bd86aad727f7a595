/*
 * The plain counts of a network (include/refnet/counts.h): one pass over
 * the contacts, the ties and the log, no graph.
 */
#include "refnet/counts.h"

#include <stdlib.h>
#include <string.h>

enum rn_status rn_counts_compute(const struct rn_network *net, int as_of, struct rn_counts *c)
{
	memset(c, 0, sizeof(*c));
	for (igraph_integer_t v = 0; v < net->ncontacts; v++) {
		c->stages[net->stage[v]]++;
		c->offers += net->offers[v].n;
		c->needs += net->needs[v].n;
	}
	c->first_event = c->last_event = RN_NO_DATE;
	for (igraph_integer_t i = 0; i < net->nevents; i++) {
		int d = net->ev_date[i];
		if (c->first_event == RN_NO_DATE || d < c->first_event)
			c->first_event = d;
		if (c->last_event == RN_NO_DATE || d > c->last_event)
			c->last_event = d;
		if (as_of != RN_NO_DATE && d > as_of) {
			if (c->later++ == 0)
				c->first_later_line = net->ev_line[i];
			c->kinds_later[net->ev_kind[i]]++;
		} else {
			c->events++;
			c->kinds[net->ev_kind[i]]++;
		}
	}

	/* From the tie list: callers need not have built the graph. */
	unsigned char *tied = calloc((size_t) net->ncontacts + 1, 1);
	if (!tied) {
		memset(c, 0, sizeof(*c));
		return RN_E_INTERNAL;
	}
	for (igraph_integer_t e = 0; e < net->nties; e++)
		tied[net->tie_a[e]] = tied[net->tie_b[e]] = 1;
	for (igraph_integer_t v = 0; v < net->ncontacts; v++)
		c->isolated += !tied[v];
	free(tied);
	return RN_OK;
}

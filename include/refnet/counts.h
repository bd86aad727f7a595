/*
 * What a network holds, counted without its graph: contacts per stage, log
 * events per kind (on or before the as-of day and after it), the log's date
 * range, tag mentions and contacts without a tie.  One count for every
 * command that shows these numbers (refnet check's summary, refnet stats'
 * size section), so that they cannot disagree.
 *
 * No printing; the network is only read.
 */
#ifndef REFNET_COUNTS_H
#define REFNET_COUNTS_H

#include "refnet/network.h"

struct rn_counts {
	igraph_integer_t stages[RN_STAGE_COUNT];       /* contacts per stage */
	igraph_integer_t kinds[RN_KIND_COUNT];         /* events on or before as_of, per kind */
	igraph_integer_t kinds_later[RN_KIND_COUNT];   /* events after as_of, per kind */
	igraph_integer_t events;                       /* events on or before as_of */
	igraph_integer_t later;                        /* events after as_of */
	long first_later_line;                         /* log line of the first of them, or 0 */
	int first_event, last_event;                   /* over the whole log; RN_NO_DATE if empty */
	size_t offers, needs;                          /* tags mentioned, over all contacts */
	igraph_integer_t isolated;                     /* contacts without a tie */
};

/*
 * Count net as of the day as_of (RN_NO_DATE: every event is on or before
 * it).  Returns RN_OK, or RN_E_INTERNAL on out of memory (c is then
 * zeroed).  Time O(contacts + ties + events), memory O(contacts).
 */
enum rn_status rn_counts_compute(const struct rn_network *net, int as_of,
                                 struct rn_counts *c) RN_WARN_UNUSED;

#endif

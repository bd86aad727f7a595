/*
 * The meeting report: one self-contained HTML file assembled from results
 * the analysis modules computed (the caller computes them; this module only
 * writes).  Ranked lists come first, the diagram after:
 *
 *   network page   the window's referrals, thanks and meetings; the members
 *                  who gave nothing in it; whom to put together; one-way and
 *                  strained partnerships; follow-ups grouped by who acts;
 *                  connectors and circles; the diagram.
 *   member page    (who >= 0) the member's scorecard and partners, their
 *                  warmest routes to each of their needs, their follow-ups,
 *                  the diagram of their neighbourhood.
 *
 * The file needs nothing outside itself: the stylesheet and the script are
 * inline (src/output/assets), allowed by a Content-Security-Policy that
 * names their SHA-256 hashes and forbids every fetch (default-src 'none').
 * Every input text is escaped (refnet/html.h); the SVG is Graphviz's, whose
 * text refnet escaped when drawing it (render.h).  docs/report.md describes
 * the sections and the rules behind them.
 */
#ifndef REFNET_REPORT_H
#define REFNET_REPORT_H

#include <stdio.h>

#include "refnet/followup.h"
#include "refnet/intro.h"
#include "refnet/match.h"
#include "refnet/reciprocity.h"
#include "refnet/stats.h"

/* The routes found for one of the member's needs. */
struct rn_report_need {
	uint32_t tag;                          /* net->tag_text[tag] */
	const struct rn_routes *routes;
};

struct rn_report {
	const struct rn_network *net;
	const char *title;                     /* the network's name, for the heading */
	const char *version;                   /* refnet's version, for the footer */
	int as_of, since;                      /* the window: since .. as_of, both included */
	size_t rows;                           /* rows per list at most (0: all) */
	const struct rn_reciprocity *recip;    /* the whole log up to as_of */
	const struct rn_reciprocity *window;   /* the window only */
	const struct rn_followups *fu;         /* whole network, or the member's */
	const struct rn_followup_options *fu_opt;
	const struct rn_followup_group *groups; /* rn_followup_group() of fu, made ahead
	                                          (on another thread), or NULL: made
	                                          while writing */
	size_t ngroups;
	const struct rn_intro *intro;          /* the trust model of the matches and routes */
	const struct rn_matches *matches;      /* network page */
	const struct rn_stats *stats;          /* network page; NULL leaves the section out */
	igraph_integer_t who;                  /* the member of a member page, or -1 */
	const struct rn_report_need *needs;    /* member page: one per need */
	size_t nneeds;
	const char *svg;                       /* the diagram as Graphviz SVG, or NULL */
	size_t svg_len;
	const char *diagram_note;              /* what the diagram shows (refnet's own text) */
};

/*
 * Write the report to fp.  Returns 0, -1 on a write error (see ferror) or
 * out of memory.  Time: linear in the rows written plus one pass over the
 * log (the window) and the SVG.
 */
int rn_report_write(FILE *fp, const struct rn_report *r);

/* The Content-Security-Policy the report carries (for the docs and tests). */
const char *rn_report_csp(void);

#endif

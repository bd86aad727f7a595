/*
 * What the parts of the report share.  Private to src/output.
 *
 *   report.c            rn_report_write(): the page -- head, stylesheet,
 *                       navigation, the diagram, footer and script; the
 *                       Content-Security-Policy
 *   report_network.c    the network page: the window's log, members who gave
 *                       nothing, whom to put together, one-way and strained
 *                       partnerships, connectors and circles
 *   report_member.c     the member page: scorecard and warmest routes
 *   report_followups.c  the follow-ups, on both pages
 *
 * The small pieces below (dates, names, notes, texts built from pieces) are
 * static inline: each part keeps its own copy.  A section returns -1 when
 * out of memory, else 0.
 */
#ifndef REFNET_OUTPUT_REPORT_INTERNAL_H
#define REFNET_OUTPUT_REPORT_INTERNAL_H

#include <stdio.h>

#include "refnet/date.h"
#include "refnet/html.h"
#include "refnet/report.h"

struct w {
	FILE *fp;
	const struct rn_report *r;
	const struct rn_network *net;
};

/* ---- small pieces ---------------------------------------------------------- */

static inline void date_text(char *buf, int d)
{
	if (d == RN_NO_DATE)
		buf[0] = '\0';
	else
		rn_date_format(d, buf);
}

static inline void html_date(FILE *fp, int d)
{
	char buf[11];
	date_text(buf, d);
	fputs(buf, fp);
}

/* A date cell, sorted by the date. */
static inline void cell_date(FILE *fp, int d)
{
	char buf[11];
	date_text(buf, d);
	fprintf(fp, "<td class=\"nw\">%s</td>", buf);
}

static inline void cell_person(const struct w *w, igraph_integer_t v)
{
	rn_html_cell_person(w->fp, w->net->name[v], w->net->id[v]);
}

/* "Dana Wu" with the id as tooltip, inside running text. */
static inline void person(const struct w *w, igraph_integer_t v)
{
	fputs("<span title=\"", w->fp);
	rn_html_attr(w->fp, w->net->id[v]);
	fputs("\">", w->fp);
	rn_html_text(w->fp, w->net->name[v]);
	fputs("</span>", w->fp);
}

static inline const char *plural(long long n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* "12 rows of 80 shown" after a cut list. */
static inline void more_note(FILE *fp, size_t shown, size_t total, const char *how)
{
	if (total > shown)
		fprintf(fp, "<p class=\"note\">%zu of %zu shown; %s for all of them.</p>\n", shown,
		        total, how);
}

static inline size_t cap(const struct w *w, size_t n)
{
	return w->r->rows && n > w->r->rows ? w->r->rows : n;
}

/* A growable text for cells built from pieces (tooltips, evidence). */
struct txt {
	char *s;
	size_t len;
	FILE *f;
};

static inline FILE *txt_open(struct txt *t)
{
	t->s = NULL;
	t->len = 0;
	t->f = open_memstream(&t->s, &t->len);
	return t->f;
}

/* Close and return the text ("" when out of memory: the caller checks oom). */
static inline const char *txt_close(struct txt *t, int *oom)
{
	if (!t->f || fclose(t->f) != 0 || !t->s) {
		*oom = 1;
		t->f = NULL;
		return "";
	}
	t->f = NULL;
	return t->s;
}

/* report_network.c */
int rn_report_window_section(const struct w *w);
int rn_report_quiet_section(const struct w *w);
int rn_report_matches_section(const struct w *w);
int rn_report_partnerships_section(const struct w *w);
int rn_report_stats_section(const struct w *w);

/* report_member.c */
int rn_report_scorecard_section(const struct w *w);
int rn_report_routes_section(const struct w *w);

/* report_followups.c */
int rn_report_followups_section(const struct w *w);

#endif

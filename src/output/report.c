/*
 * The meeting report (include/refnet/report.h): sections of ranked lists
 * written as HTML tables, then the diagram, in one file with its own
 * stylesheet and script.  This file decides what a person reads -- names
 * rather than ids (the id is the tooltip), one line per action, the
 * evidence beside it -- and leaves every computation to the analysis
 * modules, except the plain listing of the window's log rows.
 */
#include "refnet/report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "refnet/date.h"
#include "refnet/html.h"
#include "report_assets.h"

const char *rn_report_csp(void)
{
	static char csp[256];
	if (!csp[0])
		snprintf(csp, sizeof(csp), "default-src 'none'; style-src 'sha256-%s'; "
		         "script-src 'sha256-%s'; base-uri 'none'; form-action 'none'",
		         rn_report_css_sha256, rn_report_js_sha256);
	return csp;
}

struct w {
	FILE *fp;
	const struct rn_report *r;
	const struct rn_network *net;
};

/* ---- small pieces ---------------------------------------------------------- */

static void date_text(char *buf, int d)
{
	if (d == RN_NO_DATE)
		buf[0] = '\0';
	else
		rn_date_format(d, buf);
}

static void html_date(FILE *fp, int d)
{
	char buf[11];
	date_text(buf, d);
	fputs(buf, fp);
}

/* A date cell, sorted by the date. */
static void cell_date(FILE *fp, int d)
{
	char buf[11];
	date_text(buf, d);
	fprintf(fp, "<td class=\"nw\">%s</td>", buf);
}

static void cell_person(const struct w *w, igraph_integer_t v)
{
	rn_html_cell_person(w->fp, w->net->name[v], w->net->id[v]);
}

/* "Dana Wu" with the id as tooltip, inside running text. */
static void person(const struct w *w, igraph_integer_t v)
{
	fputs("<span title=\"", w->fp);
	rn_html_attr(w->fp, w->net->id[v]);
	fputs("\">", w->fp);
	rn_html_text(w->fp, w->net->name[v]);
	fputs("</span>", w->fp);
}

static const char *plural(long long n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

static void money(FILE *fp, double v)
{
	char buf[64];
	fputs(rn_html_number(buf, sizeof(buf), v, fabs(v - round(v)) < 0.005 ? 0 : 2), fp);
}

/* "12 rows of 80 shown" after a cut list. */
static void more_note(FILE *fp, size_t shown, size_t total, const char *how)
{
	if (total > shown)
		fprintf(fp, "<p class=\"note\">%zu of %zu shown; %s for all of them.</p>\n", shown,
		        total, how);
}

static size_t cap(const struct w *w, size_t n)
{
	return w->r->rows && n > w->r->rows ? w->r->rows : n;
}

/* A growable text for cells built from pieces (tooltips, evidence). */
struct txt {
	char *s;
	size_t len;
	FILE *f;
};

static FILE *txt_open(struct txt *t)
{
	t->s = NULL;
	t->len = 0;
	t->f = open_memstream(&t->s, &t->len);
	return t->f;
}

/* Close and return the text ("" when out of memory: the caller checks oom). */
static const char *txt_close(struct txt *t, int *oom)
{
	if (!t->f || fclose(t->f) != 0 || !t->s) {
		*oom = 1;
		t->f = NULL;
		return "";
	}
	t->f = NULL;
	return t->s;
}

/* ---- the window's log ---------------------------------------------------- */

static int in_window(const struct rn_report *r, int d)
{
	return d != RN_NO_DATE && d <= r->as_of && d >= r->since;
}

static int counted_kind(unsigned char k)
{
	return k == RN_KIND_REFERRAL || k == RN_KIND_THANKS || k == RN_KIND_MEETING;
}

static int status_is(const char *s, const char *want)
{
	return s && strcasecmp(s, want) == 0;
}

static int window_section(const struct w *w)
{
	const struct rn_network *net = w->net;
	const struct rn_report *r = w->r;
	FILE *fp = w->fp;
	long long refs = 0, thanks = 0, meetings = 0, open = 0, lost = 0;
	double value = 0, lost_value = 0, open_value = 0;
	size_t n = 0;

	for (igraph_integer_t i = 0; i < net->nevents; i++) {
		if (!in_window(r, net->ev_date[i]) || !counted_kind(net->ev_kind[i]))
			continue;
		n++;
		double v = isnan(net->ev_value[i]) ? 0 : net->ev_value[i];
		switch (net->ev_kind[i]) {
		case RN_KIND_REFERRAL:
			refs++;
			if (status_is(net->ev_status[i], "lost"))
				lost++, lost_value += v;
			else if (status_is(net->ev_status[i], "open"))
				open++, open_value += v;
			else
				value += v;
			break;
		case RN_KIND_THANKS:
			thanks++;
			break;
		default:
			meetings++;
		}
	}
	fputs("<section id=\"window\">\n<h2>Since ", fp);
	html_date(fp, r->since);
	fputs(": referrals, thanks and meetings</h2>\n<p>", fp);
	fprintf(fp, "%lld %s", refs, plural(refs, "referral", "referrals"));
	if (refs) {
		fputs(" (value ", fp);
		money(fp, value);
		if (open) {
			fprintf(fp, "; %lld open, worth ", open);
			money(fp, open_value);
		}
		if (lost) {
			fprintf(fp, "; %lld lost, worth ", lost);
			money(fp, lost_value);
			fputs(", not counted", fp);
		}
		fputc(')', fp);
	}
	fprintf(fp, ", %lld thank-you%s and %lld %s logged from ", thanks, thanks == 1 ? "" : "s",
	        meetings, plural(meetings, "meeting", "meetings"));
	html_date(fp, r->since);
	fputs(" to ", fp);
	html_date(fp, r->as_of);
	fputs(".</p>\n", fp);
	if (!n) {
		fputs("</section>\n", fp);
		return 0;
	}
	static const struct rn_html_col cols[] = {
		{ "date", "Date", 0 }, { "kind", "What", 0 }, { "from", "From", 0 },
		{ "to", "To", 0 }, { "about", "About", 0 }, { "value", "Value", 1 },
		{ "status", "Status", 0 }
	};
	rn_html_table_start(fp, "activity", "referrals, thanks and meetings", cols,
	                    RN_ARRAY_LEN(cols));
	size_t shown = 0, limit = cap(w, n);
	/* Newest first: the log is in file order, usually by date. */
	for (igraph_integer_t i = net->nevents - 1; i >= 0 && shown < limit; i--) {
		if (!in_window(r, net->ev_date[i]) || !counted_kind(net->ev_kind[i]))
			continue;
		shown++;
		rn_html_row_start(fp);
		cell_date(fp, net->ev_date[i]);
		rn_html_cell(fp, rn_kind_name((enum rn_kind) net->ev_kind[i]), NULL);
		cell_person(w, net->ev_from[i]);
		cell_person(w, net->ev_to[i]);
		rn_html_cell(fp, net->ev_about[i], net->ev_note[i]);
		rn_html_cell_num(fp, net->ev_value[i], 2);
		rn_html_cell(fp, net->ev_kind[i] == RN_KIND_REFERRAL && !net->ev_status[i]
		             ? "" : net->ev_status[i], NULL);
		rn_html_row_end(fp);
	}
	rn_html_table_end(fp);
	more_note(fp, shown, n, "refnet export --format json");
	fputs("</section>\n", fp);
	return 0;
}

/* ---- members who gave nothing ------------------------------------------- */

/* Members: partners; a network without partners counts everyone who ever
 * gave or received a referral. */
static int is_member(const struct w *w, igraph_integer_t v, int any_partner)
{
	if (any_partner)
		return w->net->stage[v] == RN_STAGE_PARTNER;
	return w->r->recip->given[v] > 0 || w->r->recip->received[v] > 0;
}

static int quiet_section(const struct w *w)
{
	const struct rn_network *net = w->net;
	const struct rn_report *r = w->r;
	FILE *fp = w->fp;
	int any_partner = 0;
	for (igraph_integer_t v = 0; v < net->ncontacts && !any_partner; v++)
		any_partner = net->stage[v] == RN_STAGE_PARTNER;
	int *last = malloc(((size_t) net->ncontacts + 1) * sizeof(*last));
	if (!last)
		return -1;
	for (igraph_integer_t v = 0; v < net->ncontacts; v++)
		last[v] = RN_NO_DATE;
	for (igraph_integer_t i = 0; i < net->nevents; i++) {
		int d = net->ev_date[i];
		igraph_integer_t f = net->ev_from[i];
		if (net->ev_kind[i] == RN_KIND_REFERRAL && d <= r->as_of &&
		    (last[f] == RN_NO_DATE || d > last[f]))
			last[f] = d;
	}
	size_t n = 0, members = 0;
	for (igraph_integer_t v = 0; v < net->ncontacts; v++) {
		if (!is_member(w, v, any_partner))
			continue;
		members++;
		n += r->window->given[v] == 0;
	}
	fputs("<section id=\"quiet\">\n<h2>Gave nothing since ", fp);
	html_date(fp, r->since);
	fputs("</h2>\n", fp);
	fprintf(fp, "<p>%zu of %zu %s gave no referral in the window.</p>\n", n, members,
	        any_partner ? "members (partners)" : "people in the referral log");
	if (n) {
		static const struct rn_html_col cols[] = {
			{ "member", "Member", 0 }, { "last", "Last referral given", 0 },
			{ "days", "Days ago", 1 }, { "given", "Given in all", 1 },
			{ "received", "Received in the window", 1 }
		};
		rn_html_table_start(fp, "quiet-members", "members who gave nothing", cols,
		                    RN_ARRAY_LEN(cols));
		/* Longest silence first; never gave at all comes first of all. */
		igraph_integer_t *order = malloc((n + 1) * sizeof(*order));
		if (!order) {
			free(last);
			return -1;
		}
		size_t k = 0;
		for (int pass = 0; pass < 2; pass++)
			for (igraph_integer_t v = 0; v < net->ncontacts; v++)
				if (is_member(w, v, any_partner) && r->window->given[v] == 0 &&
				    (last[v] == RN_NO_DATE) == (pass == 0))
					order[k++] = v;
		/* Insertion sort by date within the dated part (small lists). */
		size_t undated = 0;
		while (undated < k && last[order[undated]] == RN_NO_DATE)
			undated++;
		for (size_t i = undated + 1; i < k; i++)
			for (size_t j = i; j > undated && last[order[j - 1]] > last[order[j]]; j--) {
				igraph_integer_t t = order[j];
				order[j] = order[j - 1];
				order[j - 1] = t;
			}
		size_t limit = cap(w, k);
		for (size_t i = 0; i < limit; i++) {
			igraph_integer_t v = order[i];
			rn_html_row_start(fp);
			cell_person(w, v);
			if (last[v] == RN_NO_DATE) {
				rn_html_cell(fp, "never", NULL);
				rn_html_cell_num(fp, NAN, 0);
			} else {
				cell_date(fp, last[v]);
				rn_html_cell_int(fp, r->as_of - last[v]);
			}
			rn_html_cell_int(fp, r->recip->given[v]);
			rn_html_cell_int(fp, r->window->received[v]);
			rn_html_row_end(fp);
		}
		rn_html_table_end(fp);
		more_note(fp, limit, k, "refnet reciprocity --since DATE");
		free(order);
	}
	fputs("</section>\n", fp);
	free(last);
	return 0;
}

/* ---- matches ------------------------------------------------------------- */

static int matches_section(const struct w *w)
{
	const struct rn_network *net = w->net;
	const struct rn_matches *ms = w->r->matches;
	FILE *fp = w->fp;
	int oom = 0;
	fputs("<section id=\"put-together\">\n<h2>Whom to put together</h2>\n", fp);
	if (!ms || !ms->n) {
		fputs("<p>No one needs what an untied contact of a common friend offers.</p>\n"
		      "</section>\n", fp);
		return 0;
	}
	fputs("<p>Each row: someone who needs what another offers, the two not yet tied, and "
	      "the common contact best placed to introduce them (the warmest two ties).</p>\n", fp);
	static const struct rn_html_col cols[] = {
		{ "rank", "#", 1 }, { "introducer", "Who introduces", 0 },
		{ "needer", "Whom", 0 }, { "need", "Needs", 0 },
		{ "provider", "To whom", 0 }, { "offer", "Offers", 0 },
		{ "score", "Score", 1 }, { "why", "Why", 0 }
	};
	rn_html_table_start(fp, "matches", "whom to put together", cols, RN_ARRAY_LEN(cols));
	size_t limit = cap(w, ms->n);
	for (size_t i = 0; i < limit; i++) {
		const struct rn_match *m = &ms->m[i];
		struct txt t;
		rn_html_row_start(fp);
		rn_html_cell_int(fp, (long long) i + 1);
		cell_person(w, m->introducer);
		cell_person(w, m->needer);
		rn_html_cell(fp, m->need_tag != RN_NO_TAG ? net->tag_text[m->need_tag] : "", NULL);
		cell_person(w, m->provider);
		rn_html_cell(fp, net->tag_text[m->offer_tag], NULL);
		rn_html_cell_num(fp, m->score, 3);
		if (txt_open(&t)) {
			fprintf(t.f, "knows %s (%.2f) and %s (%.2f)", net->name[m->needer],
			        m->effective_needer, net->name[m->provider], m->effective_provider);
			double f = m->fatigue;
			if (f < 1.0)
				fprintf(t.f, "; asked often lately (x %.2f)", f);
		}
		rn_html_cell(fp, txt_close(&t, &oom), NULL);
		free(t.s);
		rn_html_row_end(fp);
	}
	rn_html_table_end(fp);
	if (ms->counted)
		more_note(fp, limit, ms->pairs, "refnet match --top N");
	else if (w->r->rows && ms->n >= w->r->rows)
		fprintf(fp, "<p class=\"note\">The %zu best pairs; refnet match --top N lists more "
		        "and counts them all.</p>\n", limit);
	fputs("</section>\n", fp);
	return oom ? -1 : 0;
}

/* ---- partnerships -------------------------------------------------------- */

static int partnerships_section(const struct w *w)
{
	const struct rn_network *net = w->net;
	const struct rn_report *r = w->r;
	const struct rn_followups *fu = r->fu;
	FILE *fp = w->fp;
	int oom = 0;
	size_t oneway = r->recip->labels[RN_RECIP_ONE_WAY], strained = fu->count[RN_FU_STRAINED];
	fputs("<section id=\"partnerships\">\n<h2>One-way and strained partnerships</h2>\n", fp);
	fprintf(fp, "<p>%zu one-way %s (referrals went only one way, the last one within %d "
	        "days) and %zu strained %s (%d or more asks and pitches in %d days with nothing "
	        "given back).</p>\n", oneway, plural((long long) oneway, "partnership", "partnerships"),
	        r->recip->opt.window, strained, plural((long long) strained, "relationship",
	        "relationships"), r->fu_opt->strain_asks, r->fu_opt->strain_window);
	if (!oneway && !strained) {
		fputs("</section>\n", fp);
		return 0;
	}
	static const struct rn_html_col cols[] = {
		{ "from", "Who gives or asks", 0 }, { "to", "To whom", 0 }, { "state", "State", 0 },
		{ "count", "Referrals or asks", 1 }, { "value", "Value given", 1 },
		{ "last", "Last", 0 }, { "why", "Why", 0 }
	};
	rn_html_table_start(fp, "partnerships-table", "one-way and strained partnerships", cols,
	                    RN_ARRAY_LEN(cols));
	size_t shown = 0, limit = cap(w, oneway + strained);
	for (size_t i = 0; i < r->recip->npairs && shown < limit; i++) {
		const struct rn_recip_pair *p = &r->recip->pairs[i];
		if (p->label != RN_RECIP_ONE_WAY)
			continue;
		shown++;
		rn_html_row_start(fp);
		cell_person(w, p->a);
		cell_person(w, p->b);
		fputs("<td class=\"nw lbl-one-way\">one-way</td>", fp);
		rn_html_cell_int(fp, p->given);
		rn_html_cell_num(fp, p->value_given, 2);
		cell_date(fp, p->last_given);
		struct txt t;
		if (txt_open(&t))
			fprintf(t.f, "%s gave %lld %s, received none back", net->name[p->a],
			        (long long) p->given, plural(p->given, "referral", "referrals"));
		rn_html_cell(fp, txt_close(&t, &oom), NULL);
		free(t.s);
		rn_html_row_end(fp);
	}
	for (size_t i = 0; i < fu->n && shown < limit; i++) {
		const struct rn_followup *f = &fu->f[i];
		if (f->reason != RN_FU_STRAINED || f->with < 0)
			continue;
		shown++;
		rn_html_row_start(fp);
		cell_person(w, f->with);
		cell_person(w, f->contact);
		fputs("<td class=\"nw lbl-strained\">strained</td>", fp);
		rn_html_cell_int(fp, f->u.strained.asks + f->u.strained.pitches);
		rn_html_cell_num(fp, NAN, 2);
		cell_date(fp, f->u.strained.last_ask);
		struct txt t;
		if (txt_open(&t)) {
			char d[11];
			fprintf(t.f, "%d %s and %d %s since ", f->u.strained.asks,
			        plural(f->u.strained.asks, "ask", "asks"), f->u.strained.pitches,
			        plural(f->u.strained.pitches, "pitch", "pitches"));
			date_text(d, f->u.strained.first_ask);
			fputs(d, t.f);
			if (f->date == RN_NO_DATE) {
				fputs("; never gave anything back", t.f);
			} else {
				date_text(d, f->date);
				fprintf(t.f, "; last gave a %s on %s",
				        rn_kind_name((enum rn_kind) f->u.strained.given_kind), d);
			}
		}
		rn_html_cell(fp, txt_close(&t, &oom), NULL);
		free(t.s);
		rn_html_row_end(fp);
	}
	rn_html_table_end(fp);
	more_note(fp, shown, oneway + strained, "refnet reciprocity and refnet followup");
	fputs("</section>\n", fp);
	return oom ? -1 : 0;
}

/* ---- follow-ups ---------------------------------------------------------- */

/* The action of a group, with names: "thank Ben Hartley for 5 referrals, oldest 349 days". */
static void action_text(const struct w *w, const struct rn_followup *f,
                        const struct rn_followup_group *g, FILE *t)
{
	const char *name = w->net->name[f->contact];
	char d[11];
	switch (f->reason) {
	case RN_FU_STALE:
		fprintf(t, "call or send a card to %s", name);
		break;
	case RN_FU_UNTHANKED:
		if (f->u.unthanked.late != RN_NO_DATE)
			fprintf(t, "thank %s sooner next time", name);
		else if (g->n > 1)
			fprintf(t, "thank %s for %zu referrals, oldest %d days", name, g->n, g->oldest);
		else {
			date_text(d, f->date);
			fprintf(t, "thank %s for the referral of %s", name, d);
		}
		break;
	case RN_FU_STRAINED:
		fprintf(t, "don't ask %s again before giving", name);
		break;
	case RN_FU_NURTURE:
		fprintf(t, "keep in touch with %s (%d of %d touches)", name,
		        f->u.nurture.touches + f->u.nurture.meetings, w->r->fu_opt->touches);
		break;
	case RN_FU_NEGLECTED:
		fprintf(t, "introduce %s to someone, or remove them", name);
		break;
	}
}

static void why_text(const struct w *w, const struct rn_followup *f,
                     const struct rn_followup_group *g, FILE *t)
{
	const struct rn_network *net = w->net;
	const struct rn_followup_options *o = w->r->fu_opt;
	char d[11], e[11];
	switch (f->reason) {
	case RN_FU_STALE:
		date_text(d, f->date);
		fprintf(t, "last contact %s, %d days ago (more than %d); tie strength %.2f", d,
		        f->days, o->stale_after, net->strength[f->u.stale.tie]);
		break;
	case RN_FU_UNTHANKED:
		if (g->n > 1) {
			date_text(d, w->r->as_of - g->oldest);
			date_text(e, w->r->as_of - g->newest);
			fprintf(t, "%zu referrals from %s to %s", g->n, d, e);
			if (g->valued) {
				fputs(" (value ", t);
				char buf[64];
				fputs(rn_html_number(buf, sizeof(buf), g->value, 2), t);
				fputc(')', t);
			}
		} else {
			const char *about = net->ev_about[f->u.unthanked.event];
			double v = net->ev_value[f->u.unthanked.event];
			date_text(d, f->date);
			fprintf(t, "referral%s%s%s of %s", about ? " '" : "", about ? about : "",
			        about ? "'" : "", d);
			if (!isnan(v)) {
				char buf[64];
				fprintf(t, " (value %s)", rn_html_number(buf, sizeof(buf), v, 2));
			}
		}
		if (f->u.unthanked.late != RN_NO_DATE)
			fprintf(t, ": thanked more than %d days after", o->thanks_within);
		else
			fprintf(t, ": no thanks or gift back (%d days allowed)", o->thanks_within);
		break;
	case RN_FU_STRAINED:
		fprintf(t, "%d asks and %d pitches in the last %d days; ", f->u.strained.asks,
		        f->u.strained.pitches, o->strain_window);
		if (f->date == RN_NO_DATE)
			fputs("never gave anything back", t);
		else {
			date_text(d, f->date);
			fprintf(t, "last gave a %s on %s",
			        rn_kind_name((enum rn_kind) f->u.strained.given_kind), d);
		}
		break;
	case RN_FU_NURTURE:
		fprintf(t, "prospect: %d %s and %d %s; it takes %d", f->u.nurture.touches,
		        plural(f->u.nurture.touches, "touch", "touches"), f->u.nurture.meetings,
		        plural(f->u.nurture.meetings, "meeting", "meetings"), o->touches);
		break;
	case RN_FU_NEGLECTED:
		fputs("no tie and no log row", t);
		break;
	}
}

/* The follow-up rows: groups which[0..n), each a row; with `who_col` a first
 * column naming who acts, and a rule above the first row of each person. */
static int followup_table(const struct w *w, const struct rn_followup_group *g,
                          const size_t *which, size_t n, int who_col)
{
	static const struct rn_html_col cols[] = {
		{ "who", "Who acts", 0 }, { "action", "Action", 0 }, { "reason", "Reason", 0 },
		{ "days", "Days", 1 }, { "why", "Why", 0 }
	};
	FILE *fp = w->fp;
	int oom = 0;
	rn_html_table_start(fp, "followups-table", "follow-ups", cols + !who_col,
	                    RN_ARRAY_LEN(cols) - !who_col);
	for (size_t k = 0; k < n; k++) {
		const struct rn_followup_group *p = &g[which[k]];
		const struct rn_followup *f = &w->r->fu->f[p->first];
		struct txt a, y;
		int first = k == 0 || w->r->fu->f[g[which[k - 1]].first].with != f->with;
		fputs(first && k ? "<tr class=\"first\">" : "<tr>", fp);
		if (who_col) {
			if (f->with >= 0)
				cell_person(w, f->with);
			else
				rn_html_cell(fp, "anyone", NULL);
		}
		if (txt_open(&a))
			action_text(w, f, p, a.f);
		rn_html_cell(fp, txt_close(&a, &oom), w->net->id[f->contact]);
		free(a.s);
		fputs("<td class=\"nw\">", fp);
		rn_html_text(fp, rn_fu_reason_name((enum rn_fu_reason) f->reason));
		fputs("</td>", fp);
		if (p->oldest >= 0)
			rn_html_cell_int(fp, p->oldest);
		else
			rn_html_cell_num(fp, NAN, 0);
		if (txt_open(&y))
			why_text(w, f, p, y.f);
		rn_html_cell(fp, txt_close(&y, &oom), NULL);
		free(y.s);
		rn_html_row_end(fp);
	}
	rn_html_table_end(fp);
	return oom ? -1 : 0;
}

static int followups_section(const struct w *w)
{
	const struct rn_network *net = w->net;
	const struct rn_report *r = w->r;
	FILE *fp = w->fp;
	struct rn_followup_group *mine = NULL;
	const struct rn_followup_group *g = r->groups;
	size_t ng = r->ngroups;
	int rc = -1;
	if (!g) {
		if (rn_followup_group(net, r->fu, &mine, &ng) != RN_OK)
			return -1;
		g = mine;
	}
	size_t limit = cap(w, ng);
	size_t *which = malloc((limit + 1) * sizeof(*which));
	unsigned char *done = calloc(limit + 1, 1);
	if (!which || !done)
		goto cleanup;

	fprintf(fp, "<section id=\"followups\">\n<h2>%s</h2>\n", r->who >= 0 ? "Their follow-ups"
	        : "Follow-ups, by who should act");
	fprintf(fp, "<p>%zu %s (%zu rows of refnet followup, repeated actions counted once)",
	        ng, plural((long long) ng, "action", "actions"), r->fu->n);
	if (r->who < 0)
		fputs(", grouped by the person who should act, the most urgent first", fp);
	fputs(".</p>\n", fp);
	/* The people who act in the order of their most urgent action; actions
	 * for nobody in particular last. */
	size_t n = 0;
	for (int anyone = 0; anyone < 2; anyone++)
		for (size_t k = 0; k < limit; k++) {
			const struct rn_followup *f = &r->fu->f[g[k].first];
			if (done[k] || (f->with < 0) != anyone)
				continue;
			for (size_t j = k; j < limit; j++)
				if (!done[j] && r->fu->f[g[j].first].with == f->with)
					which[n++] = j, done[j] = 1;
		}
	if (n && followup_table(w, g, which, n, r->who < 0) < 0)
		goto cleanup;
	more_note(fp, limit, ng, "refnet followup");
	fputs("</section>\n", fp);
	rc = 0;
cleanup:
	free(which);
	free(done);
	free(mine);
	return rc;
}

/* ---- connectors and circles --------------------------------------------- */

static int stats_section(const struct w *w)
{
	const struct rn_network *net = w->net;
	const struct rn_stats *s = w->r->stats;
	FILE *fp = w->fp;
	if (!s)
		return 0;
	fputs("<section id=\"connectors\">\n<h2>Connectors and circles</h2>\n", fp);
	fputs("<p>Connectors sit on the most trusted paths between others (betweenness); "
	      "circles are groups more tied among themselves than to the rest (communities).",
	      fp);
	/* Above RN_STATS_EXACT_MAX tied contacts betweenness is sampled, as in
	 * refnet stats: the reader is told, with the numbers to redo it. */
	if (!s->betweenness_exact)
		fprintf(fp, " On a network this large betweenness is estimated from the paths of "
		        "%lld of its %lld tied contacts, picked at random with --seed, as refnet "
		        "stats does (refnet stats --exact computes it from all of them, slowly).",
		        (long long) s->sources, (long long) s->source_pool);
	fputs("</p>\n", fp);
	static const struct rn_html_col ccols[] = {
		{ "rank", "#", 1 }, { "contact", "Connector", 0 }, { "betweenness", "Betweenness", 1 },
		{ "ties", "Ties", 1 }, { "circle", "Circle", 1 }
	};
	if (s->nconnectors) {
		rn_html_table_start(fp, "connectors-table", "connectors", ccols, RN_ARRAY_LEN(ccols));
		for (size_t i = 0; i < s->nconnectors; i++) {
			igraph_integer_t v = s->connectors[i];
			rn_html_row_start(fp);
			rn_html_cell_int(fp, (long long) i + 1);
			cell_person(w, v);
			rn_html_cell_num(fp, s->betweenness[v], 1);
			rn_html_cell_int(fp, s->degree[v]);
			rn_html_cell_int(fp, s->community ? s->community[v] + 1 : 0);
			rn_html_row_end(fp);
		}
		rn_html_table_end(fp);
	}
	static const struct rn_html_col kcols[] = {
		{ "circle", "Circle", 1 }, { "size", "People", 1 }, { "members", "Most central", 0 },
		{ "offers", "Most offered", 0 }
	};
	if (s->ncommunities_listed) {
		fprintf(fp, "<p>%lld circles of two or more", (long long) s->ncommunities);
		if (!isnan(s->modularity))
			fprintf(fp, " (modularity %.3f)", s->modularity);
		fputs(".</p>\n", fp);
		rn_html_table_start(fp, "circles", "circles", kcols, RN_ARRAY_LEN(kcols));
		for (size_t i = 0; i < s->ncommunities_listed; i++) {
			const struct rn_stats_community *c = &s->communities[i];
			rn_html_row_start(fp);
			rn_html_cell_int(fp, (long long) i + 1);
			rn_html_cell_int(fp, c->size);
			fputs("<td>", fp);
			for (size_t k = 0; k < c->nmembers; k++) {
				if (k)
					fputs(", ", fp);
				person(w, c->members[k]);
			}
			fputs("</td><td>", fp);
			for (size_t k = 0; k < c->ntags; k++) {
				if (k)
					fputs(", ", fp);
				rn_html_text(fp, net->tag_text[c->tags[k].tag]);
				fprintf(fp, " (%lld)", (long long) c->tags[k].count);
			}
			fputs("</td>", fp);
			rn_html_row_end(fp);
		}
		rn_html_table_end(fp);
	}
	fputs("</section>\n", fp);
	return 0;
}

/* ---- the member page ------------------------------------------------------ */

static void totals_row(const struct w *w, const char *label, const struct rn_reciprocity *res)
{
	struct rn_recip_totals t;
	FILE *fp = w->fp;
	rn_reciprocity_totals(res, w->r->who, &t);
	rn_html_row_start(fp);
	rn_html_cell(fp, label, NULL);
	rn_html_cell_int(fp, t.given);
	rn_html_cell_num(fp, t.value_given, 2);
	rn_html_cell_int(fp, t.received);
	rn_html_cell_num(fp, t.value_received, 2);
	rn_html_cell_int(fp, t.partners);
	rn_html_row_end(fp);
}

static int scorecard_section(const struct w *w)
{
	const struct rn_report *r = w->r;
	FILE *fp = w->fp;
	char since[11], label[64];
	fputs("<section id=\"scorecard\">\n<h2>Scorecard</h2>\n", fp);
	static const struct rn_html_col cols[] = {
		{ "period", "Period", 0 }, { "given", "Given", 1 }, { "value_given", "Value given", 1 },
		{ "received", "Received", 1 }, { "value_received", "Value received", 1 },
		{ "partners", "Partners", 1 }
	};
	rn_html_table_start(fp, "scorecard-table", "scorecard", cols, RN_ARRAY_LEN(cols));
	totals_row(w, "the whole log", r->recip);
	date_text(since, r->since);
	snprintf(label, sizeof(label), "since %s", since);
	totals_row(w, label, r->window);
	rn_html_table_end(fp);

	static const struct rn_html_col pcols[] = {
		{ "partner", "Partner", 0 }, { "given", "Given", 1 }, { "received", "Received", 1 },
		{ "value_given", "Value given", 1 }, { "value_received", "Value received", 1 },
		{ "label", "Balance", 0 }
	};
	size_t n = 0;
	for (size_t i = 0; i < r->recip->npairs; i++)
		n += r->recip->pairs[i].a == r->who || r->recip->pairs[i].b == r->who;
	if (n) {
		rn_html_table_start(fp, "partners", "referral partners", pcols, RN_ARRAY_LEN(pcols));
		for (size_t i = 0; i < r->recip->npairs; i++) {
			struct rn_recip_pair p = r->recip->pairs[i];
			if (p.b == r->who)
				rn_recip_pair_flip(&p);
			else if (p.a != r->who)
				continue;
			rn_html_row_start(fp);
			cell_person(w, p.b);
			rn_html_cell_int(fp, p.given);
			rn_html_cell_int(fp, p.received);
			rn_html_cell_num(fp, p.value_given, 2);
			rn_html_cell_num(fp, p.value_received, 2);
			rn_html_cell(fp, rn_recip_label_name(p.label), NULL);
			rn_html_row_end(fp);
		}
		rn_html_table_end(fp);
	}
	fputs("</section>\n", fp);
	return 0;
}

static int routes_section(const struct w *w)
{
	const struct rn_network *net = w->net;
	const struct rn_report *r = w->r;
	FILE *fp = w->fp;
	fputs("<section id=\"routes\">\n<h2>Warmest routes to each need</h2>\n", fp);
	if (!r->nneeds)
		fputs("<p>No needs listed in contacts.csv.</p>\n", fp);
	static const struct rn_html_col cols[] = {
		{ "rank", "#", 1 }, { "provider", "Who offers it", 0 }, { "offer", "Offer", 0 },
		{ "route", "Introduced by, in order", 0 }, { "hops", "Hops", 1 }, { "score", "Score", 1 }
	};
	for (size_t k = 0; k < r->nneeds; k++) {
		const struct rn_routes *rs = r->needs[k].routes;
		fputs("<h3>Needs \xe2\x80\x98", fp);
		rn_html_text(fp, net->tag_text[r->needs[k].tag]);
		fputs("\xe2\x80\x99</h3>\n", fp);
		if (!rs || !rs->n) {
			fprintf(fp, "<p>%s</p>\n", rs && rs->providers
			        ? "Nobody offering it is within reach of a trusted route."
			        : "Nobody in the network offers it.");
			continue;
		}
		char id[32];
		snprintf(id, sizeof(id), "routes-%zu", k + 1);
		rn_html_table_start(fp, id, net->tag_text[r->needs[k].tag], cols, RN_ARRAY_LEN(cols));
		for (size_t i = 0; i < rs->n; i++) {
			const struct rn_route *rt = &rs->r[i];
			rn_html_row_start(fp);
			rn_html_cell_int(fp, (long long) i + 1);
			cell_person(w, rt->provider);
			rn_html_cell(fp, rt->offer != RN_NO_TAG ? net->tag_text[rt->offer] : "", NULL);
			fputs("<td>", fp);
			if (rt->nhops < 2)
				fputs("ask them directly", fp);
			for (size_t h = 1; h < rt->nhops; h++) {
				if (h > 1)
					fputs(" \xe2\x86\x92 ", fp);
				person(w, rt->path[h]);
			}
			fputs("</td>", fp);
			rn_html_cell_int(fp, (long long) rt->nhops);
			rn_html_cell_num(fp, rt->score, 3);
			rn_html_row_end(fp);
		}
		rn_html_table_end(fp);
	}
	fputs("</section>\n", fp);
	return 0;
}

/* ---- the diagram ---------------------------------------------------------- */

/* Graphviz's SVG without its XML prologue, comments and <title> elements
 * (their text is the internal node names; the details are in the tooltips). */
static void inline_svg(FILE *fp, const char *s, size_t n)
{
	const char *end = s + n;
	const char *p = s;
	while (p + 4 <= end && memcmp(p, "<svg", 4) != 0)
		p++;
	const char *run = p;
	while (p < end) {
		const char *lt = memchr(p, '<', (size_t) (end - p));
		if (!lt)
			break;
		const char *close = NULL;
		if (end - lt >= 4 && memcmp(lt, "<!--", 4) == 0) {
			for (const char *q = lt + 4; q + 3 <= end; q++)
				if (memcmp(q, "-->", 3) == 0) {
					close = q + 3;
					break;
				}
		} else if (end - lt >= 7 && memcmp(lt, "<title>", 7) == 0) {
			for (const char *q = lt + 7; q + 8 <= end; q++)
				if (memcmp(q, "</title>", 8) == 0) {
					close = q + 8;
					break;
				}
		}
		if (!close) {
			p = lt + 1;
			continue;
		}
		fwrite(run, 1, (size_t) (lt - run), fp);
		while (close < end && *close == '\n')
			close++;
		run = p = close;
	}
	fwrite(run, 1, (size_t) (end - run), fp);
}

static void diagram_section(const struct w *w)
{
	const struct rn_report *r = w->r;
	FILE *fp = w->fp;
	if (!r->svg)
		return;
	fputs("<section id=\"diagram\">\n<h2>The network</h2>\n<p class=\"note\">", fp);
	rn_html_text(fp, r->diagram_note);
	fputs(" Drag to move, scroll or use the buttons to zoom; point at a person or a tie "
	      "for details.</p>\n<div class=\"diagram\">\n", fp);
	inline_svg(fp, r->svg, r->svg_len);
	fputs("</div>\n</section>\n", fp);
}

/* ---- the page ------------------------------------------------------------ */

static void head(const struct w *w)
{
	const struct rn_report *r = w->r;
	FILE *fp = w->fp;
	char asof[11];
	date_text(asof, r->as_of);
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta http-equiv=\"Content-Security-Policy\" content=\"", fp);
	rn_html_attr(fp, rn_report_csp());
	fputs("\">\n<meta name=\"referrer\" content=\"no-referrer\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      "<meta name=\"generator\" content=\"refnet ", fp);
	rn_html_attr(fp, r->version);
	fputs("\">\n<title>", fp);
	if (r->who >= 0) {
		rn_html_text(fp, w->net->name[r->who]);
		fputs(" \xe2\x80\x94 ", fp);
	}
	rn_html_text(fp, r->title);
	fprintf(fp, " \xe2\x80\x94 %s</title>\n<style>", asof);
	fputs(rn_report_css, fp);
	fputs("</style>\n</head>\n<body>\n<header>\n<h1>", fp);
	if (r->who >= 0) {
		person(w, r->who);
		fputs("</h1>\n<p class=\"lead\">Member page in ", fp);
		rn_html_text(fp, r->title);
	} else {
		rn_html_text(fp, r->title);
		fputs("</h1>\n<p class=\"lead\">Referral network report", fp);
	}
	fprintf(fp, ", as of %s; the window is ", asof);
	html_date(fp, r->since);
	fprintf(fp, " to %s. %lld contacts, %lld ties, %lld log rows.</p>\n</header>\n",
	        asof, (long long) w->net->ncontacts, (long long) w->net->nties,
	        (long long) w->net->nevents);
}

static void nav(const struct w *w)
{
	FILE *fp = w->fp;
	fputs("<nav aria-label=\"Sections\"><ol>", fp);
	if (w->r->who >= 0)
		fputs("<li><a href=\"#scorecard\">Scorecard</a></li>"
		      "<li><a href=\"#routes\">Warmest routes to each need</a></li>"
		      "<li><a href=\"#followups\">Follow-ups</a></li>", fp);
	else {
		fputs("<li><a href=\"#window\">Since the last meeting</a></li>"
		      "<li><a href=\"#quiet\">Gave nothing</a></li>"
		      "<li><a href=\"#put-together\">Whom to put together</a></li>"
		      "<li><a href=\"#partnerships\">One-way and strained</a></li>"
		      "<li><a href=\"#followups\">Follow-ups</a></li>", fp);
		if (w->r->stats)
			fputs("<li><a href=\"#connectors\">Connectors and circles</a></li>", fp);
	}
	if (w->r->svg)
		fputs("<li><a href=\"#diagram\">The network</a></li>", fp);
	fputs("</ol></nav>\n<main>\n", fp);
}

int rn_report_write(FILE *fp, const struct rn_report *r)
{
	struct w w = { fp, r, r->net };
	head(&w);
	nav(&w);
	if (r->who >= 0) {
		if (scorecard_section(&w) < 0 || routes_section(&w) < 0 ||
		    followups_section(&w) < 0)
			return -1;
	} else {
		if (window_section(&w) < 0 || quiet_section(&w) < 0 || matches_section(&w) < 0 ||
		    partnerships_section(&w) < 0 || followups_section(&w) < 0 ||
		    stats_section(&w) < 0)
			return -1;
	}
	diagram_section(&w);
	char asof[11];
	date_text(asof, r->as_of);
	fputs("</main>\n<footer><p>Made by refnet ", fp);
	rn_html_text(fp, r->version);
	fprintf(fp, " as of %s. This file needs no network connection and sends nothing "
	        "anywhere.</p></footer>\n<script>", asof);
	fputs(rn_report_js, fp);
	fputs("</script>\n</body>\n</html>\n", fp);
	return ferror(fp) ? -1 : 0;
}

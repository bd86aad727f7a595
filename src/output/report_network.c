/*
 * The sections of the network page (report_internal.h): what happened in
 * the window, the members who gave nothing in it, whom to put together,
 * one-way and strained partnerships, connectors and circles.
 */
#include <math.h>
#include <stdlib.h>
#include <strings.h>

#include "report_internal.h"

static void money(FILE *fp, double v)
{
	char buf[64];
	fputs(rn_html_number(buf, sizeof(buf), v, fabs(v - round(v)) < 0.005 ? 0 : 2), fp);
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

int rn_report_window_section(const struct w *w)
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

int rn_report_quiet_section(const struct w *w)
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

int rn_report_matches_section(const struct w *w)
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

int rn_report_partnerships_section(const struct w *w)
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

/* ---- connectors and circles --------------------------------------------- */

int rn_report_stats_section(const struct w *w)
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

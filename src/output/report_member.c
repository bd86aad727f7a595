/*
 * The sections of the member page (report_internal.h): the member's
 * scorecard and referral partners, and the warmest routes to each need.
 */
#include "report_internal.h"

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

int rn_report_scorecard_section(const struct w *w)
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

int rn_report_routes_section(const struct w *w)
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

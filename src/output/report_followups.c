/*
 * The follow-ups section of both pages (report_internal.h): repeated
 * actions once, grouped by the person who should act, each with its
 * action and the evidence for it in words.
 */
#include <math.h>
#include <stdlib.h>

#include "report_internal.h"

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

int rn_report_followups_section(const struct w *w)
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

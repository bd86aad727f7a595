/*
 * refnet followup: what to do next about each relationship, and why.
 *
 * One row per action, most urgent first: thank for a referral, stop asking
 * before giving, call a stale tie, keep touching a prospect, place a
 * neglected contact.  The rules and the urgency order are in
 * src/analysis/followup.c (include/refnet/followup.h); this file parses the
 * thresholds and turns each row into an action and its evidence.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "health.h"
#include "refnet/rowout.h"
#include "refnet/date.h"
#include "refnet/followup.h"

static const char usage[] =
	"usage: refnet followup [NETWORK_DIR] [--for ID] [OPTIONS]\n"
	"\n"
	"What to do next, one row per action with the reason and the evidence,\n"
	"most urgent first:\n"
	"  unthanked  a referral received with no thanks or gift back within\n"
	"             --thanks-within days (a late thank-you ranks low)\n"
	"  strained   --strain-asks or more asks and pitches to someone in the last\n"
	"             --strain-window days, and no referral, intro, thanks or gift\n"
	"             to them in that time: don't ask again before giving\n"
	"  stale      a tie with no interaction (its last_contact or any log row\n"
	"             between the two) for more than --stale-after days; the side\n"
	"             closer to the group acts (partner, customer, prospect,\n"
	"             suspect; equal stages: the first id in byte order)\n"
	"  nurture    a prospect with fewer than --touches touches and meetings\n"
	"  neglected  a contact with no tie and no log row (without --for only)\n"
	"With --for ID only that contact's relationships, and every row is an\n"
	"action for them.  Log rows dated after --as-of are ignored.  The text\n"
	"names who acts and whom (name and id), counts repeated actions once\n"
	"(\"thank Ben Hartley for 5 referrals, oldest 349 days\") and puts the\n"
	"evidence on a second line; csv/tsv/json keep one row per rule hit.  See\n"
	"docs/health.md for the exact rules and the urgency order.\n"
	"\n"
	"options:\n"
	"  --for ID             one contact's follow-ups\n"
	"  --stale-after DAYS   stale after more than DAYS days (default 90)\n"
	"  --thanks-within DAYS days allowed for a thank-you (default 14)\n"
	"  --strain-window DAYS the window for asks and giving back (default 90)\n"
	"  --strain-asks N      asks and pitches that make a strain (default 2)\n"
	"  --touches N          touches a prospect needs (default 7)\n"
	"  --top N              only the N most urgent actions (default 0: all); text\n"
	"                       counts a repeated action once, csv/tsv/json count rows\n"
	"  --since DATE         only what arose on or after DATE: referrals, asks and\n"
	"                       ties that went stale since then (see docs/health.md)\n"
	"  --width N            wrap text at N columns (default: the terminal's width\n"
	"                       on a terminal, no wrapping otherwise; 0: never)\n"
	"  --as-of DATE         the day counted as today (default: today)\n"
	"  --format text|csv|tsv|json, -o FILE, -q, -v, --contacts/--ties/--log FILE\n"
	"\n"
	"csv/tsv/json columns: contact, with (who acts; empty for nurture and\n"
	"neglected without --for), reason, days, action, rank, priority, date, why.\n"
	"\n"
	"examples:\n"
	"  refnet followup datasets/sample --as-of 2026-11-01\n"
	"  refnet followup datasets/sample --for kevin-doyle --format csv\n";

enum { OPT_FOR = 1400, OPT_STALE_AFTER, OPT_THANKS_WITHIN, OPT_STRAIN_WINDOW,
       OPT_STRAIN_ASKS, OPT_TOUCHES, OPT_TOP, OPT_SINCE };

static const struct option options[] = {
	{ "for", required_argument, NULL, OPT_FOR },
	{ "stale-after", required_argument, NULL, OPT_STALE_AFTER },
	{ "thanks-within", required_argument, NULL, OPT_THANKS_WITHIN },
	{ "strain-window", required_argument, NULL, OPT_STRAIN_WINDOW },
	{ "strain-asks", required_argument, NULL, OPT_STRAIN_ASKS },
	{ "touches", required_argument, NULL, OPT_TOUCHES },
	{ "top", required_argument, NULL, OPT_TOP },
	RN_WIDTH_OPTION,
	{ "since", required_argument, NULL, OPT_SINCE },
	{ NULL, 0, NULL, 0 }
};

struct ctx {
	struct rn_followup_options opt;
	const char *for_id;
	int top;                      /* rows shown, 0 for all */
	int since;                    /* --since, or RN_NO_DATE */
};

static int followup_option(const struct rn_cli *cli, void *vctx, int code, const char *arg)
{
	struct ctx *c = vctx;
	switch (code) {
	case OPT_FOR: c->for_id = arg; return 0;
	case OPT_STALE_AFTER:
		return rn_opt_int(cli, "--stale-after", arg, 0, 100000, &c->opt.stale_after);
	case OPT_THANKS_WITHIN:
		return rn_opt_int(cli, "--thanks-within", arg, 0, 100000, &c->opt.thanks_within);
	case OPT_STRAIN_WINDOW:
		return rn_opt_int(cli, "--strain-window", arg, 0, 100000, &c->opt.strain_window);
	case OPT_STRAIN_ASKS:
		return rn_opt_int(cli, "--strain-asks", arg, 1, 1000000, &c->opt.strain_asks);
	case OPT_TOUCHES:
		return rn_opt_int(cli, "--touches", arg, 1, 1000000, &c->opt.touches);
	case OPT_TOP:
		return rn_opt_int(cli, "--top", arg, 0, 1000000000, &c->top);
	case OPT_SINCE:
		return rn_opt_date(cli, "--since", arg, &c->since);
	}
	return RN_E_USAGE;
}

struct out {
	const struct rn_cli *cli;
	const struct rn_network *net;
	const struct rn_followup_options *opt;
	const struct rn_followups *fu;
	igraph_integer_t who;
	struct cells *scratch;        /* while writing rows */
	int text;
	size_t shown;                 /* rows written: all, or the --top first */
	size_t top;                   /* text: actions shown, 0 for all */
	size_t width;                 /* text: wrap at this many columns, 0: do not */
};

/* The action, ids only: "call or send a card to walt-pruitt". */
static void action_text(const struct out *o, const struct rn_followup *f, struct rn_sb *b)
{
	const char *id = o->net->id[f->contact];
	switch (f->reason) {
	case RN_FU_STALE:
		RN_HEALTH_LIT(b, "call or send a card to ");
		rn_sb_puts(b, id);
		break;
	case RN_FU_UNTHANKED:
		RN_HEALTH_LIT(b, "thank ");
		rn_sb_puts(b, id);
		if (f->u.unthanked.late != RN_NO_DATE) {
			RN_HEALTH_LIT(b, " sooner next time");
		} else {
			RN_HEALTH_LIT(b, " for the referral of ");
			rn_health_put_date(b, f->date);
		}
		break;
	case RN_FU_STRAINED:
		RN_HEALTH_LIT(b, "don't ask ");
		rn_sb_puts(b, id);
		RN_HEALTH_LIT(b, " again before giving");
		break;
	case RN_FU_NURTURE:
		RN_HEALTH_LIT(b, "keep in touch with ");
		rn_sb_puts(b, id);
		RN_HEALTH_LIT(b, " (");
		rn_health_put_int(b, f->u.nurture.touches + f->u.nurture.meetings);
		RN_HEALTH_LIT(b, " of ");
		rn_health_put_int(b, o->opt->touches);
		RN_HEALTH_LIT(b, " touches)");
		break;
	case RN_FU_NEGLECTED:
		RN_HEALTH_LIT(b, "introduce ");
		rn_sb_puts(b, id);
		RN_HEALTH_LIT(b, " to someone, or remove them");
		break;
	}
}

/* "N thing" / "N things" with the plural ending given. */
static void count(struct rn_sb *b, long long n, const char *one, const char *many)
{
	rn_health_put_int(b, n);
	rn_sb_puts(b, n == 1 ? one : many);
}

/* The evidence: the counts and dates behind the row. */
static void why_text(const struct out *o, const struct rn_followup *f, struct rn_sb *b)
{
	const struct rn_network *net = o->net;
	switch (f->reason) {
	case RN_FU_STALE:
		RN_HEALTH_LIT(b, "last contact ");
		rn_health_put_date(b, f->date);
		rn_sb_puts(b, f->u.stale.from_log ? " (latest log row), "
		                                 : " (last_contact in ties.csv), ");
		rn_health_put_days(b, f->days);
		RN_HEALTH_LIT(b, " ago, more than ");
		rn_health_put_int(b, o->opt->stale_after);
		RN_HEALTH_LIT(b, "; strength ");
		rn_health_put_fixed(b, net->strength[f->u.stale.tie], 2);
		break;
	case RN_FU_UNTHANKED: {
		const char *about = net->ev_about[f->u.unthanked.event];
		double value = net->ev_value[f->u.unthanked.event];
		RN_HEALTH_LIT(b, "referral");
		if (about) {
			RN_HEALTH_LIT(b, " '");
			rn_health_put_text(b, about, 120);
			RN_HEALTH_LIT(b, "'");
		}
		if (!isnan(value)) {
			RN_HEALTH_LIT(b, " (value ");
			rn_health_put_fixed(b, value, 2);
			RN_HEALTH_LIT(b, ")");
		}
		RN_HEALTH_LIT(b, " of ");
		rn_health_put_date(b, f->date);
		if (f->u.unthanked.late != RN_NO_DATE) {
			RN_HEALTH_LIT(b, ": first ");
			rn_sb_puts(b, rn_kind_name((enum rn_kind) f->u.unthanked.late_kind));
			RN_HEALTH_LIT(b, " back on ");
			rn_health_put_date(b, f->u.unthanked.late);
			RN_HEALTH_LIT(b, ", ");
			rn_health_put_days(b, f->u.unthanked.late - f->date);
			RN_HEALTH_LIT(b, " after (more than ");
			rn_health_put_int(b, o->opt->thanks_within);
			RN_HEALTH_LIT(b, ")");
		} else {
			RN_HEALTH_LIT(b, ", ");
			rn_health_put_days(b, f->days);
			RN_HEALTH_LIT(b, " ago: no thanks or gift back (");
			rn_health_put_days(b, o->opt->thanks_within);
			RN_HEALTH_LIT(b, " allowed)");
		}
		break;
	}
	case RN_FU_STRAINED:
		count(b, f->u.strained.asks, " ask", " asks");
		RN_HEALTH_LIT(b, " and ");
		count(b, f->u.strained.pitches, " pitch", " pitches");
		RN_HEALTH_LIT(b, " in the last ");
		rn_health_put_days(b, o->opt->strain_window);
		RN_HEALTH_LIT(b, " (");
		rn_health_put_date(b, f->u.strained.first_ask);
		RN_HEALTH_LIT(b, " to ");
		rn_health_put_date(b, f->u.strained.last_ask);
		RN_HEALTH_LIT(b, "); ");
		if (f->date == RN_NO_DATE) {
			RN_HEALTH_LIT(b, "never gave anything back");
		} else {
			RN_HEALTH_LIT(b, "last gave a ");
			rn_sb_puts(b, rn_kind_name((enum rn_kind) f->u.strained.given_kind));
			RN_HEALTH_LIT(b, " on ");
			rn_health_put_date(b, f->date);
			RN_HEALTH_LIT(b, ", ");
			rn_health_put_days(b, f->days);
			RN_HEALTH_LIT(b, " ago");
		}
		break;
	case RN_FU_NURTURE:
		if (f->date == RN_NO_DATE) {
			RN_HEALTH_LIT(b, "prospect with no touch or meeting logged");
		} else {
			RN_HEALTH_LIT(b, "prospect: ");
			count(b, f->u.nurture.touches, " touch", " touches");
			RN_HEALTH_LIT(b, " and ");
			count(b, f->u.nurture.meetings, " meeting", " meetings");
			RN_HEALTH_LIT(b, ", last ");
			rn_health_put_date(b, f->date);
		}
		RN_HEALTH_LIT(b, "; it takes ");
		rn_health_put_int(b, o->opt->touches);
		break;
	case RN_FU_NEGLECTED:
		RN_HEALTH_LIT(b, "no tie and no log row");
		break;
	}
}

static const struct rn_rowout_col columns[] = {
	{ "contact", 0 }, { "with", 0 }, { "reason", 0 }, { "days", 1 }, { "action", 0 },
	{ "rank", 1 }, { "priority", 1 }, { "date", 0 }, { "why", 0 }
};
/* Text: rank first, no priority or date (why has it), no with under --for. */
static const struct rn_rowout_col text_all[] = {
	{ "rank", 1 }, { "contact", 0 }, { "with", 0 }, { "reason", 0 }, { "days", 1 },
	{ "action", 0 }, { "why", 0 }
};
static const struct rn_rowout_col text_for[] = {
	{ "rank", 1 }, { "contact", 0 }, { "reason", 0 }, { "days", 1 }, { "action", 0 },
	{ "why", 0 }
};

/* Scratch space for one row's cells. */
struct cells {
	char rank[24], days[24], priority[8], date[12];
	char action[1024], why[1024];
};

static int followup_row(void *vo, size_t i, int all, const char **cell)
{
	const struct out *o = vo;
	const struct rn_network *net = o->net;
	const struct rn_followup *f = &o->fu->f[i];
	struct cells *c = o->scratch;
	struct rn_sb b;
	rn_sb_init_fixed(&b, c->action, sizeof(c->action));
	action_text(o, f, &b);
	c->why[0] = '\0';
	if (all) {   /* why is the last column: not needed for the text widths */
		rn_sb_init_fixed(&b, c->why, sizeof(c->why));
		why_text(o, f, &b);
	}
	rn_sb_init_fixed(&b, c->rank, sizeof(c->rank));
	rn_health_put_int(&b, (long long) i + 1);
	const char *days = NULL;
	if (f->days >= 0) {
		rn_sb_init_fixed(&b, c->days, sizeof(c->days));
		rn_health_put_int(&b, f->days);
		days = c->days;
	}
	const char *with = f->with >= 0 ? net->id[f->with] : "";
	size_t k = 0;
	if (o->text) {
		cell[k++] = c->rank;
		cell[k++] = net->id[f->contact];
		if (o->who < 0)
			cell[k++] = with;
		cell[k++] = rn_fu_reason_name((enum rn_fu_reason) f->reason);
		cell[k++] = days;
		cell[k++] = c->action;
		cell[k++] = c->why;
		return 0;
	}
	rn_sb_init_fixed(&b, c->priority, sizeof(c->priority));
	rn_health_put_int(&b, f->priority);
	cell[0] = net->id[f->contact];
	cell[1] = with;
	cell[2] = rn_fu_reason_name((enum rn_fu_reason) f->reason);
	cell[3] = days;
	cell[4] = c->action;
	cell[5] = c->rank;
	cell[6] = c->priority;
	cell[7] = NULL;
	if (f->date != RN_NO_DATE) {
		rn_sb_init_fixed(&b, c->date, sizeof(c->date));
		rn_health_put_date(&b, f->date);
		cell[7] = c->date;
	}
	cell[8] = c->why;
	return 0;
}

static int write_followups(struct out *o, FILE *fp, enum rn_format f)
{
	/* One copy of the context, with its own scratch space, per thread. */
	struct cells scratch[RN_THREADS_MAX];
	struct out copy[RN_THREADS_MAX];
	void *ctx[RN_THREADS_MAX];
	int threads = rn_threads();
	o->text = f == RN_FMT_TEXT;
	for (int t = 0; t < threads; t++) {
		copy[t] = *o;
		copy[t].scratch = &scratch[t];
		ctx[t] = &copy[t];
	}
	const struct rn_rowout_col *cols = !o->text ? columns : o->who >= 0 ? text_for : text_all;
	size_t ncols = !o->text ? RN_ARRAY_LEN(columns)
	               : o->who >= 0 ? RN_ARRAY_LEN(text_for) : RN_ARRAY_LEN(text_all);
	return rn_rowout_write_threads(fp, f, cols, ncols, o->shown, followup_row, ctx, threads);
}


/* The action of a group of repeated rows, with names: "thank Ben Hartley
 * (ben-hartley) for 5 referrals, oldest 349 days". */
static void group_action(const struct out *o, const struct rn_followup *f,
                         const struct rn_followup_group *g, FILE *t)
{
	const struct rn_network *net = o->net;
	char d[11];
	switch (f->reason) {
	case RN_FU_STALE:
		fputs("call or send a card to ", t);
		rn_health_person(t, net, f->contact);
		break;
	case RN_FU_UNTHANKED:
		fputs("thank ", t);
		rn_health_person(t, net, f->contact);
		if (f->u.unthanked.late != RN_NO_DATE)
			fprintf(t, " sooner next time%s", g->n > 1 ? " (several late)" : "");
		else if (g->n > 1)
			fprintf(t, " for %zu referrals, oldest %d days", g->n, g->oldest);
		else
			fprintf(t, " for the referral of %s", rn_health_date_text(f->date, d));
		break;
	case RN_FU_STRAINED:
		fputs("don't ask ", t);
		rn_health_person(t, net, f->contact);
		fputs(" again before giving", t);
		break;
	case RN_FU_NURTURE:
		fputs("keep in touch with ", t);
		rn_health_person(t, net, f->contact);
		fprintf(t, " (%d of %d touches)", f->u.nurture.touches + f->u.nurture.meetings,
		        o->opt->touches);
		break;
	case RN_FU_NEGLECTED:
		fputs("introduce ", t);
		rn_health_person(t, net, f->contact);
		fputs(" to someone, or remove them", t);
		break;
	}
}

/* The evidence of a group: a single row's why, or the repeated referrals'. */
static void group_why(const struct out *o, const struct rn_followup *f,
                      const struct rn_followup_group *g, FILE *t)
{
	if (g->n > 1 && f->reason == RN_FU_UNTHANKED) {
		char d1[11], d2[11];
		fprintf(t, "%zu referrals from %s to %s", g->n,
		        rn_health_date_text(o->cli->as_of - g->oldest, d1),
		        rn_health_date_text(o->cli->as_of - g->newest, d2));
		if (g->valued)
			fprintf(t, " (value %.2f)", g->value);
		if (f->u.unthanked.late != RN_NO_DATE)
			fprintf(t, ": each thanked more than %d days after", o->opt->thanks_within);
		else
			fprintf(t, ": no thanks or gift back (%d days allowed)", o->opt->thanks_within);
		return;
	}
	char buf[1024];
	struct rn_sb b;
	rn_sb_init_fixed(&b, buf, sizeof(buf));
	why_text(o, f, &b);
	fputs(rn_cli_shown(buf), t);   /* the referral's 'about' is input text */
}

static int write_text(void *vo, FILE *fp)
{
	struct out *o = vo;
	const struct rn_followups *fu = o->fu;
	static const enum rn_fu_reason order[] = {
		RN_FU_UNTHANKED, RN_FU_STRAINED, RN_FU_STALE, RN_FU_NURTURE, RN_FU_NEGLECTED
	};
	char a[11];
	char *head = NULL;
	size_t headlen = 0;
	FILE *h = open_memstream(&head, &headlen);
	if (!h)
		return -1;
	rn_date_format(o->cli->as_of, a);
	if (o->who >= 0) {
		fputs("Follow-ups for ", h);
		rn_health_person(h, o->net, o->who);
		fprintf(h, " as of %s: ", a);
	} else {
		fprintf(h, "Follow-ups for the network as of %s: ", a);
	}
	struct rn_followup_group *g = NULL;
	size_t ng = 0;
	if (!fu->n) {
		fputs("nothing to do", h);
	} else {
		if (rn_followup_group(o->net, fu, &g, &ng) != RN_OK) {
			fclose(h);
			free(head);
			return -1;
		}
		fprintf(h, "%zu action%s from %zu row%s (", ng, ng == 1 ? "" : "s", fu->n,
		        fu->n == 1 ? "" : "s");
		const char *sep = "";
		for (size_t i = 0; i < RN_ARRAY_LEN(order); i++) {
			size_t k = fu->count[order[i]];
			if (!k)
				continue;
			fprintf(h, "%s%zu %s", sep, k, rn_fu_reason_name(order[i]));
			if (order[i] == RN_FU_UNTHANKED && fu->late)
				fprintf(h, ", %zu of them thanked late", fu->late);
			sep = ", ";
		}
		fputs(")", h);
	}
	if (fclose(h) != 0) {
		free(head);
		free(g);
		return -1;
	}
	rn_text_wrap(fp, head, 0, 2, o->width);
	fputc('\n', fp);
	free(head);
	size_t shown = o->top > 0 && o->top < ng ? o->top : ng;
	int rc = 0;
	for (size_t i = 0; i < shown && rc == 0; i++) {
		const struct rn_followup *f = &fu->f[g[i].first];
		char *text = NULL;
		size_t len = 0;
		FILE *t = open_memstream(&text, &len);
		if (!t) {
			rc = -1;
			break;
		}
		if (o->who < 0) {
			if (f->with >= 0)
				rn_health_person(t, o->net, f->with);
			else
				fputs("anyone", t);
			fputs(": ", t);
		}
		group_action(o, f, &g[i], t);
		if (fclose(t) != 0) {
			free(text);
			rc = -1;
			break;
		}
		int col = fprintf(fp, "%4zu. ", i + 1);
		rn_text_wrap(fp, text, (size_t) col, 6, o->width);
		free(text);
		text = NULL;
		t = open_memstream(&text, &len);
		if (!t) {
			rc = -1;
			break;
		}
		fprintf(t, "%s", rn_fu_reason_name((enum rn_fu_reason) f->reason));
		if (g[i].oldest >= 0)
			fprintf(t, ", %d day%s", g[i].oldest, g[i].oldest == 1 ? "" : "s");
		fputs(": ", t);
		group_why(o, f, &g[i], t);
		if (fclose(t) != 0) {
			free(text);
			rc = -1;
			break;
		}
		fputs("\n      ", fp);
		rn_text_wrap(fp, text, 6, 6, o->width);
		fputc('\n', fp);
		free(text);
	}
	if (rc == 0 && shown < ng)
		fprintf(fp, "(%zu of %zu actions shown; --top N for more, --top 0 for all)\n",
		        shown, ng);
	free(g);
	return rc < 0 || ferror(fp) ? -1 : 0;
}

static int write_rows(void *vo, FILE *fp)
{
	struct out *o = vo;
	return write_followups(o, fp, o->cli->format);
}

static int followup_run(int argc, char **argv)
{
	struct rn_cli cli;
	struct ctx c = { .since = RN_NO_DATE };
	rn_followup_options_default(&c.opt);
	int st = rn_cli_parse(&cli, &rn_followup_command, argc, argv, &c);
	if (st != RN_OK || cli.help)
		return st;
	if (rn_cli_check_since(&cli, c.since) != RN_OK)
		return RN_E_USAGE;

	struct rn_network net;
	st = rn_cli_load(&cli, &net, NULL);
	if (st != RN_OK)
		return st;

	struct rn_followups fu = { 0 };
	struct out o = { .cli = &cli, .net = &net, .opt = &c.opt, .fu = &fu, .who = -1 };
	if (c.for_id && (o.who = rn_health_contact(&cli, &net, "--for", c.for_id)) < 0) {
		st = RN_E_USAGE;
		goto cleanup;
	}
	double t0 = rn_health_now(), c0 = rn_health_cpu();
	st = rn_followup_compute(&net, &c.opt, cli.as_of, o.who, &fu);
	if (st != RN_OK) {
		rn_cli_error(&cli, st, "out of memory");
		goto cleanup;
	}
	if (c.since != RN_NO_DATE)
		rn_followup_since(&fu, &c.opt, c.since);
	o.shown = c.top > 0 && (size_t) c.top < fu.n ? (size_t) c.top : fu.n;
	o.top = (size_t) c.top;
	o.width = rn_cli_text_width(&cli);
	double t1 = rn_health_now(), c1 = rn_health_cpu();
	st = rn_cli_write(&cli, cli.format == RN_FMT_TEXT ? write_text : write_rows, &o);
	if (cli.verbose)
		fprintf(stderr, "refnet followup: %zu rows computed in %.3f s (cpu %.3f), written in %.3f s (cpu %.3f)\n",
		        fu.n, t1 - t0, c1 - c0, rn_health_now() - t1, rn_health_cpu() - c1);
cleanup:
	rn_followups_release(&fu);
	rn_network_release(&net);
	return st;
}

const struct rn_command rn_followup_command = {
	.name = "followup",
	.summary = "what to do next: thank, give before asking, call, nurture",
	.usage = usage,
	.run = followup_run,
	.opts = options,
	.option = followup_option,
	.formats = RN_FMT_ROWS,
};

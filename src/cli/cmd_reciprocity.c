/*
 * refnet reciprocity: is each referral partnership two-way?
 *
 * Per pair: referrals given and received (count and value), the recency-
 * weighted balance and index, a label and the evidence; --for ID turns the
 * list into one contact's scorecard with their totals; the network-wide
 * numbers (top givers and takers, the share of mutual referral
 * relationships) follow the text table, or come alone with --summary (text,
 * or one JSON object).  The scoring is src/analysis/reciprocity.c; this
 * file parses options, orients and prints.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "health.h"
#include "refnet/rowout.h"
#include "refnet/date.h"
#include "refnet/json.h"
#include "refnet/reciprocity.h"

static const char usage[] =
	"usage: refnet reciprocity [NETWORK_DIR] [--for ID] [OPTIONS]\n"
	"\n"
	"Is each referral partnership two-way?  For every pair of contacts with a\n"
	"referral between them: referrals given a->b and received b->a (count and\n"
	"summed value), a balance in [-1, 1] and an index in [0, 1] over\n"
	"recency-weighted counts (a referral's weight halves every --half-life\n"
	"days), and a label: dormant (no referral either way in the last --window\n"
	"days), one-way, balanced (|balance| <= --tolerance), gives more or\n"
	"receives more.  Without --for, a is the partner who gave more (ties by id)\n"
	"and the text output ends with the network-wide numbers: top givers and\n"
	"takers, and the share of referral relationships a->b that are returned\n"
	"(igraph reciprocity).  With --for, a is that contact and the text ends\n"
	"with their totals.  A referral whose status is lost counts, but its value\n"
	"does not (lost business is not value given); open and lost ones are also\n"
	"counted apart.  The text names both sides (name and id), one entry per\n"
	"pair with its numbers on a second line.  See docs/health.md.\n"
	"\n"
	"options:\n"
	"  --for ID            one contact's scorecard: a row per partner, and totals\n"
	"  --since DATE        count only referrals dated DATE or later; the text\n"
	"                      also lists the members (partners) who gave nothing\n"
	"  --window DAYS       dormant: no referral in the last DAYS days (default 180)\n"
	"  --half-life DAYS    a referral's weight halves every DAYS days (default 180,\n"
	"                      as for a tie's strength in intro and match)\n"
	"  --tolerance X       balanced when |balance| <= X (default 0.25)\n"
	"  --top N             at most N rows in each list: the pairs (default all)\n"
	"                      and the summary's givers and takers (default 5);\n"
	"                      0 for all\n"
	RN_WIDTH_USAGE
	"  --summary           only the network-wide numbers (or, with --for, the\n"
	"                      totals): text, or one JSON object with --format json\n"
	RN_ROWS_USAGE
	"\n"
	"csv/tsv/json columns (json: a top-level array of objects with these keys):\n"
	"a, b, given, received, value_given, value_received, balance, index, label,\n"
	"weighted_given, weighted_received, value_balance, last_given, last_received,\n"
	"why.\n"
	"\n"
	"examples:\n"
	"  refnet reciprocity datasets/sample --as-of 2026-11-01\n"
	"  refnet reciprocity datasets/sample --for dana-wu --format csv\n"
	"  refnet reciprocity datasets/sample --summary --format json\n";

enum { OPT_FOR = 1300, OPT_SINCE, OPT_WINDOW, OPT_HALF_LIFE, OPT_TOLERANCE, OPT_TOP,
       OPT_SUMMARY };

static const struct option options[] = {
	{ "for", required_argument, NULL, OPT_FOR },
	{ "since", required_argument, NULL, OPT_SINCE },
	{ "window", required_argument, NULL, OPT_WINDOW },
	{ "half-life", required_argument, NULL, OPT_HALF_LIFE },
	{ "tolerance", required_argument, NULL, OPT_TOLERANCE },
	{ "top", required_argument, NULL, OPT_TOP },
	{ "summary", no_argument, NULL, OPT_SUMMARY },
	RN_WIDTH_OPTION,
	{ NULL, 0, NULL, 0 }
};

struct ctx {
	struct rn_reciprocity_options opt;
	const char *for_id;
	int top;                          /* rows of each list; 0 for all */
	int top_given;                    /* without it, every pair and 5 givers */
	int summary;
};

static int reciprocity_option(const struct rn_cli *cli, void *vctx, int code, const char *arg)
{
	struct ctx *c = vctx;
	switch (code) {
	case OPT_FOR: c->for_id = arg; return 0;
	case OPT_SINCE:
		return rn_opt_date(cli, "--since", arg, &c->opt.since);
	case OPT_WINDOW:
		return rn_opt_int(cli, "--window", arg, 0, 100000, &c->opt.window);
	case OPT_HALF_LIFE:
		return rn_opt_number(cli, "--half-life", arg, 1, 1e6, NULL, &c->opt.half_life);
	case OPT_TOLERANCE:
		return rn_opt_number(cli, "--tolerance", arg, 0, 0.99, NULL, &c->opt.tolerance);
	case OPT_TOP:
		c->top_given = 1;
		return rn_opt_int(cli, "--top", arg, 0, 1000000000, &c->top);
	case OPT_SUMMARY:
		c->summary = 1;
		return 0;
	}
	return RN_E_USAGE;
}

/* ---- rows ---------------------------------------------------------------- */

struct out {
	const struct rn_cli *cli;
	const struct rn_network *net;
	const struct rn_reciprocity *res;
	const struct ctx *c;
	igraph_integer_t who;             /* --for, or -1 */
	struct rn_recip_pair *rows;       /* --for: that contact's pairs, a == who */
	const struct rn_recip_pair *list; /* the rows to print */
	size_t n;
	size_t shown;                     /* the first rows written (--top) */
	size_t width;                     /* text: wrap at this many columns, 0: do not */
	unsigned char *ever;              /* --since: gave or received a referral before */
	igraph_integer_t *givers, *takers;
	size_t ngivers, ntakers;
	struct cells *scratch;            /* while writing rows */
	int text;
};

static int later(int x, int y)
{
	return x == RN_NO_DATE ? y : y == RN_NO_DATE || x > y ? x : y;
}

/* The label the values alone would get (for the "by value" note). */
/* "weighted 2.22 vs 1.87; last referral 2026-09-11, 51 days ago" and notes. */
static void why_text(const struct out *o, const struct rn_recip_pair *p, struct rn_sb *b)
{
	int last = later(p->last_given, p->last_received);
	RN_HEALTH_LIT(b, "weighted ");
	rn_health_put_fixed(b, p->w_given, 2);
	RN_HEALTH_LIT(b, " vs ");
	rn_health_put_fixed(b, p->w_received, 2);
	RN_HEALTH_LIT(b, "; last referral ");
	rn_health_put_date(b, last);
	RN_HEALTH_LIT(b, ", ");
	rn_health_put_days(b, o->res->as_of - last);
	RN_HEALTH_LIT(b, " ago");
	if (p->label == RN_RECIP_DORMANT) {
		RN_HEALTH_LIT(b, " (none in the last ");
		rn_health_put_days(b, o->res->opt.window);
		RN_HEALTH_LIT(b, ")");
	} else if (p->label != RN_RECIP_ONE_WAY && !isnan(p->value_balance)) {
		enum rn_recip_label vl = rn_recip_value_label(p, o->res->opt.tolerance);
		if (vl != p->label) {
			RN_HEALTH_LIT(b, "; by value: ");
			rn_sb_puts(b, rn_recip_label_name(vl));
			RN_HEALTH_LIT(b, " (");
			rn_health_put_fixed(b, p->value_balance, 3);
			RN_HEALTH_LIT(b, ")");
		}
	}
}

static const struct rn_rowout_col columns[] = {
	{ "a", 0 }, { "b", 0 }, { "given", 1 }, { "received", 1 }, { "value_given", 1 },
	{ "value_received", 1 }, { "balance", 1 }, { "index", 1 }, { "label", 0 },
	{ "weighted_given", 1 }, { "weighted_received", 1 }, { "value_balance", 1 },
	{ "last_given", 0 }, { "last_received", 0 }, { "why", 0 }
};
/* Text: the first nine, then why. */
static const struct rn_rowout_col text_columns[] = {
	{ "a", 0 }, { "b", 0 }, { "given", 1 }, { "received", 1 }, { "value_given", 1 },
	{ "value_received", 1 }, { "balance", 1 }, { "index", 1 }, { "label", 0 }, { "why", 0 }
};

/* Scratch space for one row's cells. */
struct cells {
	char num[12][48];
	char d1[12], d2[12];
	char why[1024];
};

/* A number cell through the string builder. */
static const char *num(char *buf, size_t n, double v, int decimals)
{
	struct rn_sb b;
	rn_sb_init_fixed(&b, buf, n);
	rn_health_put_fixed(&b, v, decimals);
	return buf;
}

static const char *date(char *buf, size_t n, int d)
{
	struct rn_sb b;
	if (d == RN_NO_DATE)
		return NULL;
	rn_sb_init_fixed(&b, buf, n);
	rn_health_put_date(&b, d);
	return buf;
}

static int pair_row(void *vo, size_t i, int all, const char **cell)
{
	struct out *o = vo;
	const struct rn_network *net = o->net;
	const struct rn_recip_pair *p = &o->list[i];
	struct cells *c = o->scratch;
	struct rn_sb b;
	c->why[0] = '\0';
	if (all || !o->text) {   /* why is the text's last column */
		rn_sb_init_fixed(&b, c->why, sizeof(c->why));
		why_text(o, p, &b);
	}
	cell[0] = net->id[p->a];
	cell[1] = net->id[p->b];
	rn_sb_init_fixed(&b, c->num[0], sizeof(c->num[0]));
	rn_health_put_int(&b, p->given);
	rn_sb_init_fixed(&b, c->num[1], sizeof(c->num[1]));
	rn_health_put_int(&b, p->received);
	cell[2] = c->num[0];
	cell[3] = c->num[1];
	cell[4] = num(c->num[2], sizeof(c->num[2]), p->value_given, 2);
	cell[5] = num(c->num[3], sizeof(c->num[3]), p->value_received, 2);
	cell[6] = num(c->num[4], sizeof(c->num[4]), p->balance, 3);
	cell[7] = num(c->num[5], sizeof(c->num[5]), p->index, 3);
	cell[8] = rn_recip_label_name(p->label);
	if (o->text) {
		cell[9] = c->why;
		return 0;
	}
	cell[9] = num(c->num[6], sizeof(c->num[6]), p->w_given, 3);
	cell[10] = num(c->num[7], sizeof(c->num[7]), p->w_received, 3);
	cell[11] = isnan(p->value_balance) ? NULL
	         : num(c->num[8], sizeof(c->num[8]), p->value_balance, 3);
	cell[12] = date(c->d1, sizeof(c->d1), p->last_given);
	cell[13] = date(c->d2, sizeof(c->d2), p->last_received);
	cell[14] = c->why;
	return 0;
}

static int write_pairs(struct out *o, FILE *fp, enum rn_format f)
{
	struct cells b;
	o->scratch = &b;
	o->text = f == RN_FMT_TEXT;
	return o->text ? rn_rowout_write(fp, f, text_columns, RN_ARRAY_LEN(text_columns),
	                                 o->shown, pair_row, o)
	               : rn_rowout_write(fp, f, columns, RN_ARRAY_LEN(columns), o->shown, pair_row,
	                                 o);
}

/* ---- text ---------------------------------------------------------------- */

static void put_labels(FILE *fp, const igraph_integer_t *labels)
{
	static const enum rn_recip_label order[] = {
		RN_RECIP_BALANCED, RN_RECIP_GIVES_MORE, RN_RECIP_RECEIVES_MORE, RN_RECIP_ONE_WAY,
		RN_RECIP_DORMANT
	};
	const char *sep = "";
	for (size_t i = 0; i < RN_ARRAY_LEN(order); i++) {
		if (!labels[order[i]])
			continue;
		fprintf(fp, "%s%lld %s", sep, (long long) labels[order[i]],
		        rn_recip_label_name(order[i]));
		sep = ", ";
	}
	if (!*sep)
		fputs("none", fp);
}

static void put_scope(FILE *fp, const struct out *o)
{
	char a[11], s[11];
	rn_date_format(o->res->as_of, a);
	if (o->res->opt.since != RN_NO_DATE)
		fprintf(fp, "referrals from %s to %s", rn_health_date_text(o->res->opt.since, s), a);
	else
		fprintf(fp, "referrals up to %s", a);
}

static int write_quiet_text(const struct out *o, FILE *fp);

/* "Dana Wu (dana-wu)" into buf, or the id alone when it is the name. */
static const char *who_text(const struct rn_network *net, igraph_integer_t v, char *buf,
                            size_t n)
{
	if (strcmp(net->name[v], net->id[v]) == 0)
		return net->id[v];
	snprintf(buf, n, "%s (%s)", net->name[v], net->id[v]);
	return buf;
}

static int write_top(const struct out *o, FILE *fp, const char *title,
                     const igraph_integer_t *top, size_t n)
{
	static const char *const names[] = {
		"rank", "contact", "given", "value_given", "received", "value_received"
	};
	struct rn_table t;
	int rc = -1;
	char name[512];
	fprintf(fp, "%s\n", title);
	if (!n) {
		fputs("  none\n", fp);
		return 0;
	}
	if (rn_table_init(&t, RN_ARRAY_LEN(names), names))
		return -1;
	for (size_t i = 0; i < n; i++) {
		igraph_integer_t v = top[i];
		if (rn_table_row(&t) < 0 || rn_table_int(&t, 0, (long long) i + 1) ||
		    rn_table_str(&t, 1, who_text(o->net, v, name, sizeof(name))) ||
		    rn_table_int(&t, 2, (long long) o->res->given[v]) ||
		    rn_table_num(&t, 3, o->res->value_given[v], 2) ||
		    rn_table_int(&t, 4, (long long) o->res->received[v]) ||
		    rn_table_num(&t, 5, o->res->value_received[v], 2))
			goto cleanup;
	}
	rc = rn_table_write(&t, fp, RN_FMT_TEXT);
cleanup:
	rn_table_release(&t);
	return rc;
}

static int write_network_text(const struct out *o, FILE *fp)
{
	const struct rn_reciprocity *r = o->res;
	fputs("Network: ", fp);
	put_scope(fp, o);
	fputc('\n', fp);
	char *line = NULL;
	size_t len = 0;
	FILE *t = open_memstream(&line, &len);
	if (!t)
		return -1;
	fprintf(t, "%lld referral%s (value %.2f", (long long) r->referrals,
	        r->referrals == 1 ? "" : "s", r->value);
	if (r->open)
		fprintf(t, "; %lld open, worth %.2f", (long long) r->open, r->open_value);
	if (r->lost)
		fprintf(t, "; %lld lost, worth %.2f, not counted", (long long) r->lost, r->lost_value);
	fprintf(t, ") in %zu pair%s: ", r->npairs, r->npairs == 1 ? "" : "s");
	put_labels(t, r->labels);
	if (fclose(t) != 0) {
		free(line);
		return -1;
	}
	fputs("  ", fp);
	rn_text_wrap(fp, line, 2, 4, o->width);
	free(line);
	fputc('\n', fp);
	if (r->relationships)
		fprintf(fp, "  mutual: %lld of %lld referral relationship%s (a->b) returned (b->a): "
		        "reciprocity %.3f\n", (long long) r->mutual, (long long) r->relationships,
		        r->relationships == 1 ? "" : "s", r->reciprocity);
	else
		fputs("  mutual: no referral relationships\n", fp);
	fputc('\n', fp);
	if (r->opt.since != RN_NO_DATE) {
		if (write_quiet_text(o, fp) < 0)
			return -1;
		fputc('\n', fp);
	}
	if (write_top(o, fp, "Top givers (most referrals given):", o->givers, o->ngivers) < 0)
		return -1;
	fputc('\n', fp);
	return write_top(o, fp, "Top takers (most referrals received):", o->takers, o->ntakers);
}

static int write_totals_text(const struct out *o, FILE *fp)
{
	struct rn_recip_totals t;
	igraph_integer_t v = o->who;
	rn_reciprocity_totals(o->res, v, &t);
	double bal = rn_recip_balance(t.w_given, t.w_received);
	fprintf(fp, "Totals for %s (%s), ", rn_cli_shown(o->net->name[v]), rn_cli_shown(o->net->id[v]));
	put_scope(fp, o);
	fprintf(fp, ":\n  given:    %lld referral%s, value %.2f\n", (long long) t.given,
	        t.given == 1 ? "" : "s", t.value_given);
	fprintf(fp, "  received: %lld referral%s, value %.2f\n", (long long) t.received,
	        t.received == 1 ? "" : "s", t.value_received);
	char bs[32], is[32];   /* rn_health_num: a balance a hair below 0 is 0.000, not -0.000 */
	fprintf(fp, "  weighted: %.2f given vs %.2f received, balance %s, index %s\n",
	        t.w_given, t.w_received, rn_health_num(bs, sizeof(bs), bal, 3),
	        rn_health_num(is, sizeof(is), rn_recip_index(t.w_given, t.w_received), 3));
	fprintf(fp, "  partners: %lld (", (long long) t.partners);
	put_labels(fp, t.labels);
	fputs(")\n", fp);
	return 0;
}


/* The pairs as text: one entry each, names beside ids, the numbers and the
 * evidence on a second line, wrapped at o->width. */
static int write_pairs_text(struct out *o, FILE *fp)
{
	struct cells scratch;
	const char *cell[16];
	o->scratch = &scratch;
	o->text = 0;
	for (size_t i = 0; i < o->shown; i++) {
		const struct rn_recip_pair *p = &o->list[i];
		char *text = NULL;
		size_t len = 0;
		if (pair_row(o, i, 1, cell) != 0)
			return -1;
		FILE *t = open_memstream(&text, &len);
		if (!t)
			return -1;
		rn_health_person(t, o->net, p->a);
		fputs(" and ", t);
		rn_health_person(t, o->net, p->b);
		fprintf(t, ": %s", cell[8]);
		if (fclose(t) != 0) {
			free(text);
			return -1;
		}
		int col = fprintf(fp, "%4zu. ", i + 1);
		rn_text_wrap(fp, text, (size_t) col, 6, o->width);
		free(text);
		t = open_memstream(&text, &len);
		if (!t)
			return -1;
		fprintf(t, "given %s (value %s), received %s (value %s); balance %s, index %s; %s",
		        cell[2], cell[4], cell[3], cell[5], cell[6], cell[7], cell[14]);
		if (fclose(t) != 0) {
			free(text);
			return -1;
		}
		fputs("\n      ", fp);
		rn_text_wrap(fp, text, 6, 6, o->width);
		fputc('\n', fp);
		free(text);
	}
	return ferror(fp) ? -1 : 0;
}

/* Members who gave no referral in the window (--since): partners, or in a
 * network without partners everyone who gave or received one before. */
static int write_quiet_text(const struct out *o, FILE *fp)
{
	const struct rn_network *net = o->net;
	const struct rn_reciprocity *r = o->res;
	int any_partner = 0;
	for (igraph_integer_t v = 0; v < net->ncontacts && !any_partner; v++)
		any_partner = net->stage[v] == RN_STAGE_PARTNER;
	size_t members = 0, quiet = 0;
	for (igraph_integer_t v = 0; v < net->ncontacts; v++) {
		int member = any_partner ? net->stage[v] == RN_STAGE_PARTNER : o->ever[v];
		members += member;
		quiet += member && r->given[v] == 0;
	}
	char s[11];
	fprintf(fp, "Gave nothing since %s: %zu of %zu %s\n", rn_health_date_text(r->opt.since, s),
	        quiet, members, any_partner ? "members (partners)" : "people in the referral log");
	size_t listed = 0, limit = o->c->top > 0 ? (size_t) o->c->top : quiet;
	for (igraph_integer_t v = 0; v < net->ncontacts && listed < limit; v++) {
		int member = any_partner ? net->stage[v] == RN_STAGE_PARTNER : o->ever[v];
		if (!member || r->given[v] != 0)
			continue;
		fputs("  ", fp);
		rn_health_person(fp, net, v);
		fprintf(fp, ", received %lld in the window\n", (long long) r->received[v]);
		listed++;
	}
	if (listed < quiet)
		fprintf(fp, "  (%zu of %zu shown; --top N for more, --top 0 for all)\n", listed, quiet);
	return ferror(fp) ? -1 : 0;
}

static int write_text(void *vo, FILE *fp)
{
	struct out *o = vo;
	if (!o->c->summary) {
		if (o->who >= 0)
			fprintf(fp, "Referral scorecard of %s (%s): %zu partner%s\n",
			        rn_cli_shown(o->net->name[o->who]), rn_cli_shown(o->net->id[o->who]), o->n, o->n == 1 ? "" : "s");
		else
			fprintf(fp, "Referral partnerships: %zu pair%s\n", o->n, o->n == 1 ? "" : "s");
		if (o->n && write_pairs_text(o, fp) < 0)
			return -1;
		if (o->shown < o->n)
			fprintf(fp, "(%zu of %zu shown; --top N for more, --top 0 for all)\n", o->shown,
			        o->n);
		fputc('\n', fp);
	}
	if ((o->who >= 0 ? write_totals_text(o, fp) : write_network_text(o, fp)) < 0)
		return -1;
	return ferror(fp) ? -1 : 0;
}

static int write_rows(void *vo, FILE *fp)
{
	struct out *o = vo;
	return write_pairs(o, fp, o->cli->format);
}

/* ---- json summary ------------------------------------------------------- */

/* Money to the cent; weighted counts, balances and shares to 3 places. */
enum { MONEY = 2, SHARE = 3 };

static void labels_json(struct rn_json *d, json_t *parent, const igraph_integer_t *labels)
{
	json_t *o = rn_json_add_object(d, parent, "labels");
	for (int l = 0; l < RN_RECIP_LABEL_COUNT; l++)
		rn_json_set_int(d, o, rn_recip_label_name((enum rn_recip_label) l), labels[l]);
}

static void top_json(struct rn_json *d, const struct out *o, const char *key,
                     const igraph_integer_t *top, size_t n)
{
	json_t *a = rn_json_add_array(d, d->root, key);
	for (size_t i = 0; i < n; i++) {
		igraph_integer_t v = top[i];
		json_t *x = rn_json_add_object(d, a, NULL);
		rn_json_set_str(d, x, "contact", o->net->id[v]);
		rn_json_set_int(d, x, "given", o->res->given[v]);
		rn_json_set_int(d, x, "received", o->res->received[v]);
		rn_json_set_num(d, x, "value_given", o->res->value_given[v], MONEY);
		rn_json_set_num(d, x, "value_received", o->res->value_received[v], MONEY);
	}
}

/* The --summary object: build it, then write it (exit status). */
static int write_summary_json(const struct out *o)
{
	const struct rn_reciprocity *r = o->res;
	struct rn_json d;
	json_t *j = rn_json_init(&d);
	rn_json_set_date(&d, j, "as_of", r->as_of);
	rn_json_set_date(&d, j, "since", r->opt.since);
	rn_json_set_num(&d, j, "half_life", r->opt.half_life, -1);
	rn_json_set_int(&d, j, "window", r->opt.window);
	rn_json_set_num(&d, j, "tolerance", r->opt.tolerance, -1);
	rn_json_set_int(&d, j, "referrals", r->referrals);
	rn_json_set_num(&d, j, "value", r->value, MONEY);
	rn_json_set_int(&d, j, "pairs", (long long) r->npairs);
	labels_json(&d, j, r->labels);
	rn_json_set_int(&d, j, "relationships", r->relationships);
	rn_json_set_int(&d, j, "mutual_relationships", r->mutual);
	rn_json_set_num(&d, j, "reciprocity", r->reciprocity, SHARE);
	top_json(&d, o, "givers", o->givers, o->ngivers);
	top_json(&d, o, "takers", o->takers, o->ntakers);
	if (o->who >= 0) {
		struct rn_recip_totals t;
		rn_reciprocity_totals(r, o->who, &t);
		json_t *f = rn_json_add_object(&d, j, "for");
		rn_json_set_str(&d, f, "contact", o->net->id[o->who]);
		rn_json_set_int(&d, f, "given", t.given);
		rn_json_set_int(&d, f, "received", t.received);
		rn_json_set_num(&d, f, "value_given", t.value_given, MONEY);
		rn_json_set_num(&d, f, "value_received", t.value_received, MONEY);
		rn_json_set_num(&d, f, "weighted_given", t.w_given, SHARE);
		rn_json_set_num(&d, f, "weighted_received", t.w_received, SHARE);
		rn_json_set_num(&d, f, "balance", rn_recip_balance(t.w_given, t.w_received), SHARE);
		rn_json_set_num(&d, f, "index", rn_recip_index(t.w_given, t.w_received), SHARE);
		rn_json_set_int(&d, f, "partners", t.partners);
		labels_json(&d, f, t.labels);
	}
	int st = rn_cli_write_json(o->cli, &d);
	rn_json_release(&d);
	return st;
}

/* ---- the command --------------------------------------------------------- */

static int reciprocity_run(int argc, char **argv)
{
	struct rn_cli cli;
	struct ctx c = { .top = 5 };
	rn_reciprocity_options_default(&c.opt);
	int st = rn_cli_parse(&cli, &rn_reciprocity_command, argc, argv, &c);
	if (st != RN_OK || cli.help)
		return st;
	if (c.summary && (cli.format == RN_FMT_CSV || cli.format == RN_FMT_TSV)) {
		return rn_cli_usage_error(&cli, "--summary is text or json, not %s", cli.format_arg);
	}
	if (rn_cli_check_since(&cli, c.opt.since) != RN_OK)
		return RN_E_USAGE;

	struct rn_network net;
	st = rn_cli_load(&cli, &net, NULL);
	if (st != RN_OK)
		return st;

	struct rn_reciprocity res;
	struct out o = { .cli = &cli, .net = &net, .res = &res, .c = &c, .who = -1 };
	memset(&res, 0, sizeof(res));
	if (c.for_id && (o.who = rn_health_contact(&cli, &net, "--for", c.for_id)) < 0) {
		st = RN_E_USAGE;
		goto cleanup;
	}
	double t0 = rn_health_now(), c0 = rn_health_cpu();
	st = rn_reciprocity_compute(&net, &c.opt, cli.as_of, &res);
	if (st != RN_OK) {
		rn_cli_error(&cli, st, "%s", rn_igraph_last_error()[0] ? rn_igraph_last_error()
		                                                       : "out of memory");
		goto cleanup;
	}
	if (o.who >= 0) {
		if (rn_reciprocity_of(&res, o.who, &o.rows, &o.n) != RN_OK)
			goto oom;
		o.list = o.rows;
	} else {
		o.list = res.pairs;
		o.n = res.npairs;
	}
	o.shown = c.top_given && c.top > 0 && (size_t) c.top < o.n ? (size_t) c.top : o.n;
	o.width = rn_cli_text_width(&cli);
	if (c.opt.since != RN_NO_DATE && cli.format == RN_FMT_TEXT) {
		o.ever = rn_reciprocity_ever(&net, cli.as_of);
		if (!o.ever)
			goto oom;
	}
	if (cli.format == RN_FMT_TEXT || c.summary) {
		size_t top = c.top > 0 ? (size_t) c.top : (size_t) net.ncontacts;
		o.givers = malloc((top + 1) * sizeof(*o.givers));
		o.takers = malloc((top + 1) * sizeof(*o.takers));
		if (!o.givers || !o.takers)
			goto oom;
		o.ngivers = rn_reciprocity_top(&res, 0, top, o.givers);
		o.ntakers = rn_reciprocity_top(&res, 1, top, o.takers);
		if (o.ngivers == (size_t) -1 || o.ntakers == (size_t) -1)
			goto oom;
	}
	double t1 = rn_health_now(), c1 = rn_health_cpu();
	if (cli.format == RN_FMT_TEXT)
		st = rn_cli_write(&cli, write_text, &o);
	else if (c.summary)
		st = write_summary_json(&o);
	else
		st = rn_cli_write(&cli, write_rows, &o);
	if (cli.verbose)
		fprintf(stderr, "refnet reciprocity: %zu pairs computed in %.3f s (cpu %.3f), written in %.3f s (cpu %.3f)\n",
		        res.npairs, t1 - t0, c1 - c0, rn_health_now() - t1, rn_health_cpu() - c1);
	goto cleanup;
oom:
	st = rn_cli_error(&cli, RN_E_INTERNAL, "out of memory");
cleanup:
	free(o.rows);
	free(o.ever);
	free(o.givers);
	free(o.takers);
	rn_reciprocity_release(&res);
	rn_network_release(&net);
	return st;
}

const struct rn_command rn_reciprocity_command = {
	.name = "reciprocity",
	.summary = "referrals given and received per partnership, and who gives most",
	.usage = usage,
	.run = reciprocity_run,
	.opts = options,
	.option = reciprocity_option,
	.formats = RN_FMT_ROWS,
};

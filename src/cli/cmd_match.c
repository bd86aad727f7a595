/*
 * refnet match: whom to put together.  Pairs where one contact needs what
 * another offers, the two have no tie, and someone tied to both can make the
 * introduction; ranked by that introducer's two ties (src/analysis/match.c).
 */
#include <stdlib.h>
#include <string.h>

#include "health.h"
#include "trust.h"
#include "resolve.h"
#include "vocab.h"
#include "refnet/match.h"

static const char usage[] =
	"usage: refnet match [NETWORK_DIR] [--for ID] [--need TEXT] [--top N] [OPTIONS]\n"
	"\n"
	"Find introductions worth making: a contact who needs what another offers\n"
	"(every word of the need starts a word of one offers tag, ignoring case and\n"
	"accents), the two not tied, and an introducer tied to both.  Each pair is\n"
	"ranked by its best introducer: the product of the introducer's two ties'\n"
	"strengths, faded by time since last contact, and the introducer's fatigue\n"
	"(as in refnet intro).  See docs/scoring.md.\n"
	"\n"
	"options:\n"
	"  --for ID            only introductions this contact can make (also --via)\n"
	"  --need TEXT         only this need, e.g. 'bookkeeper'\n"
	"  --top N             the N best pairs (default 20; 0 for all)\n"
	RN_VOCAB_USAGE
	RN_TRUST_USAGE
	RN_WIDTH_USAGE
	RN_ROWS_USAGE
	"\n"
	"csv/tsv/json columns: rank, introducer, needer, provider, need, score,\n"
	"offer, why.\n"
	"\n"
	"examples:\n"
	"  refnet match datasets/sample --top 10\n"
	"  refnet match datasets/sample --for fiona-byrne --format csv\n";

enum { OPT_VIA = 1300, OPT_NEED, OPT_TOP };

static const struct option options[] = {
	{ "for", required_argument, NULL, OPT_VIA },
	{ "via", required_argument, NULL, OPT_VIA },
	{ "need", required_argument, NULL, OPT_NEED },
	{ "top", required_argument, NULL, OPT_TOP },
	RN_WIDTH_OPTION,
	RN_TRUST_OPTIONS,
	RN_VOCAB_OPTION,
	{ NULL, 0, NULL, 0 }
};

struct ctx {
	struct rn_cli_route_args route;
	const char *via, *need;
	int top;
};

static int match_option(const struct rn_cli *cli, void *vctx, int code, const char *arg)
{
	struct ctx *c = vctx;
	switch (code) {
	case OPT_VIA: c->via = arg; return 0;
	case OPT_NEED: c->need = arg; return 0;
	case OPT_TOP:
		return rn_opt_int(cli, "--top", arg, 0, 1000000000, &c->top);
	}
	return rn_cli_route_option(cli, &c->route, code, arg);
}

static const char *const columns[] = {
	"rank", "introducer", "needer", "provider", "need", "score", "offer", "why"
};

struct out {
	const struct rn_cli *cli;
	const struct rn_intro *in;
	const struct rn_matches *ms;
	const char *need;
	const struct rn_needs_index *ix;
	size_t width;               /* text: wrap at this many columns, 0: do not */
};

/* " (synonym: lawyer = attorney)" when the offer answers the need only
 * through the vocabulary. */
static void synonym_text(FILE *f, const struct out *o, const struct rn_match *m,
                         const char *open, const char *close);

static const char *need_text(const struct out *o, const struct rn_match *m)
{
	return m->need_tag != RN_NO_TAG ? o->in->net->tag_text[m->need_tag] : o->need;
}

static void synonym_text(FILE *f, const struct out *o, const struct rn_match *m,
                         const char *open, const char *close)
{
	const char *said, *meant;
	if (rn_needs_synonym(o->ix, need_text(o, m), m->offer_tag, &said, &meant) == 1)
		fprintf(f, "%ssynonym: %s = %s%s", open, rn_cli_shown(said), rn_cli_shown(meant), close);
}

/* One paragraph of the text, wrapped: the first line continues at col. */
static int wrapped(FILE *fp, struct rn_health_wrap *w, size_t col, size_t indent, size_t width)
{
	return w->f ? rn_health_wrap_close(w, fp, col, indent, width) : -1;
}

/*
 * " 1. Zoë Müller (zoe-muller) could introduce Chloe Bennett (chloe-bennett),
 *     who needs 'photographer', to Sam Reyes (sam-reyes), who offers ...", the
 * score, then one line per tie (and the fatigue), each wrapped at o->width.
 */
static int write_text(void *vo, FILE *fp)
{
	const struct out *o = vo;
	const struct rn_network *net = o->in->net;
	struct rn_health_wrap w;
	for (size_t i = 0; i < o->ms->n; i++) {
		const struct rn_match *m = &o->ms->m[i];
		int col = fprintf(fp, "%2zu. ", i + 1);
		if (rn_health_wrap_open(&w)) {
			rn_health_person(w.f, net, m->introducer);
			fputs(" could introduce ", w.f);
			rn_health_person(w.f, net, m->needer);
			fprintf(w.f, ", who needs '%s', to ", rn_cli_shown(need_text(o, m)));
			rn_health_person(w.f, net, m->provider);
			fprintf(w.f, ", who offers '%s'", rn_cli_shown(net->tag_text[m->offer_tag]));
			synonym_text(w.f, o, m, " (", ")");
			fputc('.', w.f);
		}
		if (wrapped(fp, &w, col > 0 ? (size_t) col : 0, 4, o->width) < 0)
			return -1;
		fprintf(fp, "\n    score %.3f = %.2f x %.2f", m->score,
		        m->effective_needer, m->effective_provider);
		double f = m->fatigue;
		if (f < 1.0)
			fprintf(fp, " x %.2f", f);
		fputc('\n', fp);
		for (int k = 0; k < 2 + (f < 1.0); k++) {
			fputs("      ", fp);
			if (rn_health_wrap_open(&w)) {
				if (k < 2)
					rn_explain_tie(w.f, o->in, k ? m->tie_provider : m->tie_needer,
					               m->introducer, k ? m->effective_provider :
					               m->effective_needer, 0, 1);
				else
					rn_explain_fatigue(w.f, o->in, m->introducer, f, 1);
			}
			if (wrapped(fp, &w, 6, 8, o->width) < 0)
				return -1;
			fputc('\n', fp);
		}
	}
	if (o->ms->pairs > o->ms->n)
		fprintf(fp, "(%zu of %zu matching pairs shown; --top N for more)\n", o->ms->n,
		        o->ms->pairs);
	return ferror(fp) ? -1 : 0;
}

static char *why_text(const struct out *o, const struct rn_match *m)
{
	const struct rn_intro *in = o->in;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return NULL;
	rn_explain_tie(f, in, m->tie_needer, m->introducer, m->effective_needer, 0, 0);
	fputs("; ", f);
	rn_explain_tie(f, in, m->tie_provider, m->introducer, m->effective_provider, 0, 0);
	if (m->fatigue < 1.0) {
		fputs("; ", f);
		rn_explain_fatigue(f, in, m->introducer, m->fatigue, 0);
	}
	synonym_text(f, o, m, "; ", "");
	fclose(f);
	return buf;
}

static int write_table(void *vo, FILE *fp)
{
	const struct out *o = vo;
	const struct rn_network *net = o->in->net;
	struct rn_table t;
	if (rn_table_init(&t, RN_ARRAY_LEN(columns), columns) != RN_OK)
		return -1;
	int rc = 0;
	for (size_t i = 0; i < o->ms->n && rc == 0; i++) {
		const struct rn_match *m = &o->ms->m[i];
		char *why = why_text(o, m);
		if (!why || rn_table_row(&t) < 0) {
			free(why);
			rc = -1;
			break;
		}
		rn_table_int(&t, 0, (long long) i + 1);
		rn_table_str(&t, 1, net->id[m->introducer]);
		rn_table_str(&t, 2, net->id[m->needer]);
		rn_table_str(&t, 3, net->id[m->provider]);
		rn_table_str(&t, 4, need_text(o, m));
		rn_table_num(&t, 5, m->score, 3);
		rn_table_str(&t, 6, net->tag_text[m->offer_tag]);
		rn_table_str(&t, 7, why);
		free(why);
	}
	if (rc == 0)
		rc = rn_table_write(&t, fp, o->cli->format);
	rn_table_release(&t);
	return rc;
}

static int match_run(int argc, char **argv)
{
	struct rn_cli cli;
	struct ctx c = { .top = 20 };
	rn_intro_options_default(&c.route.opt);
	int st = rn_cli_parse(&cli, &rn_match_command, argc, argv, &c);
	if (st != RN_OK || cli.help)
		return st;

	struct rn_network net;
	st = rn_cli_load(&cli, &net, NULL);
	if (st != RN_OK)
		return st;

	struct rn_needs_index ix = { 0 };
	struct rn_intro in = { 0 };
	struct rn_matches ms = { 0 };
	struct rn_match_options mo = { .top = (size_t) c.top, .via = -1, .need = c.need };
	if (c.via && (mo.via = rn_cli_contact(&cli, &net, "--via", c.via, &st)) < 0)
		goto cleanup;
	st = rn_cli_intro_init(&cli, &net, &c.route.opt, c.route.exact, &ix, &in);
	if (st != RN_OK)
		goto cleanup;
	st = RN_E_INTERNAL;
	/* the whole network visits every tie, some many times */
	if ((mo.via < 0 && rn_intro_precompute(&in) != RN_OK) ||
	    rn_match_run(&in, &ix, &mo, &ms) != RN_OK) {
		rn_cli_error(&cli, st, "out of memory");
		goto cleanup;
	}
	if (!ms.n && !cli.quiet)
		fprintf(stderr, "refnet match: no pair to introduce%s%s%s\n",
		        c.need ? " for '" : "", c.need ? rn_cli_shown(c.need) : "", c.need ? "'" : "");
	struct out o = { &cli, &in, &ms, c.need, &ix, rn_cli_text_width(&cli) };
	st = rn_cli_write(&cli, cli.format == RN_FMT_TEXT ? write_text : write_table, &o);
cleanup:
	rn_matches_release(&ms);
	rn_intro_release(&in);
	rn_needs_index_release(&ix);
	rn_network_release(&net);
	return st;
}

const struct rn_command rn_match_command = {
	.name = "match",
	.summary = "whom to put together: needs, offers and the best introducer",
	.usage = usage,
	.run = match_run,
	.opts = options,
	.option = match_option,
	.formats = RN_FMT_ROWS,
	.needs = RN_NEEDS_ADJACENCY,
};

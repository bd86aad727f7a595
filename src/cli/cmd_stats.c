/*
 * refnet stats: what the whole network looks like, as a readable report
 * (text) or one JSON object.  The numbers come from src/analysis/stats.c;
 * this file owns the options, the progress line and the two layouts.
 *
 * It does not write csv or tsv: the report is a set of lists of different
 * shapes, so programs get the one JSON object (docs/stats.md, the opening
 * paragraph and "JSON").
 */
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "health.h"
#include "refnet/date.h"
#include "refnet/text.h"
#include "refnet/stats.h"

static const char stats_usage[] =
	"usage: refnet stats [NETWORK_DIR] [OPTIONS]\n"
	"\n"
	"Describe the whole network: its size, stages and log; density, components\n"
	"and clustering; the connectors who hold it together (betweenness on\n"
	"-ln(strength) costs), the hubs with the most tie strength, the brokers who\n"
	"span structural holes (lowest Burt constraint, at least two ties); its\n"
	"communities with their modularity, central members and common offers;\n"
	"contacts with no tie or only weak ties; and how mutual referrals are.\n"
	"docs/stats.md defines every number.\n"
	"\n"
	"Betweenness is exact up to 2000 contacts with ties; above that it is an\n"
	"estimate from a random sample of source contacts, labelled as such.\n"
	"\n"
	"options:\n"
	"  --top N             at most N rows in every list (default 10; 0 for all)\n"
	"  --samples K         estimate betweenness from K random sources (default 16\n"
	"                      above 2000 contacts with ties; given, it applies at any size)\n"
	"  --exact             exact betweenness at any size (slow on large networks)\n"
	"  --communities leiden|louvain\n"
	"                      community detection (default leiden)\n"
	"  --weak-below S      weakly tied: every tie's strength below S (default 0.35)\n"
	"  --seed N            seed of the sampling and community detection (default 0)\n"
	"  --as-of DATE        log events after DATE are ignored (default: today)\n"
	"  --format text|json  a readable report, or one JSON object\n"
	RN_WIDTH_USAGE
	"  --contacts FILE, --ties FILE, --log FILE\n"
	"                      read these files instead of NETWORK_DIR/<name>.csv\n"
	"  -o FILE             write to FILE (atomically)\n"
	"  -q, --quiet         no warnings, no progress; -v, --verbose: timings\n"
	"\n"
	"example:\n"
	"  refnet stats datasets/sample --as-of 2026-11-01 --seed 1\n";

enum { OPT_TOP = 1500, OPT_SAMPLES, OPT_EXACT, OPT_COMMUNITIES, OPT_WEAK_BELOW };

static const struct option options[] = {
	{ "top", required_argument, NULL, OPT_TOP },
	{ "samples", required_argument, NULL, OPT_SAMPLES },
	{ "exact", no_argument, NULL, OPT_EXACT },
	{ "communities", required_argument, NULL, OPT_COMMUNITIES },
	{ "weak-below", required_argument, NULL, OPT_WEAK_BELOW },
	RN_WIDTH_OPTION,
	{ NULL, 0, NULL, 0 }
};

struct ctx {
	struct rn_stats_options opt;
	int samples_given;
};

static int on_option(const struct rn_cli *cli, void *vctx, int code, const char *arg)
{
	struct ctx *c = vctx;
	unsigned long long u;
	switch (code) {
	case OPT_TOP:
		if (rn_opt_uint(cli, "--top", arg, 0, 1000000000, NULL, &u) != RN_OK)
			return RN_E_USAGE;
		c->opt.top = u ? (size_t) u : SIZE_MAX / 2;   /* 0: every row */
		return RN_OK;
	case OPT_SAMPLES:
		if (rn_opt_uint(cli, "--samples", arg, 1, 1000000000, NULL, &u) != RN_OK)
			return RN_E_USAGE;
		c->opt.samples = (igraph_integer_t) u;
		c->samples_given = 1;
		return RN_OK;
	case OPT_EXACT:
		c->opt.exact = 1;
		return RN_OK;
	case OPT_COMMUNITIES:
		if (strcmp(arg, "leiden") == 0)
			c->opt.method = RN_COMMUNITY_LEIDEN;
		else if (strcmp(arg, "louvain") == 0)
			c->opt.method = RN_COMMUNITY_LOUVAIN;
		else
			return rn_opt_bad(cli, "--communities", "leiden or louvain", arg);
		return RN_OK;
	case OPT_WEAK_BELOW:
		return rn_opt_number(cli, "--weak-below", arg, 0, 1, "a strength from 0 to 1",
		                     &c->opt.weak_below);
	}
	return RN_E_USAGE;
}

/* ---- progress, on a terminal only ---- */

static void progress(void *ctx, const char *step, unsigned long long done,
                     unsigned long long total)
{
	(void) ctx;
	if (total)
		fprintf(stderr, "\rrefnet stats: %s %llu/%llu\033[K", step, done, total);
	else
		fprintf(stderr, "\rrefnet stats: %s...\033[K", step);
	fflush(stderr);
}

/* ---- shared helpers ---- */

struct out {
	const struct rn_cli *cli;
	const struct rn_network *net;
	const struct rn_stats_options *opt;
	const struct rn_stats *st;
	size_t width;                  /* text: wrap at this many columns, 0: do not */
};

static const char *network_name(const struct rn_cli *cli)
{
	return cli->dir ? cli->dir : ".";
}

static const char *stage_label(enum rn_stage s)
{
	return s == RN_STAGE_NONE ? "no stage" : s == RN_STAGE_OTHER ? "other stage" :
	       rn_stage_name(s);
}

static const enum rn_stage stage_order[] = {
	RN_STAGE_PARTNER, RN_STAGE_CUSTOMER, RN_STAGE_PROSPECT, RN_STAGE_SUSPECT,
	RN_STAGE_OTHER, RN_STAGE_NONE
};

/* Round to a fixed number of decimals, so output does not depend on the
 * last bits of a sum. */
static double fixed(double v, int decimals)
{
	double scale = pow(10.0, decimals);
	double r = round(v * scale) / scale;
	return r == 0 ? 0 : r;   /* no "-0" */
}

/* Share of the other contacts' pairs whose shortest routes run through v. */
static double path_share(const struct rn_stats *st, double b)
{
	double others = (double) st->contacts - 1;
	double pairs = others * (others - 1) / 2;
	return pairs > 0 ? b / pairs : 0;
}

static const char *stage_of(const struct rn_network *net, igraph_integer_t v)
{
	if (net->stage[v] == RN_STAGE_OTHER && net->stage_text[v])
		return net->stage_text[v];
	return net->stage[v] == RN_STAGE_NONE ? "" : rn_stage_name((enum rn_stage) net->stage[v]);
}

/* ---- text ---- */

static int section(FILE *fp, const char *title)
{
	return fprintf(fp, "\n%s\n", title) < 0 ? -1 : 0;
}

static int write_list(FILE *fp, struct rn_table *t)
{
	/* Indent the table by two spaces: write it to memory first. */
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	if (!mem)
		return -1;
	int r = rn_table_write(t, mem, RN_FMT_TEXT);
	if (fclose(mem) != 0)
		r = -1;
	for (char *line = buf, *nl; r == 0 && line && *line; line = nl ? nl + 1 : NULL) {
		nl = strchr(line, '\n');
		size_t n = nl ? (size_t) (nl - line) : strlen(line);
		while (n > 0 && line[n - 1] == ' ')
			n--;   /* an empty last cell leaves padding behind */
		if (fprintf(fp, "  %.*s\n", (int) n, line) < 0)
			r = -1;
	}
	free(buf);
	return r;
}

static int text_size(FILE *fp, const struct out *o)
{
	const struct rn_stats *st = o->st;
	const char *sep;

	fprintf(fp, "  %-19s %lld", "contacts", (long long) st->contacts);
	sep = " (";
	for (size_t i = 0; i < RN_ARRAY_LEN(stage_order); i++) {
		if (!st->stages[stage_order[i]])
			continue;
		fprintf(fp, "%s%s %lld", sep, stage_label(stage_order[i]),
		        (long long) st->stages[stage_order[i]]);
		sep = ", ";
	}
	fputs(*sep == ',' ? ")\n" : "\n", fp);
	fprintf(fp, "  %-19s %lld\n", "ties", (long long) st->ties);
	/* The log's kinds make a long line: wrapped under the value column. */
	fprintf(fp, "  %-19s ", "log events");
	struct rn_health_wrap w;
	if (!rn_health_wrap_open(&w))
		return -1;
	fprintf(w.f, "%lld", (long long) st->events);
	sep = " (";
	for (int k = 0; k < RN_KIND_COUNT; k++) {
		if (!st->kinds[k])
			continue;
		fprintf(w.f, "%s%s %lld", sep, rn_kind_name((enum rn_kind) k), (long long) st->kinds[k]);
		sep = ", ";
	}
	fputs(*sep == ',' ? ")" : "", w.f);
	if (st->events_ignored)
		fprintf(w.f, "; %lld after --as-of ignored", (long long) st->events_ignored);
	if (rn_health_wrap_close(&w, fp, 22, 22, o->width) < 0)
		return -1;
	fputc('\n', fp);

	double possible = st->contacts > 1 ? (double) st->contacts * (double) (st->contacts - 1) / 2
	                                   : 0;
	fprintf(fp, "  %-19s %.4f (%lld of %.0f possible ties)\n", "density",
	        fixed(st->density, 4), (long long) st->ties, possible);
	fprintf(fp, "  %-19s %.2f ties per contact\n", "average degree",
	        fixed(st->average_degree, 2));
	fprintf(fp, "  %-19s %lld (largest: %lld contact%s)\n", "components",
	        (long long) st->components, (long long) st->largest_component,
	        st->largest_component == 1 ? "" : "s");
	if (isnan(st->transitivity))
		fprintf(fp, "  %-19s none (no contact has two ties)\n", "transitivity");
	else
		fprintf(fp, "  %-19s %.4f (%lld triangles: share of two-step links that are closed)\n",
		        "transitivity", fixed(st->transitivity, 4), (long long) st->triangles);
	if (!isnan(st->average_clustering))
		fprintf(fp, "  %-19s %.4f (mean over contacts with two or more ties)\n",
		        "average clustering", fixed(st->average_clustering, 4));
	return ferror(fp) ? -1 : 0;
}

static int text_connectors(FILE *fp, const struct out *o)
{
	const struct rn_stats *st = o->st;
	const struct rn_network *net = o->net;
	static const char *const cols[] = {
		"rank", "contact", "name", "betweenness", "paths_%", "degree", "strength",
		"community"
	};
	struct rn_table t;
	char title[256];

	if (st->betweenness_exact)
		snprintf(title, sizeof(title), "Connectors: who holds the network together "
		         "(betweenness, exact)");
	else
		snprintf(title, sizeof(title), "Connectors: who holds the network together "
		         "(betweenness ESTIMATED from %lld of %lld contacts with ties, seed %llu)",
		         (long long) st->sources, (long long) st->source_pool, o->opt->seed);
	section(fp, title);
	if (!st->nconnectors)
		return fputs("  no one lies on a shortest route between two others\n", fp) < 0 ? -1 : 0;
	if (rn_table_init(&t, RN_ARRAY_LEN(cols), cols) != RN_OK)
		return -1;
	int r = 0;
	for (size_t i = 0; i < st->nconnectors && r == 0; i++) {
		igraph_integer_t v = st->connectors[i];
		if (rn_table_row(&t) < 0 ||
		    rn_table_int(&t, 0, (long long) i + 1) < 0 ||
		    rn_table_str(&t, 1, net->id[v]) < 0 ||
		    rn_table_str(&t, 2, net->name[v]) < 0 ||
		    rn_table_num(&t, 3, st->betweenness[v], 1) < 0 ||
		    rn_table_num(&t, 4, 100 * path_share(st, st->betweenness[v]), 2) < 0 ||
		    rn_table_int(&t, 5, st->degree[v]) < 0 ||
		    rn_table_num(&t, 6, st->strength[v], 2) < 0 ||
		    rn_table_int(&t, 7, st->community[v] + 1) < 0)
			r = -1;
	}
	if (r == 0)
		r = write_list(fp, &t);
	rn_table_release(&t);
	if (r == 0)
		fputs("  betweenness: shortest routes (by -ln(strength)) between other contacts that\n"
		      "  pass through this one; paths %: the same as a share of all pairs of others\n",
		      fp);
	return r;
}

static int text_hubs(FILE *fp, const struct out *o)
{
	const struct rn_stats *st = o->st;
	const struct rn_network *net = o->net;
	static const char *const cols[] = { "rank", "contact", "name", "strength", "degree" };
	struct rn_table t;

	section(fp, "Hubs: the most tie strength (weighted degree)");
	if (!st->nhubs)
		return fputs("  no ties\n", fp) < 0 ? -1 : 0;
	if (rn_table_init(&t, RN_ARRAY_LEN(cols), cols) != RN_OK)
		return -1;
	int r = 0;
	for (size_t i = 0; i < st->nhubs && r == 0; i++) {
		igraph_integer_t v = st->hubs[i];
		if (rn_table_row(&t) < 0 ||
		    rn_table_int(&t, 0, (long long) i + 1) < 0 ||
		    rn_table_str(&t, 1, net->id[v]) < 0 ||
		    rn_table_str(&t, 2, net->name[v]) < 0 ||
		    rn_table_num(&t, 3, st->strength[v], 2) < 0 ||
		    rn_table_int(&t, 4, st->degree[v]) < 0)
			r = -1;
	}
	if (r == 0)
		r = write_list(fp, &t);
	rn_table_release(&t);
	return r;
}

static int text_brokers(FILE *fp, const struct out *o)
{
	const struct rn_stats *st = o->st;
	const struct rn_network *net = o->net;
	static const char *const cols[] = {
		"rank", "contact", "name", "constraint", "degree", "circles_reached"
	};
	struct rn_table t;

	section(fp, "Brokers: who spans structural holes (lowest Burt constraint, 2+ ties)");
	if (!st->nbrokers)
		return fputs("  no contact has two ties\n", fp) < 0 ? -1 : 0;
	if (rn_table_init(&t, RN_ARRAY_LEN(cols), cols) != RN_OK)
		return -1;
	int r = 0;
	for (size_t i = 0; i < st->nbrokers && r == 0; i++) {
		igraph_integer_t v = st->brokers[i];
		if (rn_table_row(&t) < 0 ||
		    rn_table_int(&t, 0, (long long) i + 1) < 0 ||
		    rn_table_str(&t, 1, net->id[v]) < 0 ||
		    rn_table_str(&t, 2, net->name[v]) < 0 ||
		    rn_table_num(&t, 3, st->constraint[v], 4) < 0 ||
		    rn_table_int(&t, 4, st->degree[v]) < 0 ||
		    rn_table_int(&t, 5, st->broker_circles[i]) < 0)
			r = -1;
	}
	if (r == 0)
		r = write_list(fp, &t);
	rn_table_release(&t);
	if (r == 0)
		fputs("  constraint: 1 = all ties inside one closed group; lower = contacts who do\n"
		      "  not know each other; circles reached: communities among their contacts\n", fp);
	return r;
}

static int text_communities(FILE *fp, const struct out *o)
{
	const struct rn_stats *st = o->st;
	const struct rn_network *net = o->net;
	char title[256];

	if (isnan(st->modularity))
		snprintf(title, sizeof(title), "Communities: none (no ties)");
	else
		snprintf(title, sizeof(title), "Communities: %lld circle%s (%s, modularity %.4f)",
		         (long long) st->ncommunities, st->ncommunities == 1 ? "" : "s",
		         rn_community_method_name(st->method), fixed(st->modularity, 4));
	section(fp, title);
	for (size_t c = 0; c < st->ncommunities_listed; c++) {
		const struct rn_stats_community *sc = &st->communities[c];
		fprintf(fp, "  %zu. %lld contacts, %lld tie%s inside\n", c + 1, (long long) sc->size,
		        (long long) sc->ties_inside, sc->ties_inside == 1 ? "" : "s");
		/* Names beside ids, wrapped at the width under the list. */
		struct rn_health_wrap w;
		fputs("     ", fp);
		if (rn_health_wrap_open(&w)) {
			fputs("central:", w.f);
			for (size_t i = 0; i < sc->nmembers; i++) {
				fputs(i ? ", " : " ", w.f);
				rn_health_person(w.f, net, sc->members[i]);
				fprintf(w.f, " %.2f", fixed(sc->member_strength[i], 2));
			}
		}
		if (!w.f || rn_health_wrap_close(&w, fp, 5, 7, o->width) < 0)
			return -1;
		fputc('\n', fp);
		if (sc->ntags) {
			fputs("     ", fp);
			if (rn_health_wrap_open(&w)) {
				fputs("offers:", w.f);
				for (size_t i = 0; i < sc->ntags; i++)
					fprintf(w.f, "%s %s (%lld)", i ? "," : "",
					        rn_cli_shown(net->tag_text[sc->tags[i].tag]),
					        (long long) sc->tags[i].count);
			}
			if (!w.f || rn_health_wrap_close(&w, fp, 5, 7, o->width) < 0)
				return -1;
			fputc('\n', fp);
		}
	}
	if ((size_t) st->ncommunities > st->ncommunities_listed)
		fprintf(fp, "  ... and %lld more\n",
		        (long long) (st->ncommunities - (igraph_integer_t) st->ncommunities_listed));
	if (st->singletons)
		fprintf(fp, "  %lld contact%s on their own (in no circle)\n", (long long) st->singletons,
		        st->singletons == 1 ? "" : "s");
	if (st->ncommunities_listed)
		fputs("  central: strength of ties inside the circle; offers: how many members\n"
		      "  offer each tag\n", fp);
	return ferror(fp) ? -1 : 0;
}

static int text_left_out(FILE *fp, const struct out *o)
{
	const struct rn_stats *st = o->st;
	const struct rn_network *net = o->net;
	static const char *const icols[] = { "contact", "name", "stage" };
	static const char *const wcols[] = { "contact", "name", "stage", "ties", "strongest" };
	struct rn_table t;
	char title[256];
	int r = 0;

	snprintf(title, sizeof(title), "Left out: %lld isolated, %lld weakly tied (every tie below "
	         "%.2f)", (long long) st->nisolated, (long long) st->nweak,
	         fixed(o->opt->weak_below, 2));
	section(fp, title);
	if (st->nisolated_listed) {
		if (rn_table_init(&t, RN_ARRAY_LEN(icols), icols) != RN_OK)
			return -1;
		for (size_t i = 0; i < st->nisolated_listed && r == 0; i++) {
			igraph_integer_t v = st->isolated[i];
			if (rn_table_row(&t) < 0 || rn_table_str(&t, 0, net->id[v]) < 0 ||
			    rn_table_str(&t, 1, net->name[v]) < 0 ||
			    rn_table_str(&t, 2, stage_of(net, v)) < 0)
				r = -1;
		}
		fputs("  no tie at all:\n", fp);
		if (r == 0)
			r = write_list(fp, &t);
		rn_table_release(&t);
		if ((size_t) st->nisolated > st->nisolated_listed)
			fprintf(fp, "  ... and %lld more\n",
			        (long long) (st->nisolated - (igraph_integer_t) st->nisolated_listed));
	}
	if (r == 0 && st->nweak_listed) {
		if (rn_table_init(&t, RN_ARRAY_LEN(wcols), wcols) != RN_OK)
			return -1;
		for (size_t i = 0; i < st->nweak_listed && r == 0; i++) {
			igraph_integer_t v = st->weak[i];
			if (rn_table_row(&t) < 0 || rn_table_str(&t, 0, net->id[v]) < 0 ||
			    rn_table_str(&t, 1, net->name[v]) < 0 ||
			    rn_table_str(&t, 2, stage_of(net, v)) < 0 ||
			    rn_table_int(&t, 3, st->degree[v]) < 0 ||
			    rn_table_num(&t, 4, st->weak_max[i], 2) < 0)
				r = -1;
		}
		fputs("  only weak ties (weakest first):\n", fp);
		if (r == 0)
			r = write_list(fp, &t);
		rn_table_release(&t);
		if ((size_t) st->nweak > st->nweak_listed)
			fprintf(fp, "  ... and %lld more\n",
			        (long long) (st->nweak - (igraph_integer_t) st->nweak_listed));
	}
	return r;
}

static int text_referrals(FILE *fp, const struct out *o)
{
	const struct rn_stats *st = o->st;
	section(fp, "Referral mutuality");
	if (st->referrals == 0)
		return fputs("  no referrals in the log\n", fp) < 0 ? -1 : 0;
	fprintf(fp, "  %lld referral%s between %lld pair%s of contacts\n", (long long) st->referrals,
	        st->referrals == 1 ? "" : "s", (long long) st->referral_pairs,
	        st->referral_pairs == 1 ? "" : "s");
	fprintf(fp, "  mutual pairs        %lld of %lld (%.1f%%): referrals went both ways\n",
	        (long long) st->mutual_pairs, (long long) st->referral_pairs,
	        fixed(100 * st->mutuality, 1));
	fprintf(fp, "  one-way pairs       %lld\n",
	        (long long) (st->referral_pairs - st->mutual_pairs));
	fprintf(fp, "  links returned      %.1f%% of giver-to-receiver links have one back\n",
	        fixed(100 * st->reciprocity, 1));
	return ferror(fp) ? -1 : 0;
}

static int write_text(void *ctx, FILE *fp)
{
	const struct out *o = ctx;
	char d[11];
	rn_date_format(o->cli->as_of, d);
	fprintf(fp, "Network %s, as of %s\n", rn_cli_shown(network_name(o->cli)), d);
	section(fp, "Size");
	if (text_size(fp, o) < 0 || text_connectors(fp, o) < 0 || text_hubs(fp, o) < 0 ||
	    text_brokers(fp, o) < 0 || text_communities(fp, o) < 0 ||
	    text_left_out(fp, o) < 0 || text_referrals(fp, o) < 0)
		return -1;
	return ferror(fp) ? -1 : 0;
}

/* ---- json ---- */

static json_t *num(double v, int decimals)
{
	/* JSON has no inf or nan: a number that is not finite is null. */
	return !isfinite(v) ? json_null() : json_real(fixed(v, decimals));
}

static int put(json_t *o, const char *key, json_t *v)
{
	return v && json_object_set_new(o, key, v) == 0 ? 0 : -1;
}

static json_t *json_report(const struct out *o)
{
	const struct rn_stats *st = o->st;
	const struct rn_network *net = o->net;
	json_t *r = json_object(), *x, *a;
	char d[11];
	int bad = !r;

	rn_date_format(o->cli->as_of, d);
	/* A directory name need not be UTF-8; JSON text must be. */
	char *fixed = rn_text_valid_utf8(network_name(o->cli));
	bad |= put(r, "network", json_string(fixed ? fixed : network_name(o->cli)));
	free(fixed);
	bad |= put(r, "as_of", json_string(d));
	bad |= put(r, "seed", json_integer((json_int_t) o->opt->seed));
	bad |= put(r, "contacts", json_integer(st->contacts));
	bad |= put(r, "ties", json_integer(st->ties));
	x = json_object();
	for (int k = RN_STAGE_SUSPECT; k <= RN_STAGE_PARTNER; k++)
		bad |= put(x, rn_stage_name((enum rn_stage) k), json_integer(st->stages[k]));
	bad |= put(x, "other", json_integer(st->stages[RN_STAGE_OTHER]));
	bad |= put(x, "none", json_integer(st->stages[RN_STAGE_NONE]));
	bad |= put(r, "stages", x);
	bad |= put(r, "events", json_integer(st->events));
	bad |= put(r, "events_after_as_of", json_integer(st->events_ignored));
	x = json_object();
	for (int k = 0; k < RN_KIND_COUNT; k++)
		bad |= put(x, rn_kind_name((enum rn_kind) k), json_integer(st->kinds[k]));
	bad |= put(r, "kinds", x);
	bad |= put(r, "density", num(st->density, 6));
	bad |= put(r, "average_degree", num(st->average_degree, 6));
	bad |= put(r, "components", json_integer(st->components));
	bad |= put(r, "largest_component", json_integer(st->largest_component));
	bad |= put(r, "triangles", json_integer(st->triangles));
	bad |= put(r, "transitivity", num(st->transitivity, 6));
	bad |= put(r, "average_clustering", num(st->average_clustering, 6));

	x = json_object();
	bad |= put(x, "method", json_string(st->betweenness_exact ? "exact" : "estimate"));
	bad |= put(x, "sources", json_integer(st->sources));
	bad |= put(x, "pool", json_integer(st->source_pool));
	bad |= put(x, "cost_shift", json_real(RN_STATS_COST_SHIFT));
	bad |= put(r, "betweenness", x);

	a = json_array();
	for (size_t i = 0; a && i < st->nconnectors; i++)
		bad |= json_array_append_new(a, json_string(net->id[st->connectors[i]]));
	bad |= put(r, "connectors", a);
	a = json_array();
	for (size_t i = 0; a && i < st->nconnectors; i++) {
		igraph_integer_t v = st->connectors[i];
		x = json_object();
		bad |= put(x, "id", json_string(net->id[v]));
		bad |= put(x, "betweenness", num(st->betweenness[v], 4));
		bad |= put(x, "path_share", num(path_share(st, st->betweenness[v]), 6));
		bad |= put(x, "degree", json_integer(st->degree[v]));
		bad |= put(x, "strength", num(st->strength[v], 4));
		bad |= put(x, "community", json_integer(st->community[v] + 1));
		bad |= json_array_append_new(a, x);
	}
	bad |= put(r, "connector_scores", a);

	a = json_array();
	for (size_t i = 0; a && i < st->nhubs; i++) {
		igraph_integer_t v = st->hubs[i];
		x = json_object();
		bad |= put(x, "id", json_string(net->id[v]));
		bad |= put(x, "strength", num(st->strength[v], 4));
		bad |= put(x, "degree", json_integer(st->degree[v]));
		bad |= json_array_append_new(a, x);
	}
	bad |= put(r, "hubs", a);

	a = json_array();
	for (size_t i = 0; a && i < st->nbrokers; i++) {
		igraph_integer_t v = st->brokers[i];
		x = json_object();
		bad |= put(x, "id", json_string(net->id[v]));
		bad |= put(x, "constraint", num(st->constraint[v], 6));
		bad |= put(x, "degree", json_integer(st->degree[v]));
		bad |= put(x, "circles", json_integer(st->broker_circles[i]));
		bad |= json_array_append_new(a, x);
	}
	bad |= put(r, "brokers", a);

	x = json_object();
	bad |= put(x, "method", json_string(rn_community_method_name(st->method)));
	bad |= put(x, "objective", json_string("modularity"));
	bad |= put(x, "resolution", isnan(st->modularity) ? json_null() : json_real(st->resolution));
	if (st->method == RN_COMMUNITY_LEIDEN) {
		bad |= put(x, "beta", json_real(RN_COMMUNITY_LEIDEN_BETA));
		bad |= put(x, "iterations", json_integer(RN_COMMUNITY_LEIDEN_ITERATIONS));
	}
	bad |= put(r, "community_method", x);
	bad |= put(r, "modularity", num(st->modularity, 6));
	bad |= put(r, "community_count", json_integer(st->ncommunities));
	bad |= put(r, "singletons", json_integer(st->singletons));
	a = json_array();
	for (size_t c = 0; a && c < st->ncommunities_listed; c++) {
		const struct rn_stats_community *sc = &st->communities[c];
		json_t *mem = json_array(), *tags = json_array();
		x = json_object();
		bad |= put(x, "community", json_integer((json_int_t) c + 1));
		bad |= put(x, "size", json_integer(sc->size));
		bad |= put(x, "ties_inside", json_integer(sc->ties_inside));
		for (size_t i = 0; mem && i < sc->nmembers; i++) {
			json_t *m = json_object();
			bad |= put(m, "id", json_string(net->id[sc->members[i]]));
			bad |= put(m, "strength_inside", num(sc->member_strength[i], 4));
			bad |= json_array_append_new(mem, m);
		}
		for (size_t i = 0; tags && i < sc->ntags; i++) {
			json_t *t = json_object();
			bad |= put(t, "tag", json_string(net->tag_text[sc->tags[i].tag]));
			bad |= put(t, "count", json_integer(sc->tags[i].count));
			bad |= json_array_append_new(tags, t);
		}
		bad |= put(x, "members", mem);
		bad |= put(x, "offers", tags);
		bad |= json_array_append_new(a, x);
	}
	bad |= put(r, "communities", a);

	bad |= put(r, "isolated_count", json_integer(st->nisolated));
	a = json_array();
	for (size_t i = 0; a && i < st->nisolated_listed; i++)
		bad |= json_array_append_new(a, json_string(net->id[st->isolated[i]]));
	bad |= put(r, "isolated", a);
	bad |= put(r, "weak_below", num(o->opt->weak_below, 6));
	bad |= put(r, "weakly_tied_count", json_integer(st->nweak));
	a = json_array();
	for (size_t i = 0; a && i < st->nweak_listed; i++) {
		x = json_object();
		bad |= put(x, "id", json_string(net->id[st->weak[i]]));
		bad |= put(x, "ties", json_integer(st->degree[st->weak[i]]));
		bad |= put(x, "strongest", num(st->weak_max[i], 4));
		bad |= json_array_append_new(a, x);
	}
	bad |= put(r, "weakly_tied", a);

	x = json_object();
	bad |= put(x, "events", json_integer(st->referrals));
	bad |= put(x, "pairs", json_integer(st->referral_pairs));
	bad |= put(x, "mutual_pairs", json_integer(st->mutual_pairs));
	bad |= put(x, "one_way_pairs", json_integer(st->referral_pairs - st->mutual_pairs));
	bad |= put(x, "mutuality", num(st->mutuality, 6));
	bad |= put(x, "reciprocity", num(st->reciprocity, 6));
	bad |= put(r, "referrals", x);
	if (bad) {
		json_decref(r);
		return NULL;
	}
	return r;
}

static int write_json(void *ctx, FILE *fp)
{
	json_t *r = json_report(ctx);
	if (!r) {
		errno = ENOMEM;
		return -1;
	}
	int rc = json_dumpf(r, fp, JSON_INDENT(2) | JSON_REAL_PRECISION(15)) == 0 &&
	         fputc('\n', fp) != EOF && !ferror(fp) ? 0 : -1;
	json_decref(r);
	return rc;
}

/* ---- the command ---- */

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double) ts.tv_sec + ts.tv_nsec / 1e9;
}

static int run(int argc, char **argv)
{
	struct rn_cli cli;
	struct rn_network net;
	struct rn_stats st;
	struct ctx c;

	memset(&c, 0, sizeof(c));
	rn_stats_options_init(&c.opt);
	int status = rn_cli_parse(&cli, &rn_stats_command, argc, argv, &c);
	if (status != RN_OK || cli.help)
		return status;
	if (c.opt.exact && c.samples_given) {
		return rn_cli_usage_error(&cli, "--exact and --samples exclude each other");
	}
	c.opt.force_samples = c.samples_given;
	c.opt.seed = cli.seed;
	c.opt.as_of = cli.as_of;
	int tty = !cli.quiet && isatty(STDERR_FILENO);
	if (tty)
		c.opt.progress = progress;

	status = rn_cli_load(&cli, &net, NULL);
	if (status != RN_OK)
		return status;
	double t0 = now_seconds();
	status = rn_stats_compute(&net, &c.opt, &st);
	if (tty)
		fputs("\r\033[K", stderr);
	if (status != RN_OK) {
		rn_cli_error(&cli, status, "%s", status == RN_E_INTERNAL ?
		             "cannot compute the statistics (out of memory or an igraph failure)" :
		             "invalid options");
		rn_network_release(&net);
		return status;
	}
	if (cli.verbose)
		fprintf(stderr, "refnet stats: computed in %.3f s (betweenness %s from %lld "
		        "source%s)\n", now_seconds() - t0, st.betweenness_exact ? "exact" : "estimated",
		        (long long) st.sources, st.sources == 1 ? "" : "s");

	struct out o = { &cli, &net, &c.opt, &st, rn_cli_text_width(&cli) };
	status = rn_cli_write(&cli, cli.format == RN_FMT_JSON ? write_json : write_text, &o);
	rn_stats_release(&st);
	rn_network_release(&net);
	return status;
}

const struct rn_command rn_stats_command = {
	.name = "stats",
	.summary = "size, connectors, brokers, communities, isolated contacts, mutuality",
	.usage = stats_usage,
	.run = run,
	.opts = options,
	.option = on_option,
	.formats = RN_FMT_BIT(RN_FMT_TEXT) | RN_FMT_BIT(RN_FMT_JSON),
	.needs = RN_NEEDS_GRAPH,
};

/*
 * refnet stats: what the whole network looks like, as a readable report
 * (text) or one JSON object.  The numbers come from src/analysis/stats.c;
 * this file owns the options, the progress line and the two layouts.
 *
 * It does not write csv or tsv: the report is a set of lists of different
 * shapes, so programs get the one JSON object (docs/stats.md, the opening
 * paragraph and "JSON").
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "health.h"
#include "refnet/date.h"
#include "refnet/json.h"
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

static int stats_option(const struct rn_cli *cli, void *vctx, int code, const char *arg)
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

/* The report as one JSON object, in d (checked once, by the writer). */
static void json_report(const struct out *o, struct rn_json *d)
{
	const struct rn_stats *st = o->st;
	const struct rn_network *net = o->net;
	json_t *r = rn_json_init(d), *x, *a;

	rn_json_set_str(d, r, "network", network_name(o->cli));
	rn_json_set_date(d, r, "as_of", o->cli->as_of);
	rn_json_set_int(d, r, "seed", (long long) o->opt->seed);
	rn_json_set_int(d, r, "contacts", st->contacts);
	rn_json_set_int(d, r, "ties", st->ties);
	x = rn_json_add_object(d, r, "stages");
	for (int k = RN_STAGE_SUSPECT; k <= RN_STAGE_PARTNER; k++)
		rn_json_set_int(d, x, rn_stage_name((enum rn_stage) k), st->stages[k]);
	rn_json_set_int(d, x, "other", st->stages[RN_STAGE_OTHER]);
	rn_json_set_int(d, x, "none", st->stages[RN_STAGE_NONE]);
	rn_json_set_int(d, r, "events", st->events);
	rn_json_set_int(d, r, "events_after_as_of", st->events_ignored);
	x = rn_json_add_object(d, r, "kinds");
	for (int k = 0; k < RN_KIND_COUNT; k++)
		rn_json_set_int(d, x, rn_kind_name((enum rn_kind) k), st->kinds[k]);
	rn_json_set_num(d, r, "density", st->density, 6);
	rn_json_set_num(d, r, "average_degree", st->average_degree, 6);
	rn_json_set_int(d, r, "components", st->components);
	rn_json_set_int(d, r, "largest_component", st->largest_component);
	rn_json_set_int(d, r, "triangles", st->triangles);
	rn_json_set_num(d, r, "transitivity", st->transitivity, 6);
	rn_json_set_num(d, r, "average_clustering", st->average_clustering, 6);

	x = rn_json_add_object(d, r, "betweenness");
	rn_json_set_str(d, x, "method", st->betweenness_exact ? "exact" : "estimate");
	rn_json_set_int(d, x, "sources", st->sources);
	rn_json_set_int(d, x, "pool", st->source_pool);
	rn_json_set_num(d, x, "cost_shift", RN_STATS_COST_SHIFT, -1);

	a = rn_json_add_array(d, r, "connectors");
	for (size_t i = 0; i < st->nconnectors; i++)
		rn_json_set_str(d, a, NULL, net->id[st->connectors[i]]);
	a = rn_json_add_array(d, r, "connector_scores");
	for (size_t i = 0; i < st->nconnectors; i++) {
		igraph_integer_t v = st->connectors[i];
		x = rn_json_add_object(d, a, NULL);
		rn_json_set_str(d, x, "id", net->id[v]);
		rn_json_set_num(d, x, "betweenness", st->betweenness[v], 4);
		rn_json_set_num(d, x, "path_share", path_share(st, st->betweenness[v]), 6);
		rn_json_set_int(d, x, "degree", st->degree[v]);
		rn_json_set_num(d, x, "strength", st->strength[v], 4);
		rn_json_set_int(d, x, "community", st->community[v] + 1);
	}

	a = rn_json_add_array(d, r, "hubs");
	for (size_t i = 0; i < st->nhubs; i++) {
		igraph_integer_t v = st->hubs[i];
		x = rn_json_add_object(d, a, NULL);
		rn_json_set_str(d, x, "id", net->id[v]);
		rn_json_set_num(d, x, "strength", st->strength[v], 4);
		rn_json_set_int(d, x, "degree", st->degree[v]);
	}

	a = rn_json_add_array(d, r, "brokers");
	for (size_t i = 0; i < st->nbrokers; i++) {
		igraph_integer_t v = st->brokers[i];
		x = rn_json_add_object(d, a, NULL);
		rn_json_set_str(d, x, "id", net->id[v]);
		rn_json_set_num(d, x, "constraint", st->constraint[v], 6);
		rn_json_set_int(d, x, "degree", st->degree[v]);
		rn_json_set_int(d, x, "circles", st->broker_circles[i]);
	}

	x = rn_json_add_object(d, r, "community_method");
	rn_json_set_str(d, x, "method", rn_community_method_name(st->method));
	rn_json_set_str(d, x, "objective", "modularity");
	if (isnan(st->modularity))
		rn_json_set_null(d, x, "resolution");
	else
		rn_json_set_num(d, x, "resolution", st->resolution, -1);
	if (st->method == RN_COMMUNITY_LEIDEN) {
		rn_json_set_num(d, x, "beta", RN_COMMUNITY_LEIDEN_BETA, -1);
		rn_json_set_int(d, x, "iterations", RN_COMMUNITY_LEIDEN_ITERATIONS);
	}
	rn_json_set_num(d, r, "modularity", st->modularity, 6);
	rn_json_set_int(d, r, "community_count", st->ncommunities);
	rn_json_set_int(d, r, "singletons", st->singletons);
	a = rn_json_add_array(d, r, "communities");
	for (size_t c = 0; c < st->ncommunities_listed; c++) {
		const struct rn_stats_community *sc = &st->communities[c];
		x = rn_json_add_object(d, a, NULL);
		rn_json_set_int(d, x, "community", (long long) c + 1);
		rn_json_set_int(d, x, "size", sc->size);
		rn_json_set_int(d, x, "ties_inside", sc->ties_inside);
		json_t *list = rn_json_add_array(d, x, "members");
		for (size_t i = 0; i < sc->nmembers; i++) {
			json_t *m = rn_json_add_object(d, list, NULL);
			rn_json_set_str(d, m, "id", net->id[sc->members[i]]);
			rn_json_set_num(d, m, "strength_inside", sc->member_strength[i], 4);
		}
		list = rn_json_add_array(d, x, "offers");
		for (size_t i = 0; i < sc->ntags; i++) {
			json_t *t = rn_json_add_object(d, list, NULL);
			rn_json_set_str(d, t, "tag", net->tag_text[sc->tags[i].tag]);
			rn_json_set_int(d, t, "count", sc->tags[i].count);
		}
	}

	rn_json_set_int(d, r, "isolated_count", st->nisolated);
	a = rn_json_add_array(d, r, "isolated");
	for (size_t i = 0; i < st->nisolated_listed; i++)
		rn_json_set_str(d, a, NULL, net->id[st->isolated[i]]);
	rn_json_set_num(d, r, "weak_below", o->opt->weak_below, 6);
	rn_json_set_int(d, r, "weakly_tied_count", st->nweak);
	a = rn_json_add_array(d, r, "weakly_tied");
	for (size_t i = 0; i < st->nweak_listed; i++) {
		x = rn_json_add_object(d, a, NULL);
		rn_json_set_str(d, x, "id", net->id[st->weak[i]]);
		rn_json_set_int(d, x, "ties", st->degree[st->weak[i]]);
		rn_json_set_num(d, x, "strongest", st->weak_max[i], 4);
	}

	x = rn_json_add_object(d, r, "referrals");
	rn_json_set_int(d, x, "events", st->referrals);
	rn_json_set_int(d, x, "pairs", st->referral_pairs);
	rn_json_set_int(d, x, "mutual_pairs", st->mutual_pairs);
	rn_json_set_int(d, x, "one_way_pairs", st->referral_pairs - st->mutual_pairs);
	rn_json_set_num(d, x, "mutuality", st->mutuality, 6);
	rn_json_set_num(d, x, "reciprocity", st->reciprocity, 6);
}

/* Build the report, then write it (exit status). */
static int write_json(const struct out *o)
{
	struct rn_json d;
	json_report(o, &d);
	int st = rn_cli_write_json(o->cli, &d);
	rn_json_release(&d);
	return st;
}

/* ---- the command ---- */

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double) ts.tv_sec + ts.tv_nsec / 1e9;
}

static int stats_run(int argc, char **argv)
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
	status = cli.format == RN_FMT_JSON ? write_json(&o) : rn_cli_write(&cli, write_text, &o);
	rn_stats_release(&st);
	rn_network_release(&net);
	return status;
}

const struct rn_command rn_stats_command = {
	.name = "stats",
	.summary = "size, connectors, brokers, communities, isolated contacts, mutuality",
	.usage = stats_usage,
	.run = stats_run,
	.opts = options,
	.option = stats_option,
	.formats = RN_FMT_BIT(RN_FMT_TEXT) | RN_FMT_BIT(RN_FMT_JSON),
	.needs = RN_NEEDS_GRAPH,
};

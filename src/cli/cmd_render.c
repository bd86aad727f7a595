/*
 * refnet render: the network as a diagram (DOT, SVG, PNG or PDF) through
 * Graphviz.  This file reads the options, picks the view and writes the
 * bytes atomically; the drawing itself is src/render/.  It refuses views
 * larger than --max-nodes (exit 64) and says how to narrow them.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "resolve.h"
#include "vocab.h"
#include "refnet/intro.h"
#include "refnet/render.h"

static const char render_usage[] =
	"usage: refnet render [NETWORK_DIR] [OPTIONS]\n"
	"\n"
	"Draw the network with Graphviz: one node per contact, filled by stage (or\n"
	"community) in the colour-blind safe Okabe-Ito palette, sized by number of\n"
	"ties; one line per tie, as wide as its strength, dashed when the pair has\n"
	"not interacted for --stale-after days; a legend; tooltips in SVG.\n"
	"\n"
	"views (combine them; the default is the whole network):\n"
	"  --for ID            only ID and the contacts near it (ego network; also\n"
	"                      --focus ID)\n"
	"  --hops N            how near, in ties (default 1; needs --for)\n"
	"  --community K       only community K (Leiden; 1 is the largest)\n"
	"  --top N             only the N contacts with the most ties\n"
	"  --max-nodes N       refuse views larger than this (default 10000)\n"
	"  --intro FROM:NEED   highlight the best introduction routes from FROM to\n"
	"                      contacts offering NEED (as refnet intro finds them),\n"
	"                      over FROM's neighbourhood unless another view is given\n"
	"\n"
	"drawing:\n"
	"  --format dot|svg|png|pdf\n"
	"                      default: from the -o file's extension, else svg;\n"
	"                      dot is the styled graph before layout\n"
	"  --layout auto|dot|neato|fdp|sfdp|circo|fr\n"
	"                      auto (default): neato up to 120 contacts, sfdp up to\n"
	"                      1000, fr (igraph Fruchterman-Reingold) beyond\n"
	"  --color-by stage|community\n"
	"                      fill colour (default stage)\n"
	"  --stale-after DAYS  ties with no interaction for longer are dashed (90)\n"
	"  --referrals         add referral arrows from the log, coloured by balance\n"
	"  --seed N            communities and layouts (same seed, same drawing)\n"
	"  --as-of DATE        the day stale ties are counted from (default today)\n"
	"  -o FILE             write to FILE atomically (default standard output)\n"
	"  --contacts FILE, --ties FILE, --log FILE   as for check\n"
	"  -q, --quiet         no warnings; -v, --verbose: what was drawn, and timings\n"
	"\n"
	"examples:\n"
	"  refnet render datasets/sample --as-of 2026-11-01 -o network.svg\n"
	"  refnet render datasets/sample --for kevin-doyle --hops 2 -o kevin.png\n"
	"  refnet render datasets/sample --intro tom-kowalski:'estate attorney' -o routes.svg\n"
	"  refnet render datasets/sample --color-by community --community 3 -o community3.pdf\n";

enum {
	OPT_FOCUS = 2000, OPT_HOPS, OPT_COMMUNITY, OPT_TOP, OPT_MAX_NODES, OPT_LAYOUT,
	OPT_COLOR_BY, OPT_STALE_AFTER, OPT_REFERRALS, OPT_INTRO
};

static const struct option render_opts[] = {
	{ "for", required_argument, NULL, OPT_FOCUS },
	{ "focus", required_argument, NULL, OPT_FOCUS },
	{ "hops", required_argument, NULL, OPT_HOPS },
	{ "community", required_argument, NULL, OPT_COMMUNITY },
	{ "top", required_argument, NULL, OPT_TOP },
	{ "max-nodes", required_argument, NULL, OPT_MAX_NODES },
	{ "layout", required_argument, NULL, OPT_LAYOUT },
	{ "color-by", required_argument, NULL, OPT_COLOR_BY },
	{ "colour-by", required_argument, NULL, OPT_COLOR_BY },
	{ "stale-after", required_argument, NULL, OPT_STALE_AFTER },
	{ "referrals", no_argument, NULL, OPT_REFERRALS },
	{ "intro", required_argument, NULL, OPT_INTRO },
	{ NULL, 0, NULL, 0 }
};

struct render_args {
	struct rn_render_options o;
	const char *focus;
	int hops_given;
	const char *intro;   /* FROM:NEED */
	char title[512];     /* the routes' heading */
};

static int render_option(const struct rn_cli *cli, void *ctx, int code, const char *arg)
{
	struct render_args *a = ctx;
	unsigned long long v;
	int st;

	switch (code) {
	case OPT_FOCUS:
		a->focus = arg;
		return RN_OK;
	case OPT_HOPS:
		a->hops_given = 1;
		return rn_opt_int(cli, "--hops", arg, 1, 1000, &a->o.hops);
	case OPT_COMMUNITY:
		st = rn_opt_uint(cli, "--community", arg, 1, INT64_MAX,
		                 "a community number (1 is the largest)", &v);
		a->o.community = (igraph_integer_t) v;
		return st;
	case OPT_TOP:
		st = rn_opt_uint(cli, "--top", arg, 1, INT64_MAX, "a positive whole number", &v);
		a->o.top = (igraph_integer_t) v;
		return st;
	case OPT_MAX_NODES:
		st = rn_opt_uint(cli, "--max-nodes", arg, 1, INT64_MAX, "a positive whole number", &v);
		a->o.max_nodes = (igraph_integer_t) v;
		return st;
	case OPT_LAYOUT:
		if (rn_render_layout_parse(arg, &a->o.layout) < 0)
			return rn_opt_bad(cli, "--layout", "auto, dot, neato, fdp, sfdp, circo or fr", arg);
		return RN_OK;
	case OPT_COLOR_BY:
		if (strcmp(arg, "stage") == 0)
			a->o.color_by = RN_COLOR_STAGE;
		else if (strcmp(arg, "community") == 0)
			a->o.color_by = RN_COLOR_COMMUNITY;
		else
			return rn_opt_bad(cli, "--color-by", "stage or community", arg);
		return RN_OK;
	case OPT_STALE_AFTER:
		st = rn_opt_uint(cli, "--stale-after", arg, 0, 1000000, "a number of days", &v);
		a->o.stale_after = (int) v;
		return st;
	case OPT_REFERRALS:
		a->o.referrals = 1;
		return RN_OK;
	case OPT_INTRO:
		if (!strchr(arg, ':') || arg[0] == ':' || !strchr(arg, ':')[1])
			return rn_opt_bad(cli, "--intro", "FROM:NEED, e.g. ana-lopez:'estate attorney'",
			                  arg);
		a->intro = arg;
		return RN_OK;
	}
	return RN_E_USAGE;
}

static int write_bytes(void *ctx, FILE *fp)
{
	const struct rn_render_result *res = ctx;
	if (res->len && fwrite(res->data, 1, res->len, fp) != res->len)
		return -1;
	return ferror(fp) ? -1 : 0;
}

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double) ts.tv_sec + ts.tv_nsec / 1e9;
}

static int usage_error(const struct rn_cli *cli, const char *msg)
{
	return rn_cli_usage_error(cli, "%s", msg);
}

static int choose_format(struct rn_cli *cli, struct render_args *a)
{
	int to_file = cli->output && strcmp(cli->output, "-") != 0;
	char msg[512];

	if (cli->format_arg) {
		if (rn_render_format_parse(cli->format_arg, &a->o.format) < 0) {
			static const char *const names[] = { "dot", "svg", "png", "pdf" };
			char hint[128];
			snprintf(msg, sizeof(msg), "unsupported --format '%s'%s (use dot, svg, png or pdf)",
			         cli->format_arg, rn_cli_hint(hint, sizeof(hint), cli->format_arg, names,
			                                      RN_ARRAY_LEN(names), NULL));
			return usage_error(cli, msg);
		}
	} else if (to_file) {
		if (rn_render_format_from_path(cli->output, &a->o.format) < 0) {
			snprintf(msg, sizeof(msg), "cannot tell the format from the name '%s': "
			         "give --format dot, svg, png or pdf", cli->output);
			return usage_error(cli, msg);
		}
	} else {
		a->o.format = RN_RENDER_SVG;
	}
	if (!to_file && (a->o.format == RN_RENDER_PNG || a->o.format == RN_RENDER_PDF) &&
	    isatty(STDOUT_FILENO)) {
		snprintf(msg, sizeof(msg), "not writing %s to a terminal: give -o FILE",
		         a->o.format == RN_RENDER_PNG ? "a PNG image" : "a PDF document");
		return usage_error(cli, msg);
	}
	return RN_OK;
}

static int too_large(const struct rn_cli *cli, const struct rn_render_view *view,
                     igraph_integer_t max)
{
	fprintf(stderr,
	        "refnet %s: the view has %lld contacts, more than --max-nodes %lld: "
	        "a drawing that large is unreadable\n"
	        "Narrow it with --for ID --hops N (one contact's neighbourhood), "
	        "--community K (one community; 1 is the largest), or --top N (the N best "
	        "connected contacts); they combine.  Or raise --max-nodes.\n",
	        cli->cmd, (long long) view->n, (long long) max);
	return RN_E_USAGE;
}

/*
 * The routes of --intro FROM:NEED, as highlighted paths (the default intro
 * options, as `refnet intro` uses them).  Prints and returns a status.
 */
static int intro_routes(const struct rn_cli *cli, const struct rn_network *net,
                        struct render_args *a, struct rn_routes *rs,
                        struct rn_render_path **paths)
{
	const char *colon = strchr(a->intro, ':');
	char *from_id = strndup(a->intro, (size_t) (colon - a->intro));
	const char *need = colon + 1;
	struct rn_intro_options io;
	struct rn_needs_index ix = { 0 };
	struct rn_intro in = { 0 };
	int st = RN_E_INTERNAL;

	rn_intro_options_default(&io);
	if (!from_id)
		return RN_E_INTERNAL;
	int found;
	igraph_integer_t from = rn_cli_contact(cli, net, "--intro", from_id, &found);
	free(from_id);
	if (from < 0)
		return found;
	st = rn_cli_intro_init(cli, net, &io, 0, &ix, &in);
	if (st != RN_OK)
		goto fail;
	st = RN_E_INTERNAL;
	if (rn_intro_need(&in, &ix, from, need, NULL, 0, rs) != RN_OK)
		goto cleanup;
	*paths = calloc(rs->n + 1, sizeof(**paths));
	if (!*paths)
		goto cleanup;
	for (size_t i = 0; i < rs->n; i++)
		(*paths)[i] = (struct rn_render_path) { rs->r[i].path, rs->r[i].nhops + 1,
		                                        rs->r[i].score };
	a->o.highlight = *paths;
	a->o.nhighlight = rs->n;
	snprintf(a->title, sizeof(a->title), "Introduction routes from %s (%s) to '%s', best first",
	         net->name[from], net->id[from], need);
	a->o.title = a->title;
	if (!rs->n && !cli->quiet)
		fprintf(stderr, "refnet render: no introduction route from '%s' for '%s'; "
		        "drawing without highlights\n", rn_cli_shown(net->id[from]), need);
	/* Without another view, draw the routes over the asker's neighbourhood. */
	if (!a->focus && a->o.community == 0 && a->o.top == 0)
		a->o.focus = from;
	st = RN_OK;
cleanup:
	if (st == RN_E_INTERNAL)
		rn_cli_error(cli, st, "out of memory");
fail:
	rn_intro_release(&in);
	rn_needs_index_release(&ix);
	return st;
}

int rn_render_facts_compute(const struct rn_cli *cli, const struct rn_network *net,
                            struct rn_render_options *o, struct rn_render_facts *f)
{
	char err[1024] = "";
	memset(f, 0, sizeof(*f));
	if (rn_activity_compute(net, o->as_of, &f->act) != RN_OK)
		return rn_cli_error(cli, RN_E_INTERNAL, "out of memory");
	o->activity = &f->act;
	if (o->community > 0 || o->color_by == RN_COLOR_COMMUNITY) {
		enum rn_status st = rn_communities_find(net, RN_COMMUNITY_LEIDEN, o->seed, &f->comm,
		                                        err, sizeof(err));
		if (st != RN_OK)
			return rn_cli_error(cli, st, "%s", err[0] ? err : "out of memory");
		o->communities = &f->comm;
	}
	if (o->referrals) {
		struct rn_reciprocity_options ro;
		rn_reciprocity_options_default(&ro);
		if (rn_reciprocity_compute(net, &ro, o->as_of, &f->recip) != RN_OK)
			return rn_cli_error(cli, RN_E_INTERNAL, "%s", rn_igraph_last_error()[0] ?
			                    rn_igraph_last_error() : "out of memory");
		o->reciprocity = &f->recip;
	}
	return RN_OK;
}

void rn_render_facts_release(struct rn_render_facts *f)
{
	rn_activity_release(&f->act);
	rn_communities_release(&f->comm);
	rn_reciprocity_release(&f->recip);
}

static int render_run(int argc, char **argv)
{
	struct rn_cli cli;
	struct rn_network net;
	struct render_args a;
	struct rn_render_view view;
	struct rn_render_result res;
	struct rn_renderer *r = NULL;
	char err[1024] = "";
	int loaded = 0;
	struct rn_routes routes = { 0 };
	struct rn_render_path *paths = NULL;
	struct rn_render_facts facts;

	memset(&facts, 0, sizeof(facts));
	memset(&a, 0, sizeof(a));
	memset(&view, 0, sizeof(view));
	memset(&res, 0, sizeof(res));
	rn_render_options_default(&a.o);
	int st = rn_cli_parse(&cli, &rn_render_command, argc, argv, &a);
	if (st != RN_OK || cli.help)
		return st;
	if (a.hops_given && !a.focus)
		return usage_error(&cli, "--hops needs --for ID");
	st = choose_format(&cli, &a);
	if (st != RN_OK)
		return st;
	a.o.as_of = cli.as_of;
	a.o.seed = cli.seed;

	double t0 = now_seconds();
	cli.need_graph = a.o.community > 0 || a.o.color_by == RN_COLOR_COMMUNITY;
	st = rn_cli_load(&cli, &net, NULL);
	if (st != RN_OK)
		return st;
	loaded = 1;

	if (a.focus) {
		a.o.focus = rn_cli_contact(&cli, &net, "--for", a.focus, &st);
		if (a.o.focus < 0)
			goto cleanup;
	}
	if (a.intro) {
		st = intro_routes(&cli, &net, &a, &routes, &paths);
		if (st != RN_OK)
			goto cleanup;
	}
	st = rn_render_facts_compute(&cli, &net, &a.o, &facts);
	if (st != RN_OK)
		goto cleanup;
	double t1 = now_seconds();
	st = rn_render_view_build(&net, &a.o, &view, err, sizeof(err));
	if (st == RN_E_USAGE) {
		st = usage_error(&cli, err);
		goto cleanup;
	}
	if (st != RN_OK) {
		rn_cli_error(&cli, st, "%s", err[0] ? err : "out of memory");
		goto cleanup;
	}
	if (view.n > a.o.max_nodes) {
		st = too_large(&cli, &view, a.o.max_nodes);
		goto cleanup;
	}

	double t2 = now_seconds();
	st = rn_renderer_new(&r);
	if (st != RN_OK) {
		rn_cli_error(&cli, st, "cannot start graphviz");
		goto cleanup;
	}
	st = rn_render_draw(r, &net, &view, &a.o, &res, err, sizeof(err));
	if (st != RN_OK) {
		rn_cli_error(&cli, st, "%s", err[0] ? err : "out of memory");
		goto cleanup;
	}
	double t3 = now_seconds();
	st = rn_cli_write(&cli, write_bytes, &res);
	if (st == RN_OK && cli.verbose) {
		fprintf(stderr, "refnet render: %lld contacts (%lld named), %lld ties; layout %s; "
		        "%s, %zu bytes\n", (long long) res.nodes, (long long) res.labelled,
		        (long long) res.edges, rn_render_layout_name(res.layout),
		        rn_render_format_name(a.o.format), res.len);
		if (view.community)
			fprintf(stderr, "refnet render: %lld communities, modularity %.3f\n",
			        (long long) view.ncommunities, view.modularity);
		fprintf(stderr, "refnet render: load %.3f s, view %.3f s, draw %.3f s\n",
		        t1 - t0, t2 - t1, t3 - t2);
	}

cleanup:
	free(paths);
	rn_routes_release(&routes);
	rn_render_result_release(&res);
	rn_renderer_free(r);
	rn_render_view_release(&view);
	rn_render_facts_release(&facts);
	if (loaded)
		rn_network_release(&net);
	return st;
}

const struct rn_command rn_render_command = {
	.name = "render",
	.summary = "draw the network as DOT, SVG, PNG or PDF with Graphviz",
	.usage = render_usage,
	.run = render_run,
	.opts = render_opts,
	.option = render_option,
	.needs = RN_NEEDS_ADJACENCY,
};

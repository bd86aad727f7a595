/*
 * refnet report: one self-contained HTML file for a meeting.  This file
 * reads the options, runs the analyses the report shows (reciprocity over
 * the whole log and over the window, follow-ups, matches, stats, intro
 * routes for a member page), draws the diagram, and hands the results to
 * the report writer (src/output/report.c), which decides nothing about
 * scores.  docs/report.md describes the file.
 */
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "health.h"
#include "resolve.h"
#include "refnet/date.h"
#include "refnet/parallel.h"
#include "refnet/followup.h"
#include "refnet/intro.h"
#include "refnet/match.h"
#include "refnet/reciprocity.h"
#include "refnet/render.h"
#include "refnet/report.h"
#include "refnet/stats.h"

#define DEFAULT_WINDOW 7      /* days before --as-of: a weekly meeting */
#define DEFAULT_TOP 300       /* contacts in the diagram */
#define DEFAULT_ROWS 10       /* rows per list */
#define ROUTES_PER_NEED 3

static const char usage[] =
	"usage: refnet report [NETWORK_DIR] -o FILE.html [--for ID] [OPTIONS]\n"
	"\n"
	"Write one HTML file for a meeting, that opens offline in any browser and\n"
	"prints well.  Ranked lists first: since --since, the referrals, thank-yous\n"
	"and meetings logged (with values; lost referrals are not counted as value),\n"
	"the members (partners) who gave no referral, whom to put together and by\n"
	"whom, one-way and strained partnerships, follow-ups grouped by who should\n"
	"act, connectors and circles; then the network diagram (as refnet render\n"
	"draws it) with pan, zoom and details on hover.  Tables sort by a click on\n"
	"a heading and filter by text; the file's address can name an initial\n"
	"order: report.html#sort=matches:score:desc.  With --for ID, one member's\n"
	"page: their scorecard, their warmest routes to each of their needs, their\n"
	"follow-ups, and their part of the diagram.  The file fetches nothing: a\n"
	"Content-Security-Policy forbids it.  See docs/report.md.\n"
	"\n"
	"options:\n"
	"  --for ID            one member's page (an id, or a unique name)\n"
	"  --since DATE        the window's first day (default: 7 days before --as-of)\n"
	"  --top N             the diagram shows at most the N best connected\n"
	"                      contacts (default 300); a member page shows their\n"
	"                      neighbourhood\n"
	"  --rows N            rows per list at most (default 10; 0: all)\n"
	"  --seed N            communities and layout (same seed, same file)\n"
	"  --as-of DATE        the day counted as today (default: today)\n"
	"  -o FILE             write to FILE atomically (default standard output,\n"
	"                      but not to a terminal)\n"
	"  -q, -v, --contacts/--ties/--log FILE\n"
	"\n"
	"examples:\n"
	"  refnet report datasets/sample --as-of 2026-11-01 -o report.html\n"
	"  refnet report datasets/sample --as-of 2026-11-01 --for kevin-doyle -o kevin.html\n"
	"  refnet report datasets/sample --top 30 --since 2026-10-01 -o october.html\n";

enum { OPT_FOR = 2600, OPT_SINCE, OPT_TOP, OPT_ROWS };

static const struct option options[] = {
	{ "for", required_argument, NULL, OPT_FOR },
	{ "since", required_argument, NULL, OPT_SINCE },
	{ "top", required_argument, NULL, OPT_TOP },
	{ "rows", required_argument, NULL, OPT_ROWS },
	{ NULL, 0, NULL, 0 }
};

struct ctx {
	const char *for_id;
	int since;
	int top;
	int rows;
};

static int report_option(const struct rn_cli *cli, void *vctx, int code, const char *arg)
{
	struct ctx *c = vctx;
	switch (code) {
	case OPT_FOR: c->for_id = arg; return 0;
	case OPT_SINCE:
		return rn_opt_date(cli, "--since", arg, &c->since);
	case OPT_TOP:
		return rn_opt_int(cli, "--top", arg, 1, 100000, &c->top);
	case OPT_ROWS:
		return rn_opt_int(cli, "--rows", arg, 0, 1000000, &c->rows);
	}
	return RN_E_USAGE;
}

static int write_report(void *ctx, FILE *fp)
{
	return rn_report_write(fp, ctx);
}

/* The network's name: the last part of its directory ("." is the current one). */
static void network_title(const struct rn_cli *cli, char *buf, size_t n)
{
	char path[PATH_MAX];
	const char *dir = cli->dir ? cli->dir : ".";
	if ((strcmp(dir, ".") == 0 || strcmp(dir, "./") == 0) && getcwd(path, sizeof(path)))
		dir = path;
	else
		snprintf(path, sizeof(path), "%s", dir), dir = path;
	size_t len = strlen(path);
	while (len > 1 && path[len - 1] == '/')
		path[--len] = '\0';
	const char *slash = strrchr(path, '/');
	const char *base = slash && slash[1] ? slash + 1 : path;
	snprintf(buf, n, "%s", *base && strcmp(base, "/") != 0 ? base : "network");
}

/*
 * The part of the work that never calls igraph (follow-ups, the needs index,
 * the trust model, matches), run on a thread of its own while the calling
 * thread runs stats (igraph; Debian's igraph is not thread-safe, so only one
 * thread may use it) and draws the diagram.  The results do not depend on
 * the timing.
 */
struct side {
	const struct rn_network *net;
	const struct rn_followup_options *fo;
	const struct rn_intro_options *io;
	int as_of;
	igraph_integer_t who;
	size_t rows;
	struct rn_followups *fu;
	struct rn_followup_group **groups;
	size_t *ngroups;
	struct rn_needs_index *ix;
	struct rn_intro *in;
	struct rn_matches *ms;
	enum rn_status st;
};

static void *side_work(void *arg)
{
	struct side *s = arg;
	s->st = RN_E_INTERNAL;
	if (rn_followup_compute(s->net, s->fo, s->as_of, s->who, s->fu) != RN_OK ||
	    rn_followup_group(s->net, s->fu, s->groups, s->ngroups) != RN_OK ||
	    rn_needs_index_init(s->ix, s->net) != RN_OK ||
	    rn_intro_init(s->in, s->net, s->io, s->as_of) != RN_OK)
		return NULL;
	if (s->who < 0) {
		/* Only the listed rows: best_only skips the pairs that cannot make
		 * them (the same rows, without counting every pair). */
		struct rn_match_options mo = { .top = s->rows, .via = -1, .need = NULL,
		                               .best_only = 1 };
		if (rn_intro_precompute(s->in) != RN_OK || rn_match_run(s->in, s->ix, &mo, s->ms) != RN_OK)
			return NULL;
	}
	s->st = RN_OK;
	return NULL;
}

/*
 * The diagram, as refnet render draws it.  On the network page it is drawn
 * on the thread that makes stats' igraph calls, once they are done and
 * beside the betweenness (the layout calls igraph, and only one thread may);
 * else, and in a build where drawing beside other threads is not safe
 * (RN_RENDER_DRAW_BESIDE_THREADS), on the calling thread after the routes.  rn_render_facts_compute
 * says its own errors; the others are left in err for the caller.
 */
struct diagram {
	const struct rn_cli *cli;
	const struct rn_network *net;
	struct rn_render_options *rdo;
	struct rn_render_facts *facts;
	struct rn_render_view *view;
	struct rn_renderer **renderer;
	struct rn_render_result *svg;
	int done;                      /* draw_diagram ran */
	int said;                      /* the error was said already */
	int st;
	char err[1024];
};

static void draw_diagram(void *arg)
{
	struct diagram *d = arg;
	d->done = 1;
	d->st = rn_render_facts_compute(d->cli, d->net, d->rdo, d->facts);
	if (d->st != RN_OK) {
		d->said = 1;
		return;
	}
	d->st = rn_render_view_build(d->net, d->rdo, d->view, d->err, sizeof(d->err));
	if (d->st != RN_OK)
		return;
	d->st = rn_renderer_new(d->renderer);
	if (d->st != RN_OK) {
		snprintf(d->err, sizeof(d->err), "cannot start graphviz");
		return;
	}
	d->st = rn_render_draw(*d->renderer, d->net, d->view, d->rdo, d->svg, d->err,
	                       sizeof(d->err));
}

static int report_run(int argc, char **argv)
{
	struct rn_cli cli;
	struct ctx c = { .since = RN_NO_DATE, .top = DEFAULT_TOP, .rows = DEFAULT_ROWS };
	int st = rn_cli_parse(&cli, &rn_report_command, argc, argv, &c);
	if (st != RN_OK || cli.help)
		return st;
	if (cli.format_arg && strcmp(cli.format_arg, "html") != 0)
		return rn_cli_usage_error(&cli, "unsupported --format '%s' (the report is html)",
		                          cli.format_arg);
	if (c.since == RN_NO_DATE)
		c.since = cli.as_of - DEFAULT_WINDOW;
	if (rn_cli_check_since(&cli, c.since) != RN_OK)
		return RN_E_USAGE;
	if ((!cli.output || strcmp(cli.output, "-") == 0) && isatty(STDOUT_FILENO))
		return rn_cli_usage_error(&cli, "not writing HTML to a terminal: give -o FILE.html");

	struct rn_network net;
	/* Stats wants igraph's graph: built below, beside the side thread's work. */
	cli.need_graph = 0;
	st = rn_cli_load(&cli, &net, NULL);
	if (st != RN_OK)
		return st;

	double t0 = rn_health_now();
	struct rn_reciprocity recip, window;
	struct rn_reciprocity_options ro, wo;
	struct rn_followups fu = { 0 };
	struct rn_followup_group *groups = NULL;   /* fu's, grouped on the side thread */
	size_t ngroups = 0;
	struct rn_followup_options fo;
	struct rn_needs_index ix = { 0 };
	struct rn_intro in = { 0 };
	struct rn_matches ms = { 0 };
	struct rn_stats stats;
	struct rn_routes *routes = NULL;
	struct rn_report_need *needs = NULL;
	struct rn_render_path *paths = NULL;
	struct rn_render_options rdo;
	struct rn_render_view view;
	struct rn_render_facts facts;
	struct rn_render_result svg;
	struct rn_renderer *renderer = NULL;
	struct rn_intro_options io;
	char title[256], note[512];
	int have_stats = 0;
	double t_graph = 0;   /* building igraph's graph, inside "matches/stats/routes" */
	igraph_integer_t who = -1;
	size_t nneeds = 0;

	memset(&recip, 0, sizeof(recip));
	memset(&window, 0, sizeof(window));
	memset(&stats, 0, sizeof(stats));
	memset(&view, 0, sizeof(view));
	memset(&facts, 0, sizeof(facts));
	memset(&svg, 0, sizeof(svg));
	rn_reciprocity_options_default(&ro);
	wo = ro;
	wo.since = c.since;
	rn_followup_options_default(&fo);
	rn_intro_options_default(&io);
	rn_render_options_default(&rdo);

	if (c.for_id && (who = rn_cli_contact(&cli, &net, "--for", c.for_id, &st)) < 0)
		goto cleanup;
	st = RN_E_INTERNAL;
	if (rn_reciprocity_compute(&net, &ro, cli.as_of, &recip) != RN_OK ||
	    rn_reciprocity_compute(&net, &wo, cli.as_of, &window) != RN_OK)
		goto oom;
	double t1 = rn_health_now();

	struct side side = { &net, &fo, &io, cli.as_of, who, (size_t) c.rows, &fu, &groups,
	                     &ngroups, &ix, &in, &ms, RN_E_INTERNAL };
	pthread_t thread;
	int threaded = who < 0 && rn_threads() > 1 &&
	               pthread_create(&thread, NULL, side_work, &side) == 0;
	if (!threaded)
		side_work(&side);
	rdo.format = RN_RENDER_SVG;
	rdo.as_of = cli.as_of;
	rdo.seed = cli.seed;
	if (net.ncontacts > c.top)
		rdo.top = c.top;
	struct diagram dg = { .cli = &cli, .net = &net, .rdo = &rdo, .facts = &facts,
	                      .view = &view, .renderer = &renderer, .svg = &svg };
	if (who < 0) {
		/* The graph is built while the side thread runs (it needs none), so
		 * that building it does not leave the other core idle. */
		double g0 = rn_health_now();
		enum rn_status sst = rn_network_build_graph(&net);
		t_graph = rn_health_now() - g0;
		if (sst == RN_OK) {
			struct rn_stats_options so;
			rn_stats_options_init(&so);
			so.as_of = cli.as_of;
			so.seed = cli.seed;
			if (RN_RENDER_DRAW_BESIDE_THREADS) {
				so.igraph_after = draw_diagram;
				so.igraph_after_ctx = &dg;
			}
			so.no_brokers = 1;   /* the report lists connectors and circles, not brokers */
			sst = rn_stats_compute(&net, &so, &stats);
		}
		if (threaded)
			pthread_join(thread, NULL);
		if (sst != RN_OK && !net.has_graph)
			goto oom;
		if (sst != RN_OK) {
			st = rn_cli_error(&cli, sst, "%s", rn_igraph_last_error());
			goto cleanup;
		}
		have_stats = 1;
	}
	if (side.st != RN_OK)
		goto oom;
	if (who >= 0) {
		/* The member's routes to each of their needs. */
		const struct rn_tag_span *span = &net.needs[who];
		nneeds = span->n;
		routes = calloc(nneeds + 1, sizeof(*routes));
		needs = calloc(nneeds + 1, sizeof(*needs));
		if (!routes || !needs)
			goto oom;
		io.k = ROUTES_PER_NEED;
		in.opt.k = ROUTES_PER_NEED;
		size_t npaths = 0;
		for (size_t k = 0; k < nneeds; k++) {
			uint32_t tag = net.tag_refs[span->at + k];
			needs[k].tag = tag;
			needs[k].routes = &routes[k];
			if (rn_intro_need(&in, &ix, who, net.tag_text[tag], NULL, 0, &routes[k]) != RN_OK)
				goto oom;
			npaths += routes[k].n;
		}
		paths = calloc(npaths + 1, sizeof(*paths));
		if (!paths)
			goto oom;
		npaths = 0;
		for (size_t k = 0; k < nneeds; k++)
			for (size_t i = 0; i < routes[k].n; i++)
				paths[npaths++] = (struct rn_render_path) { routes[k].r[i].path,
				                                            routes[k].r[i].nhops + 1,
				                                            routes[k].r[i].score };
		rdo.highlight = paths;
		rdo.nhighlight = npaths;
		rdo.focus = who;
		rdo.hops = 1;
	}
	double t2 = rn_health_now();

	/* The diagram, unless stats' igraph thread drew it already. */
	int drawn_early = dg.done;
	if (!dg.done)
		draw_diagram(&dg);
	st = dg.st;
	if (st != RN_OK) {
		if (!dg.said)
			rn_cli_error(&cli, st, "%s", dg.err[0] ? dg.err : "out of memory");
		goto cleanup;
	}
	if (who >= 0)
		snprintf(note, sizeof(note), "%s, the people tied to them and their routes "
		         "(bold): %lld contacts.", net.name[who], (long long) view.n);
	else if (rdo.top)
		snprintf(note, sizeof(note), "The %lld best connected of %lld contacts "
		         "(refnet render --focus ID draws anyone's neighbourhood).",
		         (long long) view.n, (long long) net.ncontacts);
	else
		snprintf(note, sizeof(note), "All %lld contacts, coloured by stage as refnet render "
		         "draws them.", (long long) view.n);
	double t3 = rn_health_now();

	network_title(&cli, title, sizeof(title));
	struct rn_report rep = {
		.net = &net, .title = title, .version = REFNET_VERSION, .as_of = cli.as_of,
		.since = c.since, .rows = (size_t) c.rows, .recip = &recip, .window = &window,
		.fu = &fu, .fu_opt = &fo, .groups = groups, .ngroups = ngroups, .intro = &in,
		.matches = who < 0 ? &ms : NULL,
		.stats = have_stats ? &stats : NULL, .who = who, .needs = needs, .nneeds = nneeds,
		.svg = svg.data, .svg_len = svg.len, .diagram_note = note
	};
	st = rn_cli_write(&cli, write_report, &rep);
	if (cli.verbose) {
		fprintf(stderr, "refnet report: health %.3f s, matches/stats/routes %.3f s "
		        "(the graph built in %.3f s of it)\n", t1 - t0, t2 - t1, t_graph);
		fprintf(stderr, "refnet report: diagram %.3f s (%lld contacts%s), written in %.3f s\n",
		        t3 - t2, (long long) view.n, drawn_early ? ", drawn during stats" : "",
		        rn_health_now() - t3);
	}
	goto cleanup;
oom:
	st = rn_cli_error(&cli, RN_E_INTERNAL, "out of memory");
cleanup:
	for (size_t k = 0; routes && k < nneeds; k++)
		rn_routes_release(&routes[k]);
	free(routes);
	free(needs);
	free(paths);
	rn_render_result_release(&svg);
	rn_renderer_free(renderer);
	rn_render_view_release(&view);
	rn_render_facts_release(&facts);
	if (have_stats)
		rn_stats_release(&stats);
	rn_matches_release(&ms);
	rn_intro_release(&in);
	rn_needs_index_release(&ix);
	free(groups);
	rn_followups_release(&fu);
	rn_reciprocity_release(&window);
	rn_reciprocity_release(&recip);
	rn_network_release(&net);
	return st;
}

const struct rn_command rn_report_command = {
	.name = "report",
	.summary = "one offline HTML file for a meeting: lists, then the diagram",
	.usage = usage,
	.run = report_run,
	.opts = options,
	.option = report_option,
	.needs = RN_NEEDS_ADJACENCY,
};

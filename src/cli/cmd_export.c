/*
 * refnet export: the validated, normalized network for other tools
 * (JSON, a CSV network directory, GraphML, Neo4j import files).  The
 * writers live in src/output/export.c; this file picks one and its output.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "resolve.h"
#include "trust.h"
#include "refnet/export.h"

static const char export_usage[] =
	"usage: refnet export [NETWORK_DIR] [--format json|csv|graphml|neo4j] [-o FILE|DIR]\n"
	"\n"
	"Write the validated, normalized network for other tools:\n"
	"  json     (the default) one object with \"contacts\", \"ties\" and \"log\" arrays, every input\n"
	"           column included (to standard output or -o FILE)\n"
	"  csv      a normalized network directory refnet reads back (-o DIR required)\n"
	"  graphml  contacts and ties for Gephi, Cytoscape or yEd (stdout or -o FILE)\n"
	"  neo4j    CSV files for neo4j-admin database import, with import.sh, and\n"
	"           gds.cypher: the Graph Data Science equivalents of intro, stats\n"
	"           connectors and communities (-o DIR required).  Each tie has a\n"
	"           cost, -ln(effective strength) as of --as-of, and an id.\n"
	"Files are written to temporary names and renamed into place only when all\n"
	"of them are complete.\n"
	"\n"
	"options:\n"
	"  --contacts FILE, --ties FILE, --log FILE   as for check\n"
	"  -o FILE|DIR         the output file, or the directory for csv and neo4j\n"
	"  --as-of DATE        neo4j: the day the ties' costs are computed for\n"
	"                      (default: today)\n"
	RN_TRUST_USAGE
	"  -q, --quiet         no warnings\n"
	"\n"
	"examples:\n"
	"  refnet export datasets/sample --format json -o sample.json\n"
	"  refnet export datasets/sample --format graphml -o sample.graphml\n"
	"  refnet export datasets/sample --format neo4j -o neo4j-import/\n";

static int write_json(void *ctx, FILE *fp)
{
	return rn_export_json(ctx, fp);
}

static int write_graphml(void *ctx, FILE *fp)
{
	return rn_export_graphml(ctx, fp);
}

static const struct option options[] = {
	RN_TRUST_OPTIONS,
	{ NULL, 0, NULL, 0 }
};

static int export_option(const struct rn_cli *cli, void *ctx, int code, const char *arg)
{
	return rn_trust_option(cli, ctx, code, arg);
}

static int export_run(int argc, char **argv)
{
	struct rn_cli cli;
	struct rn_network net;
	struct rn_intro_options opt;
	rn_intro_options_default(&opt);
	int st = rn_cli_parse(&cli, &rn_export_command, argc, argv, &opt);
	if (st != RN_OK || cli.help)
		return st;

	const char *f = cli.format_arg ? cli.format_arg : "json";
	int dir_format = strcmp(f, "csv") == 0 || strcmp(f, "neo4j") == 0;
	if (!dir_format && strcmp(f, "json") != 0 && strcmp(f, "graphml") != 0) {
		static const char *const names[] = { "json", "csv", "graphml", "neo4j" };
		char hint[128];
		return rn_cli_usage_error(&cli, "unsupported --format '%s'%s "
		                          "(use json, csv, graphml or neo4j)", f,
		                          rn_cli_hint(hint, sizeof(hint), f, names,
		                                      RN_ARRAY_LEN(names), NULL));
	}
	if (dir_format && (!cli.output || strcmp(cli.output, "-") == 0)) {
		return rn_cli_usage_error(&cli, "--format %s writes a directory of files: "
		                          "give it with -o DIR", f);
	}

	int neo4j = strcmp(f, "neo4j") == 0;
	cli.need_adjacency = neo4j;   /* the route engine computes the costs */
	st = rn_cli_load(&cli, &net, NULL);
	if (st != RN_OK)
		return st;
	if (dir_format) {
		char err[1024] = "";
		double *cost = NULL;
		if (neo4j && rn_intro_tie_costs(&net, &opt, cli.as_of, &cost) != RN_OK) {
			rn_network_release(&net);
			return rn_cli_error(&cli, RN_E_INTERNAL, "out of memory");
		}
		st = rn_export_dir_costs(&net, neo4j ? RN_DIR_NEO4J : RN_DIR_CSV, cli.output, cost,
		                         err, sizeof(err));
		free(cost);
		if (st != RN_OK)
			rn_cli_error(&cli, st, "%s", err[0] ? err : "out of memory");
		else if (cli.verbose)
			fprintf(stderr, "refnet export: wrote %s files to '%s'\n", f, cli.output);
	} else {
		st = rn_cli_write(&cli, strcmp(f, "json") == 0 ? write_json : write_graphml, &net);
	}
	rn_network_release(&net);
	return st;
}

const struct rn_command rn_export_command = {
	.name = "export",
	.summary = "write the network as JSON, CSV, GraphML or Neo4j files",
	.usage = export_usage,
	.run = export_run,
	.opts = options,
	.option = export_option,
};

/*
 * refnet check: validate a network and summarize what it holds.
 *
 * Loading does the validation (every problem with FILE:LINE:COLUMN, exit 65);
 * this command presents the summary counted by rn_counts_compute() (the
 * counts refnet stats shows too): contacts per stage, ties, log events per
 * kind and date range, tags and isolated contacts, and a warning for log
 * events dated after --as-of.
 */
#include <string.h>

#include "cli.h"
#include "refnet/counts.h"
#include "refnet/date.h"
#include "refnet/json.h"

static const char check_usage[] =
	"usage: refnet check [NETWORK_DIR] [OPTIONS]\n"
	"\n"
	"Validate a network directory (contacts.csv, ties.csv, log.csv) and print\n"
	"what it holds: contacts per stage, ties, log events per kind, tags and\n"
	"contacts without ties.  Every problem is reported as FILE:LINE:COLUMN: message;\n"
	"the exit status is 65 when there is any error.\n"
	"\n"
	"options:\n"
	"  --contacts FILE, --ties FILE, --log FILE\n"
	"                      read these files instead of NETWORK_DIR/<name>.csv\n"
	"  --format text|json  the summary as a table or as one JSON object\n"
	"  --as-of DATE        the day counted as today (default: today)\n"
	"  -o FILE             write the summary to FILE (atomically)\n"
	"  -q, --quiet         no warnings; -v, --verbose: timings\n"
	"\n"
	"example:\n"
	"  refnet check datasets/sample --as-of 2026-11-01\n";

struct summary {
	const struct rn_network *net;
	const struct rn_cli *cli;
	size_t warnings;
	struct rn_counts c;
	igraph_integer_t kinds[RN_KIND_COUNT];   /* the whole log's, after --as-of too */
};

static const char *network_name(const struct rn_cli *cli)
{
	return cli->dir ? cli->dir : ".";
}

static int write_text(void *ctx, FILE *fp)
{
	const struct summary *s = ctx;
	const struct rn_network *net = s->net;
	static const enum rn_stage order[] = {
		RN_STAGE_PARTNER, RN_STAGE_CUSTOMER, RN_STAGE_PROSPECT, RN_STAGE_SUSPECT,
		RN_STAGE_OTHER, RN_STAGE_NONE
	};

	fprintf(fp, "network:     %s\n", rn_cli_shown(network_name(s->cli)));
	fprintf(fp, "contacts:    %lld", (long long) net->ncontacts);
	const char *sep = " (";
	for (size_t i = 0; i < RN_ARRAY_LEN(order); i++) {
		if (!s->c.stages[order[i]])
			continue;
		fprintf(fp, "%s%s %lld", sep,
		        order[i] == RN_STAGE_NONE ? "no stage" :
		        order[i] == RN_STAGE_OTHER ? "other stage" : rn_stage_name(order[i]),
		        (long long) s->c.stages[order[i]]);
		sep = ", ";
	}
	fputs(*sep == ',' ? ")\n" : "\n", fp);

	fprintf(fp, "ties:        %lld", (long long) net->nties);
	if (!net->file[RN_TABLE_TIES])
		fputs(" (no ties.csv)", fp);
	else if (net->ties_merged)
		fprintf(fp, " (%lld duplicate%s merged)", (long long) net->ties_merged,
		        net->ties_merged == 1 ? "" : "s");
	fputc('\n', fp);

	fprintf(fp, "log:         %lld event%s", (long long) net->nevents,
	        net->nevents == 1 ? "" : "s");
	if (!net->file[RN_TABLE_LOG])
		fputs(" (no log.csv)", fp);
	if (net->nevents) {
		char a[11], b[11];
		rn_date_format(s->c.first_event, a);
		rn_date_format(s->c.last_event, b);
		fprintf(fp, ", %s to %s", a, b);
		sep = " (";
		for (int k = 0; k < RN_KIND_COUNT; k++) {
			if (!s->kinds[k])
				continue;
			fprintf(fp, "%s%s %lld", sep, rn_kind_name((enum rn_kind) k),
			        (long long) s->kinds[k]);
			sep = ", ";
		}
		fputc(')', fp);
	}
	fputc('\n', fp);

	fprintf(fp, "tags:        %lu distinct (%zu in offers, %zu in needs)\n",
	        (unsigned long) net->ntags, s->c.offers, s->c.needs);
	fprintf(fp, "isolated:    %lld contact%s without ties\n", (long long) s->c.isolated,
	        s->c.isolated == 1 ? "" : "s");
	fprintf(fp, "status:      ok (0 errors, %zu warning%s)\n", s->warnings,
	        s->warnings == 1 ? "" : "s");
	return ferror(fp) ? -1 : 0;
}

/* The summary as one JSON object: build it, then write it (exit status). */
static int write_json(const struct summary *s)
{
	const struct rn_network *net = s->net;
	struct rn_json d;
	json_t *o = rn_json_init(&d);

	rn_json_set_str(&d, o, "network", network_name(s->cli));
	rn_json_set_bool(&d, o, "ok", 1);
	rn_json_set_int(&d, o, "errors", 0);
	rn_json_set_int(&d, o, "warnings", (long long) s->warnings);
	rn_json_set_int(&d, o, "contacts", net->ncontacts);
	json_t *stages = rn_json_add_object(&d, o, "stages");
	for (int k = RN_STAGE_SUSPECT; k <= RN_STAGE_PARTNER; k++)
		rn_json_set_int(&d, stages, rn_stage_name((enum rn_stage) k), s->c.stages[k]);
	rn_json_set_int(&d, stages, "other", s->c.stages[RN_STAGE_OTHER]);
	rn_json_set_int(&d, stages, "none", s->c.stages[RN_STAGE_NONE]);
	rn_json_set_int(&d, o, "ties", net->nties);
	rn_json_set_int(&d, o, "ties_merged", net->ties_merged);
	rn_json_set_int(&d, o, "events", net->nevents);
	json_t *kinds = rn_json_add_object(&d, o, "kinds");
	for (int k = 0; k < RN_KIND_COUNT; k++)
		rn_json_set_int(&d, kinds, rn_kind_name((enum rn_kind) k), s->kinds[k]);
	rn_json_set_date(&d, o, "first_event", s->c.first_event);
	rn_json_set_date(&d, o, "last_event", s->c.last_event);
	rn_json_set_int(&d, o, "events_after_as_of", s->c.later);
	rn_json_set_int(&d, o, "tags", net->ntags);
	rn_json_set_int(&d, o, "offers", (long long) s->c.offers);
	rn_json_set_int(&d, o, "needs", (long long) s->c.needs);
	rn_json_set_int(&d, o, "isolated", s->c.isolated);
	int st = rn_cli_write_json(s->cli, &d);
	rn_json_release(&d);
	return st;
}

static int check_run(int argc, char **argv)
{
	struct rn_cli cli;
	struct rn_network net;
	int st = rn_cli_parse(&cli, &rn_check_command, argc, argv, NULL);
	if (st != RN_OK || cli.help)
		return st;

	struct summary s;
	memset(&s, 0, sizeof(s));
	s.cli = &cli;
	st = rn_cli_load(&cli, &net, &s.warnings);
	if (st != RN_OK)
		return st;
	s.net = &net;
	st = rn_counts_compute(&net, cli.as_of, &s.c);
	for (int k = 0; k < RN_KIND_COUNT; k++)
		s.kinds[k] = s.c.kinds[k] + s.c.kinds_later[k];
	if (st != RN_OK) {
		rn_cli_error(&cli, st, "out of memory");
		goto cleanup;
	}
	if (s.c.later) {
		char d[11];
		rn_date_format(cli.as_of, d);
		s.warnings++;
		if (!cli.quiet)
			fprintf(stderr, "%s:%ld:1: warning: %lld log event%s dated after --as-of %s "
			        "(the first one here)\n", net.file[RN_TABLE_LOG], s.c.first_later_line,
			        (long long) s.c.later, s.c.later == 1 ? " is" : "s are", d);
	}
	st = cli.format == RN_FMT_JSON ? write_json(&s) : rn_cli_write(&cli, write_text, &s);
cleanup:
	rn_network_release(&net);
	return st;
}

const struct rn_command rn_check_command = {
	.name = "check",
	.summary = "validate a network and summarize it",
	.usage = check_usage,
	.run = check_run,
	.formats = RN_FMT_BIT(RN_FMT_TEXT) | RN_FMT_BIT(RN_FMT_JSON),
};

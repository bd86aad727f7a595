/*
 * refnet check: validate a network and summarize what it holds.
 *
 * Loading does the validation (every problem with FILE:LINE:COLUMN, exit 65);
 * this command presents the summary counted by rn_counts_compute() (the
 * counts refnet stats shows too): contacts per stage, ties, log events per
 * kind and date range, tags and isolated contacts, and a warning for log
 * events dated after --as-of.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "refnet/counts.h"
#include "refnet/date.h"
#include "refnet/text.h"

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

static json_t *date_json(int d)
{
	char buf[11];
	if (d == RN_NO_DATE)
		return json_null();
	rn_date_format(d, buf);
	return json_string(buf);
}

static int write_json(void *ctx, FILE *fp)
{
	const struct summary *s = ctx;
	const struct rn_network *net = s->net;
	json_t *o = json_object();
	json_t *stages = json_object();
	json_t *kinds = json_object();
	int rc = -1;

	if (!o || !stages || !kinds)
		goto cleanup;
	for (int k = RN_STAGE_SUSPECT; k <= RN_STAGE_PARTNER; k++)
		json_object_set_new(stages, rn_stage_name((enum rn_stage) k),
		                    json_integer(s->c.stages[k]));
	json_object_set_new(stages, "other", json_integer(s->c.stages[RN_STAGE_OTHER]));
	json_object_set_new(stages, "none", json_integer(s->c.stages[RN_STAGE_NONE]));
	for (int k = 0; k < RN_KIND_COUNT; k++)
		json_object_set_new(kinds, rn_kind_name((enum rn_kind) k), json_integer(s->kinds[k]));

	/* A directory name need not be UTF-8; JSON text must be. */
	char *fixed = rn_text_valid_utf8(network_name(s->cli));
	json_object_set_new(o, "network", json_string(fixed ? fixed : network_name(s->cli)));
	free(fixed);
	json_object_set_new(o, "ok", json_true());
	json_object_set_new(o, "errors", json_integer(0));
	json_object_set_new(o, "warnings", json_integer((json_int_t) s->warnings));
	json_object_set_new(o, "contacts", json_integer(net->ncontacts));
	json_object_set_new(o, "stages", stages);
	stages = NULL;
	json_object_set_new(o, "ties", json_integer(net->nties));
	json_object_set_new(o, "ties_merged", json_integer(net->ties_merged));
	json_object_set_new(o, "events", json_integer(net->nevents));
	json_object_set_new(o, "kinds", kinds);
	kinds = NULL;
	json_object_set_new(o, "first_event", date_json(s->c.first_event));
	json_object_set_new(o, "last_event", date_json(s->c.last_event));
	json_object_set_new(o, "events_after_as_of", json_integer(s->c.later));
	json_object_set_new(o, "tags", json_integer(net->ntags));
	json_object_set_new(o, "offers", json_integer((json_int_t) s->c.offers));
	json_object_set_new(o, "needs", json_integer((json_int_t) s->c.needs));
	json_object_set_new(o, "isolated", json_integer(s->c.isolated));
	if (json_dumpf(o, fp, JSON_INDENT(2)) == 0 && fputc('\n', fp) != EOF)
		rc = ferror(fp) ? -1 : 0;
cleanup:
	json_decref(o);
	json_decref(stages);
	json_decref(kinds);
	return rc;
}

static int run(int argc, char **argv)
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
	st = rn_cli_write(&cli, cli.format == RN_FMT_JSON ? write_json : write_text, &s);
cleanup:
	rn_network_release(&net);
	return st;
}

const struct rn_command rn_check_command = {
	.name = "check",
	.summary = "validate a network and summarize it",
	.usage = check_usage,
	.run = run,
	.formats = RN_FMT_BIT(RN_FMT_TEXT) | RN_FMT_BIT(RN_FMT_JSON),
};

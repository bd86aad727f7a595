/*
 * refnet's entry point: dispatch to a command from the command table.
 *
 *   refnet COMMAND [NETWORK_DIR] [OPTIONS]
 *   refnet help [COMMAND]      refnet --help      refnet --version
 */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "resolve.h"
#include "refnet/output.h"

static const char help_usage[] =
	"usage: refnet help [COMMAND]\n"
	"\n"
	"Without COMMAND, list the commands; with one, print its usage.\n"
	"\n"
	"example:\n"
	"  refnet help check\n";

static int run_help(int argc, char **argv);

static const struct rn_command help_command = {
	.name = "help",
	.summary = "show the commands, or one command's usage",
	.usage = help_usage,
	.run = run_help,
	.own_parser = 1,
};

/* The command table: one entry per src/cli/cmd_<name>.c. */
static const struct rn_command *const commands[] = {
	&rn_check_command,
	&rn_export_command,
	&rn_import_command,
	&rn_intro_command,
	&rn_match_command,
	&rn_render_command,
	&rn_reciprocity_command,
	&rn_followup_command,
	&rn_report_command,
	&rn_stats_command,
	&help_command,
};

const struct rn_command *rn_cli_find(const char *name)
{
	for (size_t i = 0; i < RN_ARRAY_LEN(commands); i++)
		if (strcmp(commands[i]->name, name) == 0)
			return commands[i];
	return NULL;
}

const struct rn_command *rn_cli_command(size_t i)
{
	return i < RN_ARRAY_LEN(commands) ? commands[i] : NULL;
}

/* "; did you mean 'intro'?" for a mistyped command, or "". */
static const char *command_hint(char *buf, size_t len, const char *name)
{
	const char *names[RN_ARRAY_LEN(commands)];
	for (size_t i = 0; i < RN_ARRAY_LEN(commands); i++)
		names[i] = commands[i]->name;
	return rn_cli_hint(buf, len, name, names, RN_ARRAY_LEN(commands), NULL);
}

static void overview(FILE *fp)
{
	fputs("usage: refnet COMMAND [NETWORK_DIR] [OPTIONS]\n"
	      "\n"
	      "refnet turns contact spreadsheets into a referral network.  NETWORK_DIR\n"
	      "(default: the current directory) holds contacts.csv and, optionally,\n"
	      "ties.csv and log.csv.\n"
	      "\n"
	      "commands:\n", fp);
	for (size_t i = 0; i < RN_ARRAY_LEN(commands); i++)
		fprintf(fp, "  %-12s  %s\n", commands[i]->name, commands[i]->summary);
	fputs("\n"
	      "common options: --as-of DATE, --format FMT, -o FILE, --seed N, -q, -v,\n"
	      "  --contacts FILE, --ties FILE, --log FILE, --raw-cells (csv/tsv reports:\n"
	      "  no leading ' before a text cell starting with = + - @, see docs/formats.md)\n"
	      "exit status: 0 ok, 64 usage, 65 bad data, 66 input not found,\n"
	      "  70 internal error, 73 output cannot be written\n"
	      "environment: REFNET_THREADS=N uses N threads, 1 to 4 (default: one per\n"
	      "  processor, at most 4); the output is the same for any N\n"
	      "\n"
	      "Run 'refnet help COMMAND' for a command's options and an example, and\n"
	      "'man refnet' for the whole manual.\n", fp);
}

static int run_help(int argc, char **argv)
{
	if (argc > 2) {
		fprintf(stderr, "refnet help: too many arguments\n");
		return RN_E_USAGE;
	}
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		overview(stdout);
		return RN_OK;
	}
	const struct rn_command *c = rn_cli_find(argv[1]);
	if (!c) {
		char hint[256];
		fprintf(stderr, "refnet help: unknown command '%s'%s\n"
		        "Run 'refnet help' for the list of commands.\n", argv[1],
		        command_hint(hint, sizeof(hint), argv[1]));
		return RN_E_USAGE;
	}
	fputs(c->usage, stdout);
	return RN_OK;
}

static int finish(int status)
{
	/* Output that cannot be flushed is an error, not a silent truncation.
	 * A command that failed has already said why (a write error on standard
	 * output included): say it once. */
	if ((fflush(stdout) != 0 || ferror(stdout)) && status == RN_OK) {
		fprintf(stderr, "refnet: cannot write to standard output\n");
		return RN_E_CANTCREAT;
	}
	return status;
}

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "C");
	rn_igraph_setup();
	rn_out_cleanup_on_signals();

	if (argc < 2) {
		overview(stderr);
		return RN_E_USAGE;
	}
	const char *name = argv[1];
	if (strcmp(name, "--version") == 0 || strcmp(name, "version") == 0) {
		rn_cli_version(stdout);
		return finish(RN_OK);
	}
	if (strcmp(name, "__complete") == 0)   /* for the completion scripts */
		return finish(rn_cli_complete(argc - 1, argv + 1));
	if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
		overview(stdout);
		return finish(RN_OK);
	}
	const struct rn_command *c = rn_cli_find(name);
	if (!c) {
		char hint[256];
		fprintf(stderr, "refnet: unknown command '%s'%s\n"
		        "Run 'refnet help' for the list of commands.\n", name,
		        command_hint(hint, sizeof(hint), name));
		return RN_E_USAGE;
	}
	return finish(c->run(argc - 1, argv + 1));
}

/*
 * The command-line layer: the command table, the options every command
 * shares, and the helpers that turn statuses into messages and exit codes.
 * Only this layer prints to the user or decides the exit status.
 */
#ifndef REFNET_CLI_H
#define REFNET_CLI_H

#include <getopt.h>

#include "refnet/common.h"
#include "refnet/network.h"
#include "refnet/output.h"

/* The options every command accepts. */
struct rn_cli {
	const char *cmd;              /* the command's name, for messages */
	const char *dir;              /* NETWORK_DIR, NULL for "." */
	const char *path[RN_TABLE_COUNT];
	const char *output;           /* -o FILE, NULL for standard output */
	enum rn_format format;
	const char *format_arg;       /* --format as given, NULL when absent */
	int as_of;                    /* days; today unless --as-of */
	unsigned long long seed;
	int quiet, verbose;
	int need_graph;               /* set before rn_cli_load to build net->graph */
	int need_adjacency;           /* ... to build net->adj */
	char **args;                  /* arguments after NETWORK_DIR, for commands */
	int nargs;                    /* parsed by rn_cli_parse_more() */
};

/* Handles one command-specific option; returns 0 or RN_E_USAGE (after saying why). */
typedef int (*rn_opt_fn)(void *ctx, int code, const char *arg);

struct rn_command {
	const char *name;
	const char *summary;          /* one line, for `refnet help` */
	const char *usage;            /* the whole help text, with an example */
	int (*run)(int argc, char **argv);
};

/* The commands, each defined in its src/cli/cmd_<name>.c. */
extern const struct rn_command rn_check_command;
extern const struct rn_command rn_export_command;
extern const struct rn_command rn_import_command;
extern const struct rn_command rn_intro_command;
extern const struct rn_command rn_match_command;
extern const struct rn_command rn_render_command;
extern const struct rn_command rn_reciprocity_command;
extern const struct rn_command rn_followup_command;
extern const struct rn_command rn_report_command;
extern const struct rn_command rn_stats_command;

const struct rn_command *rn_cli_find(const char *name);
/* The i-th command of the table (help included), or NULL past the last. */
const struct rn_command *rn_cli_command(size_t i);

/* refnet --version: refnet's version and those of the libraries (version.c). */
void rn_cli_version(FILE *fp);

/*
 * refnet __complete (complete.c), the shell completion's questions.  While it
 * asks a command for its options, rn_cli_probe is set and rn_cli_parse()
 * returns rn_cli_describe(...) (-1, as after --help) instead of parsing.
 */
extern int rn_cli_probe;
int rn_cli_describe(const struct rn_command *cmd, const struct option *opts,
                    const char *shortopts, unsigned formats);
int rn_cli_complete(int argc, char **argv);

/*
 * Parse argv for a command: the common options, the command's own (opts,
 * short letters in shortopts, handled by fn), and at most one NETWORK_DIR.
 * `formats` is a bitmask of the accepted enum rn_format values (1 << fmt);
 * 0 leaves --format to the command (cli->format_arg).
 * Returns RN_OK, RN_E_USAGE after printing a message, or -1 when --help was
 * printed (the command then exits 0).
 */
int rn_cli_parse(struct rn_cli *cli, const struct rn_command *cmd, int argc, char **argv,
                 const struct option *opts, const char *shortopts, unsigned formats,
                 rn_opt_fn fn, void *ctx);

/* The same, for a command that takes FILE... after NETWORK_DIR: they go to
 * cli->args and cli->nargs. */
int rn_cli_parse_more(struct rn_cli *cli, const struct rn_command *cmd, int argc, char **argv,
                      const struct option *opts, const char *shortopts, unsigned formats,
                      rn_opt_fn fn, void *ctx);

/*
 * Load the network named by the common options, printing its problems to
 * stderr.  The number of warnings goes to *warnings when not NULL.
 */
enum rn_status rn_cli_load(const struct rn_cli *cli, struct rn_network *net,
                           size_t *warnings);

/* "refnet CMD: message" and "Try 'refnet CMD --help'." on stderr; returns RN_E_USAGE. */
int rn_cli_usage_error(const struct rn_cli *cli, const char *fmt, ...) RN_PRINTF(2, 3);

/*
 * s as it may be shown in a message or a text report: control characters,
 * line separators and bytes that are not UTF-8 escaped (rn_text_escape), so
 * a name holding a line break cannot forge a line.  The result stays valid
 * until eight more calls; s itself when nothing needs escaping.  CSV, TSV
 * and JSON output keep the exact text and do not use this.
 */
const char *rn_cli_shown(const char *s);

/* Remember an input file of this run; rn_cli_write refuses to replace one. */
void rn_cli_note_input(const char *path);
int rn_cli_is_input(const char *path);

/* "refnet CMD: message" on stderr; returns status (for `return rn_cli_error(...)`). */
int rn_cli_error(const struct rn_cli *cli, int status, const char *fmt, ...) RN_PRINTF(3, 4);

/* Parse a whole non-negative decimal integer; returns 0 or -1. */
int rn_cli_uint(const char *s, unsigned long long max, unsigned long long *out);

/*
 * Open the output named by -o, call write(ctx, fp), and commit it atomically.
 * write returns 0 or -1 (a write error).  Returns the exit status.
 */
int rn_cli_write(const struct rn_cli *cli, int (*write)(void *ctx, FILE *fp), void *ctx);

#endif

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
	char **args;                  /* FILE... after NETWORK_DIR (rn_command.files) */
	int nargs;
	int help;                     /* --help was printed: nothing more to do */
	int width;                    /* --width N (RN_WIDTH_OPTION), or -1 */
};

/* Handles one of the command's own options: stores the value (through the
 * rn_opt_* parsers) and returns RN_OK, or RN_E_USAGE after saying why. */
typedef int (*rn_opt_fn)(const struct rn_cli *cli, void *ctx, int code, const char *arg);

/*
 * --width N for a command whose text output wraps: the entry of its options
 * table and the usage lines.  rn_cli_parse() stores N in cli->width;
 * rn_cli_text_width() says what to wrap at.
 */
#define RN_OPT_WIDTH 1050
#define RN_WIDTH_OPTION { "width", required_argument, NULL, RN_OPT_WIDTH }
#define RN_WIDTH_USAGE \
	"  --width N           wrap the text at N columns (default: the terminal's\n" \
	"                      width on a terminal, no wrapping otherwise; 0: never)\n"

/* What a command reads, for rn_cli_parse() to set before loading. */
enum { RN_NEEDS_GRAPH = 1, RN_NEEDS_ADJACENCY = 2 };

/*
 * One entry of the command table (main.c), as git's cmd_struct: the name,
 * the help, the entry point, and as data what the parser and the shell
 * completion need to know (the completion reads this very table).
 */
struct rn_command {
	const char *name;
	const char *summary;          /* one line, for `refnet help` */
	const char *usage;            /* the whole help text, with an example */
	int (*run)(int argc, char **argv);
	const struct option *opts;    /* its own options, {0}-terminated; NULL for none */
	const char *shortopts;        /* their short letters ("k:"), or NULL */
	rn_opt_fn option;             /* handles opts; NULL when there are none */
	unsigned formats;             /* accepted --format values (1 << enum rn_format);
	                                 0: the command reads cli->format_arg itself */
	unsigned needs;               /* RN_NEEDS_*: what the load builds by default */
	int files;                    /* 1: FILE... may follow NETWORK_DIR (cli->args) */
	int own_parser;               /* 1: reads its arguments itself (help), no options */
};

/* The formats bit of enum rn_format f, for rn_command.formats. */
#define RN_FMT_BIT(f) (1u << (f))
/* Every format a command that lists rows writes: text, csv, tsv, json; and
 * the last lines of its usage, on these and the other common options. */
#define RN_FMT_ROWS (RN_FMT_BIT(RN_FMT_TEXT) | RN_FMT_BIT(RN_FMT_CSV) | \
                     RN_FMT_BIT(RN_FMT_TSV) | RN_FMT_BIT(RN_FMT_JSON))
#define RN_ROWS_USAGE \
	"  --as-of DATE        the day counted as today (default: today)\n" \
	"  --format text|csv|tsv|json, -o FILE, -q, -v, --contacts/--ties/--log FILE\n"

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

/* refnet __complete (complete.c), the shell completion's questions. */
int rn_cli_complete(int argc, char **argv);

/*
 * The options a command accepts: the common ones, then cmd->opts, into all
 * (room for n, {0}-terminated; returns how many), and the short letters
 * into shorts.
 */
size_t rn_cli_options(const struct rn_command *cmd, struct option *all, size_t n,
                      char *shorts, size_t shortlen);

/*
 * Parse argv for cmd from its table entry: the common options, the
 * command's own (handed to cmd->option with ctx), at most one NETWORK_DIR
 * (and FILE... after it when cmd->files).  Sets cli->need_graph and
 * need_adjacency from cmd->needs.  Returns RN_OK or RN_E_USAGE after the
 * message; after --help, RN_OK with cli->help set (the command then exits 0
 * without doing anything).
 */
int rn_cli_parse(struct rn_cli *cli, const struct rn_command *cmd, int argc, char **argv,
                 void *ctx);

/*
 * Option values: the one parser of every command.  Each stores the value
 * and returns RN_OK, or says "refnet CMD: OPT wants WANT, got 'ARG'" with
 * "Try 'refnet CMD --help'." (rn_cli_usage_error) and returns RN_E_USAGE.
 * want NULL says "a whole number from LO to HI" (rn_opt_uint, rn_opt_int)
 * or "a number from LO to HI" (rn_opt_number).
 */
int rn_opt_uint(const struct rn_cli *cli, const char *opt, const char *arg,
                unsigned long long lo, unsigned long long hi, const char *want,
                unsigned long long *out);
int rn_opt_int(const struct rn_cli *cli, const char *opt, const char *arg, int lo, int hi,
               int *out);
int rn_opt_number(const struct rn_cli *cli, const char *opt, const char *arg, double lo,
                  double hi, const char *want, double *out);
/* A date YYYY-MM-DD, in days. */
int rn_opt_date(const struct rn_cli *cli, const char *opt, const char *arg, int *out);
/* RN_OK when since (days, or RN_NO_DATE) is not after --as-of; else the
 * usage error "--since DATE is after --as-of DATE", RN_E_USAGE.  Checked
 * once all options are read, since --as-of may come after --since. */
int rn_cli_check_since(const struct rn_cli *cli, int since);
/* The message for a value none of the parsers above takes (a name from a
 * list): "OPT wants WANT, got 'ARG'"; returns RN_E_USAGE. */
int rn_opt_bad(const struct rn_cli *cli, const char *opt, const char *want, const char *arg);

/*
 * Load the network named by the common options, printing its problems to
 * stderr.  The number of warnings goes to *warnings when not NULL.
 */
enum rn_status rn_cli_load(const struct rn_cli *cli, struct rn_network *net,
                           size_t *warnings);

/*
 * The problems in diag on stderr (warnings unless -q), those without a file
 * after "refnet CMD: "; then, when st is RN_E_DATA, the count of errors:
 * "refnet CMD: 2 errors in WHAT" (what: "the input", "the vocabulary").
 */
void rn_cli_diag(const struct rn_cli *cli, const struct rn_diag *diag, int st,
                 const char *what);

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

/*
 * The width to wrap text output at: --width N (0 turns wrapping off) when
 * given; else the terminal's width when the output is a terminal (standard
 * output, no -o FILE), else 0: no wrapping for files and pipes.
 */
size_t rn_cli_text_width(const struct rn_cli *cli);

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

/*
 * rn_cli_write of a built JSON document (refnet/json.h), indented.  A
 * document that could not be completed is "out of memory" (exit 70) and
 * nothing is written.  The document stays the caller's.
 */
struct rn_json;
int rn_cli_write_json(const struct rn_cli *cli, const struct rn_json *doc);

#endif

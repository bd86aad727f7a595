/*
 * The options every command shares, the network loading step with its
 * messages, and atomic output.  Commands call these so that every command
 * reads its input, reports problems and writes files the same way.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "refnet/text.h"
#include "resolve.h"
#include "refnet/date.h"

enum {
	OPT_AS_OF = 1000, OPT_FORMAT, OPT_SEED, OPT_CONTACTS, OPT_TIES, OPT_LOG, OPT_RAW_CELLS
};

static const struct option common_opts[] = {
	{ "as-of", required_argument, NULL, OPT_AS_OF },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "output", required_argument, NULL, 'o' },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "quiet", no_argument, NULL, 'q' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "contacts", required_argument, NULL, OPT_CONTACTS },
	{ "ties", required_argument, NULL, OPT_TIES },
	{ "log", required_argument, NULL, OPT_LOG },
	{ "raw-cells", no_argument, NULL, OPT_RAW_CELLS },
	{ "help", no_argument, NULL, 'h' },
};

/* A message on one line: text quoted from the input or the command line is
 * shown with its control characters escaped (rn_text_escape). */
static void put_message(const char *fmt, va_list ap)
{
	char small[1024];
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(small, sizeof(small), fmt, ap2);
	va_end(ap2);
	char *buf = small;
	if (n >= (int) sizeof(small)) {
		buf = malloc((size_t) n + 1);
		if (buf)
			vsnprintf(buf, (size_t) n + 1, fmt, ap);
		else
			buf = small;   /* out of memory: the message, cut */
	}
	fputs(rn_cli_shown(buf), stderr);
	if (buf != small)
		free(buf);
}

int rn_cli_error(const struct rn_cli *cli, int status, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "refnet %s: ", cli->cmd);
	va_start(ap, fmt);
	put_message(fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return status;
}

int rn_cli_usage_error(const struct rn_cli *cli, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "refnet %s: ", cli->cmd);
	va_start(ap, fmt);
	put_message(fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'refnet %s --help'.\n", cli->cmd);
	return RN_E_USAGE;
}

const char *rn_cli_shown(const char *s)
{
	/* A few at a time, for one printf: each call reuses the oldest slot. */
	static char *ring[8];
	static unsigned next;
	if (!s)
		return s;
	char *e = rn_text_escape(s);
	if (!e)
		return s;
	unsigned k = next++ % 8;
	free(ring[k]);
	ring[k] = e;
	return e;
}

int rn_cli_uint(const char *s, unsigned long long max, unsigned long long *out)
{
	if (!s || !*s || *s == '-' || *s == '+' || *s == ' ')
		return -1;
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (*end || errno == ERANGE || v > max)
		return -1;
	*out = v;
	return 0;
}

/* "unknown option '--frm'; did you mean '--from'?" */
static int unknown_option(const struct rn_cli *cli, const char *arg, const struct option *all,
                          size_t n)
{
	const char *names[64];
	char hint[512];
	for (size_t i = 0; i < n && i < RN_ARRAY_LEN(names); i++)
		names[i] = all[i].name;
	return rn_cli_usage_error(cli, "unknown option '%s'%s", arg,
	                          rn_cli_hint(hint, sizeof(hint), arg, names, n, "--"));
}

size_t rn_cli_options(const struct rn_command *cmd, struct option *all, size_t n,
                      char *shorts, size_t shortlen)
{
	size_t k = 0;
	for (size_t i = 0; i < RN_ARRAY_LEN(common_opts) && k + 1 < n; i++)
		all[k++] = common_opts[i];
	for (size_t i = 0; cmd->opts && cmd->opts[i].name && k + 1 < n; i++)
		all[k++] = cmd->opts[i];
	memset(&all[k], 0, sizeof(all[k]));
	snprintf(shorts, shortlen, ":o:qvh%s", cmd->shortopts ? cmd->shortopts : "");
	return k;
}

/* The --format value: one of those cmd accepts. */
static int parse_format(struct rn_cli *cli, const struct rn_command *cmd, const char *arg)
{
	enum rn_format f;
	cli->format_arg = arg;
	if (!cmd->formats)
		return RN_OK;
	if (rn_format_parse(arg, &f) < 0 || !(cmd->formats & RN_FMT_BIT(f))) {
		const char *ok[8];
		size_t nok = 0;
		char hint[256];
		for (unsigned i = 0; rn_format_name((enum rn_format) i) && nok < RN_ARRAY_LEN(ok); i++)
			if (cmd->formats & RN_FMT_BIT(i))
				ok[nok++] = rn_format_name((enum rn_format) i);
		return rn_cli_usage_error(cli, "unsupported --format '%s'%s", arg,
		                          rn_cli_hint(hint, sizeof(hint), arg, ok, nok, NULL));
	}
	cli->format = f;
	return RN_OK;
}

int rn_cli_parse(struct rn_cli *cli, const struct rn_command *cmd, int argc, char **argv,
                 void *ctx)
{
	struct option all[64];
	char shorts[64];

	memset(cli, 0, sizeof(*cli));
	cli->cmd = cmd->name;
	rn_output_set_formula_guard(1);
	cli->as_of = rn_date_today();
	cli->format = RN_FMT_TEXT;
	cli->width = -1;
	cli->need_graph = (cmd->needs & RN_NEEDS_GRAPH) != 0;
	cli->need_adjacency = (cmd->needs & RN_NEEDS_ADJACENCY) != 0;
	size_t n = rn_cli_options(cmd, all, RN_ARRAY_LEN(all), shorts, sizeof(shorts));

	opterr = 0;
	optind = 1;
	int c, st;
	while ((c = getopt_long(argc, argv, shorts, all, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(cmd->usage, stdout);
			cli->help = 1;
			return RN_OK;
		case 'o':
			if (!*optarg)
				return rn_cli_usage_error(cli, "-o wants a file name, got ''");
			cli->output = optarg;
			break;
		case 'q':
			cli->quiet = 1;
			break;
		case 'v':
			cli->verbose = 1;
			break;
		case OPT_AS_OF:
			if (rn_opt_date(cli, "--as-of", optarg, &cli->as_of) != RN_OK)
				return RN_E_USAGE;
			break;
		case OPT_FORMAT:
			if (parse_format(cli, cmd, optarg) != RN_OK)
				return RN_E_USAGE;
			break;
		case OPT_SEED:
			if (rn_opt_uint(cli, "--seed", optarg, 0, UINT64_MAX, "a non-negative integer",
			                &cli->seed) != RN_OK)
				return RN_E_USAGE;
			break;
		case OPT_RAW_CELLS:
			rn_output_set_formula_guard(0);
			break;
		case OPT_CONTACTS:
			cli->path[RN_TABLE_CONTACTS] = optarg;
			break;
		case OPT_TIES:
			cli->path[RN_TABLE_TIES] = optarg;
			break;
		case OPT_LOG:
			cli->path[RN_TABLE_LOG] = optarg;
			break;
		case RN_OPT_WIDTH:
			if (rn_opt_int(cli, "--width", optarg, 0, 100000, &cli->width) != RN_OK)
				return RN_E_USAGE;
			break;
		case ':':
			return rn_cli_usage_error(cli, "option '%s' needs a value", argv[optind - 1]);
		case '?':
			if (optopt)
				return rn_cli_usage_error(cli, "unknown option '-%c'", optopt);
			return unknown_option(cli, argv[optind - 1], all, n);
		default:
			st = cmd->option ? cmd->option(cli, ctx, c, optarg) : RN_E_USAGE;
			if (st != RN_OK)
				return st;
		}
	}
	if (optind < argc)
		cli->dir = argv[optind++];
	if (optind < argc && cmd->files) {
		cli->args = argv + optind;
		cli->nargs = argc - optind;
		optind = argc;
	}
	if (optind < argc)
		return rn_cli_usage_error(cli, "unexpected argument '%s' (one NETWORK_DIR at most)",
		                   argv[optind]);
	/* Standard input can be read once: one table at most. */
	int stdin_tables = 0;
	for (int t = 0; t < RN_TABLE_COUNT; t++)
		stdin_tables += cli->path[t] && strcmp(cli->path[t], "-") == 0;
	if (stdin_tables > 1)
		return rn_cli_usage_error(cli, "only one of --contacts, --ties and --log can be "
		                          "'-' (standard input)");
	return RN_OK;
}

size_t rn_cli_text_width(const struct rn_cli *cli)
{
	struct winsize ws;
	if (cli->width >= 0)
		return (size_t) cli->width;
	if (cli->format != RN_FMT_TEXT || (cli->output && strcmp(cli->output, "-") != 0) ||
	    !isatty(STDOUT_FILENO))
		return 0;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
		return ws.ws_col;
	return 80;
}

/* ---- option values --------------------------------------------------------- */

int rn_opt_bad(const struct rn_cli *cli, const char *opt, const char *want, const char *arg)
{
	return rn_cli_usage_error(cli, "%s wants %s, got '%s'", opt, want, arg);
}

/* rn_opt_bad with want, or when want is NULL with the range the parser
 * takes, written by fmt ("a number from %g to %g"). */
static int RN_PRINTF(5, 6) bad_range(const struct rn_cli *cli, const char *opt,
                                     const char *arg, const char *want, const char *fmt, ...)
{
	char buf[96];
	if (!want) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(buf, sizeof(buf), fmt, ap);
		va_end(ap);
		want = buf;
	}
	return rn_opt_bad(cli, opt, want, arg);
}

int rn_opt_uint(const struct rn_cli *cli, const char *opt, const char *arg,
                unsigned long long lo, unsigned long long hi, const char *want,
                unsigned long long *out)
{
	unsigned long long v;
	if (rn_cli_uint(arg, hi, &v) < 0 || v < lo)
		return bad_range(cli, opt, arg, want, "a whole number from %llu to %llu", lo, hi);
	*out = v;
	return RN_OK;
}

int rn_opt_int(const struct rn_cli *cli, const char *opt, const char *arg, int lo, int hi,
               int *out)
{
	unsigned long long v = 0;
	if (rn_opt_uint(cli, opt, arg, lo < 0 ? 0 : (unsigned long long) lo,
	                (unsigned long long) hi, NULL, &v) != RN_OK)
		return RN_E_USAGE;
	*out = (int) v;
	return RN_OK;
}

int rn_opt_number(const struct rn_cli *cli, const char *opt, const char *arg, double lo,
                  double hi, const char *want, double *out)
{
	char *end;
	errno = 0;
	double d = strtod(arg, &end);
	if (!*arg || *end || errno == ERANGE || !isfinite(d) || d < lo || d > hi)
		return bad_range(cli, opt, arg, want, "a number from %g to %g", lo, hi);
	*out = d;
	return RN_OK;
}

int rn_opt_date(const struct rn_cli *cli, const char *opt, const char *arg, int *out)
{
	int d;
	if (rn_date_parse(arg, strlen(arg), &d) < 0)
		return rn_opt_bad(cli, opt, "a date YYYY-MM-DD", arg);
	*out = d;
	return RN_OK;
}

int rn_cli_check_since(const struct rn_cli *cli, int since)
{
	if (since == RN_NO_DATE || since <= cli->as_of)
		return RN_OK;
	char s[16], a[16];
	rn_date_format(since, s);
	rn_date_format(cli->as_of, a);
	return rn_cli_usage_error(cli, "--since %s is after --as-of %s", s, a);
}

void rn_cli_diag(const struct rn_cli *cli, const struct rn_diag *diag, int st,
                 const char *what)
{
	char prefix[64];
	snprintf(prefix, sizeof(prefix), "refnet %s: ", cli->cmd);
	rn_diag_print(diag, stderr, !cli->quiet, prefix);
	if (st == RN_E_DATA)
		fprintf(stderr, "refnet %s: %zu error%s in %s\n", cli->cmd, diag->nerrors,
		        diag->nerrors == 1 ? "" : "s", what);
}

/* Progress for large files, only when stderr is a terminal. */
static void progress(void *ctx, const char *display, unsigned long long done,
                     unsigned long long total)
{
	(void) ctx;
	if (total < (64ull << 20))
		return;
	fprintf(stderr, "\rreading %s: %3llu%%", display, done * 100 / total);
	if (done >= total)
		fputs("\r\033[K", stderr);
	fflush(stderr);
}

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double) ts.tv_sec + ts.tv_nsec / 1e9;
}

enum rn_status rn_cli_load(const struct rn_cli *cli, struct rn_network *net,
                           size_t *warnings)
{
	struct rn_load_options lo;
	struct rn_diag diag;
	double t0 = now_seconds();

	memset(&lo, 0, sizeof(lo));
	lo.dir = cli->dir;
	lo.graph = cli->need_graph;
	lo.adjacency = cli->need_adjacency;
	for (int t = 0; t < RN_TABLE_COUNT; t++)
		lo.path[t] = cli->path[t];
	if (!cli->quiet && isatty(STDERR_FILENO))
		lo.csv.progress = progress;

	rn_diag_init(&diag);
	enum rn_status st = rn_network_load(net, &lo, &diag);
	rn_cli_diag(cli, &diag, st, "the input");
	if (st == RN_E_INTERNAL)
		rn_cli_error(cli, st, "%s", rn_igraph_last_error());
	if (st == RN_OK) {
		for (int t = 0; t < RN_TABLE_COUNT; t++)
			rn_cli_note_input(net->file[t]);
	}
	if (diag.oom && st == RN_OK)
		rn_cli_error(cli, st, "out of memory while recording problems");
	if (warnings)
		*warnings = diag.nwarnings;
	rn_diag_release(&diag);
	if (st == RN_OK && cli->verbose)
		fprintf(stderr, "refnet %s: loaded %lld contacts, %lld ties, %lld events in %.3f s\n",
		        cli->cmd, (long long) net->ncontacts, (long long) net->nties,
		        (long long) net->nevents, now_seconds() - t0);
	return st;
}

/* Input files of this run: an output must never replace one of them. */
static char *inputs[8];
static size_t ninputs;

void rn_cli_note_input(const char *path)
{
	if (path && ninputs < RN_ARRAY_LEN(inputs))
		inputs[ninputs] = strdup(path), ninputs += inputs[ninputs] != NULL;
}

int rn_cli_is_input(const char *path)
{
	struct stat a, b;
	if (!path || stat(path, &a) != 0)
		return 0;
	for (size_t i = 0; i < ninputs; i++)
		if (stat(inputs[i], &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino)
			return 1;
	return 0;
}

int rn_cli_write(const struct rn_cli *cli, int (*write)(void *ctx, FILE *fp), void *ctx)
{
	struct rn_out out;
	char err[1024] = "";
	if (cli->output && strcmp(cli->output, "-") != 0 && rn_cli_is_input(cli->output))
		return rn_cli_usage_error(cli, "'%s' is an input file; write the output elsewhere",
		                          cli->output);
	enum rn_status st = rn_out_open(&out, cli->output, err, sizeof(err));
	if (st != RN_OK)
		return rn_cli_error(cli, st, "%s", err[0] ? err : "out of memory");
	if (write(ctx, out.fp) != 0) {
		int e = errno;
		rn_out_abort(&out);
		return rn_cli_error(cli, RN_E_CANTCREAT, "cannot write '%s': %s",
		                    cli->output ? cli->output : "standard output",
		                    strerror(e ? e : EIO));
	}
	st = rn_out_commit(&out, err, sizeof(err));
	if (st != RN_OK)
		return rn_cli_error(cli, st, "%s", err);
	return RN_OK;
}

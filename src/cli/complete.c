/*
 * refnet __complete: what the shell completion scripts (completion/refnet.bash,
 * completion/_refnet) ask the binary, so that they hold no list of their own
 * and cannot drift from the parser.
 *
 *   refnet __complete commands            NAME<TAB>SUMMARY, one per command
 *   refnet __complete options COMMAND     OPTION<TAB>VALUE, one per option the
 *                                         command accepts; VALUE is empty for a
 *                                         flag, else the placeholder its help
 *                                         text gives (ID, FILE, N...) or the
 *                                         accepted values as a|b|c
 *   refnet __complete formats COMMAND     the --format values, one per line
 *   refnet __complete subcommands COMMAND the words that must follow COMMAND
 *                                         ("refnet import linkedin ..."), from
 *                                         the usage lines of its help text
 *   refnet __complete ids PATH [PREFIX]   the contact ids starting with PREFIX,
 *                                         of PATH/contacts.csv or of the file PATH
 *
 * Options and formats come from the command table (main.c, struct
 * rn_command), the very entries rn_cli_parse() parses with.  Placeholders
 * come from the command's help text (which tests/man/check-man.sh holds to
 * the man page).
 * This is an interface for scripts, not listed by `refnet help`: it prints
 * nothing on standard error, and a question it does not know exits 64.
 */
#include <ctype.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "refnet/ids.h"

static FILE *probe_out;

static int is_word(char c)
{
	return isalnum((unsigned char) c) || c == '-' || c == '_';
}

/*
 * The placeholder that follows option opt ("--from", "-k") somewhere in a help
 * text: "--from ID" gives ID, "--layout auto|dot" gives auto|dot.  Words that
 * are prose ("--quiet  no warnings") are not placeholders: a placeholder
 * starts with a capital letter or is a |-separated list of lower-case values.
 * Returns its length (0 when there is none) and its start in *out.
 */
static size_t placeholder(const char *usage, const char *opt, const char **out)
{
	size_t ol = strlen(opt);
	for (const char *p = strstr(usage, opt); p; p = strstr(p + 1, opt)) {
		if ((p > usage && is_word(p[-1])) || is_word(p[ol]))
			continue;
		const char *q = p + ol;
		/* "--contacts/--ties/--log FILE": the placeholder after the last. */
		while (q[0] == '/' && q[1] == '-') {
			q++;
			while (is_word(*q))
				q++;
		}
		if (*q != ' ' && *q != '=')
			continue;
		q++;
		size_t n = strcspn(q, " \t\n");
		/* The punctuation around it ("--to ID)", "[--via ID]", "FILE,"), but
		 * not the brackets of "ID[,ID...]". */
		for (;;) {
			size_t open = 0, close = 0;
			for (size_t i = 0; i < n; i++)
				open += q[i] == '[', close += q[i] == ']';
			if (n > 0 && (q[n - 1] == ',' || q[n - 1] == ')' || q[n - 1] == ';' ||
			              (q[n - 1] == ']' && close > open)))
				n--;
			else
				break;
		}
		if (n == 0)
			continue;
		int values = memchr(q, '|', n) != NULL;
		for (size_t i = 0; i < n && values; i++)
			values = islower((unsigned char) q[i]) || isdigit((unsigned char) q[i]) ||
			         q[i] == '|' || q[i] == '-';
		if (isupper((unsigned char) q[0]) || values) {
			*out = q;
			return n;
		}
	}
	return 0;
}

/*
 * The placeholder of option opt: from the command's own help text, else from
 * that of another spelling of the same option (alias is "-o" for --output, or
 * NULL), else from another command's help (the common options such as --seed
 * are described in full only where they matter).
 */
static size_t find_placeholder(const struct rn_command *cmd, const char *opt,
                               const char *alias, const char **out)
{
	size_t n = placeholder(cmd->usage, opt, out);
	if (!n && alias)
		n = placeholder(cmd->usage, alias, out);
	const struct rn_command *c;
	for (size_t i = 0; !n && (c = rn_cli_command(i)) != NULL; i++) {
		n = placeholder(c->usage, opt, out);
		if (!n && alias)
			n = placeholder(c->usage, alias, out);
	}
	return n;
}

static void describe_value(const struct rn_command *cmd, const char *opt, const char *alias,
                           int has_arg, unsigned formats)
{
	const char *ph;
	size_t n;
	if (!has_arg) {
		fputc('\n', probe_out);
		return;
	}
	if (strcmp(opt, "--format") == 0 && formats) {
		const char *sep = "";
		for (unsigned f = 0; rn_format_name((enum rn_format) f); f++)
			if (formats & (1u << f)) {
				fprintf(probe_out, "%s%s", sep, rn_format_name((enum rn_format) f));
				sep = "|";
			}
		fputc('\n', probe_out);
		return;
	}
	/* Another command's --format values say nothing about this one's. */
	if (strcmp(opt, "--format") == 0)
		n = placeholder(cmd->usage, opt, &ph);
	else
		n = find_placeholder(cmd, opt, alias, &ph);
	if (n)
		fprintf(probe_out, "%.*s\n", (int) n, ph);
	else
		fputs("VALUE\n", probe_out);
}

/* The --format values of cmd, one per line. */
static void describe_formats(const struct rn_command *cmd)
{
	const char *ph = NULL;
	size_t n = 0;
	if (cmd->formats) {
		for (unsigned f = 0; rn_format_name((enum rn_format) f); f++)
			if (cmd->formats & RN_FMT_BIT(f))
				fprintf(probe_out, "%s\n", rn_format_name((enum rn_format) f));
	} else if ((n = placeholder(cmd->usage, "--format", &ph)) > 0 && memchr(ph, '|', n)) {
		/* The command checks --format itself: its help text says what it takes. */
		for (size_t i = 0; i < n; i++)
			fputc(ph[i] == '|' ? '\n' : ph[i], probe_out);
		fputc('\n', probe_out);
	}
}

/* OPTION<TAB>VALUE for every option cmd accepts. */
static void describe_options(const struct rn_command *cmd)
{
	struct option opts[64];
	char shortopts[64], name[128], alias[128];
	rn_cli_options(cmd, opts, RN_ARRAY_LEN(opts), shortopts, sizeof(shortopts));
	for (size_t i = 0; opts[i].name; i++) {
		snprintf(name, sizeof(name), "--%s", opts[i].name);
		/* Another spelling: the short letter it stands for, or the first
		 * long option with the same code ("--colour-by" for "--color-by"). */
		alias[0] = '\0';
		if (opts[i].val > 0 && opts[i].val < 128 && isalnum(opts[i].val))
			snprintf(alias, sizeof(alias), "-%c", opts[i].val);
		for (size_t j = 0; j < i && !alias[0]; j++)
			if (opts[j].val == opts[i].val && opts[j].flag == opts[i].flag)
				snprintf(alias, sizeof(alias), "--%s", opts[j].name);
		fprintf(probe_out, "%s\t", name);
		describe_value(cmd, name, alias[0] ? alias : NULL,
		               opts[i].has_arg != no_argument, cmd->formats);
	}
	for (const char *s = shortopts; *s; s++) {
		if (*s == ':' || !isalnum((unsigned char) *s))
			continue;
		snprintf(name, sizeof(name), "-%c", *s);
		fprintf(probe_out, "%s\t", name);
		describe_value(cmd, name, NULL, s[1] == ':', cmd->formats);
	}
}

/*
 * The words that must follow the command's name in its usage lines
 * ("usage: refnet import linkedin OUT_DIR ..." gives linkedin): a lower-case
 * word there is a literal, NETWORK_DIR and [OPTIONS] are not.  Calls fn for
 * each; stops and returns 1 when fn does.
 */
static int subcommands(const struct rn_command *c, int (*fn)(void *ctx, const char *w),
                       void *ctx)
{
	char prefix[128], word[64];
	int n = snprintf(prefix, sizeof(prefix), "refnet %s ", c->name);
	if (n < 0 || (size_t) n >= sizeof(prefix))
		return 0;
	/* The usage lines: the first line, and the indented lines under it. */
	for (const char *line = c->usage; *line; ) {
		const char *p = line;
		if (line == c->usage && strncmp(p, "usage:", 6) == 0)
			p += 6;
		else if (line != c->usage && *line != ' ')
			break;
		while (*p == ' ')
			p++;
		if (strncmp(p, prefix, (size_t) n) == 0) {
			p += n;
			size_t w = 0;
			while (w + 1 < sizeof(word) &&
			       ((p[w] >= 'a' && p[w] <= 'z') || (w > 0 && p[w] == '-')))
				w++;
			if (w > 0 && (p[w] == ' ' || p[w] == '\n' || p[w] == '\0')) {
				memcpy(word, p, w);
				word[w] = '\0';
				if (fn(ctx, word))
					return 1;
			}
		}
		const char *end = strchr(line, '\n');
		if (!end)
			break;
		line = end + 1;
	}
	return 0;
}

static int print_word(void *ctx, const char *w)
{
	(void) ctx;
	printf("%s\n", w);
	return 0;
}

struct ids_out {
	const char *prefix;
	size_t plen;
};

static enum rn_status print_id(void *ctx, const char *id, size_t len)
{
	const struct ids_out *o = ctx;
	/* One id per line: an id with a line break cannot be offered. */
	if (len < o->plen || memcmp(id, o->prefix, o->plen) != 0 ||
	    memchr(id, '\n', len) || memchr(id, '\r', len))
		return RN_OK;
	fwrite(id, 1, len, stdout);
	putchar('\n');
	return ferror(stdout) ? RN_E_CANTCREAT : RN_OK;
}

static int ids(const char *path, const char *prefix)
{
	struct stat st;
	char buf[4096];
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		size_t n = strlen(path);
		snprintf(buf, sizeof(buf), "%s%s%s", path, n && path[n - 1] == '/' ? "" : "/",
		         rn_table_name(RN_TABLE_CONTACTS));
		path = buf;
	}
	struct ids_out o = { prefix, strlen(prefix) };
	enum rn_status s = rn_ids_read(path, print_id, &o);
	return s == RN_E_CANTCREAT ? RN_E_CANTCREAT : RN_OK;
}

int rn_cli_complete(int argc, char **argv)
{
	const char *q = argc > 1 ? argv[1] : "";
	if (strcmp(q, "commands") == 0 && argc == 2) {
		const struct rn_command *c;
		for (size_t i = 0; (c = rn_cli_command(i)) != NULL; i++)
			printf("%s\t%s\n", c->name, c->summary);
		return RN_OK;
	}
	if ((strcmp(q, "options") == 0 || strcmp(q, "formats") == 0) && argc == 3) {
		const struct rn_command *c = rn_cli_find(argv[2]);
		if (!c)
			return RN_E_USAGE;
		probe_out = stdout;
		if (c->own_parser)
			return RN_OK;
		if (q[0] == 'o')
			describe_options(c);
		else
			describe_formats(c);
		return RN_OK;
	}
	if (strcmp(q, "subcommands") == 0 && argc == 3) {
		const struct rn_command *c = rn_cli_find(argv[2]);
		if (!c)
			return RN_E_USAGE;
		subcommands(c, print_word, NULL);
		return RN_OK;
	}
	if (strcmp(q, "ids") == 0 && (argc == 3 || argc == 4))
		return ids(argv[2], argc == 4 ? argv[3] : "");
	return RN_E_USAGE;
}

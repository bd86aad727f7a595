/*
 * refnet import: the command-line part of the importers (src/import/).
 * Parses the options of each source, runs the reader into one network
 * writer, prints the problems and the summary, and decides the exit status.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "refnet/abook.h"
#include "refnet/import.h"
#include "refnet/json.h"

static const char import_usage[] =
	"usage: refnet import linkedin OUT_DIR --member ID=PATH [--member ID=PATH ...] [OPTIONS]\n"
	"       refnet import csv OUT_DIR --contacts FILE [--ties FILE] [--log FILE]\n"
	"                     [--map TARGET=COLUMN[+COLUMN]] ... [OPTIONS]\n"
	"       refnet import google|outlook|vcard OUT_DIR FILE... [OPTIONS]\n"
	"\n"
	"Turn the files people have into a network directory (contacts.csv, ties.csv,\n"
	"log.csv) that every other command reads.  When OUT_DIR already holds a network,\n"
	"the import merges into it: rows there keep every non-empty cell (a different\n"
	"imported value is reported as a conflict), empty cells are filled, new people,\n"
	"ties and log rows are added.  Only files whose bytes change are written, each\n"
	"atomically; re-running the same import changes nothing.  People are matched by\n"
	"profile URL, then e-mail, then name + company where that is unique; people who\n"
	"only share a name are kept apart and reported.  See docs/import.md.\n"
	"\n"
	"linkedin: PATH is a member's Connections.csv, the unzipped export folder or\n"
	"the export's .zip (Profile.csv gives the member's name, messages.csv and the\n"
	"recommendation files the strength of each tie).\n"
	"  --member ID=PATH      a member of the group and their export (repeat it)\n"
	"  --name ID=\"NAME\"      the member's name when the export has no Profile.csv\n"
	"  --offers-from position  use each connection's Position as their offers\n"
	"  --strength RULE=X,..  override the strength rule: connected=0.3, one-way=0.5,\n"
	"                        two-way=0.7, strong=0.9, many=20 (messages for \"strong\")\n"
	"\n"
	"csv: any spreadsheet saved as CSV (comma, ';' or tab; UTF-8, Windows-1252 or\n"
	"Latin-1: detected and reported).  Unmapped columns are kept as they are.\n"
	"  --contacts FILE       people, one a row (required)\n"
	"  --ties FILE           who knows whom, one pair a row\n"
	"  --log FILE            dated interactions (a slip log)\n"
	"  --map TARGET=COLUMN   which column is which: id, name, email, url, company,\n"
	"                        stage, offers, needs (contacts); a, b, strength, since,\n"
	"                        last_contact (ties); date, from, to, kind, about,\n"
	"                        value (log).  'name=First Name+Last Name' joins columns;\n"
	"                        'a=Giver,b=Receiver' maps two; repeatable.  Without\n"
	"                        id, ids are made from the names (dana-wu, dana-wu-2)\n"
	"  --encoding ENC        utf-8, cp1252, latin1 or utf-16 (default: detect)\n"
	"  --delimiter D         ',', ';' or 'tab' (default: detect)\n"
	"  --date-format F       M/D/Y, D/M/Y, D.M.Y, Y-M-D... (default: YYYY-MM-DD)\n"
	"  --decimal-comma       numbers are written 0,8 and 1.234,50\n"
	"  --kinds 'TEXT=KIND,...'  the sheet's words for log kinds ('Thank you=thanks')\n"
	"  --ties-from-log       a log row between two people implies a tie\n"
	"  --source NAME         the value of the contacts' source column (default: file name)\n"
	"\n"
	"google, outlook, vcard: address books.  FILE is a Google Contacts CSV export\n"
	"(either header), an Outlook CSV export (web or desktop; Windows-1252 is\n"
	"detected and converted) or a .vcf file (vCard 2.1, 3.0 or 4.0).  Several files\n"
	"of one kind are merged; people are matched by e-mail, then name + company.\n"
	"Labels, categories and CATEGORIES go to a `labels` column; relations between\n"
	"people in the import become ties, and \"Referred by\" also an intro event\n"
	"dated --as-of (default today).  Fields without a column of their own are\n"
	"kept under their own names.\n"
	"  --labels-as COLUMN    offers, needs or tags instead of labels\n"
	"  --as-of DATE          the date of the intro events (default today)\n"
	"\n"
	"all:\n"
	"  --dry-run             report what would change; write nothing\n"
	"  --format text|json    the summary as text on stderr (default) or JSON on stdout\n"
	"  -q, --quiet           no warnings and no summary\n"
	"\n"
	"examples:\n"
	"  refnet import linkedin chapter --member dana=dana-linkedin.zip \\\n"
	"      --member lee=exports/lee/ --member sam=sam/Connections.csv --name sam=\"Sam Ito\"\n"
	"  refnet import csv chapter --contacts roster.csv --map 'name=First Name+Last Name' \\\n"
	"      --map offers=Specialty --log slips.csv --map 'from=Giver,to=Receiver' \\\n"
	"      --kinds 'TYFCB=referral,Thank you=thanks' --ties-from-log\n"
	"  refnet import google mybook contacts.csv && refnet import outlook mybook outlook.csv\n";

enum {
	OPT_MEMBER = 2000, OPT_NAME, OPT_OFFERS_FROM, OPT_STRENGTH, OPT_DRY_RUN, OPT_MAP,
	OPT_ENCODING, OPT_DELIMITER, OPT_DATE_FORMAT, OPT_DECIMAL_COMMA, OPT_KINDS,
	OPT_TIES_FROM_LOG, OPT_SOURCE, OPT_LABELS_AS
};

static const struct option import_opts[] = {
	{ "member", required_argument, NULL, OPT_MEMBER },
	{ "name", required_argument, NULL, OPT_NAME },
	{ "offers-from", required_argument, NULL, OPT_OFFERS_FROM },
	{ "strength", required_argument, NULL, OPT_STRENGTH },
	{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
	{ "map", required_argument, NULL, OPT_MAP },
	{ "encoding", required_argument, NULL, OPT_ENCODING },
	{ "delimiter", required_argument, NULL, OPT_DELIMITER },
	{ "date-format", required_argument, NULL, OPT_DATE_FORMAT },
	{ "decimal-comma", no_argument, NULL, OPT_DECIMAL_COMMA },
	{ "kinds", required_argument, NULL, OPT_KINDS },
	{ "ties-from-log", no_argument, NULL, OPT_TIES_FROM_LOG },
	{ "source", required_argument, NULL, OPT_SOURCE },
	{ "labels-as", required_argument, NULL, OPT_LABELS_AS },
	{ NULL, 0, NULL, 0 }
};

struct import_args {
	struct rn_cli *cli;
	int linkedin;
	struct rn_linkedin_member *members;
	size_t nmembers;
	char **names;           /* --name ID=NAME, as given */
	size_t nnames;
	struct rn_linkedin_options li;
	struct rn_csv_map *map;
	size_t nmap, map_cap;
	struct rn_csv_import_options csv;
	int dry_run;
	int only_linkedin, only_csv;   /* an option of the other source was given */
	const char *other_opt;
	const char *abook;      /* google, outlook or vcard */
	const char *labels_as;
};

/* Split "KEY=VALUE" in place; returns VALUE or NULL. */
static char *split_eq(char *s)
{
	char *eq = strchr(s, '=');
	if (!eq || eq == s)
		return NULL;
	*eq = '\0';
	return eq + 1;
}

static int parse_strength(struct import_args *a, char *s)
{
	struct rn_linkedin_rule *r = &a->li.rule;
	char *save = s;
	while (save && *save) {
		char *item = save, *comma = strchr(item, ',');
		if (comma)
			*comma = '\0';
		save = comma ? comma + 1 : NULL;
		char *v = split_eq(item), *end;
		double x = v ? strtod(v, &end) : 0;
		if (!v || !*v || *end) {
			rn_cli_usage_error(a->cli, "--strength wants RULE=NUMBER, got '%s'", item);
			return -1;
		}
		if (strcmp(item, "many") == 0) {
			if (x < 1 || x > 1e6 || x != (unsigned) x) {
				rn_cli_usage_error(a->cli, "--strength many= wants a whole number of "
				                   "messages, got '%s'", v);
				return -1;
			}
			r->many = (unsigned) x;
			continue;
		}
		double *slot = strcmp(item, "connected") == 0 ? &r->connected
		               : strcmp(item, "one-way") == 0 ? &r->one_way
		               : strcmp(item, "two-way") == 0 ? &r->two_way
		               : strcmp(item, "strong") == 0 ? &r->strong : NULL;
		if (!slot) {
			rn_cli_usage_error(a->cli, "--strength: unknown rule '%s' (use connected, "
			                   "one-way, two-way, strong or many)", item);
			return -1;
		}
		if (!(x > 0 && x <= 1)) {
			rn_cli_usage_error(a->cli, "--strength %s= wants a number in (0, 1], got '%s'",
			                   item, v);
			return -1;
		}
		*slot = x;
	}
	return 0;
}

static int import_option(const struct rn_cli *cli, void *ctx, int code, const char *arg)
{
	struct import_args *a = ctx;
	char *s = NULL;
	switch (code) {
	case OPT_MEMBER: {
		/* The option's text is split in place (argv is ours to change). */
		s = (char *) arg;
		char *path = split_eq(s);
		if (!path || !*path)
			return rn_cli_usage_error(a->cli, "--member wants ID=PATH, got '%s'", arg);
		for (size_t i = 0; i < a->nmembers; i++)
			if (strcmp(a->members[i].id, s) == 0)
				return rn_cli_usage_error(a->cli, "member '%s' is given twice", s);
		a->members[a->nmembers++] = (struct rn_linkedin_member) { s, NULL, path };
		a->other_opt = a->linkedin ? a->other_opt : "--member";
		return 0;
	}
	case OPT_NAME:
		a->names[a->nnames++] = (char *) arg;
		a->other_opt = a->linkedin ? a->other_opt : "--name";
		return 0;
	case OPT_OFFERS_FROM:
		if (strcmp(arg, "position") != 0)
			return rn_cli_usage_error(a->cli, "--offers-from knows only 'position', got '%s'",
			                          arg);
		a->li.offers_from_position = 1;
		a->other_opt = a->linkedin ? a->other_opt : "--offers-from";
		return 0;
	case OPT_STRENGTH:
		s = strdup(arg);
		if (!s || parse_strength(a, s) < 0) {
			free(s);
			return RN_E_USAGE;
		}
		free(s);
		a->other_opt = a->linkedin ? a->other_opt : "--strength";
		return 0;
	case OPT_DRY_RUN:
		a->dry_run = 1;
		return 0;
	case OPT_MAP: {
		/* 'a=Giver,b=Receiver': several mappings in one option. */
		char *p = (char *) arg;
		while (p) {
			char *comma = strchr(p, ',');
			/* A comma inside a column name ("Name, First") stays when no '='
			 * follows it before the next comma. */
			while (comma) {
				char *next = strchr(comma + 1, ',');
				char *eq = strchr(comma + 1, '=');
				if (eq && (!next || eq < next))
					break;
				comma = next;
			}
			if (comma)
				*comma = '\0';
			char *src = split_eq(p);
			if (!src || !*src)
				return rn_cli_usage_error(a->cli, "--map wants TARGET=COLUMN, got '%s'", p);
			if (a->nmap == a->map_cap)
				return rn_cli_usage_error(a->cli, "too many --map entries");
			a->map[a->nmap++] = (struct rn_csv_map) { p, src };
			p = comma ? comma + 1 : NULL;
		}
		a->other_opt = !a->linkedin ? a->other_opt : "--map";
		return 0;
	}
	case OPT_ENCODING:
		a->csv.encoding = arg;
		a->other_opt = !a->linkedin ? a->other_opt : "--encoding";
		return 0;
	case OPT_DELIMITER:
		if (strcmp(arg, ",") == 0 || strcmp(arg, "comma") == 0)
			a->csv.delim = ',';
		else if (strcmp(arg, ";") == 0 || strcmp(arg, "semicolon") == 0)
			a->csv.delim = ';';
		else if (strcmp(arg, "tab") == 0 || strcmp(arg, "\t") == 0 || strcmp(arg, "\\t") == 0)
			a->csv.delim = '\t';
		else
			return rn_cli_usage_error(a->cli, "--delimiter wants ',', ';' or 'tab', got '%s'",
			                          arg);
		a->other_opt = !a->linkedin ? a->other_opt : "--delimiter";
		return 0;
	case OPT_DATE_FORMAT:
		a->csv.date_format = arg;
		a->other_opt = !a->linkedin ? a->other_opt : "--date-format";
		return 0;
	case OPT_DECIMAL_COMMA:
		a->csv.decimal_comma = 1;
		a->other_opt = !a->linkedin ? a->other_opt : "--decimal-comma";
		return 0;
	case OPT_KINDS:
		a->csv.kinds = arg;
		a->other_opt = !a->linkedin ? a->other_opt : "--kinds";
		return 0;
	case OPT_TIES_FROM_LOG:
		a->csv.ties_from_log = 1;
		a->other_opt = !a->linkedin ? a->other_opt : "--ties-from-log";
		return 0;
	case OPT_SOURCE:
		a->csv.source = arg;
		a->other_opt = !a->linkedin ? a->other_opt : "--source";
		return 0;
	case OPT_LABELS_AS:
		if (strcmp(arg, "offers") != 0 && strcmp(arg, "needs") != 0 && strcmp(arg, "tags") != 0)
			return rn_cli_usage_error(a->cli, "--labels-as wants offers, needs or tags, got "
			                          "'%s'", arg);
		a->labels_as = arg;
		return 0;
	}
	return RN_E_USAGE;
}

static void summary_text(const struct rn_cli *cli, const struct import_args *a,
                         const struct rn_import_stats *s)
{
	static const char *const files[3] = { "contacts.csv", "ties.csv", "log.csv" };
	char list[128] = "";
	for (int i = 0; i < 3; i++) {
		if (!s->changed[i])
			continue;
		if (*list)
			strcat(list, ", ");
		strcat(list, files[i]);
	}
	const char *dir = rn_cli_shown(cli->dir);   /* a name need not be UTF-8 */
	if (!s->files_changed)
		fprintf(stderr, "refnet import: '%s' is up to date: nothing to change\n", dir);
	else if (a->dry_run)
		fprintf(stderr, "refnet import: dry run: would write %s in '%s'\n", list, dir);
	else
		fprintf(stderr, "refnet import: wrote %s in '%s'\n", list, dir);
	fprintf(stderr, "  contacts    %8zu  (%zu new, %zu matched to rows already there)\n",
	        s->contacts, s->contacts_new, s->known);
	fprintf(stderr, "  ties        %8zu  (%zu new)\n", s->ties, s->ties_new);
	fprintf(stderr, "  log         %8zu  (%zu new)\n", s->events, s->events_new);
	fprintf(stderr, "  rows read   %8zu\n", s->rows);
	fprintf(stderr, "  merged      %8zu  (%zu by profile URL, %zu by e-mail, %zu by name "
	        "and company)\n", s->merged, s->by_url, s->by_email, s->by_name);
	fprintf(stderr, "  collisions  %8zu  (same name, kept apart as different people)\n",
	        s->collisions);
	fprintf(stderr, "  hidden      %8zu  (rows without a name, not imported)\n", s->hidden);
	fprintf(stderr, "  skipped     %8zu  (other rows not imported, each reported above)\n",
	        s->skipped);
	fprintf(stderr, "  filled      %8zu  (empty cells of existing rows)\n", s->filled);
	fprintf(stderr, "  conflicts   %8zu  (cells kept, each reported above)\n",
	        s->conflicts);
}

/* The summary as one line of JSON on standard output; returns the status. */
static int summary_json(const struct rn_cli *cli, const struct import_args *a,
                        const struct rn_import_stats *s, size_t warnings)
{
	static const char *const files[3] = { "contacts.csv", "ties.csv", "log.csv" };
	struct rn_json d;
	json_t *o = rn_json_init(&d);
	rn_json_set_str(&d, o, "dir", cli->dir);
	rn_json_set_bool(&d, o, "dry_run", a->dry_run);
	json_t *changed = rn_json_add_array(&d, o, "changed");
	for (int i = 0; i < 3; i++)
		if (s->changed[i])
			rn_json_set_str(&d, changed, NULL, files[i]);
	rn_json_set_int(&d, o, "contacts", (long long) s->contacts);
	rn_json_set_int(&d, o, "contacts_new", (long long) s->contacts_new);
	rn_json_set_int(&d, o, "contacts_known", (long long) s->known);
	rn_json_set_int(&d, o, "ties", (long long) s->ties);
	rn_json_set_int(&d, o, "ties_new", (long long) s->ties_new);
	rn_json_set_int(&d, o, "events", (long long) s->events);
	rn_json_set_int(&d, o, "events_new", (long long) s->events_new);
	rn_json_set_int(&d, o, "rows", (long long) s->rows);
	rn_json_set_int(&d, o, "merged", (long long) s->merged);
	rn_json_set_int(&d, o, "merged_by_url", (long long) s->by_url);
	rn_json_set_int(&d, o, "merged_by_email", (long long) s->by_email);
	rn_json_set_int(&d, o, "merged_by_name", (long long) s->by_name);
	rn_json_set_int(&d, o, "collisions", (long long) s->collisions);
	rn_json_set_int(&d, o, "hidden", (long long) s->hidden);
	rn_json_set_int(&d, o, "skipped", (long long) s->skipped);
	rn_json_set_int(&d, o, "filled", (long long) s->filled);
	rn_json_set_int(&d, o, "conflicts", (long long) s->conflicts);
	rn_json_set_int(&d, o, "warnings", (long long) warnings);
	int st = RN_OK;
	if (!rn_json_ok(&d))
		st = rn_cli_error(cli, RN_E_INTERNAL, "out of memory");
	else
		rn_json_write(&d, stdout, RN_JSON_ONE_LINE);   /* main checks stdout */
	rn_json_release(&d);
	return st;
}

static int import_run(int argc, char **argv)
{
	struct rn_cli cli;
	struct import_args a;
	struct rn_diag diag;
	struct rn_import *im = NULL;
	int st;

	memset(&a, 0, sizeof(a));
	memset(&cli, 0, sizeof(cli));
	cli.cmd = "import";
	a.cli = &cli;
	if (argc < 2 || argv[1][0] == '-') {
		if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
			fputs(import_usage, stdout);
			return RN_OK;
		}
		return rn_cli_usage_error(&cli, "say what to import: 'refnet import linkedin "
		                          "OUT_DIR ...', 'refnet import csv OUT_DIR ...' or 'refnet "
		                          "import google|outlook|vcard OUT_DIR FILE...'");
	}
	if (strcmp(argv[1], "linkedin") == 0) {
		a.linkedin = 1;
	} else if (strcmp(argv[1], "google") == 0 || strcmp(argv[1], "outlook") == 0 ||
	           strcmp(argv[1], "vcard") == 0) {
		a.abook = argv[1];
	} else if (strcmp(argv[1], "csv") != 0) {
		return rn_cli_usage_error(&cli, "unknown source '%s' (use linkedin, csv, google, "
		                          "outlook or vcard)", argv[1]);
	}
	a.members = calloc((size_t) argc, sizeof(*a.members));
	a.names = calloc((size_t) argc, sizeof(*a.names));
	a.map_cap = (size_t) argc * 8;
	a.map = calloc(a.map_cap, sizeof(*a.map));
	rn_diag_init(&diag);
	if (!a.members || !a.names || !a.map) {
		st = RN_E_INTERNAL;
		goto cleanup;
	}
	rn_linkedin_rule_default(&a.li.rule);
	/* An address book takes FILE... after OUT_DIR. */
	struct rn_command self = rn_import_command;
	self.files = a.abook != NULL;
	a.cli = &cli;
	st = rn_cli_parse(&cli, &self, argc - 1, argv + 1, &a);
	if (st != RN_OK || cli.help)
		goto cleanup;
	if (!cli.dir) {
		st = rn_cli_usage_error(&cli, "give the network directory to write: "
		                        "'refnet import %s OUT_DIR ...'", argv[1]);
		goto cleanup;
	}
	if (a.other_opt) {
		st = rn_cli_usage_error(&cli, "%s is not an option of 'import %s'", a.other_opt,
		                        argv[1]);
		goto cleanup;
	}
	if (a.labels_as && !a.abook) {
		st = rn_cli_usage_error(&cli, "--labels-as is an option of 'import google', "
		                        "'import outlook' and 'import vcard'");
		goto cleanup;
	}
	if (a.abook && (a.nmap || a.csv.encoding || a.csv.delim || a.csv.date_format ||
	                a.csv.decimal_comma || a.csv.kinds || a.csv.ties_from_log ||
	                a.csv.source || cli.path[RN_TABLE_CONTACTS] || cli.path[RN_TABLE_TIES] ||
	                cli.path[RN_TABLE_LOG])) {
		st = rn_cli_usage_error(&cli, "that option belongs to 'import csv'; 'import %s' "
		                        "takes OUT_DIR FILE... and --labels-as, --as-of, --dry-run",
		                        a.abook);
		goto cleanup;
	}
	if (a.abook && !cli.nargs) {
		st = rn_cli_usage_error(&cli, "give the export file(s) after OUT_DIR: 'refnet import "
		                        "%s OUT_DIR FILE...'", a.abook);
		goto cleanup;
	}
	if (cli.output) {
		st = rn_cli_usage_error(&cli, "-o is not used: the network goes to OUT_DIR");
		goto cleanup;
	}
	struct rn_abook_import_options ab = {
		.format = a.abook, .files = (const char *const *) cli.args,
		.nfiles = (size_t) cli.nargs, .labels_as = a.labels_as, .date = cli.as_of
	};
	if (a.abook) {
		/* Checked above. */
	} else if (a.linkedin) {
		if (cli.path[RN_TABLE_CONTACTS] || cli.path[RN_TABLE_TIES] || cli.path[RN_TABLE_LOG]) {
			st = rn_cli_usage_error(&cli, "--contacts, --ties and --log belong to "
			                        "'import csv'");
			goto cleanup;
		}
		if (!a.nmembers) {
			st = rn_cli_usage_error(&cli, "give at least one --member ID=PATH");
			goto cleanup;
		}
		for (size_t i = 0; i < a.nnames; i++) {
			char *v = split_eq(a.names[i]);
			size_t k = 0;
			while (k < a.nmembers && strcmp(a.members[k].id, a.names[i]) != 0)
				k++;
			if (!v || k == a.nmembers) {
				st = rn_cli_usage_error(&cli, v ? "--name %s: no --member has that id"
				                              : "--name wants ID=\"Full Name\", got '%s'",
				                        a.names[i]);
				goto cleanup;
			}
			a.members[k].name = v;
		}
		a.li.members = a.members;
		a.li.nmembers = a.nmembers;
	} else {
		a.csv.contacts = cli.path[RN_TABLE_CONTACTS];
		a.csv.ties = cli.path[RN_TABLE_TIES];
		a.csv.log = cli.path[RN_TABLE_LOG];
		a.csv.map = a.map;
		a.csv.nmap = a.nmap;
		if (!a.csv.contacts && !a.csv.log) {
			st = rn_cli_usage_error(&cli, "give the people with --contacts FILE (and "
			                        "optionally --ties FILE, --log FILE)");
			goto cleanup;
		}
	}

	struct rn_import_options io = { .dir = cli.dir, .dry_run = a.dry_run };
	st = rn_import_new(&im, &io, &diag);
	if (st == RN_OK)
		st = a.abook      ? rn_import_abook(im, &ab, &diag)
		     : a.linkedin ? rn_import_linkedin(im, &a.li, &diag)
		                  : rn_import_csv(im, &a.csv, &diag);
	if (st == RN_OK && diag.nerrors)
		st = RN_E_DATA;
	struct rn_import_stats stats;
	memset(&stats, 0, sizeof(stats));
	char err[1024] = "";
	if (st == RN_OK)
		st = rn_import_finish(im, &stats, err, sizeof(err));

	rn_cli_diag(&cli, &diag, st, "the input; nothing was written");
	if (st == RN_E_CANTCREAT && err[0])
		rn_cli_error(&cli, st, "%s", err);
	else if (st == RN_E_INTERNAL)
		rn_cli_error(&cli, st, "out of memory");
	if (st == RN_OK) {
		if (cli.format == RN_FMT_JSON)
			st = summary_json(&cli, &a, &stats, diag.nwarnings);
		else if (!cli.quiet)
			summary_text(&cli, &a, &stats);
	}
cleanup:
	rn_import_free(im);
	rn_diag_release(&diag);
	free(a.members);
	free(a.names);
	free(a.map);
	return st;
}

const struct rn_command rn_import_command = {
	.name = "import",
	.summary = "build or update a network from LinkedIn exports, address books or any spreadsheet",
	.usage = import_usage,
	.run = import_run,
	.opts = import_opts,
	.option = import_option,
	.formats = RN_FMT_BIT(RN_FMT_TEXT) | RN_FMT_BIT(RN_FMT_JSON),
};

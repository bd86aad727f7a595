/*
 * refnet intro: who can help with a need, and who should introduce me.
 *
 * One request from the command line (--from with --need or --to) or many
 * from a CSV file (--requests), answered in one load.  The routes come from
 * src/analysis/intro.c; this file resolves ids, reads the requests file and
 * prints the routes as advice (text) or as rows (csv, tsv, json).
 */
#include <stdlib.h>
#include <string.h>

#include "trust.h"
#include "refnet/csv.h"
#include "refnet/text.h"

static const char usage[] =
	"usage: refnet intro [NETWORK_DIR] --from ID (--need TEXT | --to ID) [OPTIONS]\n"
	"       refnet intro [NETWORK_DIR] --requests FILE [OPTIONS]\n"
	"\n"
	"Rank introduction routes from one contact to the contacts whose offers match\n"
	"a need (every word of the need starts a word of one offers tag, ignoring\n"
	"case and accents), or to one named contact.  A route is as strong as the\n"
	"chain of trust along it: the product of its ties' strengths, faded by time\n"
	"since each pair last interacted, and weakened by introducers who were asked\n"
	"or pitched a lot lately.  Alternative routes to one provider go through\n"
	"different people.  See docs/scoring.md.\n"
	"\n"
	"options:\n"
	"  --from ID           who is asking\n"
	"  --need TEXT         what they need, e.g. 'estate attorney'\n"
	"  --to ID             a route to this contact instead of a need\n"
	"  --requests FILE     a CSV file with columns from and need (or to), one\n"
	"                      request per row; output rows carry its line number\n"
	"  -k N                routes per request (default 5)\n"
	"  --max-hops N        longest route (default 4)\n"
	"  --avoid ID[,ID...]  never route through or to these contacts\n"
	RN_TRUST_USAGE
	"  --as-of DATE        the day counted as today (default: today)\n"
	"  --format text|csv|tsv|json, -o FILE, -q, -v, --contacts/--ties/--log FILE\n"
	"\n"
	"csv/tsv/json columns: rank, from, target, provider, path, hops, score,\n"
	"provider_name, offer, why (and request with --requests).\n"
	"\n"
	"examples:\n"
	"  refnet intro datasets/sample --from ana-lopez --need 'estate attorney'\n"
	"  refnet intro datasets/sample --from ana-lopez --to eli-park --format csv\n";

enum { OPT_FROM = 1200, OPT_NEED, OPT_TO, OPT_MAX_HOPS, OPT_AVOID, OPT_REQUESTS };

static const struct option options[] = {
	{ "from", required_argument, NULL, OPT_FROM },
	{ "need", required_argument, NULL, OPT_NEED },
	{ "to", required_argument, NULL, OPT_TO },
	{ "max-hops", required_argument, NULL, OPT_MAX_HOPS },
	{ "avoid", required_argument, NULL, OPT_AVOID },
	{ "requests", required_argument, NULL, OPT_REQUESTS },
	RN_TRUST_OPTIONS,
	{ NULL, 0, NULL, 0 }
};

struct request {
	igraph_integer_t from, to;   /* to: -1 for a need */
	char *need;
	long line;                   /* in the requests file, 0 from the command line */
};

struct ctx {
	struct rn_intro_options opt;
	const char *from, *need, *to, *avoid, *requests;
};

static int on_option(void *vctx, int code, const char *arg)
{
	struct ctx *c = vctx;
	long l;
	switch (code) {
	case OPT_FROM: c->from = arg; return 0;
	case OPT_NEED: c->need = arg; return 0;
	case OPT_TO: c->to = arg; return 0;
	case OPT_AVOID: c->avoid = arg; return 0;
	case OPT_REQUESTS: c->requests = arg; return 0;
	case 'k':
		if (rn_cli_int_option("intro", "-k", arg, 1, 1000, &l) < 0)
			return RN_E_USAGE;
		c->opt.k = (int) l;
		return 0;
	case OPT_MAX_HOPS:
		if (rn_cli_int_option("intro", "--max-hops", arg, 1, 10, &l) < 0)
			return RN_E_USAGE;
		c->opt.max_hops = (int) l;
		return 0;
	}
	int r = rn_trust_option("intro", &c->opt, code, arg);
	return r == 1 ? 0 : RN_E_USAGE;
}

/*
 * Past this many requests every tie's cost is computed once up front: a
 * request computes the costs of the ties it reaches, and (measured on 100k
 * contacts / 1M ties) the up-front pass costs as much as about 35 requests
 * computing their own.
 */
#define RN_PRECOMPUTE_REQUESTS 32

/* ---- the requests file --------------------------------------------------- */

struct reqfile {
	const struct rn_network *net;
	struct rn_diag *diag;
	const char *file;
	int col_from, col_need, col_to;
	int usable;
	struct request *r;
	size_t n, cap;
};

static enum rn_status request_record(void *vctx, const struct rn_csv_record *rec)
{
	struct reqfile *rf = vctx;
	if (rec->index == 0) {
		rf->col_from = rf->col_need = rf->col_to = -1;
		for (size_t i = 0; i < rec->nfields; i++) {
			size_t n = rec->len[i];
			const char *s = rn_text_trim(rec->field[i], &n);
			if (rn_text_ieq(s, n, "from"))
				rf->col_from = (int) i;
			else if (rn_text_ieq(s, n, "need"))
				rf->col_need = (int) i;
			else if (rn_text_ieq(s, n, "to"))
				rf->col_to = (int) i;
		}
		rf->usable = rf->col_from >= 0 && (rf->col_need >= 0 || rf->col_to >= 0);
		if (!rf->usable)
			rn_diag_error(rf->diag, rf->file, 1, 1, "missing required column '%s'",
			              rf->col_from < 0 ? "from" : "need' or 'to");
		return RN_OK;
	}
	if (!rf->usable)
		return RN_OK;

	size_t nf = rec->len[rf->col_from], nn = 0, nt = 0;
	const char *from = rn_text_trim(rec->field[rf->col_from], &nf);
	const char *need = "", *to = "";
	if (rf->col_need >= 0) {
		nn = rec->len[rf->col_need];
		need = rn_text_trim(rec->field[rf->col_need], &nn);
	}
	if (rf->col_to >= 0) {
		nt = rec->len[rf->col_to];
		to = rn_text_trim(rec->field[rf->col_to], &nt);
	}
	struct request q = { -1, -1, NULL, rec->line0 };
	if (nf == 0) {
		rn_diag_error(rf->diag, rf->file, rec->line[rf->col_from], rf->col_from + 1,
		              "empty contact id in column 'from'");
	} else {
		char *id = strndup(from, nf);
		if (!id)
			return RN_E_INTERNAL;
		q.from = rn_network_find(rf->net, id);
		if (q.from < 0)
			rn_diag_error(rf->diag, rf->file, rec->line[rf->col_from], rf->col_from + 1,
			              "unknown contact id '%s' in column 'from'", id);
		free(id);
	}
	if ((nn > 0) == (nt > 0)) {
		rn_diag_error(rf->diag, rf->file, rec->line0, 1,
		              "give exactly one of 'need' and 'to' in each request");
		return RN_OK;
	}
	if (nt) {
		char *id = strndup(to, nt);
		if (!id)
			return RN_E_INTERNAL;
		q.to = rn_network_find(rf->net, id);
		if (q.to < 0)
			rn_diag_error(rf->diag, rf->file, rec->line[rf->col_to], rf->col_to + 1,
			              "unknown contact id '%s' in column 'to'", id);
		free(id);
	} else if (!(q.need = strndup(need, nn))) {
		return RN_E_INTERNAL;
	}
	if (q.from < 0 || (nt && q.to < 0)) {
		free(q.need);
		return RN_OK;
	}
	if (rf->n == rf->cap) {
		size_t cap = rf->cap ? rf->cap * 2 : 64;
		struct request *r = realloc(rf->r, cap * sizeof(*r));
		if (!r) {
			free(q.need);
			return RN_E_INTERNAL;
		}
		rf->r = r;
		rf->cap = cap;
	}
	rf->r[rf->n++] = q;
	return RN_OK;
}

static void free_requests(struct request *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(r[i].need);
	free(r);
}

/* ---- output -------------------------------------------------------------- */

static const char *const columns[] = {
	"rank", "from", "target", "provider", "path", "hops", "score",
	"provider_name", "offer", "why", "request"
};

struct out {
	const struct rn_cli *cli;
	const struct rn_intro *in;
	struct rn_table table;        /* csv, tsv, json */
	char *text;                   /* text */
	size_t text_len;
	FILE *tf;
	int with_request;
};

/* The path as ids joined by '>'. */
static char *path_text(const struct rn_network *net, const struct rn_route *r)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return NULL;
	for (size_t i = 0; i <= r->nhops; i++)
		fprintf(f, "%s%s", i ? ">" : "", net->id[r->path[i]]);
	fclose(f);
	return buf;
}

/* Every hop and every tired introducer, "; "-separated, ids only. */
static char *why_text(const struct rn_intro *in, const struct rn_route *r)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return NULL;
	for (size_t i = 0; i < r->nhops; i++) {
		if (i)
			fputs("; ", f);
		rn_explain_tie(f, in, r->tie[i], r->path[i], 0, 0);
	}
	for (size_t i = 1; i < r->nhops; i++) {
		if (rn_intro_fatigue(in, r->path[i]) < 1.0) {
			fputs("; ", f);
			rn_explain_fatigue(f, in, r->path[i], 0);
		}
	}
	fclose(f);
	return buf;
}

static int add_row(struct out *o, const struct request *q, const struct rn_route *r, size_t rank)
{
	const struct rn_network *net = o->in->net;
	struct rn_table *t = &o->table;
	char *path = path_text(net, r), *why = why_text(o->in, r);
	int rc = -1;
	if (!path || !why || rn_table_row(t) < 0)
		goto done;
	rn_table_int(t, 0, (long long) rank);
	rn_table_str(t, 1, net->id[q->from]);
	rn_table_str(t, 2, q->to >= 0 ? net->id[q->to] : q->need);
	rn_table_str(t, 3, net->id[r->provider]);
	rn_table_str(t, 4, path);
	rn_table_int(t, 5, (long long) r->nhops);
	rn_table_num(t, 6, r->score, 3);
	rn_table_str(t, 7, net->name[r->provider]);
	rn_table_str(t, 8, r->offer != RN_NO_TAG ? net->tag_text[r->offer] : NULL);
	rn_table_str(t, 9, why);
	if (o->with_request)
		rn_table_int(t, 10, q->line);
	rc = 0;
done:
	free(path);
	free(why);
	return rc;
}

static void offers_text(FILE *f, const struct rn_network *net, const struct rn_route *r)
{
	if (r->offer != RN_NO_TAG)
		fprintf(f, ", who offers '%s'", net->tag_text[r->offer]);
}

/* "1. Ask Dana Wu to introduce you to Eli Park, who offers 'x'.  (score 0.612)" */
static void advice(struct out *o, const struct rn_route *r, size_t rank)
{
	const struct rn_network *net = o->in->net;
	FILE *f = o->tf;
	fprintf(f, "%2zu. ", rank);
	if (r->nhops == 1) {
		fprintf(f, "You know %s", net->name[r->provider]);
		offers_text(f, net, r);
		fputs(": ask directly.", f);
	} else {
		fprintf(f, "Ask %s to introduce you to %s", net->name[r->path[1]],
		        net->name[r->path[2]]);
		for (size_t i = 3; i <= r->nhops; i++)
			fprintf(f, ", who can introduce you to %s", net->name[r->path[i]]);
		offers_text(f, net, r);
		fputc('.', f);
	}
	fprintf(f, "\n    score %.3f over %zu hop%s: ", r->score, r->nhops, r->nhops == 1 ? "" : "s");
	for (size_t i = 0; i < r->nhops; i++) {
		if (i)
			fputs(" x ", f);
		fprintf(f, "%.2f", rn_intro_effective(o->in, r->tie[i]));
	}
	for (size_t i = 1; i < r->nhops; i++)
		if (rn_intro_fatigue(o->in, r->path[i]) < 1.0)
			fprintf(f, " x %.2f", rn_intro_fatigue(o->in, r->path[i]));
	fputc('\n', f);
	for (size_t i = 0; i < r->nhops; i++) {
		fputs("      ", f);
		rn_explain_tie(f, o->in, r->tie[i], r->path[i], i == 0, 1);
		fputc('\n', f);
	}
	for (size_t i = 1; i < r->nhops; i++) {
		if (rn_intro_fatigue(o->in, r->path[i]) < 1.0) {
			fputs("      ", f);
			rn_explain_fatigue(f, o->in, r->path[i], 1);
			fputc('\n', f);
		}
	}
}

/* Say why a request has no route: on stderr, and in the text output. */
static void no_route(struct out *o, const struct request *q, const struct rn_routes *rs)
{
	const struct rn_network *net = o->in->net;
	char why[512];
	if (q->to >= 0)
		snprintf(why, sizeof(why), "no route from '%s' to '%s' within %d hops",
		         net->id[q->from], net->id[q->to], o->in->opt.max_hops);
	else if (!rs->providers)
		snprintf(why, sizeof(why), "no contact offers '%s'", q->need);
	else
		snprintf(why, sizeof(why),
		         "%zu contact%s offer%s '%s', but none is within %d hops of '%s' "
		         "(try --max-hops %d)", rs->providers, rs->providers == 1 ? "" : "s",
		         rs->providers == 1 ? "s" : "", q->need, o->in->opt.max_hops,
		         net->id[q->from], o->in->opt.max_hops + 1);
	if (!o->cli->quiet) {
		if (q->line)
			fprintf(stderr, "refnet intro: request at line %ld: %s\n", q->line, why);
		else
			fprintf(stderr, "refnet intro: %s\n", why);
	}
	if (o->tf)
		fprintf(o->tf, "    %s.\n", why);
}

static int answer(struct out *o, struct rn_intro *in, const struct rn_needs_index *ix,
                  const struct request *q, const igraph_integer_t *avoid, size_t navoid)
{
	const struct rn_network *net = in->net;
	struct rn_routes rs;
	enum rn_status st = q->to >= 0 ? rn_intro_to(in, q->from, q->to, avoid, navoid, &rs)
	                               : rn_intro_need(in, ix, q->from, q->need, avoid, navoid, &rs);
	if (st != RN_OK)
		return -1;
	if (o->tf) {
		if (q->line)
			fprintf(o->tf, "Request at line %ld: ", q->line);
		if (q->to >= 0)
			fprintf(o->tf, "Routes from %s (%s) to %s (%s)\n", net->name[q->from],
			        net->id[q->from], net->name[q->to], net->id[q->to]);
		else
			fprintf(o->tf, "Who can help %s (%s) with '%s'\n", net->name[q->from],
			        net->id[q->from], q->need);
	}
	int rc = 0;
	for (size_t i = 0; i < rs.n && rc == 0; i++) {
		if (o->tf)
			advice(o, &rs.r[i], i + 1);
		else
			rc = add_row(o, q, &rs.r[i], i + 1);
	}
	if (!rs.n)
		no_route(o, q, &rs);
	rn_routes_release(&rs);
	return rc;
}

static int write_text(void *vo, FILE *fp)
{
	struct out *o = vo;
	return fwrite(o->text, 1, o->text_len, fp) == o->text_len ? 0 : -1;
}

static int write_table(void *vo, FILE *fp)
{
	struct out *o = vo;
	return rn_table_write(&o->table, fp, o->cli->format);
}

/* ---- the command --------------------------------------------------------- */

static int resolve(const struct rn_cli *cli, const struct rn_network *net, const char *id,
                   const char *opt, igraph_integer_t *v)
{
	*v = rn_network_find(net, id);
	if (*v < 0) {
		fprintf(stderr, "refnet %s: %s: no contact with id '%s'\n", cli->cmd, opt, id);
		return -1;
	}
	return 0;
}

/* --avoid a,b,c into contact ids. */
static int parse_avoid(const struct rn_cli *cli, const struct rn_network *net, const char *arg,
                       igraph_integer_t **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (!arg)
		return 0;
	char *copy = strdup(arg);
	size_t cap = strlen(arg) / 2 + 2;
	*out = malloc(cap * sizeof(**out));
	if (!copy || !*out) {
		free(copy);
		return -1;
	}
	int rc = 0;
	char *p = copy;
	while (p && rc == 0) {
		char *comma = strchr(p, ',');
		if (comma)
			*comma = '\0';
		size_t len = strlen(p);
		const char *id = rn_text_trim(p, &len);
		if (len) {
			char *one = strndup(id, len);
			if (!one || resolve(cli, net, one, "--avoid", &(*out)[*n]) < 0)
				rc = -1;
			else
				(*n)++;
			free(one);
		}
		p = comma ? comma + 1 : NULL;
	}
	free(copy);
	return rc;
}

static int read_requests(const struct rn_cli *cli, const struct rn_network *net,
                         const char *path, struct request **out, size_t *n)
{
	struct rn_diag diag;
	struct reqfile rf = { .net = net, .diag = &diag, .file = path };
	rn_diag_init(&diag);
	enum rn_status st = rn_csv_read(path, path, NULL, &diag, request_record, &rf);
	if (st == RN_OK && diag.nerrors)
		st = RN_E_DATA;
	rn_diag_print(&diag, stderr, !cli->quiet, "refnet intro: ");
	rn_cli_note_input(path);
	if (st == RN_E_DATA)
		fprintf(stderr, "refnet intro: %zu error%s in the requests\n",
		        diag.nerrors, diag.nerrors == 1 ? "" : "s");
	rn_diag_release(&diag);
	if (st != RN_OK) {
		free_requests(rf.r, rf.n);
		return st;
	}
	*out = rf.r;
	*n = rf.n;
	return RN_OK;
}

static int run(int argc, char **argv)
{
	struct rn_cli cli;
	struct ctx c = { 0 };
	rn_intro_options_default(&c.opt);
	int st = rn_cli_parse(&cli, &rn_intro_command, argc, argv, options, "k:",
	                      1u << RN_FMT_TEXT | 1u << RN_FMT_CSV | 1u << RN_FMT_TSV |
	                      1u << RN_FMT_JSON, on_option, &c);
	if (st != RN_OK)
		return st < 0 ? RN_OK : st;
	if (c.requests ? (c.from || c.need || c.to) : (!c.from || !c.need == !c.to)) {
		return rn_cli_usage_error(&cli, "give --from with --need or --to, or --requests FILE");
	}

	struct rn_network net;
	cli.need_adjacency = 1;
	st = rn_cli_load(&cli, &net, NULL);
	if (st != RN_OK)
		return st;

	struct request *reqs = NULL, one = { -1, -1, (char *) c.need, 0 };
	size_t nreqs = 0;
	igraph_integer_t *avoid = NULL;
	size_t navoid = 0;
	struct rn_needs_index ix = { 0 };
	struct rn_intro in = { 0 };
	struct out o = { .cli = &cli, .in = &in, .with_request = c.requests != NULL };

	if (c.requests) {
		st = read_requests(&cli, &net, c.requests, &reqs, &nreqs);
		if (st != RN_OK)
			goto cleanup;
	} else {
		if (resolve(&cli, &net, c.from, "--from", &one.from) < 0 ||
		    (c.to && resolve(&cli, &net, c.to, "--to", &one.to) < 0)) {
			st = RN_E_USAGE;
			goto cleanup;
		}
	}
	if (parse_avoid(&cli, &net, c.avoid, &avoid, &navoid) < 0) {
		st = RN_E_USAGE;
		goto cleanup;
	}
	st = RN_E_INTERNAL;
	if (rn_needs_index_init(&ix, &net) != RN_OK ||
	    rn_intro_init(&in, &net, &c.opt, cli.as_of) != RN_OK ||
	    (nreqs > RN_PRECOMPUTE_REQUESTS && rn_intro_precompute(&in) != RN_OK))
		goto cleanup;
	if (cli.format == RN_FMT_TEXT) {
		if (!(o.tf = open_memstream(&o.text, &o.text_len)))
			goto cleanup;
	} else if (rn_table_init(&o.table, RN_ARRAY_LEN(columns) - !o.with_request, columns) != RN_OK) {
		goto cleanup;
	}

	for (size_t i = 0; i < (c.requests ? nreqs : 1); i++) {
		const struct request *q = c.requests ? &reqs[i] : &one;
		if (o.tf && i)
			fputc('\n', o.tf);
		if (answer(&o, &in, &ix, q, avoid, navoid) < 0)
			goto cleanup;
	}
	if (o.tf) {
		if (fclose(o.tf) != 0) {
			o.tf = NULL;
			goto cleanup;
		}
		o.tf = NULL;
		st = rn_cli_write(&cli, write_text, &o);
	} else {
		st = rn_cli_write(&cli, write_table, &o);
	}
cleanup:
	if (st == RN_E_INTERNAL)
		rn_cli_error(&cli, st, "out of memory");
	if (o.tf)
		fclose(o.tf);
	free(o.text);
	rn_table_release(&o.table);
	rn_intro_release(&in);
	rn_needs_index_release(&ix);
	free(avoid);
	free_requests(reqs, nreqs);
	rn_network_release(&net);
	return st;
}

const struct rn_command rn_intro_command = {
	"intro", "who can help with a need, and who should introduce you", usage, run
};

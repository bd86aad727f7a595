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

#include "health.h"
#include "trust.h"
#include "resolve.h"
#include "vocab.h"
#include "refnet/requests.h"
#include "refnet/text.h"

static const char usage[] =
	"usage: refnet intro [NETWORK_DIR] --for ID (--need TEXT | --to ID) [OPTIONS]\n"
	"       refnet intro [NETWORK_DIR] --requests FILE [OPTIONS]\n"
	"\n"
	"Rank introduction routes from one contact to the contacts whose offers match\n"
	"a need (every word of the need starts a word of one offers tag, ignoring\n"
	"case and accents, or does once a synonym is put for a word: 'estate\n"
	"lawyer' finds 'estate attorney'), or to one named contact.  A route is as strong as the\n"
	"chain of trust along it: the product of its ties' strengths, faded by time\n"
	"since each pair last interacted, and weakened by introducers who were asked\n"
	"or pitched a lot lately.  Alternative routes to one provider go through\n"
	"different people.  See docs/scoring.md.\n"
	"\n"
	"A contact is named by id, or by name when one contact has it (ignoring\n"
	"case and accents).\n"
	"\n"
	"options:\n"
	"  --for ID            who is asking (also --from)\n"
	"  --need TEXT         what they need, e.g. 'estate attorney'\n"
	"  --to ID             a route to this contact instead of a need\n"
	"  --requests FILE     a CSV file with columns from (or for) and need (or\n"
	"                      to), one request per row; every request is answered,\n"
	"                      with its line number and a status\n"
	"  --top N             routes per request (default 5; also -k N)\n"
	"  --max-hops N        longest route (default 4)\n"
	"  --avoid ID[,ID...]  never route through or to these contacts\n"
	RN_VOCAB_USAGE
	RN_TRUST_USAGE
	RN_WIDTH_USAGE
	RN_ROWS_USAGE
	"\n"
	"csv/tsv/json columns: rank, from, target, provider, path, hops, score,\n"
	"provider_name, offer, why (and request, status with --requests).\n"
	"\n"
	"exit status: 0 when every request was answered (a request whose providers\n"
	"are all too far away is answered with no route); 64 when the one request\n"
	"names an unknown contact or a need nobody offers (with the nearest ids or\n"
	"offered tags); with --requests, 65 when any request failed: each gets a\n"
	"row with status 'unknown id', 'ambiguous name', 'no provider' or 'bad\n"
	"request' and a FILE:LINE:COLUMN message on stderr, and the others are\n"
	"answered all the same.\n"
	"\n"
	"examples:\n"
	"  refnet intro datasets/sample --for tom-kowalski --need 'estate attorney'\n"
	"  refnet intro datasets/sample --for 'Tom Kowalski' --to dana-wu --format csv\n";

enum { OPT_FROM = 1200, OPT_NEED, OPT_TO, OPT_MAX_HOPS, OPT_AVOID, OPT_REQUESTS, OPT_TOP };

static const struct option options[] = {
	{ "for", required_argument, NULL, OPT_FROM },
	{ "from", required_argument, NULL, OPT_FROM },
	{ "need", required_argument, NULL, OPT_NEED },
	{ "to", required_argument, NULL, OPT_TO },
	{ "top", required_argument, NULL, OPT_TOP },
	{ "max-hops", required_argument, NULL, OPT_MAX_HOPS },
	{ "avoid", required_argument, NULL, OPT_AVOID },
	{ "requests", required_argument, NULL, OPT_REQUESTS },
	RN_WIDTH_OPTION,
	RN_TRUST_OPTIONS,
	RN_VOCAB_OPTION,
	{ NULL, 0, NULL, 0 }
};

/* How one request went: the status column of --requests. */
enum req_status { REQ_OK, REQ_NO_ROUTE, REQ_UNKNOWN_ID, REQ_AMBIGUOUS, REQ_NO_PROVIDER,
                  REQ_BAD };

static const char *const status_name[] = {
	"ok", "no route", "unknown id", "ambiguous name", "no provider", "bad request"
};

struct request {
	igraph_integer_t from, to;   /* to: -1 for a need */
	char *from_text;             /* as written (requests file) */
	char *need;                  /* the need, or the --to text */
	long line;                   /* in the requests file, 0 from the command line */
	int col;                     /* column of a failure, for its message */
	enum req_status status;      /* a failure found while reading, or REQ_OK */
	char *msg;                   /* why it failed */
};

struct ctx {
	struct rn_cli_route_args route;
	const char *from, *need, *to, *avoid, *requests;
};

static int intro_option(const struct rn_cli *cli, void *vctx, int code, const char *arg)
{
	struct ctx *c = vctx;
	switch (code) {
	case OPT_FROM: c->from = arg; return 0;
	case OPT_NEED: c->need = arg; return 0;
	case OPT_TO: c->to = arg; return 0;
	case OPT_AVOID: c->avoid = arg; return 0;
	case OPT_REQUESTS: c->requests = arg; return 0;
	case 'k':
	case OPT_TOP:
		return rn_opt_int(cli, code == 'k' ? "-k" : "--top", arg, 1, 1000, &c->route.opt.k);
	case OPT_MAX_HOPS:
		return rn_opt_int(cli, "--max-hops", arg, 1, 10, &c->route.opt.max_hops);
	}
	return rn_cli_route_option(cli, &c->route, code, arg);
}

/*
 * Past this many requests every tie's cost is computed once up front: a
 * request computes the costs of the ties it reaches, and (measured on 100k
 * contacts / 1M ties) the up-front pass costs as much as about 35 requests
 * computing their own.
 */
#define RN_PRECOMPUTE_REQUESTS 32

/* ---- the requests file --------------------------------------------------- */

/*
 * A row that cannot be answered (an unknown or ambiguous contact, no need
 * and no --to, or both) does not stop the others: it is kept with its
 * status and message, and reported when the requests are answered.  Only a
 * file that cannot be read as requests at all (no 'from' column, broken
 * CSV: rn_requests_read) stops the run.
 */
static void fail(struct request *q, enum req_status st, int col, const char *msg)
{
	if (q->status != REQ_OK)
		return;   /* the first problem of a row is the one reported */
	q->status = st;
	q->col = col;
	q->msg = strdup(msg);
}

/* The request of one row: its contacts found, or why it fails. */
static enum rn_status resolve_request(struct rn_finder *finder, const struct rn_request_row *row,
                                      struct request *q)
{
	char msg[2048];
	int by_to = row->to[0] != '\0';
	*q = (struct request) { -1, -1, strdup(row->from), strdup(by_to ? row->to : row->need),
	                        row->line, 1, REQ_OK, NULL };
	if (!q->from_text || !q->need)
		return RN_E_INTERNAL;
	if (!row->from[0]) {
		fail(q, REQ_BAD, row->col_from, "empty contact in column 'from'");
	} else {
		enum rn_find_result r = rn_finder_find(finder, q->from_text, &q->from, msg,
		                                       sizeof(msg));
		if (r == RN_FIND_OOM)
			return RN_E_INTERNAL;
		if (r != RN_FOUND)
			fail(q, r == RN_FIND_AMBIGUOUS ? REQ_AMBIGUOUS : REQ_UNKNOWN_ID,
			     row->col_from, msg);
	}
	if ((row->need[0] != '\0') == by_to) {
		fail(q, REQ_BAD, 1, "give exactly one of 'need' and 'to' in each request");
	} else if (by_to) {
		enum rn_find_result r = rn_finder_find(finder, q->need, &q->to, msg, sizeof(msg));
		if (r == RN_FIND_OOM)
			return RN_E_INTERNAL;
		if (r != RN_FOUND) {
			q->to = -2;   /* a --to request, unresolved */
			fail(q, r == RN_FIND_AMBIGUOUS ? REQ_AMBIGUOUS : REQ_UNKNOWN_ID,
			     row->col_to, msg);
		}
	}
	if (q->status != REQ_OK && !q->msg)
		return RN_E_INTERNAL;
	return RN_OK;
}

static void free_requests(struct request *r, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(r[i].from_text);
		free(r[i].need);
		free(r[i].msg);
	}
	free(r);
}

/* ---- output -------------------------------------------------------------- */

static const char *const columns[] = {
	"rank", "from", "target", "provider", "path", "hops", "score",
	"provider_name", "offer", "why", "request", "status"
};

struct out {
	const struct rn_cli *cli;
	const struct rn_intro *in;
	struct rn_table table;        /* csv, tsv, json */
	char *text;                   /* text */
	size_t text_len;
	FILE *tf;
	int with_request;
	const char *file;             /* the requests file, for messages */
	const struct rn_needs_index *ix;
	size_t navoid;                /* contacts in --avoid */
	size_t failed;                /* requests that could not be answered */
	size_t width;                 /* text: wrap at this many columns, 0: do not */
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

/* " (synonym: lawyer = attorney)" when the provider's offer answers the
 * need only through the vocabulary; nothing otherwise. */
static void synonym_text(FILE *f, const struct out *o, const struct request *q,
                         const struct rn_route *r, const char *open, const char *close)
{
	const char *said, *meant;
	if (q->to < 0 && r->offer != RN_NO_TAG &&
	    rn_needs_synonym(o->ix, q->need, r->offer, &said, &meant) == 1)
		fprintf(f, "%ssynonym: %s = %s%s", open, rn_cli_shown(said), rn_cli_shown(meant), close);
}

/* Every hop and every tired introducer, "; "-separated, ids only. */
static char *why_text(const struct out *o, const struct request *q, const struct rn_route *r)
{
	const struct rn_intro *in = o->in;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return NULL;
	for (size_t i = 0; i < r->nhops; i++) {
		if (i)
			fputs("; ", f);
		rn_explain_tie(f, in, r->tie[i], r->path[i], r->effective[i], 0, 0);
	}
	for (size_t i = 1; i < r->nhops; i++) {
		if (r->fatigue[i] < 1.0) {
			fputs("; ", f);
			rn_explain_fatigue(f, in, r->path[i], r->fatigue[i], 0);
		}
	}
	synonym_text(f, o, q, r, "; ", "");
	fclose(f);
	return buf;
}

/* The target column: the need, or the --to contact's id (as written when
 * unknown). */
static const char *target_text(const struct rn_network *net, const struct request *q)
{
	return q->to >= 0 ? net->id[q->to] : q->need;
}

static int add_row(struct out *o, const struct request *q, const struct rn_route *r, size_t rank)
{
	const struct rn_network *net = o->in->net;
	struct rn_table *t = &o->table;
	char *path = path_text(net, r), *why = why_text(o, q, r);
	int rc = -1;
	if (!path || !why || rn_table_row(t) < 0)
		goto done;
	rn_table_int(t, 0, (long long) rank);
	rn_table_str(t, 1, net->id[q->from]);
	rn_table_str(t, 2, target_text(net, q));
	rn_table_str(t, 3, net->id[r->provider]);
	rn_table_str(t, 4, path);
	rn_table_int(t, 5, (long long) r->nhops);
	rn_table_num(t, 6, r->score, 3);
	rn_table_str(t, 7, net->name[r->provider]);
	rn_table_str(t, 8, r->offer != RN_NO_TAG ? net->tag_text[r->offer] : NULL);
	rn_table_str(t, 9, why);
	if (o->with_request) {
		rn_table_int(t, 10, q->line);
		rn_table_str(t, 11, status_name[REQ_OK]);
	}
	rc = 0;
done:
	free(path);
	free(why);
	return rc;
}

/* A request with no route: one row, with the reason in 'why'. */
static int add_status_row(struct out *o, const struct request *q, enum req_status st,
                          const char *why)
{
	const struct rn_network *net = o->in->net;
	struct rn_table *t = &o->table;
	if (rn_table_row(t) < 0)
		return -1;
	rn_table_str(t, 1, q->from >= 0 ? net->id[q->from] : q->from_text);
	rn_table_str(t, 2, target_text(net, q));
	rn_table_str(t, 9, why);
	rn_table_int(t, 10, q->line);
	rn_table_str(t, 11, status_name[st]);
	return 0;
}

static void offers_text(FILE *f, const struct out *o, const struct request *q,
                        const struct rn_route *r)
{
	if (r->offer != RN_NO_TAG) {
		fprintf(f, ", who offers '%s'", rn_cli_shown(o->in->net->tag_text[r->offer]));
		synonym_text(f, o, q, r, " (", ")");
	}
}

/* One paragraph of the text, wrapped at o->width: the first line continues
 * at col, the next ones start at indent.  0, or -1 when out of memory. */
static int wrapped(const struct out *o, struct rn_health_wrap *w, size_t col, size_t indent)
{
	return w->f ? rn_health_wrap_close(w, o->tf, col, indent, o->width) : -1;
}

/*
 * " 1. Ask Dana Wu (dana-wu) to introduce you to Eli Park (eli-park), who
 *     offers 'x'.", the score, then one line per tie and per tired
 * introducer, each wrapped at o->width.  0, or -1 when out of memory.
 */
static int advice(struct out *o, const struct request *q, const struct rn_route *r,
                  size_t rank)
{
	const struct rn_network *net = o->in->net;
	FILE *f = o->tf;
	struct rn_health_wrap w;
	int col = fprintf(f, "%2zu. ", rank);
	if (rn_health_wrap_open(&w)) {
		if (r->nhops == 1) {
			fputs("You know ", w.f);
			rn_health_person(w.f, net, r->provider);
			offers_text(w.f, o, q, r);
			fputs(": ask directly.", w.f);
		} else {
			fputs("Ask ", w.f);
			rn_health_person(w.f, net, r->path[1]);
			fputs(" to introduce you to ", w.f);
			rn_health_person(w.f, net, r->path[2]);
			for (size_t i = 3; i <= r->nhops; i++) {
				fputs(", who can introduce you to ", w.f);
				rn_health_person(w.f, net, r->path[i]);
			}
			offers_text(w.f, o, q, r);
			fputc('.', w.f);
		}
	}
	if (wrapped(o, &w, col > 0 ? (size_t) col : 0, 4) < 0)
		return -1;
	fprintf(f, "\n    score %.3f over %zu hop%s: ", r->score, r->nhops, r->nhops == 1 ? "" : "s");
	for (size_t i = 0; i < r->nhops; i++) {
		if (i)
			fputs(" x ", f);
		fprintf(f, "%.2f", r->effective[i]);
	}
	for (size_t i = 1; i < r->nhops; i++)
		if (r->fatigue[i] < 1.0)
			fprintf(f, " x %.2f", r->fatigue[i]);
	fputc('\n', f);
	for (size_t i = 0; i < r->nhops; i++) {
		fputs("      ", f);
		if (rn_health_wrap_open(&w))
			rn_explain_tie(w.f, o->in, r->tie[i], r->path[i], r->effective[i], i == 0, 1);
		if (wrapped(o, &w, 6, 8) < 0)
			return -1;
		fputc('\n', f);
	}
	for (size_t i = 1; i < r->nhops; i++) {
		if (r->fatigue[i] < 1.0) {
			fputs("      ", f);
			if (rn_health_wrap_open(&w))
				rn_explain_fatigue(w.f, o->in, r->path[i], r->fatigue[i], 1);
			if (wrapped(o, &w, 6, 8) < 0)
				return -1;
			fputc('\n', f);
		}
	}
	return 0;
}

/* "; nearest offered tags: 'estate attorney' (2 people), 'tax advice' (1 person)" */
static void nearest_tags(char *buf, size_t len, const struct rn_needs_index *ix,
                         const char *need)
{
	uint32_t tags[3];
	size_t n = rn_needs_suggest(ix, need, tags, RN_ARRAY_LEN(tags));
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		size_t at = strlen(buf), p = rn_needs_providers(ix, tags[i]);
		snprintf(buf + at, len - at, "%s'%s' (%zu %s)",
		         i ? ", " : "; nearest offered tags: ", ix->net->tag_text[tags[i]], p,
		         p == 1 ? "person" : "people");
	}
}

/* Why a request found no route, and whether that is a failure. */
static enum req_status no_route(const struct out *o, const struct rn_needs_index *ix,
                                const struct request *q, const struct rn_routes *rs,
                                char *why, size_t len)
{
	const struct rn_network *net = o->in->net;
	if (q->to >= 0) {
		snprintf(why, len, "no route from '%s' to '%s' within %d hops",
		         net->id[q->from], net->id[q->to], o->in->opt.max_hops);
		return REQ_NO_ROUTE;
	}
	if (!rs->providers) {
		/* Offered only by the asker (or by contacts in --avoid)? */
		uint32_t *tags = NULL;
		size_t ntags = 0, offered = 0;
		if (rn_needs_match(ix, q->need, &tags, &ntags) == RN_OK)
			for (size_t i = 0; i < ntags; i++)
				offered += rn_needs_providers(ix, tags[i]);
		free(tags);
		if (offered) {
			if (o->navoid)
				snprintf(why, len, "no contact offers '%s' apart from the asker and the "
				         "contacts in --avoid", q->need);
			else
				snprintf(why, len, "no contact offers '%s' apart from '%s', who asks",
				         q->need, net->id[q->from]);
			return REQ_NO_PROVIDER;
		}
		char near[1024];
		nearest_tags(near, sizeof(near), ix, q->need);
		snprintf(why, len, "no contact offers '%s'%s", q->need, near);
		return REQ_NO_PROVIDER;
	}
	snprintf(why, len,
	         "%zu contact%s offer%s '%s', but none is within %d hops of '%s' "
	         "(try --max-hops %d)", rs->providers, rs->providers == 1 ? "" : "s",
	         rs->providers == 1 ? "s" : "", q->need, o->in->opt.max_hops,
	         net->id[q->from], o->in->opt.max_hops + 1);
	return REQ_NO_ROUTE;
}

/*
 * A request that failed: in the output (a status row, or a line of text)
 * and once on stderr as FILE:LINE:COLUMN: message.
 */
static int failed(struct out *o, const struct request *q, enum req_status st, const char *why)
{
	o->failed++;
	fprintf(stderr, "%s:%ld:%d: %s\n", o->file, q->line, q->col, rn_cli_shown(why));
	if (o->tf) {
		struct rn_health_wrap w;
		if (rn_health_wrap_open(&w))
			fprintf(w.f, "Request at line %ld: %s.", q->line, rn_cli_shown(why));
		if (wrapped(o, &w, 0, 4) < 0)
			return -1;
		fputc('\n', o->tf);
		return 0;
	}
	return add_status_row(o, q, st, why);
}

/*
 * Answer one request.  Returns 0, -1 when out of memory, or RN_E_USAGE when
 * the one command-line request asks for a need nobody offers (said on
 * stderr: there is nothing to write).
 */
static int answer(struct out *o, struct rn_intro *in, const struct rn_needs_index *ix,
                  const struct request *q, const igraph_integer_t *avoid, size_t navoid)
{
	const struct rn_network *net = in->net;
	struct rn_routes rs;
	char why[2048];
	if (q->status != REQ_OK)
		return failed(o, q, q->status, q->msg);
	enum rn_status st = q->to >= 0 ? rn_intro_to(in, q->from, q->to, avoid, navoid, &rs)
	                               : rn_intro_need(in, ix, q->from, q->need, avoid, navoid, &rs);
	if (st != RN_OK)
		return -1;
	int rc = 0;
	enum req_status rst = rs.n ? REQ_OK : no_route(o, ix, q, &rs, why, sizeof(why));
	if (rst == REQ_NO_PROVIDER) {
		if (q->line) {
			struct request at = *q;
			at.col = 1;
			rc = failed(o, &at, rst, why);
		} else {
			fprintf(stderr, "refnet intro: %s\n", rn_cli_shown(why));
			rc = RN_E_USAGE;
		}
		rn_routes_release(&rs);
		return rc;
	}
	if (o->tf) {
		struct rn_health_wrap w;
		if (rn_health_wrap_open(&w)) {
			if (q->line)
				fprintf(w.f, "Request at line %ld: ", q->line);
			if (q->to >= 0) {
				fputs("Routes from ", w.f);
				rn_health_person(w.f, net, q->from);
				fputs(" to ", w.f);
				rn_health_person(w.f, net, q->to);
			} else {
				fputs("Who can help ", w.f);
				rn_health_person(w.f, net, q->from);
				fprintf(w.f, " with '%s'", rn_cli_shown(q->need));
			}
		}
		if (wrapped(o, &w, 0, 4) < 0)
			rc = -1;
		fputc('\n', o->tf);
	}
	for (size_t i = 0; i < rs.n && rc == 0; i++) {
		if (o->tf)
			rc = advice(o, q, &rs.r[i], i + 1);
		else
			rc = add_row(o, q, &rs.r[i], i + 1);
	}
	if (rst == REQ_NO_ROUTE) {
		/* Said once: in the text, or (machine formats) on stderr and, with
		 * --requests, in the status row. */
		if (o->tf) {
			struct rn_health_wrap w;
			fputs("    ", o->tf);
			if (rn_health_wrap_open(&w))
				fprintf(w.f, "%s.", rn_cli_shown(why));
			if (wrapped(o, &w, 4, 4) < 0)
				rc = -1;
			fputc('\n', o->tf);
		}
		else if (o->with_request)
			rc = add_status_row(o, q, rst, why);
		if (!o->tf && !o->with_request && !o->cli->quiet)
			fprintf(stderr, "refnet intro: %s\n", rn_cli_shown(why));
	}
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

/* --avoid a,b,c into contacts. */
static int parse_avoid(const struct rn_cli *cli, const struct rn_network *net, const char *arg,
                       igraph_integer_t **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (!arg)
		return RN_OK;
	char *copy = strdup(arg);
	size_t cap = strlen(arg) / 2 + 2;
	*out = malloc(cap * sizeof(**out));
	if (!copy || !*out) {
		free(copy);
		return rn_cli_error(cli, RN_E_INTERNAL, "out of memory");
	}
	int rc = RN_OK;
	char *p = copy;
	while (p && rc == RN_OK) {
		char *comma = strchr(p, ',');
		if (comma)
			*comma = '\0';
		size_t len = strlen(p);
		const char *id = rn_text_trim(p, &len);
		if (len) {
			char *one = strndup(id, len);
			if (!one)
				rc = rn_cli_error(cli, RN_E_INTERNAL, "out of memory");
			else if (((*out)[*n] = rn_cli_contact(cli, net, "--avoid", one, &rc)) >= 0)
				(*n)++;
			free(one);
		}
		p = comma ? comma + 1 : NULL;
	}
	free(copy);
	return rc;
}

static int read_requests(const struct rn_cli *cli, struct rn_finder *finder, const char *path,
                         struct request **out, size_t *n)
{
	struct rn_diag diag;
	struct rn_requests rows;
	struct request *r = NULL;
	size_t k = 0;
	rn_diag_init(&diag);
	enum rn_status st = rn_requests_read(path, path, &diag, &rows);
	rn_cli_diag(cli, &diag, st, "the requests");
	rn_cli_note_input(path);
	rn_diag_release(&diag);
	if (st == RN_OK) {
		r = calloc(rows.n + 1, sizeof(*r));
		if (!r)
			st = RN_E_INTERNAL;
		/* r is zeroed: on failure, free every row up to the one that failed. */
		for (; st == RN_OK && k < rows.n; k++)
			st = resolve_request(finder, &rows.row[k], &r[k]);
	}
	rn_requests_release(&rows);
	if (st == RN_E_INTERNAL)
		rn_cli_error(cli, st, "out of memory");
	if (st != RN_OK) {
		free_requests(r, k);
		return st;
	}
	*out = r;
	*n = k;
	return RN_OK;
}

static int intro_run(int argc, char **argv)
{
	struct rn_cli cli;
	struct ctx c = { 0 };
	rn_intro_options_default(&c.route.opt);
	int st = rn_cli_parse(&cli, &rn_intro_command, argc, argv, &c);
	if (st != RN_OK || cli.help)
		return st;
	if (c.requests ? (c.from || c.need || c.to) : (!c.from || !c.need == !c.to)) {
		return rn_cli_usage_error(&cli, "give --for with --need or --to, or --requests FILE");
	}

	struct rn_network net;
	st = rn_cli_load(&cli, &net, NULL);
	if (st != RN_OK)
		return st;

	struct request *reqs = NULL;
	struct request one = { -1, -1, (char *) c.from, (char *) (c.need ? c.need : c.to), 0, 0,
	                       REQ_OK, NULL };
	size_t nreqs = 0;
	igraph_integer_t *avoid = NULL;
	size_t navoid = 0;
	struct rn_needs_index ix = { 0 };
	struct rn_intro in = { 0 };
	struct rn_finder finder;
	struct out o = { .cli = &cli, .in = &in, .with_request = c.requests != NULL,
	                 .file = c.requests, .ix = &ix,
	                 .width = rn_cli_text_width(&cli) };

	rn_finder_init(&finder, &net);
	if (c.requests) {
		st = read_requests(&cli, &finder, c.requests, &reqs, &nreqs);
		if (st != RN_OK)
			goto cleanup;
	} else if ((one.from = rn_cli_contact(&cli, &net, "--for", c.from, &st)) < 0 ||
	           (c.to && (one.to = rn_cli_contact(&cli, &net, "--to", c.to, &st)) < 0)) {
		goto cleanup;
	}
	st = parse_avoid(&cli, &net, c.avoid, &avoid, &navoid);
	if (st != RN_OK)
		goto cleanup;
	o.navoid = navoid;
	st = rn_cli_intro_init(&cli, &net, &c.route.opt, c.route.exact, &ix, &in);
	if (st != RN_OK)
		goto cleanup;
	st = RN_E_INTERNAL;
	if (nreqs > RN_PRECOMPUTE_REQUESTS && rn_intro_precompute(&in) != RN_OK)
		goto oom;
	if (cli.format == RN_FMT_TEXT) {
		if (!(o.tf = open_memstream(&o.text, &o.text_len)))
			goto oom;
	} else if (rn_table_init(&o.table, RN_ARRAY_LEN(columns) - 2 * !o.with_request,
	                         columns) != RN_OK) {
		goto oom;
	}

	for (size_t i = 0; i < (c.requests ? nreqs : 1); i++) {
		const struct request *q = c.requests ? &reqs[i] : &one;
		if (o.tf && i)
			fputc('\n', o.tf);
		int rc = answer(&o, &in, &ix, q, avoid, navoid);
		if (rc == RN_E_USAGE) {
			st = rc;
			goto cleanup;
		}
		if (rc < 0)
			goto oom;
	}
	if (o.tf) {
		if (fclose(o.tf) != 0) {
			o.tf = NULL;
			goto oom;
		}
		o.tf = NULL;
		st = rn_cli_write(&cli, write_text, &o);
	} else {
		st = rn_cli_write(&cli, write_table, &o);
	}
	if (st == RN_OK && o.failed) {
		fprintf(stderr, "refnet intro: %zu of %zu requests failed\n", o.failed, nreqs);
		st = RN_E_DATA;
	}
	goto cleanup;
oom:
	st = rn_cli_error(&cli, RN_E_INTERNAL, "out of memory");
cleanup:
	if (o.tf)
		fclose(o.tf);
	free(o.text);
	rn_table_release(&o.table);
	rn_intro_release(&in);
	rn_needs_index_release(&ix);
	rn_finder_release(&finder);
	free(avoid);
	free_requests(reqs, nreqs);
	rn_network_release(&net);
	return st;
}

const struct rn_command rn_intro_command = {
	.name = "intro",
	.summary = "who can help with a need, and who should introduce you",
	.usage = usage,
	.run = intro_run,
	.opts = options,
	.shortopts = "k:",
	.option = intro_option,
	.formats = RN_FMT_ROWS,
	.needs = RN_NEEDS_ADJACENCY,
};

/*
 * Contacts by id or name, and "did you mean" hints.  See resolve.h.
 */
#include "resolve.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "refnet/suggest.h"
#include "refnet/text.h"

void rn_finder_init(struct rn_finder *f, const struct rn_network *net)
{
	memset(f, 0, sizeof(*f));
	f->net = net;
}

void rn_finder_release(struct rn_finder *f)
{
	if (!f)
		return;
	for (size_t i = 0; f->fold && i < f->n; i++)
		free(f->fold[i]);
	free(f->fold);
	free(f->order);
	memset(f, 0, sizeof(*f));
}

static char *const *sort_fold;   /* qsort has no context argument */

static int cmp_order(const void *pa, const void *pb)
{
	uint32_t a = *(const uint32_t *) pa, b = *(const uint32_t *) pb;
	int c = strcmp(sort_fold[a], sort_fold[b]);
	return c ? c : (a > b) - (a < b);
}

static int build(struct rn_finder *f)
{
	size_t n = 2 * (size_t) f->net->ncontacts;
	if (f->fold)
		return 0;
	f->fold = calloc(n + 1, sizeof(*f->fold));
	f->order = malloc((n + 1) * sizeof(*f->order));
	if (!f->fold || !f->order)
		goto fail;
	f->n = n;
	for (size_t i = 0; i < n; i++) {
		const char *s = i % 2 ? f->net->name[i / 2] : f->net->id[i / 2];
		if (rn_text_fold(s, strlen(s), &f->fold[i]) < 0)
			goto fail;
		f->order[i] = (uint32_t) i;
	}
	sort_fold = f->fold;
	qsort(f->order, n, sizeof(*f->order), cmp_order);
	sort_fold = NULL;
	return 0;
fail:
	rn_finder_release(f);
	return -1;
}

/* The first position in order whose text is not below key. */
static size_t lower_bound(const struct rn_finder *f, const char *key)
{
	size_t lo = 0, hi = f->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(f->fold[f->order[mid]], key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Append to msg without overflowing it. */
static void add(char *msg, size_t len, const char *fmt, const char *a, const char *b)
{
	size_t at = strlen(msg);
	if (at + 1 < len)
		snprintf(msg + at, len - at, fmt, a, b);
}

/* "id (Name)", or just "id" when the name is the id. */
static void add_contact(char *msg, size_t len, const struct rn_network *net, igraph_integer_t v)
{
	add(msg, len, "'%s'%s", net->id[v], "");
	if (strcmp(net->name[v], net->id[v]) != 0)
		add(msg, len, " (%s)%s", net->name[v], "");
}

enum rn_find_result rn_finder_find(struct rn_finder *f, const char *arg, igraph_integer_t *v,
                                   char *msg, size_t msglen)
{
	const struct rn_network *net = f->net;
	char *key = NULL;
	enum rn_find_result r = RN_FIND_OOM;
	char dummy[8];

	if (!msg || !msglen) {
		msg = dummy;
		msglen = sizeof(dummy);
	}
	msg[0] = '\0';
	if ((*v = rn_network_find(net, arg)) >= 0)
		return RN_FOUND;
	if (rn_text_fold(arg, strlen(arg), &key) < 0 || build(f) < 0)
		goto done;

	/* Every contact whose folded id or name is the folded argument. */
	igraph_integer_t hits[11];
	size_t nhits = 0, more = 0;
	if (*key) {
		for (size_t i = lower_bound(f, key); i < f->n && strcmp(f->fold[f->order[i]], key) == 0;
		     i++) {
			igraph_integer_t c = (igraph_integer_t) (f->order[i] / 2);
			int seen = 0;
			for (size_t k = 0; k < nhits; k++)
				seen |= hits[k] == c;
			if (seen)
				continue;
			if (nhits < RN_ARRAY_LEN(hits))
				hits[nhits++] = c;
			else
				more++;
		}
	}
	if (nhits == 1) {
		*v = hits[0];
		r = RN_FOUND;
		goto done;
	}
	if (nhits > 1) {
		/* A folded id can equal another contact's folded name: say which. */
		snprintf(msg, msglen, "'%s' names %zu contacts: ", arg, nhits + more);
		for (size_t k = 0; k < nhits && k < 10; k++) {
			if (k)
				add(msg, msglen, ", %s%s", "", "");
			add_contact(msg, msglen, net, hits[k]);
		}
		if (nhits + more > 10) {
			char n[32];
			snprintf(n, sizeof(n), "%zu", nhits + more - 10);
			add(msg, msglen, " and %s more%s", n, "");
		}
		add(msg, msglen, "; give one of their ids%s%s", "", "");
		r = RN_FIND_AMBIGUOUS;
		goto done;
	}

	/* Nobody: the nearest ids and names. */
	struct rn_suggest s;
	if (rn_suggest_init(&s, arg) < 0)
		goto done;
	for (size_t i = 0; i < f->n; i++)
		rn_suggest_offer(&s, f->fold[i], i / 2);
	rn_suggest_nearest_only(&s);
	snprintf(msg, msglen, "no contact with id or name '%s'", arg);
	igraph_integer_t shown[RN_SUGGEST_MAX];
	size_t nshown = 0;
	for (size_t k = 0; k < s.n && nshown < 3; k++) {
		igraph_integer_t c = (igraph_integer_t) s.index[k];
		int seen = 0;
		for (size_t j = 0; j < nshown; j++)
			seen |= shown[j] == c;
		if (seen)
			continue;
		add(msg, msglen, nshown ? " or %s%s" : "; did you mean %s%s", "", "");
		add_contact(msg, msglen, net, c);
		shown[nshown++] = c;
	}
	if (nshown)
		add(msg, msglen, "?%s%s", "", "");
	rn_suggest_release(&s);
	r = RN_FIND_NONE;
done:
	free(key);
	if (r == RN_FIND_OOM)
		snprintf(msg, msglen, "out of memory");
	return r;
}

igraph_integer_t rn_cli_contact(const struct rn_cli *cli, const struct rn_network *net,
                                const char *opt, const char *arg, int *status)
{
	struct rn_finder f;
	char msg[2048];
	igraph_integer_t v = -1;
	rn_finder_init(&f, net);
	enum rn_find_result r = rn_finder_find(&f, arg, &v, msg, sizeof(msg));
	rn_finder_release(&f);
	if (r == RN_FOUND) {
		if (cli->verbose && strcmp(arg, net->id[v]) != 0)
			fprintf(stderr, "refnet %s: %s '%s' is %s\n", cli->cmd, opt, arg, net->id[v]);
		*status = RN_OK;
		return v;
	}
	if (r == RN_FIND_OOM)
		*status = rn_cli_error(cli, RN_E_INTERNAL, "out of memory");
	else
		*status = rn_cli_usage_error(cli, "%s: %s", opt, msg);
	return -1;
}

const char *rn_cli_hint(char *buf, size_t len, const char *query, const char *const *cands,
                        size_t n, const char *quote_prefix)
{
	struct rn_suggest s;
	buf[0] = '\0';
	while (*query == '-')
		query++;
	const char *eq = strchr(query, '=');
	char *q = strndup(query, eq ? (size_t) (eq - query) : strlen(query));
	if (!q || rn_suggest_init(&s, q) < 0) {
		free(q);
		return buf;
	}
	for (size_t i = 0; i < n; i++)
		rn_suggest_offer_text(&s, cands[i], i);
	rn_suggest_nearest_only(&s);
	/* The candidates the query begins (an abbreviation), when it begins
	 * several (an ambiguous abbreviation) or nothing is near. */
	size_t shown[3], nshown = 0, qn = strlen(q), nprefix = 0;
	for (size_t i = 0; qn && i < n; i++)
		nprefix += strncmp(cands[i], q, qn) == 0;
	if (nprefix >= 2 || !s.n) {
		for (size_t i = 0; qn && i < n && nshown < 3; i++)
			if (strncmp(cands[i], q, qn) == 0)
				shown[nshown++] = i;
	} else {
		for (size_t k = 0; k < s.n && nshown < 3; k++)
			shown[nshown++] = s.index[k];
	}
	for (size_t k = 0; k < nshown; k++) {
		size_t at = strlen(buf);
		snprintf(buf + at, len - at, "%s'%s%s'", k == 0 ? "; did you mean " : " or ",
		         quote_prefix ? quote_prefix : "", cands[shown[k]]);
	}
	if (nshown) {
		size_t at = strlen(buf);
		snprintf(buf + at, len - at, "?");
	}
	rn_suggest_release(&s);
	free(q);
	return buf;
}

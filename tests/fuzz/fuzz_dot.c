/*
 * Fuzz target: the DOT writer on hostile names.  The first byte chooses the
 * view and drawing options; the rest, split at form feeds, gives the id,
 * name, stage, offers and needs of up to eight contacts (five pieces each,
 * missing ones empty).  They are written as a quoted CSV network with a
 * ring of ties and a few referrals, loaded, and drawn as DOT.
 *
 * The DOT must read back with cgraph, with one node "v<vertex id>" per
 * contact of the view and nothing else, and each node's label and tooltip
 * must say exactly the contact's name and id: the only Graphviz escapes
 * left in them are the doubled backslash and \n, so no name can break the
 * syntax, name another node, or expand as \N, \G, \L or an HTML entity.
 */
#include <cgraph.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzzdir.h"
#include "refnet/date.h"
#include "refnet/network.h"
#include "refnet/render.h"
#include "refnet/text.h"

#define MAX_CONTACTS 8
#define PIECES 5          /* id, name, stage, offers, needs */
#define LABEL_CHARS 40    /* as in src/render/draw_internal.h */

static struct rn_renderer *R;

/* Write p[0..n) as a quoted CSV field (p may be NULL when n is 0). */
static void put_quoted(FILE *f, const uint8_t *p, size_t n)
{
	fputc('"', f);
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '"')
			fputc('"', f);
		fputc(p[i], f);
	}
	fputc('"', f);
}

static FILE *open_part(const char *name)
{
	char path[128];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	if (!f)
		abort();
	return f;
}

/* Bytes in the UTF-8 sequence that starts with c (the text is valid). */
static size_t seq_len(unsigned char c)
{
	return c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
}

/*
 * The text Graphviz is meant to show for s: tabs as spaces, CRLF and lone
 * CRs as LF, U+FFFE and U+FFFF as U+FFFD; with cut, more than LABEL_CHARS
 * characters are cut to LABEL_CHARS - 1 and an ellipsis.  Malloc'd.
 */
static char *shown(const char *s, int cut)
{
	size_t chars = 0, n = strlen(s);
	for (size_t i = 0; i < n; i += seq_len((unsigned char) s[i]))
		chars++;
	size_t keep = cut && chars > LABEL_CHARS ? LABEL_CHARS - 1 : chars;
	char *out = malloc(3 * n + 4), *o = out;
	if (!out)
		abort();
	size_t i = 0;
	for (size_t c = 0; c < keep; c++) {
		const unsigned char *p = (const unsigned char *) s + i;
		size_t k = seq_len(*p);
		if (*p == '\t') {
			*o++ = ' ';
		} else if (*p == '\r') {
			if (p[1] != '\n')
				*o++ = '\n';
		} else if (k == 3 && p[0] == 0xef && p[1] == 0xbf && p[2] >= 0xbe) {
			memcpy(o, "\xef\xbf\xbd", 3);
			o += 3;
		} else {
			memcpy(o, p, k);
			o += k;
		}
		i += k;
	}
	if (keep < chars) {
		memcpy(o, "\xe2\x80\xa6", 3);
		o += 3;
	}
	*o = '\0';
	return out;
}

/*
 * Undo the escaping of a label (a backslash written as two) or a tooltip
 * (as four); \n is a line break and "&amp;" an ampersand.  Any other
 * backslash is a Graphviz escape that must not be there: abort.  Malloc'd.
 */
static char *unescape(const char *s, size_t backslashes)
{
	char *out = malloc(strlen(s) + 1), *o = out;
	if (!out)
		abort();
	while (*s) {
		if (*s == '\\') {
			if (s[1] == 'n') {
				*o++ = '\n';
				s += 2;
				continue;
			}
			for (size_t k = 1; k < backslashes; k++)
				if (s[k] != '\\')
					abort();
			*o++ = '\\';
			s += backslashes;
		} else if (*s == '&') {
			if (strncmp(s, "&amp;", 5) != 0)
				abort();
			*o++ = '&';
			s += 5;
		} else {
			*o++ = *s++;
		}
	}
	*o = '\0';
	return out;
}

/* Check the drawing of the view against the network. */
static void check_dot(const struct rn_network *net, const struct rn_render_view *view,
                      const char *dot)
{
	Agraph_t *g = agmemread(dot);
	if (!g || agnnodes(g) != view->n)
		abort();
	for (igraph_integer_t i = 0; i < view->n; i++) {
		igraph_integer_t v = view->vertex[i];
		char name[32];
		snprintf(name, sizeof(name), "v%lld", (long long) v);
		Agnode_t *n = agnode(g, name, 0);
		if (!n)
			abort();

		char *want = shown(net->name[v], 1);
		char *got = unescape(agget(n, "label"), 2);
		if (strcmp(want, got) != 0)
			abort();
		free(want);
		free(got);

		/* The tooltip starts "NAME\nid: ID\nstage: ". */
		char *sname = shown(net->name[v], 0), *sid = shown(net->id[v], 0);
		size_t len = strlen(sname) + strlen(sid) + 16;
		want = malloc(len);
		if (!want)
			abort();
		snprintf(want, len, "%s\nid: %s\nstage: ", sname, sid);
		got = unescape(agget(n, "tooltip"), 4);
		if (strncmp(want, got, strlen(want)) != 0)
			abort();
		free(want);
		free(got);
		free(sname);
		free(sid);
	}
	agclose(g);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (fuzz_dir_make("dot")) {
		rn_igraph_setup();
		if (rn_renderer_new(&R) != RN_OK)
			abort();
	}
	if (size < 1)
		return 0;
	unsigned opt = data[0];
	const uint8_t *text = data + 1;
	size_t ntext = size - 1;
	size_t at;

	/* Pieces: the text split at form feeds.  Only valid text reaches the
	 * drawing (the loader rejects the rest), so a piece that is not ends
	 * the run. */
	const uint8_t *piece[MAX_CONTACTS * PIECES];
	size_t plen[MAX_CONTACTS * PIECES], npieces = 0;
	for (const uint8_t *p = text, *end = text + ntext; npieces < MAX_CONTACTS * PIECES;) {
		const uint8_t *ff = memchr(p, '\f', (size_t) (end - p));
		const uint8_t *stop = ff ? ff : end;
		if (rn_text_check((const char *) p, (size_t) (stop - p), &at) != RN_TEXT_OK)
			return 0;
		piece[npieces] = p;
		plen[npieces++] = (size_t) (stop - p);
		if (!ff)
			break;
		p = ff + 1;
	}
	size_t n = (npieces + PIECES - 1) / PIECES;

	/* Ids get "#k" appended, so that they are unique and never empty. */
	char *id[MAX_CONTACTS];
	size_t idn[MAX_CONTACTS];
	for (size_t k = 0; k < n; k++) {
		size_t len = plen[k * PIECES];
		id[k] = malloc(len + 24);
		if (!id[k])
			abort();
		memcpy(id[k], piece[k * PIECES], len);
		idn[k] = len + (size_t) snprintf(id[k] + len, 24, "#%zu", k);
	}
	FILE *f = open_part("contacts.csv");
	fputs("id,name,stage,offers,needs\n", f);
	for (size_t k = 0; k < n; k++) {
		put_quoted(f, (const uint8_t *) id[k], idn[k]);
		for (size_t j = 1; j < PIECES; j++) {
			size_t i = k * PIECES + j;
			fputc(',', f);
			put_quoted(f, i < npieces ? piece[i] : NULL, i < npieces ? plen[i] : 0);
		}
		fputc('\n', f);
	}
	fclose(f);

	/* A ring of ties, and referrals along it and across it. */
	f = open_part("ties.csv");
	fputs("a,b,strength,last_contact\n", f);
	for (size_t k = 0; n > 1 && k < (n == 2 ? 1 : n); k++) {
		size_t b = (k + 1) % n;
		put_quoted(f, (const uint8_t *) id[k], idn[k]);
		fputc(',', f);
		put_quoted(f, (const uint8_t *) id[b], idn[b]);
		fprintf(f, ",0.%zu,2026-%02zu-01\n", k % 9 + 1, k % 12 + 1);
	}
	fclose(f);
	f = open_part("log.csv");
	fputs("date,from,to,kind,value\n", f);
	for (size_t k = 0; n > 1 && k < n; k++) {
		size_t b = (k + 1 + k % 2) % n;
		if (b == k)
			continue;
		fprintf(f, "2026-10-%02zu,", k + 1);
		put_quoted(f, (const uint8_t *) id[k], idn[k]);
		fputc(',', f);
		put_quoted(f, (const uint8_t *) id[b], idn[b]);
		fprintf(f, ",referral,%zu\n", 100 * k);
	}
	fclose(f);
	for (size_t k = 0; k < n; k++)
		free(id[k]);

	struct rn_load_options lo = { .dir = dir, .graph = 1, .adjacency = 1 };
	struct rn_network net;
	struct rn_diag diag;
	rn_diag_init(&diag);
	if (rn_network_load(&net, &lo, &diag) != RN_OK) {
		rn_diag_release(&diag);
		return 0;
	}
	rn_diag_release(&diag);

	/* The options: bits of the first byte. */
	struct rn_render_options o;
	rn_render_options_default(&o);
	o.format = RN_RENDER_DOT;
	o.as_of = rn_date_from_ymd(2026, 11, 1);
	o.seed = opt >> 6;
	o.referrals = opt & 1;
	if ((opt & 2) && net.ncontacts) {
		o.focus = (igraph_integer_t) (opt >> 5) % net.ncontacts;
		o.hops = 1 + ((opt >> 2) & 1);
	}
	if (opt & 8)
		o.top = 3;
	if (opt & 16)
		o.color_by = RN_COLOR_COMMUNITY;
	if (opt & 32)
		o.layout = RN_LAYOUT_FR;
	igraph_integer_t path[2] = { 0, 1 };
	struct rn_render_path hl = { path, 2, 0 };
	if ((opt & 64) && net.nties) {
		o.highlight = &hl;
		o.nhighlight = 1;
	}

	/* What the tool computes in src/analysis before drawing. */
	struct rn_activity act;
	struct rn_communities comm;
	struct rn_reciprocity recip;
	struct rn_reciprocity_options ro;
	struct rn_render_view view;
	struct rn_render_result res;
	char err[512];
	memset(&view, 0, sizeof(view));
	memset(&comm, 0, sizeof(comm));
	rn_reciprocity_options_default(&ro);
	if (rn_activity_compute(&net, o.as_of, &act) != RN_OK ||
	    rn_reciprocity_compute(&net, &ro, o.as_of, &recip) != RN_OK ||
	    rn_communities_find(&net, RN_COMMUNITY_LEIDEN, o.seed, &comm, err, sizeof(err)) != RN_OK)
		abort();
	o.activity = &act;
	o.communities = &comm;
	o.reciprocity = &recip;
	enum rn_status st = rn_render_view_build(&net, &o, &view, err, sizeof(err));
	if (st == RN_OK) {
		if (rn_render_draw(R, &net, &view, &o, &res, err, sizeof(err)) != RN_OK)
			abort();
		check_dot(&net, &view, res.data);
		rn_render_result_release(&res);
	} else if (st != RN_E_USAGE) {
		abort();
	}
	rn_render_view_release(&view);
	rn_activity_release(&act);
	rn_reciprocity_release(&recip);
	rn_communities_release(&comm);
	rn_network_release(&net);
	return 0;
}

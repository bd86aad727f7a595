/*
 * Building the cgraph graph of a drawing: the attributes refnet sets, the
 * nodes (contacts), the edges (ties) and the referral arrows, every style
 * attribute set here.  The order of the steps is in draw.c.
 */
#include "refnet/render.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "refnet/date.h"
#include "refnet/output.h"
#include "draw_internal.h"

/* cgraph 2.42 takes char *: these casts are for its prototypes only. */
static void gset(struct drawing *d, int a, const char *v)
{
	agxset(d->g, d->ga[a], (char *) v);
}

/*
 * Graphviz cannot read back a quoted string longer than 16384 bytes (its
 * scanner says "longer than 16384?"), and cgraph writes one without a
 * break: a node's or edge's text (a tooltip listing 100,000 tags, a name of a
 * megabyte) is cut to RN_GV_MAX_TEXT bytes with an ellipsis.  The cut falls
 * on a character boundary and before any escape it would split (a run of
 * backslashes, an "&amp;").  Returns v, or the cut copy in d->cut.
 */
#define RN_GV_MAX_TEXT 8000

static const char *capped(struct drawing *d, const char *v)
{
	size_t n = strlen(v);
	if (n <= RN_GV_MAX_TEXT)
		return v;
	size_t cut = RN_GV_MAX_TEXT - 3;
	while (cut > 0 && ((unsigned char) v[cut] & 0xc0) == 0x80)
		cut--;
	while (cut > 0 && v[cut - 1] == '\\')
		cut--;
	for (size_t k = cut; k > 0 && cut - k < 8; k--) {
		if (v[k - 1] == ';')
			break;
		if (v[k - 1] == '&') {
			cut = k - 1;
			break;
		}
	}
	rn_sb_clear(&d->cut);
	rn_sb_add(&d->cut, v, cut);
	rn_sb_puts(&d->cut, "\xe2\x80\xa6");
	return rn_sb_str(&d->cut);
}

static void nset(struct drawing *d, Agnode_t *n, int a, const char *v)
{
	agxset(n, d->na[a], (char *) capped(d, v));
}

static void eset(struct drawing *d, Agedge_t *e, int a, const char *v)
{
	agxset(e, d->ea[a], (char *) capped(d, v));
}

static const char *num(char *buf, size_t n, double v)
{
	snprintf(buf, n, "%.2f", v);
	return buf;
}

void rn_draw_declare(struct drawing *d)
{
	static const struct { int id; const char *name, *def; } gattrs[] = {
		{ G_LAYOUT, "layout", "" }, { G_OUTPUTORDER, "outputorder", "" },
		{ G_OVERLAP, "overlap", "" }, { G_SPLINES, "splines", "" },
		{ G_SEP, "sep", "" }, { G_START, "start", "" }, { G_PAD, "pad", "" },
		{ G_FONTNAME, "fontname", "" }, { G_FONTSIZE, "fontsize", "" },
		{ G_LABEL, "label", "" }, { G_LABELLOC, "labelloc", "" },
		{ G_LABELJUST, "labeljust", "" }, { G_BGCOLOR, "bgcolor", "" },
		{ G_NODESEP, "nodesep", "" }, { G_RANKSEP, "ranksep", "" },
		{ G_MINDIST, "mindist", "" }, { G_NOTRANSLATE, "notranslate", "" },
	};
	static const struct { int id; const char *name, *def; } nattrs[] = {
		{ N_LABEL, "label", "\\N" }, { N_SHAPE, "shape", "box" },
		{ N_STYLE, "style", "rounded,filled" }, { N_FILLCOLOR, "fillcolor", NO_COLOUR },
		{ N_COLOR, "color", BORDER_COLOUR }, { N_FONTCOLOR, "fontcolor", "#000000" },
		{ N_FONTNAME, "fontname", "Helvetica" }, { N_FONTSIZE, "fontsize", "10" },
		{ N_PENWIDTH, "penwidth", "1" }, { N_WIDTH, "width", "0.3" },
		{ N_HEIGHT, "height", "0.2" }, { N_FIXEDSIZE, "fixedsize", "false" },
		{ N_MARGIN, "margin", "0.06,0.03" }, { N_PERIPHERIES, "peripheries", "1" },
		{ N_TOOLTIP, "tooltip", "" }, { N_POS, "pos", "" },
	};
	static const struct { int id; const char *name, *def; } eattrs[] = {
		{ E_COLOR, "color", TIE_COLOUR }, { E_PENWIDTH, "penwidth", "1" },
		{ E_STYLE, "style", "solid" }, { E_TOOLTIP, "tooltip", "" },
		{ E_DIR, "dir", "none" }, { E_ARROWSIZE, "arrowsize", "0.7" },
		{ E_ARROWHEAD, "arrowhead", "normal" }, { E_ARROWTAIL, "arrowtail", "normal" },
		{ E_CONSTRAINT, "constraint", "true" }, { E_WEIGHT, "weight", "1" },
	};
	for (size_t i = 0; i < RN_ARRAY_LEN(gattrs); i++)
		d->ga[gattrs[i].id] = agattr(d->g, AGRAPH, (char *) gattrs[i].name,
		                             (char *) gattrs[i].def);
	for (size_t i = 0; i < RN_ARRAY_LEN(nattrs); i++)
		d->na[nattrs[i].id] = agattr(d->g, AGNODE, (char *) nattrs[i].name,
		                             (char *) nattrs[i].def);
	for (size_t i = 0; i < RN_ARRAY_LEN(eattrs); i++)
		d->ea[eattrs[i].id] = agattr(d->g, AGEDGE, (char *) eattrs[i].name,
		                             (char *) eattrs[i].def);
}

const char *rn_draw_engine_name(enum rn_render_layout l)
{
	return l == RN_LAYOUT_FR ? "nop" : rn_render_layout_name(l);
}

void rn_draw_graph_attributes(struct drawing *d)
{
	char buf[64];

	gset(d, G_LAYOUT, rn_draw_engine_name(d->layout));
	gset(d, G_OUTPUTORDER, "edgesfirst");
	gset(d, G_PAD, "0.3");
	gset(d, G_BGCOLOR, "white");
	gset(d, G_FONTNAME, "Helvetica");
	gset(d, G_FONTSIZE, num(buf, sizeof(buf), 14 * d->scale));
	gset(d, G_LABELLOC, "t");
	gset(d, G_LABELJUST, "l");
	switch (d->layout) {
	case RN_LAYOUT_NEATO:
	case RN_LAYOUT_FDP:
	case RN_LAYOUT_SFDP:
		snprintf(buf, sizeof(buf), "%llu", d->o->seed % 2147483647ull);
		gset(d, G_START, buf);
		/* Overlap removal costs more than the layout beyond ~1000 contacts. */
		gset(d, G_OVERLAP, d->view->n > 1000 ? "true" : d->dots ? "prism" : "false");
		gset(d, G_SEP, "+6");
		/* Straight lines: spline routing around nodes costs 0.6 s on the sample. */
		gset(d, G_SPLINES, "false");
		break;
	case RN_LAYOUT_DOT:
		gset(d, G_NODESEP, "0.25");
		gset(d, G_RANKSEP, "0.6");
		break;
	case RN_LAYOUT_CIRCO:
		gset(d, G_MINDIST, "0.4");
		break;
	case RN_LAYOUT_FR:
		gset(d, G_SPLINES, "false");
		gset(d, G_NOTRANSLATE, "true");
		break;
	case RN_LAYOUT_AUTO:
		break;
	}
}

/* The tags of a span, joined with "; ", escaped for a tooltip. */
static void tags(struct drawing *d, const struct rn_tag_span *span)
{
	const struct rn_network *net = d->net;
	for (uint32_t i = 0; i < span->n; i++) {
		if (i)
			rn_sb_puts(&d->sb, "; ");
		rn_gv_escape(&d->sb, net->tag_text[net->tag_refs[span->at + i]], RN_GV_TOOLTIP, 0);
	}
	if (!span->n)
		rn_sb_puts(&d->sb, "-");
}

static const char *stage_text(const struct rn_network *net, igraph_integer_t v)
{
	if (net->stage[v] == RN_STAGE_NONE)
		return NULL;
	if (net->stage[v] == RN_STAGE_OTHER)
		return net->stage_text[v];
	return rn_stage_name((enum rn_stage) net->stage[v]);
}

static const char *node_fill(const struct drawing *d, igraph_integer_t v)
{
	if (d->o->color_by == RN_COLOR_COMMUNITY && d->view->community) {
		igraph_integer_t c = d->view->community[v];
		return c >= 1 && c <= NCOMMUNITY_COLOURS ? community_fill[c - 1] : NO_COLOUR;
	}
	return stage_fill[d->net->stage[v]];
}

/* Is v the asker or the provider of a highlighted route? */
static int is_route_end(const struct drawing *d, igraph_integer_t v)
{
	for (size_t p = 0; p < d->o->nhighlight; p++) {
		const struct rn_render_path *path = &d->o->highlight[p];
		if (path->n && (path->v[0] == v || path->v[path->n - 1] == v))
			return 1;
	}
	return 0;
}

void rn_draw_add_nodes(struct drawing *d, Agnode_t **node)
{
	const struct rn_network *net = d->net;
	const struct rn_render_view *view = d->view;
	int fade = d->o->nhighlight > 0;
	char buf[64], name[32];

	/* Large views: named contacts last, so that no dot is drawn over a name. */
	for (igraph_integer_t k = 0; k < 2 * view->n; k++) {
		igraph_integer_t i = k % view->n;
		if (d->dots ? d->named[i] != (k >= view->n) : k >= view->n)
			continue;
		igraph_integer_t v = view->vertex[i];
		snprintf(name, sizeof(name), "v%lld", (long long) v);
		Agnode_t *n = agnode(d->g, name, 1);
		node[i] = n;
		if (!n)
			return;
		double rel = rn_draw_rel_degree(d, v);
		const char *fill = node_fill(d, v);

		/* Label: the name, cut to LABEL_CHARS characters. */
		rn_sb_clear(&d->sb);
		if (d->named[i])
			rn_gv_escape(&d->sb, net->name[v], RN_GV_LABEL, LABEL_CHARS);
		nset(d, n, N_LABEL, rn_sb_str(&d->sb));

		if (d->named[i]) {
			nset(d, n, N_FONTSIZE, num(buf, sizeof(buf), rn_draw_font_size(d, v)));
			nset(d, n, N_PENWIDTH, num(buf, sizeof(buf), 0.6 + 2.4 * rel));
		} else {
			nset(d, n, N_SHAPE, "circle");
			nset(d, n, N_STYLE, "filled");
			nset(d, n, N_FIXEDSIZE, "true");
			/* Dots of the igraph layout scale with its spacing, not with the type. */
			double w = d->x ? (0.3 + 0.7 * rel) * FR_NODE_SPACING * sqrt(d->scale) / 72 :
			                  0.08 + 0.22 * rel;
			nset(d, n, N_WIDTH, num(buf, sizeof(buf), w));
			nset(d, n, N_HEIGHT, num(buf, sizeof(buf), w));
			nset(d, n, N_PENWIDTH, num(buf, sizeof(buf), 0.3 + 0.9 * rel));
		}
		if (fade && !d->on_path[i]) {
			snprintf(buf, sizeof(buf), "%s55", fill);
			nset(d, n, N_FILLCOLOR, buf);
			nset(d, n, N_COLOR, "#33333355");
			nset(d, n, N_FONTCOLOR, "#00000088");
		} else {
			nset(d, n, N_FILLCOLOR, fill);
			if (strcmp(fill, OI_BLUE) == 0)
				nset(d, n, N_FONTCOLOR, "#FFFFFF");
		}
		if (d->on_path[i]) {
			nset(d, n, N_COLOR, PATH_COLOUR);
			nset(d, n, N_PENWIDTH, "3.5");
		}
		if (v == d->o->focus || is_route_end(d, v))
			nset(d, n, N_PERIPHERIES, "2");
		if (d->x) {
			snprintf(buf, sizeof(buf), "%.1f,%.1f", d->x[i], d->y[i]);
			nset(d, n, N_POS, buf);
		}

		/* Tooltip: who this is, what they offer and need. */
		rn_sb_clear(&d->sb);
		rn_gv_escape(&d->sb, net->name[v], RN_GV_TOOLTIP, 0);
		rn_sb_puts(&d->sb, "\\nid: ");
		rn_gv_escape(&d->sb, net->id[v], RN_GV_TOOLTIP, 0);
		rn_sb_puts(&d->sb, "\\nstage: ");
		const char *st = stage_text(net, v);
		if (st)
			rn_gv_escape(&d->sb, st, RN_GV_TOOLTIP, 0);
		else
			rn_sb_puts(&d->sb, "-");
		rn_sb_puts(&d->sb, "\\noffers: ");
		tags(d, &net->offers[v]);
		rn_sb_puts(&d->sb, "\\nneeds: ");
		tags(d, &net->needs[v]);
		rn_sb_printf(&d->sb, "\\nties: %lld", (long long) view->degree[v]);
		if (d->drawn_ties[i] != view->degree[v])
			rn_sb_printf(&d->sb, " (%lld drawn)", (long long) d->drawn_ties[i]);
		if (view->community)
			rn_sb_printf(&d->sb, "\\ncommunity: %lld", (long long) view->community[v]);
		nset(d, n, N_TOOLTIP, rn_sb_str(&d->sb));
	}
}

static void pair_names(struct drawing *d, igraph_integer_t a, igraph_integer_t b,
                       const char *between)
{
	rn_gv_escape(&d->sb, d->net->name[a], RN_GV_TOOLTIP, 0);
	rn_sb_puts(&d->sb, between);
	rn_gv_escape(&d->sb, d->net->name[b], RN_GV_TOOLTIP, 0);
}

void rn_draw_add_ties(struct drawing *d, Agnode_t **node)
{
	const struct rn_network *net = d->net;
	const struct rn_render_view *view = d->view;
	int fade = d->o->nhighlight > 0;
	char buf[64], day[11], today[11];

	rn_date_format(d->o->as_of, today);
	for (igraph_integer_t k = 0; k < d->nedges; k++) {
		igraph_integer_t t = d->edge[k];
		igraph_integer_t a = net->tie_a[t], b = net->tie_b[t];
		Agedge_t *e = agedge(d->g, node[view->index[a]], node[view->index[b]], NULL, 1);
		if (!e)
			return;
		double s = net->strength[t];
		int age = rn_activity_age(d->act, t);
		int dated = d->act->last[t] != RN_NO_DATE;
		int stale = dated && age > d->o->stale_after;

		if (d->tie_on_path[k]) {
			/* Routes ranked by colour and width, the best widest; the
			 * rank on every hop, the score on the last. */
			int r = d->tie_on_path[k];
			eset(d, e, E_COLOR, route_colour[(r - 1) % NROUTE_COLOURS]);
			eset(d, e, E_PENWIDTH, num(buf, sizeof(buf), 2.5 + 5.0 / r));
			const struct rn_render_path *path = &d->o->highlight[r - 1];
			if (d->last_hop[k] && path->score > 0)
				snprintf(buf, sizeof(buf), "%d: %.3f", r, path->score);
			else
				snprintf(buf, sizeof(buf), "%d", r);
			Agsym_t *lab = agattr(d->g, AGEDGE, (char *) "label", (char *) "");
			Agsym_t *fc = agattr(d->g, AGEDGE, (char *) "fontcolor", (char *) "#000000");
			if (lab)
				agxset(e, lab, buf);
			if (fc)
				agxset(e, fc, (char *) route_colour[(r - 1) % NROUTE_COLOURS]);
		} else {
			const char *c = stale ? STALE_COLOUR : TIE_COLOUR;
			if (fade || d->dots) {
				snprintf(buf, sizeof(buf), "%s%s", c, fade ? "40" : "50");
				eset(d, e, E_COLOR, buf);
			} else {
				eset(d, e, E_COLOR, c);
			}
			eset(d, e, E_PENWIDTH, num(buf, sizeof(buf),
			                          d->dots ? 0.3 + 1.2 * s : 0.4 + 2.4 * s));
		}
		if (stale)
			eset(d, e, E_STYLE, "dashed");

		rn_sb_clear(&d->sb);
		pair_names(d, a, b, " \xe2\x80\x93 ");
		rn_sb_printf(&d->sb, "\\nstrength %.2f", s);
		if (dated) {
			rn_date_format(d->act->last[t], day);
			rn_sb_printf(&d->sb, "\\nlast interaction %s, %d day%s before %s%s", day, age,
			             age == 1 ? "" : "s", today, stale ? " (stale)" : "");
		} else {
			rn_sb_puts(&d->sb, "\\nno date of contact");
		}
		eset(d, e, E_TOOLTIP, rn_sb_str(&d->sb));
	}
}

/*
 * Referral arrows: one edge per pair of the view with referrals, as
 * rn_reciprocity_compute() scored it.  The label (colour) is the pair's
 * label in refnet reciprocity, so a pair is drawn balanced exactly when it
 * is listed balanced; the arrow points from the pair's a, the one who gave
 * more (recency-weighted).
 */
struct referral {
	igraph_integer_t lo, hi;       /* the pair's view indexes, lo < hi */
	const struct rn_recip_pair *p;
};

static int cmp_referral(const void *x, const void *y)
{
	const struct referral *p = x, *q = y;
	if (p->lo != q->lo)
		return (p->lo > q->lo) - (p->lo < q->lo);
	return (p->hi > q->hi) - (p->hi < q->hi);
}

static const char *referral_colour(enum rn_recip_label l)
{
	switch (l) {
	case RN_RECIP_BALANCED: return REF_BALANCED;
	case RN_RECIP_GIVES_MORE: case RN_RECIP_RECEIVES_MORE: return REF_UNEVEN;
	case RN_RECIP_ONE_WAY: return REF_ONE_WAY;
	default: return REF_DORMANT;
	}
}

static void referral_side(struct drawing *d, igraph_integer_t from, igraph_integer_t to,
                          igraph_integer_t count, double value)
{
	char vbuf[40];
	rn_sb_puts(&d->sb, "\\n");
	pair_names(d, from, to, " \xe2\x86\x92 ");
	if (!count) {
		rn_sb_puts(&d->sb, ": none");
		return;
	}
	rn_sb_printf(&d->sb, ": %lld referral%s", (long long) count, count == 1 ? "" : "s");
	if (value > 0) {
		rn_fmt_double(value, vbuf, sizeof(vbuf));
		rn_sb_printf(&d->sb, ", value %s", vbuf);
	}
}

enum rn_status rn_draw_add_referrals(struct drawing *d, Agnode_t **node)
{
	const struct rn_reciprocity *rec = d->o->reciprocity;
	const struct rn_render_view *view = d->view;
	struct referral *r = malloc((rec->npairs + 1) * sizeof(*r));
	size_t n = 0;
	char buf[64];

	if (!r)
		return RN_E_INTERNAL;
	for (size_t i = 0; i < rec->npairs; i++) {
		const struct rn_recip_pair *p = &rec->pairs[i];
		igraph_integer_t a = view->index[p->a], b = view->index[p->b];
		if (a < 0 || b < 0)
			continue;
		r[n++] = (struct referral) { a < b ? a : b, a < b ? b : a, p };
	}
	/* Edges in view order, so the DOT text does not depend on the scores. */
	if (n)
		qsort(r, n, sizeof(*r), cmp_referral);
	for (size_t i = 0; i < n; i++) {
		const struct rn_recip_pair *p = r[i].p;
		Agedge_t *e = agedge(d->g, node[view->index[p->a]], node[view->index[p->b]], NULL, 1);
		if (!e) {
			free(r);
			return RN_E_INTERNAL;
		}
		eset(d, e, E_COLOR, referral_colour(p->label));
		if (p->label == RN_RECIP_DORMANT)
			eset(d, e, E_STYLE, "dashed");
		igraph_integer_t total = p->given + p->received;
		eset(d, e, E_PENWIDTH, num(buf, sizeof(buf), 1.0 + 0.5 * (total < 8 ? total : 8)));
		eset(d, e, E_DIR, p->given && p->received ? "both" : "forward");
		eset(d, e, E_ARROWSIZE, "0.8");
		eset(d, e, E_CONSTRAINT, "false");
		eset(d, e, E_WEIGHT, "0");
		rn_sb_clear(&d->sb);
		rn_sb_printf(&d->sb, "referrals (%s)", rn_recip_label_name(p->label));
		referral_side(d, p->a, p->b, p->given, p->value_given);
		referral_side(d, p->b, p->a, p->received, p->value_received);
		eset(d, e, E_TOOLTIP, rn_sb_str(&d->sb));
	}
	free(r);
	return RN_OK;
}

/*
 * The legend of a drawing: an HTML-like graph label made only of refnet's
 * own fixed text, explaining the colours of the nodes, ties and referral
 * arrows drawn by draw_graph.c.
 */
#include "refnet/render.h"

#include <stdio.h>
#include <string.h>

#include "refnet/date.h"
#include "draw_internal.h"

/* ------------------------------------------------------------------ */
/* The legend: an HTML-like graph label made only of fixed text.        */

/* A colour key: a square in the colour (a glyph: HTML-like table cells
 * would be stretched by Graphviz), then the text. */
static void swatch(struct drawing *d, const char *colour, const char *text)
{
	rn_sb_printf(&d->tmp, "&nbsp;&nbsp;&nbsp;<font color=\"%s\">\xe2\x96\xa0</font> %s",
	             colour, text);
}

static void row_start(struct drawing *d)
{
	rn_sb_puts(&d->tmp, "<tr><td align=\"left\">");
}

static void row_end(struct drawing *d)
{
	rn_sb_puts(&d->tmp, "</td></tr>");
}

static void text_row(struct drawing *d, const char *text)
{
	row_start(d);
	rn_sb_puts(&d->tmp, text);
	row_end(d);
}

void rn_draw_legend(struct drawing *d)
{
	const struct rn_render_view *view = d->view;
	const struct rn_render_options *o = d->o;
	struct rn_sb *b = &d->tmp;
	struct rn_sb line;
	char today[11];

	rn_sb_init(&line);
	rn_date_format(o->as_of, today);
	rn_sb_clear(b);
	rn_sb_puts(b, "<table border=\"0\" cellborder=\"0\" cellspacing=\"2\" cellpadding=\"0\">");

	/* A heading from the caller: any text, escaped for the HTML-like label. */
	if (o->title) {
		rn_sb_clear(&line);
		rn_sb_puts(&line, "<b>");
		for (const char *p = o->title; *p; p++) {
			switch (*p) {
			case '&': rn_sb_puts(&line, "&amp;"); break;
			case '<': rn_sb_puts(&line, "&lt;"); break;
			case '>': rn_sb_puts(&line, "&gt;"); break;
			case '"': rn_sb_puts(&line, "&quot;"); break;
			case '\'': rn_sb_puts(&line, "&#39;"); break;
			case '\n': case '\r': case '\t': rn_sb_puts(&line, " "); break;
			default: rn_sb_add(&line, p, 1);
			}
		}
		rn_sb_puts(&line, "</b>");
		text_row(d, rn_sb_str(&line));
		rn_sb_clear(&line);
	}

	/* What is shown. */
	rn_sb_puts(&line, "<b>");
	if (o->focus >= 0)
		rn_sb_printf(&line, "Contacts within %d tie%s of the focus (double border)",
		             o->hops, o->hops == 1 ? "" : "s");
	else
		rn_sb_puts(&line, "Referral network");
	if (o->community > 0)
		rn_sb_printf(&line, ", community %lld of %lld", (long long) o->community,
		             (long long) view->ncommunities);
	if (o->top > 0)
		rn_sb_printf(&line, ", the %lld best connected", (long long) o->top);
	/* One font per line: mixed fonts are measured by Graphviz and drawn by
	 * the viewer, whose fonts differ. */
	rn_sb_printf(&line, ": %lld contact%s, %lld tie%s, as of %s</b>",
	             (long long) view->n, view->n == 1 ? "" : "s", (long long) d->nedges,
	             d->nedges == 1 ? "" : "s", today);
	text_row(d, rn_sb_str(&line));

	/* Fill colours. */
	row_start(d);
	if (o->color_by == RN_COLOR_COMMUNITY && view->community) {
		rn_sb_puts(b, "community (size):");
		/* The communities present in the view, up to the palette's size. */
		int shown[NCOMMUNITY_COLOURS + 1] = { 0 };
		int grey = 0;
		for (igraph_integer_t i = 0; i < view->n; i++) {
			igraph_integer_t c = view->community[view->vertex[i]];
			if (c >= 1 && c <= NCOMMUNITY_COLOURS)
				shown[c] = 1;
			else
				grey = 1;
		}
		for (int c = 1; c <= NCOMMUNITY_COLOURS; c++) {
			char text[64];
			if (!shown[c])
				continue;
			snprintf(text, sizeof(text), "%d (%lld)", c, (long long) view->community_size[c]);
			swatch(d, community_fill[c - 1], text);
		}
		if (grey) {
			char text[64];
			snprintf(text, sizeof(text), "%d to %lld (smaller ones)", NCOMMUNITY_COLOURS + 1,
			         (long long) view->ncommunities);
			swatch(d, NO_COLOUR, text);
		}
	} else {
		rn_sb_puts(b, "stage:");
		int present[RN_STAGE_COUNT] = { 0 };
		for (igraph_integer_t i = 0; i < view->n; i++)
			present[d->net->stage[view->vertex[i]]] = 1;
		for (size_t k = 0; k < RN_ARRAY_LEN(stage_order); k++) {
			enum rn_stage s = stage_order[k];
			if (!present[s])
				continue;
			swatch(d, stage_fill[s], s == RN_STAGE_NONE ? "no stage" :
			       s == RN_STAGE_OTHER ? "other" : rn_stage_name(s));
		}
	}
	row_end(d);

	/* Sizes and lines. */
	rn_sb_clear(&line);
	rn_sb_printf(&line, "%s: number of ties.  Line width: tie strength.  Dashed grey: "
	             "no contact for more than %d days.", d->dots ? "Dot size" :
	             "Text size and border", o->stale_after);
	text_row(d, rn_sb_str(&line));
	if (o->referrals) {
		row_start(d);
		rn_sb_puts(b, "referral arrows:");
		swatch(d, REF_BALANCED, "balanced");
		swatch(d, REF_UNEVEN, "gives more (the way the arrow points)");
		swatch(d, REF_ONE_WAY, "one-way");
		char dormant[64];
		snprintf(dormant, sizeof(dormant), "dormant (none in the last %d days)",
		         o->reciprocity->opt.window);
		swatch(d, REF_DORMANT, dormant);
		row_end(d);
	}
	if (d->dots) {
		rn_sb_clear(&line);
		rn_sb_printf(&line, "Names shown for %lld of the best connected contacts (where "
		             "there is room); every contact's name is in its tooltip.",
		             (long long) d->nnamed);
		text_row(d, rn_sb_str(&line));
	}
	if (o->nhighlight) {
		row_start(d);
		rn_sb_printf(b, "routes, best first (rank and score on the lines):");
		for (size_t r = 0; r < o->nhighlight && r < NROUTE_COLOURS; r++) {
			char text[16];
			snprintf(text, sizeof(text), "%zu", r + 1);
			swatch(d, route_colour[r], text);
		}
		row_end(d);
		text_row(d, "Black border: on a route; double border: the asker and each provider.");
	}
	rn_sb_puts(b, "</table>");
	if (line.oom)
		b->oom = 1;
	rn_sb_release(&line);

	/* agxset copies by content: intern the HTML string first so that the
	 * copy keeps its HTML mark. */
	char *html = agstrdup_html(d->g, (char *) rn_sb_str(b));
	if (html) {
		agxset(d->g, d->ga[G_LABEL], html);
		agstrfree(d->g, html);
	}
}

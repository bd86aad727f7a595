/*
 * What the parts of the drawing share.  Private to src/render.
 *
 *   draw.c         rn_render_draw(): the steps; names of formats and engines;
 *                  the ties in the view, who is named, the igraph positions
 *   draw_graph.c   the cgraph graph: attributes, nodes, ties, referrals
 *   draw_legend.c  the legend
 *   draw_gv.c      Graphviz: its messages, DOT, the child that lays out and
 *                  renders
 *
 * A step that fails sets the drawing's error text with rn_draw_set_err().
 */
#ifndef REFNET_RENDER_DRAW_INTERNAL_H
#define REFNET_RENDER_DRAW_INTERNAL_H

#include <gvc.h>
#include <stddef.h>

#include "refnet/activity.h"
#include "refnet/render.h"
#include "render_int.h"

#define LABEL_CHARS 40          /* longer names are cut in labels (not in tooltips) */
#define FR_NODE_SPACING 28.0    /* points per contact across the igraph layout */

/* ------------------------------------------------------------------ */
/* Colours: the Okabe-Ito palette (Okabe and Ito, "Color Universal       */
/* Design", 2002), distinguishable with the common colour-vision        */
/* deficiencies.                                                         */

#define OI_ORANGE    "#E69F00"
#define OI_SKYBLUE   "#56B4E9"
#define OI_GREEN     "#009E73"
#define OI_YELLOW    "#F0E442"
#define OI_BLUE      "#0072B2"
#define OI_VERMILION "#D55E00"
#define OI_PURPLE    "#CC79A7"
#define NO_COLOUR    "#D9D9D9"

static const char *const stage_fill[RN_STAGE_COUNT] = {
	[RN_STAGE_NONE] = NO_COLOUR,
	[RN_STAGE_SUSPECT] = OI_YELLOW,
	[RN_STAGE_PROSPECT] = OI_ORANGE,
	[RN_STAGE_CUSTOMER] = OI_GREEN,
	[RN_STAGE_PARTNER] = OI_SKYBLUE,
	[RN_STAGE_OTHER] = OI_PURPLE,
};

/* Legend order: the closest relationships first. */
static const enum rn_stage stage_order[] = {
	RN_STAGE_PARTNER, RN_STAGE_CUSTOMER, RN_STAGE_PROSPECT, RN_STAGE_SUSPECT,
	RN_STAGE_OTHER, RN_STAGE_NONE
};

#define NCOMMUNITY_COLOURS 7
static const char *const community_fill[NCOMMUNITY_COLOURS] = {
	OI_ORANGE, OI_SKYBLUE, OI_GREEN, OI_YELLOW, OI_BLUE, OI_VERMILION, OI_PURPLE
};

/* Highlighted routes, best first. */
#define NROUTE_COLOURS 5
static const char *const route_colour[NROUTE_COLOURS] = {
	OI_BLUE, OI_VERMILION, OI_GREEN, OI_PURPLE, OI_ORANGE
};

#define TIE_COLOUR        "#666666"
#define STALE_COLOUR      "#999999"
#define PATH_COLOUR       "#000000"
#define BORDER_COLOUR     "#333333"
#define REF_BALANCED      OI_BLUE
#define REF_UNEVEN        OI_PURPLE
#define REF_ONE_WAY       OI_VERMILION
#define REF_DORMANT       STALE_COLOUR

/* ------------------------------------------------------------------ */
/* Building the graph.                                                  */

/* The attributes refnet sets, declared once with their defaults. */
enum {
	G_LAYOUT, G_OUTPUTORDER, G_OVERLAP, G_SPLINES, G_SEP, G_START, G_PAD, G_FONTNAME,
	G_FONTSIZE, G_LABEL, G_LABELLOC, G_LABELJUST, G_BGCOLOR, G_NODESEP, G_RANKSEP,
	G_MINDIST, G_NOTRANSLATE, G_COUNT
};
enum {
	N_LABEL, N_SHAPE, N_STYLE, N_FILLCOLOR, N_COLOR, N_FONTCOLOR, N_FONTNAME, N_FONTSIZE,
	N_PENWIDTH, N_WIDTH, N_HEIGHT, N_FIXEDSIZE, N_MARGIN, N_PERIPHERIES, N_TOOLTIP, N_POS,
	N_COUNT
};
enum {
	E_COLOR, E_PENWIDTH, E_STYLE, E_TOOLTIP, E_DIR, E_ARROWSIZE, E_ARROWHEAD,
	E_ARROWTAIL, E_CONSTRAINT, E_WEIGHT, E_COUNT
};

struct drawing {
	const struct rn_network *net;
	const struct rn_render_view *view;
	const struct rn_render_options *o;
	enum rn_render_layout layout;
	int dots;                      /* a large view: dots, names for hubs only */
	double scale;                  /* fonts and node sizes of large views */
	const struct rn_activity *act;   /* o->activity */

	igraph_integer_t *edge;        /* tie ids drawn, ascending */
	igraph_integer_t nedges;
	unsigned char *named;          /* per view index: drawn with its name */
	igraph_integer_t nnamed;
	unsigned char *on_path;        /* per view index */
	unsigned char *tie_on_path;    /* per drawn edge: the best route on it (1..), or 0 */
	unsigned char *last_hop;       /* per drawn edge: it ends that route */
	igraph_integer_t *drawn_ties;  /* per view index: ties drawn */
	igraph_integer_t maxdeg;
	double *x, *y;                 /* igraph positions in points, or NULL */
	double width, height;          /* their extent */

	Agraph_t *g;
	Agsym_t *ga[G_COUNT], *na[N_COUNT], *ea[E_COUNT];
	struct rn_sb sb, tmp, cut;
	char *err;
	size_t errlen;
};

void rn_draw_set_err(struct drawing *d, const char *fmt, ...) RN_PRINTF(2, 3);

/* draw.c */
double rn_draw_rel_degree(const struct drawing *d, igraph_integer_t v);
double rn_draw_font_size(const struct drawing *d, igraph_integer_t v);

/* draw_graph.c */
void rn_draw_declare(struct drawing *d);
const char *rn_draw_engine_name(enum rn_render_layout l);
void rn_draw_graph_attributes(struct drawing *d);
void rn_draw_add_nodes(struct drawing *d, Agnode_t **node);
void rn_draw_add_ties(struct drawing *d, Agnode_t **node);
enum rn_status rn_draw_add_referrals(struct drawing *d, Agnode_t **node);

/* draw_legend.c */
void rn_draw_legend(struct drawing *d);

/* draw_gv.c */
enum rn_status rn_draw_write_dot(struct drawing *d, struct rn_render_result *out);
enum rn_status rn_draw_layout_and_render(struct rn_renderer *r, struct drawing *d,
                                         struct rn_render_result *out);

#endif

/*
 * Network diagrams through Graphviz: which contacts to draw (the view), and
 * the drawing itself as DOT, SVG, PNG or PDF, built with cgraph and laid out
 * and rendered in-process with gvc.
 *
 * Two steps.  rn_render_view_build() picks the contacts: the whole network,
 * one community, the ego network of a focus contact, and/or the N best
 * connected contacts, plus everyone on the highlighted paths.
 * rn_render_draw() turns a view into bytes in memory (the caller writes them
 * atomically).  DOT is the styled graph before layout (so it is the same on
 * every machine), except that a view drawn with the igraph layout carries its
 * fixed positions; SVG, PNG and PDF are laid out with the chosen engine.
 *
 * Every string taken from the input is escaped for Graphviz (its label
 * escapes \N \G \L \n ... and HTML entities) and is only ever used as a
 * plain label or tooltip, never as a node name, a URL, a record or an
 * HTML-like label: a name like "<script>" or "\"; rankdir=LR" is just text.
 * Node names in DOT are "v" followed by the contact's vertex id.
 *
 * Highlighted paths (for introduction routes) are an input of the drawing:
 * their contacts are always in the view, their ties are drawn bold and the
 * rest of the drawing is faded.
 *
 * Graphviz wants one context per process: create one struct rn_renderer and
 * reuse it for every drawing.  Graphviz itself (pango, fontconfig) keeps
 * some memory until the process ends.
 */
#ifndef REFNET_RENDER_H
#define REFNET_RENDER_H

#include "refnet/activity.h"
#include "refnet/common.h"
#include "refnet/community.h"
#include "refnet/network.h"
#include "refnet/reciprocity.h"

#define RN_RENDER_MAX_NODES 10000     /* default --max-nodes */
#define RN_RENDER_STALE_AFTER 90      /* default --stale-after, days */
#define RN_RENDER_LABEL_ALL 250       /* views up to this size label everyone */
#define RN_RENDER_HUB_LABELS 40       /* larger views label this many hubs */

enum rn_render_format { RN_RENDER_DOT, RN_RENDER_SVG, RN_RENDER_PNG, RN_RENDER_PDF };

enum rn_render_layout {
	RN_LAYOUT_AUTO, RN_LAYOUT_DOT, RN_LAYOUT_NEATO, RN_LAYOUT_FDP, RN_LAYOUT_SFDP,
	RN_LAYOUT_CIRCO, RN_LAYOUT_FR   /* igraph Fruchterman-Reingold, fixed positions */
};

enum rn_color_by { RN_COLOR_STAGE, RN_COLOR_COMMUNITY };

/* A path of contacts to highlight (borrowed): v[0] .. v[n - 1], each tied to the next. */
struct rn_render_path {
	const igraph_integer_t *v;
	size_t n;
	double score;                    /* the route's score, shown on it; 0: none */
};

struct rn_render_options {
	enum rn_render_format format;
	enum rn_render_layout layout;
	enum rn_color_by color_by;
	int as_of;                       /* days: the "today" for stale ties */
	int stale_after;                 /* a tie is stale after this many days */
	unsigned long long seed;         /* community detection and layouts */
	igraph_integer_t focus;          /* ego network of this contact, or -1 */
	int hops;                        /* radius of the ego network */
	igraph_integer_t community;      /* only community K (1 = the largest), or 0 */
	igraph_integer_t top;            /* only the N best connected, or 0 */
	igraph_integer_t max_nodes;      /* refuse larger views */
	int referrals;                   /* draw referral arrows from the log */
	const struct rn_render_path *highlight;   /* best first: path p is route p + 1 */
	size_t nhighlight;
	const char *title;               /* a heading above the legend (any text), or NULL */

	/* What the drawing presents, computed by src/analysis on the same
	 * network (borrowed; the drawing computes nothing of its own):
	 *   activity     rn_activity_compute() as of as_of: stale ties; needed
	 *                by rn_render_draw()
	 *   communities  rn_communities_find() with Leiden and seed: needed by
	 *                rn_render_view_build() for community > 0 or
	 *                RN_COLOR_COMMUNITY, NULL otherwise
	 *   reciprocity  rn_reciprocity_compute() as of as_of: the referral
	 *                arrows and their labels; needed when referrals is set */
	const struct rn_activity *activity;
	const struct rn_communities *communities;
	const struct rn_reciprocity *reciprocity;
};

/* The defaults: SVG, auto layout, by stage, stale after 90 days, max 10000. */
void rn_render_options_default(struct rn_render_options *o);

/* "dot" (also "gv"), "svg", "png", "pdf" -> format; returns 0 or -1. */
int rn_render_format_parse(const char *s, enum rn_render_format *f);
/* The format named by a file name's extension (case-insensitive); 0 or -1. */
int rn_render_format_from_path(const char *path, enum rn_render_format *f);
const char *rn_render_format_name(enum rn_render_format f);

/* "auto", "dot", "neato", "fdp", "sfdp", "circo", "fr"; returns 0 or -1. */
int rn_render_layout_parse(const char *s, enum rn_render_layout *l);
const char *rn_render_layout_name(enum rn_render_layout l);

/* The engine `auto` picks for a view of n contacts (never RN_LAYOUT_AUTO). */
enum rn_render_layout rn_render_auto_layout(igraph_integer_t n);

struct rn_render_view {
	igraph_integer_t n;              /* contacts in the view */
	igraph_integer_t *vertex;        /* their vertex ids, ascending */
	igraph_integer_t *index;         /* per network contact: index in vertex[], or -1 */
	igraph_integer_t *degree;        /* per network contact: number of ties */
	double *strength;                /* per network contact: sum of tie strengths */
	/* Communities, only for --community and --color-by community: per
	 * network contact 1..ncommunities, borrowed from o->communities
	 * (community.h: numbered by size, 1 = largest, equal sizes by their
	 * smallest member id, as refnet stats numbers them); NULL otherwise. */
	const igraph_integer_t *community;
	igraph_integer_t ncommunities;
	const igraph_integer_t *community_size;   /* [1..ncommunities] */
	double modularity;               /* 0 without ties */
};

/*
 * Choose the contacts to draw.  In order: all contacts; only community K
 * (--community); only those within `hops` ties of the focus (--focus); only
 * the `top` contacts with the most ties (ties broken by the larger sum of
 * strengths, then the lower vertex id; the focus is always kept); then
 * everyone on a highlighted path is added.
 *
 * net must have been loaded with .adjacency; o->communities must be set
 * when communities are needed (o->community or RN_COLOR_COMMUNITY).  Returns
 * RN_OK, RN_E_USAGE with a message in err (a community that does not exist,
 * a path through contacts that are not tied), or RN_E_INTERNAL (out of
 * memory, communities missing: message in err).  The size limit is the caller's
 * to check (view->n against o->max_nodes).
 * Time: O(contacts + ties of the view).
 */
enum rn_status rn_render_view_build(const struct rn_network *net,
                                    const struct rn_render_options *o,
                                    struct rn_render_view *view, char *err, size_t errlen);
void rn_render_view_release(struct rn_render_view *view);

struct rn_renderer;

/* What draws: Graphviz's error hook set; the Graphviz context itself is made
 * in the child process that lays out and renders each drawing
 * (rn_render_draw).  Returns RN_OK or RN_E_INTERNAL. */
enum rn_status rn_renderer_new(struct rn_renderer **r);
/* Free the context.  Accepts NULL. */
void rn_renderer_free(struct rn_renderer *r);

struct rn_render_result {
	char *data;                      /* the file's bytes (malloc'd) */
	size_t len;
	enum rn_render_layout layout;    /* the engine used (auto resolved) */
	igraph_integer_t nodes, edges;   /* contacts and ties drawn */
	igraph_integer_t labelled;       /* contacts drawn with their name */
};

/*
 * Whether rn_render_draw may run while other threads of the process
 * allocate memory.  It forks: glibc's malloc takes its locks around fork(),
 * so the child finds them free; AddressSanitizer's allocator (clang 14)
 * does not, and the child could wait forever on a lock another thread held
 * at that moment.  In such a build a caller draws once its other threads
 * are done.
 */
#if defined(__SANITIZE_ADDRESS__)
#define RN_RENDER_DRAW_BESIDE_THREADS 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RN_RENDER_DRAW_BESIDE_THREADS 0
#endif
#endif
#ifndef RN_RENDER_DRAW_BESIDE_THREADS
#define RN_RENDER_DRAW_BESIDE_THREADS 1
#endif

/*
 * Draw a view.  The result is written to out (release it with
 * rn_render_result_release).  Returns RN_OK, or RN_E_INTERNAL with a
 * message in err (out of memory, a Graphviz or igraph failure).
 * Time: building the graph is linear in the view; layout time is the
 * engine's (neato and circo grow quickly: `auto` keeps them for small views).
 */
enum rn_status rn_render_draw(struct rn_renderer *r, const struct rn_network *net,
                              const struct rn_render_view *view,
                              const struct rn_render_options *o,
                              struct rn_render_result *out, char *err, size_t errlen);
void rn_render_result_release(struct rn_render_result *res);

#endif

/*
 * The drawing: a view of the network as a cgraph graph with every style
 * attribute set, laid out and rendered with gvc in a child process (or written as
 * DOT before layout).  See include/refnet/render.h.
 *
 * What it draws.  A node per contact, filled by stage or community with the
 * Okabe-Ito colour-blind safe palette, sized and bordered by its number of
 * ties, with a tooltip (name, id, stage, offers, needs, ties).  An edge per
 * tie inside the view, its width by strength, dashed and paler when the pair
 * has not interacted for more than stale_after days.  Optionally referral
 * arrows from the log, coloured by the label refnet reciprocity gives the
 * pair.  What is drawn is computed by src/analysis and handed in through
 * the options (activity, communities, reciprocity): nothing here scores or
 * labels anything, so the drawing cannot disagree with the other
 * commands.  A legend (an
 * HTML-like graph label made only of refnet's own fixed text) explains the
 * colours.  Views larger than RN_RENDER_LABEL_ALL contacts draw contacts as
 * dots and name only the best connected ones (and the focus and highlighted
 * contacts); their names stay in the tooltips.
 *
 * Layout.  Graphviz engines for small and medium views; for large views the
 * positions come from igraph's Fruchterman-Reingold layout (grid variant,
 * seeded) and Graphviz only draws them (the "nop" engine, neato -n), which
 * is several times faster than sfdp at 10,000 contacts.
 *
 * Input text only ever becomes an escaped label or tooltip (render_int.h);
 * node names are "v<vertex id>", so no input reaches DOT syntax, SVG
 * comments or ids, and nothing is ever written as a URL.
 */
#include "refnet/render.h"

#include <dlfcn.h>
#include <errno.h>
#include <gvc.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

#include "refnet/activity.h"
#include "refnet/date.h"
#include "refnet/output.h"
#include "render_int.h"

#define LABEL_CHARS 40          /* longer names are cut in labels (not in tooltips) */
#define FR_NODE_SPACING 28.0    /* points per contact across the igraph layout */

/* ------------------------------------------------------------------ */
/* Names of formats and engines.                                        */

static const char *const format_names[] = { "dot", "svg", "png", "pdf" };
static const char *const layout_names[] = {
	"auto", "dot", "neato", "fdp", "sfdp", "circo", "fr"
};

int rn_render_format_parse(const char *s, enum rn_render_format *f)
{
	if (strcmp(s, "gv") == 0) {
		*f = RN_RENDER_DOT;
		return 0;
	}
	for (size_t i = 0; i < RN_ARRAY_LEN(format_names); i++)
		if (strcmp(s, format_names[i]) == 0) {
			*f = (enum rn_render_format) i;
			return 0;
		}
	return -1;
}

int rn_render_format_from_path(const char *path, enum rn_render_format *f)
{
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(slash ? slash + 1 : path, '.');
	char ext[8];
	if (!dot || strlen(dot + 1) >= sizeof(ext))
		return -1;
	size_t i;
	for (i = 0; dot[1 + i]; i++) {
		char c = dot[1 + i];
		ext[i] = (char) (c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	ext[i] = '\0';
	return rn_render_format_parse(ext, f);
}

const char *rn_render_format_name(enum rn_render_format f)
{
	return (size_t) f < RN_ARRAY_LEN(format_names) ? format_names[f] : "?";
}

int rn_render_layout_parse(const char *s, enum rn_render_layout *l)
{
	for (size_t i = 0; i < RN_ARRAY_LEN(layout_names); i++)
		if (strcmp(s, layout_names[i]) == 0) {
			*l = (enum rn_render_layout) i;
			return 0;
		}
	return -1;
}

const char *rn_render_layout_name(enum rn_render_layout l)
{
	return (size_t) l < RN_ARRAY_LEN(layout_names) ? layout_names[l] : "?";
}

enum rn_render_layout rn_render_auto_layout(igraph_integer_t n)
{
	if (n <= 120)
		return RN_LAYOUT_NEATO;
	if (n <= 1000)
		return RN_LAYOUT_SFDP;
	return RN_LAYOUT_FR;
}

/* ------------------------------------------------------------------ */
/* The Graphviz context and its messages.                               */

/* The Graphviz context itself is made in the child process that lays out
 * and renders (layout_and_render): making it loads the text layout plugin
 * (pango), which is where memory runs short first. */
struct rn_renderer {
	int drawings;   /* laid out so far */
};

/* Graphviz reports through a global hook; it only ever runs in the child
 * process that lays out and renders (layout_and_render), which passes what
 * it says on through its standard error at once, so that a message is not
 * lost when the child dies.  Warnings are dropped (font fallbacks and such
 * are not the user's), except one: a plugin that could not be loaded.
 * Graphviz then carries on without it, and without the pango plugin an SVG
 * is drawn with estimated text widths: other bytes, exit 0.  That happens
 * when memory is short (the library cannot be mapped), so it fails the
 * drawing, with what the dynamic loader says of the library. */
static int gv_child;
static int gv_plugin_failed;

static void probe_plugin(const char *msg)
{
	const char *a = strchr(msg, '"'), *b = a ? strchr(a + 1, '"') : NULL;
	char path[1024];
	if (!b || (size_t) (b - a - 1) >= sizeof(path))
		return;
	memcpy(path, a + 1, (size_t) (b - a - 1));
	path[b - a - 1] = '\0';
	void *h = dlopen(path, RTLD_LAZY | RTLD_LOCAL);
	if (h) {
		dlclose(h);
		return;
	}
	const char *e = dlerror();
	if (e)
		fprintf(stderr, "%s\n", e);
}

/* Graphviz hands a message over in pieces: "Warning" or "Error", ": ",
 * the text, and maybe more text (its AGPREV continuations). */
static int on_gv_message(char *msg)
{
	static int warning;
	if (!gv_child)
		return 0;
	if (strcmp(msg, "Warning") == 0 || strcmp(msg, "Error") == 0) {
		warning = msg[0] == 'W';
		if (!warning)
			fputs(msg, stderr);   /* unbuffered */
		return 0;
	}
	if (warning && strcmp(msg, ": ") == 0)
		return 0;
	if (warning) {
		if (!strstr(msg, "Could not load"))
			return 0;
		gv_plugin_failed = 1;
		fprintf(stderr, "Warning: %s", msg);
		probe_plugin(msg);
		return 0;
	}
	fputs(msg, stderr);
	return 0;
}

enum rn_status rn_renderer_new(struct rn_renderer **r)
{
	*r = calloc(1, sizeof(**r));
	if (!*r)
		return RN_E_INTERNAL;
	agseterr(AGERR);          /* warnings (font fallbacks and such) are not the user's */
	agseterrf(on_gv_message);
	return RN_OK;
}

void rn_renderer_free(struct rn_renderer *r)
{
	free(r);
}

void rn_render_result_release(struct rn_render_result *res)
{
	if (!res)
		return;
	free(res->data);
	memset(res, 0, sizeof(*res));
}

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

static void set_err(struct drawing *d, const char *fmt, ...) RN_PRINTF(2, 3);

static void set_err(struct drawing *d, const char *fmt, ...)
{
	va_list ap;
	if (!d->err || !d->errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(d->err, d->errlen, fmt, ap);
	va_end(ap);
}

static int cmp_tie(const void *a, const void *b)
{
	igraph_integer_t x = *(const igraph_integer_t *) a, y = *(const igraph_integer_t *) b;
	return (x > y) - (x < y);
}

/* The ties with both ends in the view, and what depends on them. */
static enum rn_status collect(struct drawing *d)
{
	const struct rn_network *net = d->net;
	const struct rn_render_view *view = d->view;
	igraph_integer_t n = view->n;
	size_t cap = 0;

	for (igraph_integer_t i = 0; i < n; i++) {
		igraph_integer_t v = view->vertex[i];
		cap += net->adj_start[v + 1] - net->adj_start[v];
	}
	d->edge = malloc((cap / 2 + 1) * sizeof(*d->edge));
	d->named = calloc((size_t) n + 1, 1);
	d->on_path = calloc((size_t) n + 1, 1);
	d->drawn_ties = calloc((size_t) n + 1, sizeof(*d->drawn_ties));
	if (!d->edge || !d->named || !d->on_path || !d->drawn_ties)
		return RN_E_INTERNAL;
	for (igraph_integer_t i = 0; i < n; i++) {
		igraph_integer_t v = view->vertex[i];
		if (view->degree[v] > d->maxdeg)
			d->maxdeg = view->degree[v];
		for (size_t k = net->adj_start[v]; k < net->adj_start[v + 1]; k++) {
			igraph_integer_t w = net->adj[k].v;
			igraph_integer_t j = view->index[w];
			if (j < 0)
				continue;
			d->drawn_ties[i]++;
			if (v < w)
				d->edge[d->nedges++] = net->adj[k].tie;
		}
	}
	qsort(d->edge, (size_t) d->nedges, sizeof(*d->edge), cmp_tie);

	d->tie_on_path = calloc((size_t) d->nedges + 1, 1);
	d->last_hop = calloc((size_t) d->nedges + 1, 1);
	if (!d->tie_on_path || !d->last_hop)
		return RN_E_INTERNAL;
	for (size_t p = 0; p < d->o->nhighlight; p++) {
		const struct rn_render_path *path = &d->o->highlight[p];
		for (size_t i = 0; i < path->n; i++) {
			/* The view holds every path contact when built with these options. */
			if (path->v[i] < 0 || path->v[i] >= net->ncontacts || view->index[path->v[i]] < 0)
				continue;
			d->on_path[view->index[path->v[i]]] = 1;
			if (i == 0)
				continue;
			igraph_integer_t t = rn_network_find_tie(net, path->v[i - 1], path->v[i]);
			igraph_integer_t *hit = t < 0 ? NULL :
				bsearch(&t, d->edge, (size_t) d->nedges, sizeof(*d->edge), cmp_tie);
			if (hit) {
				size_t k = (size_t) (hit - d->edge);
				unsigned char rank = (unsigned char) (p + 1 < 255 ? p + 1 : 255);
				if (!d->tie_on_path[k] || rank < d->tie_on_path[k]) {
					d->tie_on_path[k] = rank;
					d->last_hop[k] = i + 1 == path->n;
				}
			}
		}
	}
	return RN_OK;
}

/* Who is drawn with a name: everyone in small views, else the hubs. */
struct hub {
	igraph_integer_t degree, i;
	double strength;
};

static int cmp_hub(const void *a, const void *b)
{
	const struct hub *x = a, *y = b;
	if (x->degree != y->degree)
		return x->degree > y->degree ? -1 : 1;
	if (x->strength != y->strength)
		return x->strength > y->strength ? -1 : 1;
	return (x->i > y->i) - (x->i < y->i);
}

/* Degree relative to the view's largest, square-rooted: 0..1. */
static double rel_degree(const struct drawing *d, igraph_integer_t v)
{
	return d->maxdeg > 0 ? sqrt((double) d->view->degree[v] / (double) d->maxdeg) : 0;
}

/* Font size of a named contact, in points. */
static double font_size(const struct drawing *d, igraph_integer_t v)
{
	return (10 + 6 * rel_degree(d, v)) * d->scale;
}

struct box {
	double x0, y0, x1, y1;
};

/* The estimated box of contact i's label at its igraph position. */
static struct box label_box(const struct drawing *d, igraph_integer_t i)
{
	igraph_integer_t v = d->view->vertex[i];
	size_t chars = 0;
	for (const unsigned char *p = (const unsigned char *) d->net->name[v]; *p; p++)
		chars += (*p & 0xc0) != 0x80;
	if (chars > LABEL_CHARS)
		chars = LABEL_CHARS;
	double fs = font_size(d, v);
	double w = 0.62 * fs * (double) chars + 12, h = 1.35 * fs + 8;
	return (struct box) { d->x[i] - w / 2, d->y[i] - h / 2, d->x[i] + w / 2, d->y[i] + h / 2 };
}

static int overlaps(const struct box *a, const struct box *b)
{
	return a->x0 < b->x1 && b->x0 < a->x1 && a->y0 < b->y1 && b->y0 < a->y1;
}

/*
 * Who is drawn with a name.  Small views: everyone.  Large views: the
 * focus and the highlighted contacts, then up to RN_RENDER_HUB_LABELS of
 * the best connected; with igraph positions, a name that would overlap one
 * already placed is skipped in favour of the next best connected (among
 * the first 3 x RN_RENDER_HUB_LABELS), so that names stay readable.
 */
static enum rn_status choose_names(struct drawing *d)
{
	const struct rn_render_view *view = d->view;
	igraph_integer_t n = view->n, placed = 0, hubs = 0;

	if (!d->dots) {
		memset(d->named, 1, (size_t) n);
		d->nnamed = n;
		return RN_OK;
	}
	struct hub *h = malloc(((size_t) n + 1) * sizeof(*h));
	struct box *boxes = malloc(((size_t) n + 1) * sizeof(*boxes));
	if (!h || !boxes) {
		free(h);
		free(boxes);
		return RN_E_INTERNAL;
	}
	for (igraph_integer_t i = 0; i < n; i++) {
		igraph_integer_t v = view->vertex[i];
		h[i] = (struct hub) { view->degree[v], i, view->strength[v] };
		if (d->on_path[i] || v == d->o->focus) {
			d->named[i] = 1;
			if (d->x)
				boxes[placed++] = label_box(d, i);
		}
	}
	qsort(h, (size_t) n, sizeof(*h), cmp_hub);
	for (igraph_integer_t k = 0; k < n && hubs < RN_RENDER_HUB_LABELS &&
	     k < 3 * RN_RENDER_HUB_LABELS; k++) {
		igraph_integer_t i = h[k].i;
		if (d->named[i])
			continue;
		if (d->x) {
			struct box b = label_box(d, i);
			int clash = 0;
			for (igraph_integer_t j = 0; j < placed && !clash; j++)
				clash = overlaps(&b, &boxes[j]);
			if (clash)
				continue;
			boxes[placed++] = b;
		}
		d->named[i] = 1;
		hubs++;
	}
	free(h);
	free(boxes);
	for (igraph_integer_t i = 0; i < n; i++)
		d->nnamed += d->named[i];
	return RN_OK;
}

struct component {
	igraph_integer_t size, first;      /* contacts, lowest view index */
	double minx, miny, maxx, maxy;     /* bounding box in layout units */
	double ox, oy;                     /* where its box goes, in points */
};

static int cmp_component(const void *a, const void *b)
{
	const struct component *x = a, *y = b;
	if (x->size != y->size)
		return x->size > y->size ? -1 : 1;
	return (x->first > y->first) - (x->first < y->first);
}

/*
 * Fruchterman-Reingold lets unconnected pieces drift far apart.  Keep each
 * connected component's shape, scale so that the largest one gives every
 * contact about FR_NODE_SPACING points square, and pack the components in
 * rows under the largest one (largest first; isolated contacts last).
 * Positions go to d->x, d->y in points, origin at the lower left.
 */
static enum rn_status pack_components(struct drawing *d, const igraph_t *g,
                                      const igraph_matrix_t *pos)
{
	igraph_integer_t n = d->view->n, nc = 0;
	igraph_vector_int_t memb, csize;
	struct component *c = NULL;
	igraph_integer_t *order = NULL;
	enum rn_status st = RN_E_INTERNAL;

	if (igraph_vector_int_init(&memb, 0) != IGRAPH_SUCCESS)
		goto igraph_failed_early;
	if (igraph_vector_int_init(&csize, 0) != IGRAPH_SUCCESS) {
		igraph_vector_int_destroy(&memb);
		goto igraph_failed_early;
	}
	if (igraph_connected_components(g, &memb, &csize, &nc, IGRAPH_WEAK) != IGRAPH_SUCCESS) {
		set_err(d, "%s", rn_igraph_last_error());
		goto done;
	}
	c = calloc((size_t) nc + 1, sizeof(*c));
	order = malloc(((size_t) nc + 1) * sizeof(*order));
	if (!c || !order) {
		set_err(d, "out of memory");
		goto done;
	}
	for (igraph_integer_t k = 0; k < nc; k++) {
		c[k].first = -1;
		c[k].minx = c[k].miny = INFINITY;
		c[k].maxx = c[k].maxy = -INFINITY;
	}
	for (igraph_integer_t i = 0; i < n; i++) {
		struct component *p = &c[VECTOR(memb)[i]];
		double x = MATRIX(*pos, i, 0), y = MATRIX(*pos, i, 1);
		if (!isfinite(x) || !isfinite(y))
			x = y = 0;
		d->x[i] = x;
		d->y[i] = y;
		if (p->size++ == 0)
			p->first = i;
		p->minx = fmin(p->minx, x);
		p->maxx = fmax(p->maxx, x);
		p->miny = fmin(p->miny, y);
		p->maxy = fmax(p->maxy, y);
	}

	/* The scale: from the largest component's area per contact. */
	igraph_integer_t big = 0;
	for (igraph_integer_t k = 1; k < nc; k++)
		if (c[k].size > c[big].size)
			big = k;
	double area = (c[big].maxx - c[big].minx) * (c[big].maxy - c[big].miny);
	double scale = 1.0;
	if (c[big].size > 1 && area > 1e-12)
		scale = FR_NODE_SPACING * sqrt((double) c[big].size / area);

	/* Boxes in points, with a margin; shelf packing, rows going down. */
	double total = 0, widest = 0, margin = FR_NODE_SPACING;
	for (igraph_integer_t k = 0; k < nc; k++) {
		double w = (c[k].maxx - c[k].minx) * scale + margin;
		double h = (c[k].maxy - c[k].miny) * scale + margin;
		total += w * h;
		widest = fmax(widest, w);
	}
	qsort(c, (size_t) nc, sizeof(*c), cmp_component);
	double rowmax = fmax(widest, sqrt(total));
	double x = 0, y = 0, rowh = 0;
	for (igraph_integer_t k = 0; k < nc; k++) {
		double w = (c[k].maxx - c[k].minx) * scale + margin;
		double h = (c[k].maxy - c[k].miny) * scale + margin;
		if (x > 0 && x + w > rowmax) {
			x = 0;
			y += rowh;
			rowh = 0;
		}
		c[k].ox = x;
		c[k].oy = y;
		x += w;
		rowh = fmax(rowh, h);
	}
	double height = y + rowh;

	/* Components were sorted: find each contact's by its first member. */
	for (igraph_integer_t k = 0; k < nc; k++)
		order[VECTOR(memb)[c[k].first]] = k;
	d->width = d->height = 0;
	for (igraph_integer_t i = 0; i < n; i++) {
		const struct component *p = &c[order[VECTOR(memb)[i]]];
		d->x[i] = p->ox + (d->x[i] - p->minx) * scale;
		/* Graphviz's y axis points up: the first row goes at the top. */
		d->y[i] = height - margin - (p->oy + (d->y[i] - p->miny) * scale);
		d->width = fmax(d->width, d->x[i]);
		d->height = fmax(d->height, d->y[i]);
	}
	st = RN_OK;
done:
	igraph_vector_int_destroy(&memb);
	igraph_vector_int_destroy(&csize);
	free(c);
	free(order);
	return st;
igraph_failed_early:
	set_err(d, "%s", rn_igraph_last_error());
	return RN_E_INTERNAL;
}

/*
 * Positions from igraph's Fruchterman-Reingold layout (grid variant; tie
 * strengths pull harder), with its components packed (pack_components).
 */
static enum rn_status fr_positions(struct drawing *d)
{
	const struct rn_network *net = d->net;
	const struct rn_render_view *view = d->view;
	igraph_integer_t n = view->n;
	igraph_vector_int_t edges;
	igraph_vector_t w;
	igraph_matrix_t pos;
	igraph_t g;
	int have_edges = 0, have_w = 0, have_pos = 0, have_g = 0;
	enum rn_status st = RN_E_INTERNAL;

	d->x = malloc(((size_t) n + 1) * sizeof(double));
	d->y = malloc(((size_t) n + 1) * sizeof(double));
	if (!d->x || !d->y) {
		set_err(d, "out of memory");
		return RN_E_INTERNAL;
	}
	if (n == 0)
		return RN_OK;
	if (igraph_vector_int_init(&edges, 2 * d->nedges) != IGRAPH_SUCCESS)
		goto igraph_failed;
	have_edges = 1;
	if (igraph_vector_init(&w, d->nedges) != IGRAPH_SUCCESS)
		goto igraph_failed;
	have_w = 1;
	for (igraph_integer_t k = 0; k < d->nedges; k++) {
		igraph_integer_t t = d->edge[k];
		VECTOR(edges)[2 * k] = view->index[net->tie_a[t]];
		VECTOR(edges)[2 * k + 1] = view->index[net->tie_b[t]];
		VECTOR(w)[k] = net->strength[t];
	}
	if (igraph_create(&g, &edges, n, IGRAPH_UNDIRECTED) != IGRAPH_SUCCESS)
		goto igraph_failed;
	have_g = 1;
	if (igraph_matrix_init(&pos, n, 2) != IGRAPH_SUCCESS)
		goto igraph_failed;
	have_pos = 1;
	igraph_rng_seed(igraph_rng_default(), (igraph_uint_t) d->o->seed);
	if (igraph_layout_fruchterman_reingold(&g, &pos, 0, 500, sqrt((double) n) / 10.0,
	                                       IGRAPH_LAYOUT_GRID, &w, NULL, NULL, NULL,
	                                       NULL) != IGRAPH_SUCCESS)
		goto igraph_failed;

	if (pack_components(d, &g, &pos) != RN_OK)
		goto done;
	st = RN_OK;
	goto done;

igraph_failed:
	set_err(d, "%s", rn_igraph_last_error());
done:
	if (have_pos)
		igraph_matrix_destroy(&pos);
	if (have_g)
		igraph_destroy(&g);
	if (have_w)
		igraph_vector_destroy(&w);
	if (have_edges)
		igraph_vector_int_destroy(&edges);
	return st;
}

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

static void declare(struct drawing *d)
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

static const char *engine_name(enum rn_render_layout l)
{
	return l == RN_LAYOUT_FR ? "nop" : rn_render_layout_name(l);
}

static void graph_attributes(struct drawing *d)
{
	char buf[64];

	gset(d, G_LAYOUT, engine_name(d->layout));
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

static void add_nodes(struct drawing *d, Agnode_t **node)
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
		double rel = rel_degree(d, v);
		const char *fill = node_fill(d, v);

		/* Label: the name, cut to LABEL_CHARS characters. */
		rn_sb_clear(&d->sb);
		if (d->named[i])
			rn_gv_escape(&d->sb, net->name[v], RN_GV_LABEL, LABEL_CHARS);
		nset(d, n, N_LABEL, rn_sb_str(&d->sb));

		if (d->named[i]) {
			nset(d, n, N_FONTSIZE, num(buf, sizeof(buf), font_size(d, v)));
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

static void add_ties(struct drawing *d, Agnode_t **node)
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

static enum rn_status add_referrals(struct drawing *d, Agnode_t **node)
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

static void legend(struct drawing *d)
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

/* ------------------------------------------------------------------ */
/* Output.                                                              */

static enum rn_status write_dot(struct drawing *d, struct rn_render_result *out)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	if (!fp) {
		set_err(d, "out of memory");
		return RN_E_INTERNAL;
	}
	int rc = agwrite(d->g, fp);
	if (fclose(fp) != 0 || rc != 0) {
		free(buf);
		set_err(d, "cannot write the DOT text");
		return RN_E_INTERNAL;
	}
	out->data = buf;
	out->len = len;
	return RN_OK;
}

/*
 * Layout and rendering run in a child process.  Graphviz 2.42 does not
 * report running out of memory: its allocators abort or exit, cgraph goes
 * on with a NULL pointer and crashes, and pango aborts when it cannot start
 * a thread.  Whatever happens in the child, this process survives to say so
 * and write nothing: the child sends the rendered bytes through one pipe
 * and what Graphviz says (its error hook and its standard error) through
 * another, and exits with one of the codes below; any other end (a signal,
 * Graphviz's own exit) is taken for running out of memory unless Graphviz
 * said something else.  The child ends with _exit: no atexit handlers, no
 * flushing of stdio buffers it shares with this process, no leak report.
 * fork costs a few milliseconds (the address space is shared copy-on-write
 * and Graphviz allocates its own).
 */
enum {
	CHILD_OK = 0, CHILD_LAYOUT_FAILED = 91, CHILD_RENDER_FAILED = 92, CHILD_WRITE_FAILED = 93,
	CHILD_PLUGIN_FAILED = 94, CHILD_START_FAILED = 95
};

#define CHILD_TEXT_MAX 1024     /* what Graphviz says: the start is enough */

/* write() all of it, through interruptions; 0 or -1. */
static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t k = write(fd, p, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		p += k;
		n -= (size_t) k;
	}
	return 0;
}

/* The child: lay out, render, send the bytes; never returns. */
static void draw_in_child(struct rn_renderer *r, struct drawing *d, int data_fd, int text_fd)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	/* The parent's handlers (removing its temporary files) are not ours;
	 * a signal the parent ignores stays ignored. */
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		struct sigaction old;
		if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
			signal(sigs[i], SIG_DFL);
	}
	signal(SIGPIPE, SIG_DFL);   /* the parent gone: nothing left to do */
	if (dup2(text_fd, STDERR_FILENO) < 0)
		_exit(CHILD_WRITE_FAILED);
	gv_child = 1;
	agseterr(AGWARN);   /* for a plugin that cannot be loaded: on_gv_message */

	char *data = NULL;
	unsigned int len = 0;
	GVC_t *gvc = gvContext();
	if (!gvc)
		_exit(CHILD_START_FAILED);
	if (gv_plugin_failed)   /* no text layout: other text widths */
		_exit(CHILD_PLUGIN_FAILED);
	if (gvLayout(gvc, d->g, engine_name(d->layout)) != 0)
		_exit(CHILD_LAYOUT_FAILED);
	if (gvRenderData(gvc, d->g, rn_render_format_name(d->o->format), &data, &len) != 0 ||
	    !data)
		_exit(CHILD_RENDER_FAILED);
	int rc = gv_plugin_failed ? CHILD_PLUGIN_FAILED
	         : write_all(data_fd, data, len) == 0 && close(data_fd) == 0 ? CHILD_OK
	         : CHILD_WRITE_FAILED;
	gvFreeRenderData(data);
	gvFreeLayout(gvc, d->g);
	_exit(rc);
}

/* Does what Graphviz said in a child that died point at memory?  Nothing
 * said counts too: its allocators fail silently. */
static int says_memory(const char *text)
{
	return !text[0] || strstr(text, "memory") || strstr(text, "alloc") ||
	       strstr(text, "failed to map segment") ||             /* dlopen */
	       strstr(text, "Resource temporarily unavailable");   /* no thread stack */
}

/* Read the child's two pipes until both are closed: the bytes into *buf
 * (grown as needed, NUL-terminated), the text into text[0..CHILD_TEXT_MAX).
 * Returns 0, or -1 when this process runs out of memory (the rest is then
 * read and dropped, so that the child can finish). */
static int read_child(int data_fd, int text_fd, char **buf, size_t *len, char *text)
{
	struct pollfd p[2] = { { data_fd, POLLIN, 0 }, { text_fd, POLLIN, 0 } };
	size_t cap = 0, tlen = 0;
	int oom = 0;
	char chunk[4096];
	*buf = NULL;
	*len = 0;
	text[0] = '\0';
	while (p[0].fd >= 0 || p[1].fd >= 0) {
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		for (int i = 0; i < 2; i++) {
			if (p[i].fd < 0 || !p[i].revents)
				continue;
			if (i == 0 && !oom && *len + sizeof(chunk) + 1 > cap) {
				size_t ncap = cap ? cap * 2 : 262144;
				char *nb = realloc(*buf, ncap);
				if (nb) {
					*buf = nb;
					cap = ncap;
				} else {
					oom = 1;
				}
			}
			/* The bytes straight into the buffer, as many as the pipe holds. */
			char *to = i == 0 && !oom ? *buf + *len : chunk;
			size_t room = i == 0 && !oom ? cap - *len - 1 : sizeof(chunk);
			ssize_t k = read(p[i].fd, to, room);
			if (k < 0 && errno == EINTR)
				continue;
			if (k <= 0) {
				p[i].fd = -1;
				continue;
			}
			if (i == 0 && !oom) {
				*len += (size_t) k;
			} else if (i == 1 && tlen + 1 < CHILD_TEXT_MAX) {
				size_t n = (size_t) k < CHILD_TEXT_MAX - 1 - tlen ? (size_t) k
				                                                   : CHILD_TEXT_MAX - 1 - tlen;
				memcpy(text + tlen, chunk, n);
				tlen += n;
				text[tlen] = '\0';
			}
		}
	}
	if (*buf)
		(*buf)[*len] = '\0';
	return oom ? -1 : 0;
}

static enum rn_status layout_and_render(struct rn_renderer *r, struct drawing *d,
                                        struct rn_render_result *out)
{
	int data_pipe[2] = { -1, -1 }, text_pipe[2] = { -1, -1 };
	char text[CHILD_TEXT_MAX];
	char *buf = NULL;
	size_t len = 0;
	int status = 0;
	const char *fmt = rn_render_format_name(d->o->format);

	r->drawings++;
	if (pipe(data_pipe) != 0 || pipe(text_pipe) != 0)
		goto oom;
	/* Bytes this process has buffered must not be written twice, should
	 * Graphviz call exit() in the child. */
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0)
		goto oom;
	if (pid == 0) {
		close(data_pipe[0]);
		close(text_pipe[0]);
		draw_in_child(r, d, data_pipe[1], text_pipe[1]);
	}
	close(data_pipe[1]);
	close(text_pipe[1]);
	data_pipe[1] = text_pipe[1] = -1;
	int rc = read_child(data_pipe[0], text_pipe[0], &buf, &len, text);
	if (rc != 0)
		kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			rc = -1;
			break;
		}
	}
	close(data_pipe[0]);
	close(text_pipe[0]);
	data_pipe[0] = text_pipe[0] = -1;
	if (rc != 0)
		goto oom;
	for (size_t n = strlen(text); n && (text[n - 1] == '\n' || text[n - 1] == ' '); n--)
		text[n - 1] = '\0';

	int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	if (code == CHILD_OK && buf) {
		out->data = buf;
		out->len = len;
		return RN_OK;
	}
	free(buf);
	int plugin = strstr(text, "Could not load") != NULL;
	if ((code == CHILD_LAYOUT_FAILED || code == CHILD_RENDER_FAILED) && !plugin) {
		if (code == CHILD_LAYOUT_FAILED)
			set_err(d, "graphviz layout '%s' failed%s%s", engine_name(d->layout),
			        text[0] ? ": " : "", text);
		else
			set_err(d, "graphviz could not render %s%s%s", fmt, text[0] ? ": " : "", text);
	} else if (says_memory(text)) {
		set_err(d, "out of memory");
	} else if (plugin) {
		set_err(d, "graphviz could not load a plugin: %s", text);
	} else {
		set_err(d, "graphviz stopped drawing %s: %s", fmt, text);
	}
	return RN_E_INTERNAL;

oom:
	for (int i = 0; i < 2; i++) {
		if (data_pipe[i] >= 0)
			close(data_pipe[i]);
		if (text_pipe[i] >= 0)
			close(text_pipe[i]);
	}
	free(buf);
	set_err(d, "out of memory");
	return RN_E_INTERNAL;
}

enum rn_status rn_render_draw(struct rn_renderer *r, const struct rn_network *net,
                              const struct rn_render_view *view,
                              const struct rn_render_options *o,
                              struct rn_render_result *out, char *err, size_t errlen)
{
	struct drawing d;
	Agnode_t **node = NULL;
	enum rn_status st = RN_E_INTERNAL;

	memset(out, 0, sizeof(*out));
	memset(&d, 0, sizeof(d));
	d.net = net;
	d.view = view;
	d.o = o;
	d.err = err;
	d.errlen = errlen;
	d.layout = o->layout == RN_LAYOUT_AUTO ? rn_render_auto_layout(view->n) : o->layout;
	d.dots = view->n > RN_RENDER_LABEL_ALL;
	d.scale = 1.0;
	rn_sb_init(&d.sb);
	rn_sb_init(&d.tmp);
	rn_sb_init(&d.cut);
	if (err && errlen)
		err[0] = '\0';

	d.act = o->activity;
	if (!d.act || (o->referrals && !o->reciprocity)) {
		set_err(&d, "internal error: the drawing needs the activity%s",
		        o->referrals ? " and the reciprocity" : "");
		goto done;
	}
	if (collect(&d) != RN_OK)
		goto oom;
	if (d.layout == RN_LAYOUT_FR) {
		st = fr_positions(&d);
		if (st != RN_OK)
			goto done;
		st = RN_E_INTERNAL;
		/* Large drawings get larger type, so that names and the legend stay
		 * readable when the whole picture is scaled to a screen. */
		double extent = fmax(d.width, d.height);
		d.scale = fmax(1.0, extent / 1000.0);
	}
	if (choose_names(&d) != RN_OK)
		goto oom;

	/* Not strict: a referral arrow is a second edge beside its tie. */
	d.g = agopen("refnet", o->referrals ? Agdirected : Agundirected, NULL);
	node = calloc((size_t) view->n + 1, sizeof(*node));
	if (!d.g || !node)
		goto oom;
	declare(&d);
	graph_attributes(&d);
	legend(&d);
	add_nodes(&d, node);
	for (igraph_integer_t i = 0; i < view->n; i++)
		if (!node[i])
			goto oom;
	add_ties(&d, node);
	if (o->referrals && add_referrals(&d, node) != RN_OK)
		goto oom;
	if (d.sb.oom || d.tmp.oom || agnedges(d.g) < d.nedges)
		goto oom;

	out->layout = d.layout;
	out->nodes = view->n;
	out->edges = d.nedges;
	out->labelled = d.nnamed;
	if (o->format == RN_RENDER_DOT)
		st = write_dot(&d, out);
	else
		st = layout_and_render(r, &d, out);
	goto done;

oom:
	set_err(&d, "out of memory");
	st = RN_E_INTERNAL;
done:
	if (d.g)
		agclose(d.g);
	free(node);
	free(d.edge);
	free(d.named);
	free(d.on_path);
	free(d.tie_on_path);
	free(d.last_hop);
	free(d.drawn_ties);
	free(d.x);
	free(d.y);
	rn_sb_release(&d.sb);
	rn_sb_release(&d.tmp);
	rn_sb_release(&d.cut);
	if (st != RN_OK)
		rn_render_result_release(out);
	return st;
}

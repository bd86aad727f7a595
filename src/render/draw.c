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
 *
 * This file holds the steps of a drawing, the names of formats and engines,
 * and what is worked out before the graph is built (the ties in the view,
 * who is named, the igraph positions); the other parts are listed in
 * draw_internal.h.
 */
#include "refnet/render.h"

#include <gvc.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "refnet/activity.h"
#include "refnet/date.h"
#include "refnet/output.h"
#include "draw_internal.h"

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
/* Building the graph.                                                  */

void rn_draw_set_err(struct drawing *d, const char *fmt, ...)
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
double rn_draw_rel_degree(const struct drawing *d, igraph_integer_t v)
{
	return d->maxdeg > 0 ? sqrt((double) d->view->degree[v] / (double) d->maxdeg) : 0;
}

/* Font size of a named contact, in points. */
double rn_draw_font_size(const struct drawing *d, igraph_integer_t v)
{
	return (10 + 6 * rn_draw_rel_degree(d, v)) * d->scale;
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
	double fs = rn_draw_font_size(d, v);
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
		rn_draw_set_err(d, "%s", rn_igraph_last_error());
		goto done;
	}
	c = calloc((size_t) nc + 1, sizeof(*c));
	order = malloc(((size_t) nc + 1) * sizeof(*order));
	if (!c || !order) {
		rn_draw_set_err(d, "out of memory");
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
	rn_draw_set_err(d, "%s", rn_igraph_last_error());
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
		rn_draw_set_err(d, "out of memory");
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
	rn_draw_set_err(d, "%s", rn_igraph_last_error());
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

enum rn_status rn_render_draw(struct rn_renderer *r, const struct rn_network *net,
                              const struct rn_render_view *view,
                              const struct rn_render_options *o,
                              struct rn_render_result *out, char *err, size_t errlen)
{
	struct drawing d = {
		.net = net, .view = view, .o = o, .err = err, .errlen = errlen,
		.layout = o->layout == RN_LAYOUT_AUTO ? rn_render_auto_layout(view->n) : o->layout,
		.dots = view->n > RN_RENDER_LABEL_ALL, .scale = 1.0
	};
	Agnode_t **node = NULL;
	enum rn_status st = RN_E_INTERNAL;

	memset(out, 0, sizeof(*out));
	rn_sb_init(&d.sb);
	rn_sb_init(&d.tmp);
	rn_sb_init(&d.cut);
	if (err && errlen)
		err[0] = '\0';

	d.act = o->activity;
	if (!d.act || (o->referrals && !o->reciprocity)) {
		rn_draw_set_err(&d, "internal error: the drawing needs the activity%s",
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
	rn_draw_declare(&d);
	rn_draw_graph_attributes(&d);
	rn_draw_legend(&d);
	rn_draw_add_nodes(&d, node);
	for (igraph_integer_t i = 0; i < view->n; i++)
		if (!node[i])
			goto oom;
	rn_draw_add_ties(&d, node);
	if (o->referrals && rn_draw_add_referrals(&d, node) != RN_OK)
		goto oom;
	if (d.sb.oom || d.tmp.oom || agnedges(d.g) < d.nedges)
		goto oom;

	out->layout = d.layout;
	out->nodes = view->n;
	out->edges = d.nedges;
	out->labelled = d.nnamed;
	if (o->format == RN_RENDER_DOT)
		st = rn_draw_write_dot(&d, out);
	else
		st = rn_draw_layout_and_render(r, &d, out);
	goto done;

oom:
	rn_draw_set_err(&d, "out of memory");
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

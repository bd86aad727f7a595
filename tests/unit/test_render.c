/*
 * Unit tests for diagrams (src/render): escaping of input text for
 * Graphviz, format and engine names, the views (focus, top, community,
 * highlighted paths), and drawings of the sample network and of a network
 * of hostile names, read back with cgraph (DOT) and libxml2 (SVG) to check
 * that every name comes out as the same text.
 *
 * One Graphviz context serves the whole test program, as in the tool.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <gvc.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "refnet/date.h"
#include "refnet/network.h"
#include "refnet/render.h"
#include "render/render_int.h"
#include "testutil.h"

static struct rn_renderer *R;

/* ---- helpers ------------------------------------------------------------- */

/* Every view and drawing here needs the graph (communities) and the adjacency. */
#define LOAD (TU_GRAPH | TU_ADJACENCY)

/*
 * What the tool computes in src/analysis before drawing (render.h: the
 * drawing only presents it): every test's facts are kept until the group
 * ends, since a view borrows the communities.
 */
struct facts {
	struct rn_activity act;
	struct rn_communities comm;
	struct rn_reciprocity recip;
	struct facts *next;
};
static struct facts *kept;

static void give_facts(const struct rn_network *net, struct rn_render_options *o)
{
	char err[256] = "";
	struct rn_reciprocity_options ro;
	struct facts *f = calloc(1, sizeof(*f));
	assert_non_null(f);
	f->next = kept;
	kept = f;
	rn_reciprocity_options_default(&ro);
	assert_int_equal(rn_activity_compute(net, o->as_of, &f->act), RN_OK);
	if (rn_communities_find(net, RN_COMMUNITY_LEIDEN, o->seed, &f->comm, err, sizeof(err)) != RN_OK)
		fail_msg("communities: %s", err);
	assert_int_equal(rn_reciprocity_compute(net, &ro, o->as_of, &f->recip), RN_OK);
	o->activity = &f->act;
	o->communities = &f->comm;
	o->reciprocity = &f->recip;
}

static void release_facts(void)
{
	while (kept) {
		struct facts *f = kept;
		kept = f->next;
		rn_activity_release(&f->act);
		rn_communities_release(&f->comm);
		rn_reciprocity_release(&f->recip);
		free(f);
	}
}

/* rn_render_view_build() with the facts of net. */
static enum rn_status view_build(const struct rn_network *net, const struct rn_render_options *o,
                                 struct rn_render_view *view, char *err, size_t errlen)
{
	struct rn_render_options with = *o;
	give_facts(net, &with);
	return rn_render_view_build(net, &with, view, err, errlen);
}

static struct rn_render_options sample_options(void)
{
	struct rn_render_options o;
	rn_render_options_default(&o);
	o.as_of = rn_date_from_ymd(2026, 11, 1);
	o.seed = 1;
	return o;
}

/* Build the view and draw it; the result is checked and returned. */
static void draw(const struct rn_network *net, const struct rn_render_options *o,
                 struct rn_render_view *view, struct rn_render_result *res)
{
	char err[512] = "";
	enum rn_status st = view_build(net, o, view, err, sizeof(err));
	if (st != RN_OK)
		fail_msg("view: %s", err);
	struct rn_render_options with = *o;
	give_facts(net, &with);
	st = rn_render_draw(R, net, view, &with, res, err, sizeof(err));
	if (st != RN_OK)
		fail_msg("draw: %s", err);
	assert_non_null(res->data);
	assert_true(res->len > 0);
}

static char *escaped(const char *s, enum rn_gv_text kind, size_t max)
{
	static char buf[1024];
	struct rn_sb b;
	rn_sb_init(&b);
	rn_gv_escape(&b, s, kind, max);
	snprintf(buf, sizeof(buf), "%s", rn_sb_str(&b));
	rn_sb_release(&b);
	return buf;
}

/* ---- escaping ------------------------------------------------------------ */

static void escape_label(void **state)
{
	assert_string_equal(escaped("Dana Wu", RN_GV_LABEL, 0), "Dana Wu");
	assert_string_equal(escaped("\\N", RN_GV_LABEL, 0), "\\\\N");
	assert_string_equal(escaped("ends \\", RN_GV_LABEL, 0), "ends \\\\");
	assert_string_equal(escaped("&amp; & x", RN_GV_LABEL, 0), "&amp;amp; &amp; x");
	assert_string_equal(escaped("a\nb\r\nc\rd", RN_GV_LABEL, 0), "a\\nb\\nc\\nd");
	assert_string_equal(escaped("a\tb", RN_GV_LABEL, 0), "a b");
	assert_string_equal(escaped("<b>\"x\"</b>", RN_GV_LABEL, 0), "<b>\"x\"</b>");
	assert_string_equal(escaped("x\xef\xbf\xbey\xef\xbf\xbf", RN_GV_LABEL, 0),
	                    "x\xef\xbf\xbdy\xef\xbf\xbd");
	assert_string_equal(escaped("Zo\xc3\xab \xf0\x9f\x8e\x89", RN_GV_LABEL, 0),
	                    "Zo\xc3\xab \xf0\x9f\x8e\x89");
}

static void escape_tooltip(void **state)
{
	/* Graphviz expands tooltip backslashes twice. */
	assert_string_equal(escaped("\\N", RN_GV_TOOLTIP, 0), "\\\\\\\\N");
	assert_string_equal(escaped("a\nb", RN_GV_TOOLTIP, 0), "a\\nb");
	assert_string_equal(escaped("&", RN_GV_TOOLTIP, 0), "&amp;");
}

static void escape_cut(void **state)
{
	/* Characters, not bytes: five characters fit, the sixth is cut. */
	assert_string_equal(escaped("Zo\xc3\xab\xc3\xab\xc3\xab", RN_GV_LABEL, 5),
	                    "Zo\xc3\xab\xc3\xab\xc3\xab");
	assert_string_equal(escaped("Zo\xc3\xab\xc3\xab\xc3\xab!", RN_GV_LABEL, 5),
	                    "Zo\xc3\xab\xc3\xab\xe2\x80\xa6");
	assert_string_equal(escaped("abc", RN_GV_LABEL, 3), "abc");
	assert_string_equal(escaped("abcd", RN_GV_LABEL, 3), "ab\xe2\x80\xa6");
	assert_string_equal(escaped("\\\\\\\\", RN_GV_LABEL, 3), "\\\\\\\\\xe2\x80\xa6");
}

/* ---- names --------------------------------------------------------------- */

static void names(void **state)
{
	enum rn_render_format f;
	enum rn_render_layout l;

	assert_int_equal(rn_render_format_parse("svg", &f), 0);
	assert_int_equal(f, RN_RENDER_SVG);
	assert_int_equal(rn_render_format_parse("gv", &f), 0);
	assert_int_equal(f, RN_RENDER_DOT);
	assert_int_equal(rn_render_format_parse("jpeg", &f), -1);
	assert_int_equal(rn_render_format_from_path("out/net.PNG", &f), 0);
	assert_int_equal(f, RN_RENDER_PNG);
	assert_int_equal(rn_render_format_from_path("a.b/net.pdf", &f), 0);
	assert_int_equal(f, RN_RENDER_PDF);
	assert_int_equal(rn_render_format_from_path("a.svg/net", &f), -1);
	assert_int_equal(rn_render_format_from_path("net.txt", &f), -1);
	assert_int_equal(rn_render_layout_parse("sfdp", &l), 0);
	assert_int_equal(l, RN_LAYOUT_SFDP);
	assert_int_equal(rn_render_layout_parse("twopi", &l), -1);
	assert_string_equal(rn_render_layout_name(RN_LAYOUT_FR), "fr");
	assert_int_equal(rn_render_auto_layout(61), RN_LAYOUT_NEATO);
	assert_int_equal(rn_render_auto_layout(500), RN_LAYOUT_SFDP);
	assert_int_equal(rn_render_auto_layout(5000), RN_LAYOUT_FR);
}

/* ---- views of the sample ------------------------------------------------- */

static void view_whole_and_focus(void **state)
{
	struct rn_network net;
	struct rn_render_view view;
	struct rn_render_options o = sample_options();
	char err[256];

	tu_load_sample(&net, LOAD);
	assert_int_equal(view_build(&net, &o, &view, err, sizeof(err)), RN_OK);
	assert_int_equal(view.n, 61);
	assert_null(view.community);
	assert_int_equal(view.degree[tu_id(&net, "fiona-byrne")], 22);
	assert_int_equal(view.degree[tu_id(&net, "ryan-kelly")], 0);
	rn_render_view_release(&view);

	/* kevin-doyle and his 11 ties. */
	o.focus = tu_id(&net, "kevin-doyle");
	assert_int_equal(view_build(&net, &o, &view, err, sizeof(err)), RN_OK);
	assert_int_equal(view.n, 12);
	assert_true(view.index[tu_id(&net, "ben-hartley")] >= 0);
	assert_int_equal(view.index[tu_id(&net, "dana-wu")], -1);
	for (igraph_integer_t i = 1; i < view.n; i++)
		assert_true(view.vertex[i - 1] < view.vertex[i]);
	rn_render_view_release(&view);

	/* Two hops from an isolated contact: only itself. */
	o.focus = tu_id(&net, "ryan-kelly");
	o.hops = 2;
	assert_int_equal(view_build(&net, &o, &view, err, sizeof(err)), RN_OK);
	assert_int_equal(view.n, 1);
	rn_render_view_release(&view);
	rn_network_release(&net);
}

static void view_top_and_community(void **state)
{
	struct rn_network net;
	struct rn_render_view view;
	struct rn_render_options o = sample_options();
	char err[256];

	tu_load_sample(&net, LOAD);
	o.top = 3;
	assert_int_equal(view_build(&net, &o, &view, err, sizeof(err)), RN_OK);
	assert_int_equal(view.n, 3);
	assert_true(view.index[tu_id(&net, "fiona-byrne")] >= 0);
	assert_true(view.index[tu_id(&net, "priya-nair")] >= 0);
	rn_render_view_release(&view);

	/* The focus stays in a top-N view. */
	o.focus = tu_id(&net, "zack-morgan");
	o.hops = 3;
	assert_int_equal(view_build(&net, &o, &view, err, sizeof(err)), RN_OK);
	assert_int_equal(view.n, 3);
	assert_true(view.index[tu_id(&net, "zack-morgan")] >= 0);
	rn_render_view_release(&view);

	o = sample_options();
	o.community = 1;
	assert_int_equal(view_build(&net, &o, &view, err, sizeof(err)), RN_OK);
	assert_non_null(view.community);
	assert_true(view.ncommunities >= 4);   /* three isolated contacts at least */
	assert_int_equal(view.n, view.community_size[1]);
	for (igraph_integer_t c = 2; c <= view.ncommunities; c++)
		assert_true(view.community_size[c - 1] >= view.community_size[c]);
	assert_true(view.modularity > 0.2);
	igraph_integer_t k = view.ncommunities;
	rn_render_view_release(&view);

	o.community = k + 1;
	assert_int_equal(view_build(&net, &o, &view, err, sizeof(err)), RN_E_USAGE);
	assert_non_null(strstr(err, "there is no community"));
	rn_network_release(&net);
}

/* The same seed gives the same communities. */
static void view_communities_seeded(void **state)
{
	struct rn_network net;
	struct rn_render_view a, b;
	struct rn_render_options o = sample_options();
	char err[256];

	tu_load_sample(&net, LOAD);
	o.color_by = RN_COLOR_COMMUNITY;
	o.seed = 42;
	assert_int_equal(view_build(&net, &o, &a, err, sizeof(err)), RN_OK);
	assert_int_equal(view_build(&net, &o, &b, err, sizeof(err)), RN_OK);
	assert_int_equal(a.ncommunities, b.ncommunities);
	assert_memory_equal(a.community, b.community, (size_t) net.ncontacts * sizeof(*a.community));
	rn_render_view_release(&a);
	rn_render_view_release(&b);
	rn_network_release(&net);
}

/* ---- highlighted paths --------------------------------------------------- */

static const char *attr(void *obj, const char *name)
{
	char *v = agget(obj, (char *) name);
	return v ? v : "";
}

static Agnode_t *node_of(Agraph_t *g, const struct rn_network *net, const char *cid)
{
	char name[32];
	snprintf(name, sizeof(name), "v%lld", (long long) rn_network_find(net, cid));
	Agnode_t *n = agnode(g, name, 0);
	if (!n)
		fail_msg("node for '%s' not drawn", cid);
	return n;
}

static void highlight_path(void **state)
{
	struct rn_network net;
	struct rn_render_view view;
	struct rn_render_result res;
	struct rn_render_options o = sample_options();

	tu_load_sample(&net, LOAD);
	/* walt-pruitt > fiona-byrne > linda-cho > quinn-harper, drawn in the
	 * focus view of walt-pruitt, which does not hold linda-cho or quinn-harper. */
	igraph_integer_t p[] = { tu_id(&net, "walt-pruitt"), tu_id(&net, "fiona-byrne"),
	                         tu_id(&net, "linda-cho"), tu_id(&net, "quinn-harper") };
	struct rn_render_path path = { p, 4, 0.25 };
	o.focus = p[0];
	o.highlight = &path;
	o.nhighlight = 1;
	o.format = RN_RENDER_DOT;
	draw(&net, &o, &view, &res);
	assert_true(view.index[tu_id(&net, "quinn-harper")] >= 0);

	Agraph_t *g = agmemread(res.data);
	assert_non_null(g);
	assert_non_null(strstr(attr(g, "label"), "routes, best first"));
	/* The route is the best (rank 1): blue, its rank on every hop and its
	 * score on the last; the asker and the provider have a double border. */
	for (size_t i = 0; i < 4; i++) {
		char cid[64];
		snprintf(cid, sizeof(cid), "%s", net.id[p[i]]);
		Agnode_t *n = node_of(g, &net, cid);
		assert_string_equal(attr(n, "color"), "#000000");
		assert_string_equal(attr(n, "penwidth"), "3.5");
		if (i > 0) {
			Agedge_t *e = agedge(g, node_of(g, &net, net.id[p[i - 1]]), n, NULL, 0);
			assert_non_null(e);
			assert_string_equal(attr(e, "color"), "#0072B2");
			assert_true(strtod(attr(e, "penwidth"), NULL) >= 7.0);
			assert_string_equal(attr(e, "label"), i == 3 ? "1: 0.250" : "1");
		}
		assert_string_equal(attr(n, "peripheries"), i == 0 || i == 3 ? "2" : "1");
	}
	/* Everyone else is faded: fill colours get an alpha channel. */
	Agnode_t *other = node_of(g, &net, "sam-reyes");
	assert_int_equal(strlen(attr(other, "fillcolor")), 9);
	Agedge_t *e = agedge(g, other, node_of(g, &net, "walt-pruitt"), NULL, 0);
	assert_non_null(e);
	assert_int_equal(strlen(attr(e, "color")), 9);
	agclose(g);
	rn_render_result_release(&res);
	rn_render_view_release(&view);

	/* The same in SVG. */
	o.format = RN_RENDER_SVG;
	draw(&net, &o, &view, &res);
	assert_non_null(strstr(res.data, "routes, best first"));
	rn_render_result_release(&res);
	rn_render_view_release(&view);

	/* A path between contacts with no tie is refused. */
	igraph_integer_t bad[] = { tu_id(&net, "walt-pruitt"), tu_id(&net, "quinn-harper") };
	struct rn_render_path badpath = { bad, 2, 0 };
	char err[256] = "";
	o.highlight = &badpath;
	assert_int_equal(view_build(&net, &o, &view, err, sizeof(err)), RN_E_USAGE);
	assert_string_equal(err, "highlighted path 1: 'walt-pruitt' and 'quinn-harper' have no tie");
	rn_network_release(&net);
}

/* ---- drawings of the sample ---------------------------------------------- */

static void formats_and_engines(void **state)
{
	struct rn_network net;
	struct rn_render_view view;
	struct rn_render_result res;
	struct rn_render_options o = sample_options();

	tu_load_sample(&net, LOAD);
	o.format = RN_RENDER_PNG;
	draw(&net, &o, &view, &res);
	assert_memory_equal(res.data, "\x89PNG", 4);
	rn_render_result_release(&res);
	rn_render_view_release(&view);

	o.format = RN_RENDER_PDF;
	draw(&net, &o, &view, &res);
	assert_memory_equal(res.data, "%PDF", 4);
	rn_render_result_release(&res);
	rn_render_view_release(&view);

	static const enum rn_render_layout engines[] = {
		RN_LAYOUT_DOT, RN_LAYOUT_NEATO, RN_LAYOUT_FDP, RN_LAYOUT_SFDP, RN_LAYOUT_CIRCO,
		RN_LAYOUT_FR
	};
	o.format = RN_RENDER_SVG;
	o.referrals = 1;
	for (size_t i = 0; i < sizeof(engines) / sizeof(engines[0]); i++) {
		o.layout = engines[i];
		draw(&net, &o, &view, &res);
		assert_int_equal(res.layout, engines[i]);
		xmlDocPtr doc = xmlReadMemory(res.data, (int) res.len, "x.svg", NULL, XML_PARSE_NONET);
		if (!doc)
			fail_msg("%s: SVG is not well-formed", rn_render_layout_name(engines[i]));
		xmlFreeDoc(doc);
		assert_non_null(strstr(res.data, ">Fiona Byrne</text>"));
		rn_render_result_release(&res);
		rn_render_view_release(&view);
	}
	rn_network_release(&net);
}

static void dot_is_deterministic(void **state)
{
	struct rn_network net;
	struct rn_render_view view;
	struct rn_render_result a, b;
	struct rn_render_options o = sample_options();

	tu_load_sample(&net, LOAD);
	o.format = RN_RENDER_DOT;
	o.layout = RN_LAYOUT_FR;        /* positions from igraph, seeded */
	o.color_by = RN_COLOR_COMMUNITY;
	o.referrals = 1;
	draw(&net, &o, &view, &a);
	rn_render_view_release(&view);
	draw(&net, &o, &view, &b);
	rn_render_view_release(&view);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.data, b.data, a.len);
	assert_non_null(strstr(a.data, "layout=nop"));
	assert_non_null(strstr(a.data, "pos=\""));
	rn_render_result_release(&a);
	rn_render_result_release(&b);
	rn_network_release(&net);
}

/* ---- hostile names ------------------------------------------------------- */

struct hostile {
	const char *id, *csv_name;   /* the id, and the name as a CSV field */
	const char *shown;           /* the label's text lines, joined by '\n' */
	const char *name;            /* the name itself (first tooltip line) */
};

static const struct hostile hostile[] = {
	{ "h1", "<script>alert(1)</script>", "<script>alert(1)</script>",
	  "<script>alert(1)</script>" },
	{ "h2", "\"\"\"; rankdir=LR\"", "\"; rankdir=LR", "\"; rankdir=LR" },
	{ "h3", "\\N", "\\N", "\\N" },
	{ "h4", "&amp;", "&amp;", "&amp;" },
	{ "h5", "Zo\xc3\xab \xf0\x9f\x8e\x89 party", "Zo\xc3\xab \xf0\x9f\x8e\x89 party",
	  "Zo\xc3\xab \xf0\x9f\x8e\x89 party" },
	{ "h6", "\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d \xd7\xa2\xd7\x95\xd7\x9c\xd7\x9d",
	  "\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d \xd7\xa2\xd7\x95\xd7\x9c\xd7\x9d",
	  "\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d \xd7\xa2\xd7\x95\xd7\x9c\xd7\x9d" },
	{ "h7", "ends with \\", "ends with \\", "ends with \\" },
	{ "h8", "]]> --> <!-- x", "]]> --> <!-- x", "]]> --> <!-- x" },
	{ "h9", "javascript:alert(1)", "javascript:alert(1)", "javascript:alert(1)" },
	{ "h10", "\"Line one\nLine two\"", "Line one\nLine two", "Line one\nLine two" },
	{ "h11", "\\G \\L \\E \\T \\H \\l \\r \\\\", "\\G \\L \\E \\T \\H \\l \\r \\\\",
	  "\\G \\L \\E \\T \\H \\l \\r \\\\" },
	{ "h12", "odd \xef\xbf\xbd char", "odd \xef\xbf\xbd char", "odd \xef\xbf\xbd char" },
	{ "h13", "%s %n &#65; &lt;", "%s %n &#65; &lt;", "%s %n &#65; &lt;" },
	{ "h14", "\"A name that goes on and on, well past forty characters\"",
	  "A name that goes on and on, well past f\xe2\x80\xa6",
	  "A name that goes on and on, well past forty characters" },
};

static void write_hostile(const char *dir)
{
	char buf[8192];
	size_t n = 0;
	n += (size_t) snprintf(buf + n, sizeof(buf) - n, "id,name,stage,offers,needs\n");
	for (size_t i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++)
		n += (size_t) snprintf(buf + n, sizeof(buf) - n, "%s,%s,%s,%s,%s\n", hostile[i].id,
		                       hostile[i].csv_name, i == 5 ? "<b>vip</b>" : "partner",
		                       i == 0 ? "<i>tag</i>; a & b" : "", i == 1 ? "\\N" : "");
	tu_put(dir, "contacts.csv", buf);
	n = (size_t) snprintf(buf, sizeof(buf), "a,b,strength,last_contact\n");
	for (size_t i = 1; i < sizeof(hostile) / sizeof(hostile[0]); i++)
		n += (size_t) snprintf(buf + n, sizeof(buf) - n, "h1,%s,0.%zu,2026-0%zu-01\n",
		                       hostile[i].id, i % 9 + 1, i % 9 + 1);
	tu_put(dir, "ties.csv", buf);
}

static const struct hostile *hostile_by_node(const struct rn_network *net, const char *title)
{
	char name[32];
	for (size_t i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
		snprintf(name, sizeof(name), "v%lld", (long long) rn_network_find(net, hostile[i].id));
		if (strcmp(name, title) == 0)
			return &hostile[i];
	}
	return NULL;
}

static xmlNodePtr child(xmlNodePtr n, const char *name)
{
	for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && strcmp((const char *) c->name, name) == 0)
			return c;
	return NULL;
}

/* Collect the text lines of every <text> below n, joined by '\n'. */
static void texts(xmlNodePtr n, char *out, size_t len)
{
	for (xmlNodePtr c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp((const char *) c->name, "text") == 0) {
			xmlChar *t = xmlNodeGetContent(c);
			size_t k = strlen(out);
			snprintf(out + k, len - k, "%s%s", k ? "\n" : "", (const char *) t);
			xmlFree(t);
		} else {
			texts(c, out, len);
		}
	}
}

static void check_svg_nodes(const struct rn_network *net, xmlNodePtr n, int *seen)
{
	for (xmlNodePtr c = n; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		xmlChar *cls = xmlGetProp(c, (const xmlChar *) "class");
		int is_node = cls && strcmp((const char *) cls, "node") == 0;
		xmlFree(cls);
		if (!is_node) {
			check_svg_nodes(net, c->children, seen);
			continue;
		}
		xmlChar *title = xmlNodeGetContent(child(c, "title"));
		const struct hostile *h = hostile_by_node(net, (const char *) title);
		if (!h)
			fail_msg("unexpected node '%s'", (const char *) title);
		xmlFree(title);

		char shown[1024] = "";
		texts(c, shown, sizeof(shown));
		if (strcmp(shown, h->shown) != 0)
			fail_msg("%s: label '%s', expected '%s'", h->id, shown, h->shown);

		xmlNodePtr a = child(child(c, "g"), "a");
		assert_non_null(a);
		xmlChar *tip = xmlGetNsProp(a, (const xmlChar *) "title",
		                            (const xmlChar *) "http://www.w3.org/1999/xlink");
		assert_non_null(tip);
		char want[1024];
		snprintf(want, sizeof(want), "%s\nid: %s\n", h->name, h->id);
		if (strncmp((const char *) tip, want, strlen(want)) != 0)
			fail_msg("%s: tooltip '%s', expected it to start with '%s'", h->id,
			         (const char *) tip, want);
		if (strcmp(h->id, "h6") == 0)
			assert_non_null(strstr((const char *) tip, "\nstage: <b>vip</b>\n"));
		if (strcmp(h->id, "h1") == 0)
			assert_non_null(strstr((const char *) tip, "\noffers: <i>tag</i>; a & b\n"));
		if (strcmp(h->id, "h2") == 0)
			assert_non_null(strstr((const char *) tip, "\nneeds: \\N\n"));
		xmlFree(tip);
		(*seen)++;
	}
}

static void hostile_names(void **state)
{
	char dir[TU_DIR_MAX];
	struct rn_network net;
	struct rn_render_view view;
	struct rn_render_result res;
	struct rn_render_options o = sample_options();
	size_t nh = sizeof(hostile) / sizeof(hostile[0]);

	assert_int_equal(tu_mkdtemp(dir, "render"), 0);
	write_hostile(dir);
	tu_load(&net, dir, LOAD);
	assert_int_equal(net.ncontacts, (igraph_integer_t) nh);

	/* SVG: the same text in labels and tooltips, no link anywhere. */
	o.referrals = 1;
	draw(&net, &o, &view, &res);
	assert_null(strstr(res.data, "href"));
	assert_null(strstr(res.data, "javascript:alert(1)\""));
	xmlDocPtr doc = xmlReadMemory(res.data, (int) res.len, "x.svg", NULL, XML_PARSE_NONET);
	if (!doc)
		fail_msg("the SVG is not well-formed");
	int seen = 0;
	check_svg_nodes(&net, xmlDocGetRootElement(doc), &seen);
	assert_int_equal(seen, (int) nh);
	xmlFreeDoc(doc);
	rn_render_result_release(&res);
	rn_render_view_release(&view);

	/* DOT: cgraph reads it back with the same nodes and labels. */
	o.format = RN_RENDER_DOT;
	draw(&net, &o, &view, &res);
	Agraph_t *g = agmemread(res.data);
	assert_non_null(g);
	assert_int_equal(agnnodes(g), (int) nh);
	assert_int_equal(agnedges(g), (int) nh - 1);
	for (size_t i = 0; i < nh; i++) {
		Agnode_t *n = node_of(g, &net, hostile[i].id);
		struct rn_sb b;
		rn_sb_init(&b);
		rn_gv_escape(&b, net.name[rn_network_find(&net, hostile[i].id)], RN_GV_LABEL, 40);
		assert_string_equal(attr(n, "label"), rn_sb_str(&b));
		rn_sb_release(&b);
	}
	assert_string_equal(attr(g, "rankdir"), "");
	agclose(g);
	rn_render_result_release(&res);
	rn_render_view_release(&view);
	rn_network_release(&net);
	tu_rmtree(dir);
}

/*
 * A drawing while another thread of this process holds memory, as the
 * report draws beside its other work: the layout runs in a forked child,
 * where that thread does not exist.  Under valgrind (the memcheck pass of
 * the tests) the child must not take the thread's block for a leak and
 * fail the drawing with valgrind's exit code.
 */
struct holder {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int held, done;
};

static void *hold_memory(void *arg)
{
	struct holder *h = arg;
	char *volatile block = malloc(64);
	pthread_mutex_lock(&h->mu);
	h->held = 1;
	pthread_cond_broadcast(&h->cv);
	while (!h->done)
		pthread_cond_wait(&h->cv, &h->mu);
	pthread_mutex_unlock(&h->mu);
	free(block);
	return NULL;
}

static void draw_beside_a_thread(void **state)
{
	struct rn_network net;
	struct rn_render_view view;
	struct rn_render_result res;
	struct rn_render_options o = sample_options();
	struct holder h = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0 };
	pthread_t t;

	tu_load_sample(&net, LOAD);
	o.format = RN_RENDER_SVG;
	assert_int_equal(pthread_create(&t, NULL, hold_memory, &h), 0);
	pthread_mutex_lock(&h.mu);
	while (!h.held)
		pthread_cond_wait(&h.cv, &h.mu);
	pthread_mutex_unlock(&h.mu);
	draw(&net, &o, &view, &res);
	pthread_mutex_lock(&h.mu);
	h.done = 1;
	pthread_cond_broadcast(&h.cv);
	pthread_mutex_unlock(&h.mu);
	pthread_join(t, NULL);
	assert_non_null(strstr(res.data, ">Fiona Byrne</text>"));
	rn_render_result_release(&res);
	rn_render_view_release(&view);
	rn_network_release(&net);
}

/* An empty network still draws (just the legend). */
static void empty_network(void **state)
{
	char dir[TU_DIR_MAX];
	struct rn_network net;
	struct rn_render_view view;
	struct rn_render_result res;
	struct rn_render_options o = sample_options();

	assert_int_equal(tu_mkdtemp(dir, "render"), 0);
	tu_put(dir, "contacts.csv", "id,name\n");
	tu_load(&net, dir, LOAD);
	draw(&net, &o, &view, &res);
	assert_non_null(strstr(res.data, "0 contacts, 0 ties"));
	rn_render_result_release(&res);
	rn_render_view_release(&view);
	o.layout = RN_LAYOUT_FR;
	draw(&net, &o, &view, &res);
	rn_render_result_release(&res);
	rn_render_view_release(&view);
	rn_network_release(&net);
	tu_rmtree(dir);
}

static int group_setup(void **state)
{
	rn_igraph_setup();
	return rn_renderer_new(&R) == RN_OK ? 0 : -1;
}

static int group_teardown(void **state)
{
	rn_renderer_free(R);
	release_facts();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(escape_label),
		cmocka_unit_test(escape_tooltip),
		cmocka_unit_test(escape_cut),
		cmocka_unit_test(names),
		cmocka_unit_test(view_whole_and_focus),
		cmocka_unit_test(view_top_and_community),
		cmocka_unit_test(view_communities_seeded),
		cmocka_unit_test(highlight_path),
		cmocka_unit_test(formats_and_engines),
		cmocka_unit_test(dot_is_deterministic),
		cmocka_unit_test(hostile_names),
		cmocka_unit_test(draw_beside_a_thread),
		cmocka_unit_test(empty_network),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}

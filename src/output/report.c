/*
 * The meeting report (include/refnet/report.h): sections of ranked lists
 * written as HTML tables, then the diagram, in one file with its own
 * stylesheet and script.  This file decides what a person reads -- names
 * rather than ids (the id is the tooltip), one line per action, the
 * evidence beside it -- and leaves every computation to the analysis
 * modules, except the plain listing of the window's log rows.
 *
 * This file writes the page around the sections: the head with the
 * stylesheet, the navigation, the diagram, the footer with the script.
 * The sections are in report_network.c, report_member.c and
 * report_followups.c (see report_internal.h).
 */
#include "refnet/report.h"

#include <string.h>

#include "report_assets.h"
#include "report_internal.h"

const char *rn_report_csp(void)
{
	static char csp[256];
	if (!csp[0])
		snprintf(csp, sizeof(csp), "default-src 'none'; style-src 'sha256-%s'; "
		         "script-src 'sha256-%s'; base-uri 'none'; form-action 'none'",
		         rn_report_css_sha256, rn_report_js_sha256);
	return csp;
}

/* ---- the diagram ---------------------------------------------------------- */

/* Graphviz's SVG without its XML prologue, comments and <title> elements
 * (their text is the internal node names; the details are in the tooltips). */
static void inline_svg(FILE *fp, const char *s, size_t n)
{
	const char *end = s + n;
	const char *p = s;
	while (p + 4 <= end && memcmp(p, "<svg", 4) != 0)
		p++;
	const char *run = p;
	while (p < end) {
		const char *lt = memchr(p, '<', (size_t) (end - p));
		if (!lt)
			break;
		const char *close = NULL;
		if (end - lt >= 4 && memcmp(lt, "<!--", 4) == 0) {
			for (const char *q = lt + 4; q + 3 <= end; q++)
				if (memcmp(q, "-->", 3) == 0) {
					close = q + 3;
					break;
				}
		} else if (end - lt >= 7 && memcmp(lt, "<title>", 7) == 0) {
			for (const char *q = lt + 7; q + 8 <= end; q++)
				if (memcmp(q, "</title>", 8) == 0) {
					close = q + 8;
					break;
				}
		}
		if (!close) {
			p = lt + 1;
			continue;
		}
		fwrite(run, 1, (size_t) (lt - run), fp);
		while (close < end && *close == '\n')
			close++;
		run = p = close;
	}
	fwrite(run, 1, (size_t) (end - run), fp);
}

static void diagram_section(const struct w *w)
{
	const struct rn_report *r = w->r;
	FILE *fp = w->fp;
	if (!r->svg)
		return;
	fputs("<section id=\"diagram\">\n<h2>The network</h2>\n<p class=\"note\">", fp);
	rn_html_text(fp, r->diagram_note);
	fputs(" Drag to move, scroll or use the buttons to zoom; point at a person or a tie "
	      "for details.</p>\n<div class=\"diagram\">\n", fp);
	inline_svg(fp, r->svg, r->svg_len);
	fputs("</div>\n</section>\n", fp);
}

/* ---- the page ------------------------------------------------------------ */

static void head(const struct w *w)
{
	const struct rn_report *r = w->r;
	FILE *fp = w->fp;
	char asof[11];
	date_text(asof, r->as_of);
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta http-equiv=\"Content-Security-Policy\" content=\"", fp);
	rn_html_attr(fp, rn_report_csp());
	fputs("\">\n<meta name=\"referrer\" content=\"no-referrer\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      "<meta name=\"generator\" content=\"refnet ", fp);
	rn_html_attr(fp, r->version);
	fputs("\">\n<title>", fp);
	if (r->who >= 0) {
		rn_html_text(fp, w->net->name[r->who]);
		fputs(" \xe2\x80\x94 ", fp);
	}
	rn_html_text(fp, r->title);
	fprintf(fp, " \xe2\x80\x94 %s</title>\n<style>", asof);
	fputs(rn_report_css, fp);
	fputs("</style>\n</head>\n<body>\n<header>\n<h1>", fp);
	if (r->who >= 0) {
		person(w, r->who);
		fputs("</h1>\n<p class=\"lead\">Member page in ", fp);
		rn_html_text(fp, r->title);
	} else {
		rn_html_text(fp, r->title);
		fputs("</h1>\n<p class=\"lead\">Referral network report", fp);
	}
	fprintf(fp, ", as of %s; the window is ", asof);
	html_date(fp, r->since);
	fprintf(fp, " to %s. %lld contacts, %lld ties, %lld log rows.</p>\n</header>\n",
	        asof, (long long) w->net->ncontacts, (long long) w->net->nties,
	        (long long) w->net->nevents);
}

static void nav(const struct w *w)
{
	FILE *fp = w->fp;
	fputs("<nav aria-label=\"Sections\"><ol>", fp);
	if (w->r->who >= 0)
		fputs("<li><a href=\"#scorecard\">Scorecard</a></li>"
		      "<li><a href=\"#routes\">Warmest routes to each need</a></li>"
		      "<li><a href=\"#followups\">Follow-ups</a></li>", fp);
	else {
		fputs("<li><a href=\"#window\">Since the last meeting</a></li>"
		      "<li><a href=\"#quiet\">Gave nothing</a></li>"
		      "<li><a href=\"#put-together\">Whom to put together</a></li>"
		      "<li><a href=\"#partnerships\">One-way and strained</a></li>"
		      "<li><a href=\"#followups\">Follow-ups</a></li>", fp);
		if (w->r->stats)
			fputs("<li><a href=\"#connectors\">Connectors and circles</a></li>", fp);
	}
	if (w->r->svg)
		fputs("<li><a href=\"#diagram\">The network</a></li>", fp);
	fputs("</ol></nav>\n<main>\n", fp);
}

int rn_report_write(FILE *fp, const struct rn_report *r)
{
	struct w w = { fp, r, r->net };
	head(&w);
	nav(&w);
	if (r->who >= 0) {
		if (rn_report_scorecard_section(&w) < 0 || rn_report_routes_section(&w) < 0 ||
		    rn_report_followups_section(&w) < 0)
			return -1;
	} else {
		if (rn_report_window_section(&w) < 0 || rn_report_quiet_section(&w) < 0 ||
		    rn_report_matches_section(&w) < 0 || rn_report_partnerships_section(&w) < 0 ||
		    rn_report_followups_section(&w) < 0 || rn_report_stats_section(&w) < 0)
			return -1;
	}
	diagram_section(&w);
	char asof[11];
	date_text(asof, r->as_of);
	fputs("</main>\n<footer><p>Made by refnet ", fp);
	rn_html_text(fp, r->version);
	fprintf(fp, " as of %s. This file needs no network connection and sends nothing "
	        "anywhere.</p></footer>\n<script>", asof);
	fputs(rn_report_js, fp);
	fputs("</script>\n</body>\n</html>\n", fp);
	return ferror(fp) ? -1 : 0;
}

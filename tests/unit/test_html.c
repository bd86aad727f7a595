/*
 * Unit tests of the report's HTML writer (refnet/html.h) and of the
 * grouping of repeated follow-up actions it shows (rn_followup_group).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "testutil.h"
#include "refnet/date.h"
#include "refnet/followup.h"
#include "refnet/html.h"

/* What rn_html_text (attr 0) or rn_html_attr (1) writes for s; static buffer. */
static const char *html(const char *s, int attr)
{
	static char out[1024];
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	assert_non_null(fp);
	if (attr)
		rn_html_attr(fp, s);
	else
		rn_html_text(fp, s);
	assert_int_equal(fclose(fp), 0);
	assert_true(len < sizeof(out));
	memcpy(out, buf, len + 1);
	free(buf);
	return out;
}

static void escapes_markup(void **state)
{
	(void) state;
	assert_string_equal(html("<script>alert('x')</script>", 0),
	                    "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
	assert_string_equal(html("a & \"b\"", 1), "a &amp; &quot;b&quot;");
	assert_string_equal(html("&amp;", 0), "&amp;amp;");
	assert_string_equal(html("Zo\xc3\xab \xf0\x9f\x8e\x89", 0), "Zo\xc3\xab \xf0\x9f\x8e\x89");
	assert_string_equal(html("", 0), "");
	assert_string_equal(html(NULL, 0), "");
}

static void replaces_what_would_not_show(void **state)
{
	(void) state;
	/* Controls, DEL, C1 controls and invalid bytes become U+FFFD. */
	assert_string_equal(html("a\x01" "b\x7f" "c\xc2\x85" "d\xff" "e", 0),
	                    "a\xef\xbf\xbd" "b\xef\xbf\xbd" "c\xef\xbf\xbd" "d\xef\xbf\xbd" "e");
	/* Noncharacters, which XML parsers refuse. */
	assert_string_equal(html("x\xef\xbf\xbey\xef\xb7\x90z", 0), "x\xef\xbf\xbdy\xef\xbf\xbdz");
	/* A surrogate encoded in UTF-8 is invalid: one U+FFFD per byte. */
	assert_string_equal(html("\xed\xa0\x80", 0), "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	/* Line ends: CR LF and a lone CR are LF in text, references in attributes. */
	assert_string_equal(html("a\r\nb\rc\nd\te", 0), "a\nb\nc\nd\te");
	assert_string_equal(html("a\r\nb\rc\nd\te", 1), "a&#10;b&#10;c&#10;d&#9;e");
}

static void numbers(void **state)
{
	(void) state;
	char buf[64];
	assert_string_equal(rn_html_number(buf, sizeof(buf), 39100, 2), "39,100.00");
	assert_string_equal(rn_html_number(buf, sizeof(buf), 1234567.891, 1), "1,234,567.9");
	assert_string_equal(rn_html_number(buf, sizeof(buf), 999, 0), "999");
	assert_string_equal(rn_html_number(buf, sizeof(buf), 1000, 0), "1,000");
	assert_string_equal(rn_html_number(buf, sizeof(buf), -2500.5, 2), "-2,500.50");
	assert_string_equal(rn_html_number(buf, sizeof(buf), -0.001, 2), "0.00");
	assert_string_equal(rn_html_number(buf, sizeof(buf), NAN, 2), "");
}

/* On the sample, as of 2026-11-01: Kevin Doyle owes Ben Hartley thanks for
 * five referrals (docs/health.md), one action; one of them was lost. */
static void groups_repeated_actions(void **state)
{
	(void) state;
	struct rn_network net;
	struct rn_followups fu = { 0 };
	struct rn_followup_options o;
	struct rn_followup_group *g = NULL;
	size_t n = 0;
	int as_of;
	assert_int_equal(rn_date_parse("2026-11-01", 10, &as_of), 0);
	tu_load_sample(&net, 0);
	rn_followup_options_default(&o);
	assert_int_equal(rn_followup_compute(&net, &o, as_of, -1, &fu), RN_OK);
	assert_int_equal(rn_followup_group(&net, &fu, &g, &n), RN_OK);
	igraph_integer_t ben = tu_id(&net, "ben-hartley"), kevin = tu_id(&net, "kevin-doyle");
	size_t rows = 0, found = 0;
	for (size_t i = 0; i < n; i++) {
		const struct rn_followup *f = &fu.f[g[i].first];
		rows += g[i].n;
		if (i)
			assert_true(g[i].first > g[i - 1].first);
		/* The group's first row is its most urgent: no row of the group comes before it. */
		for (size_t k = 0; k < g[i].first; k++)
			assert_false(fu.f[k].reason == f->reason && fu.f[k].contact == f->contact &&
			             fu.f[k].with == f->with && fu.f[k].priority == f->priority);
		if (f->reason == RN_FU_UNTHANKED && f->contact == ben && f->with == kevin &&
		    f->priority == RN_FU_P_UNTHANKED) {
			found++;
			assert_int_equal(g[i].n, 5);
			assert_int_equal(g[i].oldest, 349);
			assert_int_equal(g[i].newest, 56);
			/* 39100 written, of which the lost 12100 is not value given. */
			assert_int_equal(g[i].valued, 4);
			assert_true(fabs(g[i].value - 27000.0) < 1e-6);
		}
	}
	assert_int_equal(rows, fu.n);
	assert_int_equal(found, 1);
	assert_true(n < fu.n);
	free(g);
	rn_followups_release(&fu);
	rn_network_release(&net);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(escapes_markup),
		cmocka_unit_test(replaces_what_would_not_show),
		cmocka_unit_test(numbers),
		cmocka_unit_test(groups_repeated_actions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * Unit tests for the import room (src/import/): the text helpers the
 * matching rules rest on (URL normalisation, id slugs, spreadsheet numbers
 * and dates), the sheet preparation (encoding, delimiter, header line), and
 * the network writer's rules: matching by URL, e-mail and a unique name +
 * company, name collisions kept apart, one tie per pair, the merge with an
 * existing directory and the no-op re-run; people and ties handed over in
 * batches (with keys made ahead) give what one at a time gives.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "refnet/arena.h"
#include "refnet/date.h"
#include "refnet/import.h"
#include "refnet/network.h"
#include "testutil.h"

static void norm(const char *in, const char *want)
{
	char *got = rn_import_norm_url(in);
	assert_non_null(got);
	if (strcmp(got, want) != 0)
		fail_msg("'%s' normalised to '%s', expected '%s'", in, got, want);
	free(got);
}

static void url_normalisation(void **state)
{
	(void) state;
	norm("https://www.linkedin.com/in/dana-wu/", "linkedin.com/in/dana-wu");
	norm("http://LinkedIn.com/in/Dana-Wu", "linkedin.com/in/dana-wu");
	norm("  linkedin.com/in/dana-wu?trk=abc  ", "linkedin.com/in/dana-wu");
	norm("www.linkedin.com/in/dana-wu//", "linkedin.com/in/dana-wu");
	norm("https://linkedin.com/in/x#top", "linkedin.com/in/x");
	norm("", "");
}

static void slug(const char *in, const char *want)
{
	char *got = rn_import_slug(in);
	assert_non_null(got);
	if (strcmp(got, want) != 0)
		fail_msg("'%s' made '%s', expected '%s'", in, got, want);
	free(got);
}

static void id_slugs(void **state)
{
	(void) state;
	slug("Dana Wu", "dana-wu");
	slug("  José  O'Neil ", "jose-oneil");
	slug("Marta Gómez-Ruiz", "marta-gomez-ruiz");
	slug("Anne\xe2\x80\x99s Bakery", "annes-bakery");
	slug("C++ Guild", "c-guild");
	slug("!!!", "contact");
	slug("", "contact");
	slug("Łukasz Żak", "łukasz-zak");   /* Ł has no accent to drop: it stays a letter */
}

static void number(const char *s, int comma, double want)
{
	double got = -12345;
	if (rn_import_number(s, comma, &got) != 0)
		fail_msg("'%s' was rejected", s);
	if (got != want)
		fail_msg("'%s' read as %g, expected %g", s, got, want);
}

static void bad_number(const char *s, int comma)
{
	double got;
	if (rn_import_number(s, comma, &got) == 0)
		fail_msg("'%s' was read as %g", s, got);
}

static void spreadsheet_numbers(void **state)
{
	(void) state;
	number("$9,600.00", 0, 9600);
	number("9600", 0, 9600);
	number(" 0.8 ", 0, 0.8);
	number("USD 1,250.50", 0, 1250.5);
	number("1.234,50 \xe2\x82\xac", 1, 1234.5);
	number("0,8", 1, 0.8);
	number("480,00 EUR", 1, 480);
	number("($5)", 0, -5);
	number("-3", 0, -3);
	bad_number("", 0);
	bad_number("n/a", 0);
	bad_number("1.2.3", 0);
	bad_number("5-", 0);
	bad_number("abc", 1);
}

static void date_is(const char *s, const char *fmt, const char *want)
{
	int d, w;
	if (rn_import_date(s, fmt, &d) != 0)
		fail_msg("'%s' (%s) was rejected", s, fmt ? fmt : "ISO");
	assert_int_equal(rn_date_parse(want, strlen(want), &w), 0);
	if (d != w) {
		char buf[16];
		rn_date_format(d, buf);
		fail_msg("'%s' (%s) read as %s, expected %s", s, fmt ? fmt : "ISO", buf, want);
	}
}

static void bad_date(const char *s, const char *fmt)
{
	int d;
	if (rn_import_date(s, fmt, &d) == 0)
		fail_msg("'%s' (%s) was accepted", s, fmt ? fmt : "ISO");
}

static void spreadsheet_dates(void **state)
{
	(void) state;
	date_is("3/15/2024", "M/D/Y", "2024-03-15");
	date_is("15.03.2024", "D.M.Y", "2024-03-15");
	date_is("15/03/24", "D/M/Y", "2024-03-15");
	date_is("1/2/70", "M/D/Y", "1970-01-02");
	date_is("3/15/2024 14:30", "M/D/Y", "2024-03-15");
	date_is("2024-03-15", NULL, "2024-03-15");
	date_is("2024.03.15", "Y.M.D", "2024-03-15");
	bad_date("3/15/2024", "D/M/Y");
	bad_date("2/30/2024", "M/D/Y");
	bad_date("3/15", "M/D/Y");
	bad_date("3/15/2024", NULL);
	bad_date("", "M/D/Y");
}

/* rn_sheet_prepare on a copy of text. */
static enum rn_status prepare(struct rn_sheet *s, const char *text, size_t n,
                              struct rn_diag *d)
{
	char *buf = malloc(n + 1);
	assert_non_null(buf);
	memcpy(buf, text, n);
	buf[n] = '\0';
	struct rn_sheet_options so = { 0 };
	rn_diag_init(d);
	return rn_sheet_prepare(s, buf, n, "t.csv", &so, d);
}

static void sheet_delimiter_and_header(void **state)
{
	(void) state;
	struct rn_sheet s;
	struct rn_diag d;
	static const char semi[] = "Chapter list;;\n;;\nName;Email;Phone\nA;a@x;1\nB;b@x;2\n";
	assert_int_equal(prepare(&s, semi, sizeof(semi) - 1, &d), RN_OK);
	assert_int_equal(s.delim, ';');
	assert_int_equal(s.header_line, 3);
	assert_string_equal(s.encoding, "UTF-8");
	assert_int_equal(d.nwarnings, 2);   /* the delimiter, the header line */
	rn_sheet_release(&s);
	rn_diag_release(&d);

	static const char tab[] = "id\tname\n1\tA, B\n";
	assert_int_equal(prepare(&s, tab, sizeof(tab) - 1, &d), RN_OK);
	assert_int_equal(s.delim, '\t');
	assert_int_equal(s.header_line, 1);
	rn_sheet_release(&s);
	rn_diag_release(&d);

	/* Commas inside quotes do not count. */
	static const char comma[] = "id;note\n1;\"a, b, c\"\n2;\"d, e\"\n";
	assert_int_equal(prepare(&s, comma, sizeof(comma) - 1, &d), RN_OK);
	assert_int_equal(s.delim, ';');
	rn_sheet_release(&s);
	rn_diag_release(&d);
}

static void sheet_cp1252(void **state)
{
	(void) state;
	struct rn_sheet s;
	struct rn_diag d;
	/* "Café;€5" in Windows-1252: é is 0xe9, € is 0x80. */
	static const char w[] = "name;fee\nCaf\xe9;\x80" "5\n";
	assert_int_equal(prepare(&s, w, sizeof(w) - 1, &d), RN_OK);
	assert_string_equal(s.encoding, "CP1252");
	assert_non_null(strstr(s.buf, "Caf\xc3\xa9;\xe2\x82\xac" "5"));
	assert_int_equal(d.nwarnings, 2);
	rn_sheet_release(&s);
	rn_diag_release(&d);

	/* A UTF-8 BOM is skipped, and UTF-8 stays as it is. */
	static const char u[] = "\xef\xbb\xbfname\nCaf\xc3\xa9\n";
	assert_int_equal(prepare(&s, u, sizeof(u) - 1, &d), RN_OK);
	assert_string_equal(s.encoding, "UTF-8");
	assert_int_equal(s.header_off, 3);
	assert_int_equal(d.nwarnings, 0);
	rn_sheet_release(&s);
	rn_diag_release(&d);
}

/* ---- the writer ---- */

static struct rn_import *writer(const char *dir, int dry, struct rn_diag *d)
{
	struct rn_import *im;
	struct rn_import_options o = { .dir = dir, .dry_run = dry };
	rn_diag_init(d);
	assert_int_equal(rn_import_new(&im, &o, d), RN_OK);
	return im;
}

static int64_t person(struct rn_import *im, const char *name, const char *url, const char *email,
                      const char *company)
{
	struct rn_import_person p = { .name = name, .url = url, .email = email,
	                              .company = company, .source = "t", .file = "t", .line = 1 };
	int64_t i;
	assert_int_equal(rn_import_add_person(im, &p, &i), RN_OK);
	return i;
}

static char *slurp(const char *dir, const char *name)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = calloc(1, 1 << 16);
	assert_non_null(buf);
	size_t n = fread(buf, 1, (1 << 16) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void matching_rules(void **state)
{
	(void) state;
	char dir[TU_DIR_MAX];
	struct rn_diag d;
	assert_int_equal(tu_mkdtemp(dir, "import"), 0);
	struct rn_import *im = writer(dir, 1, &d);

	int64_t a = person(im, "Dana Wu", "https://www.linkedin.com/in/dana/", "", "Wu Lending");
	/* The same URL written differently: the same person. */
	assert_int_equal(person(im, "Dana W.", "http://linkedin.com/in/Dana", "", ""), a);
	/* No URL, the same e-mail as a contact that has one: the same person. */
	int64_t b = person(im, "Priya Shah", "", "priya@x.example", "Shah Legal");
	assert_int_equal(person(im, "P. Shah", "https://linkedin.com/in/priya", "Priya@X.example", ""), b);
	/* ...and the URL learnt that way matches from now on. */
	assert_int_equal(person(im, "Priya", "linkedin.com/in/priya", "", ""), b);
	/* A unique name + company, no URL: the same person. */
	assert_int_equal(person(im, "dana  WU", "", "", "wu lending"), a);
	/* Same name, another company: kept apart, counted, ids readable. */
	int64_t c = person(im, "Dana Wu", "", "", "Other Co");
	assert_true(c != a);
	assert_string_equal(rn_import_contact_id(im, a), "dana-wu");
	assert_string_equal(rn_import_contact_id(im, c), "dana-wu-2");
	/* Same name and company but another URL: two people. */
	int64_t e = person(im, "Dana Wu", "https://linkedin.com/in/dana-other", "", "Wu Lending");
	assert_true(e != a && e != c);
	assert_string_equal(rn_import_contact_id(im, e), "dana-wu-3");
	/* Now "Dana Wu at Wu Lending" fits two contacts: a row without URL or
	 * e-mail is not imported (not merged into either, not made anew). */
	assert_int_equal(person(im, "Dana Wu", "", "", "Wu Lending"), -1);
	/* No name, no URL, no e-mail: nothing. */
	assert_int_equal(person(im, "", "", "", "Acme"), -1);

	struct rn_import_stats st;
	char err[256];
	assert_int_equal(rn_import_finish(im, &st, err, sizeof(err)), RN_OK);
	assert_int_equal(st.contacts, 4);
	assert_int_equal(st.collisions, 2);
	assert_int_equal(st.skipped, 1);
	assert_int_equal(st.by_url, 2);
	assert_int_equal(st.by_email, 1);
	assert_int_equal(st.by_name, 1);
	/* A dry run writes nothing. */
	char *c1 = slurp(dir, "contacts.csv");
	assert_null(c1);
	rn_import_free(im);
	rn_diag_release(&d);
	assert_int_equal(tu_rmtree(dir), 0);
}

static void ties_and_rerun(void **state)
{
	(void) state;
	char dir[TU_DIR_MAX], sub[TU_DIR_MAX + 8];
	struct rn_diag d;
	struct rn_import_stats st;
	char err[256];
	assert_int_equal(tu_mkdtemp(dir, "import"), 0);
	snprintf(sub, sizeof(sub), "%s/net", dir);

	for (int run = 0; run < 2; run++) {
		struct rn_import *im = writer(sub, 0, &d);
		int64_t a = person(im, "Ann", "u/ann", "", "");
		int64_t b = person(im, "Bob", "u/bob", "", "");
		int d1, d2;
		assert_int_equal(rn_date_parse("2024-01-05", 10, &d1), 0);
		assert_int_equal(rn_date_parse("2025-06-01", 10, &d2), 0);
		/* Both sides report the tie: one tie, the stronger evidence, the
		 * earlier since, the later last contact. */
		struct rn_import_tie t1 = { a, b, 0.3, d2, d2, "connected", NULL, 0 };
		struct rn_import_tie t2 = { b, a, 0.7, d1, d1, "two-way messages", NULL, 0 };
		struct rn_import_tie self = { a, a, 0.9, d1, d1, "self", NULL, 0 };
		assert_int_equal(rn_import_add_tie(im, &t1), RN_OK);
		assert_int_equal(rn_import_add_tie(im, &t2), RN_OK);
		assert_int_equal(rn_import_add_tie(im, &self), RN_OK);
		assert_int_equal(rn_import_finish(im, &st, err, sizeof(err)), RN_OK);
		assert_int_equal(st.ties, 1);
		assert_int_equal(st.ties_new, run == 0 ? 1 : 0);
		assert_int_equal(st.files_changed, run == 0 ? 2 : 0);
		rn_import_free(im);
		rn_diag_release(&d);
	}
	char *t = slurp(sub, "ties.csv");
	assert_non_null(t);
	assert_string_equal(t, "a,b,strength,since,last_contact,basis\n"
	                       "ann,bob,0.7,2024-01-05,2025-06-01,two-way messages\n");
	free(t);
	/* What was written loads. */
	struct rn_network net;
	tu_load(&net, sub, 0);
	assert_int_equal(net.ncontacts, 2);
	rn_network_release(&net);
	assert_int_equal(tu_rmtree(dir), 0);
}

/* People with overlapping URLs, e-mails, names and companies (matches,
 * collisions, ambiguous rows, hidden rows), made from i alone. */
static void mixed_person(int i, char *buf, struct rn_import_person *p)
{
	static const char *const first[] = { "Dana", "Lee", "José", "Kim" };
	static const char *const last[] = { "Wu", "Park", "O'Neil" };
	static const char *const co[] = { "", "Acme", "Wu Lending", "acme" };
	char *name = buf, *url = buf + 64, *email = buf + 128;
	snprintf(name, 64, "%s %s", first[i % 4], last[(i / 4) % 3]);
	snprintf(url, 64, i % 3 == 0 ? "https://www.linkedin.com/in/p%d/" : "", i % 37);
	snprintf(email, 64, i % 5 == 0 ? "P%d@Mail.example" : "", i % 23);
	*p = (struct rn_import_person) {
		.name = i % 41 == 7 ? "" : name, .url = url, .email = email,
		.company = co[(i / 12) % 4], .source = i < 150 ? "one" : "two", .file = "t",
		.line = i + 1
	};
}

static void batches_match_one_at_a_time(void **state)
{
	(void) state;
	enum { N = 300 };
	char dir[TU_DIR_MAX], one[TU_DIR_MAX + 8], many[TU_DIR_MAX + 8];
	static char buf[N][192];
	struct rn_import_person p[N];
	struct rn_import_keys keys[N];
	int64_t i1[N], i2[N];
	struct rn_diag d1, d2;
	struct rn_arena arena;
	char err[256];
	assert_int_equal(tu_mkdtemp(dir, "import"), 0);
	snprintf(one, sizeof(one), "%s/one", dir);
	snprintf(many, sizeof(many), "%s/many", dir);
	rn_arena_init(&arena);
	for (int i = 0; i < N; i++)
		mixed_person(i, buf[i], &p[i]);

	struct rn_import *a = writer(one, 0, &d1);
	for (int i = 0; i < N; i++)
		assert_int_equal(rn_import_add_person(a, &p[i], &i1[i]), RN_OK);
	struct rn_import *b = writer(many, 0, &d2);
	/* Every other person with keys made ahead, as a reader's thread does. */
	for (int i = 0; i < N; i += 2) {
		assert_int_equal(rn_import_make_keys(&p[i], &keys[i], &arena), 0);
		p[i].keys = &keys[i];
	}
	assert_int_equal(rn_import_add_people(b, p, N, i2), RN_OK);
	for (int i = 0; i < N; i++)
		assert_int_equal(i1[i], i2[i]);

	/* Ties between them, both ways round, some twice. */
	struct rn_import_tie t[N];
	size_t nt = 0;
	for (int i = 1; i < N; i++) {
		if (i1[i] < 0 || i1[i / 2] < 0)
			continue;
		t[nt++] = (struct rn_import_tie) { i % 2 ? i1[i] : i1[i / 2], i % 2 ? i1[i / 2] : i1[i],
		                                   0.1 * (i % 9), i, i + i % 7,
		                                   i % 3 ? "connected" : "messages", NULL, 0 };
	}
	assert_true(nt > 100);
	for (size_t i = 0; i < nt; i++)
		assert_int_equal(rn_import_add_tie(a, &t[i]), RN_OK);
	assert_int_equal(rn_import_add_ties(b, t, nt), RN_OK);

	struct rn_import_stats s1, s2;
	assert_int_equal(rn_import_finish(a, &s1, err, sizeof(err)), RN_OK);
	assert_int_equal(rn_import_finish(b, &s2, err, sizeof(err)), RN_OK);
	assert_true(s1.collisions > 0 && s1.merged > 0 && s1.skipped > 0);
	const size_t v1[] = { s1.contacts, s1.ties, s1.merged, s1.by_url, s1.by_email, s1.by_name,
	                      s1.collisions, s1.skipped };
	const size_t v2[] = { s2.contacts, s2.ties, s2.merged, s2.by_url, s2.by_email, s2.by_name,
	                      s2.collisions, s2.skipped };
	for (size_t i = 0; i < sizeof(v1) / sizeof(v1[0]); i++)
		assert_int_equal(v1[i], v2[i]);
	assert_int_equal(d1.nwarnings, d2.nwarnings);
	const char *files[] = { "contacts.csv", "ties.csv" };
	for (int f = 0; f < 2; f++) {
		char *x = slurp(one, files[f]), *y = slurp(many, files[f]);
		assert_non_null(x);
		assert_non_null(y);
		assert_string_equal(x, y);
		free(x);
		free(y);
	}
	rn_import_free(a);
	rn_import_free(b);
	rn_diag_release(&d1);
	rn_diag_release(&d2);
	rn_arena_release(&arena);
	assert_int_equal(tu_rmtree(dir), 0);
}

static void merge_keeps_hand_edits(void **state)
{
	(void) state;
	char dir[TU_DIR_MAX];
	struct rn_diag d;
	struct rn_import_stats st;
	char err[256];
	assert_int_equal(tu_mkdtemp(dir, "import"), 0);
	tu_put(dir, "contacts.csv", "id,Full Name,company,stage,notes\n"
	                            "ann,Ann,Acme,partner,\"met at the expo, 2024\"\n"
	                            "bob,Bob,,,\n");
	struct rn_import *im = writer(dir, 0, &d);
	/* "Full Name" is an alias of name: Ann is found by her name + company. */
	struct rn_import_field pos = { "position", "CEO" };
	struct rn_import_person p = { .name = "Ann", .company = "Acme", .fields = &pos,
	                              .nfields = 1, .source = "x", .file = "t", .line = 1 };
	int64_t i;
	assert_int_equal(rn_import_add_person(im, &p, &i), RN_OK);
	assert_int_equal(i, 0);
	/* Bob by id: an empty company is filled; a differing one would not be. */
	struct rn_import_person q = { .id = "bob", .name = "Robert", .company = "Bobco",
	                              .source = "x", .file = "t", .line = 2 };
	assert_int_equal(rn_import_add_person(im, &q, &i), RN_OK);
	assert_int_equal(i, 1);
	assert_int_equal(rn_import_finish(im, &st, err, sizeof(err)), RN_OK);
	assert_int_equal(st.known, 2);
	assert_int_equal(st.conflicts, 1);   /* Bob's name */
	assert_int_equal(st.filled, 4);      /* Ann's position, Bob's company, both sources */
	assert_int_equal(d.nwarnings, 1);
	char *c = slurp(dir, "contacts.csv");
	assert_string_equal(c, "id,Full Name,company,stage,notes,position,source\n"
	                       "ann,Ann,Acme,partner,\"met at the expo, 2024\",CEO,x\n"
	                       "bob,Bob,Bobco,,,,x\n");
	free(c);
	rn_import_free(im);
	rn_diag_release(&d);
	assert_int_equal(tu_rmtree(dir), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(url_normalisation),
		cmocka_unit_test(id_slugs),
		cmocka_unit_test(spreadsheet_numbers),
		cmocka_unit_test(spreadsheet_dates),
		cmocka_unit_test(sheet_delimiter_and_header),
		cmocka_unit_test(sheet_cp1252),
		cmocka_unit_test(matching_rules),
		cmocka_unit_test(ties_and_rerun),
		cmocka_unit_test(merge_keeps_hand_edits),
		cmocka_unit_test(batches_match_one_at_a_time),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * Reading contacts.csv, ties.csv and log.csv in parts (rn_load_options.parts,
 * parts shared out among the threads) must give exactly what reading them
 * in one go gives: the same rows with the same line numbers, the same contact
 * and tag numbers, the same problems in the same order, the same status.
 * Each test writes a network to a temporary directory, loads it with
 * parts = 1 and with 2..7 parts, and compares everything.
 *
 * The pair index is also sorted in slices, one per thread: the last test
 * checks that duplicate ties merge the same way with one thread and four.
 *
 * The inputs are made to put cuts in awkward places: inside quoted fields
 * that hold line ends (the reader must notice and read again in one go),
 * after CR-only line ends, next to bad rows and after a syntax error (the
 * rows after it are not read at all); contacts spell their tags in many
 * ways, so that tags are first seen in later parts.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "refnet/network.h"
#include "testutil.h"

struct loaded {
	enum rn_status st;
	char *messages;   /* rn_diag_print's text */
	char *rows;       /* every tie and event, one line each */
};

static void dump_text(FILE *fp, const char *s)
{
	fputs(s ? s : "(null)", fp);
	fputc('|', fp);
}

static void dump_tags(FILE *fp, const struct rn_network *net, const struct rn_tag_span *sp)
{
	for (uint32_t k = 0; k < sp->n; k++)
		fprintf(fp, "%u,", net->tag_refs[sp->at + k]);
	fputc('|', fp);
}

/* Every field of every contact, tag, tie and event, lines included. */
static char *dump_rows(const struct rn_network *net)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&buf, &n);
	assert_non_null(fp);
	size_t cx = net->cols[RN_TABLE_CONTACTS].nextra;
	size_t tx = net->cols[RN_TABLE_TIES].nextra, lx = net->cols[RN_TABLE_LOG].nextra;
	fprintf(fp, "%u tags, %zu uses\n", net->ntags, net->ntag_refs);
	for (uint32_t t = 0; t < net->ntags; t++) {
		fprintf(fp, "tag %u ", t);
		dump_text(fp, net->tag_text[t]);
		dump_text(fp, net->tag_fold[t]);
		fprintf(fp, "%lld\n", (long long) rn_network_find_tag(net, net->tag_fold[t]));
	}
	fprintf(fp, "%lld contacts\n", (long long) net->ncontacts);
	for (igraph_integer_t v = 0; v < net->ncontacts; v++) {
		fprintf(fp, "contact %lld %d %ld|", (long long) rn_network_find(net, net->id[v]),
		        net->stage[v], net->contact_line[v]);
		dump_text(fp, net->id[v]);
		dump_text(fp, net->name[v]);
		dump_text(fp, net->stage_text[v]);
		dump_tags(fp, net, &net->offers[v]);
		dump_tags(fp, net, &net->needs[v]);
		for (size_t k = 0; k < cx; k++)
			dump_text(fp, net->contact_extra[(size_t) v * cx + k]);
		fputc('\n', fp);
	}
	fprintf(fp, "%lld ties, %lld merged\n", (long long) net->nties,
	        (long long) net->ties_merged);
	for (igraph_integer_t i = 0; i < net->nties; i++) {
		fprintf(fp, "tie %lld %lld %.17g %d %d %ld|", (long long) net->tie_a[i],
		        (long long) net->tie_b[i], net->strength[i], net->since[i],
		        net->last_contact[i], net->tie_line[i]);
		dump_text(fp, net->tie_note[i]);
		for (size_t k = 0; k < tx; k++)
			dump_text(fp, net->tie_extra[(size_t) i * tx + k]);
		fputc('\n', fp);
	}
	fprintf(fp, "%lld events\n", (long long) net->nevents);
	for (igraph_integer_t i = 0; i < net->nevents; i++) {
		fprintf(fp, "ev %d %lld %lld %d %.17g %ld|", net->ev_date[i],
		        (long long) net->ev_from[i], (long long) net->ev_to[i], net->ev_kind[i],
		        net->ev_value[i], net->ev_line[i]);
		dump_text(fp, net->ev_about[i]);
		dump_text(fp, net->ev_status[i]);
		dump_text(fp, net->ev_note[i]);
		for (size_t k = 0; k < lx; k++)
			dump_text(fp, net->ev_extra[(size_t) i * lx + k]);
		fputc('\n', fp);
	}
	fclose(fp);
	return buf;
}

static struct loaded load(const char *dir, int parts)
{
	struct rn_load_options o;
	memset(&o, 0, sizeof(o));
	o.dir = dir;
	o.parts = parts;
	struct rn_diag diag;
	rn_diag_init(&diag);
	struct rn_network net;
	struct loaded r;
	r.st = rn_network_load(&net, &o, &diag);
	char *buf = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&buf, &n);
	assert_non_null(fp);
	rn_diag_print(&diag, fp, 1, "");
	fprintf(fp, "%zu errors, %zu warnings\n", diag.nerrors, diag.nwarnings);
	fclose(fp);
	r.messages = buf;
	r.rows = r.st == RN_OK ? dump_rows(&net) : strdup("");
	if (r.st == RN_OK)
		rn_network_release(&net);
	rn_diag_release(&diag);
	return r;
}

/* Load dir in one go and in 2..7 parts; everything must be the same. */
static void check_parts(const char *dir, enum rn_status want)
{
	struct loaded one = load(dir, 1);
	assert_int_equal(one.st, want);
	for (int parts = 2; parts <= 7; parts++) {
		struct loaded p = load(dir, parts);
		assert_int_equal(p.st, one.st);
		assert_string_equal(p.messages, one.messages);
		assert_string_equal(p.rows, one.rows);
		free(p.messages);
		free(p.rows);
	}
	free(one.messages);
	free(one.rows);
}

/* A fresh directory for one network; free_dir() removes it. */
static char *make_dir(void)
{
	char *dir = malloc(TU_DIR_MAX);
	assert_non_null(dir);
	assert_int_equal(tu_mkdtemp(dir, "parts"), 0);
	return dir;
}

static void free_dir(char *dir)
{
	assert_int_equal(tu_rmtree(dir), 0);
	free(dir);
}

#define NCONTACTS 40

static void write_contacts(const char *dir)
{
	FILE *fp = tu_create(dir, "contacts.csv");
	fputs("id,name\n", fp);
	for (int i = 0; i < NCONTACTS; i++)
		fprintf(fp, "p%d,Person %d\n", i, i);
	tu_close(fp);
}

/* A line end: mostly LF, some CRLF, a few lone CRs. */
static const char *eol(int mixed)
{
	if (!mixed)
		return "\n";
	uint64_t r = tu_rnd() % 10;
	return r < 7 ? "\n" : r < 9 ? "\r\n" : "\r";
}

/* A list of tags, each spelled one of several ways (some fold to nothing). */
static void write_tag_list(FILE *fp, int i)
{
	static const char *spell[] = {
		"Estate Attorney", "estate attorney", "\xc3\x89state  attorney", "C++", "c#", "C",
		"plumber", "Plumber ", "--", "tax (US)", "Tax US", "caf\xc3\xa9 owner", "CAFE OWNER",
	};
	int k = (int) (tu_rnd() % 4);
	if (tu_rnd() % 5 == 0) {   /* a tag first used here, many rows in */
		fprintf(fp, "rare %d", i / 7);
		if (k)
			fputc(';', fp);
	}
	for (int j = 0; j < k; j++)
		fprintf(fp, "%s%s", j ? ";" : "", spell[tu_rnd() % (sizeof(spell) / sizeof(*spell))]);
}

/*
 * contacts.csv of `rows` contacts p0, p1, ... with stages, tags, extra cells
 * and names over several lines.  mixed: CRLF and CR line ends too; bad:
 * also repeated and empty ids, rows of the wrong width and a syntax error
 * near the end.
 */
static void write_contacts_rich(const char *dir, uint64_t seed, int rows, int mixed, int bad)
{
	static const char *stages[] = { "", "partner", "Customer", "prospect", "vip" };
	tu_seed(seed);
	FILE *fp = tu_create(dir, "contacts.csv");
	fprintf(fp, "id,name,stage,offers,needs,city%s", eol(mixed));
	for (int i = 0; i < rows; i++) {
		uint64_t r = tu_rnd();
		if (bad && r % 29 == 0)
			fprintf(fp, "p%d,", (int) ((r >> 8) % (unsigned) (i + 1)));   /* repeated */
		else if (bad && r % 31 == 0)
			fputs(" ,", fp);                                              /* empty */
		else
			fprintf(fp, "p%d,", i);
		if ((r >> 12) % 5 == 0)
			fprintf(fp, "\"Person %d%sthe second\",", i, eol(mixed));
		else if ((r >> 12) % 5 != 1)
			fprintf(fp, "Person %d,", i);
		else
			fputc(',', fp);   /* no name: the id stands in */
		fprintf(fp, "%s,\"", stages[(r >> 16) % 5]);
		write_tag_list(fp, i);
		fputs("\",", fp);
		write_tag_list(fp, i);
		if (bad && (r >> 24) % 37 == 0)
			fputs(",x,y", fp);   /* too many fields */
		else
			fprintf(fp, ",%s", (r >> 30) % 2 ? "Albany" : "");
		if (bad && i == rows - 3)
			fputs("\"x\"y", fp);
		fputs(eol(mixed), fp);
	}
	tu_close(fp);
}

/*
 * ties.csv with rows good and bad.  mixed: CRLF and CR line ends too;
 * syntax_at: the row with text after a closing quote (0: none).
 */
static void write_ties(const char *dir, uint64_t seed, int rows, int mixed, int syntax_at)
{
	tu_seed(seed);
	FILE *fp = tu_create(dir, "ties.csv");
	fprintf(fp, "a,b,strength,since,last_contact,note,colour%s", eol(mixed));
	for (int i = 1; i <= rows; i++) {
		uint64_t r = tu_rnd();
		int a = (int) (r % NCONTACTS), b = (int) ((r >> 8) % NCONTACTS);
		const char *sa = "p", *sb = "p";
		if (r % 97 == 0)
			sb = "nobody";   /* an unknown id */
		fprintf(fp, "%s%d,%s%d,", sa, a, sb, b);
		switch ((r >> 16) % 13) {
		case 0: fputs("2.5", fp); break;   /* bad strength */
		case 1: break;                     /* default strength */
		default: fprintf(fp, "0.%d", (int) ((r >> 20) % 9) + 1);
		}
		fprintf(fp, ",2020-%02d-01,", (int) ((r >> 24) % 12) + 1);
		if ((r >> 28) % 17 == 0)
			fputs("2021-13-40", fp);   /* bad date */
		else
			fprintf(fp, "2026-0%d-1%d", (int) ((r >> 32) % 9) + 1, (int) ((r >> 36) % 10));
		fputc(',', fp);
		switch ((r >> 40) % 6) {
		case 0:   /* a note over several lines: cuts fall inside it */
			fputs("\"met at the fair,", fp);
			for (int k = 0; k < (int) ((r >> 44) % 5) + 1; k++)
				fprintf(fp, "%sline %d \"\"quoted\"\"", eol(mixed), k);
			fputc('"', fp);
			break;
		case 1: fputs("plain note", fp); break;
		case 2: break;
		default: fprintf(fp, "n%d", i);
		}
		if (i == syntax_at)
			fputs("\"x\"y", fp);
		if ((r >> 50) % 23 == 0)
			fputs(",blue,extra", fp);   /* too many fields */
		else if ((r >> 50) % 23 == 1)
			;                           /* too few */
		else
			fprintf(fp, ",%s", (r >> 55) % 2 ? "red" : "");
		fputs(eol(mixed), fp);
	}
	tu_close(fp);
}

static void write_log(const char *dir, uint64_t seed, int rows)
{
	static const char *kinds[] = { "referral", "intro", "ask", "pitch", "touch",
	                               "meeting", "thanks", "gift", "bogus" };
	tu_seed(seed);
	FILE *fp = tu_create(dir, "log.csv");
	fputs("date,from,to,kind,value,about,status,note\n", fp);
	for (int i = 1; i <= rows; i++) {
		uint64_t r = tu_rnd();
		int a = (int) (r % NCONTACTS), b = (int) ((r >> 8) % NCONTACTS);
		fprintf(fp, "2026-%02d-%02d,p%d,p%d,%s,", (int) ((r >> 16) % 12) + 1,
		        (int) ((r >> 20) % 28) + 1, a, b, kinds[(r >> 24) % 9]);
		if ((r >> 30) % 3 == 0)
			fprintf(fp, "%d.5", (int) ((r >> 32) % 1000));
		fprintf(fp, ",\"about %d\nsecond line\",won,", i);
		if ((r >> 40) % 4 == 0)
			fputs("\"long, long note\r\nwith CRLF\"", fp);
		fputc('\n', fp);
	}
	tu_close(fp);
}

static void test_good_rows(void **state)
{
	(void) state;
	char *dir = make_dir();
	write_contacts(dir);
	/* Only good rows: no bad strength, date, id or width.  A fixed text. */
	FILE *fp = tu_create(dir, "ties.csv");
	fputs("a,b,strength,note\n", fp);
	for (int i = 0; i < 500; i++)
		fprintf(fp, "p%d,p%d,0.%d,%s\n", i % NCONTACTS, (i * 7 + 1) % NCONTACTS, i % 9 + 1,
		        i % 3 ? "\"two\nlines\"" : "one line");
	tu_close(fp);
	check_parts(dir, RN_OK);
	free_dir(dir);
}

static void test_bad_rows(void **state)
{
	(void) state;
	for (uint64_t seed = 1; seed <= 12; seed++) {
		char *dir = make_dir();
		write_contacts(dir);
		write_ties(dir, seed * 0x9e3779b97f4a7c15ULL, 400, 0, 0);
		write_log(dir, seed * 77 + 5, 300);
		check_parts(dir, RN_E_DATA);
		free_dir(dir);
	}
}

static void test_mixed_line_ends(void **state)
{
	(void) state;
	for (uint64_t seed = 1; seed <= 12; seed++) {
		char *dir = make_dir();
		write_contacts(dir);
		write_ties(dir, seed * 0x2545f4914f6cdd1dULL, 400, 1, 0);
		check_parts(dir, RN_E_DATA);
		free_dir(dir);
	}
}

static void test_syntax_error(void **state)
{
	(void) state;
	/* The rows after the error are never read: nothing of them is reported. */
	for (int at = 1; at <= 400; at += 57) {
		char *dir = make_dir();
		write_contacts(dir);
		write_ties(dir, 99, 400, 1, at);
		check_parts(dir, RN_E_DATA);
		free_dir(dir);
	}
}

static void test_one_long_field(void **state)
{
	(void) state;
	/* Most of the file is one quoted note full of line ends: every cut
	 * falls inside it. */
	char *dir = make_dir();
	write_contacts(dir);
	FILE *fp = tu_create(dir, "ties.csv");
	fputs("a,b,note\np1,p2,short\np3,p4,\"", fp);
	for (int i = 0; i < 3000; i++)
		fprintf(fp, "line %d of the note\n", i);
	fputs("\"\np5,p6,after\n", fp);
	tu_close(fp);
	check_parts(dir, RN_OK);
	free_dir(dir);
}

static void test_small_files(void **state)
{
	(void) state;
	/* More parts than lines; a header only; no final line end; a BOM. */
	static const char *ties[] = {
		"a,b\n", "a,b", "a,b\np1,p2", "a,b\np1,p2\n", ("\xef\xbb\xbf" "a,b\r\np1,p2\r\np2,p3"),
		"a,b\np1,p1\np1,p2\n", "a,b\n\n\np1,p2\n\n", "a,\"b\nc\"\np1,p2,p3\n",
	};
	for (size_t i = 0; i < sizeof(ties) / sizeof(*ties); i++) {
		char *dir = make_dir();
		write_contacts(dir);
		tu_put(dir, "ties.csv", ties[i]);
		struct loaded one = load(dir, 1);
		free(one.messages);
		free(one.rows);
		check_parts(dir, one.st);
		free_dir(dir);
	}
}

static void test_contacts(void **state)
{
	(void) state;
	for (uint64_t seed = 1; seed <= 8; seed++) {
		char *dir = make_dir();
		write_contacts_rich(dir, seed * 0x9e3779b97f4a7c15ULL, 600, seed > 4, 0);
		FILE *fp = tu_create(dir, "ties.csv");
		fputs("a,b\n", fp);
		for (int i = 1; i < 600; i++)
			fprintf(fp, "p%d,p%d\n", i - 1, (i * 13) % 600 == i - 1 ? i : (i * 13) % 600);
		tu_close(fp);
		check_parts(dir, RN_OK);
		free_dir(dir);
	}
}

static void test_contacts_bad_rows(void **state)
{
	(void) state;
	for (uint64_t seed = 1; seed <= 8; seed++) {
		char *dir = make_dir();
		write_contacts_rich(dir, seed * 0x2545f4914f6cdd1dULL, 600, seed % 2, 1);
		write_ties(dir, seed, 300, 0, 0);
		check_parts(dir, RN_E_DATA);
		free_dir(dir);
	}
}

static void test_sort_threads(void **state)
{
	(void) state;
	/* Enough ties for the pair index to be sorted in slices, with many
	 * duplicates (in both orders) to merge into their first row: one
	 * thread and four must agree on every row and every warning. */
	char *dir = make_dir();
	write_contacts(dir);
	FILE *fp = tu_create(dir, "ties.csv");
	fputs("a,b,strength,note\n", fp);
	tu_seed(7);
	for (int i = 0; i < 70000; i++) {
		uint64_t r = tu_rnd();
		int a = (int) (r % NCONTACTS), b = (int) ((r >> 8) % (NCONTACTS - 1));
		if (b >= a)
			b++;
		fprintf(fp, "p%d,p%d,0.%d,n%d\n", a, b, (int) ((r >> 16) % 9) + 1, i);
	}
	tu_close(fp);
	setenv("REFNET_THREADS", "1", 1);
	struct loaded one = load(dir, 1);
	setenv("REFNET_THREADS", "4", 1);
	struct loaded four = load(dir, 1);
	unsetenv("REFNET_THREADS");
	assert_int_equal(one.st, RN_OK);
	assert_int_equal(four.st, RN_OK);
	assert_string_equal(four.messages, one.messages);
	assert_string_equal(four.rows, one.rows);
	long long ties, merged;
	const char *line = strstr(one.rows, " ties, ");
	assert_non_null(line);
	while (line > one.rows && line[-1] != '\n')
		line--;
	assert_int_equal(sscanf(line, "%lld ties, %lld merged", &ties, &merged), 2);
	assert_true(merged > 60000);   /* most rows were duplicates */
	free(one.messages);
	free(one.rows);
	free(four.messages);
	free(four.rows);
	free_dir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_rows),
		cmocka_unit_test(test_bad_rows),
		cmocka_unit_test(test_mixed_line_ends),
		cmocka_unit_test(test_syntax_error),
		cmocka_unit_test(test_one_long_field),
		cmocka_unit_test(test_small_files),
		cmocka_unit_test(test_contacts),
		cmocka_unit_test(test_contacts_bad_rows),
		cmocka_unit_test(test_sort_threads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * Unit tests for "did you mean" (src/io/suggest.c): the OSA distance against
 * a plain dynamic programme written here from the definition, the limits,
 * and the nearest-candidates keeper (order, ties, capacity, folding).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "refnet/suggest.h"

static void known_distances(void **state)
{
	(void) state;
	assert_int_equal(rn_suggest_distance("intro", "intro", 3), 0);
	assert_int_equal(rn_suggest_distance("intor", "intro", 3), 1);      /* transposition */
	assert_int_equal(rn_suggest_distance("frm", "from", 3), 1);         /* insertion */
	assert_int_equal(rn_suggest_distance("checks", "check", 3), 1);     /* deletion */
	assert_int_equal(rn_suggest_distance("stats", "state", 3), 1);      /* substitution */
	assert_int_equal(rn_suggest_distance("ca", "abc", 3), 3);           /* OSA, not full Damerau (2) */
	assert_int_equal(rn_suggest_distance("", "abc", 5), 3);
	assert_int_equal(rn_suggest_distance("kowalksi", "kowalski", 3), 1);
	/* Code points, not bytes: é for e is one substitution. */
	assert_int_equal(rn_suggest_distance("jos\xc3\xa9", "jose", 3), 1);
	/* Capped: anything beyond the limit is limit + 1. */
	assert_int_equal(rn_suggest_distance("abcdefgh", "zzzzzzzz", 2), 3);
	assert_int_equal(rn_suggest_distance("a", "abcdefgh", 2), 3);
}

/* OSA by the definition, full table, no cap. */
static size_t reference(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	size_t d[16][16];
	for (size_t i = 0; i <= na; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= nb; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= na; i++)
		for (size_t j = 1; j <= nb; j++) {
			size_t c = a[i - 1] != b[j - 1];
			size_t m = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < m)
				m = d[i][j - 1] + 1;
			if (d[i - 1][j - 1] + c < m)
				m = d[i - 1][j - 1] + c;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < m)
				m = d[i - 2][j - 2] + 1;
			d[i][j] = m;
		}
	return d[na][nb];
}

static void random_against_reference(void **state)
{
	(void) state;
	unsigned long long x = 88172645463325252ULL;
	char a[16], b[16];
	for (int round = 0; round < 20000; round++) {
		size_t na = 0, nb = 0;
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		na = x % 9;
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		nb = x % 9;
		for (size_t i = 0; i < na; i++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			a[i] = (char) ('a' + x % 3);
		}
		for (size_t i = 0; i < nb; i++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			b[i] = (char) ('a' + x % 3);
		}
		a[na] = b[nb] = '\0';
		size_t want = reference(a, b);
		for (size_t limit = 0; limit < 6; limit++) {
			size_t got = rn_suggest_distance(a, b, limit);
			if (want <= limit)
				assert_int_equal(got, want);
			else
				assert_int_equal(got, limit + 1);
		}
	}
}

static void limits(void **state)
{
	(void) state;
	assert_int_equal(rn_suggest_limit("to"), 1);
	assert_int_equal(rn_suggest_limit("from"), 1);
	assert_int_equal(rn_suggest_limit("intro"), 2);
	assert_int_equal(rn_suggest_limit("tom kowalski"), 3);
}

static void keeps_nearest_in_order(void **state)
{
	(void) state;
	struct rn_suggest s;
	static const char *const cands[] = {
		"check", "export", "intro", "match", "render", "reciprocity", "followup", "stats",
		"help", "into", "intra"
	};
	assert_int_equal(rn_suggest_init(&s, "INTOR"), 0);   /* folded: "intor" */
	for (size_t i = 0; i < sizeof(cands) / sizeof(cands[0]); i++)
		rn_suggest_offer_text(&s, cands[i], i);
	/* intro 1 (transposition), into 1 (deletion), intra 2 (two substitutions). */
	assert_int_equal(s.n, 3);
	assert_int_equal(s.index[0], 2);
	assert_int_equal(s.index[1], 9);
	assert_int_equal(s.index[2], 10);
	rn_suggest_nearest_only(&s);
	assert_int_equal(s.n, 2);
	rn_suggest_release(&s);
}

static void capacity_and_far(void **state)
{
	(void) state;
	struct rn_suggest s;
	char c[8];
	assert_int_equal(rn_suggest_init(&s, "abcdefgh"), 0);
	/* Ten candidates at distance 1, then one at 0: the exact one goes first
	 * and the kept list stays RN_SUGGEST_MAX long, earliest offered first. */
	for (size_t i = 0; i < 10; i++) {
		strcpy(c, "abcdefg");
		rn_suggest_offer(&s, c, i);
	}
	rn_suggest_offer(&s, "zzzzzzzzzzzz", 99);
	rn_suggest_offer(&s, "abcdefgh", 100);
	assert_int_equal(s.n, RN_SUGGEST_MAX);
	assert_int_equal(s.index[0], 100);
	assert_int_equal(s.dist[0], 0);
	assert_int_equal(s.index[1], 0);
	assert_int_equal(s.index[RN_SUGGEST_MAX - 1], RN_SUGGEST_MAX - 2);
	rn_suggest_release(&s);

	/* An empty query suggests nothing. */
	assert_int_equal(rn_suggest_init(&s, "--"), 0);
	rn_suggest_offer(&s, "a", 0);
	assert_int_equal(s.n, 0);
	rn_suggest_release(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(known_distances),
		cmocka_unit_test(random_against_reference),
		cmocka_unit_test(limits),
		cmocka_unit_test(keeps_nearest_in_order),
		cmocka_unit_test(capacity_and_far),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

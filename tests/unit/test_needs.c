/*
 * Unit tests for need matching (src/analysis/needs.c): rn_needs_index_init,
 * rn_needs_match and rn_needs_tag_matches.
 *
 * The rule (include/refnet/needs.h, docs/scoring.md): a tag matches a need
 * when every word of the need is a prefix of some word of that one tag,
 * after folding both (case, accents, anything other than letters and digits
 * separates words).  The hand-written cases pin each part of the rule; the
 * random cases compare the index with a brute-force matcher, written here
 * with its own folding for the small alphabet the random tags use (ASCII
 * letters and digits, a dozen accented letters, punctuation).
 *
 * Tags are loaded through the real loader from a contacts.csv written to a
 * temporary directory, so interning and trimming are those of the product.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "refnet/needs.h"
#include "refnet/network.h"
#include "testutil.h"

static char dir[TU_DIR_MAX];

static int setup(void **state)
{
	(void) state;
	return tu_mkdtemp(dir, "needs");
}

static int teardown(void **state)
{
	(void) state;
	tu_rmtree(dir);
	return 0;
}

/* Load contacts c0, c1, ... offering offers[i] (each a ';'-separated list). */
static void load_offers(const char *const *offers, size_t n, struct rn_network *net,
                        struct rn_needs_index *ix)
{
	FILE *f = tu_create(dir, "contacts.csv");
	fputs("id,offers\n", f);
	for (size_t i = 0; i < n; i++) {
		fprintf(f, "c%zu,\"", i);
		for (const char *p = offers[i]; *p; p++) {
			if (*p == '"')
				fputc('"', f);
			fputc(*p, f);
		}
		fputs("\"\n", f);
	}
	tu_close(f);
	tu_load(net, dir, TU_ADJACENCY);
	assert_int_equal(rn_needs_index_init(ix, net), RN_OK);
}

/* The matching tags' texts, in tag id order, joined by '|'. */
static char *matches(const struct rn_needs_index *ix, const char *need)
{
	uint32_t *tags;
	size_t n;
	assert_int_equal(rn_needs_match(ix, need, &tags, &n), RN_OK);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	for (size_t i = 0; i < n; i++) {
		if (i)
			assert_true(tags[i - 1] < tags[i]);   /* sorted, no duplicates */
		fprintf(f, "%s%s", i ? "|" : "", ix->net->tag_text[tags[i]]);
	}
	fclose(f);
	free(tags);
	return buf;
}

static void expect(const struct rn_needs_index *ix, const char *need, const char *want)
{
	char *got = matches(ix, need);
	if (strcmp(got, want) != 0) {
		print_message("need '%s': got '%s', expected '%s'\n", need, got, want);
		free(got);
		fail();
	}
	free(got);
}

/* ---- the rule, case by case ---------------------------------------------- */

static const char *const hand_offers[] = {
	"Estate Attorney; wills",          /* tags 0, 1 */
	"probate",                         /* 2 */
	"Café Catering",                   /* 3 */
	"CAFE",                            /* 4 */
	"Estate-Planning Attorney",        /* 5 */
	"O'Brien Law",                     /* 6 */
	"3D printing; Web design",         /* 7, 8 */
	"real estate",                     /* 9 */
	"attorney",                        /* 10 */
	"estate attorney; cafe",           /* the same as tags 0 and 4 after folding */
	"Crème Brûlée; ÉCOLE",             /* 11, 12 */
};

struct hand {
	struct rn_network net;
	struct rn_needs_index ix;
};

static int hand_setup(void **state)
{
	struct hand *h = calloc(1, sizeof(*h));
	if (!h || setup(state) != 0)
		return -1;
	load_offers(hand_offers, RN_ARRAY_LEN(hand_offers), &h->net, &h->ix);
	*state = h;
	return 0;
}

static int hand_teardown(void **state)
{
	struct hand *h = *state;
	rn_needs_index_release(&h->ix);
	rn_network_release(&h->net);
	free(h);
	return teardown(state);
}

#define ESTATE_ATT "Estate Attorney|Estate-Planning Attorney"

static void case_insensitive(void **state)
{
	struct hand *h = *state;
	expect(&h->ix, "estate attorney", ESTATE_ATT);
	expect(&h->ix, "Estate Attorney", ESTATE_ATT);
	expect(&h->ix, "ESTATE ATTORNEY", ESTATE_ATT);
	expect(&h->ix, "eStAtE aTtOrNeY", ESTATE_ATT);
}

static void accent_insensitive(void **state)
{
	struct hand *h = *state;
	expect(&h->ix, "café", "Café Catering|CAFE");
	expect(&h->ix, "CAFE", "Café Catering|CAFE");
	expect(&h->ix, "CAFÉ", "Café Catering|CAFE");
	expect(&h->ix, "cafe cat", "Café Catering");
	expect(&h->ix, "creme brulee", "Crème Brûlée");
	expect(&h->ix, "CRÈME", "Crème Brûlée");
	expect(&h->ix, "ecole", "ÉCOLE");
	expect(&h->ix, "école", "ÉCOLE");
	/* Decomposed input (e + combining acute) folds like the composed one. */
	expect(&h->ix, "e\xcc\x81" "cole", "ÉCOLE");
}

static void word_prefix(void **state)
{
	struct hand *h = *state;
	expect(&h->ix, "estate att", ESTATE_ATT);
	expect(&h->ix, "est att", ESTATE_ATT);
	expect(&h->ix, "e a", ESTATE_ATT);
	expect(&h->ix, "estate", "Estate Attorney|Estate-Planning Attorney|real estate");
	expect(&h->ix, "att", "Estate Attorney|Estate-Planning Attorney|attorney");
	/* A prefix of a word, never its middle or end. */
	expect(&h->ix, "state", "");
	expect(&h->ix, "state attorney", "");
	expect(&h->ix, "torney", "");
	expect(&h->ix, "attorneys", "");
	expect(&h->ix, "estates", "");
	/* Every word must match: one extra word is enough to fail. */
	expect(&h->ix, "estate attorney wills", "");
	expect(&h->ix, "real estate attorney", "");
}

static void order_and_repetition(void **state)
{
	struct hand *h = *state;
	expect(&h->ix, "attorney estate", ESTATE_ATT);
	expect(&h->ix, "att est", ESTATE_ATT);
	expect(&h->ix, "planning estate", "Estate-Planning Attorney");
	expect(&h->ix, "estate estate", "Estate Attorney|Estate-Planning Attorney|real estate");
	expect(&h->ix, "estate real", "real estate");
}

static void split_across_tags(void **state)
{
	struct hand *h = *state;
	/* One contact holds both "Estate Attorney" and "wills"; no tag has both words. */
	expect(&h->ix, "estate wills", "");
	expect(&h->ix, "wills attorney", "");
	/* Two contacts' tags. */
	expect(&h->ix, "wills probate", "");
	expect(&h->ix, "3d web", "");
	expect(&h->ix, "wills", "wills");
	expect(&h->ix, "probate", "probate");
	expect(&h->ix, "3d", "3D printing");
	expect(&h->ix, "web des", "Web design");
}

static void punctuation(void **state)
{
	struct hand *h = *state;
	expect(&h->ix, "estate-attorney", ESTATE_ATT);
	expect(&h->ix, "estate, attorney!", ESTATE_ATT);
	expect(&h->ix, "  (estate)   attorney.  ", ESTATE_ATT);
	expect(&h->ix, "estate-planning", "Estate-Planning Attorney");
	expect(&h->ix, "estate planning", "Estate-Planning Attorney");
	expect(&h->ix, "o'brien", "O'Brien Law");
	expect(&h->ix, "O BRIEN", "O'Brien Law");
	expect(&h->ix, "brien law", "O'Brien Law");
	expect(&h->ix, "obrien", "");
	expect(&h->ix, "estate;attorney", ESTATE_ATT);
}

static void empty_need(void **state)
{
	struct hand *h = *state;
	expect(&h->ix, "", "");
	expect(&h->ix, " ", "");
	expect(&h->ix, "   \t ", "");
	expect(&h->ix, "--;!?", "");
	expect(&h->ix, "'", "");
}

/* Tags equal after folding are one tag; its text is the first spelling. */
static void interned_once(void **state)
{
	struct hand *h = *state;
	uint32_t *tags;
	size_t n;
	assert_int_equal(rn_needs_match(&h->ix, "cafe", &tags, &n), RN_OK);
	assert_int_equal(n, 2);
	assert_string_equal(h->net.tag_fold[tags[0]], "cafe catering");
	assert_string_equal(h->net.tag_fold[tags[1]], "cafe");
	free(tags);
	/* Both contacts offering "estate attorney" are behind one tag. */
	assert_int_equal(rn_needs_match(&h->ix, "estate attorney", &tags, &n), RN_OK);
	assert_int_equal(n, 2);
	uint32_t t = tags[0];
	assert_string_equal(h->net.tag_text[t], "Estate Attorney");
	assert_int_equal(h->ix.offer_start[t + 1] - h->ix.offer_start[t], 2);
	assert_int_equal(h->ix.offerer[h->ix.offer_start[t]], 0);
	assert_int_equal(h->ix.offerer[h->ix.offer_start[t] + 1], 9);
	free(tags);
}

/* rn_needs_tag_matches takes a need already folded. */
static void tag_matches_folded(void **state)
{
	struct hand *h = *state;
	const struct rn_network *net = &h->net;
	uint32_t ea = UINT32_MAX, cafe = UINT32_MAX;
	for (uint32_t t = 0; t < net->ntags; t++) {
		if (strcmp(net->tag_fold[t], "estate attorney") == 0)
			ea = t;
		if (strcmp(net->tag_fold[t], "cafe catering") == 0)
			cafe = t;
	}
	assert_true(ea != UINT32_MAX && cafe != UINT32_MAX);
	assert_true(rn_needs_tag_matches(net, ea, "estate attorney"));
	assert_true(rn_needs_tag_matches(net, ea, "attorney estate"));
	assert_true(rn_needs_tag_matches(net, ea, "e"));
	assert_false(rn_needs_tag_matches(net, ea, "state"));
	assert_false(rn_needs_tag_matches(net, ea, ""));
	assert_false(rn_needs_tag_matches(net, ea, "estate wills"));
	assert_true(rn_needs_tag_matches(net, cafe, "cafe"));
	assert_true(rn_needs_tag_matches(net, cafe, "cater caf"));
}

/* A network without any tag: nothing matches, nothing breaks. */
static void no_tags(void **state)
{
	(void) state;
	static const char *const none[] = { "", " ; ", "--" };
	struct rn_network net;
	struct rn_needs_index ix;
	load_offers(none, RN_ARRAY_LEN(none), &net, &ix);
	assert_int_equal(net.ntags, 0);
	expect(&ix, "plumber", "");
	expect(&ix, "", "");
	rn_needs_index_release(&ix);
	rn_network_release(&net);
}

/* ---- brute force on random tag sets -------------------------------------- */

/* Accented letters the generator writes, and the letter each folds to. */
static const struct { const char *utf8; char base; } accents[] = {
	{ "\xc3\xa1", 'a' }, { "\xc3\x81", 'a' }, { "\xc3\xa9", 'e' }, { "\xc3\x89", 'e' },
	{ "\xc3\xb6", 'o' }, { "\xc3\x96", 'o' }, { "\xc3\xbc", 'u' }, { "\xc3\x9c", 'u' },
	{ "\xc3\xb1", 'n' }, { "\xc3\x91", 'n' }, { "\xc3\xa7", 'c' }, { "\xc3\x87", 'c' },
};

static const char *const vocab[] = {
	"web", "webs", "website", "design", "designer", "de", "estate", "state", "att",
	"attorney", "cafe", "caf", "plumb", "plumber", "a", "ab", "abc", "b", "3d", "x1",
	"nuñez", "coach", "con", "concierge",
};

static const char *const seps[] = { " ", "-", " & ", "/", ".", "  ", "'", ", ", "_", "+",
	                                   "#", "++ " };

/* Append word w with random case and accents to f. */
static void put_word(FILE *f, const char *w)
{
	for (const char *p = w; *p; p++) {
		char c = *p;
		if ((unsigned char) c >= 0x80) {   /* an accent already in the vocabulary */
			fputc(c, f);
			continue;
		}
		int done = 0;
		if (tu_rnd_int(0, 3) == 0) {
			int first = tu_rnd_int(0, (int) RN_ARRAY_LEN(accents) - 1);
			for (size_t k = 0; k < RN_ARRAY_LEN(accents) && !done; k++) {
				size_t j = ((size_t) first + k) % RN_ARRAY_LEN(accents);
				if (accents[j].base == c) {
					fputs(accents[j].utf8, f);
					done = 1;
				}
			}
		}
		if (!done)
			fputc(c >= 'a' && c <= 'z' && tu_rnd_int(0, 2) == 0 ? c - 'a' + 'A' : c, f);
	}
}

/* A random phrase of 1..3 words (prefixes of vocabulary words when prefixes). */
static char *random_phrase(int prefixes, int maxwords)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	if (tu_rnd_int(0, 5) == 0)
		fputs(seps[tu_rnd_int(0, (int) RN_ARRAY_LEN(seps) - 1)], f);
	int nw = tu_rnd_int(1, maxwords);
	for (int i = 0; i < nw; i++) {
		if (i)
			fputs(seps[tu_rnd_int(0, (int) RN_ARRAY_LEN(seps) - 1)], f);
		char w[32];
		if (prefixes && tu_rnd_int(0, 6) == 0) {
			int n = tu_rnd_int(1, 3);   /* a made-up word */
			for (int k = 0; k < n; k++)
				w[k] = "abcdeswxyz"[tu_rnd_int(0, 9)];
			w[n] = '\0';
		} else {
			const char *v = vocab[tu_rnd_int(0, (int) RN_ARRAY_LEN(vocab) - 1)];
			snprintf(w, sizeof(w), "%s", v);
			if (prefixes && strncmp(v, "nu", 2) != 0)   /* keep UTF-8 whole */
				w[tu_rnd_int(1, (int) strlen(v))] = '\0';
		}
		put_word(f, w);
	}
	if (tu_rnd_int(0, 5) == 0)
		fputs(seps[tu_rnd_int(0, (int) RN_ARRAY_LEN(seps) - 1)], f);
	fclose(f);
	return buf;
}

/* The brute-force folding for the generator's alphabet. */
static void bf_fold(const char *s, char *out, size_t cap)
{
	size_t k = 0;
	int gap = 0;
	while (*s) {
		char c = 0;
		size_t adv = 1;
		if ((unsigned char) *s >= 0x80) {
			for (size_t j = 0; j < RN_ARRAY_LEN(accents); j++)
				if (strncmp(s, accents[j].utf8, strlen(accents[j].utf8)) == 0) {
					c = accents[j].base;
					adv = strlen(accents[j].utf8);
				}
			assert_true(c != 0);
		} else if ((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')) {
			c = *s;
		} else if (*s >= 'A' && *s <= 'Z') {
			c = (char) (*s - 'A' + 'a');
		}
		if (c) {
			if (gap && k)
				out[k++] = ' ';
			gap = 0;
			out[k++] = c;
		} else if ((*s == '+' || *s == '#') && !gap && k) {
			/* '+' and '#' ending a word stay: not when a word follows */
			size_t e = strspn(s, "+#");
			unsigned char d = (unsigned char) s[e];   /* accents are letters */
			if (d >= 0x80 || (d >= '0' && d <= '9') || ((d | 32) >= 'a' && (d | 32) <= 'z')) {
				gap = 1;
			} else {
				assert_true(k + e + 2 < cap);
				memcpy(out + k, s, e);
				k += e;
				adv = e;
			}
		} else {
			gap = 1;
		}
		assert_true(k + 2 < cap);
		s += adv;
	}
	out[k] = '\0';
}

/* Split folded text into words. */
static int words(const char *fold, char w[][32], int max)
{
	int n = 0;
	const char *p = fold;
	while (*p && n < max) {
		const char *e = strchr(p, ' ');
		size_t len = e ? (size_t) (e - p) : strlen(p);
		assert_true(len < 32);
		memcpy(w[n], p, len);
		w[n++][len] = '\0';
		p += len;
		if (*p)
			p++;
	}
	return n;
}

static int bf_matches(const char *tag_fold, const char *need_fold)
{
	char tw[16][32], nw[16][32];
	int nt = words(tag_fold, tw, 16), nn = words(need_fold, nw, 16);
	if (nn == 0)
		return 0;
	for (int i = 0; i < nn; i++) {
		int ok = 0;
		for (int j = 0; j < nt && !ok; j++)
			ok = strncmp(tw[j], nw[i], strlen(nw[i])) == 0;
		if (!ok)
			return 0;
	}
	return 1;
}

static void random_tag_sets_equal_bruteforce(void **state)
{
	(void) state;
	long checked = 0, matched = 0;
	for (int g = 0; g < 200; g++) {
		tu_seed(4242 + (uint64_t) g);
		int n = tu_rnd_int(1, g % 10 == 0 ? 80 : 15);
		char **offers = calloc((size_t) n, sizeof(*offers));
		assert_non_null(offers);
		for (int i = 0; i < n; i++) {
			char *buf = NULL;
			size_t len = 0;
			FILE *f = open_memstream(&buf, &len);
			assert_non_null(f);
			int nt = tu_rnd_int(0, 3);
			for (int t = 0; t < nt; t++) {
				char *p = random_phrase(0, 3);
				fprintf(f, "%s%s", t ? "; " : "", p);
				free(p);
			}
			fclose(f);
			offers[i] = buf;
		}
		struct rn_network net;
		struct rn_needs_index ix;
		load_offers((const char *const *) offers, (size_t) n, &net, &ix);

		/* The brute-force folding agrees with the product's. */
		char (*tag_fold)[256] = calloc(net.ntags + 1, sizeof(*tag_fold));
		assert_non_null(tag_fold);
		for (uint32_t t = 0; t < net.ntags; t++) {
			bf_fold(net.tag_text[t], tag_fold[t], sizeof(tag_fold[t]));
			if (strcmp(tag_fold[t], net.tag_fold[t]) != 0)
				fail_msg("tag '%s' folds to '%s', expected '%s'", net.tag_text[t],
				         net.tag_fold[t], tag_fold[t]);
		}
		for (int q = 0; q < 60; q++) {
			char *need = q % 10 == 9 ? random_phrase(0, 2) : random_phrase(1, 3);
			char nf[256];
			bf_fold(need, nf, sizeof(nf));
			uint32_t *tags;
			size_t nt;
			assert_int_equal(rn_needs_match(&ix, need, &tags, &nt), RN_OK);
			size_t k = 0;
			for (uint32_t t = 0; t < net.ntags; t++) {
				int want = bf_matches(tag_fold[t], nf);
				int got = k < nt && tags[k] == t;
				if (got)
					k++;
				if (want != got)
					fail_msg("seed %d: need '%s' (%s) and tag '%s' (%s): got %d, expected %d",
					         4242 + g, need, nf, net.tag_text[t], tag_fold[t], got, want);
				if (rn_needs_tag_matches(&net, t, nf) != want)
					fail_msg("rn_needs_tag_matches('%s', '%s') != %d", tag_fold[t], nf, want);
				matched += want;
				checked++;
			}
			assert_int_equal(k, nt);   /* nothing else, no duplicates */
			free(tags);
			free(need);
		}
		free(tag_fold);
		rn_needs_index_release(&ix);
		rn_network_release(&net);
		for (int i = 0; i < n; i++)
			free(offers[i]);
		free(offers);
	}
	print_message("  %ld need/tag pairs, %ld matching\n", checked, matched);
	assert_true(matched > 1000 && checked - matched > 1000);
}

int main(void)
{
	rn_igraph_setup();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(case_insensitive, hand_setup, hand_teardown),
		cmocka_unit_test_setup_teardown(accent_insensitive, hand_setup, hand_teardown),
		cmocka_unit_test_setup_teardown(word_prefix, hand_setup, hand_teardown),
		cmocka_unit_test_setup_teardown(order_and_repetition, hand_setup, hand_teardown),
		cmocka_unit_test_setup_teardown(split_across_tags, hand_setup, hand_teardown),
		cmocka_unit_test_setup_teardown(punctuation, hand_setup, hand_teardown),
		cmocka_unit_test_setup_teardown(empty_need, hand_setup, hand_teardown),
		cmocka_unit_test_setup_teardown(interned_once, hand_setup, hand_teardown),
		cmocka_unit_test_setup_teardown(tag_matches_folded, hand_setup, hand_teardown),
		cmocka_unit_test_setup_teardown(no_tags, setup, teardown),
		cmocka_unit_test_setup_teardown(random_tag_sets_equal_bruteforce, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

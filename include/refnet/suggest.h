/*
 * "Did you mean": the candidates nearest to a mistyped word.
 *
 * Distance is the optimal string alignment distance (Damerau-Levenshtein
 * with adjacent transpositions, no substring edited twice) counted in
 * Unicode code points, so "intor" is 1 from "intro" and "kowalksi" 1 from
 * "kowalski".  Callers compare folded text (rn_text_fold: no case, accents
 * or punctuation), so 'Tom-Kowalksi' is as near to tom-kowalski as
 * 'tom kowalksi'.
 *
 * An rn_suggest keeps the few nearest candidates offered to it within a
 * limit that grows with the query's length (a one-letter slip in a short
 * word, up to three in a long one), ties kept in the order offered.
 * Nothing here prints; the command-line layer words the suggestion.
 */
#ifndef REFNET_SUGGEST_H
#define REFNET_SUGGEST_H

#include <stddef.h>

/* The most candidates an rn_suggest keeps. */
#define RN_SUGGEST_MAX 5

/* Words longer than this (in code points) are never near anything. */
#define RN_SUGGEST_MAX_LEN 128

/*
 * OSA distance between the UTF-8 strings a and b, by code point; any value
 * above `limit` is returned as limit + 1 (the computation stops early).
 * Invalid UTF-8 bytes count as one code point each.  O(len(a) * len(b))
 * time at worst, O(len) memory on the stack.
 */
size_t rn_suggest_distance(const char *a, const char *b, size_t limit);

/* The largest distance still taken for a slip when the query is `query`
 * (folded): 1 up to 4 code points, 2 up to 8, then 3. */
size_t rn_suggest_limit(const char *query);

struct rn_suggest {
	char *query;                  /* folded query (owned) */
	size_t qlen;                  /* its length in code points */
	size_t limit;
	size_t n;                     /* candidates kept, nearest first */
	size_t dist[RN_SUGGEST_MAX];
	size_t index[RN_SUGGEST_MAX]; /* the caller's numbers for them */
};

/*
 * Start a search for text near `query` (folded here).  Returns 0, or -1 when
 * out of memory or query is not valid UTF-8 (the search then keeps nothing).
 */
int rn_suggest_init(struct rn_suggest *s, const char *query);

/*
 * Offer a candidate, already folded, under the caller's number `index`.
 * Returns its distance (limit + 1 when too far).  O(len^2) at worst; cheap
 * when the lengths alone rule it out.
 */
size_t rn_suggest_offer(struct rn_suggest *s, const char *folded, size_t index);

/* The same, folding the candidate first (ASCII candidates fold cheaply). */
size_t rn_suggest_offer_text(struct rn_suggest *s, const char *text, size_t index);

/* Keep only the candidates at the nearest distance found. */
void rn_suggest_nearest_only(struct rn_suggest *s);

void rn_suggest_release(struct rn_suggest *s);

#endif

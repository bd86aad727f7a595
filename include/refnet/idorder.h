/*
 * Sort orders for result lists: the byte order of contact ids as a number
 * per contact, so that "then by id" tie-breaks compare integers instead of
 * strings, and a key sort that orders big row arrays in place.  Used by
 * reciprocity and followup.
 */
#ifndef REFNET_IDORDER_H
#define REFNET_IDORDER_H

#include <stdint.h>

#include "refnet/network.h"

/*
 * Set *rank to a malloc'd array of net->ncontacts numbers (free() it):
 * rank[u] < rank[v] exactly when strcmp(id(u), id(v)) < 0.  Ids are unique,
 * so ranks are distinct.  Returns RN_OK or RN_E_INTERNAL (out of memory).
 * O(N log N) string comparisons.
 */
enum rn_status rn_id_order(const struct rn_network *net, uint32_t **rank) RN_WARN_UNUSED;

/*
 * A sort key: compared word by word (w[0], w[1], w[2], seq, at), all
 * unsigned.  `at` is the row's index, which makes keys distinct and so the
 * order total: no two runs or platforms can order equal rows differently.
 */
struct rn_sort_key {
	uint64_t w[3];
	uint32_t seq, at;
};

/*
 * Sort k[0..n) ascending, in place (quicksort, median of three, insertion
 * sort for short runs; recursion depth O(log n); no allocation).
 * O(n log n) expected.
 */
void rn_sort_keys(struct rn_sort_key *k, size_t n);

/*
 * Reorder rows (n of `size` bytes) so that row i becomes the old row
 * k[i].at, in place, following cycles; tmp is scratch for one row.  k's
 * `at` fields are overwritten.  O(n).
 */
void rn_sort_permute(void *rows, size_t size, struct rn_sort_key *k, size_t n, void *tmp);

#endif

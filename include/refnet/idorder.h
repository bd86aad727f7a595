/*
 * The byte order of contact ids as a number per contact, so that sorts with
 * "then by id" tie-breaks compare integers instead of strings (and need no
 * comparison context).  Used by reciprocity and followup.
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

#endif

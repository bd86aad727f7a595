/*
 * Contact ids in byte order, as ranks.  See include/refnet/idorder.h.
 */
#include "refnet/idorder.h"

#include <stdlib.h>
#include <string.h>

struct id_ref {
	const char *id;
	uint32_t v;
};

static int cmp_id(const void *x, const void *y)
{
	return strcmp(((const struct id_ref *) x)->id, ((const struct id_ref *) y)->id);
}

enum rn_status rn_id_order(const struct rn_network *net, uint32_t **rank)
{
	size_t n = (size_t) net->ncontacts;
	struct id_ref *ref = malloc((n + 1) * sizeof(*ref));
	*rank = malloc((n + 1) * sizeof(**rank));
	if (!ref || !*rank) {
		free(ref);
		free(*rank);
		*rank = NULL;
		return RN_E_INTERNAL;
	}
	for (size_t v = 0; v < n; v++) {
		ref[v].id = net->id[v];
		ref[v].v = (uint32_t) v;
	}
	qsort(ref, n, sizeof(*ref), cmp_id);
	for (size_t i = 0; i < n; i++)
		(*rank)[ref[i].v] = (uint32_t) i;
	free(ref);
	return RN_OK;
}

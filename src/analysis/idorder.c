/*
 * Contact ids in byte order, as ranks, and the in-place key sort.  See
 * include/refnet/idorder.h.  glibc's qsort() allocates a scratch copy of
 * the array and calls the comparison through a pointer; on a million rows
 * the allocation alone (fresh pages) costs more than this whole sort.
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

static int key_less(const struct rn_sort_key *a, const struct rn_sort_key *b)
{
	for (int i = 0; i < 3; i++)
		if (a->w[i] != b->w[i])
			return a->w[i] < b->w[i];
	if (a->seq != b->seq)
		return a->seq < b->seq;
	return a->at < b->at;
}

static void key_swap(struct rn_sort_key *a, struct rn_sort_key *b)
{
	struct rn_sort_key t = *a;
	*a = *b;
	*b = t;
}

void rn_sort_keys(struct rn_sort_key *k, size_t n)
{
	while (n > 16) {
		size_t m = n / 2;
		if (key_less(&k[m], &k[0]))
			key_swap(&k[m], &k[0]);
		if (key_less(&k[n - 1], &k[0]))
			key_swap(&k[n - 1], &k[0]);
		if (key_less(&k[n - 1], &k[m]))
			key_swap(&k[n - 1], &k[m]);
		struct rn_sort_key pivot = k[m];
		size_t i = 0, j = n - 1;
		for (;;) {
			while (key_less(&k[i], &pivot))
				i++;
			while (key_less(&pivot, &k[j]))
				j--;
			if (i >= j)
				break;
			key_swap(&k[i], &k[j]);
			i++;
			j--;
		}
		/* Now k[0..j] <= pivot <= k[j+1..n): recurse into the smaller side. */
		size_t left = j + 1;
		if (left < n - left) {
			rn_sort_keys(k, left);
			k += left;
			n -= left;
		} else {
			rn_sort_keys(k + left, n - left);
			n = left;
		}
	}
	for (size_t i = 1; i < n; i++) {
		struct rn_sort_key t = k[i];
		size_t j = i;
		for (; j > 0 && key_less(&t, &k[j - 1]); j--)
			k[j] = k[j - 1];
		k[j] = t;
	}
}

void rn_sort_permute(void *rows, size_t size, struct rn_sort_key *k, size_t n, void *tmp)
{
	char *r = rows;
	/* A placed position is marked by k[i].at == i. */
	for (size_t i = 0; i < n; i++) {
		if (k[i].at == i)
			continue;
		memcpy(tmp, r + i * size, size);
		size_t j = i;
		while (k[j].at != i) {
			size_t from = k[j].at;
			memcpy(r + j * size, r + from * size, size);
			k[j].at = (uint32_t) j;
			j = from;
		}
		memcpy(r + j * size, tmp, size);
		k[j].at = (uint32_t) j;
	}
}

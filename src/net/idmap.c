/*
 * String index over uthash.  See idmap.h.
 */
#include "idmap.h"

#include <stdlib.h>
#include <string.h>

/* Report allocation failures to the caller instead of exiting. */
static int idmap_oom;
#define HASH_NONFATAL_OOM 1
#define uthash_nonfatal_oom(elt) (idmap_oom = 1)
#include <uthash.h>

#define RN_IDMAP_BLOCK 65536

struct entry {
	UT_hash_handle hh;
	int64_t value;
};

struct block {
	struct block *next;
	size_t used;
	struct entry e[RN_IDMAP_BLOCK];
};

struct rn_idmap {
	struct entry *head;
	struct block *blocks;
};

struct rn_idmap *rn_idmap_new(void)
{
	return calloc(1, sizeof(struct rn_idmap));
}

void rn_idmap_free(struct rn_idmap *m)
{
	if (!m)
		return;
	HASH_CLEAR(hh, m->head);
	struct block *b = m->blocks;
	while (b) {
		struct block *next = b->next;
		free(b);
		b = next;
	}
	free(m);
}

int rn_idmap_put(struct rn_idmap *m, const char *key, size_t n, int64_t value,
                 int64_t *old)
{
	struct entry *e;
	HASH_FIND(hh, m->head, key, n, e);
	if (e) {
		if (old)
			*old = e->value;
		return 1;
	}
	if (!m->blocks || m->blocks->used == RN_IDMAP_BLOCK) {
		struct block *b = malloc(sizeof(*b));
		if (!b)
			return -1;
		b->next = m->blocks;
		b->used = 0;
		m->blocks = b;
	}
	e = &m->blocks->e[m->blocks->used++];
	memset(e, 0, sizeof(*e));
	e->value = value;
	idmap_oom = 0;
	HASH_ADD_KEYPTR(hh, m->head, key, n, e);
	if (idmap_oom) {
		m->blocks->used--;
		return -1;
	}
	return 0;
}

int64_t rn_idmap_get(const struct rn_idmap *m, const char *key, size_t n)
{
	struct entry *e;
	HASH_FIND(hh, m->head, key, n, e);
	return e ? e->value : -1;
}

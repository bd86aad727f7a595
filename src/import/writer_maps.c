/*
 * The maps of the import writer: the pair map that finds a tie by its two
 * contacts, the key map of interned texts (events, bases, sources) and the
 * key maps of match keys (URL, e-mail, name, name + company, slug).  Their
 * look-ups are inline in writer_internal.h.
 */

#include <stdint.h>
#include <string.h>

#include "../net/idmap.h"
#include "refnet/arena.h"
#include "refnet/bigmem.h"
#include "writer_internal.h"

/* ---- maps ---------------------------------------------------------------- */

int64_t rn_writer_pair_get(const struct pairmap *m, uint64_t k)
{
	if (!m->cap)
		return -1;
	k++;
	for (size_t i = mix(k) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
		if (m->slot[i].key == 0)
			return -1;
		if (m->slot[i].key == k)
			return m->slot[i].val;
	}
}

int rn_writer_pair_put(struct pairmap *m, uint64_t k, uint32_t v)
{
	if (2 * (m->n + 1) > m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 1024;
		struct pairslot *slot = rn_big_alloc(cap * sizeof(*slot));
		if (!slot)
			return -1;
		for (size_t i = 0; i < m->cap; i++) {
			if (!m->slot[i].key)
				continue;
			size_t j = mix(m->slot[i].key) & (cap - 1);
			while (slot[j].key)
				j = (j + 1) & (cap - 1);
			slot[j] = m->slot[i];
		}
		rn_big_free(m->slot);
		m->slot = slot;
		m->cap = cap;
	}
	k++;
	size_t i = mix(k) & (m->cap - 1);
	while (m->slot[i].key && m->slot[i].key != k)
		i = (i + 1) & (m->cap - 1);
	if (!m->slot[i].key)
		m->n++;
	m->slot[i].key = k;
	m->slot[i].val = v;
	return 0;
}

/*
 * Put key (copied into the arena) in km; its slot to *slot.  Returns 1 when
 * it was there, 0 when added (slot zeroed, row -1), -1 on OOM.
 */
int rn_writer_map_put(struct rn_import *im, struct keymap *km, const char *key, struct slot **slot)
{
	int64_t idx;
	size_t n = strlen(key);
	int64_t at = rn_idmap_get(km->m, key, n);
	if (at >= 0) {
		*slot = &km->v[at];
		return 1;
	}
	char *k = rn_arena_strndup(&im->arena, key, n);
	if (!k || rn_idmap_put(km->m, k, n, &idx) < 0)
		return -1;
	if (rn_writer_grow((void **) &km->v, &km->cap, (size_t) idx + 1, sizeof(*km->v)) < 0)
		return -1;
	km->v[idx].row = -1;
	*slot = &km->v[idx];
	return 0;
}

int rn_writer_kmap_init(struct kmap *m, size_t n)
{
	size_t cap = 1024;
	while (cap < 2 * n)
		cap *= 2;
	m->s = rn_big_alloc(cap * sizeof(*m->s));
	m->mask = cap - 1;
	m->n = 0;
	return m->s ? 0 : -1;
}

/*
 * Key (hash h, copied into the arena) in m; its slot to *slot (valid until
 * the next rn_writer_kmap_put).  Returns 1 when it was there, 0 when added (row -1,
 * count and extra 0), -1 on OOM.
 */
int rn_writer_kmap_put(struct rn_import *im, struct kmap *m, const char *key, uint64_t h,
                       struct kslot **slot)
{
	struct kslot *sl = kmap_find(m, key, h);
	if (sl->key) {
		*slot = sl;
		return 1;
	}
	if (2 * (m->n + 1) > m->mask + 1) {
		size_t cap = 2 * (m->mask + 1);
		struct kslot *ns = rn_big_alloc(cap * sizeof(*ns));
		if (!ns)
			return -1;
		for (size_t i = 0; i <= m->mask; i++) {
			if (!m->s[i].key)
				continue;
			size_t j = m->s[i].h & (cap - 1);
			while (ns[j].key)
				j = (j + 1) & (cap - 1);
			ns[j] = m->s[i];
		}
		rn_big_free(m->s);
		m->s = ns;
		m->mask = cap - 1;
		sl = kmap_find(m, key, h);
	}
	const char *k = rn_arena_strndup(&im->arena, key, strlen(key));
	if (!k)
		return -1;
	*sl = (struct kslot) { .h = h, .key = k, .row = -1 };
	m->n++;
	*slot = sl;
	return 0;
}

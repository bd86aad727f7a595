/*
 * Open-addressing string index.  See idmap.h for why it is not uthash.
 *
 * A slot holds 32 bits of the key's hash, the key's index + 1 (0 marks an
 * empty slot) with a flag for keys longer than 8 bytes, and the key's first
 * 8 bytes, zero-padded.  Short keys (most ids) are thus compared inside the
 * slot without touching the key's memory; only longer keys need a second
 * memory access.  The slot array has a power-of-two size; a key's home slot
 * is hash & mask and collisions probe linearly.
 */
#include "idmap.h"

#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "refnet/bigmem.h"

#define LONG_KEY 0x80000000u

struct slot {
	uint32_t hash;
	uint32_t ref;       /* index + 1, | LONG_KEY; 0 when the slot is empty */
	uint64_t prefix;    /* the first 8 bytes of the key, zero-padded */
};

struct rn_idmap {
	struct slot *slot;
	size_t mask;           /* slot count - 1 */
	const char **key;      /* key of each index */
	size_t nkeys, cap;
};

static uint64_t prefix_of(const char *s, size_t n)
{
	uint64_t p = 0;
	memcpy(&p, s, n < 8 ? n : 8);
	return p;
}

struct rn_idmap *rn_idmap_new(void)
{
	struct rn_idmap *m = calloc(1, sizeof(*m));
	if (!m)
		return NULL;
	m->slot = rn_big_alloc(1024 * sizeof(*m->slot));
	if (!m->slot) {
		free(m);
		return NULL;
	}
	m->mask = 1023;
	return m;
}

void rn_idmap_free(struct rn_idmap *m)
{
	if (!m)
		return;
	rn_big_free(m->slot);
	rn_big_free(m->key);
	free(m);
}

/* A slot array of nslots (a power of two) with every slot re-placed (slots
 * keep their hash). */
static int resize(struct rn_idmap *m, size_t nslots)
{
	struct slot *slot = rn_big_alloc(nslots * sizeof(*slot));
	if (!slot)
		return -1;
	for (size_t i = 0; i <= m->mask; i++) {
		if (!m->slot[i].ref)
			continue;
		size_t j = m->slot[i].hash & (nslots - 1);
		while (slot[j].ref)
			j = (j + 1) & (nslots - 1);
		slot[j] = m->slot[i];
	}
	rn_big_free(m->slot);
	m->slot = slot;
	m->mask = nslots - 1;
	return 0;
}

static int grow(struct rn_idmap *m)
{
	return resize(m, (m->mask + 1) * 2);
}

int rn_idmap_reserve(struct rn_idmap *m, size_t n)
{
	if (n >= LONG_KEY - 1)
		return -1;
	size_t nslots = m->mask + 1;
	while (2 * n > nslots)
		nslots *= 2;
	if (nslots > m->mask + 1 && resize(m, nslots) < 0)
		return -1;
	if (n > m->cap) {
		const char **k = rn_big_realloc(m->key, n * sizeof(*k));
		if (!k)
			return -1;
		m->key = k;
		m->cap = n;
	}
	return 0;
}

/* The slot holding key, or the empty slot where it would go. */
static size_t find(const struct rn_idmap *m, const char *key, size_t n, uint32_t h,
                   uint64_t prefix)
{
	size_t j = h & m->mask;
	for (;; j = (j + 1) & m->mask) {
		const struct slot *s = &m->slot[j];
		if (!s->ref)
			return j;
		if (s->hash != h || s->prefix != prefix)
			continue;
		int is_long = (s->ref & LONG_KEY) != 0;
		if (n <= 8 ? !is_long : is_long) {
			const char *k = m->key[(s->ref & ~LONG_KEY) - 1];
			if (n <= 8 || (memcmp(k + 8, key + 8, n - 8) == 0 && k[n] == '\0'))
				return j;
		}
	}
}

int rn_idmap_put(struct rn_idmap *m, const char *key, size_t n, int64_t *index)
{
	uint32_t h = (uint32_t) XXH3_64bits(key, n);
	uint64_t prefix = prefix_of(key, n);
	size_t j = find(m, key, n, h, prefix);
	if (m->slot[j].ref) {
		*index = (int64_t) (m->slot[j].ref & ~LONG_KEY) - 1;
		return 1;
	}
	if (m->nkeys >= LONG_KEY - 1)
		return -1;
	/* Keep the load factor at most 1/2 so probe runs stay short. */
	if (2 * (m->nkeys + 1) > m->mask + 1) {
		if (grow(m) < 0)
			return -1;
		j = find(m, key, n, h, prefix);
	}
	if (m->nkeys == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 1024;
		const char **k = rn_big_realloc(m->key, cap * sizeof(*k));
		if (!k)
			return -1;
		m->key = k;
		m->cap = cap;
	}
	m->key[m->nkeys] = key;
	m->slot[j].hash = h;
	m->slot[j].prefix = prefix;
	m->slot[j].ref = (uint32_t) (m->nkeys + 1) | (n > 8 ? LONG_KEY : 0);
	*index = (int64_t) m->nkeys++;
	return 0;
}

int64_t rn_idmap_get(const struct rn_idmap *m, const char *key, size_t n)
{
	uint32_t h = (uint32_t) XXH3_64bits(key, n);
	size_t j = find(m, key, n, h, prefix_of(key, n));
	return m->slot[j].ref ? (int64_t) (m->slot[j].ref & ~LONG_KEY) - 1 : -1;
}

void rn_idmap_get_many(const struct rn_idmap *m, const char *const *key, const size_t *len,
                       size_t n, int64_t *out)
{
	uint32_t h[64];
	for (size_t at = 0; at < n; at += 64) {
		size_t k = n - at < 64 ? n - at : 64;
		for (size_t i = 0; i < k; i++) {
			h[i] = (uint32_t) XXH3_64bits(key[at + i], len[at + i]);
			__builtin_prefetch(&m->slot[h[i] & m->mask]);
		}
		for (size_t i = 0; i < k; i++) {
			size_t j = find(m, key[at + i], len[at + i], h[i],
			                prefix_of(key[at + i], len[at + i]));
			out[at + i] = m->slot[j].ref ? (int64_t) (m->slot[j].ref & ~LONG_KEY) - 1 : -1;
		}
	}
}

int64_t rn_idmap_size(const struct rn_idmap *m)
{
	return (int64_t) m->nkeys;
}

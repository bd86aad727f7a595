/*
 * A string -> index map for contact ids and folded tags.  Private to src/net.
 *
 * Keys are not copied: they must be NUL-terminated and outlive the map (the
 * network's arena owns them).  Each new key gets the next index, 0, 1, 2...,
 * so the index doubles as the contact's vertex id or the tag id.
 *
 * Why not uthash: measured on 1M keys and 20M random look-ups (the shape of a
 * 1M-contact / 10M-tie load), uthash took 437 ns per look-up (three dependent
 * cache misses through its bucket chains) against 77 ns for this table:
 * open addressing with linear probing over 16-byte slots that hold the
 * hash, the index and the key's first 8 bytes, load factor at most 1/2, keys
 * hashed with xxHash (XXH3).
 */
#ifndef REFNET_NET_IDMAP_H
#define REFNET_NET_IDMAP_H

#include <stddef.h>
#include <stdint.h>

struct rn_idmap;

/* A new empty map, or NULL on out of memory. */
struct rn_idmap *rn_idmap_new(void);

/* Make room for n keys in all, so that adding them does not grow the map
 * step by step.  Returns 0 or -1 (out of memory). */
int rn_idmap_reserve(struct rn_idmap *m, size_t n);

/* Free the map (not the keys).  Accepts NULL. */
void rn_idmap_free(struct rn_idmap *m);

/*
 * Add key (n bytes, key[n] == '\0') unless present.  Returns 0 when added (its
 * index, the number of keys before it, goes to *index), 1 when present (its
 * index in *index), -1 on out of memory or more than 2^31 - 2 keys.
 * O(n) expected, amortized.
 */
int rn_idmap_put(struct rn_idmap *m, const char *key, size_t n, int64_t *index);

/* The index of key[0..n), or -1 when absent.  O(n) expected. */
int64_t rn_idmap_get(const struct rn_idmap *m, const char *key, size_t n);

/*
 * Look up n keys at once: out[i] = rn_idmap_get(m, key[i], len[i]).  Faster
 * than one at a time on big maps: all slots are fetched from memory before
 * the first is compared.
 */
void rn_idmap_get_many(const struct rn_idmap *m, const char *const *key, const size_t *len,
                       size_t n, int64_t *out);

/* The number of keys. */
int64_t rn_idmap_size(const struct rn_idmap *m);

#endif

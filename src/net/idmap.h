/*
 * A string -> integer index over uthash, for contact ids and folded tags.
 * Private to src/net.  Keys are not copied: they must outlive the map (the
 * network's arena owns them).  Entries are allocated in blocks so that they
 * never move (uthash links entries by address).
 */
#ifndef REFNET_NET_IDMAP_H
#define REFNET_NET_IDMAP_H

#include <stddef.h>
#include <stdint.h>

struct rn_idmap;

/* A new empty map, or NULL on out of memory. */
struct rn_idmap *rn_idmap_new(void);

/* Free the map (not the keys).  Accepts NULL. */
void rn_idmap_free(struct rn_idmap *m);

/*
 * Map key[0..n) to value unless the key is present.  Returns 0 when added,
 * 1 when the key was already there (its value in *old), -1 on out of memory.
 * O(n) expected.
 */
int rn_idmap_put(struct rn_idmap *m, const char *key, size_t n, int64_t value,
                 int64_t *old);

/* The value of key[0..n), or -1 when absent.  O(n) expected. */
int64_t rn_idmap_get(const struct rn_idmap *m, const char *key, size_t n);

#endif

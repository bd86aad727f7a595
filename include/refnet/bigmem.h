/*
 * Memory for the big arrays of a network (one element per contact, tie or
 * event): anonymous mappings advised to use transparent huge pages.
 *
 * At a million contacts the loader's time went largely to page faults (one
 * per 4 KiB touched) and TLB misses in the id index; 2 MiB pages cut both.
 * Growth uses mremap, which moves pages instead of copying them.  Blocks
 * carry their size in a small header, so rn_big_free() needs only the
 * pointer.  All functions accept NULL like malloc/realloc/free.
 */
#ifndef REFNET_BIGMEM_H
#define REFNET_BIGMEM_H

#include <stddef.h>

/* n zeroed bytes, or NULL on failure. */
void *rn_big_alloc(size_t n);

/* Resize to n bytes keeping the contents (new bytes are zero), or NULL on
 * failure (p is then untouched). */
void *rn_big_realloc(void *p, size_t n);

void rn_big_free(void *p);

#endif

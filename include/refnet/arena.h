/*
 * A string arena: append-only storage for the many small strings a network
 * owns (ids, names, tags, notes).  Strings are copied in and NUL-terminated;
 * they never move and are all freed at once by rn_arena_release().  This keeps
 * a million-contact load to a few hundred allocations instead of millions.
 */
#ifndef REFNET_ARENA_H
#define REFNET_ARENA_H

#include <stddef.h>

struct rn_arena_block;

struct rn_arena {
	struct rn_arena_block *head;   /* newest block first */
	char *pos;                      /* next free byte in head */
	size_t avail;                   /* free bytes in head */
	size_t next;                    /* size of the next block (grows) */
	size_t used;                    /* bytes handed out, for -v statistics */
};

void rn_arena_init(struct rn_arena *a);
void rn_arena_release(struct rn_arena *a);

/* Copy s[0..n) and a NUL into the arena.  Returns NULL on out of memory. */
char *rn_arena_strndup(struct rn_arena *a, const char *s, size_t n);

/* Take over every string of from, which is left empty. */
void rn_arena_adopt(struct rn_arena *a, struct rn_arena *from);

#endif

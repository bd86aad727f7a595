/*
 * String arena: strings are bump-allocated from blocks that double from
 * 64 KiB up to RN_ARENA_BLOCK bytes;
 * a string larger than a quarter block gets a block of its own so big notes
 * do not waste the tail of a shared block.
 */
#include "refnet/arena.h"

#include <string.h>

#include "refnet/bigmem.h"

#define RN_ARENA_BLOCK ((size_t) 4 << 20)
#define RN_ARENA_FIRST ((size_t) 64 << 10)   /* blocks double up to RN_ARENA_BLOCK */

struct rn_arena_block {
	struct rn_arena_block *next;
	char data[];
};

void rn_arena_init(struct rn_arena *a)
{
	memset(a, 0, sizeof(*a));
}

void rn_arena_release(struct rn_arena *a)
{
	if (!a)
		return;
	struct rn_arena_block *b = a->head;
	while (b) {
		struct rn_arena_block *next = b->next;
		rn_big_free(b);
		b = next;
	}
	rn_arena_init(a);
}

char *rn_arena_strndup(struct rn_arena *a, const char *s, size_t n)
{
	size_t need = n + 1;
	char *dst;

	if (need > RN_ARENA_BLOCK / 4) {
		/* A private block, linked behind the current head so that the head's
		 * free space stays usable. */
		struct rn_arena_block *b = rn_big_alloc(sizeof(*b) + need);
		if (!b)
			return NULL;
		if (a->head) {
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = NULL;
			a->head = b;
			a->pos = NULL;
			a->avail = 0;
		}
		dst = b->data;
	} else {
		if (need > a->avail) {
			/* Small networks get small blocks; big ones, big blocks. */
			size_t size = a->next ? a->next : RN_ARENA_FIRST;
			if (size < need)
				size = need;
			struct rn_arena_block *b = rn_big_alloc(sizeof(*b) + size);
			if (!b)
				return NULL;
			b->next = a->head;
			a->head = b;
			a->pos = b->data;
			a->avail = size;
			a->next = size * 2 < RN_ARENA_BLOCK ? size * 2 : RN_ARENA_BLOCK;
		}
		dst = a->pos;
		a->pos += need;
		a->avail -= need;
	}
	memcpy(dst, s, n);
	dst[n] = '\0';
	a->used += need;
	return dst;
}

void rn_arena_adopt(struct rn_arena *a, struct rn_arena *from)
{
	struct rn_arena_block *b = from->head;
	if (!b)
		return;
	if (!a->head) {
		*a = *from;
	} else {
		/* Behind a's head, which keeps its free space. */
		struct rn_arena_block *last = b;
		while (last->next)
			last = last->next;
		last->next = a->head->next;
		a->head->next = b;
		a->used += from->used;
	}
	rn_arena_init(from);
}

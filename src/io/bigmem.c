/*
 * Huge-page friendly allocation for big arrays.  See include/refnet/bigmem.h.
 * Small blocks (under 1 MiB) come from malloc.
 */
#define _DEFAULT_SOURCE
#define _GNU_SOURCE
#include "refnet/bigmem.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define HEADER 64   /* keeps the data 64-byte aligned */

static size_t map_len(size_t n)
{
	size_t page = 4096;
	return (n + HEADER + page - 1) / page * page;
}

static void advise(void *base, size_t len)
{
#ifdef MADV_HUGEPAGE
	if (len >= ((size_t) 2 << 20))
		madvise(base, len, MADV_HUGEPAGE);   /* a hint: failure is harmless */
#endif
}

/*
 * Blocks below SMALL come from calloc (a header with length 0 marks them):
 * a small network would otherwise pay for mappings and 2 MiB zeroed pages.
 */
#define SMALL ((size_t) 1 << 20)

#define HUGE ((size_t) 2 << 20)

/* A mapping of len bytes; from 2 MiB on it starts on a 2 MiB boundary, so
 * that huge pages can back all of it, not just its aligned middle. */
static void *map_aligned(size_t len)
{
	size_t extra = len >= HUGE ? HUGE : 0;
	char *raw = mmap(NULL, len + extra, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
	                 -1, 0);
	if (raw == MAP_FAILED)
		return NULL;
	if (!extra)
		return raw;
	char *base = (char *) (((uintptr_t) raw + HUGE - 1) & ~(uintptr_t) (HUGE - 1));
	if (base > raw)
		munmap(raw, (size_t) (base - raw));
	if (base + len < raw + len + extra)
		munmap(base + len, (size_t) (raw + len + extra - (base + len)));
	return base;
}

static void *map_block(size_t n)
{
	size_t len = map_len(n);
	void *base = map_aligned(len);
	if (!base)
		return NULL;
	advise(base, len);
	*(size_t *) base = len;
	return (char *) base + HEADER;
}

void *rn_big_alloc(size_t n)
{
	if (n > SIZE_MAX - HEADER - 4096)
		return NULL;
	if (n >= SMALL)
		return map_block(n);
	char *base = calloc(1, n + HEADER);
	if (!base)
		return NULL;
	*(size_t *) base = 0;
	*(size_t *) (base + sizeof(size_t)) = n;
	return base + HEADER;
}

void *rn_big_realloc(void *p, size_t n)
{
	if (!p)
		return rn_big_alloc(n);
	if (n > SIZE_MAX - HEADER - 4096)
		return NULL;
	char *base = (char *) p - HEADER;
	size_t old = *(size_t *) base;
	if (old == 0) {   /* a small block */
		size_t had = *(size_t *) (base + sizeof(size_t));
		if (n < SMALL) {
			char *nb = realloc(base, n + HEADER);
			if (!nb)
				return NULL;
			if (n > had)
				memset(nb + HEADER + had, 0, n - had);
			*(size_t *) (nb + sizeof(size_t)) = n;
			return nb + HEADER;
		}
		char *q = map_block(n);
		if (!q)
			return NULL;
		memcpy(q, p, had);
		free(base);
		return q;
	}
	size_t len = map_len(n);
	if (len == old)
		return p;
	void *nb = mremap(base, old, len, MREMAP_MAYMOVE);
	if (nb == MAP_FAILED)
		return NULL;
	advise(nb, len);
	*(size_t *) nb = len;
	return (char *) nb + HEADER;
}

void rn_big_free(void *p)
{
	if (!p)
		return;
	char *base = (char *) p - HEADER;
	if (*(size_t *) base == 0)
		free(base);
	else
		munmap(base, *(size_t *) base);
}

/*
 * The string builder: one growable, NUL-terminated text buffer for every
 * part of refnet that assembles text (Graphviz labels, output rows, cells).
 *
 * Two kinds, one type.  rn_sb_init() makes a heap buffer that doubles as it
 * grows; an allocation failure sets `oom` once, later appends do nothing and
 * rn_sb_str() gives "", so a writer checks once at the end.
 * rn_sb_init_fixed() writes into the caller's array instead and never
 * allocates: what does not fit is left out (never half a UTF-8 character)
 * and `cut` is set.  That is the form for per-row cells that must cost no
 * allocation.  rn_sb_release() frees only what the builder allocated and
 * accepts NULL.  Needs only the C library.
 */
#ifndef REFNET_SB_H
#define REFNET_SB_H

#include <stddef.h>
#include <string.h>

#include "refnet/common.h"

struct rn_sb {
	char *s;         /* the text; NULL while a heap builder is empty */
	size_t len, cap; /* bytes of text; bytes of s (the NUL included) */
	int oom;         /* an allocation failed: the text is lost */
	int fixed;       /* s is the caller's array of cap bytes */
	int cut;         /* fixed: something did not fit and was left out */
};

void rn_sb_init(struct rn_sb *b);
/* Over buf[0..cap): the text is "" (when cap > 0) and never outgrows buf. */
void rn_sb_init_fixed(struct rn_sb *b, char *buf, size_t cap);
void rn_sb_release(struct rn_sb *b);
/* Empty the text, keeping the memory (and a fixed builder's array). */
void rn_sb_clear(struct rn_sb *b);
/*
 * Room for `more` bytes of text after len (and the NUL): 0, or -1 when a
 * heap builder could not grow (oom set) or a fixed one is too small.
 * For writers that fill b->s themselves (the row writer).
 */
int rn_sb_reserve(struct rn_sb *b, size_t more);
void rn_sb_add_slow(struct rn_sb *b, const char *s, size_t n);

/* Append n bytes of s.  Inline: the common case is a copy into room. */
static inline void rn_sb_add(struct rn_sb *b, const char *s, size_t n)
{
	if (b->len + n < b->cap && !b->oom) {
		memcpy(b->s + b->len, s, n);
		b->len += n;
		b->s[b->len] = '\0';
		return;
	}
	rn_sb_add_slow(b, s, n);
}

void rn_sb_puts(struct rn_sb *b, const char *s);
/* Append printf-style text (cut like any append in a fixed builder). */
void rn_sb_printf(struct rn_sb *b, const char *fmt, ...) RN_PRINTF(2, 3);
/* The text so far ("" when empty or after an allocation failure). */
const char *rn_sb_str(const struct rn_sb *b);
/*
 * Hand the text over: a heap string the caller frees (a copy for a fixed
 * builder), and b is empty again.  NULL after an allocation failure (b is
 * then emptied and usable again).
 */
char *rn_sb_steal(struct rn_sb *b);

#endif

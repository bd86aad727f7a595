/*
 * The string builder.  See refnet/sb.h.
 */
#include "refnet/sb.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void rn_sb_init(struct rn_sb *b)
{
	memset(b, 0, sizeof(*b));
}

void rn_sb_init_fixed(struct rn_sb *b, char *buf, size_t cap)
{
	memset(b, 0, sizeof(*b));
	b->s = buf;
	b->cap = cap;
	b->fixed = 1;
	if (cap)
		buf[0] = '\0';
}

void rn_sb_release(struct rn_sb *b)
{
	if (!b)
		return;
	if (!b->fixed)
		free(b->s);
	memset(b, 0, sizeof(*b));
}

void rn_sb_clear(struct rn_sb *b)
{
	b->len = 0;
	b->cut = 0;
	if (b->s && b->cap)
		b->s[0] = '\0';
}

int rn_sb_reserve(struct rn_sb *b, size_t more)
{
	if (b->oom)
		return -1;
	if (b->len + more < b->cap)
		return 0;
	if (b->fixed)
		return -1;
	if (more > (size_t) -1 / 4 || b->len > (size_t) -1 / 4) {
		b->oom = 1;   /* the doubling below would overflow */
		return -1;
	}
	size_t cap = b->cap ? b->cap : 64;
	while (cap < b->len + more + 1)
		cap *= 2;
	char *s = realloc(b->s, cap);
	if (!s) {
		b->oom = 1;
		return -1;
	}
	b->s = s;
	b->cap = cap;
	return 0;
}

void rn_sb_add_slow(struct rn_sb *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->fixed) {
		if (!b->cap)
			return;
		if (n > b->cap - 1 - b->len) {
			n = b->cap - 1 - b->len;
			while (n > 0 && ((unsigned char) s[n] & 0xC0) == 0x80)
				n--;   /* never cut a UTF-8 character in two */
			b->cut = 1;
		}
	} else if (rn_sb_reserve(b, n) < 0) {
		return;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void rn_sb_puts(struct rn_sb *b, const char *s)
{
	rn_sb_add(b, s, strlen(s));
}

void rn_sb_printf(struct rn_sb *b, const char *fmt, ...)
{
	va_list ap;
	char small[256];

	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->oom = 1;   /* the C library could not format: the text is lost */
		return;
	}
	if ((size_t) n < sizeof(small)) {
		rn_sb_add(b, small, (size_t) n);
		return;
	}
	if (rn_sb_reserve(b, (size_t) n) == 0) {
		va_start(ap, fmt);
		vsnprintf(b->s + b->len, (size_t) n + 1, fmt, ap);
		va_end(ap);
		b->len += (size_t) n;
		return;
	}
	if (!b->fixed)
		return;   /* oom is set */
	/* Too long for a fixed builder's room: format it all, keep what fits. */
	char *t = malloc((size_t) n + 1);
	if (!t) {
		b->cut = 1;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(t, (size_t) n + 1, fmt, ap);
	va_end(ap);
	rn_sb_add(b, t, (size_t) n);
	free(t);
}

const char *rn_sb_str(const struct rn_sb *b)
{
	return b->s && b->cap && !b->oom ? b->s : "";
}

char *rn_sb_steal(struct rn_sb *b)
{
	char *s;
	if (b->oom) {
		s = NULL;
	} else if (b->fixed || !b->s) {
		s = malloc(b->len + 1);
		if (s) {
			if (b->len)
				memcpy(s, b->s, b->len);
			s[b->len] = '\0';
		}
	} else {
		s = b->s;
		b->s = NULL;
		b->cap = 0;
	}
	if (b->fixed)
		rn_sb_clear(b);
	else {
		free(b->s);
		rn_sb_init(b);
	}
	return s;
}

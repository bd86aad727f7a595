/*
 * "Did you mean": OSA edit distance and the nearest candidates.  See
 * include/refnet/suggest.h.
 */
#include "refnet/suggest.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "refnet/text.h"

/* Decode up to RN_SUGGEST_MAX_LEN + 1 code points of s into cp; returns the
 * count (RN_SUGGEST_MAX_LEN + 1 means "too long"). */
static size_t decode(const char *s, int32_t *cp)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *) s;
	size_t n = 0, left = strlen(s);
	while (left && n <= RN_SUGGEST_MAX_LEN) {
		utf8proc_int32_t c;
		utf8proc_ssize_t k = utf8proc_iterate(p, (utf8proc_ssize_t) left, &c);
		if (k <= 0) {
			c = 0x110000 + *p;   /* a stray byte: itself, never equal to a code point */
			k = 1;
		}
		cp[n++] = c;
		p += k;
		left -= (size_t) k;
	}
	return n;
}

static size_t min3(size_t a, size_t b, size_t c)
{
	size_t m = a < b ? a : b;
	return m < c ? m : c;
}

static size_t osa(const int32_t *a, size_t na, const int32_t *b, size_t nb, size_t limit)
{
	/* Three rows of the dynamic programme: i-2, i-1, i. */
	size_t rows[3][RN_SUGGEST_MAX_LEN + 2];
	size_t *pp = rows[0], *prev = rows[1], *cur = rows[2];

	if ((na > nb ? na - nb : nb - na) > limit)
		return limit + 1;
	for (size_t j = 0; j <= nb; j++)
		prev[j] = j;
	for (size_t i = 1; i <= na; i++) {
		size_t best = cur[0] = i;
		for (size_t j = 1; j <= nb; j++) {
			size_t cost = a[i - 1] != b[j - 1];
			size_t d = min3(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    pp[j - 2] + 1 < d)
				d = pp[j - 2] + 1;
			cur[j] = d;
			if (d < best)
				best = d;
		}
		/* Every later cell is at least the row's minimum (a transposition
		 * reaches back two rows, so keep going unless both rows are over). */
		if (best > limit && i > 1) {
			size_t pbest = SIZE_MAX;
			for (size_t j = 0; j <= nb; j++)
				if (prev[j] < pbest)
					pbest = prev[j];
			if (pbest > limit)
				return limit + 1;
		}
		size_t *t = pp;
		pp = prev;
		prev = cur;
		cur = t;
	}
	return prev[nb] > limit ? limit + 1 : prev[nb];
}

size_t rn_suggest_distance(const char *a, const char *b, size_t limit)
{
	int32_t ca[RN_SUGGEST_MAX_LEN + 1], cb[RN_SUGGEST_MAX_LEN + 1];
	size_t na = decode(a, ca), nb = decode(b, cb);
	if (na > RN_SUGGEST_MAX_LEN || nb > RN_SUGGEST_MAX_LEN)
		return limit + 1;
	return osa(ca, na, cb, nb, limit);
}

static size_t limit_for(size_t n)
{
	return n <= 4 ? 1 : n <= 8 ? 2 : 3;
}

size_t rn_suggest_limit(const char *query)
{
	int32_t c[RN_SUGGEST_MAX_LEN + 1];
	return limit_for(decode(query, c));
}

int rn_suggest_init(struct rn_suggest *s, const char *query)
{
	int32_t c[RN_SUGGEST_MAX_LEN + 1];
	memset(s, 0, sizeof(*s));
	if (rn_text_fold(query, strlen(query), &s->query) < 0) {
		s->query = NULL;
		return -1;
	}
	s->qlen = decode(s->query, c);
	s->limit = limit_for(s->qlen);
	return 0;
}

size_t rn_suggest_offer(struct rn_suggest *s, const char *folded, size_t index)
{
	if (!s->query || !*s->query || s->qlen > RN_SUGGEST_MAX_LEN)
		return s->limit + 1;
	/* Length in code points, bounded: the lengths alone rule most out. */
	size_t len = 0;
	for (const unsigned char *p = (const unsigned char *) folded; *p; p++)
		len += (*p & 0xc0) != 0x80;
	if ((len > s->qlen ? len - s->qlen : s->qlen - len) > s->limit)
		return s->limit + 1;
	/* Beyond the worst kept, a candidate cannot enter. */
	size_t limit = s->n == RN_SUGGEST_MAX ? s->dist[s->n - 1] - (s->dist[s->n - 1] > 0) : s->limit;
	if (s->n == RN_SUGGEST_MAX && s->dist[s->n - 1] == 0)
		return s->limit + 1;
	size_t d = rn_suggest_distance(s->query, folded, limit);
	if (d > limit)
		return d;
	/* Insert after every kept candidate at distance <= d (stable). */
	size_t at = s->n;
	while (at > 0 && s->dist[at - 1] > d)
		at--;
	if (at >= RN_SUGGEST_MAX)
		return d;
	size_t last = s->n < RN_SUGGEST_MAX ? s->n : RN_SUGGEST_MAX - 1;
	for (size_t k = last; k > at; k--) {
		s->dist[k] = s->dist[k - 1];
		s->index[k] = s->index[k - 1];
	}
	s->dist[at] = d;
	s->index[at] = index;
	if (s->n < RN_SUGGEST_MAX)
		s->n++;
	return d;
}

size_t rn_suggest_offer_text(struct rn_suggest *s, const char *text, size_t index)
{
	char *f;
	if (rn_text_fold(text, strlen(text), &f) < 0)
		return s->limit + 1;
	size_t d = rn_suggest_offer(s, f, index);
	free(f);
	return d;
}

void rn_suggest_nearest_only(struct rn_suggest *s)
{
	size_t k = 0;
	while (k < s->n && s->dist[k] == s->dist[0])
		k++;
	s->n = k;
}

void rn_suggest_release(struct rn_suggest *s)
{
	if (!s)
		return;
	free(s->query);
	memset(s, 0, sizeof(*s));
}

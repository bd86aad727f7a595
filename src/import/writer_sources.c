/*
 * The sources each contact was seen in: the `source` cell, a set of texts
 * ("dana; lee; sam"), kept while the import runs as lists of interned
 * texts and bitmaps (struct rn_import), and written back as text.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../net/idmap.h"
#include "refnet/arena.h"
#include "refnet/text.h"
#include "writer_internal.h"

/* Add src to the `;`-separated set in *cell (arena); 0 or -1. */
int rn_writer_set_add(struct rn_import *im, char **cellp, const char *src)
{
	const char *cur = *cellp;
	if (empty(src))
		return 0;
	if (empty(cur)) {
		*cellp = sdup(im, src);
		return *cellp ? 0 : -1;
	}
	size_t sn = strlen(src), cn = strlen(cur);
	/* Sources come one export at a time: the one being read is last. */
	if (cn >= sn && memcmp(cur + cn - sn, src, sn) == 0 &&
	    (cn == sn || (cn > sn + 1 && cur[cn - sn - 1] == ' ' && cur[cn - sn - 2] == ';')))
		return 0;
	for (const char *p = cur; *p;) {
		const char *q = strchr(p, ';');
		size_t n = q ? (size_t) (q - p) : strlen(p);
		const char *w = rn_text_trim(p, &n);
		if (n == sn && memcmp(w, src, n) == 0)
			return 0;
		if (!q)
			break;
		p = q + 1;
	}
	size_t n = strlen(cur) + sn + 3;
	char *tmp = malloc(n);
	if (!tmp)
		return -1;
	snprintf(tmp, n, "%s; %s", cur, src);
	*cellp = sdup(im, tmp);
	free(tmp);
	return *cellp ? 0 : -1;
}

/* Contact r was seen in source src (a member's id, a file name): add it to
 * r's set, interning src on first sight.  0, or -1 on OOM. */
int rn_writer_add_source(struct rn_import *im, int64_t r, const char *src)
{
	if (empty(src))
		return 0;
	size_t n = strlen(src);
	/* Rows come one source at a time: the last one is most likely. */
	int64_t at = im->last_src >= 0 && strcmp(im->source_text[im->last_src], src) == 0
	             ? im->last_src : rn_idmap_get(im->sources.m, src, n);
	if (at < 0) {
		char *k = rn_arena_strndup(&im->arena, src, n);
		if (!k || rn_idmap_put(im->sources.m, k, n, &at) < 0 ||
		    rn_writer_grow((void **) &im->source_text, &im->source_cap, (size_t) at + 1,
		                   sizeof(char *)) < 0)
			return -1;
		im->source_text[at] = k;
	}
	im->last_src = at;
	if (rn_writer_grow((void **) &im->src_head, &im->src_head_cap, (size_t) r + 1,
	                   sizeof(uint32_t)) < 0)
		return -1;
	if (at < SRC_BITMAPS && !im->src_bits &&
	    (!(im->src_bits = calloc(SRC_BITMAPS, sizeof(*im->src_bits))) ||
	     !(im->src_bits_len = calloc(SRC_BITMAPS, sizeof(*im->src_bits_len)))))
		return -1;
	if (at < SRC_BITMAPS) {
		size_t byte = (size_t) r / 8;
		unsigned char bit = (unsigned char) (1u << (r % 8));
		if (im->src_bits_len[at] > byte && (im->src_bits[at][byte] & bit))
			return 0;
		size_t len = im->src_bits_len[at];
		if (rn_writer_grow((void **) &im->src_bits[at], &len, byte + 1, 1) < 0)
			return -1;
		im->src_bits_len[at] = len;
		im->src_bits[at][byte] |= bit;
	} else {
		for (uint32_t k = im->src_head[r]; k; k = im->srcnode[k - 1].next)
			if (im->srcnode[k - 1].src == (uint32_t) at)
				return 0;
	}
	if (im->nsrcnode >= UINT32_MAX - 1 ||
	    rn_writer_grow((void **) &im->srcnode, &im->srcnode_cap, im->nsrcnode + 1,
	                   sizeof(*im->srcnode)) < 0)
		return -1;
	im->srcnode[im->nsrcnode] = (struct srcnode) { im->src_head[r], (uint32_t) at };
	im->src_head[r] = (uint32_t) ++im->nsrcnode;
	return 0;
}

/* Contact r's sources joined by "; " in the order they came, into *buf
 * (malloc'd, grown); NULL when none or on OOM (*oom set). */
const char *rn_writer_sources_text(const struct rn_import *im, size_t r, char **buf, size_t *cap,
                                   int *oom)
{
	if (r >= im->src_head_cap || !im->src_head[r])
		return NULL;
	uint32_t order[64], n = 0;
	size_t need = 1;
	/* The list is newest first: collect, then write backwards.  Past 64
	 * sources the rest (the oldest) are walked again below. */
	for (uint32_t k = im->src_head[r]; k; k = im->srcnode[k - 1].next) {
		need += strlen(im->source_text[im->srcnode[k - 1].src]) + 2;
		if (n < 64)
			order[n] = im->srcnode[k - 1].src;
		n++;
	}
	if (need > *cap) {
		char *b = realloc(*buf, need);
		if (!b) {
			*oom = 1;
			return NULL;
		}
		*buf = b;
		*cap = need;
	}
	size_t len = 0;
	for (uint32_t i = n; i-- > 0;) {
		uint32_t src;
		if (i < 64) {
			src = order[i];
		} else {
			uint32_t k = im->src_head[r];
			for (uint32_t j = 0; j < i; j++)
				k = im->srcnode[k - 1].next;
			src = im->srcnode[k - 1].src;
		}
		const char *t = im->source_text[src];
		size_t tl = strlen(t);
		if (len) {
			(*buf)[len++] = ';';
			(*buf)[len++] = ' ';
		}
		memcpy(*buf + len, t, tl);
		len += tl;
	}
	(*buf)[len] = '\0';
	return *buf;
}

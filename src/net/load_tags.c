/*
 * Offers and needs: each ';'-separated tag interned once by its folded
 * form (lower case, no accents), the first spelling kept for display, and
 * each contact's list stored as a span of net->tag_refs without repeats.
 * A reader interns into its own network copy; load_parts.c renumbers the
 * tags of every part in file order.
 */
#include <stdlib.h>
#include <string.h>

#include "idmap.h"
#include "load_internal.h"
#include "refnet/text.h"

/* The tag id of s[0..n) by its folded form, a new one the first time;
 * -1 when it folds to nothing, -2 on out of memory. */
static int64_t intern_fold(struct rn_network *net, const char *s, size_t n,
                           struct tag_state *ts)
{
	char *fold;
	if (rn_text_fold(s, n, &fold) < 0)
		return -2;
	size_t fn = strlen(fold);
	if (fn == 0) {
		free(fold);
		return -1;
	}
	int64_t id = rn_idmap_get(net->tags, fold, fn);
	if (id >= 0) {
		free(fold);
		return id;
	}
	if (net->ntags == ts->tag_cap) {
		size_t cap = ts->tag_cap ? ts->tag_cap * 2 : 256;
		const char **a = realloc(net->tag_text, cap * sizeof(*a));
		if (a)
			net->tag_text = a;
		const char **b = realloc(net->tag_fold, cap * sizeof(*b));
		if (b)
			net->tag_fold = b;
		if (!a || !b) {
			free(fold);
			return -2;
		}
		ts->tag_cap = cap;
	}
	int fail = 0;
	const char *text = rn_load_keep(net, s, n, &fail);
	const char *kfold = rn_load_keep(net, fold, fn, &fail);
	free(fold);
	if (fail)
		return -2;
	if (rn_idmap_put(net->tags, kfold, fn, &id) != 0)
		return -2;
	net->tag_text[id] = text;
	net->tag_fold[id] = kfold;
	net->ntags++;
	return id;
}

/* intern_fold(), through the spellings already seen. */
static int64_t intern_tag(struct rn_network *net, const char *s, size_t n,
                          struct tag_state *ts)
{
	int64_t sp = rn_idmap_get(ts->spellings, s, n);
	if (sp >= 0)
		return ts->spelling_tag[sp];
	int64_t id = intern_fold(net, s, n, ts);
	if (id == -2)
		return -2;
	int fail = 0;
	const char *key = rn_load_keep(net, s, n, &fail);
	if (fail || rn_idmap_put(ts->spellings, key, n, &sp) != 0)
		return -2;
	if ((size_t) sp >= ts->spelling_cap) {
		size_t cap = ts->spelling_cap ? ts->spelling_cap * 2 : 256;
		int64_t *a = realloc(ts->spelling_tag, cap * sizeof(*a));
		if (!a)
			return -2;
		ts->spelling_tag = a;
		ts->spelling_cap = cap;
	}
	ts->spelling_tag[sp] = id;
	return id;
}

/* Split a ';'-separated list and intern each tag into a span of tag_refs. */
enum rn_status rn_load_tags(struct rn_network *net, struct tag_state *ts, const char *s,
                            size_t n, struct rn_tag_span *span)
{
	span->at = (uint32_t) net->ntag_refs;
	span->n = 0;
	ts->stamp++;
	size_t i = 0;
	while (i <= n && n > 0) {
		size_t j = i;
		while (j < n && s[j] != ';')
			j++;
		size_t len = j - i;
		const char *tag = rn_text_trim(s + i, &len);
		if (len > 0) {
			int64_t id = intern_tag(net, tag, len, ts);
			if (id == -2)
				return RN_E_INTERNAL;
			int dup = 0;
			if (id >= 0) {
				if ((size_t) id >= ts->seen_cap) {
					size_t cap = ts->seen_cap ? ts->seen_cap : 256;
					while (cap <= (size_t) id)
						cap *= 2;
					uint64_t *a = realloc(ts->seen, cap * sizeof(*a));
					if (!a)
						return RN_E_INTERNAL;
					memset(a + ts->seen_cap, 0, (cap - ts->seen_cap) * sizeof(*a));
					ts->seen = a;
					ts->seen_cap = cap;
				}
				dup = ts->seen[id] == ts->stamp;
				ts->seen[id] = ts->stamp;
			}
			if (id >= 0 && !dup) {
				if (net->ntag_refs == ts->ref_cap) {
					size_t cap = ts->ref_cap ? ts->ref_cap * 2 : 1024;
					uint32_t *r = realloc(net->tag_refs, cap * sizeof(*r));
					if (!r)
						return RN_E_INTERNAL;
					net->tag_refs = r;
					ts->ref_cap = cap;
				}
				net->tag_refs[net->ntag_refs++] = (uint32_t) id;
				span->n++;
			}
		}
		i = j + 1;
	}
	return RN_OK;
}

void rn_load_tags_release(struct tag_state *ts)
{
	rn_idmap_free(ts->spellings);
	free(ts->spelling_tag);
	free(ts->seen);
}

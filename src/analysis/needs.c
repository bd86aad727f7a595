/*
 * Need matching over the interned offers tags.  See include/refnet/needs.h.
 */
#include "refnet/needs.h"

#include <stdlib.h>
#include <string.h>

#include "refnet/suggest.h"
#include "refnet/text.h"

struct word_ref {
	const char *w;   /* points into a folded tag; ends at ' ' or '\0' */
	size_t len;
	uint32_t tag;
};

static int cmp_word_ref(const void *pa, const void *pb)
{
	const struct word_ref *a = pa, *b = pb;
	size_t n = a->len < b->len ? a->len : b->len;
	int c = memcmp(a->w, b->w, n);
	if (c)
		return c;
	if (a->len != b->len)
		return a->len < b->len ? -1 : 1;
	return a->tag < b->tag ? -1 : a->tag > b->tag;
}

enum rn_status rn_needs_index_init(struct rn_needs_index *ix, const struct rn_network *net)
{
	struct word_ref *refs = NULL;
	size_t nrefs = 0, cap = 0;

	memset(ix, 0, sizeof(*ix));
	ix->net = net;
	for (uint32_t t = 0; t < net->ntags; t++) {
		const char *s = net->tag_fold[t];
		while (*s) {
			const char *e = strchr(s, ' ');
			size_t len = e ? (size_t) (e - s) : strlen(s);
			if (nrefs == cap) {
				cap = cap ? cap * 2 : 256;
				struct word_ref *r = realloc(refs, cap * sizeof(*r));
				if (!r)
					goto fail;
				refs = r;
			}
			refs[nrefs++] = (struct word_ref) { s, len, t };
			s += len;
			while (*s == ' ')
				s++;
		}
	}
	if (nrefs)
		qsort(refs, nrefs, sizeof(*refs), cmp_word_ref);

	ix->word = malloc((nrefs + 1) * sizeof(*ix->word));
	ix->word_start = malloc((nrefs + 2) * sizeof(*ix->word_start));
	ix->word_tag = malloc((nrefs + 1) * sizeof(*ix->word_tag));
	if (!ix->word || !ix->word_start || !ix->word_tag)
		goto fail;
	size_t ntag_refs = 0;
	for (size_t i = 0; i < nrefs; i++) {
		int new_word = i == 0 || refs[i].len != refs[i - 1].len ||
		               memcmp(refs[i].w, refs[i - 1].w, refs[i].len) != 0;
		if (new_word) {
			ix->word[ix->nwords] = strndup(refs[i].w, refs[i].len);
			if (!ix->word[ix->nwords])
				goto fail;
			ix->word_start[ix->nwords++] = ntag_refs;
		} else if (refs[i].tag == refs[i - 1].tag) {
			continue;   /* the same word twice in one tag */
		}
		ix->word_tag[ntag_refs++] = refs[i].tag;
	}
	ix->word_start[ix->nwords] = ntag_refs;
	free(refs);
	refs = NULL;

	/* Tag -> contacts offering it, in contact order. */
	ix->offer_start = calloc((size_t) net->ntags + 2, sizeof(*ix->offer_start));
	size_t noffers = 0;
	for (igraph_integer_t v = 0; v < net->ncontacts; v++)
		noffers += net->offers[v].n;
	ix->offerer = malloc((noffers + 1) * sizeof(*ix->offerer));
	if (!ix->offer_start || !ix->offerer)
		goto fail;
	for (igraph_integer_t v = 0; v < net->ncontacts; v++)
		for (uint32_t k = 0; k < net->offers[v].n; k++)
			ix->offer_start[net->tag_refs[net->offers[v].at + k] + 2]++;
	for (uint32_t t = 2; t <= net->ntags + 1; t++)
		ix->offer_start[t] += ix->offer_start[t - 1];
	for (igraph_integer_t v = 0; v < net->ncontacts; v++)
		for (uint32_t k = 0; k < net->offers[v].n; k++)
			ix->offerer[ix->offer_start[net->tag_refs[net->offers[v].at + k] + 1]++] =
				(uint32_t) v;
	return RN_OK;
fail:
	free(refs);
	rn_needs_index_release(ix);
	return RN_E_INTERNAL;
}

void rn_needs_index_release(struct rn_needs_index *ix)
{
	if (!ix)
		return;
	for (size_t i = 0; ix->word && i < ix->nwords; i++)
		free(ix->word[i]);
	free(ix->word);
	free(ix->word_start);
	free(ix->word_tag);
	free(ix->offer_start);
	free(ix->offerer);
	for (size_t i = 0; i < 2 * ix->nsyn; i++)
		free(ix->syn[i]);
	free(ix->syn);
	memset(ix, 0, sizeof(*ix));
}

/* Is w[0..n) a prefix of some word of the folded text s? */
static int has_word_prefix(const char *s, const char *w, size_t n)
{
	while (*s) {
		if (strncmp(s, w, n) == 0)
			return 1;
		const char *e = strchr(s, ' ');
		if (!e)
			return 0;
		s = e + 1;
	}
	return 0;
}

int rn_needs_tag_matches(const struct rn_network *net, uint32_t tag, const char *fold)
{
	const char *s = fold;
	int any = 0;
	while (*s) {
		const char *e = strchr(s, ' ');
		size_t n = e ? (size_t) (e - s) : strlen(s);
		if (!has_word_prefix(net->tag_fold[tag], s, n))
			return 0;
		any = 1;
		s += n;
		while (*s == ' ')
			s++;
	}
	return any;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *) a, y = *(const uint32_t *) b;
	return x < y ? -1 : x > y;
}

/* Append the tags matching the folded need to *out (not sorted, may repeat). */
static int match_fold(const struct rn_needs_index *ix, const char *fold, uint32_t **out,
                      size_t *count, size_t *cap)
{
	if (!*fold)
		return 0;
	const char *sp = strchr(fold, ' ');
	size_t w0 = sp ? (size_t) (sp - fold) : strlen(fold);

	/* The first word not below the need's first word: the words it prefixes follow. */
	size_t lo = 0, hi = ix->nwords;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strncmp(ix->word[mid], fold, w0) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i < ix->nwords && strncmp(ix->word[i], fold, w0) == 0; i++) {
		for (size_t k = ix->word_start[i]; k < ix->word_start[i + 1]; k++) {
			uint32_t t = ix->word_tag[k];
			if (!rn_needs_tag_matches(ix->net, t, fold))
				continue;
			if (*count == *cap) {
				size_t c = *cap ? *cap * 2 : 16;
				uint32_t *o = realloc(*out, c * sizeof(*o));
				if (!o)
					return -1;
				*out = o;
				*cap = c;
			}
			(*out)[(*count)++] = t;
		}
	}
	return 0;
}

/* Where the phrase p (folded) occurs in the folded need as whole words, or
 * NULL. */
static const char *find_phrase(const char *fold, const char *p)
{
	size_t n = strlen(p);
	for (const char *s = fold; (s = strstr(s, p)) != NULL; s++)
		if ((s == fold || s[-1] == ' ') && (s[n] == '\0' || s[n] == ' '))
			return s;
	return NULL;
}

/* The need with synonym side `k` (found at `at`) replaced by its partner. */
static char *variant(const struct rn_needs_index *ix, const char *fold, const char *at, size_t k)
{
	const char *said = ix->syn[k], *meant = ix->syn[k ^ 1];
	size_t n = strlen(fold), ns = strlen(said), nm = strlen(meant);
	char *v = malloc(n - ns + nm + 1);
	if (!v)
		return NULL;
	size_t pre = (size_t) (at - fold);
	memcpy(v, fold, pre);
	memcpy(v + pre, meant, nm);
	memcpy(v + pre + nm, at + ns, n - pre - ns + 1);
	return v;
}

enum rn_status rn_needs_match(const struct rn_needs_index *ix, const char *need,
                              uint32_t **tags, size_t *n)
{
	char *fold;
	*tags = NULL;
	*n = 0;
	if (rn_text_fold(need, strlen(need), &fold) < 0)
		return RN_E_INTERNAL;
	size_t count = 0, cap = 0;
	uint32_t *out = NULL;
	int rc = match_fold(ix, fold, &out, &count, &cap);
	/* Each synonym the need says, once replaced by its partner. */
	for (size_t k = 0; rc == 0 && *fold && k < 2 * ix->nsyn; k++) {
		const char *at = find_phrase(fold, ix->syn[k]);
		if (!at)
			continue;
		char *v = variant(ix, fold, at, k);
		rc = v ? match_fold(ix, v, &out, &count, &cap) : -1;
		free(v);
	}
	free(fold);
	if (rc < 0) {
		free(out);
		return RN_E_INTERNAL;
	}
	if (count)
		qsort(out, count, sizeof(*out), cmp_u32);
	size_t w = 0;
	for (size_t i = 0; i < count; i++)
		if (w == 0 || out[w - 1] != out[i])
			out[w++] = out[i];
	*tags = out;
	*n = w;
	return RN_OK;
}

enum rn_status rn_needs_add_synonym(struct rn_needs_index *ix, const char *a, const char *b)
{
	char *fa = NULL, *fb = NULL;
	if (rn_text_fold(a, strlen(a), &fa) < 0 || rn_text_fold(b, strlen(b), &fb) < 0)
		goto fail;
	if (!*fa || !*fb || strcmp(fa, fb) == 0) {
		free(fa);
		free(fb);
		return RN_E_DATA;
	}
	/* The same pair twice (either way round) is kept once. */
	for (size_t i = 0; i < ix->nsyn; i++) {
		const char *x = ix->syn[2 * i], *y = ix->syn[2 * i + 1];
		if ((!strcmp(x, fa) && !strcmp(y, fb)) || (!strcmp(x, fb) && !strcmp(y, fa))) {
			free(fa);
			free(fb);
			return RN_OK;
		}
	}
	char **s = realloc(ix->syn, (2 * ix->nsyn + 2) * sizeof(*s));
	if (!s)
		goto fail;
	ix->syn = s;
	s[2 * ix->nsyn] = fa;
	s[2 * ix->nsyn + 1] = fb;
	ix->nsyn++;
	return RN_OK;
fail:
	free(fa);
	free(fb);
	return RN_E_INTERNAL;
}

int rn_needs_synonym(const struct rn_needs_index *ix, const char *need, uint32_t tag,
                     const char **said, const char **meant)
{
	char *fold;
	int found = 0;
	if (rn_text_fold(need, strlen(need), &fold) < 0)
		return -1;
	if (!*fold || rn_needs_tag_matches(ix->net, tag, fold)) {
		free(fold);
		return 0;
	}
	for (size_t k = 0; !found && k < 2 * ix->nsyn; k++) {
		const char *at = find_phrase(fold, ix->syn[k]);
		if (!at)
			continue;
		char *v = variant(ix, fold, at, k);
		if (!v) {
			free(fold);
			return -1;
		}
		if (rn_needs_tag_matches(ix->net, tag, v)) {
			*said = ix->syn[k];
			*meant = ix->syn[k ^ 1];
			found = 1;
		}
		free(v);
	}
	free(fold);
	return found;
}

size_t rn_needs_providers(const struct rn_needs_index *ix, uint32_t tag)
{
	return ix->offer_start[tag + 1] - ix->offer_start[tag];
}

/* Does some word of the folded a start some word of the folded b (a word of
 * at least three letters, so that "of" or "a" do not count)? */
static int shares_word(const char *a, const char *b)
{
	while (*a) {
		const char *e = strchr(a, ' ');
		size_t n = e ? (size_t) (e - a) : strlen(a);
		if (n >= 3 && has_word_prefix(b, a, n))
			return 1;
		a += n;
		while (*a == ' ')
			a++;
	}
	return 0;
}

size_t rn_needs_suggest(const struct rn_needs_index *ix, const char *need, uint32_t *tags,
                        size_t max)
{
	const struct rn_network *net = ix->net;
	struct rn_suggest s;
	size_t n = 0;
	if (max > RN_SUGGEST_MAX)
		max = RN_SUGGEST_MAX;
	if (rn_suggest_init(&s, need) < 0)
		return 0;
	for (uint32_t t = 0; t < net->ntags; t++)
		if (rn_needs_providers(ix, t))
			rn_suggest_offer(&s, net->tag_fold[t], t);
	for (; n < s.n && n < max; n++)
		tags[n] = (uint32_t) s.index[n];
	if (n == 0 && s.query && *s.query) {
		/* No near spelling: the offered tags sharing a word with the need
		 * (either way round), most offered first. */
		for (uint32_t t = 0; t < net->ntags; t++) {
			size_t p = rn_needs_providers(ix, t);
			if (!p || !(shares_word(s.query, net->tag_fold[t]) ||
			            shares_word(net->tag_fold[t], s.query)))
				continue;
			size_t at = n;
			while (at > 0 && rn_needs_providers(ix, tags[at - 1]) < p)
				at--;
			if (at >= max)
				continue;
			size_t last = n < max ? n : max - 1;
			for (size_t k = last; k > at; k--)
				tags[k] = tags[k - 1];
			tags[at] = t;
			if (n < max)
				n++;
		}
	}
	rn_suggest_release(&s);
	return n;
}

enum rn_status rn_needs_vocabulary_record(void *ctx, const struct rn_csv_record *rec)
{
	struct rn_vocab_reader *r = ctx;
	if (rec->index == 0) {
		r->col_term = r->col_syn = -1;
		for (size_t i = 0; i < rec->nfields; i++) {
			size_t n = rec->len[i];
			const char *s = rn_text_trim(rec->field[i], &n);
			if (rn_text_ieq(s, n, "term"))
				r->col_term = (int) i;
			else if (rn_text_ieq(s, n, "synonym"))
				r->col_syn = (int) i;
		}
		r->usable = r->col_term >= 0 && r->col_syn >= 0;
		if (!r->usable)
			rn_diag_error(r->diag, r->file, 1, 1, "missing required column '%s'",
			              r->col_term < 0 ? "term" : "synonym");
		return RN_OK;
	}
	if (!r->usable)
		return RN_OK;
	const int col[2] = { r->col_term, r->col_syn };
	char *side[2] = { NULL, NULL };
	enum rn_status st = RN_OK;
	for (int k = 0; k < 2; k++) {
		size_t n = rec->len[col[k]];
		const char *s = rn_text_trim(rec->field[col[k]], &n);
		if (rec->bad[col[k]])
			goto done;   /* already reported (invalid UTF-8 ...) */
		if (n == 0) {
			rn_diag_error(r->diag, r->file, rec->line[col[k]], col[k] + 1,
			              "empty '%s': give a word or phrase", k ? "synonym" : "term");
			goto done;
		}
		if (!(side[k] = strndup(s, n))) {
			st = RN_E_INTERNAL;
			goto done;
		}
	}
	st = rn_needs_add_synonym(r->ix, side[0], side[1]);
	if (st == RN_E_DATA) {
		rn_diag_error(r->diag, r->file, rec->line0, col[0] + 1,
		              "'%s' and '%s' are not a pair of different words once case, "
		              "accents and punctuation are ignored", side[0], side[1]);
		st = RN_OK;
	}
done:
	free(side[0]);
	free(side[1]);
	return st;
}

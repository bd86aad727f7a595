/*
 * Address-book cards: the model the Google, Outlook and vCard readers fill
 * (see include/refnet/abook.h), and the encoding helpers they share.  No
 * matching and no output here.
 */
#include "refnet/abook.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "refnet/text.h"

void rn_abook_init(struct rn_abook *ab)
{
	memset(ab, 0, sizeof(*ab));
	ab->encoding = "UTF-8";
}

static void card_release(struct rn_abook_card *c)
{
	for (size_t i = 0; i < c->nfields; i++) {
		free(c->fields[i].col);
		free(c->fields[i].val);
	}
	free(c->fields);
	for (size_t i = 0; i < c->nrels; i++) {
		free(c->rels[i].label);
		free(c->rels[i].value);
	}
	free(c->rels);
	free(c->uid);
	memset(c, 0, sizeof(*c));
}

void rn_abook_release(struct rn_abook *ab)
{
	if (!ab)
		return;
	for (size_t i = 0; i < ab->ncards; i++)
		card_release(&ab->cards[i]);
	free(ab->cards);
	free(ab->file);
	rn_abook_init(ab);
}

int rn_abook_card_new(struct rn_abook *ab, long line, size_t *index)
{
	if (ab->ncards == ab->cap) {
		size_t cap = ab->cap ? 2 * ab->cap : 16;
		struct rn_abook_card *p = realloc(ab->cards, cap * sizeof(*p));
		if (!p)
			return -1;
		ab->cards = p;
		ab->cap = cap;
	}
	struct rn_abook_card *c = &ab->cards[ab->ncards];
	memset(c, 0, sizeof(*c));
	c->line = line;
	*index = ab->ncards++;
	return 0;
}

void rn_abook_card_drop(struct rn_abook *ab)
{
	if (ab->ncards == 0)
		return;
	card_release(&ab->cards[--ab->ncards]);
}

static char *dupn(const char *s, size_t n)
{
	char *d = malloc(n + 1);
	if (d) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

const char *rn_abook_get(const struct rn_abook_card *c, const char *col)
{
	for (size_t i = 0; i < c->nfields; i++)
		if (strcmp(c->fields[i].col, col) == 0)
			return c->fields[i].val;
	return NULL;
}

/* Is v[0..n) one of the "; "-separated values of set? */
static int in_set(const char *set, const char *v, size_t n)
{
	for (const char *p = set;;) {
		const char *q = strstr(p, "; ");
		size_t k = q ? (size_t) (q - p) : strlen(p);
		if (k == n && memcmp(p, v, n) == 0)
			return 1;
		if (!q)
			return 0;
		p = q + 2;
	}
}

int rn_abook_add(struct rn_abook_card *c, const char *col, const char *val, size_t n)
{
	val = rn_text_trim(val, &n);
	if (n == 0)
		return 0;
	for (size_t i = 0; i < c->nfields; i++) {
		struct rn_abook_field *f = &c->fields[i];
		if (strcmp(f->col, col) != 0)
			continue;
		if (in_set(f->val, val, n))
			return 0;
		size_t old = strlen(f->val);
		char *p = realloc(f->val, old + n + 3);
		if (!p)
			return -1;
		memcpy(p + old, "; ", 2);
		memcpy(p + old + 2, val, n);
		p[old + n + 2] = '\0';
		f->val = p;
		return 0;
	}
	if (c->nfields == c->capf) {
		size_t cap = c->capf ? 2 * c->capf : 8;
		struct rn_abook_field *p = realloc(c->fields, cap * sizeof(*p));
		if (!p)
			return -1;
		c->fields = p;
		c->capf = cap;
	}
	char *k = strdup(col), *v = dupn(val, n);
	if (!k || !v) {
		free(k);
		free(v);
		return -1;
	}
	c->fields[c->nfields].col = k;
	c->fields[c->nfields].val = v;
	c->nfields++;
	return 0;
}

int rn_abook_add_first(struct rn_abook_card *c, const char *col, const char *overflow,
                       const char *val, size_t n)
{
	const char *cur = rn_abook_get(c, col);
	size_t tn = n;
	const char *t = rn_text_trim(val, &tn);
	if (cur && strlen(cur) == tn && memcmp(cur, t, tn) == 0)
		return 0;
	return rn_abook_add(c, cur ? overflow : col, val, n);
}

int rn_abook_rel_add(struct rn_abook_card *c, const char *label, size_t label_n,
                     const char *value, size_t value_n, int by_uid, long line)
{
	label = rn_text_trim(label, &label_n);
	value = rn_text_trim(value, &value_n);
	if (value_n == 0)
		return 0;
	if (c->nrels == c->caprel) {
		size_t cap = c->caprel ? 2 * c->caprel : 4;
		struct rn_abook_rel *p = realloc(c->rels, cap * sizeof(*p));
		if (!p)
			return -1;
		c->rels = p;
		c->caprel = cap;
	}
	struct rn_abook_rel *r = &c->rels[c->nrels];
	r->label = label_n ? dupn(label, label_n) : strdup("related");
	r->value = dupn(value, value_n);
	if (!r->label || !r->value) {
		free(r->label);
		free(r->value);
		return -1;
	}
	r->by_uid = by_uid;
	r->line = line;
	c->nrels++;
	return 0;
}

int rn_abook_is_referral(const char *label)
{
	/* Letters only, lower case: "Referred-by" and "referred  by" are one. */
	char w[32];
	size_t n = 0;
	for (const char *p = label; *p && n < sizeof(w) - 1; p++) {
		char ch = *p;
		if (ch >= 'A' && ch <= 'Z')
			ch = (char) (ch - 'A' + 'a');
		if (ch >= 'a' && ch <= 'z')
			w[n++] = ch;
	}
	w[n] = '\0';
	return strcmp(w, "referredby") == 0 || strcmp(w, "referralfrom") == 0 ||
	       strcmp(w, "referrer") == 0;
}

char *rn_abook_iconv(const char *charset, const char *in, size_t n, size_t *out_n)
{
	iconv_t cd = iconv_open("UTF-8", charset);
	if (cd == (iconv_t) -1) {
		errno = EINVAL;
		return NULL;
	}
	/* Windows-1252 and Latin-1 take at most 3 bytes per byte; UTF-16 at most
	 * 3 bytes per 2. */
	size_t cap = 3 * n + 4;
	char *out = malloc(cap);
	if (!out) {
		iconv_close(cd);
		errno = ENOMEM;
		return NULL;
	}
	char *ip = (char *) in, *op = out;
	size_t il = n, ol = cap - 1;
	size_t r = iconv(cd, &ip, &il, &op, &ol);
	int err = errno;
	if (r != (size_t) -1)
		r = iconv(cd, NULL, NULL, &op, &ol);
	iconv_close(cd);
	if (r == (size_t) -1 || il != 0) {
		free(out);
		errno = err == E2BIG ? ENOMEM : EILSEQ;
		return NULL;
	}
	*op = '\0';
	*out_n = (size_t) (op - out);
	return out;
}

enum rn_status rn_abook_to_utf8(char **buf, size_t *len, const char *display,
                                struct rn_diag *diag, const char **enc)
{
	unsigned char *b = (unsigned char *) *buf;
	size_t n = *len;
	const char *from = NULL;
	size_t skip = 0;
	*enc = "UTF-8";
	if (n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) {
		memmove(b, b + 3, n - 3);
		*len = n - 3;
		b[*len] = '\0';
		n = *len;
	}
	if (n >= 2 && b[0] == 0xFF && b[1] == 0xFE) {
		from = "UTF-16LE";
		skip = 2;
	} else if (n >= 2 && b[0] == 0xFE && b[1] == 0xFF) {
		from = "UTF-16BE";
		skip = 2;
	} else {
		size_t at;
		enum rn_text_problem p = rn_text_check((const char *) b, n, &at);
		if (p != RN_TEXT_BAD_UTF8)
			return RN_OK;
		/* Not UTF-8.  Windows-1252 defines every byte but five; a file
		 * with one of those is read as Latin-1, which defines all. */
		from = "CP1252";
		for (size_t i = 0; i < n; i++)
			if (b[i] == 0x81 || b[i] == 0x8D || b[i] == 0x8F || b[i] == 0x90 ||
			    b[i] == 0x9D) {
				from = "ISO-8859-1";
				break;
			}
		long line = 1;
		for (size_t i = 0; i < at; i++)
			line += b[i] == '\n';
		rn_diag_warn(diag, display, line, 0,
		             "not UTF-8: read as %s (%s); re-save the file as UTF-8 if names "
		             "look wrong",
		             strcmp(from, "CP1252") == 0 ? "Windows-1252" : "Latin-1",
		             strcmp(from, "CP1252") == 0 ? "Outlook and Excel on Windows write it"
		                                         : "it has bytes Windows-1252 does not use");
	}
	size_t on;
	char *out = rn_abook_iconv(from, (const char *) b + skip, n - skip, &on);
	if (!out) {
		if (errno == ENOMEM) {
			rn_diag_error(diag, display, 0, 0, "out of memory converting from %s", from);
			return RN_E_INTERNAL;
		}
		rn_diag_error(diag, display, 0, 0, "the text is not valid %s; re-save the file as "
		              "UTF-8", from);
		return RN_E_DATA;
	}
	if (on >= 3 && memcmp(out, "\xEF\xBB\xBF", 3) == 0) {
		memmove(out, out + 3, on - 2);
		on -= 3;
	}
	free(*buf);
	*buf = out;
	*len = on;
	*enc = strcmp(from, "CP1252") == 0 ? "CP1252" : from;
	return RN_OK;
}

/*
 * Address-book cards: the model the Google, Outlook and vCard readers fill
 * (see include/refnet/abook.h), the encoding helpers they share, and
 * rn_import_abook(), which hands the cards of several files to the network
 * writer (refnet/import.h).  The matching of people, the merge with an
 * existing network and the output are the writer's.
 */
#include "refnet/abook.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "refnet/common.h"
#include "refnet/import.h"
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

const char *rn_abook_header_text(const struct rn_csv_record *rec, size_t i, char num[32],
                                 size_t *n)
{
	*n = rec->len[i];
	const char *h = rn_text_trim(rec->field[i], n);
	if (*n == 0) {
		snprintf(num, 32, "column %zu", i + 1);
		h = num;
		*n = strlen(num);
	}
	return h;
}

/* A spreadsheet being read by one reader (rn_abook_read_csv). */
struct sheet_reader {
	struct rn_abook *ab;
	rn_abook_header_fn header;
	rn_abook_row_fn row;
	void *ctx;
	int seen_header;
	enum rn_status st;     /* RN_E_DATA: not the reader's layout; RN_E_INTERNAL */
};

static enum rn_status sheet_record(void *vctx, const struct rn_csv_record *rec)
{
	struct sheet_reader *r = vctx;
	if (r->st != RN_OK)
		return RN_OK;
	if (rec->index == 0) {
		r->seen_header = 1;
		int e = r->header(r->ctx, rec);
		if (e != 0)
			r->st = e < 0 ? RN_E_INTERNAL : RN_E_DATA;
		return RN_OK;
	}
	int blank = 1;
	for (size_t i = 0; i < rec->nfields && blank; i++) {
		size_t n = rec->len[i];
		rn_text_trim(rec->field[i], &n);
		blank = n == 0;
	}
	if (blank)
		return RN_OK;
	r->ab->rows++;
	size_t ci;
	if (rn_abook_card_new(r->ab, rec->line0, &ci) < 0 || r->row(r->ctx, rec, ci) != RN_OK) {
		r->st = RN_E_INTERNAL;
		return RN_E_INTERNAL;
	}
	return RN_OK;
}

enum rn_status rn_abook_read_csv(struct rn_abook *ab, const char *buf, size_t n,
                                 const char *display, struct rn_diag *diag, const char *what,
                                 rn_abook_header_fn header, rn_abook_row_fn row, void *ctx)
{
	struct sheet_reader r = { ab, header, row, ctx, 0, RN_OK };
	char *copy = malloc(n + 1);
	if (!copy) {
		rn_diag_error(diag, display, 0, 0, "out of memory");
		return RN_E_INTERNAL;
	}
	memcpy(copy, buf, n);
	copy[n] = '\0';
	size_t len = n;
	enum rn_status st = rn_abook_to_utf8(&copy, &len, display, diag, &ab->encoding);
	if (st == RN_OK) {
		size_t before = diag->nerrors;
		st = rn_csv_read_buffer(copy, len, display, diag, sheet_record, &r);
		if (st == RN_OK)
			st = r.st;
		if (st == RN_OK && diag->nerrors > before)
			st = RN_E_DATA;
		if (st == RN_OK && !r.seen_header) {
			rn_diag_error(diag, display, 1, 0, "the file is empty: no %s header", what);
			st = RN_E_DATA;
		}
	}
	free(copy);
	return st;
}

/* ---- into a network ----------------------------------------------------- */

struct placed {
	size_t file, card;
	int64_t idx;           /* the writer's contact */
};

static int by_contact(const void *x, const void *y)
{
	const struct placed *a = x, *b = y;
	if (a->idx != b->idx)
		return a->idx < b->idx ? -1 : 1;
	if (a->file != b->file)
		return a->file < b->file ? -1 : 1;
	return a->card < b->card ? -1 : a->card > b->card;
}

/* A profile URL among the card's websites ("linkedin.com/in/..."), or NULL. */
static char *profile_url(const struct rn_abook_card *c)
{
	const char *w = rn_abook_get(c, "website");
	for (const char *p = w; p && *p;) {
		const char *q = strstr(p, "; ");
		size_t n = q ? (size_t) (q - p) : strlen(p);
		char *one = dupn(p, n);
		if (one && strstr(one, "linkedin.com/in/"))
			return one;
		free(one);
		p = q ? q + 2 : NULL;
	}
	return NULL;
}

/* The cards of the import by folded name or by e-mail, sorted for lookups. */
struct keyidx {
	const char *key;
	int64_t idx;
};

struct keys {
	struct keyidx *names, *emails, *uids;
	size_t nnames, nemails, nuids;
};

static int by_key(const void *x, const void *y)
{
	const struct keyidx *a = x, *b = y;
	return strcmp(a->key, b->key);
}

static int by_key_nocase(const void *x, const void *y)
{
	const struct keyidx *a = x, *b = y;
	return strcasecmp(a->key, b->key);
}

/* The contact the cards with key have: -1 none, -2 several.  O(log n). */
static int64_t find_key(const struct keyidx *v, size_t n, const char *key,
                        int (*cmp)(const void *, const void *))
{
	struct keyidx k = { key, 0 };
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cmp(&v[mid], &k) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	int64_t hit = -1;
	for (size_t i = lo; i < n && cmp(&v[i], &k) == 0; i++) {
		if (hit >= 0 && v[i].idx != hit)
			return -2;
		hit = v[i].idx;
	}
	return hit;
}

/*
 * Where a relation points: a contact index, -1 (nobody), -2 (ambiguous).
 * A name or e-mail address is looked for among the cards of the import
 * first (the network may hold the person under a hand-edited name), then
 * in the network.
 */
static int64_t rel_target(struct rn_import *im, const struct keys *keys,
                          const struct rn_abook_rel *r)
{
	if (r->by_uid) {
		return find_key(keys->uids, keys->nuids, r->value, by_key_nocase);
	}
	int64_t hit;
	if (strchr(r->value, '@')) {
		hit = find_key(keys->emails, keys->nemails, r->value, by_key_nocase);
	} else {
		char *fv = NULL;
		if (rn_text_fold(r->value, strlen(r->value), &fv) < 0)
			return -1;
		hit = *fv ? find_key(keys->names, keys->nnames, fv, by_key) : -1;
		free(fv);
	}
	return hit != -1 ? hit : rn_import_lookup(im, r->value);
}

static enum rn_status read_file(struct rn_abook *ab, const char *format, const char *path,
                                struct rn_diag *diag)
{
	char *buf = NULL;
	size_t len = 0;
	enum rn_status st = rn_sheet_slurp(path, path, &buf, &len, diag);
	if (st != RN_OK)
		return st;
	ab->file = strdup(path);
	if (!ab->file)
		st = RN_E_INTERNAL;
	else if (strcmp(format, "google") == 0)
		st = rn_gcontacts_parse(ab, buf, len, ab->file, diag);
	else if (strcmp(format, "outlook") == 0)
		st = rn_outlook_parse(ab, buf, len, ab->file, diag);
	else
		st = rn_vcard_parse(ab, buf, len, ab->file, diag);
	free(buf);
	return st;
}

/* Relations: ties, intro events, or the `related` column. */
static enum rn_status relations(struct rn_import *im, const struct rn_abook_import_options *o,
                                struct rn_abook *books, int64_t *const *idx,
                                const struct keys *keys, struct rn_diag *diag)
{
	for (size_t f = 0; f < o->nfiles; f++) {
		for (size_t c = 0; c < books[f].ncards; c++) {
			struct rn_abook_card *card = &books[f].cards[c];
			int64_t self = idx[f][c];
			for (size_t k = 0; k < card->nrels && self >= 0; k++) {
				struct rn_abook_rel *r = &card->rels[k];
				int64_t to = rel_target(im, keys, r);
				int referral = rn_abook_is_referral(r->label);
				/* One spelling per label, whichever file says it: "Referred By",
				 * "referred-by" and Apple's "_$!<Spouse>!$_" read alike. */
				if (referral && strcmp(r->label, "referred by") != 0) {
					char *l = strdup("referred by");
					if (!l)
						return RN_E_INTERNAL;
					free(r->label);
					r->label = l;
				}
				for (char *q = r->label; *q; q++)
					if (*q >= 'A' && *q <= 'Z')
						*q = (char) (*q - 'A' + 'a');
				if (to == -2)
					rn_diag_warn(diag, books[f].file, r->line, 0,
					             "%s '%s' fits more than one contact; not linked, kept in "
					             "the related column", r->label, r->value);
				else if (to < 0 && referral)
					rn_diag_warn(diag, books[f].file, r->line, 0,
					             "%s '%s': nobody of that name or e-mail is in the import; "
					             "kept in the related column", r->label, r->value);
				if (to < 0) {
					size_t n = strlen(r->label) + strlen(r->value) + 3;
					char *t = malloc(n);
					if (!t)
						return RN_E_INTERNAL;
					snprintf(t, n, "%s: %s", r->label, r->value);
					int e = rn_abook_add(card, "related", t, strlen(t));
					free(t);
					if (e < 0)
						return RN_E_INTERNAL;
					continue;
				}
				if (to == self)
					continue;
				struct rn_import_field note = { "note", r->label };
				struct rn_import_tie tie = { .a = self, .b = to, .since = RN_NO_DATE,
				                             .last = RN_NO_DATE, .fields = &note, .nfields = 1 };
				if (rn_import_add_tie(im, &tie) != RN_OK)
					return RN_E_INTERNAL;
				if (referral && rn_import_count_events(im, to, self, "intro") == 0) {
					struct rn_import_field ev = { "note", "referred by (address book)" };
					if (rn_import_add_event(im, o->date, to, self, "intro", &ev, 1) != RN_OK)
						return RN_E_INTERNAL;
				}
			}
		}
	}
	return RN_OK;
}

/* The columns of the cards of one contact, combined, offered to the writer. */
static enum rn_status combine(struct rn_import *im, const struct rn_abook_import_options *o,
                              struct rn_abook *books, const struct placed *pl, size_t n)
{
	static const struct {
		const char *col, *other;
	} ident[] = { { "name", "other_names" }, { "email", "other_emails" },
	              { "company", "other_companies" } };
	struct rn_abook_card all;
	memset(&all, 0, sizeof(all));
	enum rn_status st = RN_E_INTERNAL;
	for (size_t i = 0; i < n; i++) {
		const struct rn_abook_card *c = &books[pl[i].file].cards[pl[i].card];
		for (size_t k = 0; k < c->nfields; k++) {
			const char *col = c->fields[k].col, *val = c->fields[k].val;
			if (strcmp(col, "labels") == 0 && o->labels_as)
				col = o->labels_as;
			for (size_t j = 0; j < RN_ARRAY_LEN(ident); j++)
				if (strcmp(col, ident[j].col) == 0 && i > 0) {
					const char *first = rn_abook_get(&all, col);
					if (first && strcmp(first, val) != 0)
						col = ident[j].other;
				}
			if (rn_abook_add(&all, col, val, strlen(val)) < 0)
				goto cleanup;
		}
	}
	struct rn_import_field *f = calloc(all.nfields ? all.nfields : 1, sizeof(*f));
	if (!f)
		goto cleanup;
	size_t nf = 0;
	for (size_t k = 0; k < all.nfields; k++) {
		/* name, e-mail and company were given when the person was added. */
		if (strcmp(all.fields[k].col, "name") == 0 || strcmp(all.fields[k].col, "email") == 0 ||
		    strcmp(all.fields[k].col, "company") == 0)
			continue;
		f[nf].col = all.fields[k].col;
		f[nf].val = all.fields[k].val;
		nf++;
	}
	st = rn_import_set_fields(im, pl[0].idx, f, nf);
	free(f);
cleanup:
	card_release(&all);
	return st;
}

enum rn_status rn_import_abook(struct rn_import *im, const struct rn_abook_import_options *o,
                               struct rn_diag *diag)
{
	enum rn_status st = RN_OK;
	struct rn_abook *books = calloc(o->nfiles ? o->nfiles : 1, sizeof(*books));
	int64_t **idx = calloc(o->nfiles ? o->nfiles : 1, sizeof(*idx));
	char ***folded = calloc(o->nfiles ? o->nfiles : 1, sizeof(*folded));
	struct placed *pl = NULL;
	struct keys keys = { 0 };
	size_t npl = 0, rows = 0, skipped = 0;
	if (!books || !idx || !folded) {
		st = RN_E_INTERNAL;
		goto cleanup;
	}
	for (size_t f = 0; f < o->nfiles; f++) {
		rn_abook_init(&books[f]);
		enum rn_status s = read_file(&books[f], o->format, o->files[f], diag);
		if (s == RN_E_INTERNAL) {
			st = s;
			goto cleanup;
		}
		if (s != RN_OK && st == RN_OK)
			st = s;
		rows += books[f].rows;
		skipped += books[f].skipped;
		npl += books[f].ncards;
	}
	rn_import_count(im, rows, 0, skipped);
	if (st != RN_OK)
		goto cleanup;

	/* 1. Everyone, matched. */
	pl = calloc(npl ? npl : 1, sizeof(*pl));
	if (!pl) {
		st = RN_E_INTERNAL;
		goto cleanup;
	}
	npl = 0;
	for (size_t f = 0; f < o->nfiles; f++) {
		idx[f] = calloc(books[f].ncards ? books[f].ncards : 1, sizeof(**idx));
		folded[f] = calloc(books[f].ncards ? books[f].ncards : 1, sizeof(**folded));
		if (!idx[f] || !folded[f]) {
			st = RN_E_INTERNAL;
			goto cleanup;
		}
		for (size_t c = 0; c < books[f].ncards; c++) {
			const struct rn_abook_card *card = &books[f].cards[c];
			const char *name = rn_abook_get(card, "name");
			if (name && rn_text_fold(name, strlen(name), &folded[f][c]) < 0)
				folded[f][c] = NULL;   /* valid UTF-8 always folds: only OOM */
			char *url = profile_url(card);
			struct rn_import_person p = {
				.name = rn_abook_get(card, "name"),
				.email = rn_abook_get(card, "email"),
				.company = rn_abook_get(card, "company"),
				.url = url,
				.source = o->format,
				.file = books[f].file,
				.line = card->line,
			};
			st = rn_import_add_person(im, &p, &idx[f][c]);
			free(url);
			if (st != RN_OK)
				goto cleanup;
			if (idx[f][c] >= 0)
				pl[npl++] = (struct placed) { f, c, idx[f][c] };
		}
	}
	/* 2. Relations (they may add the related column). */
	keys.names = calloc(npl ? npl : 1, sizeof(*keys.names));
	keys.emails = calloc(npl ? npl : 1, sizeof(*keys.emails));
	keys.uids = calloc(npl ? npl : 1, sizeof(*keys.uids));
	if (!keys.names || !keys.emails || !keys.uids) {
		st = RN_E_INTERNAL;
		goto cleanup;
	}
	for (size_t f = 0; f < o->nfiles; f++)
		for (size_t c = 0; c < books[f].ncards; c++) {
			const char *em = rn_abook_get(&books[f].cards[c], "email");
			if (idx[f][c] < 0)
				continue;
			if (folded[f][c] && *folded[f][c])
				keys.names[keys.nnames++] = (struct keyidx) { folded[f][c], idx[f][c] };
			if (em)
				keys.emails[keys.nemails++] = (struct keyidx) { em, idx[f][c] };
			if (books[f].cards[c].uid)
				keys.uids[keys.nuids++] = (struct keyidx) { books[f].cards[c].uid, idx[f][c] };
		}
	qsort(keys.names, keys.nnames, sizeof(*keys.names), by_key);
	qsort(keys.emails, keys.nemails, sizeof(*keys.emails), by_key_nocase);
	qsort(keys.uids, keys.nuids, sizeof(*keys.uids), by_key_nocase);
	st = relations(im, o, books, idx, &keys, diag);
	if (st != RN_OK)
		goto cleanup;
	/* 3. Columns, per contact, in file order. */
	qsort(pl, npl, sizeof(*pl), by_contact);
	for (size_t i = 0; i < npl && st == RN_OK;) {
		size_t j = i + 1;
		while (j < npl && pl[j].idx == pl[i].idx)
			j++;
		st = combine(im, o, books, pl + i, j - i);
		i = j;
	}
cleanup:
	for (size_t f = 0; books && f < o->nfiles; f++) {
		if (folded && folded[f])
			for (size_t c = 0; c < books[f].ncards; c++)
				free(folded[f][c]);
		if (folded)
			free(folded[f]);
		rn_abook_release(&books[f]);
		if (idx)
			free(idx[f]);
	}
	free(folded);
	free(keys.names);
	free(keys.emails);
	free(keys.uids);
	free(books);
	free(idx);
	free(pl);
	return st;
}

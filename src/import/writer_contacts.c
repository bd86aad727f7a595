/*
 * The contacts of an import: the match keys of a person (URL, e-mail,
 * folded name, name + company) and their indexes; a person matched to a
 * contact by them (rn_import_add_person, in batches whose look-ups are
 * fetched ahead: rn_import_add_people) or made a new contact with a
 * readable unique id.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xxhash.h>

#include "../net/idmap.h"
#include "refnet/arena.h"
#include "refnet/text.h"
#include "writer_internal.h"

/* ---- match keys ------------------------------------------------------------ */

static uint64_t khash(const char *key)
{
	return XXH3_64bits(key, strlen(key));
}

/* Folded text for matching ("José  Wu" -> "jose wu"), malloc'd; "" when s is
 * empty.  Text that folds to nothing (a name of symbols only: "±", "—") is
 * its own key, trimmed: folding never yields such text, and without a key
 * a tie end named so would add a new contact on every import. */
static char *fold(const char *s)
{
	if (empty(s))
		return strdup("");
	size_t at, n = strlen(s);
	char *out = NULL;
	if (rn_text_check(s, n, &at) != RN_TEXT_OK)
		return strdup(s);
	if (rn_text_fold(s, n, &out) != 0)
		return NULL;
	if (!*out) {
		free(out);
		const char *t = rn_text_trim(s, &n);
		out = strndup(t, n);
	}
	return out;
}

static char *lower_email(const char *s)
{
	size_t n = strlen(s);
	s = rn_text_trim(s, &n);
	char *e = malloc(n + 1);
	if (!e)
		return NULL;
	for (size_t i = 0; i < n; i++)
		e[i] = (char) (s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
	e[n] = '\0';
	return e;
}

/* ---- the contact indexes -------------------------------------------------- */

/* Add key (hash h) -> r to km (the first row stays; the count goes up);
 * *slot is its slot, NULL for an empty key. */
static int index_key(struct rn_import *im, struct kmap *km, const char *key, uint64_t h,
                     int64_t r, struct kslot **slot)
{
	struct kslot *sl = NULL;
	*slot = NULL;
	if (!*key)
		return 0;
	int rc = rn_writer_kmap_put(im, km, key, h, &sl);
	if (rc < 0)
		return -1;
	if (sl->row < 0)
		sl->row = r;
	if (sl->row != r)
		sl->count++;
	else if (rc == 0)
		sl->count = 1;
	*slot = sl;
	return 0;
}

/* Chain existing contact r after the others with its name (sl). */
static int chain_name(struct rn_import *im, struct kslot *sl, int64_t r)
{
	if (rn_writer_grow((void **) &im->name_next, &im->name_next_cap, (size_t) r + 1,
	                   sizeof(*im->name_next)) < 0)
		return -1;
	im->name_next[r] = -1;
	if (sl->row != r)
		im->name_next[sl->last] = r;
	sl->last = (uint32_t) r;
	return 0;
}

/* The match keys of one person (struct rn_import_keys), each malloc'd
 * here. */
void rn_writer_pkeys_free(struct rn_import_keys *k)
{
	free(k->u);
	free(k->e);
	free(k->fn);
	free(k->nc);
}

/* Returns 0, or -1 on OOM (k is then freed). */
int rn_writer_pkeys_make(struct rn_import_keys *k, const char *url, const char *email,
                         const char *name, const char *company)
{
	k->u = empty(url) ? strdup("") : rn_import_norm_url(url);
	k->e = empty(email) ? strdup("") : lower_email(email);
	k->fn = fold(name);
	k->nc = NULL;
	if (k->fn && *k->fn && !empty(company)) {
		char *fc = fold(company);
		if (fc && *fc) {
			size_t n1 = strlen(k->fn), n2 = strlen(fc);
			k->nc = malloc(n1 + n2 + 2);
			if (k->nc) {
				memcpy(k->nc, k->fn, n1);
				k->nc[n1] = '\x1f';
				memcpy(k->nc + n1 + 1, fc, n2 + 1);
			}
		} else if (fc) {
			k->nc = strdup("");
		}
		free(fc);
	} else if (k->fn) {
		k->nc = strdup("");
	}
	if (!k->u || !k->e || !k->fn || !k->nc) {
		rn_writer_pkeys_free(k);
		memset(k, 0, sizeof(*k));
		return -1;
	}
	k->hu = *k->u ? khash(k->u) : 0;
	k->he = *k->e ? khash(k->e) : 0;
	k->hfn = *k->fn ? khash(k->fn) : 0;
	k->hnc = *k->nc ? khash(k->nc) : 0;
	return 0;
}

/*
 * The match keys of contact r.  The name + company a source gives is a key
 * of the contact it matched even when the contact's own cell says otherwise
 * (a company edited by hand): the next export that names them so finds them
 * again.  The name itself is counted only once per contact (with_name).
 */
int rn_writer_index_contact(struct rn_import *im, int64_t r, const struct rn_import_keys *k,
                            int with_name, int matched_by)
{
	/* The key a person was just matched by already points at r. */
	struct kslot *sl;
	int rc = matched_by == 1 ? 0 : index_key(im, &im->urls, k->u, k->hu, r, &sl);
	if (!rc && matched_by != 2)
		rc = index_key(im, &im->emails, k->e, k->he, r, &sl);
	if (!rc && with_name) {
		rc = index_key(im, &im->names, k->fn, k->hfn, r, &sl);
		if (!rc && sl && (size_t) r < im->t[RN_TABLE_CONTACTS].nexisting)
			rc = chain_name(im, sl, r);
	}
	if (!rc && matched_by != 3)
		rc = index_key(im, &im->namecos, k->nc, k->hnc, r, &sl);
	return rc;
}

static const char *const ccol_name[5] = { "id", "name", "url", "email", "company" };


/* ---- contacts ------------------------------------------------------------- */

/* A contact's value in key column k: its cell, or what the import says of an
 * existing row whose cell is empty. */
const char *rn_writer_contact_val(const struct rn_import *im, int64_t r, int k)
{
	const struct table *t = &im->t[RN_TABLE_CONTACTS];
	long c = im->ccol[k];
	if (c < 0) {
		c = rn_writer_col_find(t, ccol_name[k]);
		if (c < 0)
			return NULL;
		((struct rn_import *) im)->ccol[k] = c;
	}
	const struct row *rw = row_r(t, (size_t) r);
	if (!rw)
		return NULL;
	const char *v = (size_t) c < rw->n ? rw->cell[c] : NULL;
	if (empty(v) && (size_t) c < rw->n_prop)
		v = rw->prop[c];
	return v;
}

const char *rn_import_contact_id(const struct rn_import *im, int64_t i)
{
	return (size_t) i < im->cid_cap && im->cid[i] ? im->cid[i]
	                                              : rn_writer_contact_val(im, i, CC_ID);
}

/* Remember contact r's id cell in cid (cells never move). */
int rn_writer_note_id(struct rn_import *im, int64_t r)
{
	if (rn_writer_grow((void **) &im->cid, &im->cid_cap, (size_t) r + 1, sizeof(*im->cid)) < 0)
		return -1;
	im->cid[r] = rn_writer_contact_val(im, r, CC_ID);
	return 0;
}

const char *rn_import_contact_name(const struct rn_import *im, int64_t i)
{
	const char *n = rn_writer_contact_val(im, i, CC_NAME);
	return empty(n) ? rn_import_contact_id(im, i) : n;
}

int rn_writer_differ_url(const char *a, const char *b)
{
	if (empty(a) || empty(b))
		return 0;
	char *x = rn_import_norm_url(a), *y = rn_import_norm_url(b);
	int d = !x || !y || strcmp(x, y) != 0;
	free(x);
	free(y);
	return d;
}

int rn_writer_differ_email(const char *a, const char *b)
{
	if (empty(a) || empty(b))
		return 0;
	size_t na = strlen(a), nb = strlen(b);
	a = rn_text_trim(a, &na);
	b = rn_text_trim(b, &nb);
	if (na != nb)
		return 1;
	for (size_t i = 0; i < na; i++) {
		char x = a[i], y = b[i];
		if ((x >= 'A' && x <= 'Z' ? x + 32 : x) != (y >= 'A' && y <= 'Z' ? y + 32 : y))
			return 1;
	}
	return 0;
}

/* Does the `source` cell of existing contact r ("a; b") name src? */
static int had_source(const struct rn_import *im, int64_t r, const char *src)
{
	const struct table *t = &im->t[RN_TABLE_CONTACTS];
	long c = rn_writer_col_find(t, "source");
	const struct row *rw = c < 0 ? NULL : row_r(t, (size_t) r);
	const char *p = rw && (size_t) c < rw->n ? rw->cell[c] : NULL;
	size_t want = empty(src) ? 0 : strlen(src);
	while (want && p && *p) {
		const char *q = strchr(p, ';');
		size_t n = q ? (size_t) (q - p) : strlen(p);
		const char *w = rn_text_trim(p, &n);
		if (n == want && memcmp(w, src, n) == 0)
			return 1;
		p = q ? q + 1 : NULL;
	}
	return 0;
}

enum how { HOW_NONE, HOW_URL, HOW_EMAIL, HOW_NAME };

/*
 * A person known by name alone is not matched to another by that name (two
 * Bobs stay two), except to a contact of that name that the same source
 * made before, with nothing more known of it either, and not yet met in
 * this run: the first such in row order.  Re-running an import is then a
 * no-op, also when one source has two Bobs (the first finds bob, the
 * second bob-2).  Existing contacts (sl's chain, in name_next) that can
 * never be found so again (met, or with a URL, e-mail or company) are
 * taken out of the chain as they are passed.  -1 when none fits.
 */
static int64_t same_again(struct rn_import *im, struct kslot *sl, const char *source)
{
	size_t nexisting = im->t[RN_TABLE_CONTACTS].nexisting;
	int64_t prev = -1;
	for (int64_t r = sl->row; r >= 0 && (size_t) r < nexisting;) {
		int64_t next = im->name_next[r];
		int never = (im->c_new[r] & 2) || !empty(rn_writer_contact_val(im, r, CC_URL)) ||
		            !empty(rn_writer_contact_val(im, r, CC_EMAIL)) ||
		            !empty(rn_writer_contact_val(im, r, CC_COMPANY));
		if (!never && had_source(im, r, source))
			return r;
		if (never && prev >= 0)
			im->name_next[prev] = next;
		else
			prev = r;
		r = next;
	}
	return -1;
}

/*
 * The contact p (with keys k) matches, or -1.  *ambiguous is set when the
 * name and company fit more than one contact.
 */
static int64_t match(struct rn_import *im, const struct rn_import_person *p,
                     const struct rn_import_keys *k, enum how *how, int *ambiguous)
{
	struct kslot *sl;
	*how = HOW_NONE;
	*ambiguous = 0;
	if (!empty(p->id))
		return rn_idmap_get(im->ids, p->id, strlen(p->id));
	if (*k->u && (sl = kmap_get(&im->urls, k->u, k->hu))) {
		*how = HOW_URL;
		return sl->row;
	}
	if (*k->e && (sl = kmap_get(&im->emails, k->e, k->he)) &&
	    (empty(p->url) ||
	     !rn_writer_differ_url(rn_writer_contact_val(im, sl->row, CC_URL), p->url))) {
		*how = HOW_EMAIL;
		return sl->row;
	}
	if (*k->nc && (sl = kmap_get(&im->namecos, k->nc, k->hnc))) {
		if (sl->count > 1) {
			*ambiguous = 1;
		} else if ((empty(p->url) ||
		            !rn_writer_differ_url(rn_writer_contact_val(im, sl->row, CC_URL),
		                                  p->url)) &&
		           (empty(p->email) ||
		            !rn_writer_differ_email(rn_writer_contact_val(im, sl->row, CC_EMAIL),
		                                    p->email))) {
			*how = HOW_NAME;
			return sl->row;
		}
	}
	if (!*k->u && !*k->e && !*k->nc && *k->fn &&
	    (sl = kmap_get(&im->names, k->fn, k->hfn))) {
		int64_t r = same_again(im, sl, p->source);
		if (r >= 0)
			*how = HOW_NAME;
		return r;
	}
	return -1;
}

int64_t rn_import_lookup(struct rn_import *im, const char *text)
{
	if (empty(text))
		return -1;
	size_t n = strlen(text);
	const char *s = rn_text_trim(text, &n);
	char *t = strndup(s, n);
	if (!t)
		return -1;
	int64_t r = rn_idmap_get(im->ids, t, n);
	if (r < 0 && strchr(t, '@')) {
		char *e = lower_email(t);
		struct kslot *sl = e ? kmap_get(&im->emails, e, khash(e)) : NULL;
		r = sl ? sl->row : -1;
		free(e);
	}
	if (r < 0) {
		char *f = fold(t);
		struct kslot *sl = f && *f ? kmap_get(&im->names, f, khash(f)) : NULL;
		r = !sl ? -1 : sl->count == 1 ? sl->row : -2;
		free(f);
	}
	free(t);
	return r;
}

int64_t rn_import_find_person(struct rn_import *im, const struct rn_import_person *p)
{
	enum how how;
	int amb;
	struct rn_import_keys k;
	if (rn_writer_pkeys_make(&k, p->url, p->email, p->name, p->company) < 0)
		return -1;
	int64_t r = match(im, p, &k, &how, &amb);
	rn_writer_pkeys_free(&k);
	return r < 0 ? -1 : r;
}

/* A new contact row with this id (unique); -1 on OOM. */
static int64_t contact_new(struct rn_import *im, const char *id)
{
	struct table *t = &im->t[RN_TABLE_CONTACTS];
	long c = rn_writer_col_get(im, t, "id");
	long r = rn_writer_row_new(t);
	char *k = sdup(im, id);
	int64_t idx;
	if (c < 0 || r < 0 || !k || rn_idmap_put(im->ids, k, strlen(k), &idx) != 0 || idx != r)
		return -1;
	if (rn_writer_cell_set(im, t, (size_t) r, c, id) < 0 || rn_writer_note_id(im, r) < 0)
		return -1;
	if (rn_writer_grow((void **) &im->c_new, &im->c_cap, (size_t) r + 1, 1) < 0)
		return -1;
	im->c_new[r] = 1;
	return r;
}

/* A unique readable id for a new contact: the slug of the name, then -2, -3... */
static char *new_id(struct rn_import *im, const struct rn_import_person *p)
{
	const char *basis = !empty(p->name) ? p->name : !empty(p->email) ? p->email : "contact";
	char *base = NULL;
	if (empty(p->name) && !empty(p->email)) {
		const char *at = strchr(p->email, '@');
		char *local = strndup(p->email, at ? (size_t) (at - p->email) : strlen(p->email));
		if (local)
			base = rn_import_slug(local);
		free(local);
	} else {
		base = rn_import_slug(basis);
	}
	if (!base)
		return NULL;
	struct kslot *sl;
	if (rn_writer_kmap_put(im, &im->slugs, base, khash(base), &sl) < 0) {
		free(base);
		return NULL;
	}
	size_t n = strlen(base) + 24;
	char *id = malloc(n);
	if (!id) {
		free(base);
		return NULL;
	}
	for (;;) {
		if (sl->extra == 0)
			snprintf(id, n, "%s", base);
		else
			snprintf(id, n, "%s-%u", base, sl->extra + 1);
		sl->extra++;
		if (rn_idmap_get(im->ids, id, strlen(id)) < 0)
			break;
	}
	free(base);
	return id;
}

/* The display form of a person for messages: "Dana Wu (Acme)". */
static void describe(char *buf, size_t n, const char *name, const char *company)
{
	if (!empty(company))
		snprintf(buf, n, "%s (%s)", empty(name) ? "?" : name, company);
	else
		snprintf(buf, n, "%s", empty(name) ? "?" : name);
}

/* A person with nothing to know them by is not added. */
static int nobody(const struct rn_import_person *p)
{
	return empty(p->id) && empty(p->name) && empty(p->email) && empty(p->url);
}

/* rn_import_add_person() with p's keys made (k, freed here). */
/*
 * Offer p's value v for column col of contact r.  When an earlier row of
 * this import gave the cell another value, that one is kept and the
 * difference said at p's row, as a conflict: nothing is dropped unsaid.
 * 0, or -1 on OOM.
 */
static int offer(struct rn_import *im, struct table *t, size_t r,
                 const struct rn_import_person *p, const char *col, const char *v)
{
	const char *kept = NULL;
	int rc = rn_writer_offer_named(im, t, r, col, v, &kept);
	if (rc != 1)
		return rc;
	long c = rn_writer_col_get(im, t, col);   /* there: the offer found it */
	const char *id = rn_import_contact_id(im, (int64_t) r);
	im->st.conflicts++;
	rn_diag_warn(im->diag, p->file, p->line, 0,
	             "%s (%s): kept '%s' in column '%s' from an earlier row; this row says '%s'",
	             rn_import_contact_name(im, (int64_t) r), id ? id : "?", kept,
	             c >= 0 ? t->head[c] : col, v);
	return 0;
}

static enum rn_status add_person(struct rn_import *im, const struct rn_import_person *p,
                                 struct rn_import_keys *k, int64_t *index)
{
	struct table *t = &im->t[RN_TABLE_CONTACTS];
	enum rn_status st = RN_E_INTERNAL;
	enum how how;
	int ambiguous;
	*index = -1;

	int64_t r = match(im, p, k, &how, &ambiguous);
	int made = 0;
	if (r < 0 && ambiguous && empty(p->id)) {
		/* Several contacts have this name and company and nothing else
		 * tells which one this is: a new contact each time would rn_writer_grow the
		 * network on every run.  Not imported, and said. */
		rn_diag_warn(im->diag, p->file, p->line, 0,
		             "'%s' at '%s' fits more than one contact and the row has no profile "
		             "URL or e-mail to tell which: not imported", p->name, p->company);
		im->st.skipped++;
		st = RN_OK;
		goto done;
	}
	if (r < 0) {
		char *id = !empty(p->id) ? strdup(p->id) : new_id(im, p);
		if (!id)
			goto done;
		/* Same name, not the same person by the rules: say so. */
		struct kslot *same = *k->fn ? kmap_get(&im->names, k->fn, k->hfn) : NULL;
		if (same && empty(p->id) && im->diag->kept_warnings >= RN_DIAG_KEEP) {
			/* Not kept (the first RN_DIAG_KEEP by position are, and rows
			 * come in file order): only counted, without the cost of
			 * saying it. */
			rn_diag_warn(im->diag, p->file, p->line, 0, "name collision");
			im->st.collisions++;
		} else if (same && empty(p->id)) {
			char a[300], b[300];
			int64_t o = same->row;
			const char *oid = rn_import_contact_id(im, o);
			describe(a, sizeof(a), p->name, p->company);
			describe(b, sizeof(b), rn_import_contact_name(im, o),
			         rn_writer_contact_val(im, o, CC_COMPANY));
			const char *why =
			    rn_writer_differ_url(rn_writer_contact_val(im, o, CC_URL), p->url)
			        ? "their profile URLs differ"
			    : rn_writer_differ_email(rn_writer_contact_val(im, o, CC_EMAIL),
			                             p->email)
			        ? "their e-mail addresses differ"
			        : "no profile URL, e-mail or company shows they are one person";
			rn_diag_warn(im->diag, p->file, p->line, 0,
			             "'%s' and '%s' (%s) share a name but are kept apart as '%s' "
			             "(%s); if they are one person, merge the rows by hand",
			             a, b, oid ? oid : "?", id, why);
			im->st.collisions++;
		}
		r = contact_new(im, id);
		free(id);
		if (r < 0)
			goto done;
		made = 1;
		im->st.contacts_new++;
	} else if ((size_t) r < t->nexisting) {
		if (!(im->c_new[r] & 2))
			im->st.known++;
		im->c_new[r] |= 2;
	} else if (how != HOW_NONE) {
		im->st.merged++;
		im->st.by_url += how == HOW_URL;
		im->st.by_email += how == HOW_EMAIL;
		im->st.by_name += how == HOW_NAME;
	}
	size_t rr = (size_t) r;
	if (offer(im, t, rr, p, "name", p->name) < 0 || offer(im, t, rr, p, "email", p->email) < 0 ||
	    offer(im, t, rr, p, "company", p->company) < 0 || offer(im, t, rr, p, "url", p->url) < 0)
		goto done;
	for (size_t i = 0; i < p->nfields; i++)
		if (offer(im, t, rr, p, p->fields[i].col, p->fields[i].val) < 0)
			goto done;
	if (rn_writer_add_source(im, r, p->source) < 0)
		goto done;
	if (rn_writer_index_contact(im, r, k, made, how == HOW_URL ? 1 : how == HOW_EMAIL ? 2
	                            : how == HOW_NAME ? 3 : 0) < 0)
		goto done;
	*index = r;
	st = RN_OK;
done:
	return st;
}

int rn_import_make_keys(const struct rn_import_person *p, struct rn_import_keys *k,
                        struct rn_arena *arena)
{
	struct rn_import_keys m;
	if (rn_writer_pkeys_make(&m, p->url, p->email, p->name, p->company) < 0)
		return -1;
	*k = m;
	k->u = rn_arena_strndup(arena, m.u, strlen(m.u));
	k->e = rn_arena_strndup(arena, m.e, strlen(m.e));
	k->fn = rn_arena_strndup(arena, m.fn, strlen(m.fn));
	k->nc = rn_arena_strndup(arena, m.nc, strlen(m.nc));
	rn_writer_pkeys_free(&m);
	return k->u && k->e && k->fn && k->nc ? 0 : -1;
}

enum rn_status rn_import_add_person(struct rn_import *im, const struct rn_import_person *p,
                                    int64_t *index)
{
	return rn_import_add_people(im, p, 1, index);
}

/* Rows per batch of rn_import_add_people: enough look-ups in flight to
 * hide the memory latency, few enough that the slots fetched are still in
 * the cache when their row comes. */
enum { PEOPLE_BATCH = 32 };

enum rn_status rn_import_add_people(struct rn_import *im, const struct rn_import_person *p,
                                    size_t n, int64_t *index)
{
	const struct table *t = &im->t[RN_TABLE_CONTACTS];
	struct rn_import_keys k[PEOPLE_BATCH];
	int64_t krow[PEOPLE_BATCH];
	unsigned char own[PEOPLE_BATCH];   /* k[i] made here, freed here */
	for (size_t at = 0; at < n; at += PEOPLE_BATCH) {
		size_t m = n - at < PEOPLE_BATCH ? n - at : PEOPLE_BATCH;
		/* The keys of the batch, and their slots fetched: a row's keys do
		 * not depend on the rows before it, only its matches do. */
		for (size_t i = 0; i < m; i++) {
			const struct rn_import_person *q = &p[at + i];
			own[i] = 0;
			if (nobody(q)) {
				memset(&k[i], 0, sizeof(k[i]));
				continue;
			}
			if (q->keys) {
				k[i] = *q->keys;
			} else if (rn_writer_pkeys_make(&k[i], q->url, q->email, q->name,
			                                q->company) < 0) {
				for (size_t j = 0; j < i; j++)
					if (own[j])
						rn_writer_pkeys_free(&k[j]);
				return RN_E_INTERNAL;
			} else {
				own[i] = 1;
			}
			if (k[i].hu)
				kmap_prefetch(&im->urls, k[i].hu);
			if (k[i].he)
				kmap_prefetch(&im->emails, k[i].he);
			if (k[i].hnc)
				kmap_prefetch(&im->namecos, k[i].hnc);
			if (k[i].hfn)
				kmap_prefetch(&im->names, k[i].hfn);
		}
		/* Then the key texts and the contact rows they point at. */
		for (size_t i = 0; i < m; i++) {
			int64_t r = -1;
			if (k[i].hu)
				r = kmap_peek(&im->urls, k[i].hu);
			if (k[i].hnc) {
				int64_t r2 = kmap_peek(&im->namecos, k[i].hnc);
				r = r >= 0 ? r : r2;
			}
			if (k[i].hfn)
				kmap_peek(&im->names, k[i].hfn);
			if (r >= 0 && (size_t) r < t->cap)
				__builtin_prefetch(&t->rows[r]);
			krow[i] = r;
		}
		/* And what the rows point at: their cells and source lists. */
		for (size_t i = 0; i < m; i++) {
			int64_t r = krow[i];
			if (r < 0)
				continue;
			if ((size_t) r < t->cap)
				__builtin_prefetch(t->rows[r].cell);
			if ((size_t) r < im->src_head_cap)
				__builtin_prefetch(&im->src_head[r]);
		}
		for (size_t i = 0; i < m; i++) {
			enum rn_status st = RN_OK;
			index[at + i] = -1;
			if (k[i].u)
				st = add_person(im, &p[at + i], &k[i], &index[at + i]);
			if (own[i])
				rn_writer_pkeys_free(&k[i]);
			if (st != RN_OK) {
				for (size_t j = i + 1; j < m; j++)
					if (own[j])
						rn_writer_pkeys_free(&k[j]);
				return st;
			}
		}
	}
	return RN_OK;
}

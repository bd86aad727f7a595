/*
 * The network writer every import source goes through (include/refnet/import.h):
 * the contacts, ties and log being built, as text tables, with the indexes
 * that match people across sources, and the merge with a network directory
 * that is already there.
 *
 * Tables are kept as text cells, not as the loader's typed arrays, because
 * a merge must give back every cell of an existing row exactly as it was
 * written (a hand-edited note, "0.80" rather than 0.8).  The existing
 * network is loaded first anyway, to refuse merging into an invalid one
 * and to learn which header is which column (aliases such as "source" for
 * "a").  Rows from the directory are "existing": what the import says
 * about them is held apart and, at the end, fills their empty cells or is
 * reported as a conflict.  Rows made by this import take the first
 * non-empty value each source gives.
 *
 * The output is deterministic: contacts and ties are written in the order
 * they were first seen (existing rows first, in file order), columns in
 * the existing file's order and then in a fixed order for new ones.
 */
#define _GNU_SOURCE   /* fopencookie */
#include "refnet/import.h"

#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xxhash.h>

#include "../net/idmap.h"
#include "refnet/bigmem.h"
#include "refnet/arena.h"
#include "refnet/csv.h"
#include "refnet/date.h"
#include "refnet/network.h"
#include "refnet/output.h"
#include "refnet/parallel.h"
#include "refnet/text.h"

enum { SRC_BITMAPS = 1024 };

/* ---- tables of text cells ---------------------------------------------- */

struct row {
	char **cell;          /* cell[c] for c < n; NULL is empty */
	uint32_t n;
	long line;            /* line in the existing file, 0 for a new row */
	char **prop;          /* existing rows: what the import says (n_prop cells) */
	uint32_t n_prop;
};

struct table {
	const char *file;     /* "contacts.csv" */
	size_t ncols;
	char **key;           /* canonical or normalised name, for look-ups */
	char **head;          /* header text to write */
	int *existing_col;    /* the column was in the file on disk */
	size_t nrows, cap;
	struct row *rows;
	size_t nexisting;     /* rows 0..nexisting-1 came from the file */
	int on_disk;          /* the file exists */
	char *path;
};

/* A uint64 -> uint32 open-addressing map, for tie pairs: key and value in
 * one slot, so a look-up costs one cache miss. */
struct pairslot {
	uint64_t key;         /* 0 is empty: keys are stored + 1 */
	uint32_t val;
};

struct pairmap {
	struct pairslot *slot;
	size_t cap, n;
};

/* What the import says of one tie.  Rows made by this import keep no
 * text cells for these: they are written from here, which at millions of
 * ties saves most of the memory. */
struct tieinfo {
	double strength;      /* 0: no opinion */
	int since, last;
	uint32_t a, b;        /* the two contacts (their ids never change) */
	uint32_t basis;       /* index in basis_text + 1, 0 none */
	uint32_t touched;     /* the import said something about it */
};

/* A string -> slot map whose slots carry a contact row and a count. */
struct slot {
	int64_t row;          /* the first contact with the key */
	uint32_t count;       /* contacts (or log rows) with it */
	uint32_t extra;       /* slugs: next suffix; log rows: rows seen in this import */
};

struct keymap {
	struct rn_idmap *m;
	struct slot *v;
	size_t cap;
};

/*
 * The match keys (URL, e-mail, name, name + company, slug) -> contact: open
 * addressing with the key's 64-bit hash, the key and what it maps to in
 * one slot, so a look-up costs one cache miss for the slot and one for the
 * key text, and a batch of rows can fetch both ahead (rn_import_add_people).
 */
struct kslot {
	uint64_t h;
	const char *key;      /* NULL: the slot is empty */
	int64_t row;          /* the first contact with the key */
	uint32_t count;       /* contacts with it */
	uint32_t extra;       /* slugs: the next suffix */
};

struct kmap {
	struct kslot *s;
	size_t mask, n;
};

struct rn_import {
	struct rn_import_options opts;
	struct rn_diag *diag;
	struct rn_arena arena;
	struct table t[RN_TABLE_COUNT];

	/* Contacts: the row index is the id map's index. */
	struct rn_idmap *ids;
	struct kmap urls, emails, names, namecos, slugs;
	struct keymap events;
	unsigned char *c_new;   /* contact rows made by this import; bit 2: existing row seen */
	size_t c_cap;
	const char **cid;       /* each contact's id, for the many look-ups by index */
	size_t cid_cap;

	/* The sources each contact was seen in, as lists of interned texts
	 * (a contact seen in 50 exports would otherwise copy its growing
	 * source cell 50 times): src_head[r] is the newest node + 1, 0 none. */
	struct keymap sources;
	const char **source_text;
	size_t source_cap;
	struct srcnode { uint32_t next; uint32_t src; } *srcnode;
	size_t nsrcnode, srcnode_cap;
	uint32_t *src_head;
	size_t src_head_cap;
	/* Whether contact r has source s: bit r of src_bits[s], for the first
	 * SRC_BITMAPS sources (one export's bitmap stays in the cache while
	 * its rows come; walking the lists cost a cache miss per node, and a
	 * contact in 50 exports has 50).  Later sources walk the list. */
	unsigned char **src_bits;
	size_t *src_bits_len;
	int64_t last_src;       /* the source of the last add_source(), -1 none */

	struct pairmap pairs;
	struct tieinfo *tinfo;  /* by tie row */
	size_t tinfo_cap;
	struct keymap bases;    /* basis texts, interned... */
	const char **basis_text;  /* ...by their index in bases */
	size_t basis_cap;
	uint32_t last_basis;      /* the basis of the last tie (index + 1), 0 none */

	/* Contacts' key columns, found once (columns never move). */
	long ccol[5];

	struct rn_import_stats st;
};

enum { CC_ID, CC_NAME, CC_URL, CC_EMAIL, CC_COMPANY };
static const char *const ccol_name[5] = { "id", "name", "url", "email", "company" };

static char *sdup(struct rn_import *im, const char *s)
{
	return rn_arena_strndup(&im->arena, s ? s : "", s ? strlen(s) : 0);
}

static int empty(const char *s)
{
	return !s || !*s;
}

/* Room for want elements in *p (new ones zeroed): big arrays are mapped
 * (rn_big_realloc: huge pages, zero pages from the kernel, growth without
 * copying), so free them with rn_big_free. */
static int grow(void **p, size_t *cap, size_t want, size_t elem)
{
	if (want <= *cap)
		return 0;
	size_t c = *cap ? *cap : 64;
	while (c < want)
		c *= 2;
	void *q = rn_big_realloc(*p, c * elem);
	if (!q)
		return -1;
	*p = q;
	*cap = c;
	return 0;
}

static long col_find(const struct table *t, const char *key)
{
	for (size_t i = 0; i < t->ncols; i++)
		if (strcmp(t->key[i], key) == 0)
			return (long) i;
	return -1;
}

/* The column named key (normalised), added when absent; -1 on OOM. */
static long col_get(struct rn_import *im, struct table *t, const char *name)
{
	char buf[256];
	size_t n = strlen(name), k = 0;
	const char *s = rn_text_trim(name, &n);
	for (size_t i = 0; i < n && k + 1 < sizeof(buf); i++) {
		char c = s[i];
		buf[k++] = (char) (c >= 'A' && c <= 'Z' ? c + 32 : c == ' ' || c == '-' ? '_' : c);
	}
	buf[k] = '\0';
	long c = col_find(t, buf);
	if (c >= 0)
		return c;
	char **key = realloc(t->key, (t->ncols + 1) * sizeof(*key));
	if (key)
		t->key = key;
	char **head = realloc(t->head, (t->ncols + 1) * sizeof(*head));
	if (head)
		t->head = head;
	int *ex = realloc(t->existing_col, (t->ncols + 1) * sizeof(*ex));
	if (ex)
		t->existing_col = ex;
	if (!key || !head || !ex)
		return -1;
	t->key[t->ncols] = rn_arena_strndup(&im->arena, buf, k);
	t->head[t->ncols] = rn_arena_strndup(&im->arena, s, n);
	t->existing_col[t->ncols] = 0;
	if (!t->key[t->ncols] || !t->head[t->ncols])
		return -1;
	return (long) t->ncols++;
}

/* A new empty row.  Its struct row is made when a cell is written
 * (row_w): millions of new ties have none, they are written from their
 * struct tieinfo. */
static long row_new(struct table *t)
{
	return (long) t->nrows++;
}

/* Row r to write to; NULL on OOM. */
static struct row *row_w(struct table *t, size_t r)
{
	if (grow((void **) &t->rows, &t->cap, r + 1, sizeof(*t->rows)) < 0)
		return NULL;
	return &t->rows[r];
}

/* Row r to read, NULL when it has no cells. */
static const struct row *row_r(const struct table *t, size_t r)
{
	return r < t->cap ? &t->rows[r] : NULL;
}

static const char *cell(const struct table *t, size_t r, long c)
{
	const struct row *rw = row_r(t, r);
	return rw && c >= 0 && (size_t) c < rw->n ? rw->cell[c] : NULL;
}

static int cell_room(char ***cells, uint32_t *n, size_t c)
{
	if (c < *n)
		return 0;
	size_t want = c + 1 < 8 ? 8 : c + 1;
	char **p = realloc(*cells, want * sizeof(*p));
	if (!p)
		return -1;
	for (size_t i = *n; i < want; i++)
		p[i] = NULL;
	*cells = p;
	*n = (uint32_t) want;
	return 0;
}

static int cell_set(struct rn_import *im, struct table *t, size_t r, long c, const char *v)
{
	struct row *rw = row_w(t, r);
	if (!rw || cell_room(&rw->cell, &rw->n, (size_t) c) < 0)
		return -1;
	if (empty(v)) {
		rw->cell[c] = NULL;
		return 0;
	}
	rw->cell[c] = sdup(im, v);
	return rw->cell[c] ? 0 : -1;
}

/*
 * What the import says about cell (r, c): a new row takes the first
 * non-empty value; an existing row keeps it apart for the merge.
 */
static int offer(struct rn_import *im, struct table *t, size_t r, long c, const char *v)
{
	struct row *rw = c < 0 ? NULL : row_w(t, r);
	if (!rw)
		return -1;
	if (r < t->nexisting) {
		if (cell_room(&rw->prop, &rw->n_prop, (size_t) c) < 0)
			return -1;
		if (!empty(v) && !rw->prop[c]) {
			rw->prop[c] = sdup(im, v);
			if (!rw->prop[c])
				return -1;
		}
		return 0;
	}
	if (cell_room(&rw->cell, &rw->n, (size_t) c) < 0)
		return -1;
	if (!empty(v) && !rw->cell[c]) {
		rw->cell[c] = sdup(im, v);
		if (!rw->cell[c])
			return -1;
	}
	return 0;
}

static int offer_named(struct rn_import *im, struct table *t, size_t r, const char *col,
                       const char *v)
{
	/* An empty value makes no column: a source without URLs adds no empty
	 * url column. */
	if (empty(v))
		return 0;
	long c = col_get(im, t, col);
	return c < 0 ? -1 : offer(im, t, r, c, v);
}

/* ---- maps ---------------------------------------------------------------- */

static uint64_t mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x;
}

static int64_t pair_get(const struct pairmap *m, uint64_t k)
{
	if (!m->cap)
		return -1;
	k++;
	for (size_t i = mix(k) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
		if (m->slot[i].key == 0)
			return -1;
		if (m->slot[i].key == k)
			return m->slot[i].val;
	}
}

static int pair_put(struct pairmap *m, uint64_t k, uint32_t v)
{
	if (2 * (m->n + 1) > m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 1024;
		struct pairslot *slot = rn_big_alloc(cap * sizeof(*slot));
		if (!slot)
			return -1;
		for (size_t i = 0; i < m->cap; i++) {
			if (!m->slot[i].key)
				continue;
			size_t j = mix(m->slot[i].key) & (cap - 1);
			while (slot[j].key)
				j = (j + 1) & (cap - 1);
			slot[j] = m->slot[i];
		}
		rn_big_free(m->slot);
		m->slot = slot;
		m->cap = cap;
	}
	k++;
	size_t i = mix(k) & (m->cap - 1);
	while (m->slot[i].key && m->slot[i].key != k)
		i = (i + 1) & (m->cap - 1);
	if (!m->slot[i].key)
		m->n++;
	m->slot[i].key = k;
	m->slot[i].val = v;
	return 0;
}

static uint64_t pair_key(int64_t a, int64_t b)
{
	uint64_t lo = (uint64_t) (a < b ? a : b), hi = (uint64_t) (a < b ? b : a);
	return lo << 32 | hi;
}

/*
 * Put key (copied into the arena) in km; its slot to *slot.  Returns 1 when
 * it was there, 0 when added (slot zeroed, row -1), -1 on OOM.
 */
static int map_put(struct rn_import *im, struct keymap *km, const char *key, struct slot **slot)
{
	int64_t idx;
	size_t n = strlen(key);
	int64_t at = rn_idmap_get(km->m, key, n);
	if (at >= 0) {
		*slot = &km->v[at];
		return 1;
	}
	char *k = rn_arena_strndup(&im->arena, key, n);
	if (!k || rn_idmap_put(km->m, k, n, &idx) < 0)
		return -1;
	if (grow((void **) &km->v, &km->cap, (size_t) idx + 1, sizeof(*km->v)) < 0)
		return -1;
	km->v[idx].row = -1;
	*slot = &km->v[idx];
	return 0;
}

static uint64_t khash(const char *key)
{
	return XXH3_64bits(key, strlen(key));
}

static int kmap_init(struct kmap *m, size_t n)
{
	size_t cap = 1024;
	while (cap < 2 * n)
		cap *= 2;
	m->s = rn_big_alloc(cap * sizeof(*m->s));
	m->mask = cap - 1;
	m->n = 0;
	return m->s ? 0 : -1;
}

/* The slot holding key (hash h), or the empty slot where it would go. */
static struct kslot *kmap_find(const struct kmap *m, const char *key, uint64_t h)
{
	for (size_t j = h & m->mask;; j = (j + 1) & m->mask) {
		struct kslot *sl = &m->s[j];
		if (!sl->key || (sl->h == h && strcmp(sl->key, key) == 0))
			return sl;
	}
}

static struct kslot *kmap_get(const struct kmap *m, const char *key, uint64_t h)
{
	struct kslot *sl = kmap_find(m, key, h);
	return sl->key ? sl : NULL;
}

/*
 * Key (hash h, copied into the arena) in m; its slot to *slot (valid until
 * the next kmap_put).  Returns 1 when it was there, 0 when added (row -1,
 * count and extra 0), -1 on OOM.
 */
static int kmap_put(struct rn_import *im, struct kmap *m, const char *key, uint64_t h,
                    struct kslot **slot)
{
	struct kslot *sl = kmap_find(m, key, h);
	if (sl->key) {
		*slot = sl;
		return 1;
	}
	if (2 * (m->n + 1) > m->mask + 1) {
		size_t cap = 2 * (m->mask + 1);
		struct kslot *ns = rn_big_alloc(cap * sizeof(*ns));
		if (!ns)
			return -1;
		for (size_t i = 0; i <= m->mask; i++) {
			if (!m->s[i].key)
				continue;
			size_t j = m->s[i].h & (cap - 1);
			while (ns[j].key)
				j = (j + 1) & (cap - 1);
			ns[j] = m->s[i];
		}
		rn_big_free(m->s);
		m->s = ns;
		m->mask = cap - 1;
		sl = kmap_find(m, key, h);
	}
	const char *k = rn_arena_strndup(&im->arena, key, strlen(key));
	if (!k)
		return -1;
	*sl = (struct kslot) { h, k, -1, 0, 0 };
	m->n++;
	*slot = sl;
	return 0;
}

/* Fetch the home slot of key hash h ahead of its look-up. */
static void kmap_prefetch(const struct kmap *m, uint64_t h)
{
	__builtin_prefetch(&m->s[h & m->mask]);
}

/* The contact the home slot of h names when its hash is h (most likely the
 * key's), fetching the key text ahead of the compare; -1 otherwise. */
static int64_t kmap_peek(const struct kmap *m, uint64_t h)
{
	const struct kslot *sl = &m->s[h & m->mask];
	if (!sl->key || sl->h != h)
		return -1;
	__builtin_prefetch(sl->key);
	return sl->row;
}

/* Folded text for matching ("José  Wu" -> "jose wu"), malloc'd; "" when s is empty. */
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

/* Add key (hash h) -> r to km (the first row stays; the count goes up). */
static int index_key(struct rn_import *im, struct kmap *km, const char *key, uint64_t h,
                     int64_t r)
{
	struct kslot *sl;
	if (!*key)
		return 0;
	int rc = kmap_put(im, km, key, h, &sl);
	if (rc < 0)
		return -1;
	if (sl->row < 0)
		sl->row = r;
	if (sl->row != r)
		sl->count++;
	else if (rc == 0)
		sl->count = 1;
	return 0;
}

/* The match keys of one person (struct rn_import_keys), each malloc'd
 * here. */
static void pkeys_free(struct rn_import_keys *k)
{
	free(k->u);
	free(k->e);
	free(k->fn);
	free(k->nc);
}

/* Returns 0, or -1 on OOM (k is then freed). */
static int pkeys_make(struct rn_import_keys *k, const char *url, const char *email, const char *name,
                      const char *company)
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
		pkeys_free(k);
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
static int index_contact(struct rn_import *im, int64_t r, const struct rn_import_keys *k, int with_name,
                         int matched_by)
{
	/* The key a person was just matched by already points at r. */
	int rc = matched_by == 1 ? 0 : index_key(im, &im->urls, k->u, k->hu, r);
	if (!rc && matched_by != 2)
		rc = index_key(im, &im->emails, k->e, k->he, r);
	if (!rc && with_name)
		rc = index_key(im, &im->names, k->fn, k->hfn, r);
	if (!rc && matched_by != 3)
		rc = index_key(im, &im->namecos, k->nc, k->hnc, r);
	return rc;
}

static void release_table(struct table *t)
{
	for (size_t r = 0; r < t->nrows && r < t->cap; r++) {
		free(t->rows[r].cell);
		free(t->rows[r].prop);
	}
	rn_big_free(t->rows);
	free(t->key);
	free(t->head);
	free(t->existing_col);
	free(t->path);
}

void rn_import_free(struct rn_import *im)
{
	if (!im)
		return;
	for (int i = 0; i < RN_TABLE_COUNT; i++)
		release_table(&im->t[i]);
	rn_idmap_free(im->ids);
	struct keymap *maps[] = { &im->events, &im->bases, &im->sources };
	for (size_t i = 0; i < RN_ARRAY_LEN(maps); i++) {
		rn_idmap_free(maps[i]->m);
		rn_big_free(maps[i]->v);
	}
	struct kmap *kmaps[] = { &im->urls, &im->emails, &im->names, &im->namecos, &im->slugs };
	for (size_t i = 0; i < RN_ARRAY_LEN(kmaps); i++)
		rn_big_free(kmaps[i]->s);
	rn_big_free(im->c_new);
	rn_big_free(im->cid);
	rn_big_free(im->source_text);
	rn_big_free(im->srcnode);
	rn_big_free(im->src_head);
	for (size_t i = 0; im->src_bits && i < SRC_BITMAPS; i++)
		rn_big_free(im->src_bits[i]);
	free(im->src_bits);
	free(im->src_bits_len);
	rn_big_free(im->pairs.slot);
	rn_big_free(im->tinfo);
	rn_big_free(im->basis_text);
	rn_arena_release(&im->arena);
	free(im);
}

/* ---- contacts ------------------------------------------------------------- */

/* A contact's value in key column k: its cell, or what the import says of an
 * existing row whose cell is empty. */
static const char *contact_val(const struct rn_import *im, int64_t r, int k)
{
	const struct table *t = &im->t[RN_TABLE_CONTACTS];
	long c = im->ccol[k];
	if (c < 0) {
		c = col_find(t, ccol_name[k]);
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
	return (size_t) i < im->cid_cap && im->cid[i] ? im->cid[i] : contact_val(im, i, CC_ID);
}

/* Remember contact r's id cell in cid (cells never move). */
static int note_id(struct rn_import *im, int64_t r)
{
	if (grow((void **) &im->cid, &im->cid_cap, (size_t) r + 1, sizeof(*im->cid)) < 0)
		return -1;
	im->cid[r] = contact_val(im, r, CC_ID);
	return 0;
}

const char *rn_import_contact_name(const struct rn_import *im, int64_t i)
{
	const char *n = contact_val(im, i, CC_NAME);
	return empty(n) ? rn_import_contact_id(im, i) : n;
}

static int differ_url(const char *a, const char *b)
{
	if (empty(a) || empty(b))
		return 0;
	char *x = rn_import_norm_url(a), *y = rn_import_norm_url(b);
	int d = !x || !y || strcmp(x, y) != 0;
	free(x);
	free(y);
	return d;
}

static int differ_email(const char *a, const char *b)
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
	long c = col_find(t, "source");
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
	    (empty(p->url) || !differ_url(contact_val(im, sl->row, CC_URL), p->url))) {
		*how = HOW_EMAIL;
		return sl->row;
	}
	if (*k->nc && (sl = kmap_get(&im->namecos, k->nc, k->hnc))) {
		if (sl->count > 1) {
			*ambiguous = 1;
		} else if ((empty(p->url) ||
		            !differ_url(contact_val(im, sl->row, CC_URL), p->url)) &&
		           (empty(p->email) ||
		            !differ_email(contact_val(im, sl->row, CC_EMAIL), p->email))) {
			*how = HOW_NAME;
			return sl->row;
		}
	}
	/* A person known by name alone is not matched to another by that name
	 * (two Bobs stay two), except to the one contact of that name that the
	 * same source made before, with nothing more known of it either, and
	 * not yet met in this run: re-running an import is then a no-op. */
	if (!*k->u && !*k->e && !*k->nc && *k->fn &&
	    (sl = kmap_get(&im->names, k->fn, k->hfn)) && sl->count == 1 &&
	    (size_t) sl->row < im->t[RN_TABLE_CONTACTS].nexisting && !(im->c_new[sl->row] & 2) &&
	    empty(contact_val(im, sl->row, CC_URL)) && empty(contact_val(im, sl->row, CC_EMAIL)) &&
	    empty(contact_val(im, sl->row, CC_COMPANY)) && had_source(im, sl->row, p->source)) {
		*how = HOW_NAME;
		return sl->row;
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
	if (pkeys_make(&k, p->url, p->email, p->name, p->company) < 0)
		return -1;
	int64_t r = match(im, p, &k, &how, &amb);
	pkeys_free(&k);
	return r < 0 ? -1 : r;
}

/* A new contact row with this id (unique); -1 on OOM. */
static int64_t contact_new(struct rn_import *im, const char *id)
{
	struct table *t = &im->t[RN_TABLE_CONTACTS];
	long c = col_get(im, t, "id");
	long r = row_new(t);
	char *k = sdup(im, id);
	int64_t idx;
	if (c < 0 || r < 0 || !k || rn_idmap_put(im->ids, k, strlen(k), &idx) != 0 || idx != r)
		return -1;
	if (cell_set(im, t, (size_t) r, c, id) < 0 || note_id(im, r) < 0)
		return -1;
	if (grow((void **) &im->c_new, &im->c_cap, (size_t) r + 1, 1) < 0)
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
	if (kmap_put(im, &im->slugs, base, khash(base), &sl) < 0) {
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

/* Add src to the `;`-separated set in *cell (arena); 0 or -1. */
static int set_add(struct rn_import *im, char **cellp, const char *src)
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

static int add_source(struct rn_import *im, int64_t r, const char *src)
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
		    grow((void **) &im->source_text, &im->source_cap, (size_t) at + 1,
		         sizeof(char *)) < 0)
			return -1;
		im->source_text[at] = k;
	}
	im->last_src = at;
	if (grow((void **) &im->src_head, &im->src_head_cap, (size_t) r + 1, sizeof(uint32_t)) < 0)
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
		if (grow((void **) &im->src_bits[at], &len, byte + 1, 1) < 0)
			return -1;
		im->src_bits_len[at] = len;
		im->src_bits[at][byte] |= bit;
	} else {
		for (uint32_t k = im->src_head[r]; k; k = im->srcnode[k - 1].next)
			if (im->srcnode[k - 1].src == (uint32_t) at)
				return 0;
	}
	if (im->nsrcnode >= UINT32_MAX - 1 ||
	    grow((void **) &im->srcnode, &im->srcnode_cap, im->nsrcnode + 1,
	         sizeof(*im->srcnode)) < 0)
		return -1;
	im->srcnode[im->nsrcnode] = (struct srcnode) { im->src_head[r], (uint32_t) at };
	im->src_head[r] = (uint32_t) ++im->nsrcnode;
	return 0;
}

/* Contact r's sources joined by "; " in the order they came, into *buf
 * (malloc'd, grown); NULL when none or on OOM (*oom set). */
static const char *sources_text(const struct rn_import *im, size_t r, char **buf, size_t *cap,
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
		 * tells which one this is: a new contact each time would grow the
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
			describe(b, sizeof(b), rn_import_contact_name(im, o), contact_val(im, o, CC_COMPANY));
			const char *why = differ_url(contact_val(im, o, CC_URL), p->url)
			                      ? "their profile URLs differ"
			                  : differ_email(contact_val(im, o, CC_EMAIL), p->email)
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
	if (offer_named(im, t, rr, "name", p->name) < 0 ||
	    offer_named(im, t, rr, "email", p->email) < 0 ||
	    offer_named(im, t, rr, "company", p->company) < 0 ||
	    offer_named(im, t, rr, "url", p->url) < 0)
		goto done;
	for (size_t i = 0; i < p->nfields; i++)
		if (offer_named(im, t, rr, p->fields[i].col, p->fields[i].val) < 0)
			goto done;
	if (add_source(im, r, p->source) < 0)
		goto done;
	if (index_contact(im, r, k, made, how == HOW_URL ? 1 : how == HOW_EMAIL ? 2
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
	if (pkeys_make(&m, p->url, p->email, p->name, p->company) < 0)
		return -1;
	*k = m;
	k->u = rn_arena_strndup(arena, m.u, strlen(m.u));
	k->e = rn_arena_strndup(arena, m.e, strlen(m.e));
	k->fn = rn_arena_strndup(arena, m.fn, strlen(m.fn));
	k->nc = rn_arena_strndup(arena, m.nc, strlen(m.nc));
	pkeys_free(&m);
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
			} else if (pkeys_make(&k[i], q->url, q->email, q->name, q->company) < 0) {
				for (size_t j = 0; j < i; j++)
					if (own[j])
						pkeys_free(&k[j]);
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
				pkeys_free(&k[i]);
			if (st != RN_OK) {
				for (size_t j = i + 1; j < m; j++)
					if (own[j])
						pkeys_free(&k[j]);
				return st;
			}
		}
	}
	return RN_OK;
}

/* ---- ties and the log ------------------------------------------------------ */

/* The basis text as one shared copy (a few distinct texts, millions of ties). */
static uint32_t intern_basis(struct rn_import *im, const char *b)
{
	/* Most ties of an export have the basis of the one before. */
	if (im->last_basis && strcmp(im->basis_text[im->last_basis - 1], b) == 0)
		return im->last_basis;
	size_t n = strlen(b);
	int64_t at = rn_idmap_get(im->bases.m, b, n), idx;
	if (at >= 0)
		return im->last_basis = (uint32_t) at + 1;
	char *k = rn_arena_strndup(&im->arena, b, n);
	if (!k || rn_idmap_put(im->bases.m, k, n, &idx) < 0 ||
	    grow((void **) &im->basis_text, &im->basis_cap, (size_t) idx + 1, sizeof(char *)) < 0)
		return 0;
	im->basis_text[idx] = k;
	return im->last_basis = (uint32_t) idx + 1;
}

static const char *basis_of(const struct rn_import *im, const struct tieinfo *ti)
{
	return ti->basis ? im->basis_text[ti->basis - 1] : NULL;
}

enum rn_status rn_import_add_tie(struct rn_import *im, const struct rn_import_tie *tie)
{
	struct table *t = &im->t[RN_TABLE_TIES];
	if (tie->a < 0 || tie->b < 0 || tie->a == tie->b)
		return RN_OK;
	uint64_t k = pair_key(tie->a, tie->b);
	int64_t r = pair_get(&im->pairs, k);
	if (r < 0) {
		r = row_new(t);
		if (r < 0 || r > (int64_t) UINT32_MAX - 1 || pair_put(&im->pairs, k, (uint32_t) r) < 0)
			return RN_E_INTERNAL;
		im->st.ties_new++;
	}
	if (grow((void **) &im->tinfo, &im->tinfo_cap, (size_t) r + 1, sizeof(*im->tinfo)) < 0)
		return RN_E_INTERNAL;
	struct tieinfo *ti = &im->tinfo[r];
	if (!ti->touched) {
		ti->since = ti->last = RN_NO_DATE;
		ti->a = (uint32_t) tie->a;
		ti->b = (uint32_t) tie->b;
		ti->touched = 1;
	}
	if (tie->strength > ti->strength || (!ti->basis && !ti->strength && !empty(tie->basis))) {
		ti->strength = tie->strength;
		ti->basis = 0;
		if (!empty(tie->basis) && !(ti->basis = intern_basis(im, tie->basis)))
			return RN_E_INTERNAL;
	}
	if (tie->since != RN_NO_DATE && (ti->since == RN_NO_DATE || tie->since < ti->since))
		ti->since = tie->since;
	if (tie->last != RN_NO_DATE && (ti->last == RN_NO_DATE || tie->last > ti->last))
		ti->last = tie->last;
	for (size_t i = 0; i < tie->nfields; i++)
		if (offer_named(im, t, (size_t) r, tie->fields[i].col, tie->fields[i].val) < 0)
			return RN_E_INTERNAL;
	return RN_OK;
}

enum rn_status rn_import_add_ties(struct rn_import *im, const struct rn_import_tie *tie,
                                  size_t n)
{
	for (size_t i = 0; i < n; i++) {
		/* The pair slot of a tie ahead: a cache miss each, in a big map. */
		const struct rn_import_tie *t = &tie[i + 8 < n ? i + 8 : i];
		if (i + 8 < n && im->pairs.cap && t->a >= 0 && t->b >= 0)
			__builtin_prefetch(&im->pairs.slot[mix(pair_key(t->a, t->b) + 1) &
			                                   (im->pairs.cap - 1)]);
		enum rn_status st = rn_import_add_tie(im, &tie[i]);
		if (st != RN_OK)
			return st;
	}
	return RN_OK;
}

/* The key of a log row: the fields that make two rows the same event. */
static char *event_key(const char *date, const char *from, const char *to, const char *kind,
                       const char *about, const char *value)
{
	char d[16] = "", v[64] = "";
	int days;
	double x;
	if (!empty(date) && rn_date_parse(date, strlen(date), &days) == 0)
		rn_date_format(days, d);
	else if (!empty(date))
		snprintf(d, sizeof(d), "%.15s", date);
	if (!empty(value) && rn_text_number(value, strlen(value), &x) == 0)
		rn_fmt_double(x, v, sizeof(v));
	size_t n = strlen(d) + strlen(from ? from : "") + strlen(to ? to : "") +
	           strlen(kind ? kind : "") + strlen(about ? about : "") + strlen(v) + 8;
	char *k = malloc(n);
	if (!k)
		return NULL;
	snprintf(k, n, "%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s", d, from ? from : "", to ? to : "",
	         kind ? kind : "", about ? about : "", v);
	for (char *p = k; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char) (*p + 32);
	return k;
}

static const char *field_val(const struct rn_import_field *f, size_t n, const char *col)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(f[i].col, col) == 0)
			return f[i].val;
	return NULL;
}

enum rn_status rn_import_add_event(struct rn_import *im, int date, int64_t from, int64_t to,
                                   const char *kind, const struct rn_import_field *fields,
                                   size_t nfields)
{
	struct table *t = &im->t[RN_TABLE_LOG];
	char d[16];
	rn_date_format(date, d);
	const char *a = rn_import_contact_id(im, from), *b = rn_import_contact_id(im, to);
	char *k = event_key(d, a, b, kind, field_val(fields, nfields, "about"),
	                    field_val(fields, nfields, "value"));
	struct slot *sl;
	if (!k || map_put(im, &im->events, k, &sl) < 0) {
		free(k);
		return RN_E_INTERNAL;
	}
	free(k);
	sl->extra++;
	if (sl->extra <= sl->count)
		return RN_OK;   /* already in the log */
	long r = row_new(t);
	if (r < 0)
		return RN_E_INTERNAL;
	long cd = col_get(im, t, "date"), cf = col_get(im, t, "from"), ct = col_get(im, t, "to"),
	     ck = col_get(im, t, "kind");
	if (cd < 0 || cf < 0 || ct < 0 || ck < 0 || cell_set(im, t, (size_t) r, cd, d) < 0 ||
	    cell_set(im, t, (size_t) r, cf, a) < 0 || cell_set(im, t, (size_t) r, ct, b) < 0 ||
	    cell_set(im, t, (size_t) r, ck, kind) < 0)
		return RN_E_INTERNAL;
	for (size_t i = 0; i < nfields; i++)
		if (offer_named(im, t, (size_t) r, fields[i].col, fields[i].val) < 0)
			return RN_E_INTERNAL;
	im->st.events_new++;
	return RN_OK;
}

size_t rn_import_count_events(struct rn_import *im, int64_t from, int64_t to, const char *kind)
{
	const struct table *t = &im->t[RN_TABLE_LOG];
	const char *a = rn_import_contact_id(im, from), *b = rn_import_contact_id(im, to);
	long cf = col_find(t, "from"), ct = col_find(t, "to"), ck = col_find(t, "kind");
	size_t n = 0;
	if (!a || !b || cf < 0 || ct < 0 || ck < 0)
		return 0;
	for (size_t r = 0; r < t->nrows; r++) {
		const char *f = cell(t, r, cf), *o = cell(t, r, ct), *k = cell(t, r, ck);
		n += f && o && k && strcmp(f, a) == 0 && strcmp(o, b) == 0 &&
		     rn_text_ieq(k, strlen(k), kind);
	}
	return n;
}

enum rn_status rn_import_set_fields(struct rn_import *im, int64_t i,
                                    const struct rn_import_field *fields, size_t nfields)
{
	struct table *t = &im->t[RN_TABLE_CONTACTS];
	if (i < 0 || (size_t) i >= t->nrows)
		return RN_OK;
	for (size_t k = 0; k < nfields; k++)
		if (offer_named(im, t, (size_t) i, fields[k].col, fields[k].val) < 0)
			return RN_E_INTERNAL;
	return RN_OK;
}

void rn_import_count(struct rn_import *im, size_t rows, size_t hidden, size_t skipped)
{
	im->st.rows += rows;
	im->st.hidden += hidden;
	im->st.skipped += skipped;
}

/* ---- the existing network --------------------------------------------------- */

struct existing {
	struct rn_import *im;
	enum rn_table_id tab;
	const struct rn_columns *cols;
	enum rn_status st;
};

static enum rn_status existing_row(void *vctx, const struct rn_csv_record *rec)
{
	struct existing *ex = vctx;
	struct rn_import *im = ex->im;
	struct table *t = &im->t[ex->tab];
	if (rec->index == 0) {
		size_t ncanon;
		const char *const *canon = rn_table_columns(ex->tab, &ncanon);
		for (size_t i = 0; i < rec->nfields; i++) {
			int role = i < ex->cols->ncols ? ex->cols->role[i] : -1;
			long c = col_get(im, t, role >= 0 ? canon[role] : rec->field[i]);
			if (c < 0)
				return RN_E_INTERNAL;
			if ((size_t) c != i) {
				/* Two headers that normalise alike: keep them apart. */
				char alt[64];
				snprintf(alt, sizeof(alt), "#%zu", i + 1);
				c = col_get(im, t, alt);
				if (c < 0 || (size_t) c != i)
					return RN_E_INTERNAL;
			}
			t->head[c] = sdup(im, rec->field[i]);
			t->existing_col[c] = 1;
		}
		return RN_OK;
	}
	long r = row_new(t);
	struct row *rw = row_w(t, (size_t) r);
	if (!rw)
		return RN_E_INTERNAL;
	rw->line = rec->line0;
	for (size_t i = 0; i < rec->nfields && i < t->ncols; i++)
		if (rec->len[i] && cell_set(im, t, (size_t) r, (long) i, rec->field[i]) < 0)
			return RN_E_INTERNAL;
	t->nexisting = t->nrows;
	return RN_OK;
}

static enum rn_status index_existing(struct rn_import *im)
{
	struct table *c = &im->t[RN_TABLE_CONTACTS];
	long cid = col_find(c, "id");
	for (size_t r = 0; r < c->nrows; r++) {
		const char *id = cell(c, r, cid);
		int64_t idx;
		if (!id || rn_idmap_put(im->ids, id, strlen(id), &idx) != 0 || (size_t) idx != r ||
		    note_id(im, (int64_t) r) < 0)
			return RN_E_INTERNAL;
		struct rn_import_keys k;
		if (pkeys_make(&k, contact_val(im, (int64_t) r, CC_URL),
		               contact_val(im, (int64_t) r, CC_EMAIL),
		               contact_val(im, (int64_t) r, CC_NAME),
		               contact_val(im, (int64_t) r, CC_COMPANY)) < 0)
			return RN_E_INTERNAL;
		int rc = index_contact(im, (int64_t) r, &k, 1, 0);
		pkeys_free(&k);
		if (rc < 0)
			return RN_E_INTERNAL;
	}
	if (grow((void **) &im->c_new, &im->c_cap, c->nrows + 1, 1) < 0)
		return RN_E_INTERNAL;

	/* The ties' ids are looked up 256 rows at a time (rn_idmap_get_many
	 * fetches their slots together: millions of cache misses otherwise). */
	struct table *t = &im->t[RN_TABLE_TIES];
	long ca = col_find(t, "a"), cb = col_find(t, "b");
	enum { IDS_BATCH = 256 };
	const char *key[2 * IDS_BATCH];
	size_t len[2 * IDS_BATCH];
	int64_t got[2 * IDS_BATCH];
	for (size_t at = 0; at < t->nrows; at += IDS_BATCH) {
		size_t m = t->nrows - at < IDS_BATCH ? t->nrows - at : IDS_BATCH, nk = 0;
		for (size_t i = 0; i < m; i++) {
			const char *a = cell(t, at + i, ca), *b = cell(t, at + i, cb);
			key[nk] = a ? a : "";
			len[nk] = strlen(key[nk]);
			nk++;
			key[nk] = b ? b : "";
			len[nk] = strlen(key[nk]);
			nk++;
		}
		rn_idmap_get_many(im->ids, key, len, nk, got);
		for (size_t i = 0; i < m; i++) {
			int64_t ia = *key[2 * i] ? got[2 * i] : -1;
			int64_t ib = *key[2 * i + 1] ? got[2 * i + 1] : -1;
			if (ia < 0 || ib < 0 || ia == ib)
				continue;
			uint64_t k = pair_key(ia, ib);
			if (pair_get(&im->pairs, k) < 0 &&
			    pair_put(&im->pairs, k, (uint32_t) (at + i)) < 0)
				return RN_E_INTERNAL;
		}
	}

	struct table *l = &im->t[RN_TABLE_LOG];
	long cd = col_find(l, "date"), cf = col_find(l, "from"), ct = col_find(l, "to"),
	     ck = col_find(l, "kind"), cab = col_find(l, "about"), cv = col_find(l, "value");
	for (size_t r = 0; r < l->nrows; r++) {
		char *k = event_key(cell(l, r, cd), cell(l, r, cf), cell(l, r, ct), cell(l, r, ck),
		                    cell(l, r, cab), cell(l, r, cv));
		struct slot *sl;
		if (!k || map_put(im, &im->events, k, &sl) < 0) {
			free(k);
			return RN_E_INTERNAL;
		}
		free(k);
		sl->count++;
	}
	return RN_OK;
}

static char *join(const char *dir, const char *name)
{
	size_t dl = strlen(dir), n = dl + strlen(name) + 2;
	char *p = malloc(n);
	if (p)
		snprintf(p, n, "%s%s%s", dir, dl && dir[dl - 1] == '/' ? "" : "/", name);
	return p;
}

enum rn_status rn_import_new(struct rn_import **out, const struct rn_import_options *opts,
                             struct rn_diag *diag)
{
	enum rn_status st = RN_E_INTERNAL;
	struct rn_network net;
	int loaded = 0;
	struct rn_import *im = calloc(1, sizeof(*im));
	*out = NULL;
	memset(&net, 0, sizeof(net));
	if (!im)
		return RN_E_INTERNAL;
	im->opts = *opts;
	im->diag = diag;
	for (int k = 0; k < 5; k++)
		im->ccol[k] = -1;
	im->last_src = -1;
	rn_arena_init(&im->arena);
	im->ids = rn_idmap_new();
	struct keymap *maps[] = { &im->events, &im->bases, &im->sources };
	for (size_t i = 0; i < RN_ARRAY_LEN(maps); i++)
		if (!(maps[i]->m = rn_idmap_new()))
			goto fail;
	if (!im->ids)
		goto fail;
	if (kmap_init(&im->urls, opts->expect) < 0 || kmap_init(&im->emails, 0) < 0 ||
	    kmap_init(&im->names, opts->expect) < 0 || kmap_init(&im->namecos, opts->expect) < 0 ||
	    kmap_init(&im->slugs, opts->expect) < 0)
		goto fail;
	if (opts->expect && rn_idmap_reserve(im->ids, opts->expect) < 0)
		goto fail;
	for (int i = 0; i < RN_TABLE_COUNT; i++) {
		im->t[i].file = rn_table_name((enum rn_table_id) i);
		if (!(im->t[i].path = join(opts->dir, im->t[i].file)))
			goto fail;
	}

	struct stat sb;
	if (stat(opts->dir, &sb) == 0 && !S_ISDIR(sb.st_mode)) {
		rn_diag_error(diag, NULL, 0, 0, "'%s' exists and is not a directory", opts->dir);
		st = RN_E_CANTCREAT;
		goto fail;
	}
	int any = 0;
	for (int i = 0; i < RN_TABLE_COUNT; i++)
		if (stat(im->t[i].path, &sb) == 0)
			im->t[i].on_disk = 1, any = 1;
	if (any && !im->t[RN_TABLE_CONTACTS].on_disk) {
		rn_diag_error(diag, NULL, 0, 0, "'%s' has ties or a log but no contacts.csv: "
		              "import into another directory", opts->dir);
		st = RN_E_DATA;
		goto fail;
	}
	if (any) {
		struct rn_load_options lo;
		memset(&lo, 0, sizeof(lo));
		lo.dir = opts->dir;
		lo.parts = 1;
		st = rn_network_load(&net, &lo, diag);
		if (st != RN_OK)
			goto fail;
		loaded = 1;
		for (int i = 0; i < RN_TABLE_COUNT; i++) {
			if (!net.file[i])
				continue;
			struct existing ex = { im, (enum rn_table_id) i, &net.cols[i], RN_OK };
			st = rn_csv_read(net.file[i], net.file[i], NULL, diag, existing_row, &ex);
			if (st != RN_OK)
				goto fail;
		}
		st = index_existing(im);
		if (st != RN_OK)
			goto fail;
	}
	if (loaded)
		rn_network_release(&net);
	*out = im;
	return RN_OK;
fail:
	if (loaded)
		rn_network_release(&net);
	rn_import_free(im);
	return st;
}

/* ---- writing ------------------------------------------------------------------ */

/* Columns of new tables, in this order; any other after them as first seen. */
static const char *const order_contacts[] = {
	"id", "name", "stage", "email", "phone", "company", "position", "url", "city",
	"offers", "needs", "source", "notes"
};
static const char *const order_ties[] = {
	"a", "b", "strength", "since", "last_contact", "basis", "note"
};
static const char *const order_log[] = {
	"date", "from", "to", "kind", "about", "value", "status", "note"
};

static size_t rank_of(enum rn_table_id tab, const char *key)
{
	const char *const *o = tab == RN_TABLE_CONTACTS ? order_contacts
	                       : tab == RN_TABLE_TIES ? order_ties : order_log;
	size_t n = tab == RN_TABLE_CONTACTS ? RN_ARRAY_LEN(order_contacts)
	           : tab == RN_TABLE_TIES ? RN_ARRAY_LEN(order_ties) : RN_ARRAY_LEN(order_log);
	for (size_t i = 0; i < n; i++)
		if (strcmp(o[i], key) == 0)
			return i;
	return n;
}

/* The write order of the columns: those on disk as they are, then the new ones. */
static size_t *column_order(enum rn_table_id tab, const struct table *t)
{
	size_t *ord = malloc((t->ncols + 1) * sizeof(*ord));
	if (!ord)
		return NULL;
	size_t k = 0;
	for (size_t c = 0; c < t->ncols; c++)
		if (t->existing_col[c])
			ord[k++] = c;
	size_t first_new = k;
	for (size_t c = 0; c < t->ncols; c++)
		if (!t->existing_col[c])
			ord[k++] = c;
	/* Insertion sort of the new columns by rank, stable. */
	for (size_t i = first_new + 1; i < k; i++) {
		size_t v = ord[i], j = i;
		size_t rv = rank_of(tab, t->key[v]);
		while (j > first_new && rank_of(tab, t->key[ord[j - 1]]) > rv) {
			ord[j] = ord[j - 1];
			j--;
		}
		ord[j] = v;
	}
	return ord;
}

static int same_value(const char *key, const char *a, const char *b)
{
	if (strcmp(a, b) == 0)
		return 1;
	double x, y;
	int dx, dy;
	if (strcmp(key, "strength") == 0 || strcmp(key, "value") == 0)
		return rn_text_number(a, strlen(a), &x) == 0 && rn_text_number(b, strlen(b), &y) == 0 &&
		       x == y;
	if (strcmp(key, "since") == 0 || strcmp(key, "last_contact") == 0 ||
	    strcmp(key, "date") == 0)
		return rn_date_parse(a, strlen(a), &dx) == 0 && rn_date_parse(b, strlen(b), &dy) == 0 &&
		       dx == dy;
	if (strcmp(key, "url") == 0)
		return !differ_url(a, b);
	if (strcmp(key, "email") == 0)
		return !differ_email(a, b);
	return 0;
}

/* Fold what the import says about existing rows into them. */
static int merge_existing(struct rn_import *im, struct table *t)
{
	for (size_t r = 0; r < t->nexisting; r++) {
		struct row *rw = &t->rows[r];
		for (size_t c = 0; c < rw->n_prop; c++) {
			const char *v = rw->prop[c];
			if (empty(v))
				continue;
			const char *cur = cell(t, r, (long) c);
			if (empty(cur)) {
				if (cell_set(im, t, r, (long) c, v) < 0)
					return -1;
				im->st.filled++;
			} else if (strcmp(t->key[c], "source") == 0) {
				/* The set of sources grows: a union, never a conflict. */
				char *u = rw->cell[c];
				const char *p = v;
				while (*p) {
					const char *q = strchr(p, ';');
					size_t n = q ? (size_t) (q - p) : strlen(p);
					const char *w = rn_text_trim(p, &n);
					char *one = strndup(w, n);
					if (!one || set_add(im, &u, one) < 0) {
						free(one);
						return -1;
					}
					free(one);
					if (!q)
						break;
					p = q + 1;
				}
				if (strcmp(u, rw->cell[c]) != 0)
					im->st.filled++;
				rw->cell[c] = u;
			} else if (!same_value(t->key[c], cur, v)) {
				im->st.conflicts++;
				rn_diag_warn(im->diag, t->path, rw->line, (long) c + 1,
				             "kept '%s' in column '%s'; the import says '%s' (edit the "
				             "cell to take it)", cur, t->head[c], v);
			}
		}
	}
	return 0;
}

/* "YYYY-MM-DD" without printf: millions of dates are written. */
static void fmt_date(int days, char *buf)
{
	int y, m, d;
	rn_date_ymd(days, &y, &m, &d);
	if (y < 0 || y > 9999) {
		rn_date_format(days, buf);
		return;
	}
	buf[0] = (char) ('0' + y / 1000);
	buf[1] = (char) ('0' + y / 100 % 10);
	buf[2] = (char) ('0' + y / 10 % 10);
	buf[3] = (char) ('0' + y % 10);
	buf[4] = '-';
	buf[5] = (char) ('0' + m / 10);
	buf[6] = (char) ('0' + m % 10);
	buf[7] = '-';
	buf[8] = (char) ('0' + d / 10);
	buf[9] = (char) ('0' + d % 10);
	buf[10] = '\0';
}

/* Strengths come from a few rule values: remember the last one formatted. */
struct numcache {
	double v;
	char text[32];
	int set;
};

static const char *fmt_strength(struct numcache *c, double v)
{
	if (!c->set || c->v != v) {
		rn_fmt_double(v, c->text, sizeof(c->text));
		c->v = v;
		c->set = 1;
	}
	return c->text;
}

/* What the import says of existing tie r, as proposed cells for the merge. */
static void tie_cells(struct rn_import *im, struct table *t, size_t r, int *oom)
{
	const struct tieinfo *ti = r < im->tinfo_cap ? &im->tinfo[r] : NULL;
	if (!ti || !ti->touched)
		return;
	char buf[32];
	if (ti->strength > 0) {
		rn_fmt_double(ti->strength, buf, sizeof(buf));
		*oom |= offer_named(im, t, r, "strength", buf) < 0;
	}
	if (ti->since != RN_NO_DATE) {
		fmt_date(ti->since, buf);
		*oom |= offer_named(im, t, r, "since", buf) < 0;
	}
	if (ti->last != RN_NO_DATE) {
		fmt_date(ti->last, buf);
		*oom |= offer_named(im, t, r, "last_contact", buf) < 0;
	}
	if (ti->basis)
		*oom |= offer_named(im, t, r, "basis", basis_of(im, ti)) < 0;
}

/* The tie columns a new tie row is written from, found once. */
struct tiecols {
	long a, b, strength, since, last, basis;
	long source;          /* contacts: the source column */
	char *sbuf;           /* room for one contact's sources */
	size_t scap;
	int oom;
};

/* The text of cell (r, c): from the cells, or for a tie made by this import
 * from its struct tieinfo. */
static const char *value(const struct rn_import *im, enum rn_table_id tab, size_t r, long c,
                         struct tiecols *tc, struct numcache *nc, char *buf)
{
	const struct table *t = &im->t[tab];
	if (tab == RN_TABLE_CONTACTS && c == tc->source && r >= t->nexisting) {
		int oom = 0;
		const char *v = sources_text(im, r, &tc->sbuf, &tc->scap, &oom);
		tc->oom |= oom;
		return v;
	}
	if (tab != RN_TABLE_TIES || r < t->nexisting)
		return cell(t, r, c);
	const struct tieinfo *ti = &im->tinfo[r];
	if (c == tc->a)
		return rn_import_contact_id(im, ti->a);
	if (c == tc->b)
		return rn_import_contact_id(im, ti->b);
	if (c == tc->strength)
		return ti->strength > 0 ? fmt_strength(nc, ti->strength) : NULL;
	if (c == tc->since || c == tc->last) {
		int d = c == tc->since ? ti->since : ti->last;
		if (d == RN_NO_DATE)
			return NULL;
		fmt_date(d, buf);
		return buf;
	}
	if (c == tc->basis)
		return basis_of(im, ti);
	return cell(t, r, c);
}

/* Output text gathered in a buffer and handed to the FILE in big pieces:
 * per-character stdio calls were a tenth of a large import. */
struct wbuf {
	FILE *fp;
	size_t n;
	int failed;
	char b[1 << 16];
};

static void wb_flush(struct wbuf *w)
{
	if (w->n && fwrite(w->b, 1, w->n, w->fp) != w->n)
		w->failed = 1;
	w->n = 0;
}

static void wb_char(struct wbuf *w, char c)
{
	if (w->n == sizeof(w->b))
		wb_flush(w);
	w->b[w->n++] = c;
}

/* A cell by rn_csv_put's rule: quoted when it holds , " CR or LF or starts
 * or ends with a space or a tab, with " doubled. */
static void wb_cell(struct wbuf *w, const char *s)
{
	size_t n = strlen(s);
	if (!n)
		return;
	int quote = s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t';
	for (size_t i = 0; i < n && !quote; i++)
		quote = s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n';
	if (!quote) {
		if (n > sizeof(w->b) - w->n) {
			wb_flush(w);
			if (n > sizeof(w->b)) {
				if (fwrite(s, 1, n, w->fp) != n)
					w->failed = 1;
				return;
			}
		}
		memcpy(w->b + w->n, s, n);
		w->n += n;
		return;
	}
	wb_char(w, '"');
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"')
			wb_char(w, '"');
		wb_char(w, s[i]);
	}
	wb_char(w, '"');
}

static int write_table(const struct rn_import *im, enum rn_table_id tab, const size_t *ord,
                       struct tiecols *tc, FILE *fp)
{
	const struct table *t = &im->t[tab];
	struct numcache nc = { 0 };
	char buf[16];
	struct wbuf *w = malloc(sizeof(*w));
	if (!w)
		return -1;
	w->fp = fp;
	w->n = 0;
	w->failed = 0;
	for (size_t i = 0; i < t->ncols; i++) {
		if (i)
			wb_char(w, ',');
		wb_cell(w, t->head[ord[i]]);
	}
	wb_char(w, '\n');
	for (size_t r = 0; r < t->nrows && !w->failed; r++) {
		if (tab == RN_TABLE_TIES && r >= t->nexisting && r + 32 < t->nrows) {
			/* The ids of the ties ahead: their texts are all over memory. */
			const struct tieinfo *far = &im->tinfo[r + 32], *near = &im->tinfo[r + 16];
			__builtin_prefetch(&im->cid[far->a]);
			__builtin_prefetch(&im->cid[far->b]);
			__builtin_prefetch(im->cid[near->a]);
			__builtin_prefetch(im->cid[near->b]);
		} else if (tab == RN_TABLE_CONTACTS && r + 8 < t->cap) {
			__builtin_prefetch(t->rows[r + 8].cell);
			if (r + 8 < im->src_head_cap && im->src_head[r + 8])
				__builtin_prefetch(&im->srcnode[im->src_head[r + 8] - 1]);
		}
		for (size_t i = 0; i < t->ncols; i++) {
			if (i)
				wb_char(w, ',');
			const char *v = value(im, tab, r, (long) ord[i], tc, &nc, buf);
			if (v && *v)
				wb_cell(w, v);
		}
		wb_char(w, '\n');
	}
	wb_flush(w);
	int bad = w->failed;
	free(w);
	return bad || ferror(fp) || tc->oom ? -1 : 0;
}

/*
 * Where a table is written: the temporary file (none for --dry-run), and the
 * file on disk it is compared with as it is written, so that an unchanged
 * table is known without holding it in memory.
 */
struct sink {
	FILE *real;
	FILE *old;
	int differs;
	int failed;
	char buf[1 << 16];
};

static ssize_t sink_write(void *vc, const char *p, size_t n)
{
	struct sink *s = vc;
	if (s->real && fwrite(p, 1, n, s->real) != n) {
		s->failed = 1;
		return -1;
	}
	for (size_t done = 0; !s->differs && done < n;) {
		size_t k = n - done < sizeof(s->buf) ? n - done : sizeof(s->buf);
		if (!s->old || fread(s->buf, 1, k, s->old) != k || memcmp(s->buf, p + done, k) != 0)
			s->differs = 1;
		done += k;
	}
	return (ssize_t) n;
}

/* One table to write, in a thread of its own. */
struct table_job {
	const struct rn_import *im;
	enum rn_table_id tab;
	struct rn_out *out;
	struct sink *sk;
	struct tiecols tc;       /* a copy: its buffer is the thread's */
	int opened;              /* out is open (a temporary file), by the caller */
	int differs;             /* the bytes differ from the file on disk */
	enum rn_status st;
	char err[512];
};

static void *write_job(void *arg)
{
	struct table_job *j = arg;
	const struct rn_import *im = j->im;
	const struct table *t = &im->t[j->tab];
	struct sink *sk = j->sk;
	sk->real = j->opened ? j->out->fp : NULL;
	sk->old = t->on_disk ? fopen(t->path, "rb") : NULL;
	cookie_io_functions_t fns = { NULL, sink_write, NULL, NULL };
	FILE *fp = fopencookie(sk, "w", fns);
	size_t *ord = column_order(j->tab, t);
	int rc = !fp || !ord ? -1 : write_table(im, j->tab, ord, &j->tc, fp);
	free(ord);
	if (fp && fclose(fp) != 0)
		rc = -1;
	/* The old file is the same only if nothing of it is left over. */
	if (sk->old && !sk->differs && fgetc(sk->old) != EOF)
		sk->differs = 1;
	if (!sk->old)
		sk->differs = 1;
	if (sk->old)
		fclose(sk->old);
	if (rc != 0) {
		if (sk->failed)
			snprintf(j->err, sizeof(j->err), "cannot write '%s': %s", t->path,
			         strerror(errno ? errno : EIO));
		j->st = sk->failed ? RN_E_CANTCREAT : RN_E_INTERNAL;
		return NULL;
	}
	j->differs = sk->differs;
	return NULL;
}

enum rn_status rn_import_finish(struct rn_import *im, struct rn_import_stats *stats,
                                char *err, size_t errlen)
{
	enum rn_status st = RN_OK;
	struct rn_out out[RN_TABLE_COUNT];
	int opened[RN_TABLE_COUNT] = { 0 };
	int oom = 0, made_dir = 0;
	struct table_job job[RN_TABLE_COUNT];
	memset(job, 0, sizeof(job));

	memset(out, 0, sizeof(out));
	struct table *ties = &im->t[RN_TABLE_TIES];
	for (size_t r = 0; r < ties->nexisting; r++)
		tie_cells(im, ties, r, &oom);
	if (oom)
		return RN_E_INTERNAL;
	/* Sources: existing rows get them as a proposed value (merged as a
	 * set union below); new rows are written from the lists. */
	struct table *ct = &im->t[RN_TABLE_CONTACTS];
	long csrc = -1;
	if (im->nsrcnode && (csrc = col_get(im, ct, "source")) < 0)
		return RN_E_INTERNAL;
	char *sbuf = NULL;
	size_t scap = 0;
	for (size_t r = 0; r < ct->nexisting && !oom; r++) {
		const char *v = sources_text(im, r, &sbuf, &scap, &oom);
		if (v && offer(im, ct, r, csrc, v) < 0)
			oom = 1;
	}
	free(sbuf);
	if (oom)
		return RN_E_INTERNAL;
	for (int i = 0; i < RN_TABLE_COUNT; i++)
		if (merge_existing(im, &im->t[i]) < 0)
			return RN_E_INTERNAL;

	/* The columns new ties are written in. */
	struct tiecols tc = { -1, -1, -1, -1, -1, -1, csrc, NULL, 0, 0 };
	int any_strength = 0, any_since = 0, any_last = 0, any_basis = 0;
	for (size_t r = ties->nexisting; r < ties->nrows; r++) {
		const struct tieinfo *ti = &im->tinfo[r];
		any_strength |= ti->strength > 0;
		any_since |= ti->since != RN_NO_DATE;
		any_last |= ti->last != RN_NO_DATE;
		any_basis |= ti->basis != 0;
	}
	if (ties->nrows > ties->nexisting &&
	    ((tc.a = col_get(im, ties, "a")) < 0 || (tc.b = col_get(im, ties, "b")) < 0 ||
	     (any_strength && (tc.strength = col_get(im, ties, "strength")) < 0) ||
	     (any_since && (tc.since = col_get(im, ties, "since")) < 0) ||
	     (any_last && (tc.last = col_get(im, ties, "last_contact")) < 0) ||
	     (any_basis && (tc.basis = col_get(im, ties, "basis")) < 0)))
		return RN_E_INTERNAL;
	if (col_get(im, &im->t[RN_TABLE_CONTACTS], "id") < 0)
		return RN_E_INTERNAL;

	if (!im->opts.dry_run) {
		if (mkdir(im->opts.dir, 0777) == 0) {
			made_dir = 1;
		} else if (errno != EEXIST) {
			snprintf(err, errlen, "cannot create directory '%s': %s", im->opts.dir,
			         strerror(errno));
			return RN_E_CANTCREAT;
		}
	}
	/* The tables are written at once, each in a thread (ties.csv, the
	 * longest, first); what each did is looked at in table order. */
	struct rn_task task[RN_TABLE_COUNT];
	int ntask = 0;
	for (int k = 0; k < RN_TABLE_COUNT; k++) {
		int i = k == 0 ? RN_TABLE_TIES : k == 1 ? RN_TABLE_CONTACTS : k;
		struct table *t = &im->t[i];
		/* A table nobody gave a row is not created. */
		if (!t->on_disk && t->nrows == 0 && i != RN_TABLE_CONTACTS)
			continue;
		job[i] = (struct table_job) { im, (enum rn_table_id) i, &out[i], NULL, tc, 0, 0,
		                              RN_OK, "" };
		job[i].tc.sbuf = NULL;
		job[i].tc.scap = 0;
		if (!(job[i].sk = calloc(1, sizeof(*job[i].sk)))) {
			st = RN_E_INTERNAL;
			goto cleanup;
		}
		task[ntask++] = (struct rn_task) { write_job, &job[i] };
	}
	/* The temporary files are made here, in table order (rn_out_open
	 * registers them for removal on a signal, which is no job for threads). */
	for (int i = 0; i < RN_TABLE_COUNT && !im->opts.dry_run; i++) {
		if (!job[i].sk)
			continue;
		st = rn_out_open(&out[i], im->t[i].path, err, errlen);
		if (st != RN_OK)
			goto cleanup;
		opened[i] = job[i].opened = 1;
	}
	rn_run_tasks(task, ntask);
	for (int i = 0; i < RN_TABLE_COUNT; i++) {
		if (!job[i].sk)
			continue;
		if (job[i].st != RN_OK) {
			st = job[i].st;
			snprintf(err, errlen, "%s", job[i].err);
			goto cleanup;
		}
		im->st.written[i] = 1;
		if (job[i].differs) {
			im->st.changed[i] = 1;
			im->st.files_changed++;
		} else if (opened[i]) {
			rn_out_abort(&out[i]);   /* the same bytes: leave the file alone */
			opened[i] = 0;
		}
	}
	/* Every file complete and on disk before any is renamed into place. */
	for (int i = 0; i < RN_TABLE_COUNT; i++) {
		if (opened[i] && (fflush(out[i].fp) != 0 || (out[i].tmp && fsync(fileno(out[i].fp)) != 0))) {
			snprintf(err, errlen, "cannot write '%s': %s", im->t[i].path, strerror(errno));
			st = RN_E_CANTCREAT;
			goto cleanup;
		}
	}
	for (int i = 0; i < RN_TABLE_COUNT; i++) {
		if (!opened[i])
			continue;
		opened[i] = 0;
		enum rn_status s2 = rn_out_commit(&out[i], err, errlen);
		if (s2 != RN_OK && st == RN_OK)
			st = s2;
	}
	im->st.contacts = im->t[RN_TABLE_CONTACTS].nrows;
	im->st.ties = im->t[RN_TABLE_TIES].nrows;
	im->st.events = im->t[RN_TABLE_LOG].nrows;
	*stats = im->st;
cleanup:
	for (int i = 0; i < RN_TABLE_COUNT; i++)
		if (opened[i])
			rn_out_abort(&out[i]);
	if (st != RN_OK && made_dir)
		rmdir(im->opts.dir);
	for (int i = 0; i < RN_TABLE_COUNT; i++) {
		free(job[i].sk);
		free(job[i].tc.sbuf);
	}
	return st;
}

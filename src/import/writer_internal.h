/*
 * What the parts of the import writer share.  Private to src/import.
 *
 *   writer.c           rn_import_new() and rn_import_free(): the tables of
 *                      text cells, the existing network read in and indexed
 *   writer_maps.c      the pair map (ties by their two contacts) and the
 *                      key maps (match keys, interned texts)
 *   writer_contacts.c  match keys; a person matched to a contact or made a
 *                      new one
 *   writer_sources.c   the sources each contact was seen in
 *   writer_ties.c      ties and the log
 *   writer_files.c     rn_import_finish(): what the import says merged into
 *                      the existing rows, and the tables written, each in a
 *                      thread
 *
 * The small helpers of the hot loops (a cell, a key map's slot, a pair's
 * key) are static inline here, so that every part still inlines them.
 * Functions that grow something return -1 on out of memory, 0 otherwise.
 */
#ifndef REFNET_IMPORT_WRITER_INTERNAL_H
#define REFNET_IMPORT_WRITER_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "../net/idmap.h"
#include "refnet/arena.h"
#include "refnet/import.h"
#include "refnet/network.h"

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
	int64_t row;          /* the first contact (or existing log row) with the key */
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
	union {
		uint32_t extra;   /* slugs: the next suffix */
		uint32_t last;    /* names: the last existing contact with it */
	};
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
	/* The next existing contact with the same folded name, in row order (-1:
	 * none; names.row is the first): the people known by name alone that
	 * a re-run finds again, one by one. */
	int64_t *name_next;
	size_t name_next_cap;
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

static inline char *sdup(struct rn_import *im, const char *s)
{
	return rn_arena_strndup(&im->arena, s ? s : "", s ? strlen(s) : 0);
}

static inline int empty(const char *s)
{
	return !s || !*s;
}

/* Row r to read, NULL when it has no cells. */
static inline const struct row *row_r(const struct table *t, size_t r)
{
	return r < t->cap ? &t->rows[r] : NULL;
}

static inline const char *cell(const struct table *t, size_t r, long c)
{
	const struct row *rw = row_r(t, r);
	return rw && c >= 0 && (size_t) c < rw->n ? rw->cell[c] : NULL;
}

/* ---- maps (writer_maps.c) ----------------------------------------------- */

static inline uint64_t mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x;
}

static inline uint64_t pair_key(int64_t a, int64_t b)
{
	uint64_t lo = (uint64_t) (a < b ? a : b), hi = (uint64_t) (a < b ? b : a);
	return lo << 32 | hi;
}

/* The slot holding key (hash h), or the empty slot where it would go. */
static inline struct kslot *kmap_find(const struct kmap *m, const char *key, uint64_t h)
{
	for (size_t j = h & m->mask;; j = (j + 1) & m->mask) {
		struct kslot *sl = &m->s[j];
		if (!sl->key || (sl->h == h && strcmp(sl->key, key) == 0))
			return sl;
	}
}

static inline struct kslot *kmap_get(const struct kmap *m, const char *key, uint64_t h)
{
	struct kslot *sl = kmap_find(m, key, h);
	return sl->key ? sl : NULL;
}

/* Fetch the home slot of key hash h ahead of its look-up. */
static inline void kmap_prefetch(const struct kmap *m, uint64_t h)
{
	__builtin_prefetch(&m->s[h & m->mask]);
}

/* The contact the home slot of h names when its hash is h (most likely the
 * key's), fetching the key text ahead of the compare; -1 otherwise. */
static inline int64_t kmap_peek(const struct kmap *m, uint64_t h)
{
	const struct kslot *sl = &m->s[h & m->mask];
	if (!sl->key || sl->h != h)
		return -1;
	__builtin_prefetch(sl->key);
	return sl->row;
}

/* The basis text of a tie, NULL when it has none. */
static inline const char *basis_of(const struct rn_import *im, const struct tieinfo *ti)
{
	return ti->basis ? im->basis_text[ti->basis - 1] : NULL;
}

/* writer.c: tables of text cells */
int rn_writer_grow(void **p, size_t *cap, size_t want, size_t elem);
long rn_writer_col_find(const struct table *t, const char *key);
long rn_writer_col_get(struct rn_import *im, struct table *t, const char *name);
long rn_writer_row_new(struct table *t);
struct row *rn_writer_row_w(struct table *t, size_t r);
int rn_writer_cell_set(struct rn_import *im, struct table *t, size_t r, long c, const char *v);
int rn_writer_offer(struct rn_import *im, struct table *t, size_t r, long c, const char *v,
                    const char **kept);
int rn_writer_offer_named(struct rn_import *im, struct table *t, size_t r, const char *col,
                          const char *v, const char **kept);
int rn_writer_same_value(const char *key, const char *a, const char *b);

/* writer_maps.c */
int64_t rn_writer_pair_get(const struct pairmap *m, uint64_t k);
int rn_writer_pair_put(struct pairmap *m, uint64_t k, uint32_t v);
int rn_writer_map_put(struct rn_import *im, struct keymap *km, const char *key, struct slot **slot);
int rn_writer_kmap_init(struct kmap *m, size_t n);
int rn_writer_kmap_put(struct rn_import *im, struct kmap *m, const char *key, uint64_t h,
                       struct kslot **slot);

/* writer_contacts.c */
void rn_writer_pkeys_free(struct rn_import_keys *k);
int rn_writer_pkeys_make(struct rn_import_keys *k, const char *url, const char *email,
                         const char *name, const char *company);
int rn_writer_index_contact(struct rn_import *im, int64_t r, const struct rn_import_keys *k,
                            int with_name, int matched_by);
const char *rn_writer_contact_val(const struct rn_import *im, int64_t r, int k);
int rn_writer_note_id(struct rn_import *im, int64_t r);
int rn_writer_differ_url(const char *a, const char *b);
int rn_writer_differ_email(const char *a, const char *b);

/* writer_sources.c */
int rn_writer_set_add(struct rn_import *im, char **cellp, const char *src);
int rn_writer_add_source(struct rn_import *im, int64_t r, const char *src);
const char *rn_writer_sources_text(const struct rn_import *im, size_t r, char **buf, size_t *cap,
                                   int *oom);

/* writer_ties.c */
char *rn_writer_event_key(const char *date, const char *from, const char *to, const char *kind,
                          const char *about, const char *value);

#endif

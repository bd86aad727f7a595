/*
 * What the parts of the loader share.  Private to src/net.
 *
 *   load.c          rn_network_load(): the files, the order of the steps,
 *                   releasing a network, look-ups by id and tag
 *   load_records.c  a table's header and rows, checked cell by cell as
 *                   schema.h describes the columns; the batches of ties and
 *                   log rows whose contact ids are looked up together
 *   load_tags.c     offers and needs interned as tag ids
 *   load_parts.c    a big file read in parts by a pool of threads, the
 *                   parts put together as if the file had been read whole
 *   load_pairs.c    duplicate ties merged; the pair index
 *   load_graph.c    the igraph graph and the adjacency lists
 *
 * Every function reports a data problem to the table's diag (FILE:LINE:COLUMN)
 * and returns RN_OK so that loading goes on; RN_E_INTERNAL means out of
 * memory.
 */
#ifndef REFNET_NET_LOAD_INTERNAL_H
#define REFNET_NET_LOAD_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "refnet/network.h"
#include "schema.h"

#define RN_DEFAULT_STRENGTH 0.5
#define RN_MAX_ROWS ((size_t) INT32_MAX - 1)   /* contacts, ties or events in one file */

/* The state of interning tags in one reader (load_tags.c). */
struct tag_state {
	size_t tag_cap;
	size_t ref_cap;
	/* Each spelling seen, with its tag: a network of a million contacts
	 * spells a few hundred tags a few million times, and folding is the
	 * costly part. */
	struct rn_idmap *spellings;
	int64_t *spelling_tag;       /* by spelling: tag id, or -1 (folds to nothing) */
	size_t spelling_cap;
	/* By tag id: the list (stamp) it was last added to, so that a tag
	 * repeated within one cell is found in O(1), not by scanning the cell's
	 * tags (quadratic in a cell of 500,000 tags). */
	uint64_t *seen;
	size_t seen_cap;
	uint64_t stamp;
};

/* One growable array of a table (a column of the struct of arrays). */
struct column_array {
	void **ptr;
	size_t elem;
};

/*
 * Records of ties and logs are processed in batches so that their contact
 * ids can be looked up together (rn_idmap_get_many): at a million contacts
 * each look-up is a cache miss, and a batch overlaps them.  A batch holds
 * copies of up to RN_BATCH records.
 */
#define RN_BATCH 128

struct batch {
	size_t n;
	char *buf;                    /* the records' field bytes */
	size_t buf_len, buf_cap;
	size_t *off;                  /* field offsets, RN_BATCH x maxf */
	size_t *len;
	long *line;
	unsigned char *bad;
	char **ptr;
	size_t maxf;                  /* fields per record (the header's count) */
	long line0[RN_BATCH];
	size_t index[RN_BATCH];
	size_t expected;
};

/* Arrays of one table: a column each (two for a stage), lines, id lines. */
#define RN_ARRAYS_MAX (RN_ROLES_MAX + 4)

/* The state of one table being read. */
struct table_load {
	struct rn_network *net;
	struct rn_diag *diag;
	enum rn_table_id table;
	const struct rn_table_def *def;
	const char *file;            /* display name */
	int col[RN_ROLES_MAX];       /* column index of each role, or -1 */
	int usable;                  /* the header has every required column */
	int ids_complete;            /* every contact id is known (ties, log) */
	size_t n, cap;               /* rows stored, rows allocated */
	int fixed;                   /* the arrays are places in shared ones: no growing */
	int overflow;                /* a row did not fit in fixed arrays */
	int header_only;             /* read the header, note any record after it */
	int past_header;
	struct tag_state *tags;      /* contacts: the tags seen by this reader */
	long *id_line;               /* contacts: the line of each row's id field */
	const int *id_role;          /* the columns naming contacts (ties, log) */
	igraph_integer_t id_pre[2];  /* their contacts, looked up in a batch */
	struct batch *batch;
	struct column_array arrays[RN_ARRAYS_MAX];
	size_t narrays;
	const char ***extra;         /* where this table's extra cells go */
};

/* ---- load_records.c ---- */

/* t reading table id of net (rows into net's arrays, problems into diag);
 * ids_complete: every contact is known, so an unknown id is an error. */
void rn_load_table_setup(struct table_load *t, struct rn_network *net, struct rn_diag *diag,
                         enum rn_table_id id, int ids_complete);

/* Room in b for RN_BATCH records of nfields fields; 0 or -1 (out of memory). */
int rn_load_batch_init(struct batch *b, size_t nfields);
/* Check and store the records queued in t's batch. */
enum rn_status rn_load_batch_flush(struct table_load *t);
/* Free a batch (NULL is fine). */
void rn_load_batch_free(struct batch *b);

/* The CSV reader's callback for every table (ctx: struct table_load). */
enum rn_status rn_load_record(void *ctx, const struct rn_csv_record *rec);

/* The column number of a role in messages (1 when the header lacks it). */
long rn_load_field_col(const struct table_load *t, int role);

/* Forget the header of a table. */
void rn_load_release_columns(struct rn_columns *c);

/* Copy a string into the network's arena; NULL for an empty one; *fail
 * is set on out of memory. */
const char *rn_load_keep(struct rn_network *net, const char *s, size_t n, int *fail);

/* ---- load_tags.c ---- */

/* Split a ';'-separated list and intern each tag into a span of tag_refs. */
enum rn_status rn_load_tags(struct rn_network *net, struct tag_state *ts, const char *s,
                            size_t n, struct rn_tag_span *span);
/* Free what ts holds. */
void rn_load_tags_release(struct tag_state *ts);

/* ---- load_parts.c ---- */

/*
 * Read the tables ids[0..nr) (those present) at the same time.  Returns the
 * first status that is not RN_OK (a later table is not put in the network
 * after one that ends loading), RN_E_INTERNAL on out of memory.  *usable
 * tells whether the first table's header had every required column.
 */
enum rn_status rn_load_tables(struct rn_network *net, const struct rn_load_options *o,
                              struct rn_diag *diag, const enum rn_table_id *ids, int nr,
                              int ids_complete, int *usable);

/* ---- load_pairs.c ---- */

/* Merge duplicate ties (warning for each) and build the pair index. */
enum rn_status rn_load_index_ties(struct rn_network *net, struct rn_diag *diag);

/* Split contacts [0, n) into `parts` ranges of about equal entries of the
 * buckets start[0..n]. */
void rn_load_split_by_entries(const size_t *start, size_t n, int parts, size_t *cut);

/* ---- load_graph.c ---- */

enum rn_status rn_load_adjacency(struct rn_network *net);

/* The array at offset `at` of net (see RN_AT). */
static inline void *rn_load_array(const struct rn_network *net, size_t at)
{
	return *(void *const *) ((const char *) net + at);
}

/* Where the array at offset `at` of net is kept. */
static inline void **rn_load_array_slot(struct rn_network *net, size_t at)
{
	return (void **) ((char *) net + at);
}

#endif

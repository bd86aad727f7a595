/*
 * The network model: contacts, ties and the interaction log of one network
 * directory, validated, with an igraph graph for the algorithms.
 *
 * Attributes live in refnet's own arrays (a struct of arrays indexed by
 * contact id, tie id, event id); igraph holds only structure.  Contact ids
 * are the vertex ids of net->graph; tie ids are its edge ids.  Tags (offers
 * and needs) are interned once: equal tags after folding share one tag id.
 *
 * This is the only module that builds the graph.  A loaded network is
 * read-only for everyone else; analysis code takes a const pointer.
 */
#ifndef REFNET_NETWORK_H
#define REFNET_NETWORK_H

#include <igraph.h>
#include <stdint.h>

#include "refnet/arena.h"
#include "refnet/common.h"
#include "refnet/csv.h"
#include "refnet/diag.h"

/* The largest log value accepted (10^12): sums over 2^31 events stay below
 * 10^22, so every total prints as a plain number. */
#define RN_MAX_VALUE 1e12

enum rn_stage {
	RN_STAGE_NONE = 0,   /* empty */
	RN_STAGE_SUSPECT,
	RN_STAGE_PROSPECT,
	RN_STAGE_CUSTOMER,
	RN_STAGE_PARTNER,
	RN_STAGE_OTHER,      /* any other text, kept in stage_text */
	RN_STAGE_COUNT
};

enum rn_kind {
	RN_KIND_REFERRAL = 0,
	RN_KIND_INTRO,
	RN_KIND_ASK,
	RN_KIND_PITCH,
	RN_KIND_TOUCH,
	RN_KIND_MEETING,
	RN_KIND_THANKS,
	RN_KIND_GIFT,
	RN_KIND_COUNT
};

/* The three input tables. */
enum rn_table_id { RN_TABLE_CONTACTS, RN_TABLE_TIES, RN_TABLE_LOG, RN_TABLE_COUNT };

/*
 * A table's columns as they appeared in the header: the known columns under
 * their canonical names and every other column ("extra") under the header
 * text, in file order.  Extra cells are stored row-major, NULL when empty.
 */
struct rn_columns {
	size_t ncols;
	const char **header;    /* trimmed header text of each column */
	int *role;              /* the known column's role, or -1 for an extra column */
	size_t nextra;
	const char **extra_name;
	size_t *extra_col;      /* column index of each extra column */
};

/* A slice of net->tag_refs: the tags of one contact's offers or needs. */
struct rn_tag_span {
	uint32_t at, n;
};

struct rn_idmap;

struct rn_network {
	/* Where it came from, as shown in messages ("dir/contacts.csv"). */
	const char *file[RN_TABLE_COUNT];   /* NULL when the table is absent; "-" is
	                                     * standard input */
	struct rn_columns cols[RN_TABLE_COUNT];

	/* Contacts: vertex ids 0..ncontacts-1, in file order. */
	igraph_integer_t ncontacts;
	const char **id;
	const char **name;                 /* never NULL: defaults to the id */
	unsigned char *stage;              /* enum rn_stage */
	const char **stage_text;           /* the stage as written, NULL when empty */
	struct rn_tag_span *offers, *needs;
	long *contact_line;
	const char **contact_extra;        /* ncontacts * cols[CONTACTS].nextra */

	/* Tags, interned by their folded form. */
	uint32_t ntags;
	const char **tag_text;             /* first spelling seen */
	const char **tag_fold;             /* folded: lower case, no accents */
	uint32_t *tag_refs;                /* all spans point in here */
	size_t ntag_refs;

	/* Ties: edge ids 0..nties-1, duplicates merged into the first occurrence. */
	igraph_integer_t nties;
	igraph_integer_t *tie_a, *tie_b;   /* as written in the file */
	double *strength;                  /* in (0, 1]; 0.5 when empty */
	int *since, *last_contact;         /* days, or RN_NO_DATE */
	const char **tie_note;             /* NULL when empty */
	long *tie_line;
	const char **tie_extra;
	igraph_integer_t ties_merged;      /* duplicate rows folded into others */
	uint32_t *pair_order;              /* tie ids by (lower end, higher end) */
	uint32_t *pair_hi;                 /* the higher end of each tie in pair_order */
	size_t *pair_start;                /* ncontacts + 1 offsets into pair_order */

	/* The log, in file order. */
	igraph_integer_t nevents;
	int *ev_date;
	igraph_integer_t *ev_from, *ev_to;
	unsigned char *ev_kind;            /* enum rn_kind */
	const char **ev_about, **ev_status, **ev_note;
	double *ev_value;                  /* NAN when empty, else 0..RN_MAX_VALUE */
	long *ev_line;
	const char **ev_extra;

	/* Structure for the algorithms: undirected, one edge per tie.  Built
	 * only when asked for (struct rn_load_options.graph, or later
	 * rn_network_build_graph()): building it costs as much as reading the
	 * ties, and check, reciprocity and followup do not need it. */
	igraph_t graph;
	int has_graph;

	/* Adjacency for the route searches, built on request (.adjacency): the
	 * neighbours of v are adj[adj_start[v] .. adj_start[v + 1]), sorted by
	 * neighbour id.  Measured at 1M contacts / 10M ties, igraph_create took
	 * 7.5 s where this takes a fraction of a second, and a hop-bounded
	 * search needs nothing from igraph but the neighbour lists. */
	size_t *adj_start;
	struct rn_adj { uint32_t v, tie; } *adj;

	struct rn_idmap *ids;    /* contact id -> vertex id */
	struct rn_idmap *tags;   /* folded tag -> tag id */
	struct rn_arena arena;
};

struct rn_load_options {
	const char *dir;                    /* network directory, "." when NULL */
	const char *path[RN_TABLE_COUNT];   /* explicit files, or NULL for dir/<name>.csv */
	int graph;                          /* build net->graph */
	int adjacency;                      /* build net->adj */
	int parts;                          /* read each file in this many parts
	                                     * (threads); 0: by file size and CPUs */
	struct rn_csv_options csv;
};

/*
 * Load and validate a network.  Problems go to diag.  Returns RN_OK (warnings
 * may have been recorded), RN_E_DATA when any error was found (the network is
 * released and must not be used), RN_E_NOINPUT when a file is missing or
 * unreadable, RN_E_INTERNAL on out of memory or an igraph failure.
 * Time: O(total input size + ties) expected; memory: about 100 bytes per tie.
 */
enum rn_status rn_network_load(struct rn_network *net, const struct rn_load_options *opts,
                               struct rn_diag *diag) RN_WARN_UNUSED;

/*
 * Build net->graph after loading (what rn_load_options.graph does during the
 * load), so that a caller can start work that needs no graph first.  Writes
 * only net->graph and net->has_graph: other threads may read the rest of the
 * network meanwhile.  Does nothing when the graph is there.  Returns RN_OK
 * or RN_E_INTERNAL (out of memory; the network stays usable without it).
 */
enum rn_status rn_network_build_graph(struct rn_network *net) RN_WARN_UNUSED;

/* Release everything the network owns.  Accepts a zeroed network. */
void rn_network_release(struct rn_network *net);

/* The contact with this id, or -1; ids are compared in Unicode NFC (the
 * loader stores them so).  O(length of id) expected. */
igraph_integer_t rn_network_find(const struct rn_network *net, const char *id);

/* A table's file as messages name it: "<stdin>" for "-", else the path. */
const char *rn_network_display_file(const struct rn_network *net, enum rn_table_id t);

/* The tie between contacts a and b (either order), or -1.  O(log degree). */
igraph_integer_t rn_network_find_tie(const struct rn_network *net, igraph_integer_t a,
                                     igraph_integer_t b);

/* The tag whose folded form is fold, or -1. */
int64_t rn_network_find_tag(const struct rn_network *net, const char *fold);

/* Canonical names: "partner", "referral", "contacts.csv", ... */
const char *rn_stage_name(enum rn_stage s);
const char *rn_kind_name(enum rn_kind k);
const char *rn_table_name(enum rn_table_id t);

/* The canonical column names of a table, indexed by role; count in *n. */
const char *const *rn_table_columns(enum rn_table_id t, size_t *n);

/*
 * Install refnet's igraph error and warning handlers (igraph's default error
 * handler aborts the process).  Call once before any igraph function.  The
 * last igraph error message is available from rn_igraph_last_error() ("out of
 * memory" when igraph reported none).
 */
void rn_igraph_setup(void);
const char *rn_igraph_last_error(void);

#endif

/*
 * The columns of the three input tables, described once: canonical name,
 * the other header names accepted, whether the header must have it, how a
 * cell is read and checked, where its value is stored in struct rn_network
 * and how duplicate ties merge it.  The loader (header matching, row
 * checks, the arrays it grows and frees, tie merging), the id reader of
 * the shell completion and the messages all take the columns from here,
 * so a new column is one line in one of the lists below (and its array in
 * struct rn_network).  Header matching is documented in docs/formats.md.
 *
 * Private to src/net (the public face is rn_table_columns() in network.h).
 */
#ifndef REFNET_NET_SCHEMA_H
#define REFNET_NET_SCHEMA_H

#include <stddef.h>

#include "refnet/network.h"

/* How a cell is read and checked, and the type of the array it goes to. */
enum rn_cell {
	RN_CELL_OWN_ID,    /* the contact's id, kept in NFC: const char *; a row
	                    * without one is not checked further */
	RN_CELL_NAME,      /* free text, the id when empty: const char * */
	RN_CELL_STAGE,     /* a stage name: unsigned char (enum rn_stage); the
	                    * text as written goes to text_at; unknown: warning */
	RN_CELL_TAGS,      /* ';'-separated tags: struct rn_tag_span */
	RN_CELL_CONTACT,   /* another contact's id: igraph_integer_t */
	RN_CELL_STRENGTH,  /* a plain decimal in (0, 1]: double, 0.5 when empty */
	RN_CELL_DATE,      /* YYYY-MM-DD or ISO 8601: int days, RN_NO_DATE when empty */
	RN_CELL_KIND,      /* a log kind: unsigned char (enum rn_kind) */
	RN_CELL_VALUE,     /* a plain decimal in [0, RN_MAX_VALUE]: double, NAN when empty */
	RN_CELL_TEXT       /* free text as written: const char *, NULL when empty */
};

/* How a repeated tie's cell merges into the first row's (ties only). */
enum rn_merge {
	RN_MERGE_NONE,       /* the pair itself */
	RN_MERGE_MAX,        /* the highest (strength, latest date) */
	RN_MERGE_EARLIEST,   /* the earliest date given */
	RN_MERGE_FIRST       /* the first non-empty text */
};

#define RN_OPTIONAL 0
#define RN_REQUIRED 1   /* the header must have it and no row may leave it empty */
#define RN_AT(array) offsetof(struct rn_network, array)
#define RN_NOWHERE 0    /* no second array (offset 0 is net->file, never a column) */

/*
 * The columns, in role order:
 * X(role, name, required, cell, merge, array, second array, aliases..., NULL).
 * Aliases are normalized (see rn_schema_normalize) and listed in messages
 * in this order.
 */
#define RN_CONTACT_COLUMNS(X) \
	X(RN_C_ID, "id", RN_REQUIRED, RN_CELL_OWN_ID, RN_MERGE_NONE, RN_AT(id), RN_NOWHERE, \
	  "contact_id", "contact", NULL) \
	X(RN_C_NAME, "name", RN_OPTIONAL, RN_CELL_NAME, RN_MERGE_NONE, RN_AT(name), RN_NOWHERE, \
	  "full_name", "display_name", NULL) \
	X(RN_C_STAGE, "stage", RN_OPTIONAL, RN_CELL_STAGE, RN_MERGE_NONE, RN_AT(stage), \
	  RN_AT(stage_text), "relationship_stage", NULL) \
	X(RN_C_OFFERS, "offers", RN_OPTIONAL, RN_CELL_TAGS, RN_MERGE_NONE, RN_AT(offers), \
	  RN_NOWHERE, "offer", "gives", NULL) \
	X(RN_C_NEEDS, "needs", RN_OPTIONAL, RN_CELL_TAGS, RN_MERGE_NONE, RN_AT(needs), \
	  RN_NOWHERE, "need", "wants", NULL)

#define RN_TIE_COLUMNS(X) \
	X(RN_T_A, "a", RN_REQUIRED, RN_CELL_CONTACT, RN_MERGE_NONE, RN_AT(tie_a), RN_NOWHERE, \
	  "source", "from", "person_a", NULL) \
	X(RN_T_B, "b", RN_REQUIRED, RN_CELL_CONTACT, RN_MERGE_NONE, RN_AT(tie_b), RN_NOWHERE, \
	  "target", "to", "person_b", NULL) \
	X(RN_T_STRENGTH, "strength", RN_OPTIONAL, RN_CELL_STRENGTH, RN_MERGE_MAX, \
	  RN_AT(strength), RN_NOWHERE, "weight", "trust", NULL) \
	X(RN_T_SINCE, "since", RN_OPTIONAL, RN_CELL_DATE, RN_MERGE_EARLIEST, RN_AT(since), \
	  RN_NOWHERE, NULL) \
	X(RN_T_LAST_CONTACT, "last_contact", RN_OPTIONAL, RN_CELL_DATE, RN_MERGE_MAX, \
	  RN_AT(last_contact), RN_NOWHERE, "last_contacted", "last_seen", NULL) \
	X(RN_T_NOTE, "note", RN_OPTIONAL, RN_CELL_TEXT, RN_MERGE_FIRST, RN_AT(tie_note), \
	  RN_NOWHERE, "notes", NULL)

#define RN_LOG_COLUMNS(X) \
	X(RN_L_DATE, "date", RN_REQUIRED, RN_CELL_DATE, RN_MERGE_NONE, RN_AT(ev_date), \
	  RN_NOWHERE, "when", NULL) \
	X(RN_L_FROM, "from", RN_REQUIRED, RN_CELL_CONTACT, RN_MERGE_NONE, RN_AT(ev_from), \
	  RN_NOWHERE, "source", "by", NULL) \
	X(RN_L_TO, "to", RN_REQUIRED, RN_CELL_CONTACT, RN_MERGE_NONE, RN_AT(ev_to), RN_NOWHERE, \
	  "target", "recipient", NULL) \
	X(RN_L_KIND, "kind", RN_REQUIRED, RN_CELL_KIND, RN_MERGE_NONE, RN_AT(ev_kind), \
	  RN_NOWHERE, "type", "event", NULL) \
	X(RN_L_ABOUT, "about", RN_OPTIONAL, RN_CELL_TEXT, RN_MERGE_NONE, RN_AT(ev_about), \
	  RN_NOWHERE, NULL) \
	X(RN_L_VALUE, "value", RN_OPTIONAL, RN_CELL_VALUE, RN_MERGE_NONE, RN_AT(ev_value), \
	  RN_NOWHERE, "amount", NULL) \
	X(RN_L_STATUS, "status", RN_OPTIONAL, RN_CELL_TEXT, RN_MERGE_NONE, RN_AT(ev_status), \
	  RN_NOWHERE, NULL) \
	X(RN_L_NOTE, "note", RN_OPTIONAL, RN_CELL_TEXT, RN_MERGE_NONE, RN_AT(ev_note), \
	  RN_NOWHERE, "notes", NULL)

#define RN_SCHEMA_ROLE(role, ...) role,
enum { RN_CONTACT_COLUMNS(RN_SCHEMA_ROLE) RN_C_COUNT };
enum { RN_TIE_COLUMNS(RN_SCHEMA_ROLE) RN_T_COUNT };
enum { RN_LOG_COLUMNS(RN_SCHEMA_ROLE) RN_L_COUNT };
#undef RN_SCHEMA_ROLE

/* The most columns of one table (struct table_load sizes by it). */
#define RN_ROLES_MAX RN_L_COUNT

struct rn_column_def {
	const char *name;          /* canonical: the header name shown in messages */
	const char *alias[4];      /* other accepted header names, NULL-terminated */
	unsigned char required;    /* RN_REQUIRED or RN_OPTIONAL */
	unsigned char cell;        /* enum rn_cell */
	unsigned char merge;       /* enum rn_merge */
	size_t at;                 /* offset in struct rn_network of the array */
	size_t text_at;            /* of a second array (stage text), or RN_NOWHERE */
};

struct rn_table_def {
	const struct rn_column_def *col;   /* indexed by role */
	size_t ncols;
	const char *row;         /* what a row is, for "every ... needs one" */
	size_t count_at;         /* igraph_integer_t: rows stored */
	size_t line_at;          /* long per row: the line where the row starts */
	size_t extra_at;         /* const char ** : the extra cells, row-major */
	int contact[2];          /* the two columns naming other contacts (their ids
	                          * are looked up in batches), or -1 */
	const char *same;        /* the message when both name the same contact
	                          * (one %s: its id) */
};

/* The description of table t (never NULL for a valid t). */
const struct rn_table_def *rn_schema_table(enum rn_table_id t);

/* The size of one element of the array a cell of this kind goes to. */
size_t rn_schema_cell_size(enum rn_cell cell);

/*
 * Normalize a header name for matching: trimmed, ASCII lower case, space and
 * '-' as '_'.  Writes at most cap bytes including the NUL; returns the length.
 */
size_t rn_schema_normalize(const char *s, size_t n, char *out, size_t cap);

/* The role of a normalized header name in table t, or -1 for an extra column. */
int rn_schema_role(enum rn_table_id t, const char *norm);

/* The aliases of a role (for messages); returns how many were stored. */
size_t rn_schema_aliases(enum rn_table_id t, int role, const char **out, size_t cap);

#endif

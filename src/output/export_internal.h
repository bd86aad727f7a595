/*
 * What the export writers share.  Private to src/output.
 *
 *   export.c          a row described once as (name, value) fields; JSON
 *   export_dir.c      the CSV and Neo4j directories
 *   export_graphml.c  GraphML
 */
#ifndef REFNET_OUTPUT_EXPORT_INTERNAL_H
#define REFNET_OUTPUT_EXPORT_INTERNAL_H

#include <stddef.h>

#include "refnet/network.h"

enum val_type { V_NULL, V_STR, V_NUM, V_TAGS };

struct val {
	const char *name;      /* canonical column or extra column header */
	enum val_type type;
	const char *s;
	double num;
	struct rn_tag_span tags;
	char buf[32];          /* dates and numbers in text form */
};

struct row {
	struct val v[64 + RN_CSV_MAX_FIELDS];
	size_t n;
};

/* The fields of contact v, tie e and log row i, in column order. */
void rn_export_row_contact(struct row *r, const struct rn_network *net, igraph_integer_t v);
void rn_export_row_tie(struct row *r, const struct rn_network *net, igraph_integer_t e);
void rn_export_row_event(struct row *r, const struct rn_network *net, igraph_integer_t i);

typedef void (*row_fn)(struct row *, const struct rn_network *, igraph_integer_t);

#endif

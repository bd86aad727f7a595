/*
 * Export: the validated, normalized network for other tools.
 *
 *   JSON     one object {"contacts": [...], "ties": [...], "log": [...]} with
 *            every input column (known ones under their canonical names)
 *   CSV      a normalized network directory refnet itself reads back
 *   GraphML  contacts and ties for Gephi, Cytoscape and yEd (libxml2 writer)
 *   Neo4j    node and relationship CSV files for neo4j-admin database import,
 *            with each tie's routing cost and a gds.cypher script running the
 *            Graph Data Science equivalents of intro, stats and communities
 *
 * The directory formats write every file to a temporary name first and rename
 * them all only when all were written, so a failure leaves no partial export.
 */
#ifndef REFNET_EXPORT_H
#define REFNET_EXPORT_H

#include <stdio.h>

#include "refnet/network.h"

/* Write to fp.  Return 0, or -1 on a write or memory error. */
int rn_export_json(const struct rn_network *net, FILE *fp);
int rn_export_graphml(const struct rn_network *net, FILE *fp);

enum rn_dir_format { RN_DIR_CSV, RN_DIR_NEO4J };

/*
 * Write the files of a directory format into dir (created if missing).
 * Returns RN_OK; RN_E_USAGE if a file would overwrite one of the network's
 * input files; RN_E_CANTCREAT (reason in err) if a file cannot be written.
 */
enum rn_status rn_export_dir(const struct rn_network *net, enum rn_dir_format f,
                             const char *dir, char *err, size_t errlen);

/*
 * The same, with each tie's routing cost for the Neo4j files: tie_cost[e] =
 * -ln(effective strength of tie e) as refnet's route search uses it (the
 * caller computes it: decay depends on --as-of and --half-life); NULL for
 * -ln(strength).  Ignored for RN_DIR_CSV.
 */
enum rn_status rn_export_dir_costs(const struct rn_network *net, enum rn_dir_format f,
                                   const char *dir, const double *tie_cost, char *err,
                                   size_t errlen);

#endif

/*
 * Loading a network directory: contacts.csv, then ties.csv and log.csv,
 * each validated record by record into the struct-of-arrays model, then
 * duplicate ties merged and the igraph graph built.  The steps live in the
 * load_*.c files (see load_internal.h); this one finds the files, runs the
 * steps in order and releases a network.
 *
 * Every data problem is recorded in the caller's struct rn_diag with its
 * FILE:LINE:COLUMN; loading goes on after a problem so that one run reports
 * as many as possible.  A network with any error is released before
 * returning, so callers never see half-valid data.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "idmap.h"
#include "load_internal.h"
#include "refnet/bigmem.h"
#include "refnet/text.h"

const char *rn_network_display_file(const struct rn_network *net, enum rn_table_id t)
{
	return net->file[t] && strcmp(net->file[t], "-") == 0 ? "<stdin>" : net->file[t];
}

/*
 * The path of a table and its display name.  Returns 0, or 1 when an
 * optional default file does not exist, or -1 on out of memory.
 */
static int table_path(const struct rn_load_options *opts, enum rn_table_id t,
                      char **path)
{
	*path = NULL;
	if (opts->path[t]) {
		*path = strdup(opts->path[t]);
		return *path ? 0 : -1;
	}
	const char *dir = opts->dir && *opts->dir ? opts->dir : ".";
	const char *name = rn_table_name(t);
	size_t dl = strlen(dir);
	if (strcmp(dir, ".") == 0) {
		*path = strdup(name);
	} else {
		int slash = dir[dl - 1] == '/';
		*path = malloc(dl + strlen(name) + 2);
		if (*path)
			snprintf(*path, dl + strlen(name) + 2, "%s%s%s", dir, slash ? "" : "/", name);
	}
	if (!*path)
		return -1;
	/* Absent means no such name: a symbolic link to nothing is a file that
	 * cannot be opened, and says so. */
	struct stat st;
	if (t != RN_TABLE_CONTACTS && lstat(*path, &st) < 0 && errno == ENOENT) {
		free(*path);
		*path = NULL;
		return 1;
	}
	return 0;
}

enum rn_status rn_network_load(struct rn_network *net, const struct rn_load_options *opts,
                               struct rn_diag *diag)
{
	enum rn_status st = RN_OK;
	memset(net, 0, sizeof(*net));
	rn_arena_init(&net->arena);
	net->ids = rn_idmap_new();
	net->tags = rn_idmap_new();
	if (!net->ids || !net->tags) {
		st = RN_E_INTERNAL;
		goto fail;
	}

	if (opts->dir && !opts->path[RN_TABLE_CONTACTS]) {
		struct stat sb;
		int bad = stat(opts->dir, &sb) < 0 ? errno : S_ISDIR(sb.st_mode) ? 0 : ENOTDIR;
		if (bad) {
			rn_diag_error(diag, NULL, 0, 0, "cannot open network directory '%s': %s",
			              opts->dir, strerror(bad));
			st = RN_E_NOINPUT;
			goto fail;
		}
	}
	for (int t = 0; t < RN_TABLE_COUNT; t++) {
		char *path;
		int r = table_path(opts, (enum rn_table_id) t, &path);
		if (r < 0) {
			st = RN_E_INTERNAL;
			goto fail;
		}
		net->file[t] = path;
	}

	/* Contacts first: the other tables name them. */
	static const enum rn_table_id contacts[] = { RN_TABLE_CONTACTS };
	int usable = 0;
	st = rn_load_tables(net, opts, diag, contacts, 1, 1, &usable);
	if (st == RN_E_NOINPUT || st == RN_E_INTERNAL)
		goto fail;
	/* Ids are trustworthy for the other tables only if every row was read. */
	int ids_complete = st == RN_OK && usable;
	enum rn_table_id rest[2];
	int nrest = 0;
	for (int t = RN_TABLE_TIES; t < RN_TABLE_COUNT; t++)
		if (net->file[t])
			rest[nrest++] = (enum rn_table_id) t;
	st = rn_load_tables(net, opts, diag, rest, nrest, ids_complete, &usable);
	if (st == RN_E_NOINPUT || st == RN_E_INTERNAL)
		goto fail;
	if (diag->nerrors > 0) {
		st = RN_E_DATA;
		goto fail;
	}
	st = rn_load_index_ties(net, diag);
	if (st != RN_OK)
		goto fail;
	if (opts->graph) {
		st = rn_network_build_graph(net);
		if (st != RN_OK)
			goto fail;
	}
	if (opts->adjacency) {
		st = rn_load_adjacency(net);
		if (st != RN_OK)
			goto fail;
	}
	return RN_OK;

fail:
	if (st == RN_OK)
		st = RN_E_DATA;
	rn_network_release(net);
	return st;
}

void rn_network_release(struct rn_network *net)
{
	if (!net)
		return;
	for (int t = 0; t < RN_TABLE_COUNT; t++) {
		free((char *) net->file[t]);
		rn_load_release_columns(&net->cols[t]);
	}
	for (int t = 0; t < RN_TABLE_COUNT; t++) {
		const struct rn_table_def *def = rn_schema_table((enum rn_table_id) t);
		for (size_t c = 0; c < def->ncols; c++) {
			rn_big_free(rn_load_array(net, def->col[c].at));
			if (def->col[c].text_at != RN_NOWHERE)
				rn_big_free(rn_load_array(net, def->col[c].text_at));
		}
		rn_big_free(rn_load_array(net, def->line_at));
		rn_big_free(rn_load_array(net, def->extra_at));
	}
	free(net->tag_text);
	free(net->tag_fold);
	free(net->tag_refs);
	rn_big_free(net->pair_start);
	rn_big_free(net->pair_order);
	rn_big_free(net->pair_hi);
	rn_big_free(net->adj_start);
	rn_big_free(net->adj);
	if (net->has_graph)
		igraph_destroy(&net->graph);
	rn_idmap_free(net->ids);
	rn_idmap_free(net->tags);
	rn_arena_release(&net->arena);
	memset(net, 0, sizeof(*net));
}

igraph_integer_t rn_network_find(const struct rn_network *net, const char *id)
{
	char *nfc;
	if (rn_text_nfc(id, strlen(id), &nfc) > 0) {
		igraph_integer_t v = (igraph_integer_t) rn_idmap_get(net->ids, nfc, strlen(nfc));
		free(nfc);
		return v;
	}
	return (igraph_integer_t) rn_idmap_get(net->ids, id, strlen(id));
}

int64_t rn_network_find_tag(const struct rn_network *net, const char *fold)
{
	return rn_idmap_get(net->tags, fold, strlen(fold));
}

/*
 * The export directories: CSV tables and Neo4j's import files (with a
 * README and a Cypher script for the graph data science library), written
 * into a temporary directory beside the target and moved into place whole.
 * The rows come from export.c.
 */
#define _DEFAULT_SOURCE /* flock */
#include "refnet/export.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "refnet/output.h"
#include "export_internal.h"

/* ---- CSV and Neo4j ------------------------------------------------------ */

static void put_tags(FILE *fp, const struct rn_network *net, struct rn_tag_span span,
                     const char *sep)
{
	/* Tags never hold ';' (it separates them), but may need quoting. */
	size_t len = 0;
	for (uint32_t k = 0; k < span.n; k++)
		len += strlen(net->tag_text[net->tag_refs[span.at + k]]) + strlen(sep);
	char *s = malloc(len + 1);
	if (!s) {
		errno = ENOMEM;
		fputs("", fp);
		return;
	}
	s[0] = '\0';
	size_t at = 0;
	for (uint32_t k = 0; k < span.n; k++) {
		const char *t = net->tag_text[net->tag_refs[span.at + k]];
		at += (size_t) snprintf(s + at, len + 1 - at, "%s%s", k ? sep : "", t);
	}
	rn_csv_put(fp, s);
	free(s);
}

static void csv_row(FILE *fp, const struct rn_network *net, const struct row *r,
                    const char *tag_sep)
{
	for (size_t k = 0; k < r->n; k++) {
		const struct val *v = &r->v[k];
		if (k)
			fputc(',', fp);
		if (v->type == V_TAGS)
			put_tags(fp, net, v->tags, tag_sep);
		else if (v->s)
			rn_csv_put(fp, v->s);
	}
}

static int write_csv_table(const struct rn_network *net, FILE *fp, igraph_integer_t n,
                           row_fn fn, enum rn_table_id table, struct row *r)
{
	/* The header comes from a row's names, so it always matches the rows. */
	size_t nc;
	const char *const *names = rn_table_columns(table, &nc);
	const struct rn_columns *c = &net->cols[table];
	for (size_t k = 0; k < nc; k++)
		fprintf(fp, "%s%s", k ? "," : "", names[k]);
	for (size_t x = 0; x < c->nextra; x++) {
		fputc(',', fp);
		rn_csv_put(fp, c->extra_name[x]);
	}
	fputc('\n', fp);
	for (igraph_integer_t i = 0; i < n; i++) {
		fn(r, net, i);
		csv_row(fp, net, r, "; ");
		fputc('\n', fp);
	}
	return ferror(fp) ? -1 : 0;
}

/* Tags (by their texts in `text`) joined by ';', as one CSV field. */
static void put_tag_list(FILE *fp, const char *const *text, const uint32_t *refs,
                         struct rn_tag_span span)
{
	size_t len = 1;
	for (uint32_t k = 0; k < span.n; k++)
		len += strlen(text[refs[span.at + k]]) + 1;
	char *s = malloc(len);
	if (!s) {
		errno = ENOMEM;
		return;
	}
	size_t at = 0;
	s[0] = '\0';
	for (uint32_t k = 0; k < span.n; k++)
		at += (size_t) snprintf(s + at, len - at, "%s%s", k ? ";" : "", text[refs[span.at + k]]);
	rn_csv_put(fp, s);
	free(s);
}

/* The property name of a Neo4j header (the part before its ':type'). */
static size_t prop_len(const char *h)
{
	const char *colon = strchr(h, ':');
	return colon ? (size_t) (colon - h) : strlen(h);
}

static int same_prop(const char *a, size_t na, const char *b, size_t nb)
{
	return na == nb && memcmp(a, b, na) == 0;
}

/*
 * Extra columns whose names become the same after ':' -> '_' ("a:b" and
 * "a_b"), or the same as a fixed column's property, would be one property
 * in Neo4j: the later ones get "_2", "_3"...  Returns -1 on out of memory.
 */
static int neo4j_header(FILE *fp, const struct rn_network *net, enum rn_table_id table,
                        const char *const *lead, size_t nlead, const char *tail)
{
	const struct rn_columns *c = &net->cols[table];
	char **name = calloc(c->nextra + 1, sizeof(*name));
	if (!name)
		return -1;
	int rc = 0;
	for (size_t k = 0; k < nlead; k++)
		fprintf(fp, "%s%s", k ? "," : "", lead[k]);
	for (size_t x = 0; x < c->nextra && rc == 0; x++) {
		size_t n = strlen(c->extra_name[x]);
		char *s = malloc(n + 24);
		if (!s) {
			rc = -1;
			break;
		}
		memcpy(s, c->extra_name[x], n + 1);
		for (char *p = s; *p; p++)
			if (*p == ':')
				*p = '_';
		for (unsigned suffix = 2;; suffix++) {
			int clash = 0;
			size_t sl = strlen(s);
			for (size_t k = 0; k < nlead && !clash; k++)
				clash = prop_len(lead[k]) > 0 && same_prop(s, sl, lead[k], prop_len(lead[k]));
			for (size_t k = 0; k < x && !clash; k++)
				clash = strcmp(s, name[k]) == 0;
			/* The columns after the extras: ",id:long,cost:double,:TYPE". */
			for (const char *t = tail; *t && !clash;) {
				t += *t == ',';
				size_t tl = strcspn(t, ",");
				clash = prop_len(t) > 0 && same_prop(s, sl, t, prop_len(t) < tl ? prop_len(t) : tl);
				t += tl;
			}
			if (!clash)
				break;
			snprintf(s + n, 24, "_%u", suffix);
		}
		name[x] = s;
		fputc(',', fp);
		rn_csv_put(fp, s);
	}
	fprintf(fp, "%s\n", tail);
	for (size_t x = 0; x < c->nextra; x++)
		free(name[x]);
	free(name);
	return rc;
}

static int write_neo4j_contacts(const struct rn_network *net, FILE *fp, struct row *r)
{
	static const char *const lead[] = {
		"id:ID", "name", "stage", "offers:string[]", "needs:string[]"
	};
	static const char *const label[RN_STAGE_COUNT] = {
		"Contact", "Contact;Suspect", "Contact;Prospect", "Contact;Customer",
		"Contact;Partner", "Contact"
	};
	/* offers_fold: the offers as refnet matches them (folded: lower case,
	 * no accents, words separated by one space), for gds.cypher's queries. */
	neo4j_header(fp, net, RN_TABLE_CONTACTS, lead, RN_ARRAY_LEN(lead),
	             ",offers_fold:string[],:LABEL");
	for (igraph_integer_t v = 0; v < net->ncontacts; v++) {
		rn_export_row_contact(r, net, v);
		csv_row(fp, net, r, ";");
		fputc(',', fp);
		put_tag_list(fp, net->tag_fold, net->tag_refs, net->offers[v]);
		fprintf(fp, ",%s\n", label[net->stage[v]]);
	}
	return ferror(fp) ? -1 : 0;
}

static int write_neo4j_ties(const struct rn_network *net, FILE *fp, struct row *r,
                            const double *tie_cost)
{
	static const char *const lead[] = {
		":START_ID", ":END_ID", "strength:double", "since:date", "last_contact:date", "note"
	};
	/* id: the tie's number in refnet (ties.csv order, duplicates merged),
	 * to join results back; cost: -ln(effective strength), the weight that
	 * makes GDS's summed-cost path algorithms rank routes as refnet does. */
	neo4j_header(fp, net, RN_TABLE_TIES, lead, RN_ARRAY_LEN(lead), ",id:long,cost:double,:TYPE");
	for (igraph_integer_t e = 0; e < net->nties; e++) {
		char num[64];
		rn_export_row_tie(r, net, e);
		csv_row(fp, net, r, ";");
		rn_fmt_double(tie_cost ? tie_cost[e] : -log(net->strength[e]), num, sizeof(num));
		fprintf(fp, ",%lld,%s,KNOWS\n", (long long) e, strcmp(num, "-0") ? num : "0");
	}
	return ferror(fp) ? -1 : 0;
}

static int write_neo4j_log(const struct rn_network *net, FILE *fp, struct row *r)
{
	static const char *const lead[] = {
		"date:date", ":START_ID", ":END_ID", "kind", "about", "value:double", "status", "note"
	};
	static const char *const type[RN_KIND_COUNT] = {
		"REFERRED", "INTRODUCED", "ASKED", "PITCHED", "TOUCHED", "MET", "THANKED", "GAVE_GIFT"
	};
	/* id: the event's number in refnet (log.csv order). */
	neo4j_header(fp, net, RN_TABLE_LOG, lead, RN_ARRAY_LEN(lead), ",id:long,:TYPE");
	for (igraph_integer_t i = 0; i < net->nevents; i++) {
		rn_export_row_event(r, net, i);
		csv_row(fp, net, r, ";");
		fprintf(fp, ",%lld,%s\n", (long long) i, type[net->ev_kind[i]]);
	}
	return ferror(fp) ? -1 : 0;
}

static int write_neo4j_readme(FILE *fp)
{
	fputs("#!/bin/sh\n"
	      "# Import into an empty Neo4j 5 database (stop it first): sh import.sh\n"
	      "# Then, with the Graph Data Science plugin: cypher-shell -f gds.cypher\n"
	      "neo4j-admin database import full \\\n"
	      "  --nodes=contacts.csv \\\n"
	      "  --relationships=ties.csv \\\n"
	      "  --relationships=log.csv \\\n"
	      "  --array-delimiter=';' --multiline-fields=true \\\n"
	      "  neo4j\n", fp);
	return ferror(fp) ? -1 : 0;
}

/* s as a Cypher string literal: single quotes, \ and ' escaped. */
static void put_cypher_string(FILE *fp, const char *s)
{
	fputc('\'', fp);
	for (; *s; s++) {
		if (*s == '\'' || *s == '\\')
			fputc('\\', fp);
		if (*s == '\n')
			fputs("\\n", fp);
		else if (*s == '\r')
			fputs("\\r", fp);
		else
			fputc(*s, fp);
	}
	fputc('\'', fp);
}

/*
 * gds.cypher: project the KNOWS graph into GDS and run the equivalents of
 * refnet intro (Yen's k shortest paths, Dijkstra), stats connectors
 * (betweenness) and communities (Leiden, Louvain), all on the exported
 * cost and strength.  The example parameters name the network's first
 * contact and one of its offers.
 */
static int write_neo4j_gds(const struct rn_network *net, FILE *fp)
{
	const char *from = net->ncontacts ? net->id[0] : "";
	const char *need = "";
	for (igraph_integer_t v = 0; v < net->ncontacts && !*need; v++)
		if (net->offers[v].n && v != 0)
			need = net->tag_fold[net->tag_refs[net->offers[v].at]];
	fputs("// refnet's analyses in Neo4j Graph Data Science (GDS 2.x), after import.sh:\n"
	      "//   cypher-shell -f gds.cypher\n"
	      "// Each KNOWS relationship has cost = -ln(effective strength): a route's summed\n"
	      "// cost is -ln of its score (the product of its ties' effective strengths, as of\n"
	      "// the export's --as-of), so the cheapest path is refnet's strongest route and\n"
	      "// score = exp(-totalCost).  Not carried over: introducer fatigue (a contact's\n"
	      "// recent asks; GDS weighs relationships, not nodes), --max-hops, and refnet's\n"
	      "// rule that alternative routes go through different people (Yen's k paths may\n"
	      "// share introducers).  Set the parameters, then run the queries you need.\n"
	      "\n", fp);
	fputs(":param from => ", fp);
	put_cypher_string(fp, from);
	fputs(";\n:param need => ", fp);
	put_cypher_string(fp, need);
	fputs(";\n:param to => ", fp);
	put_cypher_string(fp, net->ncontacts > 1 ? net->id[net->ncontacts - 1] : from);
	fputs(";\n:param k => 5;\n"
	      "\n"
	      "// The projection: contacts and their ties, both ways, with cost and strength.\n"
	      "CALL gds.graph.drop('refnet', false) YIELD graphName RETURN graphName;\n"
	      "CALL gds.graph.project('refnet', 'Contact',\n"
	      "  {KNOWS: {orientation: 'UNDIRECTED', properties: ['cost', 'strength']}})\n"
	      "YIELD graphName, nodeCount, relationshipCount\n"
	      "RETURN graphName, nodeCount, relationshipCount;\n"
	      "\n"
	      "// refnet intro --for $from --need $need: the best routes to the contacts whose\n"
	      "// offers match the need (every word of the need, folded like offers_fold:\n"
	      "// lower case, no accents, starts a word of one offer), by Yen's k shortest paths.\n"
	      "MATCH (source:Contact {id: $from}), (target:Contact)\n"
	      "WHERE target <> source AND any(o IN target.offers_fold WHERE\n"
	      "  all(w IN split($need, ' ') WHERE any(x IN split(o, ' ') WHERE x STARTS WITH w)))\n"
	      "CALL gds.shortestPath.yens.stream('refnet', {sourceNode: source, targetNode: target,\n"
	      "  k: $k, relationshipWeightProperty: 'cost'})\n"
	      "YIELD totalCost, nodeIds\n"
	      "RETURN target.id AS provider, round(exp(-totalCost), 3) AS score,\n"
	      "  size(nodeIds) - 1 AS hops, [n IN gds.util.asNodes(nodeIds) | n.id] AS path\n"
	      "ORDER BY score DESC, hops, provider LIMIT $k;\n"
	      "\n"
	      "// refnet intro --for $from --to $to: the best route to one contact (Dijkstra).\n"
	      "MATCH (source:Contact {id: $from}), (target:Contact {id: $to})\n"
	      "CALL gds.shortestPath.dijkstra.stream('refnet', {sourceNode: source,\n"
	      "  targetNode: target, relationshipWeightProperty: 'cost'})\n"
	      "YIELD totalCost, nodeIds\n"
	      "RETURN round(exp(-totalCost), 3) AS score,\n"
	      "  [n IN gds.util.asNodes(nodeIds) | n.id] AS path;\n"
	      "\n"
	      "// refnet stats, connectors: betweenness over the same costs.\n"
	      "CALL gds.betweenness.stream('refnet', {relationshipWeightProperty: 'cost'})\n"
	      "YIELD nodeId, score\n"
	      "RETURN gds.util.asNode(nodeId).id AS contact, score AS betweenness\n"
	      "ORDER BY betweenness DESC, contact LIMIT 10;\n"
	      "\n"
	      "// refnet stats, communities: Leiden (refnet's default), weighted by strength.\n"
	      "CALL gds.leiden.stream('refnet', {relationshipWeightProperty: 'strength',\n"
	      "  randomSeed: 1})\n"
	      "YIELD nodeId, communityId\n"
	      "RETURN communityId, count(*) AS size,\n"
	      "  collect(gds.util.asNode(nodeId).id)[..10] AS members\n"
	      "ORDER BY size DESC;\n"
	      "\n"
	      "// ... or Louvain (refnet stats --communities louvain).\n"
	      "CALL gds.louvain.stream('refnet', {relationshipWeightProperty: 'strength'})\n"
	      "YIELD nodeId, communityId\n"
	      "RETURN communityId, count(*) AS size,\n"
	      "  collect(gds.util.asNode(nodeId).id)[..10] AS members\n"
	      "ORDER BY size DESC;\n", fp);
	return ferror(fp) ? -1 : 0;
}

/* ---- directories -------------------------------------------------------- */

static int same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	return a && b && stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

/* dir without trailing slashes (but "/" stays "/"). */
static char *strip_slashes(const char *dir)
{
	size_t n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	return strndup(dir, n);
}

static char *join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);
	if (p)
		snprintf(p, n, "%s/%s", dir, name);
	return p;
}

/* A hidden temporary directory beside dir (same file system, so it can be
 * renamed onto dir), mode 0777 less the umask like mkdir(2).  NULL with
 * errno set on failure; registered for removal on a signal. */
static char *temp_dir_beside(const char *dir)
{
	const char *slash = strrchr(dir, '/');
	size_t dl = slash ? (size_t) (slash - dir) + 1 : 0;
	size_t n = dl + sizeof(".refnet-XXXXXX");
	char *t = malloc(n);
	if (!t) {
		errno = ENOMEM;
		return NULL;
	}
	snprintf(t, n, "%.*s.refnet-XXXXXX", (int) dl, dir);
	if (rn_out_cleanup_add(t, 1) < 0) {
		free(t);
		errno = ENOMEM;
		return NULL;
	}
	if (!mkdtemp(t)) {
		int e = errno;
		rn_out_cleanup_remove(t);
		free(t);
		errno = e;
		return NULL;
	}
	mode_t mask = umask(0);
	umask(mask);
	if (chmod(t, 0777 & ~mask) < 0) {
		/* Not fatal: the directory keeps mkdtemp's 0700. */
	}
	return t;
}

/* Hold an exclusive lock on an existing directory while its files are
 * replaced, so that two exports into it do not mix their files.  Returns
 * the descriptor (closing it releases the lock) or -1. */
static int lock_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	while (flock(fd, LOCK_EX) < 0) {
		if (errno != EINTR) {
			close(fd);
			return -1;
		}
	}
	return fd;
}

enum rn_status rn_export_dir(const struct rn_network *net, enum rn_dir_format f,
                             const char *dir_arg, char *err, size_t errlen)
{
	return rn_export_dir_costs(net, f, dir_arg, NULL, err, errlen);
}

enum rn_status rn_export_dir_costs(const struct rn_network *net, enum rn_dir_format f,
                                   const char *dir_arg, const double *tie_cost, char *err,
                                   size_t errlen)
{
	static const char *const csv_names[] = { "contacts.csv", "ties.csv", "log.csv" };
	static const char *const neo_names[] = { "contacts.csv", "ties.csv", "log.csv",
	                                         "import.sh", "gds.cypher" };
	const char *const *names = f == RN_DIR_CSV ? csv_names : neo_names;
	size_t nfiles = f == RN_DIR_CSV ? RN_ARRAY_LEN(csv_names) : RN_ARRAY_LEN(neo_names);
	struct rn_out out[5];
	char *path[5] = { NULL };   /* the files in dir */
	char *wpath[5] = { NULL };  /* where they are written: in dir or in tmp */
	enum rn_status st = RN_OK;
	size_t opened = 0;
	char *dir = strip_slashes(dir_arg);
	char *tmp = NULL;           /* a new directory is built here, then renamed */
	int lock = -1;
	struct row *r = malloc(sizeof(*r));

	memset(out, 0, sizeof(out));
	if (!r || !dir) {
		st = RN_E_INTERNAL;
		goto cleanup;
	}
	for (size_t i = 0; i < nfiles; i++) {
		path[i] = join(dir, names[i]);
		if (!path[i]) {
			st = RN_E_INTERNAL;
			goto cleanup;
		}
		for (int t = 0; t < RN_TABLE_COUNT; t++) {
			if (same_file(path[i], net->file[t])) {
				snprintf(err, errlen, "'%s' is an input file of this network; "
				         "export to another directory", path[i]);
				st = RN_E_USAGE;
				goto cleanup;
			}
		}
	}
	/* A new directory appears whole: built under a temporary name and
	 * renamed.  An existing one is locked while its files are replaced. */
	struct stat sb;
	if (stat(dir, &sb) == 0) {
		if (!S_ISDIR(sb.st_mode)) {
			snprintf(err, errlen, "cannot create directory '%s': %s", dir_arg,
			         strerror(ENOTDIR));
			st = RN_E_CANTCREAT;
			goto cleanup;
		}
		lock = lock_dir(dir);
		if (lock < 0) {
			snprintf(err, errlen, "cannot open directory '%s': %s", dir_arg,
			         strerror(errno));
			st = RN_E_CANTCREAT;
			goto cleanup;
		}
	} else if (errno == ENOENT) {
		tmp = temp_dir_beside(dir);
		if (!tmp) {
			snprintf(err, errlen, "cannot create directory '%s': %s", dir_arg,
			         strerror(errno));
			st = RN_E_CANTCREAT;
			goto cleanup;
		}
	} else {
		snprintf(err, errlen, "cannot create directory '%s': %s", dir_arg, strerror(errno));
		st = RN_E_CANTCREAT;
		goto cleanup;
	}
	for (size_t i = 0; i < nfiles; i++) {
		wpath[i] = tmp ? join(tmp, names[i]) : strdup(path[i]);
		if (!wpath[i] || (tmp && rn_out_cleanup_add(wpath[i], 0) < 0)) {
			st = RN_E_INTERNAL;
			goto cleanup;
		}
	}
	for (size_t i = 0; i < nfiles; i++) {
		st = rn_out_open(&out[i], wpath[i], err, errlen);
		if (st != RN_OK)
			goto cleanup;
		opened++;
	}

	int rc;
	if (f == RN_DIR_CSV) {
		rc = write_csv_table(net, out[0].fp, net->ncontacts, rn_export_row_contact,
		                     RN_TABLE_CONTACTS, r);
		rc = rc ? rc : write_csv_table(net, out[1].fp, net->nties, rn_export_row_tie,
		                               RN_TABLE_TIES, r);
		rc = rc ? rc : write_csv_table(net, out[2].fp, net->nevents, rn_export_row_event,
		                               RN_TABLE_LOG, r);
	} else {
		rc = write_neo4j_contacts(net, out[0].fp, r);
		rc = rc ? rc : write_neo4j_ties(net, out[1].fp, r, tie_cost);
		rc = rc ? rc : write_neo4j_log(net, out[2].fp, r);
		rc = rc ? rc : write_neo4j_readme(out[3].fp);
		rc = rc ? rc : write_neo4j_gds(net, out[4].fp);
	}
	/* Commit all or none: a write error anywhere aborts every file. */
	if (rc != 0) {
		snprintf(err, errlen, "cannot write into '%s': %s", dir_arg,
		         strerror(errno ? errno : EIO));
		st = RN_E_CANTCREAT;
		goto cleanup;
	}
	/* Every file on disk before any is renamed: a write error reported
	 * late (a full disk or quota at fsync) still aborts them all. */
	for (size_t i = 0; i < opened; i++) {
		if (fflush(out[i].fp) != 0 || (out[i].tmp && fsync(fileno(out[i].fp)) != 0)) {
			snprintf(err, errlen, "cannot write '%s': %s", path[i], strerror(errno));
			st = RN_E_CANTCREAT;
			goto cleanup;
		}
	}
	for (size_t i = 0; i < opened; i++) {
		enum rn_status s2 = rn_out_commit(&out[i], err, errlen);
		if (s2 != RN_OK && st == RN_OK)
			st = s2;
	}
	opened = 0;
	if (st != RN_OK || !tmp)
		goto cleanup;
	if (rename(tmp, dir) == 0) {
		rn_out_cleanup_remove(tmp);
		free(tmp);
		tmp = NULL;
		goto cleanup;
	}
	if (errno != EEXIST && errno != ENOTEMPTY) {
		snprintf(err, errlen, "cannot create directory '%s': %s", dir_arg, strerror(errno));
		st = RN_E_CANTCREAT;
		goto cleanup;
	}
	/* Another run made the directory meanwhile: move the files into it,
	 * holding its lock. */
	lock = lock_dir(dir);
	for (size_t i = 0; i < nfiles && st == RN_OK; i++) {
		if (lock < 0 || rename(wpath[i], path[i]) != 0) {
			snprintf(err, errlen, "cannot write '%s': %s", path[i], strerror(errno));
			st = RN_E_CANTCREAT;
		}
	}
cleanup:
	for (size_t i = 0; i < opened; i++)
		rn_out_abort(&out[i]);
	if (tmp) {
		/* Nothing of a failed (or moved) new directory stays behind. */
		for (size_t i = 0; i < nfiles; i++) {
			if (wpath[i]) {
				unlink(wpath[i]);
				rn_out_cleanup_remove(wpath[i]);
			}
		}
		rmdir(tmp);
		rn_out_cleanup_remove(tmp);
		free(tmp);
	} else {
		for (size_t i = 0; i < nfiles; i++)
			if (wpath[i])
				rn_out_cleanup_remove(wpath[i]);
	}
	if (lock >= 0)
		close(lock);
	for (size_t i = 0; i < nfiles; i++) {
		free(path[i]);
		free(wpath[i]);
	}
	free(dir);
	free(r);
	return st;
}

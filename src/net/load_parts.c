/*
 * Reading the tables, each in one go or in parts.
 *
 * Tables are read by a pool of threads: contacts first (every other table
 * names contacts), then ties and log at the same time.  A small file is one
 * piece of work, read whole into arrays of its own; a big one is cut after
 * an LF near every 1/P of it and each part is read by its own parser (rows,
 * strings, tags, problems, lines counted from the part's start).  Before
 * that, the CR and LF bytes of every part are counted: one more bounds its
 * rows, so each part writes its rows straight into the table's arrays, at
 * its own offset, and the parts are closed up afterwards (rows move only
 * when a part had fewer rows than line ends: quoted line ends, blank lines,
 * rejected rows).  A cut inside a quoted field shows as a part that did not
 * end between records: then the file is read again in one go.  Contact ids
 * and tags are numbered in file order when the parts are put together.  The
 * result is the same as reading each file in one go, problems included.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "idmap.h"
#include "load_internal.h"
#include "refnet/bigmem.h"
#include "refnet/parallel.h"

static unsigned long long file_size(const char *path)
{
	struct stat sb;
	if (strcmp(path, "-") == 0)
		return 0;   /* standard input, even if a file is named "-" */
	return stat(path, &sb) == 0 && S_ISREG(sb.st_mode) ? (unsigned long long) sb.st_size : 0;
}

/* Read range (or the whole file) into t; the last batch is processed too. */
static enum rn_status read_rows(struct table_load *t, const struct rn_csv_options *csv,
                                struct rn_csv_range *range)
{
	enum rn_status st = rn_csv_read_range(t->net->file[t->table], t->file, csv, t->diag,
	                                      rn_load_record, t, range);
	/* The last records: after a syntax error too, so what was read is checked. */
	if ((st == RN_OK || st == RN_E_DATA) && t->batch->n) {
		enum rn_status s2 = rn_load_batch_flush(t);
		if (s2 != RN_OK)
			st = s2;
	}
	return st;
}

static void set_row_count(struct rn_network *net, enum rn_table_id id, size_t n)
{
	*(igraph_integer_t *) ((char *) net + rn_schema_table(id)->count_at) = (igraph_integer_t) n;
}


/* Forget every row of t's table, and its header. */
static void release_table(struct table_load *t)
{
	for (size_t i = 0; i < t->narrays; i++) {
		rn_big_free(*t->arrays[i].ptr);
		*t->arrays[i].ptr = NULL;
	}
	rn_big_free(*t->extra);
	*t->extra = NULL;
	t->n = t->cap = 0;
	set_row_count(t->net, t->table, 0);
	rn_load_release_columns(&t->net->cols[t->table]);
}

/* Rows [from, to) of t's table were numbered from line 1 of a later part. */
static void shift_lines(struct table_load *t, size_t from, size_t to, long offset)
{
	long *line = rn_load_array(t->net, t->def->line_at);
	for (size_t i = from; i < to; i++)
		line[i] += offset;
}

#define RN_PART_MIN ((unsigned long long) 2 << 20)   /* bytes per part, at least */
#define RN_PARTS_PER_THREAD 4   /* small parts even out the threads' work */
#define RN_PARTS_MAX 64

struct part {
	struct table_load t;
	struct rn_network net;      /* a copy of the network with an arena (and tags) of its own */
	struct tag_state tags;      /* contacts */
	struct rn_diag diag;
	struct rn_csv_range range;
	int whole;                  /* the whole file, header included, into arrays of its own */
	const struct rn_csv_options *csv;   /* progress: one part per file at most */
	const char *path;
	unsigned long long size;    /* bytes, to start the biggest parts first */
	size_t at, bound;           /* a part of a file: its rows go to [at, at + bound) */
	enum rn_status st;
};

/* One file being read: whole (one part), or its header and its parts. */
struct table_read {
	struct table_load t;        /* on the network itself */
	struct rn_diag head_diag;
	struct rn_csv_range head;
	struct part *parts;
	int nparts;
	int whole;
	size_t total;               /* rows the shared arrays have room for */
};

static void *read_part(void *vp)
{
	struct part *p = vp;
	p->st = read_rows(&p->t, p->csv, p->whole ? NULL : &p->range);
	return NULL;
}

static void *count_part(void *vp)
{
	struct part *p = vp;
	long long ends = rn_csv_line_ends(p->path, p->range.start, p->range.start + p->size);
	p->bound = ends < 0 ? 0 : (size_t) ends + 1;
	return NULL;
}

/* How many parts for a file of this size, when the files read at the same
 * time hold total bytes (or forced, for the tests).  1 reads it whole, as
 * for anything but a regular file. */
static int part_count(const char *path, int forced, unsigned long long total)
{
	struct stat sb;
	if (strcmp(path, "-") == 0 || stat(path, &sb) < 0 || !S_ISREG(sb.st_mode))
		return 1;
	if (forced)
		return forced;
	int threads = rn_threads();
	if (threads < 2)
		return 1;
	unsigned long long unit = total / ((unsigned) threads * RN_PARTS_PER_THREAD);
	if (unit < RN_PART_MIN)
		unit = RN_PART_MIN;
	unsigned long long n = (unsigned long long) sb.st_size / unit;
	return n < 2 ? 1 : n > RN_PARTS_MAX ? RN_PARTS_MAX : (int) n;
}

/* t's queue of records (contacts go straight in: no queue is used); 0 or
 * -1 (out of memory). */
static int new_batch(struct table_load *t)
{
	t->batch = calloc(1, sizeof(*t->batch));
	return t->batch ? 0 : -1;
}

/* A part reading into a copy of t's network: its own arena, diag, queue
 * and, for contacts, tags.  Returns 0 or -1 (out of memory). */
static int part_init(struct part *p, const struct table_load *t)
{
	rn_diag_init(&p->diag);
	p->net = *t->net;
	p->net.ncontacts = p->net.nties = p->net.nevents = 0;
	rn_arena_init(&p->net.arena);
	rn_load_table_setup(&p->t, &p->net, &p->diag, t->table, t->ids_complete);
	p->path = t->net->file[t->table];
	if (t->table == RN_TABLE_CONTACTS) {
		p->net.tags = rn_idmap_new();
		p->net.tag_text = p->net.tag_fold = NULL;
		p->net.tag_refs = NULL;
		p->net.ntags = 0;
		p->net.ntag_refs = 0;
		p->tags.spellings = rn_idmap_new();
		p->t.tags = &p->tags;
		if (!p->net.tags || !p->tags.spellings)
			return -1;
	}
	return new_batch(&p->t);
}

static void part_release(struct part *p)
{
	if (p->whole) {
		for (size_t i = 0; i < p->t.narrays; i++)
			rn_big_free(*p->t.arrays[i].ptr);
		if (p->t.extra)
			rn_big_free(*p->t.extra);
		rn_load_release_columns(&p->net.cols[p->t.table]);
	}
	if (p->t.table == RN_TABLE_CONTACTS) {
		rn_idmap_free(p->net.tags);
		free(p->net.tag_text);
		free(p->net.tag_fold);
		free(p->net.tag_refs);
		rn_load_tags_release(&p->tags);
	}
	rn_arena_release(&p->net.arena);
	rn_diag_release(&p->diag);
	rn_load_batch_free(p->t.batch);
}

static void table_read_release(struct table_read *r)
{
	for (int k = 0; k < r->nparts; k++)
		part_release(&r->parts[k]);
	free(r->parts);
	r->parts = NULL;
	r->nparts = 0;
	rn_diag_release(&r->head_diag);
	rn_load_batch_free(r->t.batch);
	r->t.batch = NULL;
	rn_big_free(r->t.id_line);   /* contacts: needed only while reading */
	r->t.id_line = NULL;
}

/* Start reading table id: a single part reading it whole.  Returns 0 or -1
 * (out of memory). */
static int plan_whole(struct table_read *r, struct rn_network *net, struct rn_diag *diag,
                      enum rn_table_id id, int ids_complete)
{
	rn_load_table_setup(&r->t, net, diag, id, ids_complete);
	rn_diag_init(&r->head_diag);
	r->whole = 1;
	r->parts = calloc(1, sizeof(*r->parts));
	if (new_batch(&r->t) < 0 || !r->parts)
		return -1;
	r->nparts = 1;
	r->parts[0].whole = 1;
	r->parts[0].size = file_size(net->file[id]);
	return part_init(&r->parts[0], &r->t);
}

/*
 * Plan reading table id in nparts parts: read its header, cut the rest.
 * Returns 1 when it has to be read whole instead (the header has a problem,
 * or rows follow it before the first LF), 0, or -1 (out of memory).
 */
static int plan_parts(struct table_read *r, struct rn_network *net, struct rn_diag *diag,
                      enum rn_table_id id, int ids_complete, int nparts)
{
	struct table_load *t = &r->t;
	rn_load_table_setup(t, net, diag, id, ids_complete);
	rn_diag_init(&r->head_diag);
	if (new_batch(t) < 0)
		return -1;
	const char *path = net->file[id];
	t->diag = &r->head_diag;
	t->header_only = 1;
	long long cut = rn_csv_split_point(path, 0);
	enum rn_status st = RN_E_DATA;
	if (cut > 0) {
		r->head.end = (unsigned long long) cut;
		st = read_rows(t, NULL, &r->head);
	}
	t->diag = diag;
	t->header_only = 0;
	unsigned long long size = file_size(path);
	/* Records after the header before the first LF: the header ended with
	 * a lone CR. */
	if (st != RN_OK || !r->head.clean_end || !t->usable || r->head_diag.nerrors ||
	    t->past_header || (unsigned long long) cut > size)
		return st == RN_E_INTERNAL ? -1 : 1;

	r->parts = calloc((size_t) nparts, sizeof(*r->parts));
	if (!r->parts)
		return -1;
	unsigned long long at = (unsigned long long) cut;
	for (int k = 0; k < nparts; k++) {
		struct part *p = &r->parts[k];
		r->nparts++;
		if (part_init(p, t) < 0 || rn_load_batch_init(p->t.batch, t->batch->maxf) < 0)
			return -1;
		memcpy(p->t.col, t->col, sizeof(t->col));
		p->t.usable = t->usable;
		p->range.start = at;
		p->range.header_fields = t->batch->maxf;
		unsigned long long end = size;
		if (k + 1 < nparts) {
			long long next = rn_csv_split_point(path, at + (size - at) / (unsigned) (nparts - k));
			if (next > 0 && (unsigned long long) next < size)
				end = (unsigned long long) next;
		}
		p->size = end - at;
		p->range.end = end < size ? end : 0;
		at = end;
		if (!p->range.end)
			break;   /* no LF left to cut after: this part reads to the end */
	}
	return 0;
}

/* Shared arrays for the rows of every part, each part's rows at its offset.
 * Returns 0, 1 when a part could not be counted, or -1 (out of memory). */
static int place_parts(struct table_read *r)
{
	struct table_load *t = &r->t;
	size_t nextra = t->net->cols[t->table].nextra;
	size_t total = 0;
	for (int k = 0; k < r->nparts; k++) {
		if (!r->parts[k].bound)
			return 1;
		r->parts[k].at = total;
		total += r->parts[k].bound;
	}
	r->total = total;
	for (size_t i = 0; i < t->narrays; i++)
		if (!(*t->arrays[i].ptr = rn_big_alloc(total * t->arrays[i].elem)))
			return -1;
	if (nextra && !(*t->extra = rn_big_alloc(total * nextra * sizeof(**t->extra))))
		return -1;
	for (int k = 0; k < r->nparts; k++) {
		struct part *p = &r->parts[k];
		for (size_t i = 0; i < t->narrays; i++)
			*p->t.arrays[i].ptr = (char *) *t->arrays[i].ptr + p->at * t->arrays[i].elem;
		if (nextra)
			*p->t.extra = *t->extra + p->at * nextra;
		p->t.cap = p->bound;
		p->t.fixed = 1;
	}
	return 0;
}

/* Forget a table planned or read, to read it whole. */
static void unplan(struct table_read *r)
{
	release_table(&r->t);
	table_read_release(r);
	memset(&r->head, 0, sizeof(r->head));
	r->whole = 0;
}

/* Rows [from, from + n) of t's table go to row to. */
static void move_rows(struct table_load *t, size_t from, size_t to, size_t n)
{
	size_t nextra = t->net->cols[t->table].nextra;
	for (size_t i = 0; i < t->narrays; i++) {
		char *a = *t->arrays[i].ptr;
		size_t e = t->arrays[i].elem;
		memmove(a + to * e, a + from * e, n * e);
	}
	if (nextra)
		memmove(*t->extra + to * nextra, *t->extra + from * nextra,
		        n * nextra * sizeof(**t->extra));
}

/* Room in the network for the ids, tags and tag lists of every part of r. */
static int reserve_tags(struct table_read *r)
{
	struct rn_network *net = r->t.net;
	size_t ntags = 0, nrefs = 0;
	for (int k = 0; k < r->nparts; k++) {
		ntags += r->parts[k].net.ntags;
		nrefs += r->parts[k].net.ntag_refs;
	}
	net->tag_text = malloc((ntags + 1) * sizeof(*net->tag_text));
	net->tag_fold = malloc((ntags + 1) * sizeof(*net->tag_fold));
	net->tag_refs = malloc((nrefs + 1) * sizeof(*net->tag_refs));
	size_t rows = 0;
	for (int k = 0; k < r->nparts; k++)
		rows += r->parts[k].t.n;
	return net->tag_text && net->tag_fold && net->tag_refs &&
	       rn_idmap_reserve(net->ids, rows) == 0 ? 0 : -1;
}

/*
 * Contacts of part p go to rows n on: each id enters the network's id map
 * in file order (a repeated id is an error, and its row is dropped), the
 * part's tags get the network's tag ids, new ones in the order the part
 * first used them, and each row's tags are copied to the network's tag
 * lists.  Returns the rows kept, or -1 (out of memory).
 */
static long place_contacts(struct table_read *r, struct part *p, size_t n, long line_off)
{
	struct table_load *t = &r->t;
	struct rn_network *net = t->net;
	const struct rn_network *pn = &p->net;
	uint32_t *tag = malloc(((size_t) pn->ntags + 1) * sizeof(*tag));
	if (!tag)
		return -1;
	for (uint32_t j = 0; j < pn->ntags; j++) {
		size_t len = strlen(pn->tag_fold[j]);
		int64_t g = rn_idmap_get(net->tags, pn->tag_fold[j], len);
		if (g < 0) {
			if (rn_idmap_put(net->tags, pn->tag_fold[j], len, &g) != 0) {
				free(tag);
				return -1;
			}
			net->tag_text[g] = pn->tag_text[j];
			net->tag_fold[g] = pn->tag_fold[j];
			net->ntags++;
		}
		tag[j] = (uint32_t) g;
	}
	/* The rows move up to n at once; after a repeated id, one by one. */
	if (p->at != n)
		move_rows(t, p->at, n, p->t.n);
	size_t kept = 0;
	for (size_t from = n; from < n + p->t.n; from++) {
		size_t to = n + kept;
		int64_t old;
		int put = rn_idmap_put(net->ids, net->id[from], strlen(net->id[from]), &old);
		if (put < 0) {
			free(tag);
			return -1;
		}
		if (put == 1) {
			int ascii = 1;
			for (const char *c = net->id[from]; *c && ascii; c++)
				ascii = !((unsigned char) *c & 0x80);
			rn_diag_error(t->diag, t->file, t->id_line[from] + line_off, rn_load_field_col(t, RN_C_ID),
			              "duplicate id '%s' (first at line %ld%s)", net->id[from],
			              net->contact_line[old],
			              ascii ? "" : "; ids are compared in Unicode NFC, so "
			                           "accents typed apart or precomposed are the same id");
			continue;
		}
		struct rn_tag_span span[2] = { net->offers[from], net->needs[from] };
		if (from != to)
			move_rows(t, from, to, 1);
		net->contact_line[to] += line_off;
		for (int s = 0; s < 2; s++) {
			struct rn_tag_span *out = s ? &net->needs[to] : &net->offers[to];
			out->at = (uint32_t) net->ntag_refs;
			out->n = span[s].n;
			for (uint32_t j = 0; j < span[s].n; j++)
				net->tag_refs[net->ntag_refs++] = tag[pn->tag_refs[span[s].at + j]];
		}
		kept++;
	}
	free(tag);
	return (long) kept;
}

/* Part p's rows go to rows n on; returns how many, or -1 (out of memory). */
static long place_rows(struct table_read *r, struct part *p, size_t n, long line_off)
{
	struct table_load *t = &r->t;
	if (t->table == RN_TABLE_CONTACTS)
		return place_contacts(r, p, n, line_off);
	if (p->at != n)
		move_rows(t, p->at, n, p->t.n);
	if (line_off)
		shift_lines(t, n, n + p->t.n, line_off);
	return (long) p->t.n;
}

/* The one part of a table read whole hands its arrays and header over. */
static void hand_over(struct table_read *r)
{
	struct table_load *t = &r->t;
	struct part *p = &r->parts[0];
	for (size_t i = 0; i < t->narrays; i++) {
		*t->arrays[i].ptr = *p->t.arrays[i].ptr;
		*p->t.arrays[i].ptr = NULL;
	}
	*t->extra = *p->t.extra;
	*p->t.extra = NULL;
	t->net->cols[t->table] = p->net.cols[t->table];
	memset(&p->net.cols[t->table], 0, sizeof(p->net.cols[t->table]));
	memcpy(t->col, p->t.col, sizeof(t->col));
	t->usable = p->t.usable;
	r->total = p->t.cap;
}

/*
 * The parts of a table are read: put their rows, strings and problems in
 * the network, in order.  Returns 1 when the file has to be read whole
 * instead (nothing of it kept), else 0 with the table's status in *status.
 */
static int finish_table(struct table_read *r, enum rn_status *status)
{
	struct table_load *t = &r->t;
	struct rn_network *net = t->net;
	if (r->whole) {
		hand_over(r);
	} else {
		for (int k = 0; k < r->nparts; k++)
			if (r->parts[k].t.overflow)
				return 1;
		for (int k = 0; k + 1 < r->nparts; k++) {
			struct part *p = &r->parts[k];
			if (p->st != RN_OK)
				break;   /* the parts after a syntax error are not used */
			if (!p->range.clean_end)
				return 1;
		}
	}
	*status = RN_OK;
	if (t->table == RN_TABLE_CONTACTS && reserve_tags(r) < 0) {
		*status = RN_E_INTERNAL;
		return 0;
	}
	rn_diag_merge(t->diag, &r->head_diag, t->file, 0);
	long line = 1 + r->head.lines;
	size_t n = 0;
	for (int k = 0; k < r->nparts; k++) {
		struct part *p = &r->parts[k];
		rn_arena_adopt(&net->arena, &p->net.arena);
		rn_diag_merge(t->diag, &p->diag, t->file, line - 1);
		long kept = place_rows(r, p, n, line - 1);
		if (kept < 0) {
			*status = RN_E_INTERNAL;
			break;
		}
		n += (size_t) kept;
		if (p->st != RN_OK) {
			*status = p->st;
			break;
		}
		line += p->range.lines;
	}
	t->n = n;
	t->cap = r->total;
	set_row_count(net, t->table, n);
	return 0;
}

/* Whether the status ends loading: a file is missing or out of memory. */
static int fatal(enum rn_status st)
{
	return st == RN_E_NOINPUT || st == RN_E_INTERNAL;
}

static int by_size(const void *pa, const void *pb)
{
	const struct part *a = ((const struct rn_task *) pa)->arg;
	const struct part *b = ((const struct rn_task *) pb)->arg;
	/* the order is only for speed: every part has places of its own */
	return a->size > b->size ? -1 : a->size < b->size;
}

/* Run fn on every part of the tables (split tables only: counting),
 * biggest first. */
static int run_parts(struct table_read *r, int nr, void *(*fn)(void *), int split_only)
{
	int n = 0;
	for (int i = 0; i < nr; i++)
		n += r[i].nparts;
	struct rn_task *task = calloc((size_t) n + 1, sizeof(*task));
	if (!task)
		return -1;
	n = 0;
	for (int i = 0; i < nr; i++)
		for (int k = 0; k < r[i].nparts; k++)
			if (!split_only || !r[i].whole)
				task[n++] = (struct rn_task) { fn, &r[i].parts[k] };
	qsort(task, (size_t) n, sizeof(*task), by_size);
	rn_run_tasks(task, n);
	free(task);
	return 0;
}

/* See load_internal.h. */
enum rn_status rn_load_tables(struct rn_network *net, const struct rn_load_options *o,
                              struct rn_diag *diag, const enum rn_table_id *ids, int nr,
                              int ids_complete, int *usable)
{
	struct table_read r[RN_TABLE_COUNT];
	enum rn_status st = RN_OK;
	unsigned long long total = 0;
	memset(r, 0, sizeof(r));
	for (int i = 0; i < nr; i++)
		total += file_size(net->file[ids[i]]);

	for (int i = 0; i < nr; i++) {
		int whole = 1, nparts = part_count(net->file[ids[i]], o->parts, total);
		if (nparts > 1) {
			whole = plan_parts(&r[i], net, diag, ids[i], ids_complete, nparts);
			if (whole < 0)
				goto oom;
			if (whole)
				unplan(&r[i]);
		}
		if (whole && plan_whole(&r[i], net, diag, ids[i], ids_complete) < 0)
			goto oom;
	}
	/* Progress is shown for one part at a time. */
	for (int i = 0; i < nr; i++)
		if (i == 0 || rn_threads() < 2)
			r[i].parts[0].csv = &o->csv;

	if (run_parts(r, nr, count_part, 1) < 0)
		goto oom;
	for (int i = 0; i < nr; i++) {
		if (r[i].whole)
			continue;
		int c = place_parts(&r[i]);
		if (c < 0)
			goto oom;
		if (c > 0) {   /* unreadable now: read whole, which says so */
			unplan(&r[i]);
			if (plan_whole(&r[i], net, diag, ids[i], ids_complete) < 0)
				goto oom;
			r[i].parts[0].csv = &o->csv;
		}
	}
	if (run_parts(r, nr, read_part, 0) < 0)
		goto oom;

	for (int i = 0; i < nr && !fatal(st); i++) {
		enum rn_status s2;
		if (finish_table(&r[i], &s2)) {
			/* a cut inside a quoted field: read the file again, whole */
			unplan(&r[i]);
			if (plan_whole(&r[i], net, diag, ids[i], ids_complete) < 0)
				goto oom;
			r[i].parts[0].csv = &o->csv;
			read_part(&r[i].parts[0]);
			finish_table(&r[i], &s2);
		}
		if (s2 != RN_OK && st == RN_OK)
			st = s2;
	}
	*usable = nr > 0 && r[0].t.usable;
	for (int i = 0; i < nr; i++)
		table_read_release(&r[i]);
	return st;
oom:
	for (int i = 0; i < nr; i++)
		table_read_release(&r[i]);
	return RN_E_INTERNAL;
}


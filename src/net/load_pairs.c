/*
 * Duplicate ties and the pair index.  Ties that name the same pair (in
 * either order) merge into the first one, each column as schema.h says
 * (enum rn_merge); the sorted order of the ties by pair is kept as the
 * index behind rn_network_find_tie() and the adjacency lists.
 */
#include <stdlib.h>
#include <string.h>

#include "load_internal.h"
#include "refnet/bigmem.h"
#include "refnet/parallel.h"

/*
 * The pair index: ties sorted by (lower end, higher end, row).  A counting
 * sort by lower end puts (higher end << 32 | row) of every tie in its lower
 * end's bucket, then each bucket is sorted on its own.  Everything after
 * that reads the sorted entries in order, never the tie arrays at random.
 * With several threads, the counting sort runs on slices of the ties (each
 * slice counts its keys; places are laid out key by key and slice by slice,
 * so equal keys keep their order) and the buckets are sorted in ranges.
 */
struct index_slice {
	const struct rn_network *net;
	uint64_t *out;
	size_t from, to;
	size_t *count;   /* nkeys + 1: counts, then this slice's next places */
};

static inline uint32_t low_end(const struct rn_network *net, size_t e)
{
	igraph_integer_t a = net->tie_a[e], b = net->tie_b[e];
	return (uint32_t) (a < b ? a : b);
}

static void *count_low(void *vs)
{
	struct index_slice *s = vs;
	for (size_t e = s->from; e < s->to; e++)
		s->count[low_end(s->net, e)]++;
	return NULL;
}

static void *scatter_low(void *vs)
{
	struct index_slice *s = vs;
	const struct rn_network *net = s->net;
	for (size_t e = s->from; e < s->to; e++) {
		igraph_integer_t a = net->tie_a[e], b = net->tie_b[e];
		uint64_t hi = (uint64_t) (a < b ? b : a);
		s->out[s->count[a < b ? a : b]++] = hi << 32 | e;
	}
	return NULL;
}

static int cmp_u64(const void *pa, const void *pb)
{
	uint64_t a = *(const uint64_t *) pa, b = *(const uint64_t *) pb;
	return a < b ? -1 : a > b;
}

/* Sort the buckets of contacts [from, to). */
struct bucket_range {
	uint64_t *key;
	const size_t *start;
	size_t from, to;
};

static void *sort_buckets(void *vr)
{
	const struct bucket_range *r = vr;
	for (size_t v = r->from; v < r->to; v++) {
		uint64_t *k = r->key + r->start[v];
		size_t n = r->start[v + 1] - r->start[v];
		if (n > 32) {
			qsort(k, n, sizeof(*k), cmp_u64);
			continue;
		}
		for (size_t i = 1; i < n; i++) {   /* a few ties each, mostly */
			uint64_t x = k[i];
			size_t j = i;
			for (; j > 0 && k[j - 1] > x; j--)
				k[j] = k[j - 1];
			k[j] = x;
		}
	}
	return NULL;
}

void rn_load_split_by_entries(const size_t *start, size_t n, int parts, size_t *cut)
{
	size_t v = 0, m = start[n];
	cut[0] = 0;
	for (int t = 1; t < parts; t++) {
		size_t want = m / (size_t) parts * (size_t) t;
		while (v < n && start[v] < want)
			v++;
		cut[t] = v;
	}
	cut[parts] = n;
}

/*
 * Ties ordered by (lower end, higher end, row) into key (higher end << 32 |
 * row) and start (n + 1 bucket offsets).  Returns 0 or -1 (out of memory).
 */
static int sort_pairs(const struct rn_network *net, uint64_t *key, size_t *start)
{
	size_t m = (size_t) net->nties, n = (size_t) net->ncontacts;
	int nslices = m >= ((size_t) 1 << 16) ? rn_threads() : 1;
	struct index_slice slice[RN_THREADS_MAX];
	struct rn_task task[RN_THREADS_MAX];
	size_t *count = rn_big_alloc((size_t) nslices * (n + 1) * sizeof(*count));
	if (!count)
		return -1;
	for (int t = 0; t < nslices; t++) {
		slice[t] = (struct index_slice) { net, key, m * (size_t) t / (size_t) nslices,
		                                  m * (size_t) (t + 1) / (size_t) nslices,
		                                  count + (size_t) t * (n + 1) };
		task[t] = (struct rn_task) { count_low, &slice[t] };
	}
	rn_run_tasks(task, nslices);
	size_t at = 0;
	for (size_t v = 0; v < n; v++) {
		start[v] = at;
		for (int t = 0; t < nslices; t++) {
			size_t c = slice[t].count[v];
			slice[t].count[v] = at;
			at += c;
		}
	}
	start[n] = at;
	for (int t = 0; t < nslices; t++)
		task[t].fn = scatter_low;
	rn_run_tasks(task, nslices);
	rn_big_free(count);

	struct bucket_range range[RN_THREADS_MAX];
	size_t cut[RN_THREADS_MAX + 1];
	rn_load_split_by_entries(start, n, nslices, cut);
	for (int t = 0; t < nslices; t++) {
		range[t] = (struct bucket_range) { key, start, cut[t], cut[t + 1] };
		task[t] = (struct rn_task) { sort_buckets, &range[t] };
	}
	rn_run_tasks(task, nslices);
	return 0;
}

/* Row e of a tie column merges into row k. */
static void merge_cell(struct rn_network *net, const struct rn_column_def *c, size_t k,
                       size_t e)
{
	void *a = rn_load_array(net, c->at);
	switch ((enum rn_merge) c->merge) {
	case RN_MERGE_NONE:
		break;
	case RN_MERGE_MAX:
		if (c->cell == RN_CELL_DATE) {   /* RN_NO_DATE is the lowest int */
			int *d = a;
			if (d[e] > d[k])
				d[k] = d[e];
		} else {
			double *d = a;
			if (d[e] > d[k])
				d[k] = d[e];
		}
		break;
	case RN_MERGE_EARLIEST: {
		int *d = a;
		if (d[e] != RN_NO_DATE && (d[k] == RN_NO_DATE || d[e] < d[k]))
			d[k] = d[e];
		break;
	}
	case RN_MERGE_FIRST: {
		const char **s = a;
		if (!s[k])
			s[k] = s[e];
		break;
	}
	}
}

/* Move the rows of an array to their new places (newid: UINT32_MAX for a
 * row merged away; never after the old place). */
static void close_gaps(void *array, size_t elem, const uint32_t *newid, size_t m)
{
	char *a = array;
	for (size_t i = 0; i < m; i++) {
		if (newid[i] == UINT32_MAX || newid[i] == i)
			continue;
		switch (elem) {   /* the common sizes without a call each */
		case 8: memcpy(a + newid[i] * 8, a + i * 8, 8); break;
		case 4: memcpy(a + newid[i] * 4, a + i * 4, 4); break;
		case 1: a[newid[i]] = a[i]; break;
		default: memcpy(a + newid[i] * elem, a + i * elem, elem); break;
		}
	}
}

/*
 * Merge ties that name the same pair (in either order) into the first one,
 * each column by its rule in schema.h (the highest strength, the earliest
 * since...), extra cells by the first non-empty one.  Each merged row gets
 * a warning.
 * Then keep the sorted order as the pair index behind rn_network_find_tie().
 * Linear but for the buckets' sorts (a few ties each).
 */
enum rn_status rn_load_index_ties(struct rn_network *net, struct rn_diag *diag)
{
	size_t m = (size_t) net->nties;
	size_t n = (size_t) net->ncontacts;
	uint64_t *key = rn_big_alloc((m ? m : 1) * sizeof(*key));
	int32_t *into = NULL;
	enum rn_status st = RN_E_INTERNAL;
	size_t nextra = net->cols[RN_TABLE_TIES].nextra;
	const struct rn_table_def *def = rn_schema_table(RN_TABLE_TIES);

	net->pair_start = rn_big_alloc((n + 1) * sizeof(*net->pair_start));
	net->pair_order = rn_big_alloc((m ? m : 1) * sizeof(*net->pair_order));
	net->pair_hi = rn_big_alloc((m ? m : 1) * sizeof(*net->pair_hi));
	if (!key || !net->pair_start || !net->pair_order || !net->pair_hi ||
	    sort_pairs(net, key, net->pair_start) < 0)
		goto cleanup;

	/* Repeated pairs are next to each other in a bucket, earliest row first. */
	for (size_t v = 0; v < n; v++) {
		for (size_t i = net->pair_start[v] + 1; i < net->pair_start[v + 1]; i++) {
			if (key[i] >> 32 != key[i - 1] >> 32)
				continue;
			uint32_t e = (uint32_t) key[i], f = (uint32_t) key[i - 1];
			if (!into) {
				into = malloc(m * sizeof(*into));
				if (!into)
					goto cleanup;
				for (size_t k = 0; k < m; k++)
					into[k] = -1;
			}
			/* f is the earlier row, or itself merged into an earlier one. */
			uint32_t keep_at = into[f] >= 0 ? (uint32_t) into[f] : f;
			into[e] = (int32_t) keep_at;
			for (size_t c = 0; c < def->ncols; c++)
				merge_cell(net, &def->col[c], keep_at, e);
			for (size_t x = 0; x < nextra; x++)
				if (!net->tie_extra[keep_at * nextra + x])
					net->tie_extra[keep_at * nextra + x] = net->tie_extra[e * nextra + x];
		}
	}

	if (into) {
		/* Warn in file order, then close the gaps (before any row moves:
		 * the row merged into may itself move up). */
		uint32_t *newid = net->pair_order;   /* free until the end */
		size_t w = 0;
		for (size_t i = 0; i < m; i++) {
			if (into[i] >= 0) {
				uint32_t k = (uint32_t) into[i];
				rn_diag_warn(diag, rn_network_display_file(net, RN_TABLE_TIES), net->tie_line[i], 1,
				             "duplicate tie '%s'-'%s' merged into line %ld",
				             net->id[net->tie_a[i]], net->id[net->tie_b[i]],
				             net->tie_line[k]);
				newid[i] = UINT32_MAX;
				continue;
			}
			newid[i] = (uint32_t) w++;
		}
		for (size_t c = 0; c < def->ncols; c++)
			close_gaps(rn_load_array(net, def->col[c].at),
			           rn_schema_cell_size(def->col[c].cell), newid, m);
		close_gaps(net->tie_line, sizeof(*net->tie_line), newid, m);
		for (size_t i = 0; i < m && nextra; i++)
			if (newid[i] != UINT32_MAX && newid[i] != i)
				memmove(net->tie_extra + newid[i] * nextra, net->tie_extra + i * nextra,
				        nextra * sizeof(*net->tie_extra));
		net->ties_merged = (igraph_integer_t) (m - w);
		net->nties = (igraph_integer_t) w;

		/* Drop merged rows from the buckets and renumber the rest. */
		size_t k = 0;
		for (size_t v = 0; v < n; v++) {
			size_t from = net->pair_start[v], to = net->pair_start[v + 1];
			net->pair_start[v] = k;
			for (size_t i = from; i < to; i++) {
				uint32_t id = newid[(uint32_t) key[i]];
				if (id != UINT32_MAX)
					key[k++] = (key[i] >> 32) << 32 | id;
			}
		}
		net->pair_start[n] = k;
		m = k;
	}
	for (size_t i = 0; i < m; i++) {
		net->pair_order[i] = (uint32_t) key[i];
		net->pair_hi[i] = (uint32_t) (key[i] >> 32);
	}
	st = RN_OK;
cleanup:
	rn_big_free(key);
	free(into);
	return st;
}

igraph_integer_t rn_network_find_tie(const struct rn_network *net, igraph_integer_t a,
                                     igraph_integer_t b)
{
	if (a < 0 || b < 0 || a >= net->ncontacts || b >= net->ncontacts || a == b)
		return -1;
	igraph_integer_t lo = a < b ? a : b, hi = a < b ? b : a;
	size_t l = net->pair_start[lo], r = net->pair_start[lo + 1];
	/* The ties of lo are sorted by their higher end: binary search. */
	while (l < r) {
		size_t mid = l + (r - l) / 2;
		uint32_t other = net->pair_hi[mid];
		if (other == (uint32_t) hi)
			return (igraph_integer_t) net->pair_order[mid];
		if (other < (uint32_t) hi)
			l = mid + 1;
		else
			r = mid;
	}
	return -1;
}

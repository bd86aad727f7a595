/*
 * rn_import_finish(): what the import says of existing rows merged into
 * them (empty cells filled, conflicts said), the columns put in their
 * order, and the three tables written as CSV at once, each in a thread,
 * through a sink that compares the bytes with the file on disk so that an
 * unchanged table is left alone.
 */

#define _GNU_SOURCE   /* fopencookie */
#include "refnet/import.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "refnet/bigmem.h"
#include "refnet/date.h"
#include "refnet/network.h"
#include "refnet/output.h"
#include "refnet/parallel.h"
#include "refnet/text.h"
#include "writer_internal.h"

/* ---- writing ------------------------------------------------------------------ */

/* Columns of new tables, in this order; any other after them as first seen. */
static const char *const order_contacts[] = {
	"id", "name", "stage", "email", "phone", "company", "position", "url", "city",
	"offers", "needs", "source", "notes"
};
static const char *const order_ties[] = {
	"a", "b", "strength", "since", "last_contact", "basis", "note"
};
static const char *const order_log[] = {
	"date", "from", "to", "kind", "about", "value", "status", "note"
};

static size_t rank_of(enum rn_table_id tab, const char *key)
{
	const char *const *o = tab == RN_TABLE_CONTACTS ? order_contacts
	                       : tab == RN_TABLE_TIES ? order_ties : order_log;
	size_t n = tab == RN_TABLE_CONTACTS ? RN_ARRAY_LEN(order_contacts)
	           : tab == RN_TABLE_TIES ? RN_ARRAY_LEN(order_ties) : RN_ARRAY_LEN(order_log);
	for (size_t i = 0; i < n; i++)
		if (strcmp(o[i], key) == 0)
			return i;
	return n;
}

/* The write order of the columns: those on disk as they are, then the new ones. */
static size_t *column_order(enum rn_table_id tab, const struct table *t)
{
	size_t *ord = malloc((t->ncols + 1) * sizeof(*ord));
	if (!ord)
		return NULL;
	size_t k = 0;
	for (size_t c = 0; c < t->ncols; c++)
		if (t->existing_col[c])
			ord[k++] = c;
	size_t first_new = k;
	for (size_t c = 0; c < t->ncols; c++)
		if (!t->existing_col[c])
			ord[k++] = c;
	/* Insertion sort of the new columns by rank, stable. */
	for (size_t i = first_new + 1; i < k; i++) {
		size_t v = ord[i], j = i;
		size_t rv = rank_of(tab, t->key[v]);
		while (j > first_new && rank_of(tab, t->key[ord[j - 1]]) > rv) {
			ord[j] = ord[j - 1];
			j--;
		}
		ord[j] = v;
	}
	return ord;
}

/* Fold what the import says about existing rows into them. */
static int merge_existing(struct rn_import *im, struct table *t)
{
	for (size_t r = 0; r < t->nexisting; r++) {
		struct row *rw = &t->rows[r];
		for (size_t c = 0; c < rw->n_prop; c++) {
			const char *v = rw->prop[c];
			if (empty(v))
				continue;
			const char *cur = cell(t, r, (long) c);
			if (empty(cur)) {
				if (rn_writer_cell_set(im, t, r, (long) c, v) < 0)
					return -1;
				im->st.filled++;
			} else if (strcmp(t->key[c], "source") == 0) {
				/* The set of sources grows: a union, never a conflict. */
				char *u = rw->cell[c];
				const char *p = v;
				while (*p) {
					const char *q = strchr(p, ';');
					size_t n = q ? (size_t) (q - p) : strlen(p);
					const char *w = rn_text_trim(p, &n);
					char *one = strndup(w, n);
					if (!one || rn_writer_set_add(im, &u, one) < 0) {
						free(one);
						return -1;
					}
					free(one);
					if (!q)
						break;
					p = q + 1;
				}
				if (strcmp(u, rw->cell[c]) != 0)
					im->st.filled++;
				rw->cell[c] = u;
			} else if (!rn_writer_same_value(t->key[c], cur, v)) {
				im->st.conflicts++;
				rn_diag_warn(im->diag, t->path, rw->line, (long) c + 1,
				             "kept '%s' in column '%s'; the import says '%s' (edit the "
				             "cell to take it)", cur, t->head[c], v);
			}
		}
	}
	return 0;
}

/* "YYYY-MM-DD" without printf: millions of dates are written. */
static void fmt_date(int days, char *buf)
{
	int y, m, d;
	rn_date_ymd(days, &y, &m, &d);
	if (y < 0 || y > 9999) {
		rn_date_format(days, buf);
		return;
	}
	buf[0] = (char) ('0' + y / 1000);
	buf[1] = (char) ('0' + y / 100 % 10);
	buf[2] = (char) ('0' + y / 10 % 10);
	buf[3] = (char) ('0' + y % 10);
	buf[4] = '-';
	buf[5] = (char) ('0' + m / 10);
	buf[6] = (char) ('0' + m % 10);
	buf[7] = '-';
	buf[8] = (char) ('0' + d / 10);
	buf[9] = (char) ('0' + d % 10);
	buf[10] = '\0';
}

/* Strengths come from a few rule values: remember the last one formatted. */
struct numcache {
	double v;
	char text[32];
	int set;
};

static const char *fmt_strength(struct numcache *c, double v)
{
	if (!c->set || c->v != v) {
		rn_fmt_double(v, c->text, sizeof(c->text));
		c->v = v;
		c->set = 1;
	}
	return c->text;
}

/* What the import says of existing tie r, as proposed cells for the merge. */
static void tie_cells(struct rn_import *im, struct table *t, size_t r, int *oom)
{
	const struct tieinfo *ti = r < im->tinfo_cap ? &im->tinfo[r] : NULL;
	if (!ti || !ti->touched)
		return;
	char buf[32];
	if (ti->strength > 0) {
		rn_fmt_double(ti->strength, buf, sizeof(buf));
		*oom |= rn_writer_offer_named(im, t, r, "strength", buf, NULL) < 0;
	}
	if (ti->since != RN_NO_DATE) {
		fmt_date(ti->since, buf);
		*oom |= rn_writer_offer_named(im, t, r, "since", buf, NULL) < 0;
	}
	if (ti->last != RN_NO_DATE) {
		fmt_date(ti->last, buf);
		*oom |= rn_writer_offer_named(im, t, r, "last_contact", buf, NULL) < 0;
	}
	if (ti->basis)
		*oom |= rn_writer_offer_named(im, t, r, "basis", basis_of(im, ti), NULL) < 0;
}

/* The tie columns a new tie row is written from, found once. */
struct tiecols {
	long a, b, strength, since, last, basis;
	long source;          /* contacts: the source column */
	char *sbuf;           /* room for one contact's sources */
	size_t scap;
	int oom;
};

/* The text of cell (r, c): from the cells, or for a tie made by this import
 * from its struct tieinfo. */
static const char *value(const struct rn_import *im, enum rn_table_id tab, size_t r, long c,
                         struct tiecols *tc, struct numcache *nc, char *buf)
{
	const struct table *t = &im->t[tab];
	if (tab == RN_TABLE_CONTACTS && c == tc->source && r >= t->nexisting) {
		int oom = 0;
		const char *v = rn_writer_sources_text(im, r, &tc->sbuf, &tc->scap, &oom);
		tc->oom |= oom;
		return v;
	}
	if (tab != RN_TABLE_TIES || r < t->nexisting)
		return cell(t, r, c);
	const struct tieinfo *ti = &im->tinfo[r];
	if (c == tc->a)
		return rn_import_contact_id(im, ti->a);
	if (c == tc->b)
		return rn_import_contact_id(im, ti->b);
	if (c == tc->strength)
		return ti->strength > 0 ? fmt_strength(nc, ti->strength) : NULL;
	if (c == tc->since || c == tc->last) {
		int d = c == tc->since ? ti->since : ti->last;
		if (d == RN_NO_DATE)
			return NULL;
		fmt_date(d, buf);
		return buf;
	}
	if (c == tc->basis)
		return basis_of(im, ti);
	return cell(t, r, c);
}

/* Output text gathered in a buffer and handed to the FILE in big pieces:
 * per-character stdio calls were a tenth of a large import. */
struct wbuf {
	FILE *fp;
	size_t n;
	int failed;
	char b[1 << 16];
};

static void wb_flush(struct wbuf *w)
{
	if (w->n && fwrite(w->b, 1, w->n, w->fp) != w->n)
		w->failed = 1;
	w->n = 0;
}

static void wb_char(struct wbuf *w, char c)
{
	if (w->n == sizeof(w->b))
		wb_flush(w);
	w->b[w->n++] = c;
}

/* A cell by rn_csv_put's rule: quoted when it holds , " CR or LF or starts
 * or ends with a space or a tab, with " doubled. */
static void wb_cell(struct wbuf *w, const char *s)
{
	size_t n = strlen(s);
	if (!n)
		return;
	int quote = s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t';
	for (size_t i = 0; i < n && !quote; i++)
		quote = s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n';
	if (!quote) {
		if (n > sizeof(w->b) - w->n) {
			wb_flush(w);
			if (n > sizeof(w->b)) {
				if (fwrite(s, 1, n, w->fp) != n)
					w->failed = 1;
				return;
			}
		}
		memcpy(w->b + w->n, s, n);
		w->n += n;
		return;
	}
	wb_char(w, '"');
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"')
			wb_char(w, '"');
		wb_char(w, s[i]);
	}
	wb_char(w, '"');
}

static int write_table(const struct rn_import *im, enum rn_table_id tab, const size_t *ord,
                       struct tiecols *tc, FILE *fp)
{
	const struct table *t = &im->t[tab];
	struct numcache nc = { 0 };
	char buf[16];
	struct wbuf *w = malloc(sizeof(*w));
	if (!w)
		return -1;
	w->fp = fp;
	w->n = 0;
	w->failed = 0;
	for (size_t i = 0; i < t->ncols; i++) {
		if (i)
			wb_char(w, ',');
		wb_cell(w, t->head[ord[i]]);
	}
	wb_char(w, '\n');
	for (size_t r = 0; r < t->nrows && !w->failed; r++) {
		if (tab == RN_TABLE_TIES && r >= t->nexisting && r + 32 < t->nrows) {
			/* The ids of the ties ahead: their texts are all over memory. */
			const struct tieinfo *far = &im->tinfo[r + 32], *near = &im->tinfo[r + 16];
			__builtin_prefetch(&im->cid[far->a]);
			__builtin_prefetch(&im->cid[far->b]);
			__builtin_prefetch(im->cid[near->a]);
			__builtin_prefetch(im->cid[near->b]);
		} else if (tab == RN_TABLE_CONTACTS && r + 8 < t->cap) {
			__builtin_prefetch(t->rows[r + 8].cell);
			if (r + 8 < im->src_head_cap && im->src_head[r + 8])
				__builtin_prefetch(&im->srcnode[im->src_head[r + 8] - 1]);
		}
		for (size_t i = 0; i < t->ncols; i++) {
			if (i)
				wb_char(w, ',');
			const char *v = value(im, tab, r, (long) ord[i], tc, &nc, buf);
			if (v && *v)
				wb_cell(w, v);
		}
		wb_char(w, '\n');
	}
	wb_flush(w);
	int bad = w->failed;
	free(w);
	return bad || ferror(fp) || tc->oom ? -1 : 0;
}

/*
 * Where a table is written: the temporary file (none for --dry-run), and the
 * file on disk it is compared with as it is written, so that an unchanged
 * table is known without holding it in memory.
 */
struct sink {
	FILE *real;
	FILE *old;
	int differs;
	int failed;
	char buf[1 << 16];
};

static ssize_t sink_write(void *vc, const char *p, size_t n)
{
	struct sink *s = vc;
	if (s->real && fwrite(p, 1, n, s->real) != n) {
		s->failed = 1;
		return -1;
	}
	for (size_t done = 0; !s->differs && done < n;) {
		size_t k = n - done < sizeof(s->buf) ? n - done : sizeof(s->buf);
		if (!s->old || fread(s->buf, 1, k, s->old) != k || memcmp(s->buf, p + done, k) != 0)
			s->differs = 1;
		done += k;
	}
	return (ssize_t) n;
}

/* One table to write, in a thread of its own. */
struct table_job {
	const struct rn_import *im;
	enum rn_table_id tab;
	struct rn_out *out;
	struct sink *sk;
	struct tiecols tc;       /* a copy: its buffer is the thread's */
	int opened;              /* out is open (a temporary file), by the caller */
	int differs;             /* the bytes differ from the file on disk */
	enum rn_status st;
	char err[512];
};

static void *write_job(void *arg)
{
	struct table_job *j = arg;
	const struct rn_import *im = j->im;
	const struct table *t = &im->t[j->tab];
	struct sink *sk = j->sk;
	sk->real = j->opened ? j->out->fp : NULL;
	sk->old = t->on_disk ? fopen(t->path, "rb") : NULL;
	cookie_io_functions_t fns = { NULL, sink_write, NULL, NULL };
	FILE *fp = fopencookie(sk, "w", fns);
	size_t *ord = column_order(j->tab, t);
	int rc = !fp || !ord ? -1 : write_table(im, j->tab, ord, &j->tc, fp);
	free(ord);
	if (fp && fclose(fp) != 0)
		rc = -1;
	/* The old file is the same only if nothing of it is left over. */
	if (sk->old && !sk->differs && fgetc(sk->old) != EOF)
		sk->differs = 1;
	if (!sk->old)
		sk->differs = 1;
	if (sk->old)
		fclose(sk->old);
	if (rc != 0) {
		if (sk->failed)
			snprintf(j->err, sizeof(j->err), "cannot write '%s': %s", t->path,
			         strerror(errno ? errno : EIO));
		j->st = sk->failed ? RN_E_CANTCREAT : RN_E_INTERNAL;
		return NULL;
	}
	j->differs = sk->differs;
	return NULL;
}

enum rn_status rn_import_finish(struct rn_import *im, struct rn_import_stats *stats,
                                char *err, size_t errlen)
{
	enum rn_status st = RN_OK;
	struct rn_out out[RN_TABLE_COUNT];
	int opened[RN_TABLE_COUNT] = { 0 };
	int oom = 0, made_dir = 0;
	struct table_job job[RN_TABLE_COUNT];
	memset(job, 0, sizeof(job));

	memset(out, 0, sizeof(out));
	struct table *ties = &im->t[RN_TABLE_TIES];
	for (size_t r = 0; r < ties->nexisting; r++)
		tie_cells(im, ties, r, &oom);
	if (oom)
		return RN_E_INTERNAL;
	/* Sources: existing rows get them as a proposed value (merged as a
	 * set union below); new rows are written from the lists. */
	struct table *ct = &im->t[RN_TABLE_CONTACTS];
	long csrc = -1;
	if (im->nsrcnode && (csrc = rn_writer_col_get(im, ct, "source")) < 0)
		return RN_E_INTERNAL;
	char *sbuf = NULL;
	size_t scap = 0;
	for (size_t r = 0; r < ct->nexisting && !oom; r++) {
		const char *v = rn_writer_sources_text(im, r, &sbuf, &scap, &oom);
		if (v && rn_writer_offer(im, ct, r, csrc, v, NULL) < 0)
			oom = 1;
	}
	free(sbuf);
	if (oom)
		return RN_E_INTERNAL;
	for (int i = 0; i < RN_TABLE_COUNT; i++)
		if (merge_existing(im, &im->t[i]) < 0)
			return RN_E_INTERNAL;

	/* The columns new ties are written in. */
	struct tiecols tc = { -1, -1, -1, -1, -1, -1, csrc, NULL, 0, 0 };
	int any_strength = 0, any_since = 0, any_last = 0, any_basis = 0;
	for (size_t r = ties->nexisting; r < ties->nrows; r++) {
		const struct tieinfo *ti = &im->tinfo[r];
		any_strength |= ti->strength > 0;
		any_since |= ti->since != RN_NO_DATE;
		any_last |= ti->last != RN_NO_DATE;
		any_basis |= ti->basis != 0;
	}
	if (ties->nrows > ties->nexisting &&
	    ((tc.a = rn_writer_col_get(im, ties, "a")) < 0 ||
	     (tc.b = rn_writer_col_get(im, ties, "b")) < 0 ||
	     (any_strength && (tc.strength = rn_writer_col_get(im, ties, "strength")) < 0) ||
	     (any_since && (tc.since = rn_writer_col_get(im, ties, "since")) < 0) ||
	     (any_last && (tc.last = rn_writer_col_get(im, ties, "last_contact")) < 0) ||
	     (any_basis && (tc.basis = rn_writer_col_get(im, ties, "basis")) < 0)))
		return RN_E_INTERNAL;
	if (rn_writer_col_get(im, &im->t[RN_TABLE_CONTACTS], "id") < 0)
		return RN_E_INTERNAL;

	if (!im->opts.dry_run) {
		if (mkdir(im->opts.dir, 0777) == 0) {
			made_dir = 1;
		} else if (errno != EEXIST) {
			snprintf(err, errlen, "cannot create directory '%s': %s", im->opts.dir,
			         strerror(errno));
			return RN_E_CANTCREAT;
		}
	}
	/* The tables are written at once, each in a thread (ties.csv, the
	 * longest, first); what each did is looked at in table order. */
	struct rn_task task[RN_TABLE_COUNT];
	int ntask = 0;
	for (int k = 0; k < RN_TABLE_COUNT; k++) {
		int i = k == 0 ? RN_TABLE_TIES : k == 1 ? RN_TABLE_CONTACTS : k;
		struct table *t = &im->t[i];
		/* A table nobody gave a row is not created. */
		if (!t->on_disk && t->nrows == 0 && i != RN_TABLE_CONTACTS)
			continue;
		job[i] = (struct table_job) { im, (enum rn_table_id) i, &out[i], NULL, tc, 0, 0,
		                              RN_OK, "" };
		job[i].tc.sbuf = NULL;
		job[i].tc.scap = 0;
		if (!(job[i].sk = calloc(1, sizeof(*job[i].sk)))) {
			st = RN_E_INTERNAL;
			goto cleanup;
		}
		task[ntask++] = (struct rn_task) { write_job, &job[i] };
	}
	/* The temporary files are made here, in table order (rn_out_open
	 * registers them for removal on a signal, which is no job for threads). */
	for (int i = 0; i < RN_TABLE_COUNT && !im->opts.dry_run; i++) {
		if (!job[i].sk)
			continue;
		st = rn_out_open(&out[i], im->t[i].path, err, errlen);
		if (st != RN_OK)
			goto cleanup;
		opened[i] = job[i].opened = 1;
	}
	rn_run_tasks(task, ntask);
	for (int i = 0; i < RN_TABLE_COUNT; i++) {
		if (!job[i].sk)
			continue;
		if (job[i].st != RN_OK) {
			st = job[i].st;
			snprintf(err, errlen, "%s", job[i].err);
			goto cleanup;
		}
		im->st.written[i] = 1;
		if (job[i].differs) {
			im->st.changed[i] = 1;
			im->st.files_changed++;
		} else if (opened[i]) {
			rn_out_abort(&out[i]);   /* the same bytes: leave the file alone */
			opened[i] = 0;
		}
	}
	/* Every file complete and on disk before any is renamed into place. */
	for (int i = 0; i < RN_TABLE_COUNT; i++) {
		if (opened[i] && (fflush(out[i].fp) != 0 || (out[i].tmp && fsync(fileno(out[i].fp)) != 0))) {
			snprintf(err, errlen, "cannot write '%s': %s", im->t[i].path, strerror(errno));
			st = RN_E_CANTCREAT;
			goto cleanup;
		}
	}
	for (int i = 0; i < RN_TABLE_COUNT; i++) {
		if (!opened[i])
			continue;
		opened[i] = 0;
		enum rn_status s2 = rn_out_commit(&out[i], err, errlen);
		if (s2 != RN_OK && st == RN_OK)
			st = s2;
	}
	im->st.contacts = im->t[RN_TABLE_CONTACTS].nrows;
	im->st.ties = im->t[RN_TABLE_TIES].nrows;
	im->st.events = im->t[RN_TABLE_LOG].nrows;
	*stats = im->st;
cleanup:
	for (int i = 0; i < RN_TABLE_COUNT; i++)
		if (opened[i])
			rn_out_abort(&out[i]);
	if (st != RN_OK && made_dir)
		rmdir(im->opts.dir);
	for (int i = 0; i < RN_TABLE_COUNT; i++) {
		free(job[i].sk);
		free(job[i].tc.sbuf);
	}
	return st;
}

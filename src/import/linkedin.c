/*
 * LinkedIn data exports: each member's Connections.csv (with Profile.csv,
 * messages.csv and the recommendation files when the export has them) read
 * into the import writer, one member at a time.
 *
 * Connections.csv has had three layouts, all read by finding the header
 * line (the one starting "First Name" with a "Last Name" column) instead
 * of assuming its number: no preamble and no URL column (exports to
 * mid-2021), a "Notes:" preamble of a few lines (mid-2021 on), and
 * First Name,Last Name,URL,Email Address,Company,Position,Connected On
 * (mid-2023 on).  Columns are found by name, so their order does not matter.
 *
 * A tie's strength comes from the evidence in the export (the rule is
 * struct rn_linkedin_rule, documented in docs/import.md): messages are
 * matched to connections by the sender's and recipients' profile URLs,
 * recommendations by name among the member's own connections.
 *
 * PATH may be the Connections.csv file, the unzipped export folder, or the
 * .zip LinkedIn sends; the zip is read with libzip, entries found by file
 * name in any folder of the archive.
 */
#include "refnet/import.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <zip.h>

#include "../net/idmap.h"
#include "refnet/arena.h"
#include "refnet/csv.h"
#include "refnet/date.h"
#include "refnet/parallel.h"
#include "refnet/text.h"

void rn_linkedin_rule_default(struct rn_linkedin_rule *r)
{
	r->connected = 0.3;
	r->one_way = 0.5;
	r->two_way = 0.7;
	r->strong = 0.9;
	r->many = 20;
}

/* ---- finding the files of an export ------------------------------------- */

enum li_file { LI_CONNECTIONS, LI_PROFILE, LI_MESSAGES, LI_REC_RECEIVED, LI_REC_GIVEN, LI_NFILES };

static const char *const li_names[LI_NFILES] = {
	"Connections.csv", "Profile.csv", "messages.csv", "Recommendations_Received.csv",
	"Recommendations_Given.csv"
};

struct export {
	const char *path;
	int is_zip, is_dir;
	zip_t *zip;
	char *display[LI_NFILES];   /* how each file is named in messages, NULL when absent */
	zip_int64_t entry[LI_NFILES];
	char *file[LI_NFILES];      /* files on disk */
};

static char *cat3(const char *a, const char *sep, const char *b)
{
	size_t n = strlen(a) + strlen(sep) + strlen(b) + 1;
	char *p = malloc(n);
	if (p)
		snprintf(p, n, "%s%s%s", a, sep, b);
	return p;
}

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

static int looks_zip(const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char b[4] = { 0 };
	if (!f)
		return 0;
	size_t k = fread(b, 1, 4, f);
	fclose(f);
	return k == 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4;
}

static void export_release(struct export *e)
{
	if (e->zip)
		zip_discard(e->zip);
	for (int i = 0; i < LI_NFILES; i++) {
		free(e->display[i]);
		free(e->file[i]);
	}
	memset(e, 0, sizeof(*e));
}

static enum rn_status export_open(struct export *e, const char *path, struct rn_diag *diag)
{
	struct stat sb;
	memset(e, 0, sizeof(*e));
	e->path = path;
	for (int i = 0; i < LI_NFILES; i++)
		e->entry[i] = -1;
	if (stat(path, &sb) != 0) {
		rn_diag_error(diag, NULL, 0, 0, "cannot open '%s': %s", path, strerror(errno));
		return RN_E_NOINPUT;
	}
	if (S_ISDIR(sb.st_mode)) {
		e->is_dir = 1;
		DIR *d = opendir(path);
		if (!d) {
			rn_diag_error(diag, NULL, 0, 0, "cannot open '%s': %s", path, strerror(errno));
			return RN_E_NOINPUT;
		}
		struct dirent *de;
		char *found[LI_NFILES] = { NULL };
		while ((de = readdir(d))) {
			for (int i = 0; i < LI_NFILES; i++) {
				/* The first in name order wins when two differ only in case. */
				if (strcasecmp(de->d_name, li_names[i]) == 0 &&
				    (!found[i] || strcmp(de->d_name, found[i]) < 0)) {
					free(found[i]);
					found[i] = strdup(de->d_name);
				}
			}
		}
		closedir(d);
		size_t pl = strlen(path);
		const char *sep = pl && path[pl - 1] == '/' ? "" : "/";
		for (int i = 0; i < LI_NFILES; i++) {
			if (!found[i])
				continue;
			e->file[i] = cat3(path, sep, found[i]);
			e->display[i] = e->file[i] ? strdup(e->file[i]) : NULL;
			free(found[i]);
			if (!e->file[i] || !e->display[i])
				return RN_E_INTERNAL;
		}
		return RN_OK;
	}
	if (looks_zip(path)) {
		int err = 0;
		e->is_zip = 1;
		e->zip = zip_open(path, ZIP_RDONLY, &err);
		if (!e->zip) {
			zip_error_t ze;
			zip_error_init_with_code(&ze, err);
			rn_diag_error(diag, path, 0, 0, "cannot read the zip archive: %s (download "
			              "the export again, or unzip it and pass the folder)",
			              zip_error_strerror(&ze));
			zip_error_fini(&ze);
			return RN_E_DATA;
		}
		zip_int64_t n = zip_get_num_entries(e->zip, 0);
		for (zip_int64_t k = 0; k < n; k++) {
			const char *name = zip_get_name(e->zip, (zip_uint64_t) k, 0);
			if (!name)
				continue;
			for (int i = 0; i < LI_NFILES; i++) {
				/* The shallowest entry of that name, then the first. */
				if (strcasecmp(base_name(name), li_names[i]) != 0)
					continue;
				if (e->entry[i] >= 0 && strlen(name) >= strlen(e->display[i]) -
				                        strlen(path) - 1)
					continue;
				free(e->display[i]);
				e->display[i] = cat3(path, ":", name);
				if (!e->display[i])
					return RN_E_INTERNAL;
				e->entry[i] = k;
			}
		}
		return RN_OK;
	}
	/* A single file: the member's Connections.csv. */
	e->file[LI_CONNECTIONS] = strdup(path);
	e->display[LI_CONNECTIONS] = strdup(path);
	if (!e->file[LI_CONNECTIONS] || !e->display[LI_CONNECTIONS])
		return RN_E_INTERNAL;
	return RN_OK;
}

/* The bytes of one file of the export (malloc'd, NUL-terminated). */
static enum rn_status export_read(struct export *e, int which, char **buf, size_t *len,
                                  struct rn_diag *diag)
{
	if (e->file[which])
		return rn_sheet_slurp(e->file[which], e->display[which], buf, len, diag);
	zip_stat_t zs;
	zip_stat_init(&zs);
	if (zip_stat_index(e->zip, (zip_uint64_t) e->entry[which], 0, &zs) != 0 ||
	    !(zs.valid & ZIP_STAT_SIZE)) {
		rn_diag_error(diag, e->display[which], 0, 0, "cannot read it from the archive: %s",
		              zip_strerror(e->zip));
		return RN_E_DATA;
	}
	if (zs.size > ((zip_uint64_t) 1 << 32)) {
		rn_diag_error(diag, e->display[which], 0, 0, "too large (%llu bytes)",
		              (unsigned long long) zs.size);
		return RN_E_DATA;
	}
	char *b = malloc((size_t) zs.size + 1);
	if (!b)
		return RN_E_INTERNAL;
	zip_file_t *zf = zip_fopen_index(e->zip, (zip_uint64_t) e->entry[which], 0);
	zip_int64_t got = 0;
	if (zf) {
		while ((zip_uint64_t) got < zs.size) {
			zip_int64_t k = zip_fread(zf, b + got, zs.size - (zip_uint64_t) got);
			if (k <= 0)
				break;
			got += k;
		}
	}
	if (!zf || (zip_uint64_t) got != zs.size) {
		rn_diag_error(diag, e->display[which], 0, 0, "cannot read it from the archive: %s",
		              zf ? zip_file_strerror(zf) : zip_strerror(e->zip));
		if (zf)
			zip_fclose(zf);
		free(b);
		return RN_E_DATA;
	}
	zip_fclose(zf);
	b[got] = '\0';
	*buf = b;
	*len = (size_t) got;
	return RN_OK;
}

/* ---- reading the CSV files ---------------------------------------------- */

/* Does the line's first field read `first` (quotes and spaces ignored) and
 * does the line hold `also` somewhere? */
static int header_like(const char *line, size_t n, const char *first, const char *also)
{
	size_t i = 0;
	if (n >= 3 && (unsigned char) line[0] == 0xef && (unsigned char) line[1] == 0xbb)
		i = 3;
	while (i < n && (line[i] == ' ' || line[i] == '"'))
		i++;
	size_t fl = strlen(first);
	if (n - i < fl || strncasecmp(line + i, first, fl) != 0)
		return 0;
	size_t al = strlen(also);
	for (size_t j = i; j + al <= n; j++)
		if (strncasecmp(line + j, also, al) == 0)
			return 1;
	return 0;
}

static int is_people_header(void *ctx, const char *line, size_t n, char delim)
{
	(void) ctx;
	(void) delim;
	return header_like(line, n, "First Name", "Last Name");
}

static int is_messages_header(void *ctx, const char *line, size_t n, char delim)
{
	(void) ctx;
	(void) delim;
	return header_like(line, n, "CONVERSATION ID", "DATE") || header_like(line, n, "FROM", "DATE");
}

/* Column index of the header name (case-insensitive, trimmed), or -1. */
static long find_col(const struct rn_csv_record *h, const char *name)
{
	for (size_t i = 0; i < h->nfields; i++) {
		size_t n = h->len[i];
		const char *s = rn_text_trim(h->field[i], &n);
		if (rn_text_ieq(s, n, name))
			return (long) i;
	}
	return -1;
}

static const char *fld(const struct rn_csv_record *r, long c)
{
	if (c < 0 || (size_t) c >= r->nfields || r->bad[c])
		return "";
	return r->field[c];
}

/* "08 Feb 2026" (LinkedIn's form), "8 Feb 2026", or an ISO date. */
static int li_date(const char *s, int *days)
{
	static const char *const mon[12] = { "jan", "feb", "mar", "apr", "may", "jun",
	                                     "jul", "aug", "sep", "oct", "nov", "dec" };
	size_t n = strlen(s);
	s = rn_text_trim(s, &n);
	if (n >= 10 && rn_date_parse(s, n > 19 ? 19 : n, days) == 0)
		return 0;
	if (n >= 19 && rn_date_parse(s, 10, days) == 0)
		return 0;
	char buf[32];
	if (n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	char *p = buf, *end;
	errno = 0;
	long d = strtol(p, &end, 10);
	if (end == p || *end != ' ' || d < 1 || d > 31)
		return -1;
	p = end + 1;
	int m = -1;
	for (int i = 0; i < 12; i++)
		if (strncasecmp(p, mon[i], 3) == 0)
			m = i + 1;
	if (m < 0)
		return -1;
	while (*p && *p != ' ')
		p++;
	if (*p != ' ')
		return -1;
	long y = strtol(p + 1, &end, 10);
	if (*end || y < 1900 || y > 9999)
		return -1;
	/* 31 Feb does not come back as itself. */
	int v = rn_date_from_ymd((int) y, m, (int) d), yy, mm, dd;
	rn_date_ymd(v, &yy, &mm, &dd);
	if (yy != y || mm != m || dd != d)
		return -1;
	*days = v;
	return 0;
}

enum { CONN_BATCH = 64 };

/* What one member's export says about one connection. */
struct conn {
	int64_t idx;          /* contact index in the writer */
	int since;
	unsigned sent, received;
	int last_msg;
	int recommended;
};

struct member_state {
	struct rn_import *im;
	const struct rn_linkedin_options *opts;
	const struct rn_linkedin_member *m;
	int64_t member_idx;
	size_t member_no;
	struct rn_diag *diag;
	const char *display;
	struct rn_idmap *member_names;     /* folded member name -> member number */
	const size_t *member_name_count;   /* members sharing each name */
	const int64_t *member_rows;
	const size_t *slot_member;         /* member name slot -> member number */

	long c_first, c_last, c_url, c_email, c_company, c_position, c_on;
	int have_header;
	int want_urls, want_names;         /* the export has messages / recommendations */

	struct conn *conns;
	size_t nconns, cap;
	struct rn_idmap *by_url;           /* normalised URL -> slot */
	size_t *url_conn;
	size_t url_cap;
	struct rn_idmap *by_name;          /* folded name -> slot */
	size_t *name_conn, *name_count;
	size_t name_cap;
	struct rn_arena arena;

	size_t rows, hidden, skipped;
	char *profile_name;
	enum rn_status st;

	/* Connections read but not yet given to the writer: it takes them a
	 * batch at a time (rn_import_add_people), or all at once when the file
	 * was read ahead (deferred).  Their texts are in row_arena, which lives
	 * as long as the member's export is read. */
	struct rn_import_person *bp;
	struct rn_import_field (*bf)[2];   /* bp[i].fields, set when handed over */
	const char **bfn;                  /* folded name */
	struct rn_import_keys *bkeys;      /* match keys, made when read ahead */
	int *bsince;
	size_t nbatch, bcap;
	int deferred;
	struct rn_arena row_arena;
};

static int grow_array(void **p, size_t *cap, size_t want, size_t elem)
{
	if (want <= *cap)
		return 0;
	size_t c = *cap ? *cap : 256;
	while (c < want)
		c *= 2;
	void *q = realloc(*p, c * elem);
	if (!q)
		return -1;
	*p = q;
	*cap = c;
	return 0;
}

/* Slot of key in map (copied into the arena), -1 on OOM; *added says if new. */
static int64_t put_key(struct member_state *ms, struct rn_idmap *map, const char *key, int *added)
{
	int64_t idx;
	size_t n = strlen(key);
	int64_t at = rn_idmap_get(map, key, n);
	*added = 0;
	if (at >= 0)
		return at;
	char *k = rn_arena_strndup(&ms->arena, key, n);
	if (!k || rn_idmap_put(map, k, n, &idx) < 0)
		return -1;
	*added = 1;
	return idx;
}

static char *full_name(const char *first, const char *last)
{
	size_t a = strlen(first), b = strlen(last);
	first = rn_text_trim(first, &a);
	last = rn_text_trim(last, &b);
	char *s = malloc(a + b + 2);
	if (!s)
		return NULL;
	memcpy(s, first, a);
	size_t k = a;
	if (a && b)
		s[k++] = ' ';
	memcpy(s + k, last, b);
	s[k + b] = '\0';
	return s;
}

static enum rn_status flush_connections(struct member_state *ms);
static enum rn_status flush_some(struct member_state *ms, size_t at, size_t n);

static enum rn_status connection_row(void *vctx, const struct rn_csv_record *rec)
{
	struct member_state *ms = vctx;
	if (rec->index == 0) {
		ms->c_first = find_col(rec, "First Name");
		ms->c_last = find_col(rec, "Last Name");
		ms->c_url = find_col(rec, "URL");
		if (ms->c_url < 0)
			ms->c_url = find_col(rec, "Profile URL");
		ms->c_email = find_col(rec, "Email Address");
		if (ms->c_email < 0)
			ms->c_email = find_col(rec, "Email");
		ms->c_company = find_col(rec, "Company");
		ms->c_position = find_col(rec, "Position");
		ms->c_on = find_col(rec, "Connected On");
		ms->have_header = 1;
		if (ms->c_last < 0 || ms->c_on < 0) {
			rn_diag_error(ms->diag, ms->display, rec->line0, 0,
			              "missing column '%s' in the header (is this LinkedIn's "
			              "Connections.csv?)", ms->c_last < 0 ? "Last Name" : "Connected On");
			ms->have_header = 0;
			return RN_OK;
		}
		return RN_OK;
	}
	if (!ms->have_header)
		return RN_OK;
	ms->rows++;
	char *full = full_name(fld(rec, ms->c_first), fld(rec, ms->c_last));
	if (!full)
		return RN_E_INTERNAL;
	if (!*full) {
		/* A hidden profile: LinkedIn gives only the date. */
		ms->hidden++;
		free(full);
		return RN_OK;
	}
	int since = RN_NO_DATE;
	const char *on = fld(rec, ms->c_on);
	if (*on && li_date(on, &since) != 0) {
		/* The rows before this one are said first.  (Read ahead, the
		 * warning goes to a diag of its own, and the file is read again.) */
		enum rn_status st = ms->deferred ? RN_OK : flush_connections(ms);
		if (st != RN_OK) {
			free(full);
			return st;
		}
		rn_diag_warn(ms->diag, ms->display, rec->line[ms->c_on], ms->c_on + 1,
		             "'%s' is not a date like '08 Feb 2026': the tie has no 'since'", on);
		since = RN_NO_DATE;
	}

	/* The row's texts outlive the record: copied. */
	struct rn_arena *a = &ms->row_arena;
	const char *v[5] = { full, fld(rec, ms->c_email), fld(rec, ms->c_url),
	                     fld(rec, ms->c_company), fld(rec, ms->c_position) };
	char *c[5];
	for (int i = 0; i < 5; i++) {
		c[i] = *v[i] || i == 0 ? rn_arena_strndup(a, v[i], strlen(v[i])) : (char *) "";
		if (!c[i]) {
			free(full);
			return RN_E_INTERNAL;
		}
	}
	free(full);
	char *fn = NULL;
	if (rn_text_fold(c[0], strlen(c[0]), &fn) != 0)
		return RN_E_INTERNAL;
	const char *fnc = rn_arena_strndup(a, fn, strlen(fn));
	free(fn);
	if (!fnc)
		return RN_E_INTERNAL;

	const struct rn_linkedin_options *o = ms->opts;
	if (ms->nbatch == ms->bcap) {
		size_t cap = ms->bcap ? 2 * ms->bcap : CONN_BATCH;
		void *p1 = realloc(ms->bp, cap * sizeof(*ms->bp));
		if (p1)
			ms->bp = p1;
		void *p2 = realloc(ms->bf, cap * sizeof(*ms->bf));
		if (p2)
			ms->bf = p2;
		void *p3 = realloc(ms->bfn, cap * sizeof(*ms->bfn));
		if (p3)
			ms->bfn = p3;
		void *p4 = realloc(ms->bsince, cap * sizeof(*ms->bsince));
		if (p4)
			ms->bsince = p4;
		void *p5 = !ms->deferred ? ms->bkeys : realloc(ms->bkeys, cap * sizeof(*ms->bkeys));
		if (p5)
			ms->bkeys = p5;
		if (!p1 || !p2 || !p3 || !p4 || (ms->deferred && !p5))
			return RN_E_INTERNAL;
		ms->bcap = cap;
	}
	size_t b = ms->nbatch++;
	struct rn_import_field *f = ms->bf[b];
	size_t nf = 0;
	f[nf++] = (struct rn_import_field) { "position", c[4] };
	if (o->offers_from_position)
		f[nf++] = (struct rn_import_field) { "offers", c[4] };
	ms->bp[b] = (struct rn_import_person) {
		.name = c[0], .email = c[1], .url = c[2], .company = c[3], .nfields = nf,
		.source = ms->m->id, .file = ms->display, .line = rec->line0
	};
	ms->bfn[b] = fnc;
	ms->bsince[b] = since;
	/* Read ahead in a thread: the writer's keys are made here too. */
	if (ms->deferred && rn_import_make_keys(&ms->bp[b], &ms->bkeys[b], a) < 0)
		return RN_E_INTERNAL;

	/* Another member of the group, known here only by name (the export has no
	 * URL of its owner): the connection is that member when exactly one
	 * member has the name. */
	int64_t mslot = rn_idmap_get(ms->member_names, fnc, strlen(fnc));
	if (mslot >= 0 && ms->member_name_count[mslot] == 1 &&
	    ms->slot_member[mslot] != ms->member_no)
		ms->bp[b].id = o->members[ms->slot_member[mslot]].id;
	return ms->nbatch == CONN_BATCH && !ms->deferred ? flush_connections(ms) : RN_OK;
}

/* The connections read so far to the writer, and into the member's list. */
static enum rn_status flush_connections(struct member_state *ms)
{
	size_t n = ms->nbatch;
	ms->nbatch = 0;
	for (size_t at = 0; at < n; at += CONN_BATCH) {
		size_t k = n - at < CONN_BATCH ? n - at : CONN_BATCH;
		enum rn_status st = flush_some(ms, at, k);
		if (st != RN_OK)
			return st;
	}
	return RN_OK;
}

/* Connections at..at+n of the batch to the writer. */
static enum rn_status flush_some(struct member_state *ms, size_t at, size_t n)
{
	int64_t idxs[CONN_BATCH];
	for (size_t b = at; b < at + n; b++) {
		ms->bp[b].fields = ms->bf[b];
		ms->bp[b].keys = ms->bkeys ? &ms->bkeys[b] : NULL;
	}
	enum rn_status st = rn_import_add_people(ms->im, ms->bp + at, n, idxs);
	if (st != RN_OK)
		return st;
	for (size_t b = at; b < at + n; b++) {
		int64_t idx = idxs[b - at];
		const struct rn_import_person *p = &ms->bp[b];
		if (idx < 0 || idx == ms->member_idx)
			continue;
		if (grow_array((void **) &ms->conns, &ms->cap, ms->nconns + 1, sizeof(*ms->conns)) < 0)
			return RN_E_INTERNAL;
		struct conn *c = &ms->conns[ms->nconns];
		memset(c, 0, sizeof(*c));
		c->idx = idx;
		c->since = ms->bsince[b];
		c->last_msg = RN_NO_DATE;
		size_t ci = ms->nconns++;

		/* Messages find connections by URL, recommendations by name: index
		 * them only when the export has those files. */
		int added;
		if (*p->url && ms->want_urls) {
			char *u = rn_import_norm_url(p->url);
			int64_t s = u ? put_key(ms, ms->by_url, u, &added) : -1;
			free(u);
			if (s < 0 || grow_array((void **) &ms->url_conn, &ms->url_cap, (size_t) s + 1,
			                        sizeof(size_t)) < 0)
				return RN_E_INTERNAL;
			if (added)
				ms->url_conn[s] = ci;
		}
		if (!ms->want_names)
			continue;
		int64_t s = put_key(ms, ms->by_name, ms->bfn[b], &added);
		if (s < 0 || grow_array((void **) &ms->name_conn, &ms->name_cap, (size_t) s + 1,
		                        sizeof(size_t)) < 0)
			return RN_E_INTERNAL;
		if (added) {
			/* name_count shares name_cap: grown to the same size above. */
			size_t *nc = realloc(ms->name_count, ms->name_cap * sizeof(size_t));
			if (!nc)
				return RN_E_INTERNAL;
			ms->name_count = nc;
			ms->name_conn[s] = ci;
			ms->name_count[s] = 0;
		}
		ms->name_count[s]++;
	}
	return RN_OK;
}

/* The connection with this profile URL in this member's export, or NULL. */
static struct conn *conn_by_url(struct member_state *ms, const char *url)
{
	char *u = rn_import_norm_url(url);
	if (!u)
		return NULL;
	int64_t s = *u ? rn_idmap_get(ms->by_url, u, strlen(u)) : -1;
	free(u);
	return s >= 0 ? &ms->conns[ms->url_conn[s]] : NULL;
}

struct msg_state {
	struct member_state *ms;
	const char *display;
	long c_sender, c_recipients, c_date;
	int ok;
	size_t rows;
};

static void note_msg(struct conn *c, int date, int sent)
{
	if (sent)
		c->sent++;
	else
		c->received++;
	if (date != RN_NO_DATE && (c->last_msg == RN_NO_DATE || date > c->last_msg))
		c->last_msg = date;
}

static enum rn_status message_row(void *vctx, const struct rn_csv_record *rec)
{
	struct msg_state *s = vctx;
	struct member_state *ms = s->ms;
	if (rec->index == 0) {
		s->c_sender = find_col(rec, "SENDER PROFILE URL");
		s->c_recipients = find_col(rec, "RECIPIENT PROFILE URLS");
		s->c_date = find_col(rec, "DATE");
		s->ok = s->c_date >= 0 && (s->c_sender >= 0 || s->c_recipients >= 0);
		if (!s->ok)
			rn_diag_warn(ms->diag, s->display, rec->line0, 0,
			             "no SENDER PROFILE URL, RECIPIENT PROFILE URLS or DATE column: "
			             "the messages are not used for tie strength");
		return RN_OK;
	}
	if (!s->ok)
		return RN_OK;
	s->rows++;
	int date = RN_NO_DATE;
	const char *d = fld(rec, s->c_date);
	if (*d && li_date(d, &date) != 0)
		date = RN_NO_DATE;
	/* A message from a connection was received; one to connections was sent. */
	struct conn *from = conn_by_url(ms, fld(rec, s->c_sender));
	if (from)
		note_msg(from, date, 0);
	const char *r = fld(rec, s->c_recipients);
	while (*r) {
		while (*r && strchr(",; \t\r\n", *r))
			r++;
		const char *e = r;
		while (*e && !strchr(",; \t\r\n", *e))
			e++;
		if (e > r) {
			char *one = strndup(r, (size_t) (e - r));
			if (!one)
				return RN_E_INTERNAL;
			struct conn *to = conn_by_url(ms, one);
			free(one);
			if (to && to != from)
				note_msg(to, date, 1);
		}
		r = e;
	}
	return RN_OK;
}

struct rec_state {
	struct member_state *ms;
	long c_first, c_last;
	size_t rows, matched;
};

static enum rn_status recommendation_row(void *vctx, const struct rn_csv_record *rec)
{
	struct rec_state *s = vctx;
	struct member_state *ms = s->ms;
	if (rec->index == 0) {
		s->c_first = find_col(rec, "First Name");
		s->c_last = find_col(rec, "Last Name");
		return RN_OK;
	}
	if (s->c_first < 0 || s->c_last < 0)
		return RN_OK;
	s->rows++;
	char *name = full_name(fld(rec, s->c_first), fld(rec, s->c_last)), *fn = NULL;
	if (!name || rn_text_fold(name, strlen(name), &fn) != 0) {
		free(name);
		return RN_E_INTERNAL;
	}
	int64_t slot = *fn ? rn_idmap_get(ms->by_name, fn, strlen(fn)) : -1;
	/* Only a name that is unique among the member's connections counts. */
	if (slot >= 0 && ms->name_count[slot] == 1) {
		ms->conns[ms->name_conn[slot]].recommended = 1;
		s->matched++;
	}
	free(fn);
	free(name);
	return RN_OK;
}

static enum rn_status profile_row(void *vctx, const struct rn_csv_record *rec)
{
	struct member_state *ms = vctx;
	if (rec->index == 0) {
		ms->c_first = find_col(rec, "First Name");
		ms->c_last = find_col(rec, "Last Name");
		return RN_OK;
	}
	if (rec->index != 1 || ms->c_first < 0 || ms->c_last < 0)
		return RN_OK;
	free(ms->profile_name);
	ms->profile_name = full_name(fld(rec, ms->c_first), fld(rec, ms->c_last));
	return ms->profile_name ? RN_OK : RN_E_INTERNAL;
}

/* Read one CSV file of the export through fn; absent is fine unless required. */
static enum rn_status read_part(struct export *e, int which, int (*is_header)(void *, const char *,
                                size_t, char), const char *what, struct rn_diag *diag,
                                rn_sheet_record_fn fn, void *ctx)
{
	char *buf;
	size_t len;
	if (!e->display[which])
		return RN_OK;
	enum rn_status st = export_read(e, which, &buf, &len, diag);
	if (st != RN_OK)
		return st;
	struct rn_sheet sh;
	struct rn_sheet_options so = { .delim = ',', .is_header = is_header, .what = what };
	st = rn_sheet_prepare(&sh, buf, len, e->display[which], &so, diag);
	if (st == RN_OK)
		st = rn_sheet_read(&sh, e->display[which], diag, fn, ctx);
	rn_sheet_release(&sh);
	return st;
}

/* The strength the rule gives a connection, with the reason. */
static double strength_of(const struct rn_linkedin_rule *rule, const struct conn *c,
                          int have_messages, char *basis, size_t n)
{
	unsigned total = c->sent + c->received;
	if (c->recommended) {
		snprintf(basis, n, "recommendation");
		return rule->strong;
	}
	if (total >= rule->many && total > 0) {
		snprintf(basis, n, "many messages: %u sent, %u received", c->sent, c->received);
		return rule->strong;
	}
	if (c->sent && c->received) {
		snprintf(basis, n, "two-way messages: %u sent, %u received", c->sent, c->received);
		return rule->two_way;
	}
	if (total) {
		snprintf(basis, n, "messages one way: %u sent, %u received", c->sent, c->received);
		return rule->one_way;
	}
	snprintf(basis, n, have_messages ? "connected, no messages" : "connected");
	return rule->connected;
}

static void member_state_release(struct member_state *ms)
{
	free(ms->conns);
	free(ms->url_conn);
	free(ms->name_conn);
	free(ms->name_count);
	rn_idmap_free(ms->by_url);
	rn_idmap_free(ms->by_name);
	rn_arena_release(&ms->arena);
	rn_arena_release(&ms->row_arena);
	free(ms->bp);
	free(ms->bf);
	free(ms->bfn);
	free(ms->bsince);
	free(ms->bkeys);
	free(ms->profile_name);
	memset(ms, 0, sizeof(*ms));
}

/* One member's Connections.csv, read ahead of its merge. */
struct member_job {
	struct export *ex;
	struct member_state ms;
	struct rn_diag diag;     /* what reading it said: if anything, it is read again */
	enum rn_status st;
	int read;
};

static enum rn_status member_init(struct member_state *ms, struct rn_import *im,
                                  const struct rn_linkedin_options *opts, size_t i,
                                  int64_t member_idx, const struct export *ex,
                                  struct rn_diag *diag, struct rn_idmap *member_names,
                                  const size_t *name_count, const int64_t *rows,
                                  const size_t *slot_member)
{
	memset(ms, 0, sizeof(*ms));
	ms->im = im;
	ms->opts = opts;
	ms->m = &opts->members[i];
	ms->member_idx = member_idx;
	ms->member_no = i;
	ms->diag = diag;
	ms->display = ex->display[LI_CONNECTIONS];
	ms->member_names = member_names;
	ms->member_name_count = name_count;
	ms->member_rows = rows;
	ms->slot_member = slot_member;
	ms->by_url = rn_idmap_new();
	ms->by_name = rn_idmap_new();
	rn_arena_init(&ms->arena);
	rn_arena_init(&ms->row_arena);
	ms->want_urls = ex->display[LI_MESSAGES] != NULL;
	ms->want_names = ex->display[LI_REC_RECEIVED] || ex->display[LI_REC_GIVEN];
	return ms->by_url && ms->by_name ? RN_OK : RN_E_INTERNAL;
}

/* A thread's task: read one member's connections, into the member's state. */
static void *read_ahead(void *arg)
{
	struct member_job *j = arg;
	j->st = read_part(j->ex, LI_CONNECTIONS, is_people_header,
	                  "a line starting \"First Name,Last Name\"", &j->diag, connection_row,
	                  &j->ms);
	j->read = 1;
	return NULL;
}

struct merge_ctx {
	struct rn_import *im;
	const struct rn_linkedin_options *opts;
	struct export *ex;
	const int64_t *rows;
	struct member_job *job;
	struct rn_diag *diag;
	size_t from, to;         /* the members to merge now */
	enum rn_status st;       /* RN_E_INTERNAL stops everything */
	enum rn_status worst;    /* the first other problem */
};

/* Member i into the writer: connections, messages, recommendations, ties. */
static enum rn_status merge_member(struct merge_ctx *mc, size_t i)
{
	struct member_job *j = &mc->job[i];
	struct member_state *ms = &j->ms;
	struct export *e = &mc->ex[i];
	struct rn_diag *diag = mc->diag;
	const struct rn_linkedin_options *opts = mc->opts;
	enum rn_status st;
	if (j->read && j->st == RN_OK && !j->diag.nerrors && !j->diag.nwarnings && !j->diag.oom) {
		ms->deferred = 0;
		ms->diag = diag;
		st = flush_connections(ms);
	} else {
		const struct member_state was = *ms;
		member_state_release(ms);
		st = member_init(ms, mc->im, opts, i, was.member_idx, e, diag, was.member_names,
		                 was.member_name_count, was.member_rows, was.slot_member);
		if (st != RN_OK)
			return st;
		st = read_part(e, LI_CONNECTIONS, is_people_header,
		               "a line starting \"First Name,Last Name\"", diag, connection_row, ms);
		/* The rows read before an error in the file count, as they are said. */
		if (ms->nbatch) {
			enum rn_status fs = flush_connections(ms);
			if (st == RN_OK || fs == RN_E_INTERNAL)
				st = fs;
		}
	}
	if (st == RN_OK) {
		struct msg_state s = { ms, e->display[LI_MESSAGES], -1, -1, -1, 0, 0 };
		st = read_part(e, LI_MESSAGES, is_messages_header,
		               "a line starting \"CONVERSATION ID\"", diag, message_row, &s);
	}
	if (st == RN_OK) {
		struct rec_state s = { ms, -1, -1, 0, 0 };
		st = read_part(e, LI_REC_RECEIVED, is_people_header,
		               "a line starting \"First Name,Last Name\"", diag, recommendation_row, &s);
		if (st == RN_OK)
			st = read_part(e, LI_REC_GIVEN, is_people_header,
			               "a line starting \"First Name,Last Name\"", diag,
			               recommendation_row, &s);
	}
	int have_messages = e->display[LI_MESSAGES] != NULL;
	for (size_t at = 0; st == RN_OK && at < ms->nconns; at += CONN_BATCH) {
		struct rn_import_tie t[CONN_BATCH];
		char basis[CONN_BATCH][128];
		size_t n = ms->nconns - at < CONN_BATCH ? ms->nconns - at : CONN_BATCH;
		for (size_t k = 0; k < n; k++) {
			const struct conn *c = &ms->conns[at + k];
			t[k] = (struct rn_import_tie) {
				.a = mc->rows[i], .b = c->idx,
				.strength = strength_of(&opts->rule, c, have_messages, basis[k],
				                        sizeof(basis[k])),
				.since = c->since,
				.last = c->last_msg != RN_NO_DATE ? c->last_msg : c->since,
				.basis = basis[k]
			};
		}
		st = rn_import_add_ties(mc->im, t, n);
	}
	rn_import_count(mc->im, ms->rows, ms->hidden, ms->skipped);
	member_state_release(ms);
	return st;
}

/* The task that merges members from..to, in order. */
static void *merge_members(void *arg)
{
	struct merge_ctx *mc = arg;
	for (size_t i = mc->from; i < mc->to && mc->st != RN_E_INTERNAL; i++) {
		if (!mc->ex[i].display[LI_CONNECTIONS])
			continue;
		enum rn_status st = merge_member(mc, i);
		if (st == RN_E_INTERNAL)
			mc->st = st;
		else if (st != RN_OK && mc->worst == RN_OK)
			mc->worst = st;
	}
	return NULL;
}

enum rn_status rn_import_linkedin(struct rn_import *im, const struct rn_linkedin_options *opts,
                                  struct rn_diag *diag)
{
	enum rn_status st = RN_OK, worst = RN_OK;
	size_t nm = opts->nmembers;
	struct export *ex = calloc(nm ? nm : 1, sizeof(*ex));
	int64_t *rows = calloc(nm ? nm : 1, sizeof(*rows));
	size_t *name_count = calloc(nm ? nm : 1, sizeof(*name_count));
	struct rn_idmap *member_names = rn_idmap_new();
	struct rn_arena arena;
	rn_arena_init(&arena);
	if (!ex || !rows || !name_count || !member_names) {
		st = RN_E_INTERNAL;
		goto cleanup;
	}

	/* Every member first, with the name from --name or Profile.csv, so that
	 * members who appear in each other's connections are found. */
	for (size_t i = 0; i < nm; i++) {
		const struct rn_linkedin_member *m = &opts->members[i];
		st = export_open(&ex[i], m->path, diag);
		if (st == RN_OK && !ex[i].display[LI_CONNECTIONS]) {
			rn_diag_error(diag, m->path, 0, 0, "no Connections.csv in this export (ask "
			              "LinkedIn for the data archive with \"Connections\", or pass the "
			              "Connections.csv file)");
			st = RN_E_DATA;
		}
		if (st != RN_OK) {
			if (st == RN_E_INTERNAL)
				goto cleanup;
			worst = worst == RN_OK ? st : worst;
			ex[i].display[LI_CONNECTIONS] = NULL;
			continue;
		}
		struct member_state ps;
		memset(&ps, 0, sizeof(ps));
		ps.c_first = ps.c_last = -1;
		const char *name = m->name;
		if (!name && ex[i].display[LI_PROFILE]) {
			st = read_part(&ex[i], LI_PROFILE, is_people_header, "a line starting "
			               "\"First Name,Last Name\"", diag, profile_row, &ps);
			if (st == RN_E_INTERNAL) {
				free(ps.profile_name);
				goto cleanup;
			}
			name = ps.profile_name;
		}
		if (!name || !*name)
			rn_diag_warn(diag, m->path, 0, 0, "member '%s' has no name (no Profile.csv in "
			             "the export): pass --name %s=\"Full Name\"", m->id, m->id);
		struct rn_import_person p = { .id = m->id, .name = name, .source = m->id,
		                              .file = m->path };
		st = rn_import_add_person(im, &p, &rows[i]);
		if (st == RN_OK && name && *name) {
			char *fn = NULL;
			int64_t slot;
			if (rn_text_fold(name, strlen(name), &fn) != 0) {
				st = RN_E_INTERNAL;
			} else {
				char *k = rn_arena_strndup(&arena, fn, strlen(fn));
				if (!k || rn_idmap_put(member_names, k, strlen(k), &slot) < 0)
					st = RN_E_INTERNAL;
				else
					name_count[slot]++;
			}
			free(fn);
		}
		free(ps.profile_name);
		if (st != RN_OK)
			goto cleanup;
	}
	/* The member number of each name slot: the first member with it. */
	size_t *slot_member = calloc(nm ? nm : 1, sizeof(*slot_member));
	if (!slot_member) {
		st = RN_E_INTERNAL;
		goto cleanup;
	}
	for (size_t i = nm; i-- > 0;) {
		const char *n = rn_import_contact_name(im, rows[i]);
		char *fn = NULL;
		if (n && rn_text_fold(n, strlen(n), &fn) == 0) {
			int64_t s = rn_idmap_get(member_names, fn, strlen(fn));
			if (s >= 0)
				slot_member[s] = i;
		}
		free(fn);
	}

	/* Each member's Connections.csv is read (parsed, names folded) in
	 * threads a window of members ahead, while the members before are
	 * merged in the writer, in member order.  A file whose reading said
	 * anything (a bad date, a note on its encoding, an error) is read
	 * again in turn, so every message comes as and where it always did. */
	struct member_job *job = calloc(nm ? nm : 1, sizeof(*job));
	if (!job) {
		free(slot_member);
		st = RN_E_INTERNAL;
		goto cleanup;
	}
	struct merge_ctx mc = { im, opts, ex, rows, job, diag, 0, 0, RN_OK, RN_OK };
	for (size_t i = 0; i < nm; i++) {
		struct member_job *j = &job[i];
		j->ex = &ex[i];
		rn_diag_init(&j->diag);
		if (ex[i].display[LI_CONNECTIONS] &&
		    member_init(&j->ms, im, opts, i, rows[i], &ex[i], &j->diag, member_names,
		                name_count, rows, slot_member) != RN_OK)
			mc.st = RN_E_INTERNAL;
		j->ms.deferred = 1;
	}
	size_t win = 2 * (size_t) rn_threads();
	for (size_t w = 0; mc.st != RN_E_INTERNAL && w < nm + win; w += win) {
		/* Merge the window before while the threads read this one. */
		struct rn_task task[1 + 2 * RN_THREADS_MAX];
		int nt = 0;
		mc.from = w >= win ? w - win : 0;
		mc.to = w < nm ? w : nm;
		if (mc.to > mc.from)
			task[nt++] = (struct rn_task) { merge_members, &mc };
		for (size_t i = w; i < nm && i < w + win; i++)
			if (ex[i].display[LI_CONNECTIONS])
				task[nt++] = (struct rn_task) { read_ahead, &job[i] };
		rn_run_tasks(task, nt);
	}
	for (size_t i = 0; i < nm; i++) {
		member_state_release(&job[i].ms);
		rn_diag_release(&job[i].diag);
	}
	free(job);
	if (mc.st == RN_E_INTERNAL) {
		free(slot_member);
		st = RN_E_INTERNAL;
		goto cleanup;
	}
	worst = worst == RN_OK ? mc.worst : worst;
	free(slot_member);
	st = worst;
cleanup:
	for (size_t i = 0; ex && i < nm; i++)
		export_release(&ex[i]);
	free(ex);
	free(rows);
	free(name_count);
	rn_idmap_free(member_names);
	rn_arena_release(&arena);
	return st;
}

/*
 * `import csv`: any spreadsheet saved as CSV (a member roster, a slip log
 * kept in Excel, a CRM dump) read into the import writer through a column
 * mapping (--map id=Email, name=First Name+Last Name, a=Giver,b=Receiver).
 *
 * Spreadsheet reality is handled and said, never guessed silently: the
 * delimiter, the encoding and a header below a title row are found by
 * rn_sheet_prepare() and reported there; dates in a named local format,
 * decimal commas, currency and thousands separators are read here, each
 * with a message that names the option to use when a value does not read.
 * Columns nobody mapped are kept under their own header.
 */
#include "refnet/import.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "refnet/csv.h"
#include "refnet/date.h"
#include "refnet/text.h"

/* ---- values ------------------------------------------------------------- */

int rn_import_number(const char *s, int decimal_comma, double *out)
{
	char buf[64];
	size_t k = 0, n = strlen(s);
	int digits = 0, neg = 0;
	s = rn_text_trim(s, &n);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char) s[i];
		if (c >= '0' && c <= '9') {
			digits = 1;
		} else if (c == '-' || c == '(') {
			/* -$5 or ($5): accounting negatives. */
			if (digits)
				return -1;
			neg = 1;
			continue;
		} else if (c == ')' || c == ' ' || c == '$' || c == '\'' ||
		           (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z' && c != 'e')) {
			continue;   /* currency signs and codes, spaces, Swiss thousands */
		} else if (c >= 0x80) {
			continue;   /* €, £, ¥, a no-break space */
		} else if (c == ',') {
			if (!decimal_comma)
				continue;
			c = '.';
		} else if (c == '.') {
			if (decimal_comma)
				continue;
		} else if (c != '+' && c != 'e') {
			return -1;
		}
		if (k + 2 >= sizeof(buf))
			return -1;
		buf[k++] = (char) c;
	}
	if (!digits)
		return -1;
	double v;
	if (rn_text_number(buf, k, &v) != 0)
		return -1;
	*out = neg ? -v : v;
	return 0;
}

int rn_import_date(const char *s, const char *fmt, int *days)
{
	size_t n = strlen(s);
	s = rn_text_trim(s, &n);
	if (!fmt)
		return rn_date_parse(s, n, days);
	int part[3] = { -1, -1, -1 };   /* D, M, Y */
	int ylen = 0;
	size_t i = 0;
	for (const char *f = fmt; *f; f++) {
		char c = (char) (*f | 32);
		if (c != 'd' && c != 'm' && c != 'y') {
			if (i >= n || (s[i] >= '0' && s[i] <= '9'))
				return -1;
			i++;   /* any one separator */
			continue;
		}
		while (f[1] && (f[1] | 32) == c)
			f++;   /* "DD", "YYYY": the same field */
		size_t st = i;
		long v = 0;
		while (i < n && s[i] >= '0' && s[i] <= '9' && i - st < 4)
			v = v * 10 + (s[i++] - '0');
		if (i == st)
			return -1;
		int slot = c == 'd' ? 0 : c == 'm' ? 1 : 2;
		part[slot] = (int) v;
		if (slot == 2)
			ylen = (int) (i - st);
	}
	/* A time after the date ("3/15/2024 14:30") is dropped. */
	if (i < n && s[i] != ' ' && s[i] != 'T')
		return -1;
	if (part[0] < 1 || part[1] < 1 || part[1] > 12 || part[2] < 0 || part[0] > 31)
		return -1;
	if (ylen <= 2)
		part[2] += part[2] < 70 ? 2000 : 1900;
	int v = rn_date_from_ymd(part[2], part[1], part[0]), y, m, d;
	rn_date_ymd(v, &y, &m, &d);
	if (y != part[2] || m != part[1] || d != part[0])
		return -1;
	*days = v;
	return 0;
}

/* A hint for a date that did not read: which --date-format would. */
static const char *date_hint(const char *s)
{
	unsigned a = 0, b = 0;
	char sep = 0;
	const char *p = s;
	while (*p == ' ')
		p++;
	while (*p >= '0' && *p <= '9')
		a = a * 10 + (unsigned) (*p++ - '0');
	sep = *p;
	if (sep)
		p++;
	while (*p >= '0' && *p <= '9')
		b = b * 10 + (unsigned) (*p++ - '0');
	if (!a || !b || (sep != '/' && sep != '.' && sep != '-'))
		return "write dates as YYYY-MM-DD or pass --date-format";
	if (sep == '.')
		return "pass --date-format D.M.Y";
	if (a > 12)
		return sep == '/' ? "pass --date-format D/M/Y" : "pass --date-format D-M-Y";
	if (b > 12)
		return sep == '/' ? "pass --date-format M/D/Y" : "pass --date-format M-D-Y";
	return sep == '/' ? "pass --date-format M/D/Y (US) or D/M/Y"
	                  : "pass --date-format M-D-Y or D-M-Y";
}

/* ---- columns and the mapping -------------------------------------------- */

enum target_table { TT_CONTACTS, TT_TIES, TT_LOG };

/* One mapped target in one file: the columns it joins. */
struct mapped {
	const char *target;
	long col[8];
	size_t ncols;
};

struct file_state {
	struct rn_import *im;
	const struct rn_csv_import_options *opts;
	struct rn_diag *diag;
	const char *display;
	enum target_table tt;
	const char *source;

	size_t ncols;
	char **head;            /* header text */
	int *used;              /* the column feeds a mapped target */
	struct mapped *m;
	size_t nm;
	unsigned char *map_found;   /* per --map entry: found in some file */
	size_t rows, skipped;
	char *buf;
	size_t buf_cap;
	struct kind_map { const char *text; size_t n; const char *kind; } *kinds;
	size_t nkinds;
	enum rn_status st;
};

static const char *const log_kinds[] = {
	"referral", "intro", "ask", "pitch", "touch", "meeting", "thanks", "gift"
};

/* The column whose header is name (trimmed, case-insensitive), or -1. */
static long header_col(const struct file_state *fs, const char *name, size_t n)
{
	name = rn_text_trim(name, &n);
	for (size_t i = 0; i < fs->ncols; i++) {
		size_t hn = strlen(fs->head[i]);
		const char *h = rn_text_trim(fs->head[i], &hn);
		if (hn == n && strncasecmp(h, name, n) == 0)
			return (long) i;
	}
	return -1;
}

/* Targets that belong to each table; the log also takes a/b as from/to. */
static const char *canon_target(enum target_table tt, const char *t)
{
	static const char *const contacts[] = { "id", "name", "email", "url", "company", "stage",
	                                        "offers", "needs", "phone", "city", "notes", "position" };
	static const char *const ties[] = { "a", "b", "strength", "since", "last_contact", "note" };
	static const char *const logc[] = { "date", "from", "to", "kind", "about", "value", "status",
	                                     "note" };
	if (tt == TT_LOG) {
		if (strcasecmp(t, "a") == 0)
			return "from";
		if (strcasecmp(t, "b") == 0)
			return "to";
	}
	const char *const *list = tt == TT_CONTACTS ? contacts : tt == TT_TIES ? ties : logc;
	size_t n = tt == TT_CONTACTS ? RN_ARRAY_LEN(contacts) : tt == TT_TIES ? RN_ARRAY_LEN(ties)
	                                                                       : RN_ARRAY_LEN(logc);
	for (size_t i = 0; i < n; i++)
		if (strcasecmp(list[i], t) == 0)
			return list[i];
	return NULL;
}

/* The mapped target's index in fs->m, or -1. */
static long target_at(const struct file_state *fs, const char *target)
{
	for (size_t i = 0; i < fs->nm; i++)
		if (strcmp(fs->m[i].target, target) == 0)
			return (long) i;
	return -1;
}

static enum rn_status setup_columns(struct file_state *fs, const struct rn_csv_record *rec)
{
	const struct rn_csv_import_options *o = fs->opts;
	fs->ncols = rec->nfields;
	fs->head = calloc(rec->nfields + 1, sizeof(*fs->head));
	fs->used = calloc(rec->nfields + 1, sizeof(*fs->used));
	fs->m = calloc(o->nmap + 16, sizeof(*fs->m));
	if (!fs->head || !fs->used || !fs->m)
		return RN_E_INTERNAL;
	for (size_t i = 0; i < rec->nfields; i++) {
		size_t n = rec->len[i];
		const char *h = rn_text_trim(rec->field[i], &n);
		if (!(fs->head[i] = strndup(h, n)))
			return RN_E_INTERNAL;
	}
	/* The --map entries whose columns are all in this file. */
	for (size_t k = 0; k < o->nmap; k++) {
		const char *t = canon_target(fs->tt, o->map[k].target);
		if (!t) {
			if (fs->tt != TT_CONTACTS)
				continue;
			t = o->map[k].target;   /* any other contact column, renamed */
		}
		struct mapped mp = { .target = t };
		const char *p = o->map[k].source;
		int all = 1;
		while (*p && all) {
			const char *plus = strchr(p, '+');
			size_t n = plus ? (size_t) (plus - p) : strlen(p);
			long c = header_col(fs, p, n);
			if (c < 0 || mp.ncols == RN_ARRAY_LEN(mp.col))
				all = 0;
			else
				mp.col[mp.ncols++] = c;
			p = plus ? plus + 1 : p + n;
		}
		if (!all || !mp.ncols || target_at(fs, t) >= 0)
			continue;
		for (size_t j = 0; j < mp.ncols; j++)
			fs->used[mp.col[j]] = 1;
		fs->m[fs->nm++] = mp;
		fs->map_found[k] = 1;
	}
	/* Columns already named as refnet names them need no mapping. */
	for (size_t i = 0; i < fs->ncols; i++) {
		if (fs->used[i])
			continue;
		char low[64];
		size_t n = 0;
		for (const char *h = fs->head[i]; *h && n + 1 < sizeof(low); h++)
			low[n++] = (char) (*h == ' ' || *h == '-' ? '_' : (*h >= 'A' && *h <= 'Z' ? *h + 32 : *h));
		low[n] = '\0';
		const char *t = canon_target(fs->tt, strcmp(low, "e_mail") == 0 ? "email" : low);
		if (fs->tt == TT_LOG && (strcmp(low, "a") == 0 || strcmp(low, "b") == 0))
			t = NULL;
		if (!t || target_at(fs, t) >= 0)
			continue;
		struct mapped mp = { .target = t, .col = { (long) i }, .ncols = 1 };
		fs->used[i] = 1;
		fs->m[fs->nm++] = mp;
	}
	return RN_OK;
}

/* The mapped target's text in rec (columns joined by a space) or "". */
static const char *get(struct file_state *fs, const struct rn_csv_record *rec, const char *target,
                       long *col)
{
	long at = target_at(fs, target);
	if (col)
		*col = at >= 0 ? fs->m[at].col[0] : -1;
	if (at < 0)
		return "";
	const struct mapped *mp = &fs->m[at];
	if (mp->ncols == 1) {
		long c = mp->col[0];
		if ((size_t) c >= rec->nfields || rec->bad[c])
			return "";
		size_t n = rec->len[c];
		const char *s = rn_text_trim(rec->field[c], &n);
		rec->field[c][(s - rec->field[c]) + n] = '\0';
		return s;
	}
	size_t need = 1;
	for (size_t j = 0; j < mp->ncols; j++)
		need += rec->len[mp->col[j]] + 1;
	if (need > fs->buf_cap) {
		char *b = realloc(fs->buf, need);
		if (!b) {
			fs->st = RN_E_INTERNAL;
			return "";
		}
		fs->buf = b;
		fs->buf_cap = need;
	}
	size_t k = 0;
	for (size_t j = 0; j < mp->ncols; j++) {
		long c = mp->col[j];
		if ((size_t) c >= rec->nfields || rec->bad[c])
			continue;
		size_t n = rec->len[c];
		const char *s = rn_text_trim(rec->field[c], &n);
		if (!n)
			continue;
		if (k)
			fs->buf[k++] = ' ';
		memcpy(fs->buf + k, s, n);
		k += n;
	}
	fs->buf[k] = '\0';
	return fs->buf;
}

/* The unmapped columns of rec as fields (at most 64 are kept per row). */
static size_t extras(struct file_state *fs, const struct rn_csv_record *rec,
                     struct rn_import_field *f, size_t cap)
{
	size_t k = 0;
	for (size_t i = 0; i < fs->ncols && i < rec->nfields && k < cap; i++) {
		if (fs->used[i] || !*fs->head[i])
			continue;
		f[k++] = (struct rn_import_field) { fs->head[i], rec->bad[i] ? "" : rec->field[i] };
	}
	return k;
}

static void skip(struct file_state *fs)
{
	fs->skipped++;
}

/* ---- contacts ----------------------------------------------------------- */

static enum rn_status contact_row(void *vctx, const struct rn_csv_record *rec)
{
	struct file_state *fs = vctx;
	if (rec->index == 0)
		return setup_columns(fs, rec);
	fs->rows++;
	struct rn_import_field f[96];
	size_t nf = 0;
	static const char *const plain[] = { "stage", "offers", "needs", "phone", "city", "notes",
	                                     "position" };
	for (size_t i = 0; i < RN_ARRAY_LEN(plain); i++)
		if (target_at(fs, plain[i]) >= 0) {
			const char *v = get(fs, rec, plain[i], NULL);
			f[nf++] = (struct rn_import_field) { plain[i], strdup(v) };
		}
	/* Other renamed targets (--map phone_2=Mobile). */
	for (size_t i = 0; i < fs->nm && nf < 32; i++) {
		const char *t = fs->m[i].target;
		if (canon_target(TT_CONTACTS, t))
			continue;
		f[nf++] = (struct rn_import_field) { t, strdup(get(fs, rec, t, NULL)) };
	}
	size_t nown = nf;
	nf += extras(fs, rec, f + nf, RN_ARRAY_LEN(f) - nf);
	char *id = strdup(get(fs, rec, "id", NULL));
	char *name = strdup(get(fs, rec, "name", NULL));
	char *email = strdup(get(fs, rec, "email", NULL));
	char *url = strdup(get(fs, rec, "url", NULL));
	char *company = strdup(get(fs, rec, "company", NULL));
	enum rn_status st = RN_OK;
	int oom = !id || !name || !email || !url || !company;
	for (size_t i = 0; i < nown; i++)
		oom |= !f[i].val;
	if (oom) {
		st = RN_E_INTERNAL;
	} else if (!*id && !*name && !*email && !*url) {
		int blank = 1;
		for (size_t i = 0; i < rec->nfields; i++)
			blank &= rec->len[i] == 0;
		if (!blank) {
			rn_diag_warn(fs->diag, fs->display, rec->line0, 0,
			             "row has no id, name, e-mail or URL: not imported");
			skip(fs);
		}
	} else {
		struct rn_import_person p = {
			.id = *id ? id : NULL, .name = name, .email = email, .url = url,
			.company = company, .fields = f, .nfields = nf, .source = fs->source,
			.file = fs->display, .line = rec->line0
		};
		int64_t idx;
		st = rn_import_add_person(fs->im, &p, &idx);
	}
	for (size_t i = 0; i < nown; i++)
		free((char *) f[i].val);
	free(id);
	free(name);
	free(email);
	free(url);
	free(company);
	return st;
}

/* The contact a tie or log row names; adds one (with a warning) when
 * nobody has that id, e-mail or name.  -1 when the cell is empty or the
 * name is ambiguous (reported). */
static int64_t person_of(struct file_state *fs, const struct rn_csv_record *rec, const char *text,
                         long col)
{
	if (!*text) {
		rn_diag_warn(fs->diag, fs->display, rec->line0, col + 1, "empty person: row not imported");
		return -1;
	}
	int64_t r = rn_import_lookup(fs->im, text);
	if (r == -2) {
		rn_diag_warn(fs->diag, fs->display, rec->line0, col + 1,
		             "'%s' fits more than one contact: row not imported (use the id)", text);
		return -1;
	}
	if (r >= 0)
		return r;
	struct rn_import_person p = {
		.name = strchr(text, '@') ? NULL : text, .email = strchr(text, '@') ? text : NULL,
		.source = fs->source, .file = fs->display, .line = rec->line0
	};
	if (rn_import_add_person(fs->im, &p, &r) != RN_OK) {
		fs->st = RN_E_INTERNAL;
		return -1;
	}
	rn_diag_warn(fs->diag, fs->display, rec->line0, col + 1,
	             "'%s' is not in the contacts: added as '%s'", text,
	             r >= 0 ? rn_import_contact_id(fs->im, r) : "?");
	return r;
}

static int read_date(struct file_state *fs, const struct rn_csv_record *rec, const char *target,
                     int *days, int required)
{
	long col;
	const char *v = get(fs, rec, target, &col);
	*days = RN_NO_DATE;
	if (!*v) {
		if (required)
			rn_diag_error(fs->diag, fs->display, rec->line0, col + 1, "empty %s", target);
		return required ? -1 : 0;
	}
	if (rn_import_date(v, fs->opts->date_format, days) == 0)
		return 0;
	if (!fs->opts->date_format && rn_import_date(v, NULL, days) == 0)
		return 0;
	rn_diag_error(fs->diag, fs->display, rec->line[col], col + 1, "'%s' is not a date%s%s: %s",
	              v, fs->opts->date_format ? " in the format " : "",
	              fs->opts->date_format ? fs->opts->date_format : "",
	              fs->opts->date_format ? "check --date-format" : date_hint(v));
	return -1;
}

static enum rn_status tie_row(void *vctx, const struct rn_csv_record *rec)
{
	struct file_state *fs = vctx;
	if (rec->index == 0) {
		enum rn_status st = setup_columns(fs, rec);
		if (st == RN_OK && (target_at(fs, "a") < 0 || target_at(fs, "b") < 0))
			rn_diag_error(fs->diag, fs->display, rec->line0, 0, "no columns for the two "
			              "people of a tie: name them with --map 'a=COLUMN,b=COLUMN'");
		return st;
	}
	if (target_at(fs, "a") < 0 || target_at(fs, "b") < 0)
		return RN_OK;
	fs->rows++;
	long ca, cb;
	const char *va = get(fs, rec, "a", &ca);
	char *a_text = strdup(va);
	const char *vb = get(fs, rec, "b", &cb);
	char *b_text = strdup(vb);
	if (!a_text || !b_text) {
		free(a_text);
		free(b_text);
		return RN_E_INTERNAL;
	}
	int64_t a = person_of(fs, rec, a_text, ca), b = a >= 0 ? person_of(fs, rec, b_text, cb) : -1;
	free(a_text);
	free(b_text);
	if (a < 0 || b < 0 || a == b) {
		if (a >= 0 && a == b)
			rn_diag_warn(fs->diag, fs->display, rec->line0, cb + 1,
			             "a tie of a person with themselves: not imported");
		skip(fs);
		return fs->st;
	}
	struct rn_import_tie t = { .a = a, .b = b, .since = RN_NO_DATE, .last = RN_NO_DATE };
	long cs;
	const char *sv = get(fs, rec, "strength", &cs);
	if (*sv) {
		double x;
		if (rn_import_number(sv, fs->opts->decimal_comma, &x) != 0 || !(x > 0 && x <= 1)) {
			rn_diag_error(fs->diag, fs->display, rec->line[cs], cs + 1,
			              "strength '%s' is not a number in (0, 1]%s", sv,
			              strchr(sv, ',') && !fs->opts->decimal_comma
			                  ? " (pass --decimal-comma for 0,8)" : "");
			return RN_OK;
		}
		t.strength = x;
	}
	if (read_date(fs, rec, "since", &t.since, 0) < 0 ||
	    read_date(fs, rec, "last_contact", &t.last, 0) < 0)
		return RN_OK;
	struct rn_import_field f[64];
	size_t nf = 0;
	if (target_at(fs, "note") >= 0)
		f[nf++] = (struct rn_import_field) { "note", get(fs, rec, "note", NULL) };
	nf += extras(fs, rec, f + nf, RN_ARRAY_LEN(f) - nf);
	t.fields = f;
	t.nfields = nf;
	/* The pair listed again (B,A after A,B): one tie, and said so. */
	if (rn_import_has_tie(fs->im, a, b))
		rn_diag_warn(fs->diag, fs->display, rec->line0, 0,
		             "%s (%s) and %s (%s) are already a tie in this import: merged into "
		             "it (the higher strength, the earlier since, the later last contact; "
		             "the other cells as first given)", rn_import_contact_name(fs->im, a),
		             rn_import_contact_id(fs->im, a), rn_import_contact_name(fs->im, b),
		             rn_import_contact_id(fs->im, b));
	return rn_import_add_tie(fs->im, &t);
}

/* The log kind the sheet's word stands for, or NULL. */
static const char *kind_of(const struct file_state *fs, const char *v)
{
	size_t n = strlen(v);
	for (size_t i = 0; i < fs->nkinds; i++)
		if (fs->kinds[i].n == n && strncasecmp(fs->kinds[i].text, v, n) == 0)
			return fs->kinds[i].kind;
	for (size_t i = 0; i < RN_ARRAY_LEN(log_kinds); i++)
		if (strcasecmp(log_kinds[i], v) == 0)
			return log_kinds[i];
	return NULL;
}

static enum rn_status log_row(void *vctx, const struct rn_csv_record *rec)
{
	struct file_state *fs = vctx;
	static const char *const need[] = { "date", "from", "to", "kind" };
	if (rec->index == 0) {
		enum rn_status st = setup_columns(fs, rec);
		for (size_t i = 0; st == RN_OK && i < RN_ARRAY_LEN(need); i++)
			if (target_at(fs, need[i]) < 0) {
				rn_diag_error(fs->diag, fs->display, rec->line0, 0,
				              "no '%s' column in the log: name it with --map %s=COLUMN%s",
				              need[i], need[i],
				              i == 1 || i == 2 ? " (or --map 'a=Giver,b=Receiver')" : "");
			}
		return st;
	}
	for (size_t i = 0; i < RN_ARRAY_LEN(need); i++)
		if (target_at(fs, need[i]) < 0)
			return RN_OK;
	fs->rows++;
	int date;
	if (read_date(fs, rec, "date", &date, 1) < 0)
		return RN_OK;
	long ck;
	const char *kv = get(fs, rec, "kind", &ck);
	const char *kind = kind_of(fs, kv);
	if (!kind) {
		rn_diag_error(fs->diag, fs->display, rec->line[ck], ck + 1,
		              "unknown kind '%s': map it with --kinds '%s=referral' (kinds: referral, "
		              "intro, ask, pitch, touch, meeting, thanks, gift)", kv, kv);
		return RN_OK;
	}
	char value[64] = "";
	long cv;
	const char *vv = get(fs, rec, "value", &cv);
	if (*vv) {
		double x;
		if (rn_import_number(vv, fs->opts->decimal_comma, &x) != 0 || x < 0) {
			rn_diag_error(fs->diag, fs->display, rec->line[cv], cv + 1,
			              "value '%s' is not a non-negative amount%s", vv,
			              !fs->opts->decimal_comma && strchr(vv, ',') && !strchr(vv, '.')
			                  ? " (pass --decimal-comma for 1.234,50)" : "");
			return RN_OK;
		}
		snprintf(value, sizeof(value), "%.2f", x);
		/* 9600.00 -> 9600, 12.50 -> 12.5: the shortest form. */
		char *dot = strchr(value, '.');
		if (dot) {
			char *e = value + strlen(value);
			while (e > dot && (e[-1] == '0'))
				*--e = '\0';
			if (e[-1] == '.')
				e[-1] = '\0';
		}
	}
	long cf, ct;
	char *from_t = strdup(get(fs, rec, "from", &cf));
	char *to_t = strdup(get(fs, rec, "to", &ct));
	if (!from_t || !to_t) {
		free(from_t);
		free(to_t);
		return RN_E_INTERNAL;
	}
	int64_t from = person_of(fs, rec, from_t, cf);
	int64_t to = from >= 0 ? person_of(fs, rec, to_t, ct) : -1;
	free(from_t);
	free(to_t);
	if (from < 0 || to < 0 || from == to) {
		if (from >= 0 && from == to)
			rn_diag_warn(fs->diag, fs->display, rec->line0, ct + 1,
			             "from and to are the same person: not imported");
		skip(fs);
		return fs->st;
	}
	struct rn_import_field f[64];
	size_t nf = 0;
	if (*value)
		f[nf++] = (struct rn_import_field) { "value", value };
	static const char *const more[] = { "about", "status", "note" };
	char *own[3] = { NULL };
	for (size_t i = 0; i < RN_ARRAY_LEN(more); i++)
		if (target_at(fs, more[i]) >= 0) {
			own[i] = strdup(get(fs, rec, more[i], NULL));
			if (!own[i])
				fs->st = RN_E_INTERNAL;
			f[nf++] = (struct rn_import_field) { more[i], own[i] };
		}
	nf += extras(fs, rec, f + nf, RN_ARRAY_LEN(f) - nf);
	enum rn_status st = fs->st != RN_OK ? fs->st
	                    : rn_import_add_event(fs->im, date, from, to, kind, f, nf);
	for (size_t i = 0; i < 3; i++)
		free(own[i]);
	if (st == RN_OK && fs->opts->ties_from_log) {
		struct rn_import_tie t = { .a = from, .b = to, .since = date, .last = date,
		                           .basis = "from the log" };
		st = rn_import_add_tie(fs->im, &t);
	}
	return st;
}

static enum rn_status parse_kinds(struct file_state *fs, const char *spec, struct rn_diag *diag)
{
	if (!spec)
		return RN_OK;
	size_t n = 1;
	for (const char *p = spec; *p; p++)
		n += *p == ',';
	fs->kinds = calloc(n, sizeof(*fs->kinds));
	if (!fs->kinds)
		return RN_E_INTERNAL;
	for (const char *p = spec; *p;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t) (comma - p) : strlen(p);
		const char *eq = memchr(p, '=', len);
		if (!eq) {
			rn_diag_error(diag, NULL, 0, 0, "--kinds wants TEXT=KIND pairs, got '%.*s'",
			              (int) len, p);
			return RN_E_USAGE;
		}
		size_t tn = (size_t) (eq - p), kn = len - tn - 1;
		const char *t = rn_text_trim(p, &tn), *k = rn_text_trim(eq + 1, &kn);
		const char *kind = NULL;
		for (size_t i = 0; i < RN_ARRAY_LEN(log_kinds); i++)
			if (strlen(log_kinds[i]) == kn && strncasecmp(log_kinds[i], k, kn) == 0)
				kind = log_kinds[i];
		if (!kind) {
			rn_diag_error(diag, NULL, 0, 0, "--kinds: '%.*s' is not a log kind (referral, "
			              "intro, ask, pitch, touch, meeting, thanks, gift)", (int) kn, k);
			return RN_E_USAGE;
		}
		fs->kinds[fs->nkinds++] = (struct kind_map) { t, tn, kind };
		p = comma ? comma + 1 : p + len;
	}
	return RN_OK;
}

static void file_state_release(struct file_state *fs)
{
	for (size_t i = 0; fs->head && i < fs->ncols; i++)
		free(fs->head[i]);
	free(fs->head);
	free(fs->used);
	free(fs->m);
	free(fs->buf);
	free(fs->kinds);
}

/* The first line among the first 1000 with a field that reads name[0..n), or 0. */
static long line_with_field(const struct rn_sheet *sh, const char *name, size_t n)
{
	name = rn_text_trim(name, &n);
	const char *p = sh->buf, *end = sh->buf + sh->len;
	for (long ln = 1; p < end && ln <= 1000; ln++) {
		const char *nl = memchr(p, '\n', (size_t) (end - p));
		const char *e = nl ? nl : end;
		for (const char *f = p; f < e;) {
			const char *d = memchr(f, sh->delim, (size_t) (e - f));
			const char *fe = d ? d : e;
			size_t fl = (size_t) (fe - f);
			const char *t = rn_text_trim(f, &fl);
			if (fl >= 2 && t[0] == '"' && t[fl - 1] == '"')
				t++, fl -= 2;
			if (fl == n && strncasecmp(t, name, n) == 0)
				return ln;
			f = d ? d + 1 : e;
		}
		p = nl ? nl + 1 : end;
	}
	return 0;
}

static enum rn_status read_one(struct rn_import *im, const struct rn_csv_import_options *o,
                               const char *path, enum target_table tt, unsigned char *found,
                               struct rn_diag *diag)
{
	struct file_state fs = {
		.im = im, .opts = o, .diag = diag, .display = path, .tt = tt, .map_found = found,
		.source = o->source
	};
	struct rn_sheet sh;
	char *buf;
	size_t len;
	memset(&sh, 0, sizeof(sh));
	if (!fs.source) {
		const char *b = strrchr(path, '/');
		fs.source = b ? b + 1 : path;
	}
	enum rn_status st = parse_kinds(&fs, tt == TT_LOG ? o->kinds : NULL, diag);
	if (st == RN_OK)
		st = rn_sheet_slurp(path, path, &buf, &len, diag);
	if (st == RN_OK) {
		struct rn_sheet_options so = { .encoding = o->encoding, .delim = o->delim };
		st = rn_sheet_prepare(&sh, buf, len, path, &so, diag);
	}
	if (st == RN_OK) {
		rn_sheet_record_fn fn = tt == TT_CONTACTS ? contact_row : tt == TT_TIES ? tie_row : log_row;
		st = rn_sheet_read(&sh, path, diag, fn, &fs);
		if (st == RN_OK)
			st = fs.st;
	}
	/* A mapped column that is not in the header but on another line: the
	 * header was looked for in the wrong place; say where it seems to be. */
	for (size_t k = 0; st == RN_OK && sh.buf && k < o->nmap; k++) {
		if (found[k])
			continue;
		const char *src = o->map[k].source, *plus = strchr(src, '+');
		size_t n = plus ? (size_t) (plus - src) : strlen(src);
		long at = line_with_field(&sh, src, n);
		if (at > 0 && at != sh.header_line) {
			rn_diag_error(diag, path, at, 0, "the header seems to be on line %ld (column "
			              "'%.*s' of --map %s is there), not on line %ld: delete the lines "
			              "above it", at, (int) n, src, o->map[k].target, sh.header_line);
			found[k] = 1;
		}
	}
	rn_import_count(im, fs.rows, 0, fs.skipped);
	rn_sheet_release(&sh);
	file_state_release(&fs);
	return st;
}

enum rn_status rn_import_csv(struct rn_import *im, const struct rn_csv_import_options *opts,
                             struct rn_diag *diag)
{
	unsigned char *found = calloc(opts->nmap + 1, 1);
	enum rn_status st = RN_OK;
	if (!found)
		return RN_E_INTERNAL;
	/* Contacts first: ties and the log name people the contacts define. */
	if (opts->contacts)
		st = read_one(im, opts, opts->contacts, TT_CONTACTS, found, diag);
	if (st == RN_OK && opts->ties)
		st = read_one(im, opts, opts->ties, TT_TIES, found, diag);
	if (st == RN_OK && opts->log)
		st = read_one(im, opts, opts->log, TT_LOG, found, diag);
	for (size_t k = 0; st == RN_OK && k < opts->nmap; k++) {
		if (found[k])
			continue;
		rn_diag_error(diag, NULL, 0, 0, "--map %s=%s: no input file has %s '%s' (check the "
		              "header's spelling; the header line is found as reported above)",
		              opts->map[k].target, opts->map[k].source,
		              strchr(opts->map[k].source, '+') ? "all the columns of" : "a column",
		              opts->map[k].source);
		st = RN_E_DATA;
	}
	free(found);
	return st;
}

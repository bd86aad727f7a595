/*
 * What every import reader needs before it can read a row: the file in
 * memory as UTF-8 (Windows-1252, Latin-1 and UTF-16 converted with iconv,
 * and said so), the delimiter (',' ';' or tab, detected and named), and
 * the header line, which in real exports is not always line 1 (a LinkedIn
 * "Notes:" preamble, a title row above a roster).  Records are then read
 * by the project's CSV reader with line numbers as in the original file.
 *
 * Also the two small text helpers the matching rules use: a normalised
 * profile URL and a readable id slug.  Nothing here knows about contacts.
 */
#include "refnet/import.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "refnet/csv.h"
#include "refnet/text.h"

void rn_sheet_release(struct rn_sheet *s)
{
	if (!s)
		return;
	free(s->buf);
	memset(s, 0, sizeof(*s));
}

enum rn_status rn_sheet_slurp(const char *path, const char *display, char **buf, size_t *len,
                              struct rn_diag *diag)
{
	struct stat st;
	FILE *f = NULL;
	char *b = NULL;
	size_t n = 0, cap = 0;

	*buf = NULL;
	*len = 0;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		rn_diag_error(diag, NULL, 0, 0, "cannot read '%s': %s", display, strerror(EISDIR));
		return RN_E_NOINPUT;
	}
	f = fopen(path, "rb");
	if (!f) {
		rn_diag_error(diag, NULL, 0, 0, "cannot open '%s': %s", display, strerror(errno));
		return RN_E_NOINPUT;
	}
	cap = S_ISREG(st.st_mode) && st.st_size > 0 ? (size_t) st.st_size + 1 : 65536;
	for (;;) {
		if (n + 1 >= cap || !b) {
			size_t nc = b ? cap * 2 : cap;
			char *nb = realloc(b, nc);
			if (!nb) {
				free(b);
				fclose(f);
				return RN_E_INTERNAL;
			}
			b = nb;
			cap = nc;
		}
		size_t k = fread(b + n, 1, cap - n - 1, f);
		n += k;
		if (k == 0)
			break;
	}
	if (ferror(f)) {
		rn_diag_error(diag, NULL, 0, 0, "cannot read '%s': %s", display,
		              strerror(errno ? errno : EIO));
		free(b);
		fclose(f);
		return RN_E_NOINPUT;
	}
	fclose(f);
	b[n] = '\0';
	*buf = b;
	*len = n;
	return RN_OK;
}

/* Convert buf from encoding `from` to UTF-8; NULL when a byte does not convert. */
static char *convert(const char *buf, size_t len, const char *from, size_t *outlen, int *oom)
{
	iconv_t cd = iconv_open("UTF-8", from);
	*oom = 0;
	if (cd == (iconv_t) -1)
		return NULL;
	size_t cap = len * 3 + 4;
	char *out = malloc(cap);
	if (!out) {
		iconv_close(cd);
		*oom = 1;
		return NULL;
	}
	char *in = (char *) buf, *o = out;
	size_t inleft = len, oleft = cap - 1;
	size_t r = iconv(cd, &in, &inleft, &o, &oleft);
	iconv_close(cd);
	if (r == (size_t) -1) {
		free(out);
		return NULL;
	}
	*o = '\0';
	*outlen = (size_t) (o - out);
	return out;
}

static const char *iconv_name(const char *enc)
{
	char low[32];
	size_t i = 0;
	for (; enc[i] && i + 1 < sizeof(low); i++) {
		char c = enc[i];
		low[i] = (char) (c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	low[i] = '\0';
	if (!strcmp(low, "utf-8") || !strcmp(low, "utf8"))
		return "UTF-8";
	if (!strcmp(low, "cp1252") || !strcmp(low, "windows-1252") || !strcmp(low, "win1252"))
		return "CP1252";
	if (!strcmp(low, "latin1") || !strcmp(low, "latin-1") || !strcmp(low, "iso-8859-1"))
		return "ISO-8859-1";
	if (!strcmp(low, "utf-16") || !strcmp(low, "utf16"))
		return "UTF-16";
	return NULL;
}

/* Fields on one line separated by d, quotes respected (a quoted field
 * running past the line counts as one). */
static size_t count_delims(const char *s, size_t n, char d)
{
	size_t k = 0;
	int q = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"')
			q = !q;
		else if (!q && s[i] == d)
			k++;
	}
	return k;
}

/* The next line of s[pos..n): its start and length without CR/LF. */
static int next_line(const char *s, size_t n, size_t *pos, const char **line, size_t *len)
{
	if (*pos >= n)
		return 0;
	const char *p = s + *pos;
	const char *nl = memchr(p, '\n', n - *pos);
	size_t k = nl ? (size_t) (nl - p) : n - *pos;
	*line = p;
	*len = k;
	while (*len && (p[*len - 1] == '\r'))
		(*len)--;
	*pos += k + (nl ? 1 : 0);
	return 1;
}

#define SNIFF_LINES 50

/*
 * The delimiter: of ',' ';' and tab, the one that splits the most of the
 * first lines into the same number of fields (more than one), preferring
 * more fields, then the order above.
 */
static char sniff_delim(const char *s, size_t n)
{
	static const char cand[3] = { ',', ';', '\t' };
	size_t best_score = 0, best_fields = 0;
	char best = ',';
	for (int c = 0; c < 3; c++) {
		size_t counts[SNIFF_LINES], nl = 0, pos = 0, len;
		const char *line;
		while (nl < SNIFF_LINES && next_line(s, n, &pos, &line, &len)) {
			if (len == 0)
				continue;
			counts[nl++] = count_delims(line, len, cand[c]);
		}
		/* The most frequent non-zero count and how often it occurs. */
		size_t mode = 0, freq = 0;
		for (size_t i = 0; i < nl; i++) {
			if (!counts[i])
				continue;
			size_t f = 0;
			for (size_t j = 0; j < nl; j++)
				f += counts[j] == counts[i];
			if (f > freq || (f == freq && counts[i] > mode))
				mode = counts[i], freq = f;
		}
		if (freq > best_score || (freq == best_score && freq && mode > best_fields)) {
			best_score = freq;
			best_fields = mode;
			best = cand[c];
		}
	}
	return best;
}

/* Non-empty fields on one line split at d (quotes respected). */
static size_t filled_fields(const char *s, size_t n, char d)
{
	size_t k = 0;
	int q = 0, content = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '"') {
			q = !q;
			content = 1;
		} else if (!q && c == d) {
			k += content;
			content = 0;
		} else if (c != ' ' && c != '\t') {
			content = 1;
		}
	}
	return k + content;
}

/*
 * Without a header test: the first line with more than half as many filled
 * fields as the fullest of the first lines (a title row or a blank row
 * above the table has fewer; Excel pads them with delimiters, so counting
 * delimiters alone does not tell).
 */
static int find_table_start(const char *s, size_t n, char d, size_t *off, long *line_no)
{
	size_t filled[SNIFF_LINES], offs[SNIFF_LINES], most = 0;
	long lines[SNIFF_LINES];
	size_t nl = 0, pos = 0, len;
	long ln = 0;
	const char *line;
	while (nl < SNIFF_LINES) {
		size_t at = pos;
		if (!next_line(s, n, &pos, &line, &len))
			break;
		ln++;
		filled[nl] = filled_fields(line, len, d);
		offs[nl] = at;
		lines[nl] = ln;
		if (filled[nl] > most)
			most = filled[nl];
		nl++;
	}
	for (size_t i = 0; i < nl; i++) {
		if (filled[i] && 2 * filled[i] > most) {
			*off = offs[i];
			*line_no = lines[i];
			return 0;
		}
	}
	return -1;
}

enum rn_status rn_sheet_prepare(struct rn_sheet *s, char *buf, size_t len, const char *display,
                                const struct rn_sheet_options *opts, struct rn_diag *diag)
{
	memset(s, 0, sizeof(*s));
	s->encoding = "UTF-8";
	const char *want = NULL;
	int utf16 = len >= 2 && (((unsigned char) buf[0] == 0xff && (unsigned char) buf[1] == 0xfe) ||
	                         ((unsigned char) buf[0] == 0xfe && (unsigned char) buf[1] == 0xff));

	if (opts->encoding) {
		want = iconv_name(opts->encoding);
		if (!want) {
			rn_diag_error(diag, display, 0, 0, "unknown encoding '%s' (use utf-8, cp1252, "
			              "latin1 or utf-16)", opts->encoding);
			free(buf);
			return RN_E_DATA;
		}
	} else if (utf16) {
		want = "UTF-16";
		rn_diag_warn(diag, display, 0, 0, "this file is UTF-16 (Excel's \"Unicode text\"): "
		             "read as such");
	} else {
		size_t at;
		enum rn_text_problem p = rn_text_check(buf, len, &at);
		if (p == RN_TEXT_BAD_UTF8) {
			/* Windows-1252 is Latin-1 with printable characters in
			 * 0x80-0x9f; the few bytes it leaves undefined fall back
			 * to Latin-1 below. */
			want = "CP1252";
			rn_diag_warn(diag, display, 0, 0, "this file looks like Windows-1252, not UTF-8 "
			             "(byte %zu): converted; re-save it as CSV UTF-8, or pass "
			             "--encoding cp1252 to say so", at + 1);
		}
	}
	if (want && strcmp(want, "UTF-8") != 0) {
		size_t n2 = 0;
		int oom;
		char *u = convert(buf, len, want, &n2, &oom);
		if (!u && !oom && !opts->encoding && strcmp(want, "CP1252") == 0) {
			want = "ISO-8859-1";
			u = convert(buf, len, want, &n2, &oom);
		}
		if (!u) {
			free(buf);
			if (oom)
				return RN_E_INTERNAL;
			rn_diag_error(diag, display, 0, 0, "this file cannot be read as %s: re-save it "
			              "as CSV UTF-8", want);
			return RN_E_DATA;
		}
		free(buf);
		buf = u;
		len = n2;
		s->encoding = want;
	}
	s->buf = buf;
	s->len = len;
	size_t start = 0;
	if (len >= 3 && (unsigned char) buf[0] == 0xef && (unsigned char) buf[1] == 0xbb &&
	    (unsigned char) buf[2] == 0xbf)
		start = 3;

	s->delim = opts->delim ? opts->delim : sniff_delim(buf + start, len - start);
	if (!opts->delim && s->delim != ',')
		rn_diag_warn(diag, display, 0, 0, "the delimiter looks like '%s': read with it "
		             "(pass --delimiter to choose)", s->delim == '\t' ? "\\t" : ";");

	if (opts->is_header) {
		size_t pos = start, at, n;
		long ln = 0;
		const char *line;
		for (;;) {
			at = pos;
			if (!next_line(buf, len, &pos, &line, &n)) {
				rn_diag_error(diag, display, 1, 1, "no header line found (%s)",
				              opts->what ? opts->what : "a row of column names");
				return RN_E_DATA;
			}
			ln++;
			if (opts->is_header(opts->ctx, line, n, s->delim))
				break;
			if (ln >= 1000) {
				rn_diag_error(diag, display, 1, 1, "no header line in the first 1000 "
				              "lines (%s)", opts->what ? opts->what : "a row of column names");
				return RN_E_DATA;
			}
		}
		s->header_off = at;
		s->header_line = ln;
	} else {
		if (find_table_start(buf + start, len - start, s->delim, &s->header_off,
		                     &s->header_line) < 0) {
			s->header_off = 0;
			s->header_line = 1;
		}
		s->header_off += start;
		if (s->header_line > 1)
			rn_diag_warn(diag, display, s->header_line, 1, "the header seems to be on "
			             "line %ld: the lines above it are skipped", s->header_line);
	}
	if (s->header_off == 0)
		s->header_off = start;
	return RN_OK;
}

struct shift {
	rn_sheet_record_fn fn;
	void *ctx;
	long offset;
	long *lines;
	size_t cap;
};

static enum rn_status shifted(void *vctx, const struct rn_csv_record *rec)
{
	struct shift *sh = vctx;
	if (rec->nfields > sh->cap) {
		long *l = realloc(sh->lines, rec->nfields * sizeof(*l));
		if (!l)
			return RN_E_INTERNAL;
		sh->lines = l;
		sh->cap = rec->nfields;
	}
	for (size_t i = 0; i < rec->nfields; i++)
		sh->lines[i] = rec->line[i] + sh->offset;
	struct rn_csv_record r = *rec;
	r.line = sh->lines;
	r.line0 = rec->line0 + sh->offset;
	return sh->fn(sh->ctx, &r);
}

enum rn_status rn_sheet_read(const struct rn_sheet *s, const char *display, struct rn_diag *diag,
                             rn_sheet_record_fn fn, void *ctx)
{
	struct shift sh = { fn, ctx, s->header_line - 1, NULL, 0 };
	struct rn_diag tmp;
	rn_diag_init(&tmp);
	enum rn_status st = rn_csv_read_buffer_delim(s->buf + s->header_off, s->len - s->header_off,
	                                             s->delim, display, &tmp, shifted, &sh);
	rn_diag_merge(diag, &tmp, display, s->header_line - 1);
	free(sh.lines);
	return st;
}

char *rn_import_norm_url(const char *url)
{
	size_t n = strlen(url);
	const char *s = rn_text_trim(url, &n);
	const char *p = s, *end = s + n;
	const char *colon = memchr(p, ':', n);
	if (colon && colon + 2 < end && colon[1] == '/' && colon[2] == '/')
		p = colon + 3;
	if (end - p >= 4 && (p[0] | 32) == 'w' && (p[1] | 32) == 'w' && (p[2] | 32) == 'w' &&
	    p[3] == '.')
		p += 4;
	const char *q = p;
	while (q < end && *q != '?' && *q != '#')
		q++;
	end = q;
	while (end > p && end[-1] == '/')
		end--;
	char *out = malloc((size_t) (end - p) + 1);
	if (!out)
		return NULL;
	size_t k = 0;
	for (; p < end; p++)
		out[k++] = (char) (*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
	out[k] = '\0';
	return out;
}

char *rn_import_slug(const char *name)
{
	size_t n = strlen(name);
	/* Apostrophes join a word ("O'Neil" -> "oneil"), not split it. */
	char *tmp = malloc(n + 1), *fold = NULL;
	if (!tmp)
		return NULL;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (name[i] == '\'')
			continue;
		if (i + 2 < n && (unsigned char) name[i] == 0xe2 && (unsigned char) name[i + 1] == 0x80 &&
		    (unsigned char) name[i + 2] == 0x99) {
			i += 2;   /* U+2019 RIGHT SINGLE QUOTATION MARK */
			continue;
		}
		tmp[k++] = name[i];
	}
	tmp[k] = '\0';
	if (rn_text_fold(tmp, k, &fold) != 0) {
		free(tmp);
		return NULL;
	}
	free(tmp);
	for (char *c = fold; *c; c++) {
		if (*c == ' ')
			*c = '-';
		else if (*c == '+' || *c == '#')
			*c = '-';
	}
	/* '+' and '#' kept by folding become '-': trim and squeeze them. */
	size_t w = 0;
	for (size_t r = 0; fold[r]; r++) {
		if (fold[r] == '-' && (w == 0 || fold[w - 1] == '-'))
			continue;
		fold[w++] = fold[r];
	}
	while (w && fold[w - 1] == '-')
		w--;
	fold[w] = '\0';
	if (!w) {
		free(fold);
		return strdup("contact");
	}
	return fold;
}

/*
 * CSV reader over libcsv (strict mode) with physical line tracking.
 *
 * libcsv reports fields and row ends but no positions.  Lines are counted
 * from what it does report: with CSV_REPALL_NL every CR or LF outside a
 * record comes back as a row end without fields, and newlines inside quoted
 * fields are part of the field data.  A CR immediately followed by an LF is
 * one line end (libcsv reports the LF separately, with no fields).
 *
 * This module only reads text; it knows nothing of contacts or ties.
 */
#include "refnet/csv.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "refnet/text.h"

#define RN_CSV_CHUNK ((size_t) 1 << 20)

struct reader {
	struct csv_parser parser;
	const char *display;
	struct rn_diag *diag;
	rn_csv_record_fn fn;
	void *ctx;
	enum rn_status status;   /* first failure; RN_OK while reading goes on */

	long line;               /* physical line of the next byte to be reported */
	int pending_cr;          /* the last row ended with CR; an LF now is its pair */

	/* The record being assembled: field bytes in buf, NUL-separated. */
	char *buf;
	size_t buf_len, buf_cap;
	size_t *off, *len;
	long *fline;
	unsigned char *bad;
	char **ptr;
	size_t nfields, cap;
	int in_record;
	long rec_line;
	int chunk_clean;         /* the chunk being fed is printable ASCII (+ tab, CR, LF) */
	int dirty;               /* a chunk fed since the last record ended was not */

	size_t header_n;
	size_t index;
	size_t expected;
};

static void stop(struct reader *r, enum rn_status st)
{
	if (r->status == RN_OK)
		r->status = st;
}

static long where_line(const struct reader *r)
{
	return r->in_record ? r->rec_line : r->line;
}

static int grow_fields(struct reader *r, size_t want)
{
	if (want <= r->cap)
		return 0;
	size_t cap = r->cap ? r->cap : 16;
	while (cap < want)
		cap *= 2;
	size_t *off = realloc(r->off, cap * sizeof(*off));
	if (off)
		r->off = off;
	size_t *len = realloc(r->len, cap * sizeof(*len));
	if (len)
		r->len = len;
	long *fline = realloc(r->fline, cap * sizeof(*fline));
	if (fline)
		r->fline = fline;
	char **ptr = realloc(r->ptr, cap * sizeof(*ptr));
	if (ptr)
		r->ptr = ptr;
	unsigned char *bad = realloc(r->bad, cap);
	if (bad)
		r->bad = bad;
	if (!off || !len || !fline || !ptr || !bad)
		return -1;
	r->cap = cap;
	return 0;
}

static int append_bytes(struct reader *r, const char *s, size_t n)
{
	if (r->buf_len + n + 1 > r->buf_cap) {
		size_t cap = r->buf_cap ? r->buf_cap : 4096;
		while (cap < r->buf_len + n + 1)
			cap *= 2;
		char *b = realloc(r->buf, cap);
		if (!b)
			return -1;
		r->buf = b;
		r->buf_cap = cap;
	}
	if (n)
		memcpy(r->buf + r->buf_len, s, n);
	r->buf[r->buf_len + n] = '\0';
	r->buf_len += n + 1;
	return 0;
}

/* Physical line ends inside a field: LF, CRLF, or a lone CR. */
static long count_line_ends(const char *s, size_t n)
{
	long k = 0;
	const char *p = s, *end = s + n;
	while (p < end) {
		const char *q = memchr(p, '\n', (size_t) (end - p));
		const char *c = memchr(p, '\r', (size_t) ((q ? q : end) - p));
		while (c) {   /* lone CRs before the next LF */
			if (c + 1 < end && c[1] == '\n')
				break;
			k++;
			c = memchr(c + 1, '\r', (size_t) ((q ? q : end) - (c + 1)));
		}
		if (!q)
			break;
		k++;
		p = q + 1;
	}
	return k;
}

/* Does s[0..n) hold a CR or LF?  Most fields are a few bytes: a loop beats
 * two calls to memchr there. */
static int has_line_end(const char *s, size_t n)
{
	if (n > 32)
		return memchr(s, '\n', n) || memchr(s, '\r', n);
	for (size_t i = 0; i < n; i++)
		if (s[i] == '\n' || s[i] == '\r')
			return 1;
	return 0;
}

static void on_field(void *data, size_t n, void *vr)
{
	struct reader *r = vr;
	if (r->status != RN_OK)
		return;
	if (!r->in_record) {
		r->in_record = 1;
		r->rec_line = r->line;
		r->pending_cr = 0;
	}
	if (r->nfields >= RN_CSV_MAX_FIELDS) {
		rn_diag_error(r->diag, r->display, r->rec_line, (long) r->nfields + 1,
		              "record has more than %d fields", RN_CSV_MAX_FIELDS);
		stop(r, RN_E_DATA);
		return;
	}
	if (n > RN_CSV_MAX_FIELD) {
		rn_diag_error(r->diag, r->display, r->line, (long) r->nfields + 1,
		              "field is longer than %zu bytes", RN_CSV_MAX_FIELD);
		stop(r, RN_E_DATA);
		return;
	}
	if (grow_fields(r, r->nfields + 1) < 0) {
		stop(r, RN_E_INTERNAL);
		return;
	}
	r->off[r->nfields] = r->buf_len;
	r->len[r->nfields] = n;
	r->fline[r->nfields] = r->line;
	if (append_bytes(r, data ? data : "", data ? n : 0) < 0) {
		stop(r, RN_E_INTERNAL);
		return;
	}
	r->nfields++;
	if (n && data && has_line_end(data, n))
		r->line += count_line_ends(data, n);
}

static void emit_record(struct reader *r)
{
	size_t n = r->nfields;

	for (size_t i = 0; i < n; i++) {
		size_t at;
		/* Fields of a record read only from clean chunks need no check. */
		enum rn_text_problem tp = !r->dirty ? RN_TEXT_OK
		                          : rn_text_check(r->buf + r->off[i], r->len[i], &at);
		r->bad[i] = tp != RN_TEXT_OK;
		if (tp != RN_TEXT_OK)
			rn_diag_error(r->diag, r->display,
			              r->fline[i] + count_line_ends(r->buf + r->off[i], at),
			              (long) i + 1, "%s in field (byte %zu of the field)",
			              rn_text_problem_str(tp), at + 1);
	}

	if (r->index == 0) {
		r->header_n = n;
	} else if (n != r->header_n) {
		rn_diag_error(r->diag, r->display, r->rec_line,
		              (long) (n < r->header_n ? n : r->header_n) + 1,
		              "record has %zu field%s, the header has %zu", n,
		              n == 1 ? "" : "s", r->header_n);
		/* Pad with empty fields so the record's id still counts. */
		if (grow_fields(r, r->header_n) < 0) {
			stop(r, RN_E_INTERNAL);
			return;
		}
		while (n < r->header_n) {
			r->off[n] = r->buf_len;
			r->len[n] = 0;
			r->fline[n] = r->rec_line;
			r->bad[n] = 0;
			if (append_bytes(r, "", 0) < 0) {
				stop(r, RN_E_INTERNAL);
				return;
			}
			n++;
		}
		n = r->header_n;
	}
	for (size_t i = 0; i < n; i++)
		r->ptr[i] = r->buf + r->off[i];

	struct rn_csv_record rec = {
		.nfields = n, .field = r->ptr, .len = r->len, .line = r->fline, .bad = r->bad,
		.line0 = r->rec_line, .index = r->index, .expected = r->expected
	};
	enum rn_status st = r->fn(r->ctx, &rec);
	if (st != RN_OK)
		stop(r, st);
	r->index++;
}

static void on_row(int c, void *vr)
{
	struct reader *r = vr;
	if (r->status != RN_OK)
		return;
	if (r->in_record) {
		emit_record(r);
		r->dirty = !r->chunk_clean;
		r->in_record = 0;
		r->nfields = 0;
		r->buf_len = 0;
		r->pending_cr = 0;
	} else if (c == '\n' && r->pending_cr) {
		r->pending_cr = 0;   /* the LF of a CRLF already counted */
		return;
	}
	if (c == '\r') {
		r->line++;
		r->pending_cr = 1;
	} else if (c == '\n') {
		r->line++;
		r->pending_cr = 0;
	}
}

static void report_parse_error(struct reader *r, const char *chunk, size_t n, size_t at)
{
	long col = (long) r->nfields + 1;
	/* libcsv's state 3 (FIELD_MIGHT_HAVE_ENDED): a quoted field was closed. */
	int after_close = r->parser.pstate == 3;
	if (!after_close && at < n && chunk[at] == '"')
		rn_diag_error(r->diag, r->display, where_line(r), col,
		              "quote inside an unquoted field (quote the whole field and "
		              "double the quote: \"say \"\"hi\"\"\")");
	else
		rn_diag_error(r->diag, r->display, where_line(r), col,
		              "text after the closing quote of a field");
}

static int reader_init(struct reader *r, const char *display, struct rn_diag *diag,
                       rn_csv_record_fn fn, void *ctx)
{
	memset(r, 0, sizeof(*r));
	r->display = display;
	r->diag = diag;
	r->fn = fn;
	r->ctx = ctx;
	r->line = 1;
	if (csv_init(&r->parser, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL |
	                          CSV_EMPTY_IS_NULL) != 0)
		return -1;
	/* libcsv grows a field's buffer by blk_size (128 bytes by default): a
	 * long field would be copied thousands of times. */
	csv_set_blk_size(&r->parser, (size_t) 1 << 16);
	return 0;
}

static void reader_release(struct reader *r)
{
	csv_free(&r->parser);
	free(r->buf);
	free(r->off);
	free(r->len);
	free(r->fline);
	free(r->bad);
	free(r->ptr);
}

/* Is s[0..n) all printable ASCII, tab, CR or LF?  Eight bytes at a time. */
static int clean_ascii(const char *s, size_t n)
{
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t w, del;
		memcpy(&w, s + i, 8);
		del = w ^ 0x7f7f7f7f7f7f7f7fULL;
		if (!(w & 0x8080808080808080ULL) &&
		    !((w - 0x2020202020202020ULL) & ~w & 0x8080808080808080ULL) &&
		    !((del - 0x0101010101010101ULL) & ~del & 0x8080808080808080ULL))
			continue;
		for (size_t j = i; j < i + 8; j++) {   /* a control byte: only tab, CR, LF */
			unsigned char c = (unsigned char) s[j];
			if (c >= 0x7f || (c < 0x20 && c != '\t' && c != '\n' && c != '\r'))
				return 0;
		}
	}
	for (; i < n; i++) {
		unsigned char c = (unsigned char) s[i];
		if (c >= 0x7f || (c < 0x20 && c != '\t' && c != '\n' && c != '\r'))
			return 0;
	}
	return 1;
}

/* Feed one chunk; returns 0 to go on, -1 when reading must stop. */
static int feed(struct reader *r, const char *chunk, size_t n)
{
	/* The next record's bytes start in the chunk where the last one ended
	 * (on_row) and may run through this one. */
	r->chunk_clean = clean_ascii(chunk, n);
	r->dirty |= !r->chunk_clean;
	size_t k = csv_parse(&r->parser, chunk, n, on_field, on_row, r);
	if (r->status != RN_OK)
		return -1;
	if (k < n) {
		if (csv_error(&r->parser) == CSV_EPARSE) {
			report_parse_error(r, chunk, n, k);
			stop(r, RN_E_DATA);
		} else {
			stop(r, RN_E_INTERNAL);
		}
		return -1;
	}
	if (r->parser.entry_pos > RN_CSV_MAX_FIELD) {
		rn_diag_error(r->diag, r->display, r->line, (long) r->nfields + 1,
		              r->parser.quoted
		                  ? "quoted field is longer than %zu bytes (a closing quote missing?)"
		                  : "field is longer than %zu bytes",
		              RN_CSV_MAX_FIELD);
		stop(r, RN_E_DATA);
		return -1;
	}
	return 0;
}

static enum rn_status finish(struct reader *r)
{
	if (r->status == RN_OK &&
	    csv_fini(&r->parser, on_field, on_row, r) != 0 && r->status == RN_OK) {
		/* r->line is still where the open field began. */
		rn_diag_error(r->diag, r->display, r->line, (long) r->nfields + 1,
		              "unterminated quoted field (the closing quote is missing)");
		stop(r, RN_E_DATA);
	}
	enum rn_status st = r->status;
	reader_release(r);
	return st;
}

static size_t skip_bom(const char *s, size_t n)
{
	return n >= 3 && (unsigned char) s[0] == 0xef && (unsigned char) s[1] == 0xbb &&
	       (unsigned char) s[2] == 0xbf ? 3 : 0;
}

static int space_only(unsigned char c)
{
	return c == ' ';
}

enum rn_status rn_csv_read_buffer(const char *buf, size_t n, const char *display,
                                  struct rn_diag *diag, rn_csv_record_fn fn, void *ctx)
{
	return rn_csv_read_buffer_delim(buf, n, ',', display, diag, fn, ctx);
}

enum rn_status rn_csv_read_buffer_delim(const char *buf, size_t n, char delim,
                                        const char *display, struct rn_diag *diag,
                                        rn_csv_record_fn fn, void *ctx)
{
	struct reader r;
	if (reader_init(&r, display, diag, fn, ctx) < 0)
		return RN_E_INTERNAL;
	csv_set_delim(&r.parser, (unsigned char) delim);
	if (delim == '\t')
		csv_set_space_func(&r.parser, space_only);   /* a tab separates, never trims */
	size_t b = skip_bom(buf, n);
	/* Feed in chunks so the field-length limit is checked as in rn_csv_read(). */
	for (size_t pos = b; pos < n;) {
		size_t k = n - pos < RN_CSV_CHUNK ? n - pos : RN_CSV_CHUNK;
		if (feed(&r, buf + pos, k) < 0)
			break;
		pos += k;
	}
	return finish(&r);
}

/* read() (at offset at, or from the current position when at < 0) until the
 * buffer is full or the file ends. */
static ssize_t read_full(int fd, char *buf, size_t n, off_t at)
{
	size_t got = 0;
	while (got < n) {
		ssize_t k = at < 0 ? read(fd, buf + got, n - got)
		                   : pread(fd, buf + got, n - got, at + (off_t) got);
		if (k < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (k == 0)
			break;
		got += (size_t) k;
	}
	return (ssize_t) got;
}

/*
 * Read bytes [start, end) of an open file (end 0: to the end of the file).
 * A range from 0 holds the header; a later one starts a record after an LF,
 * with range->header_fields fields in the header, and counts lines from 1.
 */
static enum rn_status read_fd(int fd, const struct stat *st, const char *display,
                              const struct rn_csv_options *opts, struct rn_diag *diag,
                              rn_csv_record_fn fn, void *ctx, struct rn_csv_range *range)
{
	char *chunk = malloc(RN_CSV_CHUNK);
	struct reader r;
	if (!chunk || reader_init(&r, display, diag, fn, ctx) < 0) {
		free(chunk);
		return RN_E_INTERNAL;
	}
	unsigned long long start = range ? range->start : 0;
	unsigned long long end = range && range->end ? range->end : 0;
	if (start) {
		r.index = 1;
		r.header_n = range->header_fields;
	}

	enum rn_status status = RN_OK;
	unsigned long long size = S_ISREG(st->st_mode) ? (unsigned long long) st->st_size : 0;
	unsigned long long total = end ? end - start : size > start ? size - start : 0;
	unsigned long long done = 0;
	int first = 1;
	for (;;) {
		size_t want = RN_CSV_CHUNK;
		if (end && end - start - done < want)
			want = (size_t) (end - start - done);
		ssize_t k = want ? read_full(fd, chunk, want, start ? (off_t) (start + done) : -1) : 0;
		if (k < 0) {
			rn_diag_error(diag, NULL, 0, 0, "cannot read '%s': %s", display, strerror(errno));
			status = RN_E_NOINPUT;
			stop(&r, status);
			break;
		}
		if (k == 0)
			break;
		size_t b = 0;
		if (first) {
			if (!start)
				b = skip_bom(chunk, (size_t) k);
			/* Size the tables once from the line density of the first chunk. */
			size_t lines = 0;
			for (const char *p = chunk; (p = memchr(p, '\n', (size_t) (chunk + k - p))); p++)
				lines++;
			if (lines && total)
				r.expected = (size_t) ((double) lines * (double) total / (double) k);
			first = 0;
		}
		if (feed(&r, chunk + b, (size_t) k - b) < 0)
			break;
		done += (unsigned long long) k;
		/* A range reports its share as the whole file's progress. */
		if (opts && opts->progress && total)
			opts->progress(opts->progress_ctx, display, range ? done * size / total : done,
			               range ? size : total);
	}
	enum rn_status rst;
	if (end && end < size) {   /* not the file's end: no final record to flush */
		if (range)
			range->clean_end = r.status == RN_OK && !r.in_record &&
			                   r.parser.pstate == 0 && !r.parser.entry_pos;
		rst = r.status;
		if (range)
			range->lines = r.line - 1;
		reader_release(&r);
	} else {
		if (range)
			range->lines = r.line - 1;
		rst = finish(&r);
		if (range)
			range->clean_end = 1;
	}
	if (status == RN_OK)
		status = rst;
	free(chunk);
	return status;
}

/* Open a file to read; reports why not.  *fd -1 on failure. */
static enum rn_status open_input(const char *path, const char *display, struct rn_diag *diag,
                                 int *fd, struct stat *st)
{
	/* "-" is standard input (a pipe, a terminal or a file: read once). */
	*fd = strcmp(path, "-") == 0 ? dup(STDIN_FILENO) : open(path, O_RDONLY | O_CLOEXEC);
	if (*fd < 0) {
		rn_diag_error(diag, NULL, 0, 0, "cannot open '%s': %s", display, strerror(errno));
		return RN_E_NOINPUT;
	}
	int bad = fstat(*fd, st) < 0 ? errno : S_ISDIR(st->st_mode) ? EISDIR : 0;
	if (bad) {
		rn_diag_error(diag, NULL, 0, 0, "cannot read '%s': %s", display, strerror(bad));
		close(*fd);
		*fd = -1;
		return RN_E_NOINPUT;
	}
	return RN_OK;
}

enum rn_status rn_csv_read(const char *path, const char *display,
                           const struct rn_csv_options *opts, struct rn_diag *diag,
                           rn_csv_record_fn fn, void *ctx)
{
	return rn_csv_read_range(path, display, opts, diag, fn, ctx, NULL);
}

enum rn_status rn_csv_read_range(const char *path, const char *display,
                                 const struct rn_csv_options *opts, struct rn_diag *diag,
                                 rn_csv_record_fn fn, void *ctx, struct rn_csv_range *range)
{
	int fd;
	struct stat st;
	enum rn_status status = open_input(path, display, diag, &fd, &st);
	if (status != RN_OK)
		return status;
	status = read_fd(fd, &st, display, opts, diag, fn, ctx, range);
	close(fd);
	return status;
}

long long rn_csv_split_point(const char *path, unsigned long long from)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	char buf[4096];
	long long found = -1;
	for (unsigned long long at = from; found < 0;) {
		ssize_t k = read_full(fd, buf, sizeof(buf), (off_t) at);
		if (k <= 0)
			break;
		const char *lf = memchr(buf, '\n', (size_t) k);
		if (lf)
			found = (long long) (at + (unsigned long long) (lf - buf) + 1);
		at += (unsigned long long) k;
	}
	close(fd);
	return found;
}

/* CR and LF bytes in b[0..n): blocks of 64 bytes, counted in a byte each,
 * which the compiler turns into vector code. */
static size_t count_cr_lf(const unsigned char *b, size_t n)
{
	size_t c = 0, i = 0;
	for (; i + 64 <= n; i += 64) {
		unsigned char block = 0;
		for (size_t j = 0; j < 64; j++)
			block += (unsigned char) ((b[i + j] == '\n') | (b[i + j] == '\r'));
		c += block;
	}
	for (; i < n; i++)
		c += (b[i] == '\n') | (b[i] == '\r');
	return c;
}

long long rn_csv_line_ends(const char *path, unsigned long long start, unsigned long long end)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	enum { BUF = 1 << 18 };
	unsigned char *buf = malloc(BUF);
	long long count = buf ? 0 : -1;
	for (unsigned long long at = start; buf && at < end;) {
		size_t want = end - at < BUF ? (size_t) (end - at) : BUF;
		ssize_t k = read_full(fd, (char *) buf, want, (off_t) at);
		if (k <= 0) {
			count = k < 0 ? -1 : count;
			break;
		}
		count += (long long) count_cr_lf(buf, (size_t) k);
		at += (unsigned long long) k;
	}
	free(buf);
	close(fd);
	return count;
}

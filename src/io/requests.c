/*
 * Reading the requests file (include/refnet/requests.h): the header's
 * columns found by name, then one row of trimmed texts per record.
 */
#include "refnet/requests.h"

#include <stdlib.h>
#include <string.h>

#include "refnet/csv.h"
#include "refnet/text.h"

struct reader {
	struct rn_diag *diag;
	const char *display;
	int col_from, col_need, col_to;   /* 0-based; -1 when absent */
	int usable;
	struct rn_requests *out;
	size_t cap;
};

/* The columns of the header; errors for a repeated or missing one. */
static void header(struct reader *rd, const struct rn_csv_record *rec)
{
	int repeated = 0;
	rd->col_from = rd->col_need = rd->col_to = -1;
	for (size_t i = 0; i < rec->nfields; i++) {
		size_t n = rec->len[i];
		const char *s = rn_text_trim(rec->field[i], &n);
		int *col = NULL;
		if (rn_text_ieq(s, n, "from") || rn_text_ieq(s, n, "for"))
			col = &rd->col_from;
		else if (rn_text_ieq(s, n, "need"))
			col = &rd->col_need;
		else if (rn_text_ieq(s, n, "to"))
			col = &rd->col_to;
		if (!col)
			continue;
		/* Which of two would be meant is anyone's guess: refuse, as the
		 * network's own files do. */
		if (*col >= 0) {
			rn_diag_error(rd->diag, rd->display, rec->line[i], (long) i + 1,
			              "duplicate column '%.*s' (also column %d)", (int) n, s, *col + 1);
			repeated = 1;
		}
		*col = (int) i;
	}
	rd->usable = rd->col_from >= 0 && (rd->col_need >= 0 || rd->col_to >= 0) && !repeated;
	if (!repeated && !rd->usable)
		rn_diag_error(rd->diag, rd->display, 1, 1, "missing required column '%s'",
		              rd->col_from < 0 ? "from" : "need' or 'to");
}

/* The trimmed text of column col (-1: ""), malloc'd. */
static char *cell(const struct rn_csv_record *rec, int col)
{
	if (col < 0)
		return strdup("");
	size_t n = rec->len[col];
	const char *s = rn_text_trim(rec->field[col], &n);
	return strndup(s, n);
}

static enum rn_status on_record(void *ctx, const struct rn_csv_record *rec)
{
	struct reader *rd = ctx;
	if (rec->index == 0) {
		header(rd, rec);
		return RN_OK;
	}
	if (!rd->usable)
		return RN_OK;
	struct rn_requests *out = rd->out;
	if (out->n == rd->cap) {
		size_t cap = rd->cap ? rd->cap * 2 : 64;
		struct rn_request_row *r = realloc(out->row, cap * sizeof(*r));
		if (!r)
			return RN_E_INTERNAL;
		out->row = r;
		rd->cap = cap;
	}
	struct rn_request_row *q = &out->row[out->n++];
	*q = (struct rn_request_row) {
		cell(rec, rd->col_from), cell(rec, rd->col_need), cell(rec, rd->col_to), rec->line0,
		rd->col_from + 1, rd->col_need + 1, rd->col_to + 1
	};
	return q->from && q->need && q->to ? RN_OK : RN_E_INTERNAL;
}

enum rn_status rn_requests_read(const char *path, const char *display, struct rn_diag *diag,
                                struct rn_requests *out)
{
	struct reader rd = { .diag = diag, .display = display, .out = out };
	memset(out, 0, sizeof(*out));
	size_t errors = diag->nerrors;
	enum rn_status st = rn_csv_read(path, display, NULL, diag, on_record, &rd);
	if (st == RN_OK && diag->nerrors > errors)
		st = RN_E_DATA;
	if (st != RN_OK)
		rn_requests_release(out);
	return st;
}

void rn_requests_release(struct rn_requests *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++) {
		free(r->row[i].from);
		free(r->row[i].need);
		free(r->row[i].to);
	}
	free(r->row);
	memset(r, 0, sizeof(*r));
}

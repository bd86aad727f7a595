/*
 * The requests file of refnet intro --requests: a CSV file with a column
 * 'from' (or 'for') and a column 'need' or 'to' (names matched without
 * regard to case or surrounding spaces; other columns are ignored).  This
 * module only reads it: each record becomes a row of trimmed texts with its
 * line and columns; finding the contacts and answering are the command's
 * and src/analysis's.
 *
 * A header without 'from', or without both 'need' and 'to', or with one of
 * them twice, is an error at FILE:LINE:COLUMN and no row is read.  The rows
 * themselves are not judged here (an empty cell is an empty text).
 */
#ifndef REFNET_REQUESTS_H
#define REFNET_REQUESTS_H

#include <stddef.h>

#include "refnet/common.h"
#include "refnet/diag.h"

struct rn_request_row {
	char *from;                  /* the 'from' cell, trimmed (malloc'd) */
	char *need;                  /* the 'need' cell, "" when absent (malloc'd) */
	char *to;                    /* the 'to' cell, "" when absent (malloc'd) */
	long line;                   /* physical line where the record starts */
	int col_from, col_need, col_to;   /* 1-based columns; 0 when absent */
};

struct rn_requests {
	struct rn_request_row *row;
	size_t n;
};

/*
 * Read the requests file at path (display: its name in messages; "-" reads
 * standard input, as rn_csv_read does).  Problems are recorded in diag.
 * Returns RN_OK (then out owns its rows: rn_requests_release), RN_E_DATA
 * when the file cannot be read as requests (diag says why), RN_E_NOINPUT
 * when it cannot be opened, or RN_E_INTERNAL on out of memory; out is empty
 * on failure.  Time O(file size).
 */
enum rn_status rn_requests_read(const char *path, const char *display, struct rn_diag *diag,
                                struct rn_requests *out) RN_WARN_UNUSED;

/* Free the rows.  Accepts an empty or released struct. */
void rn_requests_release(struct rn_requests *r);

#endif

/*
 * Streaming rows: the output of a command with very many rows, written in
 * the same four formats and byte for byte the same layout as struct
 * rn_table (refnet/output.h), without holding every cell in memory.
 *
 * rn_table copies each cell into its own allocation before writing; on the
 * 100k-contact / 1M-tie benchmark that costs seconds for followup's 690k
 * rows.  Here the caller formats one row at a time into its own scratch
 * space and the writer appends it to a block buffer.  Text needs the column
 * widths first, so in text format the rows are produced twice (widths, then
 * output).  tests/unit/test_rowout.c compares the bytes with rn_table's
 * for every format, and test_rowout_threads.c those of one thread with
 * those of several.
 *
 * Layout rules copied from rn_table: text headings are the names with '_'
 * as ' ', columns joined by two spaces, numeric columns right-aligned (a
 * numeric column with no value at all stays left-aligned, as in rn_table,
 * which right-aligns a column only once a number is put in it), control
 * characters and line separators escaped as in messages (rn_text_escape,
 * widths of the escaped text), the last column not padded; CSV per RFC 4180
 * (quoted when a field has , " CR LF or leading/trailing blanks); TSV with
 * \t \n \r \\ escapes; JSON a top-level array, one compact object per line,
 * numbers unquoted, empty cells null.
 */
#ifndef REFNET_ROWOUT_H
#define REFNET_ROWOUT_H

#include <stdio.h>

#include "refnet/output.h"
#include "refnet/parallel.h"

/* Rows laid out per job and round of rn_rowout_write_threads(): big enough
 * to amortize a thread, small enough to keep the memory of a round small. */
#define RN_ROWOUT_BLOCK 8192

struct rn_rowout_col {
	const char *name;    /* machine name: CSV/TSV header, JSON key */
	int number;          /* cells are numbers: unquoted in JSON, right-aligned in text */
};

/*
 * Produce row i: set cells[0..ncols) to NUL-terminated strings (NULL for an
 * empty cell), valid until the next call.  When `all` is 0 the last cell is
 * not used (text widths: the last column is not padded) and may be left
 * empty.  Returns 0, or -1 to stop (out of memory).
 */
typedef int (*rn_rowout_fn)(void *ctx, size_t i, int all, const char **cells);

/*
 * Write nrows rows of ncols columns to fp in format f.  Returns 0, or -1 on
 * a write error or when fn failed.  O(output size); memory O(a block of
 * rows).
 */
int rn_rowout_write(FILE *fp, enum rn_format f, const struct rn_rowout_col *cols, size_t ncols,
                    size_t nrows, rn_rowout_fn fn, void *ctx);

/*
 * Same, with up to nthreads threads (at most RN_THREADS_MAX, see
 * refnet/parallel.h) calling fn at once, thread t with ctx[t]: fn must not
 * share scratch space between contexts.  The output is the same bytes for
 * any number of threads.
 */
int rn_rowout_write_threads(FILE *fp, enum rn_format f, const struct rn_rowout_col *cols,
                            size_t ncols, size_t nrows, rn_rowout_fn fn, void *const *ctx,
                            int nthreads);

/*
 * The row of a table whose cells differ in kind within a column (struct
 * rn_table): as rn_rowout_fn, and number[c] set to 1 for a number cell
 * (unquoted in JSON, never given the formula guard), 0 for text.
 */
typedef int (*rn_rowout_typed_fn)(void *ctx, size_t i, int all, const char **cells,
                                  unsigned char *number);

/*
 * Write rows whose kinds fn gives cell by cell, in one thread; text
 * right-aligns the columns where right[c] is 1 (whatever their cells), the
 * rule of rn_table.  cols[c].number is not used.  Returns as
 * rn_rowout_write.
 */
int rn_rowout_write_typed(FILE *fp, enum rn_format f, const struct rn_rowout_col *cols,
                          size_t ncols, size_t nrows, rn_rowout_typed_fn fn, void *ctx,
                          const unsigned char *right);

#endif

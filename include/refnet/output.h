/*
 * Output: atomic files and the table writer every command uses.
 *
 * An rn_out is either standard output or a temporary file next to the
 * destination that is renamed into place only by rn_out_commit(); until then
 * the destination is untouched, so a failed run never leaves a partial or
 * truncated file.  rn_out_abort() removes the temporary file.
 *
 * A struct rn_table collects rows of typed cells and writes them as an
 * aligned text table, CSV (RFC 4180), TSV (tabs, newlines and backslashes
 * escaped as \t \n \\) or a JSON array of objects.  Cells are copied.
 */
#ifndef REFNET_OUTPUT_H
#define REFNET_OUTPUT_H

#include <stdio.h>

#include "refnet/common.h"

enum rn_format { RN_FMT_TEXT, RN_FMT_CSV, RN_FMT_TSV, RN_FMT_JSON };

struct rn_out {
	FILE *fp;
	char *path;      /* destination (symbolic links followed), NULL for
	                  * standard output */
	char *tmp;       /* the temporary file being written */
	char *shown;     /* the destination as given, for messages */
	int failed;
};

/*
 * Open path for writing (NULL or "-" is standard output).  On failure returns
 * RN_E_CANTCREAT and writes the reason ("cannot create 'x': ...") to err.
 */
enum rn_status rn_out_open(struct rn_out *o, const char *path, char *err, size_t errlen);

/*
 * Flush, check for write errors, close and rename into place.  On failure the
 * temporary file is removed, the destination is untouched, and the reason is
 * written to err.  Returns RN_OK or RN_E_CANTCREAT.
 */
enum rn_status rn_out_commit(struct rn_out *o, char *err, size_t errlen);

/* Close and remove the temporary file; the destination is untouched. */
void rn_out_abort(struct rn_out *o);

/*
 * Temporary files and directories to remove when SIGINT, SIGTERM or SIGHUP
 * arrives (rn_out_open registers its own).  rn_out_cleanup_add copies path
 * and returns 0, or -1 when it is out of memory or slots; directories are
 * removed (rmdir) after the files.  rn_out_cleanup_on_signals() installs the
 * handlers (the command line does, once) and makes a file size limit
 * (SIGXFSZ) a write error (EFBIG) rather than a kill.
 */
int rn_out_cleanup_add(const char *path, int is_dir);
void rn_out_cleanup_remove(const char *path);
void rn_out_cleanup_on_signals(void);

/* Parse "text", "csv", "tsv", "json"; returns 0 or -1. */
int rn_format_parse(const char *s, enum rn_format *f);

/* The name of a format ("text"...), or NULL past the last one. */
const char *rn_format_name(enum rn_format f);

/* Format a number with the fewest digits that read back to the same double. */
void rn_fmt_double(double d, char *buf, size_t n);

enum rn_cell_type { RN_CELL_STR, RN_CELL_INT, RN_CELL_NUM, RN_CELL_NULL };

struct rn_cell {
	enum rn_cell_type type;
	char *s;           /* text form, owned (also for numbers) */
	double num;
	long long i;
};

struct rn_table {
	size_t ncols;
	char **names;            /* machine names: CSV/TSV header, JSON keys */
	char **titles;           /* text-table headings */
	int *right;              /* right-align in text */
	size_t nrows, cap;
	struct rn_cell *cells;   /* nrows * ncols */
};

/*
 * Column names are machine names ("value_given"); the text heading replaces
 * '_' with ' '.  Returns RN_OK or RN_E_INTERNAL.
 */
enum rn_status rn_table_init(struct rn_table *t, size_t ncols, const char *const *names);
void rn_table_release(struct rn_table *t);

/* Start a new row (all cells null); returns its index or -1 on OOM. */
long rn_table_row(struct rn_table *t);
int rn_table_str(struct rn_table *t, size_t col, const char *s);   /* NULL: null */
int rn_table_int(struct rn_table *t, size_t col, long long v);
/* A number shown with `decimals` places (-1: shortest round-trip form). */
int rn_table_num(struct rn_table *t, size_t col, double v, int decimals);

/* Write the table.  Returns 0, or -1 on a write error (see ferror). */
int rn_table_write(const struct rn_table *t, FILE *fp, enum rn_format f);

/*
 * Write s word-wrapped for a terminal `width` columns wide (display columns,
 * as rn_text_width counts them): the cursor is at column `col` when called;
 * lines break at spaces, and each continuation line starts with `indent`
 * spaces.  Spaces between words are kept as written (a break takes them);
 * a quoted text ('web design') that fits on a line is not broken.  A word
 * longer than a line is not cut.  width 0 writes s as it is
 * (no wrapping: output that is not for a terminal).  Nothing after the
 * text is written (no newline).
 */
void rn_text_wrap(FILE *fp, const char *s, size_t col, size_t indent, size_t width);

/* Write s as a JSON string (quoted and escaped). */
void rn_json_put_string(FILE *fp, const char *s);

/*
 * Spreadsheet safety of the CSV and TSV report outputs (OWASP's advice on
 * CSV injection): a text cell that starts with '=', '+', '-', '@', a tab or
 * a carriage return, and is not a plain number, is written with a leading
 * "'" so that a spreadsheet shows it as text instead of running it as a
 * formula.  rn_table and the streaming row writer do this for text cells
 * (numbers are numbers); rn_csv_put/rn_tsv_put themselves never change a
 * field, so `export --format csv` (data for programs) stays exact.
 *
 * On by default; the command line's --raw-cells turns it off for the whole
 * run, which is why it is one process-wide switch rather than a parameter
 * of every writer.
 */
void rn_output_set_formula_guard(int on);
int rn_output_formula_guard(void);

/* Does the text cell s need the leading "'" (whatever the switch says)? */
int rn_cell_needs_guard(const char *s);

/* Write s as a CSV field (quoted when needed) / a TSV field (escaped). */
void rn_csv_put(FILE *fp, const char *s);
void rn_tsv_put(FILE *fp, const char *s);

#endif

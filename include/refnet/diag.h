/*
 * Diagnostics: the errors and warnings found in the input files.
 *
 * Every problem is recorded with the file, the physical line (1-based; a
 * record that spans lines is reported at the line where it starts) and the
 * 1-based field number (the spreadsheet column).  The first RN_DIAG_KEEP
 * errors and warnings by position (file, line, column) are kept with their
 * text; the rest are only counted, so a file with millions of bad rows
 * costs no memory.  The collector does not
 * print: src/cli does, by file and line (the loader checks rows in batches,
 * so problems are not always found in line order).
 */
#ifndef REFNET_DIAG_H
#define REFNET_DIAG_H

#include <stdio.h>

#include "refnet/common.h"

#define RN_DIAG_KEEP 20

enum rn_severity { RN_SEV_ERROR, RN_SEV_WARNING };

struct rn_diag_item {
	enum rn_severity severity;
	char *text;   /* "FILE:LINE:COLUMN: message", owned */
	size_t where; /* length of the "FILE:LINE:COLUMN: " prefix */
	size_t group; /* problems are printed by file (in order of first report)... */
	long line;    /* ...then by line and column, then in the order found */
	long col;
	size_t seq;
};

struct rn_diag {
	struct rn_diag_item items[2 * RN_DIAG_KEEP];
	size_t nitems;
	size_t nerrors;     /* all errors, kept or not */
	size_t nwarnings;   /* all warnings, kept or not */
	size_t kept_errors;
	size_t kept_warnings;
	int oom;            /* a message could not be stored */
	const char *last_file;
	size_t ngroups;
	size_t nseen;
};

void rn_diag_init(struct rn_diag *d);
void rn_diag_release(struct rn_diag *d);

/*
 * Record a problem at FILE:LINE:COLUMN.  LINE or COLUMN 0 leaves that part out
 * (a whole-file problem).  Never fails: on out of memory the problem is still
 * counted and d->oom is set.
 */
void rn_diag_add(struct rn_diag *d, enum rn_severity sev, const char *file,
                 long line, long col, const char *fmt, ...) RN_PRINTF(6, 7);

#define rn_diag_error(d, file, line, col, ...) \
	rn_diag_add((d), RN_SEV_ERROR, (file), (line), (col), __VA_ARGS__)
#define rn_diag_warn(d, file, line, col, ...) \
	rn_diag_add((d), RN_SEV_WARNING, (file), (line), (col), __VA_ARGS__)

/*
 * Move the problems of from (one file read in parts) into d, their lines
 * shifted by line_offset, as if they had been added to d; from is emptied.
 */
void rn_diag_merge(struct rn_diag *d, struct rn_diag *from, const char *file,
                   long line_offset);

/* The kept problems in the order they are printed: out has room for
 * d->nitems. */
void rn_diag_sorted(const struct rn_diag *d, const struct rn_diag_item **out);

/*
 * Print the kept problems to fp, errors as "FILE:LINE:COLUMN: message" and
 * warnings as "FILE:LINE:COLUMN: warning: message", then a line counting those
 * that were not kept.  Warnings are left out when with_warnings is 0.
 * Problems without a file (a file that cannot be opened) are printed after
 * prefix (e.g. "refnet check: ").
 */
void rn_diag_print(const struct rn_diag *d, FILE *fp, int with_warnings,
                   const char *prefix);

#endif

/*
 * CSV reading: RFC 4180 through libcsv in strict mode, plus what libcsv does
 * not do: physical line numbers for every record and field, a UTF-8 byte
 * order mark, validation of each field's text, limits on field size and
 * field count, and rows of unequal length.
 *
 * The reader streams a file in fixed-size chunks and hands each record to a
 * callback; the first record is the header.  Problems are recorded in a
 * struct rn_diag.  A syntax error (an unterminated quote, text after a closing
 * quote, a field or record over the limits) ends the file: libcsv cannot
 * resynchronise, so reading stops there.  A field-level problem (bad UTF-8,
 * a record of the wrong length) is recorded and the record is still passed
 * on, padded or cut to the header's width, so later checks see its id.
 */
#ifndef REFNET_CSV_H
#define REFNET_CSV_H

#include <stddef.h>

#include "refnet/common.h"
#include "refnet/diag.h"

#define RN_CSV_MAX_FIELD  ((size_t) 1 << 20)   /* bytes in one field */
#define RN_CSV_MAX_FIELDS 1024                 /* fields in one record */

struct rn_csv_record {
	size_t nfields;
	char **field;        /* NUL-terminated, valid until the callback returns */
	const size_t *len;   /* byte length of each field */
	const long *line;    /* physical line where each field starts */
	const unsigned char *bad;  /* 1 for a field whose text was reported bad
	                            * (invalid UTF-8, NUL, control character) */
	long line0;          /* physical line where the record starts */
	size_t index;        /* 0 for the header, then 1, 2, ... */
	size_t expected;     /* estimated number of records in the file (lines in
	                      * the first chunk scaled to the file size), 0 if unknown */
};

/*
 * Called once per record.  Return RN_OK to go on; any other status stops the
 * reader, which returns it (use it for out of memory, not for data errors).
 */
typedef enum rn_status (*rn_csv_record_fn)(void *ctx, const struct rn_csv_record *rec);

struct rn_csv_options {
	/* Called after each chunk of a regular file, or NULL. */
	void (*progress)(void *ctx, const char *display, unsigned long long done,
	                 unsigned long long total);
	void *progress_ctx;
};

/*
 * Read the CSV file at path (display is the name used in messages).
 * Returns RN_OK when the whole file was read (data problems may still have
 * been recorded in diag: check diag->nerrors); RN_E_DATA when a syntax error
 * stopped the reading; RN_E_NOINPUT when the file cannot be opened or read
 * (the message is recorded in diag without a line); or the callback's status.
 * Memory: O(longest record).  Time: O(file size).
 */
enum rn_status rn_csv_read(const char *path, const char *display,
                           const struct rn_csv_options *opts, struct rn_diag *diag,
                           rn_csv_record_fn fn, void *ctx);

/*
 * Same, for a buffer in memory (used by the tests and the fuzzers).
 */
enum rn_status rn_csv_read_buffer(const char *buf, size_t n, const char *display,
                                  struct rn_diag *diag, rn_csv_record_fn fn, void *ctx);

/*
 * Same, with another field separator (';' or tab, for spreadsheets saved in
 * a European locale or as "tab-separated"); the import readers use it.
 */
enum rn_status rn_csv_read_buffer_delim(const char *buf, size_t n, char delim,
                                        const char *display, struct rn_diag *diag,
                                        rn_csv_record_fn fn, void *ctx);

/*
 * Part of a file, for reading one file in several threads.  A range from 0
 * holds the header; a range that starts later must start just after an LF
 * and is read as records of header_fields fields, its lines counted from 1
 * (add the lines before it).  end 0 reads to the end of the file.  A range
 * that stops before the end of the file sets clean_end when it ended between
 * records: when not, the LF it was cut after was inside a quoted field, and
 * the next range was read from the wrong place.
 */
struct rn_csv_range {
	unsigned long long start, end;
	size_t header_fields;
	long lines;          /* out: line ends in the range */
	int clean_end;       /* out */
};

enum rn_status rn_csv_read_range(const char *path, const char *display,
                                 const struct rn_csv_options *opts, struct rn_diag *diag,
                                 rn_csv_record_fn fn, void *ctx, struct rn_csv_range *range);

/* The offset just after the first LF at or after byte from, or -1. */
long long rn_csv_split_point(const char *path, unsigned long long from);

/*
 * The CR and LF bytes in bytes [start, end) of a file, or -1 when it cannot
 * be read.  One more than that bounds the records that start in the range.
 */
long long rn_csv_line_ends(const char *path, unsigned long long start, unsigned long long end);

#endif

/*
 * Import: turning the files people have (LinkedIn exports, spreadsheets,
 * address books) into a network directory that the loader accepts.
 *
 * Every source goes through one writer, struct rn_import.  A reader (one
 * file per source in src/import/) hands the writer people and ties as text;
 * the writer
 *   - matches each person to a contact already seen: by id when the source
 *     gives one, else by normalised profile URL, then by e-mail, then by
 *     name + company only where exactly one contact has them;
 *   - gives new contacts readable, deterministic ids (slugs of the name:
 *     "dana-wu", "dana-wu-2");
 *   - keeps one tie per pair, combining what several sources say about it;
 *   - merges into an existing network directory: rows already there keep
 *     every non-empty cell (a different imported value is a conflict,
 *     reported, never written), empty cells of the imported columns are
 *     filled, new people, ties and log rows are added;
 *   - writes contacts.csv, ties.csv and log.csv atomically, and only the
 *     files whose bytes change, so re-running an import is a no-op.
 *
 * Ownership: the writer copies every string it is given; the strings it
 * hands back (rn_import_contact_id) live until rn_import_free().  Problems
 * in the input go to the struct rn_diag the writer was made with, as
 * FILE:LINE:COLUMN messages; notes for the user ("the delimiter looks like
 * ';'") are collected as warnings there too.
 */
#ifndef REFNET_IMPORT_H
#define REFNET_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "refnet/common.h"
#include "refnet/diag.h"

struct rn_import;

/* What an import did, for the summary. */
struct rn_import_stats {
	size_t rows;          /* input rows read (people, ties and log rows) */
	size_t contacts;      /* contacts in the written network */
	size_t contacts_new;  /* ... added by this import */
	size_t ties;          /* ties in the written network */
	size_t ties_new;
	size_t events;        /* log rows in the written network */
	size_t events_new;
	size_t known;         /* people matched to a contact already in the directory */
	size_t merged;        /* people seen again (in another export or row) and merged */
	size_t by_url, by_email, by_name;   /* how the merged people were matched */
	size_t collisions;    /* same name, kept apart as different people */
	size_t hidden;        /* rows without a name (hidden profiles), not imported */
	size_t skipped;       /* other rows not imported (each reported) */
	size_t filled;        /* empty cells of existing rows filled */
	size_t conflicts;     /* cells kept although the import (or a later row of it) differs */
	size_t files_changed; /* files that change (written unless --dry-run) */
	unsigned char changed[3];   /* contacts.csv, ties.csv, log.csv change */
	unsigned char written[3];   /* ... and are in the output directory */
};

/* One column's value in a person, tie or log row. */
struct rn_import_field {
	const char *col;      /* column name as written in the header ("position") */
	const char *val;      /* NULL or "" for empty */
};

struct rn_arena;

/* The keys a person is matched by, as rn_import_make_keys() makes them. */
struct rn_import_keys {
	char *u;     /* normalised URL */
	char *e;     /* lower-case e-mail */
	char *fn;    /* folded name */
	char *nc;    /* folded name US folded company, "" unless both are known */
	uint64_t hu, he, hfn, hnc;   /* their hashes (0 for "") */
};

/* A person as a source sees it.  Empty strings and NULL mean "not known". */
struct rn_import_person {
	const char *id;       /* an id the source fixes (a member, a mapped id
	                       * column): matched and used as is; NULL to match
	                       * by the keys below and make an id from the name */
	const char *name;
	const char *email;
	const char *url;      /* a profile URL, normalised for matching */
	const char *company;
	const struct rn_import_field *fields;   /* other columns, kept as given */
	size_t nfields;
	const char *source;   /* added to the contact's `source` column (a set) */
	const char *file;     /* where the row came from, for messages */
	long line;
	const struct rn_import_keys *keys;   /* made ahead, or NULL: made by the writer */
};

/* A tie as a source sees it. */
struct rn_import_tie {
	int64_t a, b;         /* contact indexes from rn_import_add_person() */
	double strength;      /* in (0, 1], or 0 when the source has no opinion */
	int since, last;      /* days, or RN_NO_DATE */
	const char *basis;    /* how the strength was set ("two-way messages: 3 sent, 2 received") */
	const struct rn_import_field *fields;
	size_t nfields;
};

struct rn_import_options {
	const char *dir;      /* the network directory written (and merged into) */
	int dry_run;          /* report what would change, write nothing */
	size_t expect;        /* about how many people will come (sizes the indexes), or 0 */
};

/*
 * A new writer for opts->dir.  When the directory holds a network, it is
 * loaded and validated first (its problems go to diag: an invalid network
 * is not merged into) and its rows become the starting point.
 * Returns RN_OK, RN_E_DATA (the existing network has errors), RN_E_NOINPUT
 * (it cannot be read), RN_E_CANTCREAT (dir exists and is not a directory)
 * or RN_E_INTERNAL.
 */
enum rn_status rn_import_new(struct rn_import **out, const struct rn_import_options *opts,
                             struct rn_diag *diag) RN_WARN_UNUSED;

/* Free the writer.  Accepts NULL. */
void rn_import_free(struct rn_import *im);

/*
 * Find or add the contact for p; its index goes to *index.  A person with no
 * name, no id, no e-mail and no URL is not added (*index = -1).  Two people
 * with the same name that do not match by the rules above stay two contacts,
 * counted as a collision and reported as a warning at p->file:p->line.
 * Returns RN_OK or RN_E_INTERNAL.  O(length of the strings) expected.
 */
enum rn_status rn_import_add_person(struct rn_import *im, const struct rn_import_person *p,
                                    int64_t *index);

/*
 * rn_import_add_person() for p[0..n) in that order (the same contacts,
 * indexes and messages), faster on many people: the look-ups of a batch of
 * rows are fetched from memory together.
 */
enum rn_status rn_import_add_people(struct rn_import *im, const struct rn_import_person *p,
                                    size_t n, int64_t *index);

/*
 * Make p's match keys (their texts in arena) ahead of rn_import_add_people,
 * e.g. in the thread that read p: it needs nothing of the writer, so
 * threads may call it at once.  0, or -1 on out of memory.
 */
int rn_import_make_keys(const struct rn_import_person *p, struct rn_import_keys *k,
                        struct rn_arena *arena);

/*
 * The contact a person would match without adding it (-1 when none): for
 * sources that must know whether someone is already there (a LinkedIn
 * connection who is one of the members).
 */
int64_t rn_import_find_person(struct rn_import *im, const struct rn_import_person *p);

/*
 * The contact a log or tie row names with text: an id, else an e-mail
 * address, else a name that exactly one contact has (folded: case and
 * accents ignored).  Returns the index, -1 when none, -2 when the name fits
 * several contacts.
 */
int64_t rn_import_lookup(struct rn_import *im, const char *text);

/* The id of contact index i (owned by the writer). */
const char *rn_import_contact_id(const struct rn_import *im, int64_t i);

/* The contact's name as the writer has it (never NULL). */
const char *rn_import_contact_name(const struct rn_import *im, int64_t i);

/*
 * Add a tie, or combine it with the tie already there for the pair (either
 * order): the higher strength and its basis, the earlier since, the later
 * last contact.  A self-tie is ignored.  Returns RN_OK or RN_E_INTERNAL.
 */
enum rn_status rn_import_add_tie(struct rn_import *im, const struct rn_import_tie *t);

/* Whether this import has already added a tie between a and b (either
 * order); a tie that is only in the existing files does not count. */
int rn_import_has_tie(const struct rn_import *im, int64_t a, int64_t b);

/* rn_import_add_tie() for tie[0..n) in that order, faster on many ties. */
enum rn_status rn_import_add_ties(struct rn_import *im, const struct rn_import_tie *tie,
                                  size_t n);

/*
 * Add a log row (date as days, from, to as contact indexes, kind a log kind
 * name).  A row equal to one already in the log is not added again (a
 * multiset: two identical rows in the source give two rows in the log).
 */
enum rn_status rn_import_add_event(struct rn_import *im, int date, int64_t from, int64_t to,
                                   const char *kind, const struct rn_import_field *fields,
                                   size_t nfields);

/*
 * Log rows from contact `from` to contact `to` of kind (any case), on any
 * date, in the directory or added by this import: for sources that know
 * that something happened but not when (an address book's "referred by"),
 * so that re-running them adds nothing.  O(log rows).
 */
size_t rn_import_count_events(struct rn_import *im, int64_t from, int64_t to, const char *kind);

/*
 * Offer more columns for contact i, as rn_import_add_person() does for its
 * fields (a new row takes the first non-empty value; an existing row holds
 * them for the merge): for sources that combine what several files say
 * about one person once all of them are matched.  RN_OK or RN_E_INTERNAL.
 */
enum rn_status rn_import_set_fields(struct rn_import *im, int64_t i,
                                    const struct rn_import_field *fields, size_t nfields);

/* Count rows for the summary. */
void rn_import_count(struct rn_import *im, size_t rows, size_t hidden, size_t skipped);

/*
 * Write the network (unless dry_run): each of contacts.csv, ties.csv and
 * log.csv whose bytes would change is written to a temporary file, and all
 * are renamed into place only when every one is complete.  Files whose
 * bytes are the same are not touched.  Conflicts go to diag as warnings.
 * Returns RN_OK, RN_E_CANTCREAT (err says why) or RN_E_INTERNAL.
 */
enum rn_status rn_import_finish(struct rn_import *im, struct rn_import_stats *stats,
                                char *err, size_t errlen);

/* ---- helpers the readers share (src/import/sheet.c) ---- */

/*
 * Normalise a profile URL for matching: scheme, "www.", a trailing slash,
 * a query and case are ignored ("https://www.LinkedIn.com/in/dana-wu/" ->
 * "linkedin.com/in/dana-wu").  Returns a malloc'd string (free it), or NULL
 * on out of memory.
 */
char *rn_import_norm_url(const char *url);

/*
 * A readable id for a name: folded to lower case without accents, words
 * joined by '-' ("José O'Neil" -> "jose-oneil"); "contact" when nothing is
 * left.  Returns a malloc'd string or NULL on out of memory.
 */
char *rn_import_slug(const char *name);

/*
 * A number as spreadsheets write it: currency signs and codes ("$", "EUR"),
 * spaces and thousands separators are dropped ("$9,600.00" -> 9600);
 * with decimal_comma, ',' is the decimal mark and '.' groups thousands
 * ("1.234,50" -> 1234.5, "0,8" -> 0.8).  Returns 0 or -1.
 */
int rn_import_number(const char *s, int decimal_comma, double *out);

/*
 * A date in the given format: D, M and Y (2 or 4 digits; 2-digit years are
 * 1970-2069) in order, separated by any one non-digit ("M/D/Y" reads
 * 3/15/2024, "D.M.Y" reads 15.03.2024).  fmt NULL reads YYYY-MM-DD (and ISO
 * timestamps).  Returns 0 or -1.
 */
int rn_import_date(const char *s, const char *fmt, int *days);

/* A file read into memory, converted to UTF-8. */
struct rn_sheet {
	char *buf;            /* the bytes, NUL-terminated (UTF-8 after conversion) */
	size_t len;
	const char *encoding; /* "UTF-8", "CP1252" or "ISO-8859-1": what it was read as */
	char delim;           /* ',', ';' or '\t' */
	long header_line;     /* physical line of the header (1-based) */
	size_t header_off;    /* byte offset of the header line */
};

/*
 * What a reader wants from rn_sheet_prepare(): the encoding the user named
 * (NULL: detect; a file that is not UTF-8 is read as Windows-1252, with a
 * warning that names the fix), the delimiter (0: detect and say so in a note when it is
 * not a comma), and a test that a line is the header (NULL: the first line
 * that is not blank).
 */
struct rn_sheet_options {
	const char *encoding;
	char delim;
	int (*is_header)(void *ctx, const char *line, size_t n, char delim);
	void *ctx;
	const char *what;     /* what the header looks like, for "no header found" */
};

/*
 * Take over buf[0..len) (malloc'd; freed here on failure), convert it to
 * UTF-8 when it is Windows-1252 or Latin-1 (with a warning naming the
 * encoding), strip a byte order mark, pick the delimiter and find the
 * header line.  Problems go to diag at display.  Returns RN_OK, RN_E_DATA
 * or RN_E_INTERNAL.
 */
enum rn_status rn_sheet_prepare(struct rn_sheet *s, char *buf, size_t len, const char *display,
                                const struct rn_sheet_options *opts, struct rn_diag *diag);

/* Read a whole file into memory (malloc'd).  RN_E_NOINPUT with a message in diag. */
enum rn_status rn_sheet_slurp(const char *path, const char *display, char **buf, size_t *len,
                              struct rn_diag *diag);

void rn_sheet_release(struct rn_sheet *s);

/*
 * A callback over the records from the header on, with lines counted as in
 * the file.  rec->line0 and rec->line[] are physical lines of the file.
 */
struct rn_csv_record;
typedef enum rn_status (*rn_sheet_record_fn)(void *ctx, const struct rn_csv_record *rec);
enum rn_status rn_sheet_read(const struct rn_sheet *s, const char *display, struct rn_diag *diag,
                             rn_sheet_record_fn fn, void *ctx);

/* ---- the sources ---- */

/* Strength of a LinkedIn tie from its evidence (docs/import.md). */
struct rn_linkedin_rule {
	double connected;     /* connected, no messages: 0.3 */
	double one_way;       /* messages one way only: 0.5 */
	double two_way;       /* messages both ways: 0.7 */
	double strong;        /* at least many messages, or a recommendation: 0.9 */
	unsigned many;        /* messages for "many": 20 */
};

void rn_linkedin_rule_default(struct rn_linkedin_rule *r);

/* One member's export. */
struct rn_linkedin_member {
	const char *id;
	const char *name;     /* --name, or NULL to read it from Profile.csv */
	const char *path;     /* Connections.csv, the export folder, or its .zip */
};

struct rn_linkedin_options {
	const struct rn_linkedin_member *members;
	size_t nmembers;
	struct rn_linkedin_rule rule;
	int offers_from_position;   /* Position text -> offers */
};

/*
 * Read each member's export into im.  Problems go to diag (FILE:LINE:COLUMN;
 * a file inside a zip is shown as "export.zip:Connections.csv").
 * Returns RN_OK, RN_E_DATA, RN_E_NOINPUT or RN_E_INTERNAL.
 * Time: O(total size of the exports).
 */
enum rn_status rn_import_linkedin(struct rn_import *im, const struct rn_linkedin_options *opts,
                                  struct rn_diag *diag);

/* A column mapping for `import csv`: target=Source[+Source...]. */
struct rn_csv_map {
	const char *target;   /* id, name, email, url, company, offers, needs, stage,
	                       * a, b, strength, date, from, to, kind, value, ... */
	const char *source;   /* header names joined by '+' ("First Name+Last Name") */
};

struct rn_csv_import_options {
	const char *contacts, *ties, *log;   /* input files (contacts required) */
	const struct rn_csv_map *map;
	size_t nmap;
	const char *encoding;                /* NULL: detect */
	char delim;                          /* 0: detect */
	const char *date_format;             /* "M/D/Y", "D.M.Y", ... NULL: ISO */
	int decimal_comma;
	const char *kinds;                   /* "Thank you=thanks,1-2-1=meeting" */
	int ties_from_log;
	const char *source;                  /* the `source` tag (default: the file name) */
};

/*
 * Read the spreadsheets into im.  Returns RN_OK, RN_E_DATA, RN_E_NOINPUT,
 * RN_E_USAGE (a mapping names a column the file does not have; said in diag)
 * or RN_E_INTERNAL.
 */
enum rn_status rn_import_csv(struct rn_import *im, const struct rn_csv_import_options *opts,
                             struct rn_diag *diag);

#endif

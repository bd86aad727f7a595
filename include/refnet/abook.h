/*
 * Address books: the readers of Google Contacts CSV, Outlook CSV and vCard
 * (src/import/gcontacts.c, outlook.c, vcard.c) and what they read into.
 *
 * A reader turns one file into a struct rn_abook: one card per person, each
 * a list of columns and values (the network's own names where a field has
 * one: name, email, company, position, phone, notes, city, labels; the
 * source's own name, as written in it, for every other field, so nothing
 * is lost), plus the relations the file states (who referred whom, a
 * spouse, an assistant).  The readers do no matching: the import writer
 * (refnet/import.h) matches the cards of several files with each other and
 * with an existing network, and src/import/abook.c feeds them to it.
 *
 * Ownership: a struct rn_abook owns every string in it; they live until
 * rn_abook_release().  Problems go to a struct rn_diag as FILE:LINE:COLUMN
 * warnings: a card or row that cannot be read is reported, counted in
 * `skipped` and left out, and the rest of the file is read.
 */
#ifndef REFNET_ABOOK_H
#define REFNET_ABOOK_H

#include <stddef.h>

#include "refnet/common.h"
#include "refnet/csv.h"
#include "refnet/diag.h"

struct rn_abook_field {
	char *col;
	char *val;             /* never empty */
};

/* "label" says how the card's person relates to the one named by value. */
struct rn_abook_rel {
	char *label;           /* as the source writes it: "Referred by", "spouse" */
	char *value;           /* a name, an e-mail address, or a UID */
	int by_uid;            /* value is another card's UID (vCard RELATED) */
	long line;
};

struct rn_abook_card {
	struct rn_abook_field *fields;
	size_t nfields, capf;
	struct rn_abook_rel *rels;
	size_t nrels, caprel;
	char *uid;             /* vCard UID, or NULL */
	long line;             /* where the card or row starts */
};

struct rn_abook {
	char *file;            /* the name used in messages */
	struct rn_abook_card *cards;
	size_t ncards, cap;
	size_t rows;           /* cards or data rows read */
	size_t skipped;        /* cards or rows not imported (each reported) */
	const char *encoding;  /* what the file was read as: "UTF-8", "CP1252", ... */
	const char *format;    /* "google", "google-old", "outlook-web", "outlook-desktop",
	                        * "vcard" */
};

void rn_abook_init(struct rn_abook *ab);
void rn_abook_release(struct rn_abook *ab);

/*
 * A new, empty card at the end of ab, starting at line; its index goes to
 * *index.  Returns 0, or -1 on out of memory.
 */
int rn_abook_card_new(struct rn_abook *ab, long line, size_t *index);

/* Remove the last card (one that turned out not to be readable). */
void rn_abook_card_drop(struct rn_abook *ab);

/*
 * Add val[0..n) (trimmed; nothing when empty) to column col of the card.  A
 * column already holding a different value gets "; " and the new value;
 * the same value is not added twice.  Returns 0, or -1 on out of memory.
 */
int rn_abook_add(struct rn_abook_card *c, const char *col, const char *val, size_t n);

/*
 * Add val to col when col is still empty, else to overflow (the first
 * e-mail address is `email`, the next ones `other_emails`).  0 or -1.
 */
int rn_abook_add_first(struct rn_abook_card *c, const char *col, const char *overflow,
                       const char *val, size_t n);

/* The value of column col, or NULL. */
const char *rn_abook_get(const struct rn_abook_card *c, const char *col);

/* Add a relation; 0, or -1 on out of memory. */
int rn_abook_rel_add(struct rn_abook_card *c, const char *label, size_t label_n,
                     const char *value, size_t value_n, int by_uid, long line);

/*
 * Is label a "referred by" relation (any case, with or without a hyphen or
 * space: "Referred by", "referred-by", "REFERRED BY", "Referral from")?
 */
int rn_abook_is_referral(const char *label);

/*
 * Make buf[0..*len) (malloc'd) UTF-8: a UTF-8 byte order mark is removed;
 * UTF-16 with a byte order mark is converted; text that is not valid UTF-8
 * is read as Windows-1252 (Outlook's encoding), converted, and a warning
 * says so.  *buf may be replaced (the old one is freed).  *enc receives
 * the encoding read.  Returns RN_OK, RN_E_DATA (UTF-16 that does not
 * convert) or RN_E_INTERNAL (out of memory); said in diag.
 */
enum rn_status rn_abook_to_utf8(char **buf, size_t *len, const char *display,
                                struct rn_diag *diag, const char **enc);

/*
 * A reader of one spreadsheet layout (Google, Outlook), driven by
 * rn_abook_read_csv.  header(ctx, record) reads the header: it returns 0,
 * 1 when the file is not of the reader's layout (said in diag), or -1 on
 * out of memory.  row(ctx, record, index) fills card ab->cards[index], made
 * for a data row: RN_OK, or RN_E_INTERNAL on out of memory.
 */
typedef int (*rn_abook_header_fn)(void *ctx, const struct rn_csv_record *rec);
typedef enum rn_status (*rn_abook_row_fn)(void *ctx, const struct rn_csv_record *rec,
                                          size_t index);

/*
 * Read a spreadsheet export of an address book (Google, Outlook): a copy of
 * buf[0..n) is made UTF-8 as rn_abook_to_utf8 does (the encoding goes to
 * ab->encoding); the header record is handed to header(ctx, record), then
 * each data row with a cell that is not blank is counted in ab->rows, given
 * a new card and handed to row(ctx, record, index).  A header of another
 * layout, or running out of memory, ends the reading.  A file without a
 * header is an error: "the file is empty: no <what> header".  Returns RN_OK,
 * RN_E_DATA (reading reported an error; said in diag) or RN_E_INTERNAL.
 */
enum rn_status rn_abook_read_csv(struct rn_abook *ab, const char *buf, size_t n,
                                 const char *display, struct rn_diag *diag, const char *what,
                                 rn_abook_header_fn header, rn_abook_row_fn row, void *ctx);

/*
 * The text of header cell i of rec, trimmed, with its length in *n; a cell
 * that is empty reads "column N" (N counted from 1, written into num), so
 * that its column is kept under its number.
 */
const char *rn_abook_header_text(const struct rn_csv_record *rec, size_t i, char num[32],
                                 size_t *n);

/*
 * Convert in[0..n) from charset to UTF-8 (iconv).  Returns a malloc'd,
 * NUL-terminated string (length in *out_n), or NULL when the charset is
 * unknown or the text is not valid in it (errno EINVAL/EILSEQ) or on out
 * of memory (ENOMEM).
 */
char *rn_abook_iconv(const char *charset, const char *in, size_t n, size_t *out_n);

/*
 * The readers.  buf[0..n) is the whole file (it need not be NUL-terminated);
 * display names it in messages.  Cards are appended to ab.  Return RN_OK
 * (problems with single cards or rows are warnings in diag), RN_E_DATA
 * (the file is not of this kind at all: said in diag) or RN_E_INTERNAL.
 * Time: O(n).
 */
enum rn_status rn_vcard_parse(struct rn_abook *ab, const char *buf, size_t n,
                              const char *display, struct rn_diag *diag);

/* Google Contacts CSV, current or older header; buf is converted to UTF-8 first. */
enum rn_status rn_gcontacts_parse(struct rn_abook *ab, const char *buf, size_t n,
                                  const char *display, struct rn_diag *diag);

/* Outlook CSV, web or desktop export; Windows-1252 is detected and converted. */
enum rn_status rn_outlook_parse(struct rn_abook *ab, const char *buf, size_t n,
                                const char *display, struct rn_diag *diag);

/* ---- into a network (src/import/abook.c) ---- */

struct rn_import;

struct rn_abook_import_options {
	const char *format;          /* "google", "outlook" or "vcard" */
	const char *const *files;    /* the exports, read in this order */
	size_t nfiles;
	const char *labels_as;       /* the column of labels / categories: "offers",
	                              * "needs", "tags"; NULL for "labels" */
	int date;                    /* the date of the intro events that "referred by"
	                              * relations become (address books have none) */
};

/*
 * Read the files and hand their people, ties and events to im:
 *   1. every card is matched (rn_import_add_person: e-mail, then name +
 *      company where unique; a website on linkedin.com/in/ is a profile URL)
 *      with the network and the cards of all files;
 *   2. each relation names another card (by UID, e-mail or a name that fits
 *      one contact): it becomes a tie noted with its label, and a "referred
 *      by" relation also an intro event from the referrer to the card's
 *      person, dated o->date, unless the log already has an intro between
 *      them; a relation that names nobody in the import is kept in the
 *      card's `related` column ("Spouse: Arun Natarajan");
 *   3. the columns of all cards of one contact are combined: a value the
 *      first card does not have is added after "; " (labels from two files
 *      are both kept), and another name, e-mail or company goes to
 *      other_names, other_emails or other_companies.
 * Problems go to diag.  Returns RN_OK, RN_E_NOINPUT, RN_E_DATA or
 * RN_E_INTERNAL; on an error in one file the others are still read, for
 * their messages.
 */
enum rn_status rn_import_abook(struct rn_import *im, const struct rn_abook_import_options *o,
                               struct rn_diag *diag);

#endif

/*
 * What the parts of the LinkedIn import share.  Private to src/import.
 *
 *   linkedin.c         rn_import_linkedin(): the members, the strength of a
 *                      tie, each member's export merged into the writer
 *                      while the next ones are read ahead in threads
 *   linkedin_export.c  finding the files of an export: a folder, a zip or
 *                      one Connections.csv
 *   linkedin_rows.c    reading the CSV files: Connections.csv into the
 *                      writer, messages and recommendations onto the
 *                      connections, the member's name from Profile.csv
 */
#ifndef REFNET_IMPORT_LINKEDIN_INTERNAL_H
#define REFNET_IMPORT_LINKEDIN_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <zip.h>

#include "../net/idmap.h"
#include "refnet/arena.h"
#include "refnet/csv.h"
#include "refnet/import.h"

enum li_file { LI_CONNECTIONS, LI_PROFILE, LI_MESSAGES, LI_REC_RECEIVED, LI_REC_GIVEN, LI_NFILES };

struct export {
	const char *path;
	int is_zip, is_dir;
	zip_t *zip;
	char *display[LI_NFILES];   /* how each file is named in messages, NULL when absent */
	zip_int64_t entry[LI_NFILES];
	char *file[LI_NFILES];      /* files on disk */
};

enum { CONN_BATCH = 64 };

/* What one member's export says about one connection. */
struct conn {
	int64_t idx;          /* contact index in the writer */
	int since;
	unsigned sent, received;
	int last_msg;
	int recommended;
};

struct member_state {
	struct rn_import *im;
	const struct rn_linkedin_options *opts;
	const struct rn_linkedin_member *m;
	int64_t member_idx;
	size_t member_no;
	struct rn_diag *diag;
	const char *display;
	struct rn_idmap *member_names;     /* folded member name -> member number */
	const size_t *member_name_count;   /* members sharing each name */
	const int64_t *member_rows;
	const size_t *slot_member;         /* member name slot -> member number */

	long c_first, c_last, c_url, c_email, c_company, c_position, c_on;
	int have_header;
	int want_urls, want_names;         /* the export has messages / recommendations */

	struct conn *conns;
	size_t nconns, cap;
	struct rn_idmap *by_url;           /* normalised URL -> slot */
	size_t *url_conn;
	size_t url_cap;
	struct rn_idmap *by_name;          /* folded name -> slot */
	size_t *name_conn, *name_count;
	size_t name_cap;
	struct rn_arena arena;

	size_t rows, hidden, skipped;
	char *profile_name;
	enum rn_status st;

	/* Connections read but not yet given to the writer: it takes them a
	 * batch at a time (rn_import_add_people), or all at once when the file
	 * was read ahead (deferred).  Their texts are in row_arena, which lives
	 * as long as the member's export is read. */
	struct rn_import_person *bp;
	struct rn_import_field (*bf)[2];   /* bp[i].fields, set when handed over */
	const char **bfn;                  /* folded name */
	struct rn_import_keys *bkeys;      /* match keys, made when read ahead */
	int *bsince;
	size_t nbatch, bcap;
	int deferred;
	struct rn_arena row_arena;
};

struct msg_state {
	struct member_state *ms;
	const char *display;
	long c_sender, c_recipients, c_date;
	int ok;
	size_t rows;
};

struct rec_state {
	struct member_state *ms;
	long c_first, c_last;
	size_t rows, matched;
};
/* linkedin_export.c */
void rn_linkedin_export_release(struct export *e);
enum rn_status rn_linkedin_export_open(struct export *e, const char *path, struct rn_diag *diag);
enum rn_status rn_linkedin_export_read(struct export *e, int which, char **buf, size_t *len,
                                       struct rn_diag *diag);

/* linkedin_rows.c */
int rn_linkedin_is_people_header(void *ctx, const char *line, size_t n, char delim);
int rn_linkedin_is_messages_header(void *ctx, const char *line, size_t n, char delim);
enum rn_status rn_linkedin_connection_row(void *vctx, const struct rn_csv_record *rec);
enum rn_status rn_linkedin_flush_connections(struct member_state *ms);
enum rn_status rn_linkedin_message_row(void *vctx, const struct rn_csv_record *rec);
enum rn_status rn_linkedin_recommendation_row(void *vctx, const struct rn_csv_record *rec);
enum rn_status rn_linkedin_profile_row(void *vctx, const struct rn_csv_record *rec);
enum rn_status rn_linkedin_read_part(struct export *e, int which,
                                     int (*is_header)(void *, const char *, size_t, char),
                                     const char *what, struct rn_diag *diag,
                                     rn_sheet_record_fn fn, void *ctx);

#endif

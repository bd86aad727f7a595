/*
 * Fuzz target: the spreadsheet reader (`import csv`) and the import writer.
 * The first byte picks the options (mappings, delimiter, decimal comma,
 * date format, kinds, ties from the log); the rest is split at form feeds
 * into the contacts, ties and log sheets.  Any bytes must give a result
 * or diagnostics (encodings, delimiters, headers, values), never a crash,
 * a hang or a leak.  The import is a dry run into a directory that does
 * not exist.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzzdir.h"
#include "fuzz_sheet.h"
#include "refnet/import.h"
#include "refnet/network.h"

static const char *const names[3] = { "contacts.csv", "ties.csv", "log.csv" };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (fuzz_dir_make("import-csv"))
		rn_igraph_setup();
	if (!size)
		return 0;
	unsigned opt = data[0];
	char path[3][128];
	int have[3] = { 0, 0, 0 };
	for (int k = 0; k < 3; k++) {
		snprintf(path[k], sizeof(path[k]), "%s/%s", dir, names[k]);
		unlink(path[k]);
	}
	fuzz_split_files(data + 1, size - 1, path, have);

	struct rn_csv_map map[4];
	struct rn_csv_import_options co = fuzz_sheet_options(opt, path, have, map);
	char out[128], err[256];
	snprintf(out, sizeof(out), "%s/net", dir);
	struct rn_import_options o = { .dir = out, .dry_run = 1 };
	struct rn_import *im = NULL;
	struct rn_diag diag;
	struct rn_import_stats st;
	rn_diag_init(&diag);
	enum rn_status s = rn_import_new(&im, &o, &diag);
	if (s == RN_OK)
		s = rn_import_csv(im, &co, &diag);
	if (s == RN_OK && !diag.nerrors)
		s = rn_import_finish(im, &st, err, sizeof(err));
	if (s == RN_OK && !diag.nerrors && st.contacts < st.contacts_new)
		abort();
	rn_import_free(im);
	rn_diag_release(&diag);
	for (int k = 0; k < 3; k++)
		unlink(path[k]);
	return 0;
}

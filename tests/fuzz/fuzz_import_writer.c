/*
 * Fuzz target: the import writer all the way to the files it writes.  The
 * input is fuzz_import_csv's (the first byte picks the options, the rest is
 * the contacts, ties and log sheets split at form feeds); the import is not
 * a dry run but writes a network directory.  Then:
 *   - the loader reads the written network back with no error (the writer
 *     must never write what refnet refuses);
 *   - the same import run again into that directory changes no file and
 *     leaves every byte as it was (re-running an import is a no-op, as
 *     docs/import.md promises), and its own check of the existing network
 *     finds no error either.
 * Anything else aborts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzzdir.h"
#include "fuzz_sheet.h"
#include "refnet/import.h"
#include "refnet/network.h"

static const char *const names[3] = { "contacts.csv", "ties.csv", "log.csv" };
static char sheet[3][128], net_dir[128];

/* The network's files and the sheets, then (fuzz_dir_remove) the directory. */
static void remove_files(void)
{
	char path[192];
	for (int k = 0; k < 3; k++) {
		snprintf(path, sizeof(path), "%s/%s", net_dir, names[k]);
		unlink(path);
		unlink(sheet[k]);
	}
	rmdir(net_dir);
}

/* The bytes of the network's files, each into its own malloc'd buffer (NULL
 * and 0 for a missing file). */
static void snapshot(char *buf[3], size_t len[3])
{
	char path[192];
	for (int k = 0; k < 3; k++) {
		buf[k] = NULL;
		len[k] = 0;
		snprintf(path, sizeof(path), "%s/%s", net_dir, names[k]);
		FILE *f = fopen(path, "rb");
		if (!f)
			continue;
		size_t cap = 0;
		for (;;) {
			if (len[k] + 4096 > cap) {
				cap = cap ? cap * 2 : 65536;
				buf[k] = realloc(buf[k], cap);
				if (!buf[k])
					abort();
			}
			size_t n = fread(buf[k] + len[k], 1, cap - len[k], f);
			len[k] += n;
			if (n == 0)
				break;
		}
		fclose(f);
	}
}

/* One import of the sheets into net_dir: the writer's status, or -1 when
 * the input had errors (nothing is written then). */
static int import_once(unsigned opt, const int have[3], struct rn_import_stats *st)
{
	struct rn_csv_map map[4];
	struct rn_csv_import_options co = fuzz_sheet_options(opt, sheet, have, map);
	char err[256];
	struct rn_import_options o = { .dir = net_dir, .dry_run = 0 };
	struct rn_import *im = NULL;
	struct rn_diag diag;
	rn_diag_init(&diag);
	enum rn_status s = rn_import_new(&im, &o, &diag);
	int rc;
	if (s == RN_OK)
		s = rn_import_csv(im, &co, &diag);
	if (s == RN_OK && !diag.nerrors) {
		s = rn_import_finish(im, st, err, sizeof(err));
		rc = (int) s;
	} else {
		rc = -1;
	}
	rn_import_free(im);
	rn_diag_release(&diag);
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (fuzz_dir_make("import-writer")) {
		rn_igraph_setup();
		snprintf(net_dir, sizeof(net_dir), "%s/net", dir);
		for (int k = 0; k < 3; k++)
			snprintf(sheet[k], sizeof(sheet[k]), "%s/in-%s", dir, names[k]);
		atexit(remove_files);   /* runs before fuzz_dir_remove: atexit is LIFO */
	}
	if (!size)
		return 0;
	remove_files();
	if (mkdir(net_dir, 0700) != 0)
		abort();
	unsigned opt = data[0];
	int have[3] = { 0, 0, 0 };
	fuzz_split_files(data + 1, size - 1, sheet, have);

	struct rn_import_stats st1, st2;
	if (import_once(opt, have, &st1) != RN_OK || !st1.written[0])
		return 0;   /* bad input, or nothing written: fuzz_import_csv's ground */

	/* The loader reads what the writer wrote, without an error. */
	struct rn_network net;
	struct rn_load_options lo = { .dir = net_dir };
	struct rn_diag diag;
	memset(&net, 0, sizeof(net));
	rn_diag_init(&diag);
	enum rn_status s = rn_network_load(&net, &lo, &diag);
	if (s != RN_OK || diag.nerrors) {
		rn_diag_print(&diag, stderr, 1, "");
		abort();
	}
	if ((size_t) net.ncontacts != st1.contacts)
		abort();
	rn_network_release(&net);
	rn_diag_release(&diag);

	/* The same import again: nothing changes. */
	char *before[3], *after[3];
	size_t blen[3], alen[3];
	snapshot(before, blen);
	if (import_once(opt, have, &st2) != RN_OK)
		abort();
	snapshot(after, alen);
	if (st2.files_changed || st2.contacts_new || st2.ties_new || st2.events_new)
		abort();
	for (int k = 0; k < 3; k++) {
		if (blen[k] != alen[k] || (blen[k] && memcmp(before[k], after[k], blen[k]) != 0))
			abort();
		free(before[k]);
		free(after[k]);
	}
	return 0;
}

/*
 * Fuzz target: the LinkedIn reader and the import writer.  The input is
 * split at form feeds into Connections.csv, messages.csv, Profile.csv and
 * Recommendations_Received.csv of one export folder, which two members
 * both name (every connection is then matched a second time).  The import
 * runs as a dry run; any bytes must give a result or diagnostics, never a
 * crash, a hang or a leak, and a network that imports must be importable
 * into again with the same counts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzzdir.h"
#include "refnet/import.h"
#include "refnet/network.h"

static const char *const names[4] = {
	"Connections.csv", "messages.csv", "Profile.csv", "Recommendations_Received.csv"
};

static void put(const char *sub, const char *name, const uint8_t *p, size_t n)
{
	char path[160];
	snprintf(path, sizeof(path), "%s/%s/%s", dir, sub, name);
	FILE *f = fopen(path, "wb");
	if (!f)
		abort();
	if (n && fwrite(p, 1, n, f) != n)
		abort();
	fclose(f);
}

static enum rn_status run(struct rn_import_stats *st, struct rn_diag *diag, const char *exp)
{
	char out[128];
	snprintf(out, sizeof(out), "%s/net", dir);
	struct rn_import_options o = { .dir = out, .dry_run = 1 };
	struct rn_linkedin_member m[2] = { { "a", NULL, exp }, { "b", "B Person", exp } };
	struct rn_linkedin_options lo = { .members = m, .nmembers = 2, .offers_from_position = 1 };
	rn_linkedin_rule_default(&lo.rule);
	struct rn_import *im = NULL;
	char err[256];
	rn_diag_init(diag);
	enum rn_status s = rn_import_new(&im, &o, diag);
	if (s == RN_OK)
		s = rn_import_linkedin(im, &lo, diag);
	if (s == RN_OK && !diag->nerrors)
		s = rn_import_finish(im, st, err, sizeof(err));
	rn_import_free(im);
	return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (fuzz_dir_make("import-linkedin"))
		rn_igraph_setup();
	char exp[128];
	snprintf(exp, sizeof(exp), "%s/export", dir);
	mkdir(exp, 0700);
	const uint8_t *p = data;
	size_t left = size;
	for (int k = 0; k < 4; k++) {
		const uint8_t *ff = left ? memchr(p, '\f', left) : NULL;
		size_t n = ff ? (size_t) (ff - p) : left;
		if (k == 0 || n)
			put("export", names[k], p, n);
		if (!ff) {
			left = 0;
			continue;
		}
		left -= n + 1;
		p = ff + 1;
	}
	struct rn_import_stats s1, s2;
	struct rn_diag d1, d2;
	memset(&s1, 0, sizeof(s1));
	memset(&s2, 0, sizeof(s2));
	enum rn_status a = run(&s1, &d1, exp), b = run(&s2, &d2, exp);
	/* The same input twice gives the same answer (nothing depends on state
	 * left from an earlier run). */
	if (a != b || d1.nerrors != d2.nerrors || d1.nwarnings != d2.nwarnings ||
	    s1.contacts != s2.contacts || s1.ties != s2.ties)
		abort();
	rn_diag_release(&d1);
	rn_diag_release(&d2);
	for (int k = 0; k < 4; k++) {
		char path[160];
		snprintf(path, sizeof(path), "%s/%s", exp, names[k]);
		unlink(path);
	}
	rmdir(exp);
	return 0;
}

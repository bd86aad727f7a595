/*
 * Fuzz target: the whole network loader.  The input is split at the first
 * two form-feed bytes into contacts.csv, ties.csv and log.csv, written to a
 * private directory, and loaded with the graph and adjacency built; a
 * network that loads is exported to JSON and GraphML to exercise the
 * writers.  It is loaded twice, in one go and with each file read in three
 * parts (threads): any difference aborts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzzdir.h"
#include "refnet/export.h"
#include "refnet/network.h"


static void write_part(const char *name, const uint8_t *p, size_t n)
{
	char path[128];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	if (!f)
		abort();
	if (n && fwrite(p, 1, n, f) != n)
		abort();
	fclose(f);
}

/* Load the directory in `parts` parts; its status, problems and (when it
 * loads) JSON and GraphML exports, as text. */
static char *load_and_describe(int parts, size_t *len)
{
	char *buf = NULL;
	FILE *out = open_memstream(&buf, len);
	if (!out)
		abort();
	struct rn_load_options lo = { .dir = dir, .graph = 1, .adjacency = 1, .parts = parts };
	struct rn_network net;
	struct rn_diag diag;
	rn_diag_init(&diag);
	enum rn_status st = rn_network_load(&net, &lo, &diag);
	fprintf(out, "status %d\n", (int) st);
	rn_diag_print(&diag, out, 1, "");
	if (st == RN_OK) {
		rn_export_json(&net, out);
		rn_export_graphml(&net, out);
		rn_network_release(&net);
	}
	rn_diag_release(&diag);
	if (fclose(out) != 0)
		abort();
	return buf;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (fuzz_dir_make("load")) {
		rn_igraph_setup();
	}
	const uint8_t *part[3] = { data, NULL, NULL };
	size_t len[3] = { size, 0, 0 };
	for (int k = 1; k < 3; k++) {
		const uint8_t *ff = memchr(part[k - 1], '\f', len[k - 1]);
		if (!ff)
			break;
		part[k] = ff + 1;
		len[k] = len[k - 1] - (size_t) (part[k] - part[k - 1]);
		len[k - 1] = (size_t) (ff - part[k - 1]);
	}
	static const char *const names[3] = { "contacts.csv", "ties.csv", "log.csv" };
	for (int k = 0; k < 3; k++) {
		char path[128];
		snprintf(path, sizeof(path), "%s/%s", dir, names[k]);
		unlink(path);
		if (part[k])
			write_part(names[k], part[k], len[k]);
	}

	/* Loaded in one go and with ties and log cut in three parts, the
	 * network, its problems and its status must be the same. */
	size_t n1, n3;
	char *one = load_and_describe(1, &n1), *three = load_and_describe(3, &n3);
	if (n1 != n3 || memcmp(one, three, n1) != 0)
		abort();
	free(one);
	free(three);
	return 0;
}

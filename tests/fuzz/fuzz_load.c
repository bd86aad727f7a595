/*
 * Fuzz target: the whole network loader.  The input is split at the first
 * two form-feed bytes into contacts.csv, ties.csv and log.csv, written to a
 * private directory, and loaded with the graph and adjacency built; a
 * network that loads is exported to JSON to exercise the writers.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "refnet/export.h"
#include "refnet/network.h"

static char dir[64];

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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!dir[0]) {
		snprintf(dir, sizeof(dir), "/tmp/refnet-fuzz.XXXXXX");
		if (!mkdtemp(dir))
			abort();
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

	struct rn_load_options lo = { .dir = dir, .graph = 1, .adjacency = 1 };
	struct rn_network net;
	struct rn_diag diag;
	rn_diag_init(&diag);
	if (rn_network_load(&net, &lo, &diag) == RN_OK) {
		FILE *null = fopen("/dev/null", "w");
		if (null) {
			rn_export_json(&net, null);
			rn_export_graphml(&net, null);
			fclose(null);
		}
		rn_network_release(&net);
	}
	rn_diag_release(&diag);
	return 0;
}

/*
 * Fuzz target: Unicode folding and need matching.  The input is a list of
 * offers tags and a need, separated by form feeds; the tags become one
 * contact's offers, and the need is matched against them.  The index's
 * answer must agree with checking every tag directly.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzzdir.h"
#include "refnet/needs.h"
#include "refnet/text.h"


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (fuzz_dir_make("needs")) {
		rn_igraph_setup();
	}
	const uint8_t *ff = memchr(data, '\f', size);
	if (!ff)
		return 0;
	size_t ntags = (size_t) (ff - data);
	size_t at;
	/* Only valid text reaches matching (the loader rejects the rest). */
	if (rn_text_check((const char *) data, size, &at) != RN_TEXT_OK ||
	    memchr(data, '"', ntags) || memchr(data, '\n', size) || memchr(data, '\r', size))
		return 0;

	char path[128];
	snprintf(path, sizeof(path), "%s/contacts.csv", dir);
	FILE *f = fopen(path, "wb");
	if (!f)
		abort();
	fprintf(f, "id,offers\nx,\"%.*s\"\n", (int) ntags, (const char *) data);
	fclose(f);

	char *need = strndup((const char *) ff + 1, size - ntags - 1);
	struct rn_load_options lo = { .dir = dir };
	struct rn_network net;
	struct rn_diag diag;
	rn_diag_init(&diag);
	if (need && rn_network_load(&net, &lo, &diag) == RN_OK) {
		struct rn_needs_index ix;
		if (rn_needs_index_init(&ix, &net) == RN_OK) {
			uint32_t *tags;
			size_t n;
			char *fold;
			if (rn_needs_match(&ix, need, &tags, &n) == RN_OK &&
			    rn_text_fold(need, strlen(need), &fold) == 0) {
				size_t direct = 0;
				for (uint32_t t = 0; t < net.ntags; t++)
					direct += rn_needs_tag_matches(&net, t, fold) != 0;
				if (direct != n)
					abort();
				free(fold);
				free(tags);
			}
			rn_needs_index_release(&ix);
		}
		rn_network_release(&net);
	}
	rn_diag_release(&diag);
	free(need);
	return 0;
}

/*
 * What the two spreadsheet import targets (fuzz_import_csv,
 * fuzz_import_writer) share: how an input becomes up to three sheets and
 * the import options its first byte picks.  Included by one target each,
 * so everything here is static.
 */
#ifndef REFNET_FUZZ_SHEET_H
#define REFNET_FUZZ_SHEET_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "refnet/import.h"

/*
 * The spreadsheet import targets' input: up to three files cut apart at form
 * feeds.  Writes the first file always and each next one while bytes are
 * left; have[k] is set for each file written.
 */
static void fuzz_split_files(const uint8_t *p, size_t left, char (*path)[128], int have[3])
{
	for (int k = 0; k < 3; k++) {
		if (k > 0 && !left)
			break;
		const uint8_t *ff = left ? memchr(p, '\f', left) : NULL;
		size_t n = ff ? (size_t) (ff - p) : left;
		FILE *f = fopen(path[k], "wb");
		if (!f || (n && fwrite(p, 1, n, f) != n))
			abort();
		fclose(f);
		have[k] = 1;
		left = ff ? left - n - 1 : 0;
		p = ff ? ff + 1 : p + n;
	}
}

/*
 * The options of `import csv` that the first byte picks: the name and tie
 * mappings (bits 0 and 1), decimal comma (2), D.M.Y dates (3), ties from the
 * log (4), a kinds vocabulary (5) and the delimiter (bits 6-7: detected, ',',
 * ';', tab).  map must hold 4 entries.
 */
static struct rn_csv_import_options fuzz_sheet_options(unsigned opt, char (*path)[128],
                                                       const int have[3],
                                                       struct rn_csv_map map[4])
{
	size_t nmap = 0;
	if (opt & 1)
		map[nmap++] = (struct rn_csv_map) { "name", "First Name+Last Name" };
	if (opt & 2) {
		map[nmap++] = (struct rn_csv_map) { "a", "A" };
		map[nmap++] = (struct rn_csv_map) { "b", "B" };
	}
	static const char delims[4] = { 0, ',', ';', '\t' };
	return (struct rn_csv_import_options) {
		.contacts = path[0], .ties = have[1] ? path[1] : NULL,
		.log = have[2] ? path[2] : NULL,
		.map = map, .nmap = nmap, .delim = delims[(opt >> 6) & 3],
		.decimal_comma = (opt >> 2) & 1, .date_format = (opt & 8) ? "D.M.Y" : NULL,
		.ties_from_log = (opt >> 4) & 1, .kinds = (opt & 32) ? "Thank you=thanks,x=referral" : NULL,
		.source = "fuzz"
	};
}

#endif

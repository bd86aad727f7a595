/*
 * The private directory a fuzz target writes its network files to: made on
 * the first input (fuzz_dir_make), removed with those files when the fuzzer
 * exits.  Included by one target each, so everything here is static.
 */
#ifndef REFNET_FUZZDIR_H
#define REFNET_FUZZDIR_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[64];

static void fuzz_dir_remove(void)
{
	static const char *const names[] = { "contacts.csv", "ties.csv", "log.csv" };
	char path[128];
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		unlink(path);
	}
	rmdir(dir);
}

/* Make dir ("/tmp/refnet-fuzz-WHAT.XXXXXX") unless it is made: 1 the first
 * time, for the target's own one-time set-up. */
static int fuzz_dir_make(const char *what)
{
	if (dir[0])
		return 0;
	snprintf(dir, sizeof(dir), "/tmp/refnet-fuzz-%s.XXXXXX", what);
	if (!mkdtemp(dir))
		abort();
	atexit(fuzz_dir_remove);
	return 1;
}

/*
 * The spreadsheet import targets' input: up to three files cut apart at form
 * feeds.  Writes the first file always and each next one while bytes are
 * left; have[k] is set for each file written.
 */
static inline void fuzz_split_files(const uint8_t *p, size_t left, char (*path)[128], int have[3])
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

#endif

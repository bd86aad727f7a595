/*
 * The private directory a fuzz target writes its network files to: made on
 * the first input (fuzz_dir_make), removed with those files when the fuzzer
 * exits.  Included by one target each, so everything here is static.
 */
#ifndef REFNET_FUZZDIR_H
#define REFNET_FUZZDIR_H

#include <stdio.h>
#include <stdlib.h>
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

#endif

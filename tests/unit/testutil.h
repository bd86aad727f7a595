/*
 * Helpers shared by the unit tests (testutil.c, linked into every
 * tests/unit/test_*.c): small networks written as CSV files into a fresh
 * temporary directory, loaded and removed again; the test data directory
 * and the sample network; contacts by id.
 *
 * The helpers check what they do with cmocka's assertions, so a test that
 * calls them need not: a file that cannot be written, a network that does
 * not load (its problems are printed first) or an unknown id fails the
 * running test.  Include this after <cmocka.h>.
 */
#ifndef REFNET_TESTUTIL_H
#define REFNET_TESTUTIL_H

#include <stdint.h>
#include <stdio.h>

#include "refnet/network.h"

/* ---- temporary directories ---- */

#define TU_DIR_MAX 64   /* room for a directory made by tu_mkdtemp() */

/*
 * Make a fresh directory "/tmp/refnet-test-WHAT-XXXXXX" and put its name in
 * dir (TU_DIR_MAX bytes).  Returns 0, or -1 when it cannot be made, as
 * cmocka's setup functions do.
 */
int tu_mkdtemp(char *dir, const char *what);

/*
 * Remove dir with everything in it (files and directories, not following
 * symbolic links).  Returns the final rmdir()'s result: 0, or -1 when dir
 * could not be removed, as cmocka's teardown functions do.
 */
int tu_rmtree(const char *dir);

/* ---- writing networks ---- */

/* Open dir/name for writing; tu_close() closes it and checks that all was written. */
FILE *tu_create(const char *dir, const char *name);
void tu_close(FILE *f);

/* Write text to dir/name, replacing the file. */
void tu_put(const char *dir, const char *name, const char *text);

/*
 * Rows under these headers: a tie of strength micro millionths (0 writes the
 * cell empty: the default strength) last in contact on day last, and a log
 * event of kind (enum rn_kind, written as its name).  A day of RN_NO_DATE is
 * written as an empty cell.
 */
#define TU_TIES_HEADER "a,b,strength,last_contact\n"
#define TU_LOG_HEADER "date,from,to,kind\n"
void tu_tie_row(FILE *f, const char *a, const char *b, int micro, int last);
void tu_event_row(FILE *f, int date, const char *from, const char *to, int kind);

/* ---- loading ---- */

/* What tu_load() and tu_load_sample() build besides the tables. */
#define TU_GRAPH 1u       /* the igraph graph (rn_load_options.graph) */
#define TU_ADJACENCY 2u   /* the adjacency lists (rn_load_options.adjacency) */

/* Load a network with these options; it must load without an error. */
void tu_load_with(struct rn_network *net, const struct rn_load_options *lo);

/* Load the network directory dir, building what (TU_GRAPH | TU_ADJACENCY, or 0). */
void tu_load(struct rn_network *net, const char *dir, unsigned what);

/*
 * The test data directory tests/data: REFNET_TEST_DATA, which ctest sets,
 * else "tests/data" (a test run by hand from the source directory).
 */
const char *tu_data_dir(void);

/* Load the sample network (datasets/sample), building what. */
void tu_load_sample(struct rn_network *net, unsigned what);

/* The contact with id s; fails the test when there is none. */
igraph_integer_t tu_id(const struct rn_network *net, const char *s);

/* ---- random networks ---- */

/* A reproducible random generator (splitmix64) for the brute-force tests:
 * tu_seed() starts a sequence; tu_rnd_int() is uniform in [lo, hi];
 * tu_chance(p) is true with p percent probability. */
void tu_seed(uint64_t seed);
uint64_t tu_rnd(void);
int tu_rnd_int(int lo, int hi);
int tu_chance(int percent);

#endif

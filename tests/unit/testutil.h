/*
 * Helpers shared by the unit tests (testutil.c, linked into every
 * tests/unit/test_*.c): small networks written as CSV files into a fresh
 * temporary directory, loaded and removed again; the test data directory
 * and the sample network; contacts by id; the trust model that the intro
 * and match tests check the engines against.
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

#include "refnet/intro.h"
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

/* ---- the trust model ---- */

/*
 * A small network held as plain data (contacts with tag lists, ties with
 * strengths and dates, log events), with the effective strength of each
 * tie and the fatigue of each contact computed from the formulas of
 * docs/scoring.md written out again: effective strength = strength x
 * max(floor, 0.5^(age / half_life)), age counting from the later of
 * last_contact and the latest log event of the pair (dates after as_of
 * ignored); fatigue = max(floor, f^(n - 1)) for n asks and pitches received
 * in (as_of - window, as_of].  The brute-force tests of intro and match
 * compare the engines with answers worked out from this model alone.
 */
#define TU_MODEL_MAXN 16    /* contacts */
#define TU_MODEL_MAXE 512   /* log events */
#define TU_MODEL_MAXT 4     /* tags per contact in offers, in needs */

struct tu_tie {
	int a, b;
	int micro;   /* strength in millionths; 0: written empty (0.5) */
	int last;    /* last_contact in days, or RN_NO_DATE */
};

struct tu_event {
	int date, from, to, kind;
};

struct tu_model {
	int n;
	int as_of;
	char id[TU_MODEL_MAXN][8];
	int noffer[TU_MODEL_MAXN], nneed[TU_MODEL_MAXN];
	const char *offer[TU_MODEL_MAXN][TU_MODEL_MAXT];   /* each a cell's text: may hold ';' */
	const char *need[TU_MODEL_MAXN][TU_MODEL_MAXT];
	int ntie;
	struct tu_tie tie[TU_MODEL_MAXN * TU_MODEL_MAXN];
	int nev;
	struct tu_event ev[TU_MODEL_MAXE];
	struct rn_intro_options opt;
	/* Derived by tu_model_derive(). */
	int tie_of[TU_MODEL_MAXN][TU_MODEL_MAXN];   /* tie index, or -1 */
	double eff[TU_MODEL_MAXN][TU_MODEL_MAXN];   /* effective strength of the tie */
	double fatigue[TU_MODEL_MAXN];
};

/* n contacts c00, c01... without tags, ties or events; default options. */
void tu_model_init(struct tu_model *m, int n, int as_of);
void tu_model_tie(struct tu_model *m, int a, int b, int micro, int last);
void tu_model_event(struct tu_model *m, int date, int from, int to, int kind);
/* Add a tag to a list (offer[v] or need[v]) unless it is there already. */
void tu_model_tag(const char **list, int *n, const char *tag);
/* Distinct random two-letter ids, unrelated to file order. */
void tu_model_random_ids(struct tu_model *m);
/* Shuffle the ties so that their file order says nothing either. */
void tu_model_shuffle_ties(struct tu_model *m);
/* Effective strengths and fatigue from the formulas (above). */
void tu_model_derive(struct tu_model *m);
/* Write the model to contacts.csv, ties.csv and log.csv of dir (contacts in
 * model order, names "Name ID") and load it with the adjacency lists. */
void tu_model_load(const struct tu_model *m, const char *dir, struct rn_network *net);

#endif

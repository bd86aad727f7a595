/*
 * The streaming row writer with several threads (src/output/rowout.c): the
 * bytes must be the same for 1, 2, 3 and 4 threads in
 * every format, for row counts around the block size and the round size,
 * with each thread's context used by that thread only; a failing row stops
 * the writing with -1 whichever thread produces it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "refnet/rowout.h"

#define NCOLS 4

static const struct rn_rowout_col cols[NCOLS] = {
	{ "n", 1 }, { "name", 0 }, { "note", 0 }, { "last_col", 1 }
};

/* Each context has its own scratch space, as a command's would. */
struct ctx {
	char n[24], name[64], note[64], last[24];
	size_t fail_at;    /* a row that fails, or SIZE_MAX */
	size_t calls;
};

/* Rows whose widths vary, with text that needs quoting and escaping, and
 * wide characters now and then.  The widest cells of the last column are
 * in the last rows: text widths must come from every thread's share. */
static int row_fn(void *vc, size_t i, int all, const char **cell)
{
	struct ctx *c = vc;
	c->calls++;
	if (i == c->fail_at)
		return -1;
	snprintf(c->n, sizeof(c->n), "%zu", i);
	snprintf(c->name, sizeof(c->name), "%s%zu", i % 7 == 0 ? "Zoë " : "p", i * 7919 % 100003);
	snprintf(c->note, sizeof(c->note), "%s", i % 5 == 0 ? "a, \"b\"\tc\nd" : i % 3 ? "x" : "");
	snprintf(c->last, sizeof(c->last), "%zu", i % 11 == 0 ? i * 1000003 : i % 13);
	cell[0] = c->n;
	cell[1] = c->name;
	cell[2] = i % 4 == 1 ? NULL : c->note;
	cell[3] = all || cols[NCOLS - 1].number ? c->last : NULL;
	return 0;
}

static char *capture(enum rn_format f, size_t nrows, int threads, size_t fail_at, int *rc)
{
	struct ctx c[RN_THREADS_MAX];
	void *ctx[RN_THREADS_MAX];
	for (int t = 0; t < RN_THREADS_MAX; t++) {
		memset(&c[t], 0, sizeof(c[t]));
		c[t].fail_at = fail_at;
		ctx[t] = &c[t];
	}
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	assert_non_null(fp);
	*rc = rn_rowout_write_threads(fp, f, cols, NCOLS, nrows, row_fn, ctx, threads);
	assert_int_equal(fclose(fp), 0);
	return buf;
}

static void same_bytes(void **state)
{
	(void) state;
	static const enum rn_format formats[] = { RN_FMT_TEXT, RN_FMT_CSV, RN_FMT_TSV, RN_FMT_JSON };
	static const size_t counts[] = { 0, 1, 1023, 1024, 5000, RN_ROWOUT_BLOCK - 1,
	                                 RN_ROWOUT_BLOCK, RN_ROWOUT_BLOCK + 1,
	                                 2 * RN_ROWOUT_BLOCK + 17, 9 * RN_ROWOUT_BLOCK + 5 };
	for (size_t f = 0; f < sizeof(formats) / sizeof(*formats); f++) {
		for (size_t k = 0; k < sizeof(counts) / sizeof(*counts); k++) {
			int rc;
			char *one = capture(formats[f], counts[k], 1, SIZE_MAX, &rc);
			assert_int_equal(rc, 0);
			for (int t = 2; t <= RN_THREADS_MAX; t++) {
				char *many = capture(formats[f], counts[k], t, SIZE_MAX, &rc);
				assert_int_equal(rc, 0);
				assert_string_equal(many, one);
				free(many);
			}
			free(one);
		}
	}
}

static void failing_row(void **state)
{
	(void) state;
	size_t n = 5 * RN_ROWOUT_BLOCK;
	const size_t fail[] = { 0, RN_ROWOUT_BLOCK + 3, n - 1 };
	for (size_t k = 0; k < sizeof(fail) / sizeof(*fail); k++) {
		for (int t = 1; t <= RN_THREADS_MAX; t++) {
			int rc;
			free(capture(RN_FMT_CSV, n, t, fail[k], &rc));
			assert_int_equal(rc, -1);
			free(capture(RN_FMT_TEXT, n, t, fail[k], &rc));
			assert_int_equal(rc, -1);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(same_bytes),
		cmocka_unit_test(failing_row),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

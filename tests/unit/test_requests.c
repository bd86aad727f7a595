/*
 * Unit tests for the requests file reader (src/io/requests.c): columns
 * found by name in any order and case, with 'for' for 'from'; cells
 * trimmed; absent columns read as ""; lines and columns kept for messages;
 * a header without the needed columns gives no rows.  The messages
 * themselves are pinned by the golden cases intro-requests-*.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "refnet/requests.h"
#include "testutil.h"

static enum rn_status read_text(const char *text, struct rn_requests *r, size_t *errors)
{
	char dir[TU_DIR_MAX], path[TU_DIR_MAX + 16];
	struct rn_diag diag;
	assert_int_equal(tu_mkdtemp(dir, "requests"), 0);
	tu_put(dir, "r.csv", text);
	snprintf(path, sizeof(path), "%s/r.csv", dir);
	rn_diag_init(&diag);
	enum rn_status st = rn_requests_read(path, "r.csv", &diag, r);
	*errors = diag.nerrors;
	rn_diag_release(&diag);
	tu_rmtree(dir);
	return st;
}

static void rows(void **state)
{
	struct rn_requests r;
	size_t errors;
	(void) state;
	assert_int_equal(read_text("note, Need ,FOR\n"
	                           "x,  estate attorney , ann \n"
	                           "y,,\n", &r, &errors), RN_OK);
	assert_int_equal(errors, 0);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.row[0].from, "ann");
	assert_string_equal(r.row[0].need, "estate attorney");
	assert_string_equal(r.row[0].to, "");
	assert_int_equal(r.row[0].line, 2);
	assert_int_equal(r.row[0].col_from, 3);
	assert_int_equal(r.row[0].col_need, 2);
	assert_int_equal(r.row[0].col_to, 0);
	assert_string_equal(r.row[1].from, "");
	assert_int_equal(r.row[1].line, 3);
	rn_requests_release(&r);

	assert_int_equal(read_text("from,to\nann,bob\n", &r, &errors), RN_OK);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.row[0].to, "bob");
	assert_string_equal(r.row[0].need, "");
	assert_int_equal(r.row[0].col_to, 2);
	rn_requests_release(&r);
}

static void bad_headers(void **state)
{
	struct rn_requests r;
	size_t errors;
	(void) state;
	assert_int_equal(read_text("need\nestate attorney\n", &r, &errors), RN_E_DATA);
	assert_int_equal(errors, 1);
	assert_int_equal(r.n, 0);
	assert_null(r.row);
	assert_int_equal(read_text("from,need,for\nann,x,bob\n", &r, &errors), RN_E_DATA);
	assert_int_equal(errors, 1);
	assert_int_equal(r.n, 0);
	assert_int_equal(read_text("from,to,need,to\nann,bob,x,cy\n", &r, &errors), RN_E_DATA);
	assert_int_equal(r.n, 0);
	rn_requests_release(&r);   /* released twice: harmless */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rows),
		cmocka_unit_test(bad_headers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

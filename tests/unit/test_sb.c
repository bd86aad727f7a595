/*
 * Unit tests for the string builder (src/io/sb.c): growth, printf past the
 * small stack buffer, the fixed form's cut at a UTF-8 boundary, steal, and
 * the one-time allocation-failure flag.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "refnet/sb.h"

static void grows_and_keeps_text(void **state)
{
	(void) state;
	struct rn_sb b;
	rn_sb_init(&b);
	assert_string_equal(rn_sb_str(&b), "");
	for (int i = 0; i < 1000; i++)
		rn_sb_add(&b, "0123456789", 10);
	assert_int_equal(b.len, 10000);
	assert_int_equal(strlen(rn_sb_str(&b)), 10000);
	assert_memory_equal(rn_sb_str(&b) + 9990, "0123456789", 10);
	rn_sb_clear(&b);
	assert_string_equal(rn_sb_str(&b), "");
	rn_sb_puts(&b, "a");
	rn_sb_printf(&b, "-%d-%s", 42, "x");
	assert_string_equal(rn_sb_str(&b), "a-42-x");
	assert_int_equal(b.oom, 0);
	rn_sb_release(&b);
	rn_sb_release(NULL);
}

static void printf_longer_than_stack(void **state)
{
	(void) state;
	char big[1000];
	memset(big, 'z', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	struct rn_sb b;
	rn_sb_init(&b);
	rn_sb_puts(&b, "<");
	rn_sb_printf(&b, "%s>%d", big, 7);
	assert_int_equal(b.len, 1 + 999 + 2);
	assert_int_equal(rn_sb_str(&b)[0], '<');
	assert_string_equal(rn_sb_str(&b) + 1000, ">7");
	rn_sb_release(&b);
}

static void fixed_cuts_at_character(void **state)
{
	(void) state;
	char buf[8];
	struct rn_sb b;
	rn_sb_init_fixed(&b, buf, sizeof(buf));
	assert_string_equal(buf, "");
	rn_sb_puts(&b, "abcd");
	assert_int_equal(b.cut, 0);
	/* "é" is two bytes: abcd + ab + é would need 9 with the NUL. */
	rn_sb_puts(&b, "ab\xc3\xa9");
	assert_string_equal(buf, "abcdab");
	assert_int_equal(b.cut, 1);
	assert_ptr_equal(b.s, buf);
	rn_sb_clear(&b);
	rn_sb_printf(&b, "%0300d", 5);   /* past the stack buffer: still cut to fit */
	assert_int_equal(strlen(buf), 7);
	assert_string_equal(buf, "0000000");
	rn_sb_clear(&b);
	assert_int_equal(rn_sb_reserve(&b, 7), 0);
	assert_int_equal(rn_sb_reserve(&b, 8), -1);
	assert_int_equal(b.oom, 0);
	char *s = rn_sb_steal(&b);   /* a copy: the array stays the caller's */
	assert_non_null(s);
	assert_string_equal(s, "");
	free(s);
	rn_sb_release(&b);   /* does not free the caller's array */
}

static void steal_hands_over(void **state)
{
	(void) state;
	struct rn_sb b;
	rn_sb_init(&b);
	char *s = rn_sb_steal(&b);   /* empty builder: an empty string */
	assert_string_equal(s, "");
	free(s);
	rn_sb_printf(&b, "%s=%u", "n", 3u);
	s = rn_sb_steal(&b);
	assert_string_equal(s, "n=3");
	assert_null(b.s);
	assert_int_equal(b.len, 0);
	rn_sb_puts(&b, "again");
	assert_string_equal(rn_sb_str(&b), "again");
	free(s);
	rn_sb_release(&b);
}

static void failure_is_recorded_once(void **state)
{
	(void) state;
	struct rn_sb b;
	rn_sb_init(&b);
	rn_sb_puts(&b, "kept?");
	/* A size no allocator can give: the builder records it and stops. */
	assert_int_equal(rn_sb_reserve(&b, (size_t) -1 / 2), -1);
	assert_int_equal(b.oom, 1);
	rn_sb_puts(&b, "more");
	assert_string_equal(rn_sb_str(&b), "");
	assert_null(rn_sb_steal(&b));
	assert_int_equal(b.oom, 0);   /* steal empties the builder for reuse */
	rn_sb_puts(&b, "ok");
	assert_string_equal(rn_sb_str(&b), "ok");
	rn_sb_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(grows_and_keeps_text),
		cmocka_unit_test(printf_longer_than_stack),
		cmocka_unit_test(fixed_cuts_at_character),
		cmocka_unit_test(steal_hands_over),
		cmocka_unit_test(failure_is_recorded_once),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * Unit tests for the follow-up rules (src/analysis/followup.c): staleness
 * at its threshold, the thank-you states (13, 14 and 15 days, not yet due,
 * a thanks before the referral), strain, the urgency order, and
 * rn_followup_compute on a small network written to a temporary directory
 * (network-wide and --for), plus the in-place key sort it uses
 * (src/analysis/idorder.c) against qsort.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "refnet/date.h"
#include "refnet/followup.h"
#include "refnet/idorder.h"
#include "testutil.h"

static int day(int y, int m, int d)
{
	return rn_date_from_ymd(y, m, d);
}

#define AS_OF day(2026, 11, 1)

/* ---- the rules ----------------------------------------------------------- */

static void stale_threshold(void **state)
{
	(void) state;
	assert_false(rn_followup_is_stale(AS_OF - 90, AS_OF, 90));   /* exactly 90: fresh */
	assert_true(rn_followup_is_stale(AS_OF - 91, AS_OF, 90));
	assert_false(rn_followup_is_stale(RN_NO_DATE, AS_OF, 90));   /* undated: not judged */
	assert_false(rn_followup_is_stale(AS_OF + 5, AS_OF, 90));    /* after as_of */
	assert_false(rn_followup_is_stale(AS_OF, AS_OF, 0));
	assert_true(rn_followup_is_stale(AS_OF - 1, AS_OF, 0));
}

static void thanks_states(void **state)
{
	(void) state;
	int r = day(2026, 9, 2), late = RN_NO_DATE;
	int t13[] = { r + 13 }, t14[] = { r + 14 }, t15[] = { r + 15 };
	int before[] = { r - 1 }, both[] = { r - 1, r + 20 }, same_day[] = { r };

	assert_int_equal(rn_followup_thanks(r, t13, 1, AS_OF, 14, &late), RN_THANKS_IN_TIME);
	assert_int_equal(rn_followup_thanks(r, t14, 1, AS_OF, 14, &late), RN_THANKS_IN_TIME);
	assert_int_equal(rn_followup_thanks(r, same_day, 1, AS_OF, 14, &late), RN_THANKS_IN_TIME);
	assert_int_equal(rn_followup_thanks(r, t15, 1, AS_OF, 14, &late), RN_THANKS_LATE);
	assert_int_equal(late, r + 15);
	assert_int_equal(rn_followup_thanks(r, t15, 1, AS_OF, 15, NULL), RN_THANKS_IN_TIME);
	/* A thanks before the referral is for something else. */
	assert_int_equal(rn_followup_thanks(r, before, 1, AS_OF, 14, NULL), RN_THANKS_NONE);
	assert_int_equal(rn_followup_thanks(r, both, 2, AS_OF, 14, &late), RN_THANKS_LATE);
	assert_int_equal(late, r + 20);
	assert_int_equal(rn_followup_thanks(r, NULL, 0, AS_OF, 14, NULL), RN_THANKS_NONE);
	/* 14 days old with nothing yet: not due; 15: due. */
	assert_int_equal(rn_followup_thanks(AS_OF - 14, NULL, 0, AS_OF, 14, NULL),
	                 RN_THANKS_NOT_DUE);
	assert_int_equal(rn_followup_thanks(AS_OF - 15, NULL, 0, AS_OF, 14, NULL),
	                 RN_THANKS_NONE);
}

static void strain(void **state)
{
	(void) state;
	struct rn_followup_options o;
	rn_followup_options_default(&o);
	assert_int_equal(o.stale_after, 90);
	assert_int_equal(o.thanks_within, 14);
	assert_int_equal(o.strain_window, 90);
	assert_int_equal(o.strain_asks, 2);
	assert_int_equal(o.touches, 7);

	assert_true(rn_followup_is_strained(2, RN_NO_DATE, AS_OF, &o));
	assert_false(rn_followup_is_strained(1, RN_NO_DATE, AS_OF, &o));
	assert_false(rn_followup_is_strained(2, AS_OF - 90, AS_OF, &o));   /* gave in the window */
	assert_true(rn_followup_is_strained(2, AS_OF - 91, AS_OF, &o));
	o.strain_asks = 3;
	assert_false(rn_followup_is_strained(2, RN_NO_DATE, AS_OF, &o));
}

static void urgency_order(void **state)
{
	(void) state;
	struct rn_followup a, b;
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	a.priority = RN_FU_P_UNTHANKED;
	b.priority = RN_FU_P_STRAINED;
	a.key1 = 1;
	b.key1 = 100;
	assert_true(rn_followup_cmp(&a, &b) < 0);    /* priority first */
	b.priority = a.priority;
	assert_true(rn_followup_cmp(&b, &a) < 0);    /* then key1, larger first */
	b.key1 = a.key1;
	b.key2 = INT_MAX;
	assert_true(rn_followup_cmp(&b, &a) < 0);    /* then key2 */
	b.key2 = a.key2;
	a.contact_rank = 3;
	b.contact_rank = 2;
	assert_true(rn_followup_cmp(&b, &a) < 0);    /* then the contact's id */
	b.contact_rank = 3;
	a.with_rank = 0;                              /* nobody sorts first */
	b.with_rank = 1;
	assert_true(rn_followup_cmp(&a, &b) < 0);
	b.with_rank = 0;
	a.date = 5;
	b.date = 4;
	assert_true(rn_followup_cmp(&b, &a) < 0);    /* then the date */
	b.date = 5;
	a.seq = 9;
	b.seq = 8;
	assert_true(rn_followup_cmp(&b, &a) < 0);
	b.seq = 9;
	assert_int_equal(rn_followup_cmp(&a, &b), 0);
}

/* ---- the key sort -------------------------------------------------------- */

static int cmp_key(const void *x, const void *y)
{
	const struct rn_sort_key *a = x, *b = y;
	for (int i = 0; i < 3; i++)
		if (a->w[i] != b->w[i])
			return a->w[i] < b->w[i] ? -1 : 1;
	if (a->seq != b->seq)
		return a->seq < b->seq ? -1 : 1;
	return a->at < b->at ? -1 : a->at > b->at;
}

static void key_sort(void **state)
{
	(void) state;
	size_t sizes[] = { 0, 1, 2, 15, 16, 17, 100, 5000 };
	uint64_t seed = 12345;
	for (size_t s = 0; s < RN_ARRAY_LEN(sizes); s++) {
		size_t n = sizes[s];
		struct rn_sort_key *k = calloc(n + 1, sizeof(*k));
		struct rn_sort_key *q = calloc(n + 1, sizeof(*q));
		int *rows = calloc(n + 1, sizeof(*rows));
		int tmp;
		assert_non_null(k);
		assert_non_null(q);
		assert_non_null(rows);
		for (size_t i = 0; i < n; i++) {
			/* Few distinct values, so that ties reach the later words. */
			seed = seed * 6364136223846793005ull + 1442695040888963407ull;
			k[i].w[0] = (seed >> 60) & 3;
			k[i].w[1] = (seed >> 50) & 7;
			k[i].w[2] = (seed >> 40) & 1;
			k[i].seq = (uint32_t) (seed >> 33) & 3;
			k[i].at = (uint32_t) i;
			rows[i] = (int) i;
		}
		memcpy(q, k, n * sizeof(*k));
		rn_sort_keys(k, n);
		qsort(q, n, sizeof(*q), cmp_key);
		for (size_t i = 0; i < n; i++)
			assert_int_equal(k[i].at, q[i].at);
		rn_sort_permute(rows, sizeof(*rows), k, n, &tmp);
		for (size_t i = 0; i < n; i++)
			assert_int_equal(rows[i], (int) q[i].at);
		free(k);
		free(q);
		free(rows);
	}
}

/* ---- rn_followup_compute -------------------------------------------------- */

struct fx {
	char dir[TU_DIR_MAX];
	struct rn_network net;
	struct rn_followups fu;
};

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	if (!f)
		return -1;
	if (tu_mkdtemp(f->dir, "followup") != 0) {
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;
	rn_followups_release(&f->fu);
	rn_network_release(&f->net);
	tu_rmtree(f->dir);
	free(f);
	return 0;
}

/* Row i is (reason, contact, with or NULL, days). */
static void expect_row(struct fx *f, size_t i, enum rn_fu_reason reason, const char *contact,
                       const char *with, int days)
{
	assert_true(i < f->fu.n);
	const struct rn_followup *r = &f->fu.f[i];
	assert_int_equal(r->reason, reason);
	assert_int_equal(r->contact, tu_id(&f->net, contact));
	assert_int_equal(r->with, with ? tu_id(&f->net, with) : -1);
	assert_int_equal(r->days, days);
}

/*
 * me: a stale tie to t1 (120 days), a fresh one to t2 (last_contact 100
 * days ago, but a touch 10 days ago), a referral from t2 unthanked (30 days),
 * asks to t3 with nothing given (strained), a prospect p1 with 2 touches
 * (nurture), and z1 with nothing at all (neglected).
 */
static void network(struct fx *f)
{
	tu_put(f->dir, "contacts.csv",
	    "id,stage\nme,partner\nt1,\nt2,\nt3,\np1,prospect\nz1,\n");
	tu_put(f->dir, "ties.csv",
	    "a,b,last_contact\n"
	    "me,t1,2026-07-04\n"
	    "t2,me,2026-07-24\n"
	    "me,t3,2026-10-30\n"
	    "t3,p1,2026-10-30\n");
	tu_put(f->dir, "log.csv",
	    "date,from,to,kind\n"
	    "2026-10-22,me,t2,touch\n"
	    "2026-10-02,t2,me,referral\n"
	    "2026-09-02,me,t3,ask\n"
	    "2026-10-30,me,t3,pitch\n"
	    "2026-09-01,me,p1,touch\n"
	    "2026-10-01,t3,p1,touch\n");
	tu_load(&f->net, f->dir, 0);
}

static void whole_network(void **state)
{
	struct fx *f = *state;
	struct rn_followup_options o;
	network(f);
	rn_followup_options_default(&o);
	assert_int_equal(rn_followup_compute(&f->net, &o, AS_OF, -1, &f->fu), RN_OK);
	assert_int_equal(f->fu.n, 5);
	expect_row(f, 0, RN_FU_UNTHANKED, "t2", "me", 30);
	assert_int_equal(f->fu.f[0].priority, RN_FU_P_UNTHANKED);
	assert_int_equal(f->fu.f[0].u.unthanked.late, RN_NO_DATE);
	expect_row(f, 1, RN_FU_STRAINED, "t3", "me", -1);   /* never gave: no days */
	assert_int_equal(f->fu.f[1].u.strained.asks, 1);
	assert_int_equal(f->fu.f[1].u.strained.pitches, 1);
	assert_int_equal(f->fu.f[1].u.strained.first_ask, day(2026, 9, 2));
	assert_int_equal(f->fu.f[1].u.strained.last_ask, day(2026, 10, 30));
	expect_row(f, 2, RN_FU_STALE, "t1", "me", 120);      /* ties.csv: me,t1 */
	assert_false(f->fu.f[2].u.stale.from_log);
	/* p1: 2 touches (with me and with t3), last 2026-10-01. */
	expect_row(f, 3, RN_FU_NURTURE, "p1", NULL, 31);
	assert_int_equal(f->fu.f[3].u.nurture.touches, 2);
	expect_row(f, 4, RN_FU_NEGLECTED, "z1", NULL, -1);
	assert_int_equal(f->fu.count[RN_FU_STALE], 1);
	assert_int_equal(f->fu.count[RN_FU_NEGLECTED], 1);
	assert_int_equal(f->fu.late, 0);
}

static void for_one_contact(void **state)
{
	struct fx *f = *state;
	struct rn_followup_options o;
	network(f);
	rn_followup_options_default(&o);

	/* t3: its ties to me and p1 are fresh; it was asked, it did not ask;
	 * p1 is a prospect it knows, with 1 touch between them. */
	assert_int_equal(rn_followup_compute(&f->net, &o, AS_OF, tu_id(&f->net, "t3"), &f->fu),
	                 RN_OK);
	assert_int_equal(f->fu.n, 1);
	expect_row(f, 0, RN_FU_NURTURE, "p1", "t3", 31);
	assert_int_equal(f->fu.f[0].u.nurture.touches, 1);
	rn_followups_release(&f->fu);

	/* t2 gave the referral: nothing to do for t2 (the thank-you is me's). */
	assert_int_equal(rn_followup_compute(&f->net, &o, AS_OF, tu_id(&f->net, "t2"), &f->fu),
	                 RN_OK);
	assert_int_equal(f->fu.n, 0);
	rn_followups_release(&f->fu);

	/* z1 is neglected, but has no relationships of its own. */
	assert_int_equal(rn_followup_compute(&f->net, &o, AS_OF, tu_id(&f->net, "z1"), &f->fu),
	                 RN_OK);
	assert_int_equal(f->fu.n, 0);
	rn_followups_release(&f->fu);

	/* Thresholds: stale after 120 days keeps t1 fresh; 2 touches needed
	 * makes p1 fine. */
	o.stale_after = 120;
	o.touches = 2;
	assert_int_equal(rn_followup_compute(&f->net, &o, AS_OF, tu_id(&f->net, "me"), &f->fu),
	                 RN_OK);
	assert_int_equal(f->fu.n, 3);
	expect_row(f, 0, RN_FU_UNTHANKED, "t2", "me", 30);
	expect_row(f, 1, RN_FU_STRAINED, "t3", "me", -1);
	expect_row(f, 2, RN_FU_NURTURE, "p1", "me", 61);   /* 1 touch with me, 2026-09-01 */
}

int main(void)
{
	rn_igraph_setup();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(stale_threshold),
		cmocka_unit_test(thanks_states),
		cmocka_unit_test(strain),
		cmocka_unit_test(urgency_order),
		cmocka_unit_test(key_sort),
		cmocka_unit_test_setup_teardown(whole_network, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(for_one_contact, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

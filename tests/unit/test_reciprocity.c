/*
 * Unit tests for the reciprocity scores (src/analysis/reciprocity.c): the
 * recency weight, balance, index and label rules with their boundaries,
 * flipping a pair, and rn_reciprocity_compute on small networks written to
 * a temporary directory (counts, values, orientation, order, --since, rows
 * after as_of, totals, top lists, and igraph's reciprocity against a count).
 *
 * Every expected number is worked out by hand in the comment next to it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "refnet/date.h"
#include "refnet/reciprocity.h"
#include "testutil.h"

/* 2026-11-01, the reference day of the tests. */
static int as_of(void)
{
	return rn_date_from_ymd(2026, 11, 1);
}

/* ---- the scoring functions ----------------------------------------------- */

static void weight(void **state)
{
	(void) state;
	assert_true(rn_recip_weight(0, 365) == 1.0);
	assert_true(rn_recip_weight(-5, 365) == 1.0);        /* future: no bonus */
	assert_true(rn_recip_weight(365, 365) == 0.5);       /* one half-life */
	assert_true(rn_recip_weight(730, 365) == 0.25);      /* two */
	assert_float_equal(rn_recip_weight(180, 365), 0.710472, 1e-6);   /* 2^(-180/365) */
}

static void balance_and_index(void **state)
{
	(void) state;
	assert_true(rn_recip_balance(3, 1) == 0.5);          /* (3-1)/(3+1) */
	assert_true(rn_recip_balance(1, 3) == -0.5);
	assert_true(rn_recip_balance(2, 0) == 1.0);
	assert_true(rn_recip_balance(0, 0) == 0.0);
	assert_true(rn_recip_balance(5, 3) == 0.25);
	assert_float_equal(rn_recip_index(3, 1), 1.0 / 3, 1e-12);
	assert_true(rn_recip_index(1, 3) == rn_recip_index(3, 1));
	assert_true(rn_recip_index(2, 0) == 0.0);
	assert_true(rn_recip_index(0, 0) == 0.0);
	assert_true(rn_recip_index(2, 2) == 1.0);
}

/* A pair with counts g/r, weighted counts equal to the counts, and the
 * last referral `age` days before as_of. */
static struct rn_recip_pair pair(int g, int r, int age)
{
	struct rn_recip_pair p;
	memset(&p, 0, sizeof(p));
	p.given = g;
	p.received = r;
	p.w_given = g;
	p.w_received = r;
	p.last_given = g ? as_of() - age : RN_NO_DATE;
	p.last_received = r ? as_of() - age - 10 : RN_NO_DATE;
	p.balance = rn_recip_balance(g, r);
	p.index = rn_recip_index(g, r);
	p.value_balance = NAN;
	return p;
}

static void labels(void **state)
{
	(void) state;
	struct rn_reciprocity_options o;
	rn_reciprocity_options_default(&o);
	assert_true(o.half_life == 180.0);
	assert_int_equal(o.window, 180);
	assert_true(o.tolerance == 0.25);
	assert_int_equal(o.since, RN_NO_DATE);

	struct rn_recip_pair p = pair(2, 2, 0);
	assert_int_equal(rn_recip_classify(&p, as_of(), &o), RN_RECIP_BALANCED);
	p = pair(5, 3, 0);   /* balance exactly 0.25: the tolerance is inclusive */
	assert_int_equal(rn_recip_classify(&p, as_of(), &o), RN_RECIP_BALANCED);
	p = pair(2, 1, 0);   /* 1/3 */
	assert_int_equal(rn_recip_classify(&p, as_of(), &o), RN_RECIP_GIVES_MORE);
	p = pair(1, 2, 0);
	assert_int_equal(rn_recip_classify(&p, as_of(), &o), RN_RECIP_RECEIVES_MORE);
	p = pair(3, 0, 0);
	assert_int_equal(rn_recip_classify(&p, as_of(), &o), RN_RECIP_ONE_WAY);
	p = pair(0, 3, 0);
	assert_int_equal(rn_recip_classify(&p, as_of(), &o), RN_RECIP_ONE_WAY);

	/* The window: the latest referral either way decides. */
	p = pair(2, 2, 180);
	assert_int_equal(rn_recip_classify(&p, as_of(), &o), RN_RECIP_BALANCED);
	p = pair(2, 2, 181);
	assert_int_equal(rn_recip_classify(&p, as_of(), &o), RN_RECIP_DORMANT);
	p = pair(3, 0, 181);   /* dormant comes before one-way */
	assert_int_equal(rn_recip_classify(&p, as_of(), &o), RN_RECIP_DORMANT);
	p = pair(2, 2, 200);
	p.last_received = as_of() - 5;   /* a recent referral back keeps it alive */
	assert_int_equal(rn_recip_classify(&p, as_of(), &o), RN_RECIP_BALANCED);
	o.window = 0;
	p = pair(1, 1, 0);
	assert_int_equal(rn_recip_classify(&p, as_of(), &o), RN_RECIP_BALANCED);
	p = pair(1, 1, 1);
	assert_int_equal(rn_recip_classify(&p, as_of(), &o), RN_RECIP_DORMANT);

	assert_string_equal(rn_recip_label_name(RN_RECIP_BALANCED), "balanced");
	assert_string_equal(rn_recip_label_name(RN_RECIP_GIVES_MORE), "gives more");
	assert_string_equal(rn_recip_label_name(RN_RECIP_RECEIVES_MORE), "receives more");
	assert_string_equal(rn_recip_label_name(RN_RECIP_ONE_WAY), "one-way");
	assert_string_equal(rn_recip_label_name(RN_RECIP_DORMANT), "dormant");
}

static void flip(void **state)
{
	(void) state;
	struct rn_recip_pair p = pair(3, 1, 0);
	p.a = 7;
	p.b = 9;
	p.value_given = 300;
	p.value_received = 900;
	p.value_balance = -0.5;
	p.label = RN_RECIP_GIVES_MORE;
	rn_recip_pair_flip(&p);
	assert_int_equal(p.a, 9);
	assert_int_equal(p.b, 7);
	assert_int_equal(p.given, 1);
	assert_int_equal(p.received, 3);
	assert_true(p.value_given == 900 && p.value_received == 300);
	assert_true(p.balance == -0.5 && p.value_balance == 0.5);
	assert_true(p.index == 1.0 / 3);
	assert_int_equal(p.label, RN_RECIP_RECEIVES_MORE);
	assert_int_equal(p.last_received, as_of());
	rn_recip_pair_flip(&p);
	assert_int_equal(p.label, RN_RECIP_GIVES_MORE);

	struct rn_recip_pair z = pair(2, 2, 0);
	rn_recip_pair_flip(&z);
	assert_false(signbit(z.balance));   /* 0 stays +0: no "-0.000" */
}

/* ---- rn_reciprocity_compute ---------------------------------------------- */

struct fx {
	char dir[TU_DIR_MAX];
	struct rn_network net;
	struct rn_reciprocity res;
};

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	if (!f)
		return -1;
	if (tu_mkdtemp(f->dir, "recip") != 0) {
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;
	rn_reciprocity_release(&f->res);
	rn_network_release(&f->net);
	tu_rmtree(f->dir);
	free(f);
	return 0;
}

/* The pair of a and b as oriented in the result, or NULL. */
static const struct rn_recip_pair *find(struct fx *f, const char *a, const char *b)
{
	for (size_t i = 0; i < f->res.npairs; i++)
		if (f->res.pairs[i].a == tu_id(&f->net, a) &&
		    f->res.pairs[i].b == tu_id(&f->net, b))
			return &f->res.pairs[i];
	return NULL;
}

static const char contacts[] = "id\nann\nbob\ncat\ndan\neve\nfay\nzed\n";

static void compute_pairs(void **state)
{
	struct fx *f = *state;
	struct rn_reciprocity_options o;
	tu_put(f->dir, "contacts.csv", contacts);
	tu_put(f->dir, "log.csv",
	    "date,from,to,kind,value\n"
	    "2026-11-01,bob,ann,referral,100\n"     /* bob->ann 3, one a year old */
	    "2025-11-01,bob,ann,referral,\n"
	    "2026-11-01,bob,ann,referral,50\n"
	    "2026-11-01,ann,bob,referral,900\n"     /* ann->bob 1 */
	    "2026-11-01,ann,bob,thanks,\n"          /* not a referral */
	    "2026-11-01,dan,cat,referral,10\n"      /* cat-dan 1/1 the same day */
	    "2026-11-01,cat,dan,referral,10\n"
	    "2026-11-02,eve,fay,referral,10\n"      /* after as_of: not counted */
	    "2026-01-01,eve,fay,referral,\n");      /* eve->fay, 304 days old */
	tu_load(&f->net, f->dir, 0);
	rn_reciprocity_options_default(&o);
	o.half_life = 365;   /* a year: the referral a year old counts half */
	assert_int_equal(rn_reciprocity_compute(&f->net, &o, as_of(), &f->res), RN_OK);

	assert_int_equal(f->res.npairs, 3);
	assert_int_equal(f->res.referrals, 7);
	/* bob gave more: G = 1 + 0.5 + 1 = 2.5 against R = 1; balance 1.5/3.5 */
	const struct rn_recip_pair *p = find(f, "bob", "ann");
	assert_non_null(p);
	assert_int_equal(p->given, 3);
	assert_int_equal(p->received, 1);
	assert_true(p->value_given == 150 && p->value_received == 900);
	assert_int_equal(p->valued_given, 2);
	assert_true(p->w_given == 2.5 && p->w_received == 1.0);
	assert_float_equal(p->balance, 1.5 / 3.5, 1e-12);
	assert_float_equal(p->index, 0.4, 1e-12);
	assert_int_equal(p->label, RN_RECIP_GIVES_MORE);
	/* by value ann gave more: (1*50 + 1*100 - 900) / (150 + 900) */
	assert_float_equal(p->value_balance, -750.0 / 1050.0, 1e-12);
	assert_int_equal(p->last_given, as_of());
	assert_int_equal(p->last_received, as_of());

	/* Equal: a is the smaller id. */
	p = find(f, "cat", "dan");
	assert_non_null(p);
	assert_true(p->balance == 0.0 && p->index == 1.0);
	assert_int_equal(p->label, RN_RECIP_BALANCED);

	/* eve->fay: one referral of 2026-01-01, 304 days old: dormant; the row of
	 * 2026-11-02 is after as_of.  No value on the giving side: NAN. */
	p = find(f, "eve", "fay");
	assert_non_null(p);
	assert_int_equal(p->given, 1);
	assert_int_equal(p->label, RN_RECIP_DORMANT);
	assert_true(isnan(p->value_balance));

	/* Busiest first: bob-ann (4), cat-dan (2), eve-fay (1). */
	assert_int_equal(f->res.pairs[0].a, tu_id(&f->net, "bob"));
	assert_int_equal(f->res.pairs[1].a, tu_id(&f->net, "cat"));
	assert_int_equal(f->res.pairs[2].a, tu_id(&f->net, "eve"));

	/* Per contact. */
	assert_int_equal(f->res.given[tu_id(&f->net, "bob")], 3);
	assert_int_equal(f->res.received[tu_id(&f->net, "bob")], 1);
	assert_true(f->res.value_given[tu_id(&f->net, "ann")] == 900);
	assert_int_equal(f->res.given[tu_id(&f->net, "zed")], 0);
	assert_true(f->res.value == 150 + 900 + 20);
	assert_int_equal(f->res.labels[RN_RECIP_GIVES_MORE], 1);
	assert_int_equal(f->res.labels[RN_RECIP_BALANCED], 1);
	assert_int_equal(f->res.labels[RN_RECIP_DORMANT], 1);

	/* Relationships a->b: bob->ann, ann->bob, cat->dan, dan->cat, eve->fay;
	 * four of them returned.  igraph agrees with the count. */
	assert_int_equal(f->res.relationships, 5);
	assert_int_equal(f->res.mutual, 4);
	assert_float_equal(f->res.reciprocity, 0.8, 1e-12);

	/* By value alone ann gave more: seen from bob, "receives more"; from
	 * ann (flipped), "gives more"; within a tolerance of 0.8, balanced. */
	p = find(f, "bob", "ann");
	assert_int_equal(rn_recip_value_label(p, 0.25), RN_RECIP_RECEIVES_MORE);
	assert_int_equal(rn_recip_value_label(p, 0.8), RN_RECIP_BALANCED);
	struct rn_recip_pair q = *p;
	rn_recip_pair_flip(&q);
	assert_int_equal(rn_recip_value_label(&q, 0.25), RN_RECIP_GIVES_MORE);

	/* --for: ann's one pair, flipped so that a is ann: she receives more. */
	struct rn_recip_pair *rows;
	size_t n;
	assert_int_equal(rn_reciprocity_of(&f->res, tu_id(&f->net, "ann"), &rows, &n), RN_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].a, tu_id(&f->net, "ann"));
	assert_int_equal(rows[0].given, 1);
	assert_int_equal(rows[0].label, RN_RECIP_RECEIVES_MORE);
	free(rows);
	/* Who ever gave or received one (on or before as_of): not zed. */
	unsigned char *ever = rn_reciprocity_ever(&f->net, as_of());
	assert_non_null(ever);
	assert_true(ever[tu_id(&f->net, "ann")] && ever[tu_id(&f->net, "fay")]);
	assert_false(ever[tu_id(&f->net, "zed")]);
	free(ever);
	/* zed has none: an empty list, not NULL. */
	assert_int_equal(rn_reciprocity_of(&f->res, tu_id(&f->net, "zed"), &rows, &n), RN_OK);
	assert_int_equal(n, 0);
	assert_non_null(rows);
	free(rows);
}

static void since_totals_and_top(void **state)
{
	struct fx *f = *state;
	struct rn_reciprocity_options o;
	tu_put(f->dir, "contacts.csv", contacts);
	tu_put(f->dir, "log.csv",
	    "date,from,to,kind,value\n"
	    "2026-01-10,ann,bob,referral,10\n"
	    "2026-06-01,bob,ann,referral,20\n"
	    "2026-10-01,ann,bob,referral,30\n"
	    "2026-10-15,cat,ann,referral,50\n"
	    "2026-10-16,dan,ann,referral,\n");
	tu_load(&f->net, f->dir, 0);
	rn_reciprocity_options_default(&o);
	o.since = rn_date_from_ymd(2026, 6, 1);   /* the day itself counts */
	assert_int_equal(rn_reciprocity_compute(&f->net, &o, as_of(), &f->res), RN_OK);
	assert_int_equal(f->res.referrals, 4);
	const struct rn_recip_pair *p = find(f, "ann", "bob");
	assert_non_null(p);
	assert_int_equal(p->given, 1);
	assert_int_equal(p->received, 1);
	assert_true(p->value_given == 30);

	struct rn_recip_totals t;
	rn_reciprocity_totals(&f->res, tu_id(&f->net, "ann"), &t);
	assert_int_equal(t.given, 1);
	assert_int_equal(t.received, 3);
	assert_true(t.value_given == 30 && t.value_received == 70);
	assert_int_equal(t.partners, 3);
	/* Seen from ann: bob balanced, cat and dan one-way. */
	assert_int_equal(t.labels[RN_RECIP_BALANCED], 1);
	assert_int_equal(t.labels[RN_RECIP_ONE_WAY], 2);

	/* Givers: ann 1 (30), cat 1 (50), dan 1 (0), bob 1 (20): by count, then
	 * value, then id: cat, ann, bob, dan. */
	igraph_integer_t top[8];
	size_t n = rn_reciprocity_top(&f->res, 0, 8, top);
	assert_int_equal(n, 4);
	assert_int_equal(top[0], tu_id(&f->net, "cat"));
	assert_int_equal(top[1], tu_id(&f->net, "ann"));
	assert_int_equal(top[2], tu_id(&f->net, "bob"));
	assert_int_equal(top[3], tu_id(&f->net, "dan"));
	/* Takers: ann 3, bob 1; only two. */
	n = rn_reciprocity_top(&f->res, 1, 1, top);
	assert_int_equal(n, 1);
	assert_int_equal(top[0], tu_id(&f->net, "ann"));
}

static void empty_log(void **state)
{
	struct fx *f = *state;
	struct rn_reciprocity_options o;
	tu_put(f->dir, "contacts.csv", contacts);
	tu_load(&f->net, f->dir, 0);
	rn_reciprocity_options_default(&o);
	assert_int_equal(rn_reciprocity_compute(&f->net, &o, as_of(), &f->res), RN_OK);
	assert_int_equal(f->res.npairs, 0);
	assert_int_equal(f->res.relationships, 0);
	assert_true(isnan(f->res.reciprocity));
	igraph_integer_t top[2];
	assert_int_equal(rn_reciprocity_top(&f->res, 0, 2, top), 0);
	rn_reciprocity_release(&f->res);
	rn_reciprocity_release(&f->res);   /* twice is fine */
}

int main(void)
{
	rn_igraph_setup();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(weight),
		cmocka_unit_test(balance_and_index),
		cmocka_unit_test(labels),
		cmocka_unit_test(flip),
		cmocka_unit_test_setup_teardown(compute_pairs, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(since_totals_and_top, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(empty_log, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

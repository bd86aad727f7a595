/*
 * Helpers shared by the unit tests; see testutil.h.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "refnet/date.h"
#include "testutil.h"

/* ---- temporary directories ---- */

int tu_mkdtemp(char *dir, const char *what)
{
	snprintf(dir, TU_DIR_MAX, "/tmp/refnet-test-%s-XXXXXX", what);
	return mkdtemp(dir) ? 0 : -1;
}

int tu_rmtree(const char *dir)
{
	DIR *d = opendir(dir);
	if (d) {
		struct dirent *e;
		while ((e = readdir(d)) != NULL) {
			if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
				continue;
			char p[1024];
			snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
			struct stat st;
			if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
				tu_rmtree(p);
			else
				unlink(p);
		}
		closedir(d);
	}
	return rmdir(dir);
}

/* ---- writing networks ---- */

FILE *tu_create(const char *dir, const char *name)
{
	char path[1024];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	if (!f)
		fail_msg("cannot write '%s'", path);
	return f;
}

void tu_close(FILE *f)
{
	assert_int_equal(fclose(f), 0);
}

void tu_put(const char *dir, const char *name, const char *text)
{
	FILE *f = tu_create(dir, name);
	fputs(text, f);
	tu_close(f);
}

void tu_tie_row(FILE *f, const char *a, const char *b, int micro, int last)
{
	char s[16] = "", d[11] = "";
	if (micro)
		snprintf(s, sizeof(s), "%d.%06d", micro / 1000000, micro % 1000000);
	if (last != RN_NO_DATE)
		rn_date_format(last, d);
	fprintf(f, "%s,%s,%s,%s\n", a, b, s, d);
}

void tu_event_row(FILE *f, int date, const char *from, const char *to, int kind)
{
	/* Spelled out here rather than taken from the loader, which is under test. */
	static const char *const kind_name[RN_KIND_COUNT] = {
		"referral", "intro", "ask", "pitch", "touch", "meeting", "thanks", "gift"
	};
	char d[11] = "";
	assert_true(kind >= 0 && kind < RN_KIND_COUNT);
	if (date != RN_NO_DATE)
		rn_date_format(date, d);
	fprintf(f, "%s,%s,%s,%s\n", d, from, to, kind_name[kind]);
}

/* ---- loading ---- */

void tu_load_with(struct rn_network *net, const struct rn_load_options *lo)
{
	struct rn_diag diag;
	rn_diag_init(&diag);
	enum rn_status st = rn_network_load(net, lo, &diag);
	if (st != RN_OK)
		rn_diag_print(&diag, stderr, 1, "load: ");
	rn_diag_release(&diag);
	assert_int_equal(st, RN_OK);
}

void tu_load(struct rn_network *net, const char *dir, unsigned what)
{
	struct rn_load_options lo;
	memset(&lo, 0, sizeof(lo));
	lo.dir = dir;
	lo.graph = (what & TU_GRAPH) != 0;
	lo.adjacency = (what & TU_ADJACENCY) != 0;
	tu_load_with(net, &lo);
}

const char *tu_data_dir(void)
{
	const char *d = getenv("REFNET_TEST_DATA");
	return d && *d ? d : "tests/data";
}

void tu_load_sample(struct rn_network *net, unsigned what)
{
	char dir[1024];
	snprintf(dir, sizeof(dir), "%s/../../datasets/sample", tu_data_dir());
	tu_load(net, dir, what);
}

igraph_integer_t tu_id(const struct rn_network *net, const char *s)
{
	igraph_integer_t v = rn_network_find(net, s);
	if (v < 0)
		fail_msg("no contact '%s'", s);
	return v;
}

static uint64_t rng;

void tu_seed(uint64_t seed)
{
	rng = seed;
}

uint64_t tu_rnd(void)
{
	uint64_t z = (rng += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

int tu_rnd_int(int lo, int hi)
{
	return lo + (int) (tu_rnd() % (uint64_t) (hi - lo + 1));
}

int tu_chance(int percent)
{
	return tu_rnd_int(1, 100) <= percent;
}

/* ---- the trust model ---- */

void tu_model_init(struct tu_model *m, int n, int as_of)
{
	assert_true(n >= 0 && n <= TU_MODEL_MAXN);
	memset(m, 0, sizeof(*m));
	m->n = n;
	m->as_of = as_of;
	rn_intro_options_default(&m->opt);
	for (int i = 0; i < n; i++)
		snprintf(m->id[i], sizeof(m->id[i]), "c%02u", (unsigned) i % 100u);
}

void tu_model_tie(struct tu_model *m, int a, int b, int micro, int last)
{
	assert_true(m->ntie < TU_MODEL_MAXN * TU_MODEL_MAXN);
	m->tie[m->ntie++] = (struct tu_tie) { a, b, micro, last };
}

void tu_model_event(struct tu_model *m, int date, int from, int to, int kind)
{
	assert_true(m->nev < TU_MODEL_MAXE);
	m->ev[m->nev++] = (struct tu_event) { date, from, to, kind };
}

void tu_model_tag(const char **list, int *n, const char *tag)
{
	for (int i = 0; i < *n; i++)
		if (strcmp(list[i], tag) == 0)
			return;
	assert_true(*n < TU_MODEL_MAXT);
	list[(*n)++] = tag;
}

void tu_model_random_ids(struct tu_model *m)
{
	for (int i = 0; i < m->n; i++) {
		for (;;) {
			snprintf(m->id[i], sizeof(m->id[i]), "%c%c", 'a' + tu_rnd_int(0, 5),
			         'a' + tu_rnd_int(0, 5));
			int dup = 0;
			for (int j = 0; j < i; j++)
				dup |= strcmp(m->id[i], m->id[j]) == 0;
			if (!dup)
				break;
		}
	}
}

void tu_model_shuffle_ties(struct tu_model *m)
{
	for (int i = m->ntie - 1; i > 0; i--) {
		int j = tu_rnd_int(0, i);
		struct tu_tie t = m->tie[i];
		m->tie[i] = m->tie[j];
		m->tie[j] = t;
	}
}

void tu_model_derive(struct tu_model *m)
{
	const struct rn_intro_options *o = &m->opt;
	int as_of = m->as_of;
	for (int i = 0; i < m->n; i++)
		for (int j = 0; j < m->n; j++) {
			m->tie_of[i][j] = -1;
			m->eff[i][j] = 0;
		}
	for (int e = 0; e < m->ntie; e++) {
		const struct tu_tie *t = &m->tie[e];
		int last = t->last != RN_NO_DATE && t->last <= as_of ? t->last : RN_NO_DATE;
		for (int i = 0; i < m->nev; i++) {
			const struct tu_event *x = &m->ev[i];
			int pair = (x->from == t->a && x->to == t->b) || (x->from == t->b && x->to == t->a);
			if (pair && x->date <= as_of && (last == RN_NO_DATE || x->date > last))
				last = x->date;
		}
		double decay = 1.0;
		if (last != RN_NO_DATE && as_of - last > 0) {
			decay = pow(0.5, (as_of - last) / o->half_life);
			if (decay < o->decay_floor)
				decay = o->decay_floor;
		}
		double eff = (t->micro ? t->micro / 1e6 : 0.5) * decay;
		m->tie_of[t->a][t->b] = m->tie_of[t->b][t->a] = e;
		m->eff[t->a][t->b] = m->eff[t->b][t->a] = eff;
	}
	for (int v = 0; v < m->n; v++) {
		int n = 0;
		for (int i = 0; i < m->nev; i++) {
			const struct tu_event *x = &m->ev[i];
			if (x->to == v && (x->kind == RN_KIND_ASK || x->kind == RN_KIND_PITCH) &&
			    x->date <= as_of && x->date > as_of - o->fatigue_window)
				n++;
		}
		double f = 1.0;
		if (n > 1) {
			f = pow(o->fatigue, n - 1);
			if (f < o->fatigue_floor)
				f = o->fatigue_floor;
		}
		m->fatigue[v] = f;
	}
}

static void put_tags(FILE *f, const char *const *tags, int n)
{
	fputc('"', f);
	for (int i = 0; i < n; i++)
		fprintf(f, "%s%s", i ? "; " : "", tags[i]);
	fputc('"', f);
}

void tu_model_load(const struct tu_model *m, const char *dir, struct rn_network *net)
{
	FILE *f = tu_create(dir, "contacts.csv");
	fputs("id,name,offers,needs\n", f);
	for (int i = 0; i < m->n; i++) {
		fprintf(f, "%s,Name %s,", m->id[i], m->id[i]);
		put_tags(f, m->offer[i], m->noffer[i]);
		fputc(',', f);
		put_tags(f, m->need[i], m->nneed[i]);
		fputc('\n', f);
	}
	tu_close(f);

	f = tu_create(dir, "ties.csv");
	fputs(TU_TIES_HEADER, f);
	for (int e = 0; e < m->ntie; e++) {
		const struct tu_tie *t = &m->tie[e];
		tu_tie_row(f, m->id[t->a], m->id[t->b], t->micro, t->last);
	}
	tu_close(f);

	f = tu_create(dir, "log.csv");
	fputs(TU_LOG_HEADER, f);
	for (int i = 0; i < m->nev; i++)
		tu_event_row(f, m->ev[i].date, m->id[m->ev[i].from], m->id[m->ev[i].to],
		             m->ev[i].kind);
	tu_close(f);

	tu_load(net, dir, TU_ADJACENCY);
	assert_int_equal(net->ncontacts, m->n);
	for (int i = 0; i < m->n; i++)
		assert_string_equal(net->id[i], m->id[i]);
}

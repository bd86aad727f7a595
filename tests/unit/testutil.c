/*
 * Helpers shared by the unit tests; see testutil.h.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
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

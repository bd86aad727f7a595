/*
 * Shared option parsing and phrases for reciprocity and followup.  See
 * health.h.
 */
#include "health.h"
#include "resolve.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "refnet/date.h"

igraph_integer_t rn_health_contact(const struct rn_cli *cli, const struct rn_network *net,
                                   const char *opt, const char *id)
{
	int st;
	return rn_cli_contact(cli, net, opt, id, &st);
}

const char *rn_health_date_text(int d, char *buf)
{
	if (d == RN_NO_DATE)
		buf[0] = '\0';
	else
		rn_date_format(d, buf);
	return buf;
}

double rn_health_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double) ts.tv_sec + ts.tv_nsec / 1e9;
}

double rn_health_cpu(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double) ts.tv_sec + ts.tv_nsec / 1e9;
}

void rn_health_person(FILE *fp, const struct rn_network *net, igraph_integer_t v)
{
	if (strcmp(net->name[v], net->id[v]) == 0)
		fputs(rn_cli_shown(net->id[v]), fp);
	else
		fprintf(fp, "%s (%s)", rn_cli_shown(net->name[v]), rn_cli_shown(net->id[v]));
}

FILE *rn_health_wrap_open(struct rn_health_wrap *w)
{
	w->s = NULL;
	w->len = 0;
	w->f = open_memstream(&w->s, &w->len);
	return w->f;
}

int rn_health_wrap_close(struct rn_health_wrap *w, FILE *fp, size_t col, size_t indent,
                         size_t width)
{
	int rc = fclose(w->f) == 0 ? 0 : -1;
	w->f = NULL;
	if (rc == 0)
		rn_text_wrap(fp, w->s, col, indent, width);
	free(w->s);
	w->s = NULL;
	return rc;
}

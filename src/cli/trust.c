/*
 * Trust-model options and explanations shared by intro and match.
 */
#include "trust.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "refnet/date.h"

static int number(const char *cmd, const char *opt, const char *arg, double lo, double hi,
                  double *out)
{
	char *end;
	errno = 0;
	double d = strtod(arg, &end);
	if (!*arg || *end || errno == ERANGE || !isfinite(d) || d < lo || d > hi) {
		fprintf(stderr, "refnet %s: %s wants a number from %g to %g, got '%s'\n", cmd, opt,
		        lo, hi, rn_cli_shown(arg));
		return -1;
	}
	*out = d;
	return 0;
}

int rn_cli_int_option(const char *cmd, const char *opt, const char *arg, long lo, long hi,
                      long *out)
{
	unsigned long long v;
	if (rn_cli_uint(arg, (unsigned long long) hi, &v) < 0 || (long) v < lo) {
		fprintf(stderr, "refnet %s: %s wants a whole number from %ld to %ld, got '%s'\n",
		        cmd, opt, lo, hi, rn_cli_shown(arg));
		return -1;
	}
	*out = (long) v;
	return 0;
}

int rn_trust_option(const char *cmd, struct rn_intro_options *o, int code, const char *arg)
{
	long l;
	switch (code) {
	case RN_OPT_HALF_LIFE:
		return number(cmd, "--half-life", arg, 1, 1e6, &o->half_life) < 0 ? RN_E_USAGE : 1;
	case RN_OPT_DECAY_FLOOR:
		return number(cmd, "--decay-floor", arg, 0.001, 1, &o->decay_floor) < 0 ? RN_E_USAGE : 1;
	case RN_OPT_FATIGUE:
		return number(cmd, "--fatigue", arg, 0.01, 1, &o->fatigue) < 0 ? RN_E_USAGE : 1;
	case RN_OPT_FATIGUE_WINDOW:
		if (rn_cli_int_option(cmd, "--fatigue-window", arg, 1, 100000, &l) < 0)
			return RN_E_USAGE;
		o->fatigue_window = (int) l;
		return 1;
	}
	return 0;
}

static const char *who(const struct rn_network *net, igraph_integer_t v, int names)
{
	return names ? net->name[v] : net->id[v];
}

void rn_explain_tie(FILE *fp, const struct rn_intro *in, igraph_integer_t e,
                    igraph_integer_t a, double effective, int you, int names)
{
	const struct rn_network *net = in->net;
	igraph_integer_t b = net->tie_a[e] == a ? net->tie_b[e] : net->tie_a[e];
	fprintf(fp, "%s - %s: strength %.2f", you ? "you" : rn_cli_shown(who(net, a, names)), rn_cli_shown(who(net, b, names)),
	        net->strength[e]);
	int last = in->act.last[e];
	if (last == RN_NO_DATE) {
		fputs(", no date", fp);
	} else {
		char d[11];
		int age = rn_activity_age(&in->act, e);
		rn_date_format(last, d);
		fprintf(fp, ", last contact %s (%d day%s ago)", d, age, age == 1 ? "" : "s");
	}
	if (fabs(effective - net->strength[e]) >= 0.005)
		fprintf(fp, ", now %.2f", effective);
}

int rn_explain_fatigue(FILE *fp, const struct rn_intro *in, igraph_integer_t v, double f,
                       int names)
{
	if (f >= 1.0)
		return 0;
	fprintf(fp, "%s was asked or pitched %d times in the last %d days: x%.2f",
	        rn_cli_shown(who(in->net, v, names)), in->recent_asks[v], in->opt.fatigue_window, f);
	return 1;
}

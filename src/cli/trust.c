/*
 * Trust-model options and explanations shared by intro and match.
 */
#include "trust.h"

#include <math.h>
#include <string.h>

#include "refnet/date.h"

int rn_trust_option(const struct rn_cli *cli, struct rn_intro_options *o, int code,
                    const char *arg)
{
	switch (code) {
	case RN_OPT_HALF_LIFE:
		return rn_opt_number(cli, "--half-life", arg, 1, 1e6, NULL, &o->half_life);
	case RN_OPT_DECAY_FLOOR:
		return rn_opt_number(cli, "--decay-floor", arg, 0.001, 1, NULL, &o->decay_floor);
	case RN_OPT_FATIGUE:
		return rn_opt_number(cli, "--fatigue", arg, 0.01, 1, NULL, &o->fatigue);
	case RN_OPT_FATIGUE_WINDOW:
		return rn_opt_int(cli, "--fatigue-window", arg, 1, 100000, &o->fatigue_window);
	}
	return RN_E_USAGE;
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

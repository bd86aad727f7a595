/*
 * Introduction routes: who can help with a need, and who should introduce
 * whom along the way.
 *
 * A route is a path of ties from the asker to a provider.  Its score is the
 * chain of trust along it:
 *
 *   score = product over hops of  strength x decay(age of the tie)
 *         x product over intermediaries of  fatigue(intermediary)
 *
 * where decay() is rn_decay() (activity.h: half-life and floor) and
 * fatigue(v) = max(fatigue_floor, fatigue ^ (asks and pitches v received in
 * the last fatigue_window days, minus one)), so the first recent request is
 * free and each further one costs a factor.  Routes are found by a
 * hop-bounded shortest-path search on -ln of those factors (label-setting
 * Dijkstra over (contact, hops) states), stopping as soon as the k best
 * providers are settled.  Alternative routes to one provider go through
 * different people: each is searched again with the intermediaries of the
 * earlier routes to that provider removed.  The formulas, defaults and a
 * worked example are in docs/scoring.md.
 */
#ifndef REFNET_INTRO_H
#define REFNET_INTRO_H

#include "refnet/activity.h"
#include "refnet/needs.h"
#include "refnet/network.h"

#define RN_NO_TAG UINT32_MAX

struct rn_intro_options {
	int max_hops;            /* longest route, default 4 */
	int k;                   /* routes per request, default 5 */
	double half_life;        /* days, default RN_DEFAULT_HALF_LIFE */
	double decay_floor;      /* default RN_DEFAULT_DECAY_FLOOR */
	int fatigue_window;      /* days, default 90 */
	double fatigue;          /* factor per extra recent ask or pitch, default 0.8 */
	double fatigue_floor;    /* default 0.1 */
};

/* The defaults above. */
void rn_intro_options_default(struct rn_intro_options *o);

struct rn_route {
	igraph_integer_t provider;
	uint32_t offer;              /* the provider's matching offers tag, or RN_NO_TAG */
	size_t nhops;
	igraph_integer_t *path;      /* nhops + 1 contacts: the asker ... the provider */
	igraph_integer_t *tie;       /* nhops ties, tie[i] joins path[i] and path[i + 1] */
	double *effective;           /* nhops: each tie's strength now (rn_intro_effective) */
	double *fatigue;             /* nhops + 1: each contact's rn_intro_fatigue; the score
	                              * counts those of path[1] .. path[nhops - 1] */
	double score;                /* in (0, 1]: the product of effective[] and those */
};

struct rn_routes {
	struct rn_route *r;
	size_t n, cap;
	size_t providers;            /* contacts offering the need (for messages) */
};

void rn_routes_release(struct rn_routes *rs);

/*
 * The search engine for one network, reused by every request.  Holds the
 * per-contact fatigue (computed once), the decay of every age in days, and
 * the scratch space of the search (O(contacts x max_hops)).  A tie's
 * effective strength and cost are computed when a search reaches the tie:
 * one request visits a small part of a big network.  rn_intro_precompute()
 * computes them for every tie at once, for callers that visit most ties
 * (match, many requests); the values are the same either way.
 */
struct rn_intro {
	const struct rn_network *net;
	struct rn_intro_options opt;
	struct rn_activity act;
	double *decay;               /* decay by age in days, for ages below RN_INTRO_AGES */
	double *tie_cost;            /* -ln(strength x decay), or NULL: on demand */
	double *effective;           /* strength x decay, or NULL: on demand */
	int *recent_asks;            /* asks and pitches received in the fatigue window */
	double *node_cost;           /* -ln(fatigue) */
	struct rn_search *s;
};

/* Ages in days whose decay is kept in struct rn_intro.decay. */
#define RN_INTRO_AGES ((size_t) 1 << 14)

/*
 * Prepare the engine.  net must have been loaded with .adjacency.  Returns
 * RN_OK or RN_E_INTERNAL.  O(ties + events).
 */
enum rn_status rn_intro_init(struct rn_intro *in, const struct rn_network *net,
                             const struct rn_intro_options *opt, int as_of);
void rn_intro_release(struct rn_intro *in);

/*
 * Compute every tie's effective strength and cost now (in two threads)
 * rather than when a search reaches the tie.  Worth it when most ties will
 * be visited, more than once.  Returns RN_OK or RN_E_INTERNAL.  O(ties).
 */
enum rn_status rn_intro_precompute(struct rn_intro *in);

/* A tie's effective strength: strength x decay(age). */
double rn_intro_effective(const struct rn_intro *in, igraph_integer_t tie);

/*
 * Routes from `from` to the contacts offering `need` (matched with ix),
 * best first, at most opt.k.  `avoid` lists contacts that must not appear
 * on a route (nor as providers).  The asker is never a provider.  No route is
 * an empty result (out->providers tells whether anyone offers the need).
 */
enum rn_status rn_intro_need(struct rn_intro *in, const struct rn_needs_index *ix,
                             igraph_integer_t from, const char *need,
                             const igraph_integer_t *avoid, size_t navoid,
                             struct rn_routes *out);

/* Routes from `from` to the one contact `to`. */
enum rn_status rn_intro_to(struct rn_intro *in, igraph_integer_t from, igraph_integer_t to,
                           const igraph_integer_t *avoid, size_t navoid,
                           struct rn_routes *out);

/*
 * Are two scores equal up to rounding (relative 1e-12)?  Products of the same
 * factors in another order differ in the last bits; such ties are decided by
 * ids, in intro and in match alike.
 */
int rn_score_equal(double a, double b);

/* The fatigue factor of a contact as an intermediary (1 when not fatigued). */
double rn_intro_fatigue(const struct rn_intro *in, igraph_integer_t v);

/*
 * Every tie's routing cost as the search uses it, -ln(rn_intro_effective),
 * under opt as of the day as_of (for exports to graph databases): a
 * malloc'd array of net->nties costs in *cost (free() it).  Returns RN_OK or
 * RN_E_INTERNAL (out of memory; *cost NULL).  O(events + ties).
 */
enum rn_status rn_intro_tie_costs(const struct rn_network *net, const struct rn_intro_options *opt,
                                  int as_of, double **cost) RN_WARN_UNUSED;

#endif

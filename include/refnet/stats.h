/*
 * Network statistics: what the whole network looks like and who holds it
 * together.  Size, stages and log counts; density, components, clustering;
 * connectors (betweenness on -ln(strength) costs, exact or estimated from
 * sampled sources), hubs (weighted degree), brokers (Burt's constraint),
 * communities (Leiden or Louvain, with modularity, their central members and
 * their most common offers), isolated and weakly-tied contacts, and the
 * mutuality of referrals in the log.  docs/stats.md gives every definition.
 *
 * This module computes; it does not print, and it never changes the
 * network.  Randomised steps (the betweenness sources, the community
 * detection) draw from igraph's default RNG, seeded with options.seed right
 * before each step, so the same network and seed give the same result.
 *
 * Threads: rn_stats_compute() runs the igraph steps (components, communities,
 * referral reciprocity) on one helper thread while the calling thread runs
 * refnet's own loops (triangles and constraint, then betweenness); when the
 * helper is done with igraph it takes a share of the betweenness sources.
 * Only one thread calls igraph at any time (the Debian igraph is not
 * thread-safe), and every sum is made in a fixed order, so the result does
 * not depend on timing.  Do not call igraph from another thread while it
 * runs.
 */
#ifndef REFNET_STATS_H
#define REFNET_STATS_H

#include <stddef.h>
#include <stdint.h>

#include "refnet/community.h"
#include "refnet/network.h"

#define RN_STATS_DEFAULT_TOP 10
#define RN_STATS_DEFAULT_SAMPLES 16        /* betweenness sources on a large network */
#define RN_STATS_EXACT_MAX 2000            /* exact betweenness up to this many tied contacts */
#define RN_STATS_DEFAULT_WEAK_BELOW 0.35   /* weakly tied: every tie weaker than this */
#define RN_STATS_COST_SHIFT 1e-6           /* added to -ln(strength): a hop is never free */
#define RN_STATS_PER_COMMUNITY 5           /* members and tags shown per community, at most */

/* Progress of a long step: `done` of `total` units (total 0: just started). */
typedef void (*rn_stats_progress_fn)(void *ctx, const char *step, unsigned long long done,
                                     unsigned long long total);

struct rn_stats_options {
	int as_of;                     /* log events after this day are ignored */
	size_t top;                    /* length of every ranked list */
	igraph_integer_t samples;      /* betweenness sources when estimating */
	int force_samples;             /* estimate even on a small network */
	int exact;                     /* exact betweenness at any size */
	int no_brokers;                /* skip triangles and constraint (the slowest step
	                                  after betweenness): constraint, transitivity and
	                                  clustering are then NAN and there are no brokers */
	unsigned long long seed;
	double weak_below;             /* threshold for "weakly tied" */
	enum rn_community_method method;
	rn_stats_progress_fn progress; /* NULL: none; called on the calling thread */
	void *progress_ctx;
	/* Called once on the thread that makes the igraph calls, when they are
	 * done and before it takes a share of the betweenness: a caller's own
	 * igraph work (the report's diagram) runs there beside the betweenness
	 * instead of after it.  Not called when an igraph step failed.  NULL:
	 * none. */
	void (*igraph_after)(void *ctx);
	void *igraph_after_ctx;
};

/* Defaults: as_of = RN_NO_DATE (no event is ignored), the RN_STATS_DEFAULT_* values, Leiden. */
void rn_stats_options_init(struct rn_stats_options *o);

struct rn_stats_tag {
	uint32_t tag;                  /* tag id: net->tag_text[tag] */
	igraph_integer_t count;        /* members offering it */
};

struct rn_stats_community {
	igraph_integer_t size;
	igraph_integer_t ties_inside;
	size_t nmembers;               /* listed members, most central first */
	igraph_integer_t *members;
	double *member_strength;       /* each listed member's strength inside the community */
	size_t ntags;                  /* most common offers, most frequent first */
	struct rn_stats_tag *tags;
};

struct rn_stats {
	/* Size. */
	igraph_integer_t contacts, ties;
	igraph_integer_t stages[RN_STAGE_COUNT];
	igraph_integer_t events;               /* log events on or before as_of */
	igraph_integer_t events_ignored;       /* dated after as_of */
	igraph_integer_t kinds[RN_KIND_COUNT];
	double density;                        /* ties / possible pairs; 0 below 2 contacts */
	double average_degree;
	igraph_integer_t components, largest_component;
	igraph_integer_t triangles;
	double transitivity;                   /* 3 triangles / connected triples; NAN if none */
	double average_clustering;             /* mean local clustering, degree >= 2; NAN if none */

	/* Per contact (arrays of `contacts` elements). */
	igraph_integer_t *degree;
	double *strength;                      /* weighted degree: sum of tie strengths */
	double *betweenness;                   /* igraph's undirected convention (pairs counted once) */
	double *constraint;                    /* NAN for contacts without ties */
	igraph_integer_t *community;           /* community number - 1 (index into communities[]) */

	/* How betweenness was computed. */
	int betweenness_exact;
	igraph_integer_t sources;              /* source vertices used */
	igraph_integer_t source_pool;          /* contacts with at least one tie */

	/* Ranked lists (contact ids), each at most `top` long. */
	size_t nconnectors;
	igraph_integer_t *connectors;          /* highest betweenness first */
	size_t nhubs;
	igraph_integer_t *hubs;                /* highest strength first */
	size_t nbrokers;
	igraph_integer_t *brokers;             /* lowest constraint first, degree >= 2 */
	igraph_integer_t *broker_circles;      /* communities among each broker's contacts */

	/* Communities from rn_communities_find() (community.h): numbered by size,
	 * largest first, then by smallest member id, as refnet render numbers them. */
	enum rn_community_method method;
	double resolution;                     /* as passed to the algorithm */
	double modularity;                     /* igraph_modularity, resolution 1; NAN without ties */
	igraph_integer_t ncommunities;         /* with at least two members */
	igraph_integer_t singletons;           /* contacts alone in their community */
	size_t ncommunities_listed;
	struct rn_stats_community *communities;

	/* Left out. */
	igraph_integer_t nisolated;            /* no tie at all */
	size_t nisolated_listed;
	igraph_integer_t *isolated;            /* by id */
	igraph_integer_t nweak;                /* ties, all weaker than weak_below */
	size_t nweak_listed;
	igraph_integer_t *weak;                /* weakest strongest tie first, then by id */
	double *weak_max;                      /* each listed contact's strongest tie */

	/* Referrals in the log (on or before as_of). */
	igraph_integer_t referrals;            /* events */
	igraph_integer_t referral_pairs;       /* unordered pairs with a referral either way */
	igraph_integer_t mutual_pairs;         /* pairs with referrals both ways */
	double mutuality;                      /* mutual_pairs / referral_pairs (igraph ratio); NAN if none */
	double reciprocity;                    /* share of directed referral links returned; NAN if none */
};

/*
 * Compute every statistic.  The network must have its graph (loaded with
 * rn_load_options.graph).  On success the caller owns *st and releases it
 * with rn_stats_release().  Returns RN_OK, RN_E_USAGE when the options are
 * out of range (top 0 is allowed: empty lists), or RN_E_INTERNAL (out of
 * memory, or an igraph failure: see rn_igraph_last_error()); *st is then
 * released.
 *
 * Time, for N contacts, M ties, E events and K betweenness sources:
 * O(K (M + N) log N) betweenness + O(M^1.5) at worst, far less in practice,
 * for triangles and constraint + the community detection (about linear per
 * iteration) + O(E log E) referral pairs.  Memory beyond the network: about
 * 80 bytes per tie and 200 per contact at the peak, plus igraph's community
 * detection (2.2 GB in all at 1M contacts / 10M ties).
 */
enum rn_status rn_stats_compute(const struct rn_network *net, const struct rn_stats_options *opt,
                                struct rn_stats *st) RN_WARN_UNUSED;

/* Release everything in *st.  Accepts a zeroed or released struct. */
void rn_stats_release(struct rn_stats *st);

/*
 * Betweenness of every contact on the costs -ln(strength) + RN_STATS_COST_SHIFT,
 * in igraph's undirected convention (each unordered pair counted once, the
 * ends excluded).  With sources == NULL it is exact (every contact a
 * source); otherwise it sums the dependencies of the nsources given contacts
 * and multiplies by pool / nsources, an unbiased estimate when the sources
 * are a uniform sample of the pool.  res must hold net->ncontacts values.
 * Returns RN_OK or RN_E_INTERNAL (out of memory, or more than 2^32 - 2
 * contacts or ties).  Time: O(sources (M + N) log N); memory O(N + M).
 */
enum rn_status rn_stats_betweenness(const struct rn_network *net, const igraph_integer_t *sources,
                                    igraph_integer_t nsources, igraph_integer_t pool,
                                    double *res) RN_WARN_UNUSED;

/*
 * Burt's constraint of every contact with tie strengths as weights, equal to
 * igraph_constraint(): for i with contacts N(i) and p_ij = w_ij / sum_k w_ik,
 * C_i = sum over j in N(i) of (p_ij + sum over q in N(i) of p_iq p_qj)^2.
 * NAN for contacts without ties.  res must hold net->ncontacts values.
 * Returns RN_OK or RN_E_INTERNAL.  Time: that of listing the triangles
 * (O(M^1.5) at worst); memory O(N + M).
 */
enum rn_status rn_stats_constraint(const struct rn_network *net, double *res) RN_WARN_UNUSED;

#endif

/*
 * refnet: shared definitions for every module.
 *
 * Ownership rule, stated once for the whole library: a struct rn_network owns
 * every string it hands out (ids, names, tags, notes), and they live until
 * rn_network_release().  Everything else passes integer ids (igraph_integer_t)
 * or borrows pointers for the duration of a call.  Functions that allocate say
 * so and name the matching release function; every release function accepts a
 * zeroed or already-released object.
 *
 * Every fallible function returns an enum rn_status.  The values are the
 * process exit codes of the command-line tool (sysexits.h numbering), so a
 * status can be passed up unchanged from the deepest module to main().
 */
#ifndef REFNET_COMMON_H
#define REFNET_COMMON_H

#include <stddef.h>

enum rn_status {
	RN_OK = 0,            /* success, possibly with an empty result */
	RN_E_USAGE = 64,      /* bad command line */
	RN_E_DATA = 65,       /* bad input data; details are in a struct rn_diag */
	RN_E_NOINPUT = 66,    /* an input file is missing or unreadable */
	RN_E_INTERNAL = 70,   /* a bug, an igraph failure or out of memory */
	RN_E_CANTCREAT = 73   /* an output file cannot be created or written */
};

#if defined(__GNUC__)
#define RN_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define RN_WARN_UNUSED __attribute__((warn_unused_result))
#else
#define RN_PRINTF(f, a)
#define RN_WARN_UNUSED
#endif

#define RN_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* "No date": the value of an empty date field (dates are days since 1970-01-01). */
#define RN_NO_DATE ((int) -2147483647 - 1)

#endif

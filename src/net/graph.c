/*
 * igraph set-up: refnet's error and warning handlers.
 *
 * igraph's default error handler aborts the process.  Ours keeps the message
 * for the caller, frees what igraph registered for cleanup (IGRAPH_FINALLY)
 * and lets the error code travel back up, where the calling module turns it
 * into RN_E_INTERNAL.
 */
#include <stdio.h>
#include <string.h>

#include "refnet/network.h"

static char last_error[512];

static void on_error(const char *reason, const char *file, int line, igraph_error_t err)
{
	/* Out of memory reads the same from igraph as from everywhere else
	 * (igraph's own reason is then often empty). */
	if (err == IGRAPH_ENOMEM)
		snprintf(last_error, sizeof(last_error), "out of memory");
	else
		snprintf(last_error, sizeof(last_error), "igraph: %s (%s)", reason,
		         igraph_strerror(err));
	(void) file;
	(void) line;
	IGRAPH_FINALLY_FREE();
}

static void on_warning(const char *reason, const char *file, int line)
{
	/* Warnings are about numerical details refnet already handles. */
	(void) reason;
	(void) file;
	(void) line;
}

void rn_igraph_setup(void)
{
	igraph_set_error_handler(on_error);
	igraph_set_warning_handler(on_warning);
}

const char *rn_igraph_last_error(void)
{
	/* RN_E_INTERNAL without an igraph error is an allocation that failed
	 * in refnet's own code (the loader's tables, say). */
	return last_error[0] ? last_error : "out of memory";
}

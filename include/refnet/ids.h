/*
 * Contact ids without loading the network: the id column of a contacts file,
 * read as cheaply as the CSV reader allows.  Meant for the shell completion
 * (`refnet __complete ids`), which must answer within a keystroke and must
 * never complain: nothing is validated beyond what the CSV reader does, and a
 * file that cannot be read or has no id column simply yields no ids.
 */
#ifndef REFNET_IDS_H
#define REFNET_IDS_H

#include <stddef.h>

#include "refnet/common.h"

/* Called once per non-empty id, in file order; return RN_OK to go on. */
typedef enum rn_status (*rn_id_fn)(void *ctx, const char *id, size_t len);

/*
 * Call fn with every id of the contacts file at path (the column the loader
 * takes as the id: `id` or one of its aliases, header matched as the loader
 * does; the value trimmed as the loader does).  Ids are not de-duplicated.
 * Returns RN_OK (also for an unreadable file, a syntax error part-way, or a
 * file without an id column: the ids read so far were passed on), or the
 * callback's status.  Memory: O(longest record).  Time: O(file size).
 */
enum rn_status rn_ids_read(const char *path, rn_id_fn fn, void *ctx);

#endif

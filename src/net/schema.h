/*
 * Column roles of the three input tables and header-name matching.
 * Private to src/net (the public face is rn_table_columns() in network.h).
 */
#ifndef REFNET_NET_SCHEMA_H
#define REFNET_NET_SCHEMA_H

#include <stddef.h>

#include "refnet/network.h"

enum { RN_C_ID, RN_C_NAME, RN_C_STAGE, RN_C_OFFERS, RN_C_NEEDS, RN_C_COUNT };
enum { RN_T_A, RN_T_B, RN_T_STRENGTH, RN_T_SINCE, RN_T_LAST_CONTACT, RN_T_NOTE, RN_T_COUNT };
enum { RN_L_DATE, RN_L_FROM, RN_L_TO, RN_L_KIND, RN_L_ABOUT, RN_L_VALUE, RN_L_STATUS,
       RN_L_NOTE, RN_L_COUNT };

/*
 * Normalize a header name for matching: trimmed, ASCII lower case, space and
 * '-' as '_'.  Writes at most cap bytes including the NUL; returns the length.
 */
size_t rn_schema_normalize(const char *s, size_t n, char *out, size_t cap);

/* The role of a normalized header name in table t, or -1 for an extra column. */
int rn_schema_role(enum rn_table_id t, const char *norm);

/* The aliases of a role (for messages); returns how many were stored. */
size_t rn_schema_aliases(enum rn_table_id t, int role, const char **out, size_t cap);

#endif

/*
 * The input schema: canonical column names, their accepted aliases, and the
 * names of stages, log kinds and tables.  Header matching is documented in
 * docs/formats.md; this table is the single source of truth for it.
 */
#include "schema.h"

#include <string.h>

#include "refnet/text.h"

static const char *const contact_cols[RN_C_COUNT] = {
	"id", "name", "stage", "offers", "needs"
};
static const char *const tie_cols[RN_T_COUNT] = {
	"a", "b", "strength", "since", "last_contact", "note"
};
static const char *const log_cols[RN_L_COUNT] = {
	"date", "from", "to", "kind", "about", "value", "status", "note"
};

struct alias {
	enum rn_table_id table;
	int role;
	const char *name;   /* normalized: lower case, '_' for space and '-' */
};

static const struct alias aliases[] = {
	{ RN_TABLE_CONTACTS, RN_C_ID, "contact_id" },
	{ RN_TABLE_CONTACTS, RN_C_ID, "contact" },
	{ RN_TABLE_CONTACTS, RN_C_NAME, "full_name" },
	{ RN_TABLE_CONTACTS, RN_C_NAME, "display_name" },
	{ RN_TABLE_CONTACTS, RN_C_STAGE, "relationship_stage" },
	{ RN_TABLE_CONTACTS, RN_C_OFFERS, "offer" },
	{ RN_TABLE_CONTACTS, RN_C_OFFERS, "gives" },
	{ RN_TABLE_CONTACTS, RN_C_NEEDS, "need" },
	{ RN_TABLE_CONTACTS, RN_C_NEEDS, "wants" },
	{ RN_TABLE_TIES, RN_T_A, "source" },
	{ RN_TABLE_TIES, RN_T_A, "from" },
	{ RN_TABLE_TIES, RN_T_A, "person_a" },
	{ RN_TABLE_TIES, RN_T_B, "target" },
	{ RN_TABLE_TIES, RN_T_B, "to" },
	{ RN_TABLE_TIES, RN_T_B, "person_b" },
	{ RN_TABLE_TIES, RN_T_STRENGTH, "weight" },
	{ RN_TABLE_TIES, RN_T_STRENGTH, "trust" },
	{ RN_TABLE_TIES, RN_T_LAST_CONTACT, "last_contacted" },
	{ RN_TABLE_TIES, RN_T_LAST_CONTACT, "last_seen" },
	{ RN_TABLE_TIES, RN_T_NOTE, "notes" },
	{ RN_TABLE_LOG, RN_L_DATE, "when" },
	{ RN_TABLE_LOG, RN_L_FROM, "source" },
	{ RN_TABLE_LOG, RN_L_FROM, "by" },
	{ RN_TABLE_LOG, RN_L_TO, "target" },
	{ RN_TABLE_LOG, RN_L_TO, "recipient" },
	{ RN_TABLE_LOG, RN_L_KIND, "type" },
	{ RN_TABLE_LOG, RN_L_KIND, "event" },
	{ RN_TABLE_LOG, RN_L_VALUE, "amount" },
	{ RN_TABLE_LOG, RN_L_NOTE, "notes" },
};

const char *const *rn_table_columns(enum rn_table_id t, size_t *n)
{
	switch (t) {
	case RN_TABLE_CONTACTS: *n = RN_C_COUNT; return contact_cols;
	case RN_TABLE_TIES: *n = RN_T_COUNT; return tie_cols;
	case RN_TABLE_LOG: *n = RN_L_COUNT; return log_cols;
	case RN_TABLE_COUNT: break;
	}
	*n = 0;
	return NULL;
}

size_t rn_schema_normalize(const char *s, size_t n, char *out, size_t cap)
{
	s = rn_text_trim(s, &n);
	size_t k = 0;
	for (size_t i = 0; i < n && k + 1 < cap; i++) {
		char c = s[i];
		if (c >= 'A' && c <= 'Z')
			c = (char) (c + 32);
		else if (c == ' ' || c == '-')
			c = '_';
		out[k++] = c;
	}
	out[k] = '\0';
	return k;
}

int rn_schema_role(enum rn_table_id t, const char *norm)
{
	size_t n;
	const char *const *cols = rn_table_columns(t, &n);
	for (size_t i = 0; i < n; i++)
		if (strcmp(cols[i], norm) == 0)
			return (int) i;
	for (size_t i = 0; i < RN_ARRAY_LEN(aliases); i++)
		if (aliases[i].table == t && strcmp(aliases[i].name, norm) == 0)
			return aliases[i].role;
	return -1;
}

size_t rn_schema_aliases(enum rn_table_id t, int role, const char **out, size_t cap)
{
	size_t k = 0;
	for (size_t i = 0; i < RN_ARRAY_LEN(aliases) && k < cap; i++)
		if (aliases[i].table == t && aliases[i].role == role)
			out[k++] = aliases[i].name;
	return k;
}

const char *rn_stage_name(enum rn_stage s)
{
	static const char *const names[RN_STAGE_COUNT] = {
		"", "suspect", "prospect", "customer", "partner", "other"
	};
	return (unsigned) s < RN_STAGE_COUNT ? names[s] : "";
}

const char *rn_kind_name(enum rn_kind k)
{
	static const char *const names[RN_KIND_COUNT] = {
		"referral", "intro", "ask", "pitch", "touch", "meeting", "thanks", "gift"
	};
	return (unsigned) k < RN_KIND_COUNT ? names[k] : "";
}

const char *rn_table_name(enum rn_table_id t)
{
	static const char *const names[RN_TABLE_COUNT] = {
		"contacts.csv", "ties.csv", "log.csv"
	};
	return (unsigned) t < RN_TABLE_COUNT ? names[t] : "";
}

/*
 * The input schema: the column descriptions of schema.h laid out as tables,
 * header-name matching, and the names of stages, log kinds and tables.
 * Header matching is documented in docs/formats.md.
 */
#include "schema.h"

#include <string.h>

#include "refnet/text.h"

#define NAME(role, name, ...) [role] = name,
#define DEF(role, name, required, cell, merge, at, text_at, ...) \
	[role] = { name, { __VA_ARGS__ }, required, cell, merge, at, text_at },

static const char *const contact_names[RN_C_COUNT] = { RN_CONTACT_COLUMNS(NAME) };
static const char *const tie_names[RN_T_COUNT] = { RN_TIE_COLUMNS(NAME) };
static const char *const log_names[RN_L_COUNT] = { RN_LOG_COLUMNS(NAME) };

static const struct rn_column_def contact_cols[RN_C_COUNT] = { RN_CONTACT_COLUMNS(DEF) };
static const struct rn_column_def tie_cols[RN_T_COUNT] = { RN_TIE_COLUMNS(DEF) };
static const struct rn_column_def log_cols[RN_L_COUNT] = { RN_LOG_COLUMNS(DEF) };

#undef NAME
#undef DEF

static const struct rn_table_def tables[RN_TABLE_COUNT] = {
	[RN_TABLE_CONTACTS] = { contact_cols, RN_C_COUNT, "contact", RN_AT(ncontacts),
	                        RN_AT(contact_line), RN_AT(contact_extra), { -1, -1 }, NULL },
	[RN_TABLE_TIES] = { tie_cols, RN_T_COUNT, "tie", RN_AT(nties), RN_AT(tie_line),
	                    RN_AT(tie_extra), { RN_T_A, RN_T_B },
	                    "self-tie: '%s' cannot be tied to itself" },
	[RN_TABLE_LOG] = { log_cols, RN_L_COUNT, "log event", RN_AT(nevents), RN_AT(ev_line),
	                   RN_AT(ev_extra), { RN_L_FROM, RN_L_TO },
	                   "from and to are the same contact '%s'" },
};

const struct rn_table_def *rn_schema_table(enum rn_table_id t)
{
	return (unsigned) t < RN_TABLE_COUNT ? &tables[t] : NULL;
}

size_t rn_schema_cell_size(enum rn_cell cell)
{
	switch (cell) {
	case RN_CELL_OWN_ID:
	case RN_CELL_NAME:
	case RN_CELL_TEXT: return sizeof(const char *);
	case RN_CELL_STAGE:
	case RN_CELL_KIND: return sizeof(unsigned char);
	case RN_CELL_TAGS: return sizeof(struct rn_tag_span);
	case RN_CELL_CONTACT: return sizeof(igraph_integer_t);
	case RN_CELL_STRENGTH:
	case RN_CELL_VALUE: return sizeof(double);
	case RN_CELL_DATE: return sizeof(int);
	}
	return 0;
}

const char *const *rn_table_columns(enum rn_table_id t, size_t *n)
{
	switch (t) {
	case RN_TABLE_CONTACTS: *n = RN_C_COUNT; return contact_names;
	case RN_TABLE_TIES: *n = RN_T_COUNT; return tie_names;
	case RN_TABLE_LOG: *n = RN_L_COUNT; return log_names;
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
	const struct rn_table_def *d = rn_schema_table(t);
	for (size_t i = 0; d && i < d->ncols; i++)
		if (strcmp(d->col[i].name, norm) == 0)
			return (int) i;
	for (size_t i = 0; d && i < d->ncols; i++)
		for (const char *const *a = d->col[i].alias; *a; a++)
			if (strcmp(*a, norm) == 0)
				return (int) i;
	return -1;
}

size_t rn_schema_aliases(enum rn_table_id t, int role, const char **out, size_t cap)
{
	const struct rn_table_def *d = rn_schema_table(t);
	size_t k = 0;
	if (!d || role < 0 || (size_t) role >= d->ncols)
		return 0;
	for (const char *const *a = d->col[role].alias; *a && k < cap; a++)
		out[k++] = *a;
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

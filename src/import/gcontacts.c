/*
 * Google Contacts CSV reader, into the address-book cards of
 * include/refnet/abook.h.
 *
 * Two header layouts are read, told apart by their columns:
 *   current  First Name,Middle Name,Last Name,...,Organization Name,
 *            Organization Title,...,Labels,E-mail 1 - Label,E-mail 1 - Value,
 *            ...,Relation 1 - Label,Relation 1 - Value
 *   older    Name,Given Name,Additional Name,Family Name,...,Group Membership,
 *            E-mail 1 - Type,E-mail 1 - Value,...,Organization 1 - Name,
 *            Organization 1 - Title,...,Relation 1 - Type,Relation 1 - Value
 * A cell may hold several values joined by " ::: ".  Labels (groups) that
 * start with "* " are Google's own ("* myContacts", "* starred") and are
 * dropped; the others become `labels`.  The first e-mail address is `email`,
 * the rest `other_emails` (likewise `phone`, `other_phones`); the Label or
 * Type of an e-mail, phone, address or website ("* Work", "Mobile") is not
 * kept.  A Relation becomes a relation with its label ("Referred by",
 * "Spouse"); a Custom Field is kept in a column named by its label.  Every
 * other non-empty cell is kept in a column named by its header.
 */
#include "refnet/abook.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "refnet/csv.h"
#include "refnet/text.h"

enum role {
	R_KEEP, R_SKIP, R_NAME, R_FIRST, R_MIDDLE, R_LAST, R_EMAIL, R_PHONE, R_COMPANY,
	R_TITLE, R_DEPT, R_LABELS, R_NOTES, R_CITY, R_REL_VALUE, R_CUSTOM_VALUE, R_WEBSITE
};

struct col {
	enum role role;
	long pair;             /* the Label/Type column of a Relation or Custom Field */
	char *header;
};

struct greader {
	struct rn_abook *ab;
	const char *file;
	struct rn_diag *diag;
	struct col *cols;
	size_t ncols;
	int old;               /* the older layout */
};

static int hdr_is(const char *h, const char *lit)
{
	return rn_text_ieq(h, strlen(h), lit);
}

/* "Relation 3 - Value" -> 1 and the prefix "Relation 3 - " (length in *pn)
 * when h is "<what> N - <suffix>". */
static int numbered(const char *h, const char *what, const char *suffix, size_t *pn)
{
	size_t wn = strlen(what), hn = strlen(h), sn = strlen(suffix);
	if (hn < wn + 4 + sn || !rn_text_ieq(h, wn, what) || h[wn] != ' ')
		return 0;
	size_t i = wn + 1;
	if (h[i] < '0' || h[i] > '9')
		return 0;
	while (i < hn && h[i] >= '0' && h[i] <= '9')
		i++;
	if (hn - i != 3 + sn || memcmp(h + i, " - ", 3) != 0 || !rn_text_ieq(h + i + 3, sn, suffix))
		return 0;
	*pn = i + 3;
	return 1;
}

static long find_col(const struct greader *g, const char *h, size_t prefix_n,
                     const char *suffix)
{
	size_t sn = strlen(suffix);
	for (size_t i = 0; i < g->ncols; i++) {
		const char *o = g->cols[i].header;
		if (strlen(o) == prefix_n + sn && strncasecmp(o, h, prefix_n) == 0 &&
		    rn_text_ieq(o + prefix_n, sn, suffix))
			return (long) i;
	}
	return -1;
}

static enum role classify(const char *h, int old)
{
	size_t pn;
	static const struct {
		const char *h;
		enum role r;
	} fixed[] = {
		{ "Name", R_NAME },            { "First Name", R_FIRST },
		{ "Given Name", R_FIRST },     { "Middle Name", R_MIDDLE },
		{ "Additional Name", R_MIDDLE }, { "Last Name", R_LAST },
		{ "Family Name", R_LAST },     { "Organization Name", R_COMPANY },
		{ "Organization 1 - Name", R_COMPANY }, { "Organization Title", R_TITLE },
		{ "Organization 1 - Title", R_TITLE }, { "Organization Department", R_DEPT },
		{ "Organization 1 - Department", R_DEPT }, { "Labels", R_LABELS },
		{ "Group Membership", R_LABELS }, { "Notes", R_NOTES },
		{ "Address 1 - City", R_CITY }, { "Organization 1 - Type", R_SKIP },
	};
	for (size_t i = 0; i < RN_ARRAY_LEN(fixed); i++)
		if (hdr_is(h, fixed[i].h))
			return fixed[i].r;
	if (numbered(h, "E-mail", "Value", &pn))
		return R_EMAIL;
	if (numbered(h, "Phone", "Value", &pn))
		return R_PHONE;
	if (numbered(h, "Website", "Value", &pn))
		return R_WEBSITE;
	if (numbered(h, "Relation", "Value", &pn))
		return R_REL_VALUE;
	if (numbered(h, "Custom Field", "Value", &pn))
		return R_CUSTOM_VALUE;
	/* The Label or Type of these is read with its Value (Relation, Custom
	 * Field) or not kept ("* Work"); those of IM, Event and others are
	 * kept as they are. */
	static const char *const kinds[] = { "E-mail", "Phone", "Website", "Address", "Relation",
	                                     "Custom Field" };
	for (size_t i = 0; i < RN_ARRAY_LEN(kinds); i++)
		if (numbered(h, kinds[i], "Label", &pn) || numbered(h, kinds[i], "Type", &pn))
			return R_SKIP;
	(void) old;
	return R_KEEP;
}

static int header(void *ctx, const struct rn_csv_record *rec)
{
	struct greader *g = ctx;
	g->cols = calloc(rec->nfields ? rec->nfields : 1, sizeof(*g->cols));
	if (!g->cols)
		return -1;
	g->ncols = rec->nfields;
	int first = 0, name = 0, given = 0, outlook = 0;
	for (size_t i = 0; i < rec->nfields; i++) {
		size_t n;
		char num[32];
		const char *h = rn_abook_header_text(rec, i, num, &n);
		g->cols[i].header = strndup(h, n);
		if (!g->cols[i].header)
			return -1;
		first |= hdr_is(g->cols[i].header, "First Name");
		name |= hdr_is(g->cols[i].header, "Name");
		given |= hdr_is(g->cols[i].header, "Given Name") ||
		         hdr_is(g->cols[i].header, "Group Membership");
		outlook |= hdr_is(g->cols[i].header, "E-mail Address");
	}
	if (outlook) {
		rn_diag_error(g->diag, g->file, rec->line0, 0,
		              "this is an Outlook export (it has an 'E-mail Address' column): use "
		              "'refnet import outlook'");
		return 1;
	}
	if (!first && !(name && given)) {
		rn_diag_error(g->diag, g->file, rec->line0, 0,
		              "this does not look like a Google Contacts export: its header has "
		              "neither 'First Name' nor 'Name' and 'Given Name' (export with "
		              "\"Google CSV\" in contacts.google.com)");
		return 1;
	}
	g->old = !first;
	g->ab->format = g->old ? "google-old" : "google";
	for (size_t i = 0; i < g->ncols; i++) {
		const char *h = g->cols[i].header;
		g->cols[i].role = classify(h, g->old);
		g->cols[i].pair = -1;
		size_t pn;
		if (g->cols[i].role == R_REL_VALUE || g->cols[i].role == R_CUSTOM_VALUE) {
			numbered(h, g->cols[i].role == R_REL_VALUE ? "Relation" : "Custom Field", "Value",
			         &pn);
			g->cols[i].pair = find_col(g, h, pn, "Label");
			if (g->cols[i].pair < 0)
				g->cols[i].pair = find_col(g, h, pn, "Type");
		}
	}
	return 0;
}

/* Each " ::: "-separated value of s, passed to fn. */
#define EACH_VALUE(s, v, vn, body)                                                   \
	do {                                                                              \
		const char *p_ = (s);                                                         \
		for (;;) {                                                                    \
			const char *q_ = strstr(p_, " ::: ");                                     \
			size_t vn = q_ ? (size_t) (q_ - p_) : strlen(p_);                        \
			const char *v = p_;                                                       \
			body;                                                                     \
			if (!q_)                                                                  \
				break;                                                                \
			p_ = q_ + 5;                                                              \
		}                                                                             \
	} while (0)

static int add_joined(struct rn_abook_card *c, const char *col, const char *s)
{
	int e = 0;
	EACH_VALUE(s, v, vn, if (!e) e = rn_abook_add(c, col, v, vn));
	return e;
}

static enum rn_status row(void *ctx, const struct rn_csv_record *rec, size_t ci)
{
	struct greader *g = ctx;
	struct rn_abook_card *c = &g->ab->cards[ci];
	const char *parts[3] = { NULL, NULL, NULL };
	int e = 0;
	for (size_t i = 0; i < rec->nfields && i < g->ncols && !e; i++) {
		const char *v = rec->field[i];
		size_t n = rec->len[i];
		rn_text_trim(v, &n);
		if (n == 0 || rec->bad[i])
			continue;
		const struct col *col = &g->cols[i];
		switch (col->role) {
		case R_SKIP:
			break;
		case R_NAME:
			e = rn_abook_add(c, "name", v, strlen(v));
			break;
		case R_FIRST:
			parts[0] = v;
			break;
		case R_MIDDLE:
			parts[1] = v;
			break;
		case R_LAST:
			parts[2] = v;
			break;
		case R_EMAIL:
			EACH_VALUE(v, x, xn, if (!e) e = rn_abook_add_first(c, "email", "other_emails", x, xn));
			break;
		case R_PHONE:
			EACH_VALUE(v, x, xn, if (!e) e = rn_abook_add_first(c, "phone", "other_phones", x, xn));
			break;
		case R_WEBSITE:
			e = add_joined(c, "website", v);
			break;
		case R_COMPANY:
			e = add_joined(c, "company", v);
			break;
		case R_TITLE:
			e = add_joined(c, "position", v);
			break;
		case R_DEPT:
			e = add_joined(c, "department", v);
			break;
		case R_NOTES:
			e = rn_abook_add(c, "notes", v, strlen(v));
			break;
		case R_CITY:
			EACH_VALUE(v, x, xn, if (!e) e = rn_abook_add_first(c, "city", "other_cities", x, xn));
			break;
		case R_LABELS:
			EACH_VALUE(v, x, xn, {
				size_t tn = xn;
				const char *t = rn_text_trim(x, &tn);
				if (!e && !(tn >= 2 && t[0] == '*' && t[1] == ' '))
					e = rn_abook_add(c, "labels", t, tn);
			});
			break;
		case R_REL_VALUE: {
			const char *label = col->pair >= 0 && (size_t) col->pair < rec->nfields
			                        ? rec->field[col->pair] : "";
			EACH_VALUE(v, x, xn, if (!e) e = rn_abook_rel_add(c, label, strlen(label), x, xn, 0,
			                                                  rec->line[i]));
			break;
		}
		case R_CUSTOM_VALUE: {
			size_t ln = 0;
			const char *label = "";
			if (col->pair >= 0 && (size_t) col->pair < rec->nfields) {
				label = rec->field[col->pair];
				ln = rec->len[col->pair];
				label = rn_text_trim(label, &ln);
			}
			char name[128];
			snprintf(name, sizeof(name), "%.*s", (int) ln, label);
			e = add_joined(c, ln ? name : col->header, v);
			break;
		}
		case R_KEEP:
			e = add_joined(c, col->header, v);
			break;
		}
	}
	if (e)
		goto oom;
	if (!rn_abook_get(c, "name")) {
		char full[1024];
		size_t fn = 0;
		for (size_t k = 0; k < 3; k++) {
			if (!parts[k])
				continue;
			int w = snprintf(full + fn, sizeof(full) - fn, "%s%s", fn ? " " : "", parts[k]);
			if (w > 0)
				fn += (size_t) w < sizeof(full) - fn ? (size_t) w : sizeof(full) - fn - 1;
		}
		const char *alt = fn ? full : rn_abook_get(c, "Nickname");
		if (!alt)
			alt = rn_abook_get(c, "File As");
		if (!alt)
			alt = rn_abook_get(c, "company");
		if (!alt)
			alt = rn_abook_get(c, "email");
		if (alt && rn_abook_add(c, "name", alt, strlen(alt)) < 0)
			goto oom;
		if (!alt) {
			rn_diag_warn(g->diag, g->file, rec->line0, 0,
			             "a row with no name, organization or e-mail address is not imported");
			rn_abook_card_drop(g->ab);
			g->ab->skipped++;
		}
	}
	return RN_OK;
oom:
	return RN_E_INTERNAL;
}

enum rn_status rn_gcontacts_parse(struct rn_abook *ab, const char *buf, size_t n,
                                  const char *display, struct rn_diag *diag)
{
	struct greader g = { .ab = ab, .file = display, .diag = diag };
	enum rn_status st = rn_abook_read_csv(ab, buf, n, display, diag, "Google Contacts", header,
	                                      row, &g);
	for (size_t i = 0; i < g.ncols; i++)
		free(g.cols[i].header);
	free(g.cols);
	return st;
}

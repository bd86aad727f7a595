/*
 * Outlook CSV reader, into the address-book cards of include/refnet/abook.h.
 *
 * Outlook writes two layouts: the web export (Outlook.com, Microsoft 365:
 * about 61 columns, "First Name,Middle Name,Last Name,Title,...,E-mail
 * Address,...") and the desktop export (about 92 columns, with "E-mail
 * Type", "Categories" joined by ';' and "Referred By").  Both are in
 * Windows-1252 more often than not; that is detected and converted (with a
 * warning), so a "M\xfcller" reads as "Müller".
 *
 * What becomes what: First/Middle/Last Name the name (else Company, else
 * the e-mail address); E-mail Address the `email`, E-mail 2/3 Address
 * `other_emails`; the first of Primary, Mobile, Business and Home Phone the
 * `phone` (the others keep their columns); Company `company`, Job Title
 * `position`, Department `department`, Categories `labels`, Notes `notes`,
 * Business City (else Home City) `city`, Web Page `website`, Title (Mr.,
 * Dr.) `name_title`; Referred By, Manager's Name, Assistant's Name and
 * Spouse become relations.  The E-mail Type and Display Name columns and
 * the values the desktop export writes into every row when nothing was
 * entered (Sensitivity "Normal", Priority "Normal", Private "False", Gender
 * "Unspecified", a birthday of "0/0/00", Initials made from the name) carry
 * nothing and are not kept.  Every other non-empty cell is kept in a column
 * named by its header.
 */
#include "refnet/abook.h"

#include <stdlib.h>
#include <string.h>

#include "refnet/csv.h"
#include "refnet/text.h"

enum role {
	R_KEEP, R_SKIP, R_FIRST, R_MIDDLE, R_LAST, R_EMAIL, R_PHONE, R_COMPANY, R_TITLE,
	R_DEPT, R_LABELS, R_NOTES, R_CITY, R_REL, R_WEBSITE, R_NAME_TITLE, R_INITIALS,
	R_DEFAULTS
};

struct col {
	enum role role;
	int rank;              /* R_PHONE, R_CITY: lower is preferred */
	const char *label;     /* R_REL */
	char *header;
};

struct oreader {
	struct rn_abook *ab;
	const char *file;
	struct rn_diag *diag;
	struct col *cols;
	size_t ncols;
};

static const struct {
	const char *h;
	enum role r;
	int rank;
	const char *label;
} known[] = {
	{ "First Name", R_FIRST, 0, NULL },        { "Middle Name", R_MIDDLE, 0, NULL },
	{ "Last Name", R_LAST, 0, NULL },          { "Title", R_NAME_TITLE, 0, NULL },
	{ "E-mail Address", R_EMAIL, 0, NULL },    { "E-mail 2 Address", R_EMAIL, 1, NULL },
	{ "E-mail 3 Address", R_EMAIL, 2, NULL },  { "E-mail Type", R_SKIP, 0, NULL },
	{ "E-mail 2 Type", R_SKIP, 0, NULL },      { "E-mail 3 Type", R_SKIP, 0, NULL },
	{ "E-mail Display Name", R_SKIP, 0, NULL }, { "E-mail 2 Display Name", R_SKIP, 0, NULL },
	{ "E-mail 3 Display Name", R_SKIP, 0, NULL },
	{ "Primary Phone", R_PHONE, 0, NULL },     { "Mobile Phone", R_PHONE, 1, NULL },
	{ "Business Phone", R_PHONE, 2, NULL },    { "Home Phone", R_PHONE, 3, NULL },
	{ "Company", R_COMPANY, 0, NULL },         { "Job Title", R_TITLE, 0, NULL },
	{ "Department", R_DEPT, 0, NULL },         { "Categories", R_LABELS, 0, NULL },
	{ "Notes", R_NOTES, 0, NULL },             { "Business City", R_CITY, 0, NULL },
	{ "Home City", R_CITY, 1, NULL },          { "Web Page", R_WEBSITE, 0, NULL },
	{ "Referred By", R_REL, 0, "Referred by" }, { "Manager's Name", R_REL, 0, "manager" },
	{ "Assistant's Name", R_REL, 0, "assistant" }, { "Spouse", R_REL, 0, "spouse" },
	{ "Initials", R_INITIALS, 0, NULL },       { "Sensitivity", R_DEFAULTS, 0, "Normal" },
	{ "Priority", R_DEFAULTS, 0, "Normal" },   { "Private", R_DEFAULTS, 0, "False" },
	{ "Gender", R_DEFAULTS, 0, "Unspecified" }, { "Birthday", R_DEFAULTS, 0, "0/0/00" },
	{ "Anniversary", R_DEFAULTS, 0, "0/0/00" },
};

static int header(void *ctx, const struct rn_csv_record *rec)
{
	struct oreader *o = ctx;
	o->cols = calloc(rec->nfields ? rec->nfields : 1, sizeof(*o->cols));
	if (!o->cols)
		return -1;
	o->ncols = rec->nfields;
	int email = 0, first = 0, desktop = 0, google = 0;
	for (size_t i = 0; i < rec->nfields; i++) {
		size_t n;
		char num[32];
		const char *h = rn_abook_header_text(rec, i, num, &n);
		struct col *c = &o->cols[i];
		c->header = strndup(h, n);
		if (!c->header)
			return -1;
		c->role = R_KEEP;
		for (size_t k = 0; k < RN_ARRAY_LEN(known); k++)
			if (rn_text_ieq(h, n, known[k].h)) {
				c->role = known[k].r;
				c->rank = known[k].rank;
				c->label = known[k].label;
				break;
			}
		email |= rn_text_ieq(h, n, "E-mail Address");
		first |= rn_text_ieq(h, n, "First Name");
		desktop |= rn_text_ieq(h, n, "Referred By") || rn_text_ieq(h, n, "E-mail Type");
		google |= rn_text_ieq(h, n, "E-mail 1 - Value");
	}
	if (google) {
		rn_diag_error(o->diag, o->file, rec->line0, 0,
		              "this is a Google Contacts export (it has an 'E-mail 1 - Value' "
		              "column): use 'refnet import google'");
		return 1;
	}
	if (!email || !first) {
		rn_diag_error(o->diag, o->file, rec->line0, 0,
		              "this does not look like an Outlook export: its header has no '%s' "
		              "column (export contacts as CSV from Outlook)",
		              !email ? "E-mail Address" : "First Name");
		return 1;
	}
	o->ab->format = desktop ? "outlook-desktop" : "outlook-web";
	return 0;
}

/* The initials Outlook makes from the name: "D.W." for Dana Wu. */
static int auto_initials(const char *v, size_t n, const char *const parts[3])
{
	char want[32];
	size_t w = 0;
	for (size_t k = 0; k < 3; k++)
		if (parts[k] && *parts[k] && w + 2 < sizeof(want)) {
			want[w++] = parts[k][0];
			want[w++] = '.';
		}
	return w == n && memcmp(want, v, n) == 0;
}

static enum rn_status row(void *ctx, const struct rn_csv_record *rec, size_t ci)
{
	struct oreader *o = ctx;
	struct rn_abook_card *c = &o->ab->cards[ci];
	const char *parts[3] = { NULL, NULL, NULL };
	long phone = -1, city = -1;
	for (size_t i = 0; i < rec->nfields && i < o->ncols; i++) {
		size_t n = rec->len[i];
		rn_text_trim(rec->field[i], &n);
		const struct col *col = &o->cols[i];
		if (n == 0 || rec->bad[i])
			continue;
		if (col->role == R_FIRST || col->role == R_MIDDLE || col->role == R_LAST)
			parts[col->role - R_FIRST] = rec->field[i];
		if (col->role == R_PHONE && (phone < 0 || col->rank < o->cols[phone].rank))
			phone = (long) i;
		if (col->role == R_CITY && (city < 0 || col->rank < o->cols[city].rank))
			city = (long) i;
	}
	int e = 0;
	for (size_t i = 0; i < rec->nfields && i < o->ncols && !e; i++) {
		const char *v = rec->field[i];
		size_t n = rec->len[i];
		v = rn_text_trim(v, &n);
		if (n == 0 || rec->bad[i])
			continue;
		const struct col *col = &o->cols[i];
		switch (col->role) {
		case R_SKIP:
		case R_FIRST:
		case R_MIDDLE:
		case R_LAST:
			break;
		case R_EMAIL:
			/* An Exchange address ("/o=ExchangeLabs/...") is no e-mail. */
			if (memchr(v, '@', n))
				e = rn_abook_add_first(c, "email", "other_emails", v, n);
			else
				e = rn_abook_add(c, col->header, v, n);
			break;
		case R_PHONE:
			e = rn_abook_add(c, (long) i == phone ? "phone" : col->header, v, n);
			break;
		case R_CITY:
			e = rn_abook_add(c, (long) i == city ? "city" : col->header, v, n);
			break;
		case R_COMPANY:
			e = rn_abook_add(c, "company", v, n);
			break;
		case R_TITLE:
			e = rn_abook_add(c, "position", v, n);
			break;
		case R_DEPT:
			e = rn_abook_add(c, "department", v, n);
			break;
		case R_NOTES:
			e = rn_abook_add(c, "notes", v, n);
			break;
		case R_WEBSITE:
			e = rn_abook_add(c, "website", v, n);
			break;
		case R_NAME_TITLE:
			e = rn_abook_add(c, "name_title", v, n);
			break;
		case R_LABELS:
			for (size_t a = 0, k = 0; k <= n && !e; k++)
				if (k == n || v[k] == ';') {
					e = rn_abook_add(c, "labels", v + a, k - a);
					a = k + 1;
				}
			break;
		case R_REL:
			e = rn_abook_rel_add(c, col->label, strlen(col->label), v, n, 0, rec->line[i]);
			break;
		case R_INITIALS:
			if (!auto_initials(v, n, parts))
				e = rn_abook_add(c, col->header, v, n);
			break;
		case R_DEFAULTS:
			if (!rn_text_ieq(v, n, col->label))
				e = rn_abook_add(c, col->header, v, n);
			break;
		case R_KEEP:
			e = rn_abook_add(c, col->header, v, n);
			break;
		}
	}
	if (e)
		goto oom;
	char full[1024];
	size_t fn = 0;
	for (size_t k = 0; k < 3; k++) {
		if (!parts[k])
			continue;
		size_t pn = strlen(parts[k]);
		const char *p = rn_text_trim(parts[k], &pn);
		int w = snprintf(full + fn, sizeof(full) - fn, "%s%.*s", fn ? " " : "", (int) pn, p);
		if (w > 0)
			fn += (size_t) w < sizeof(full) - fn ? (size_t) w : sizeof(full) - fn - 1;
	}
	const char *name = fn ? full : rn_abook_get(c, "company");
	if (!name)
		name = rn_abook_get(c, "email");
	if (!name) {
		rn_diag_warn(o->diag, o->file, rec->line0, 0,
		             "a row with no name, company or e-mail address is not imported");
		rn_abook_card_drop(o->ab);
		o->ab->skipped++;
		return RN_OK;
	}
	if (rn_abook_add(c, "name", name, strlen(name)) < 0)
		goto oom;
	return RN_OK;
oom:
	return RN_E_INTERNAL;
}

enum rn_status rn_outlook_parse(struct rn_abook *ab, const char *buf, size_t n,
                                const char *display, struct rn_diag *diag)
{
	struct oreader o = { .ab = ab, .file = display, .diag = diag };
	enum rn_status st = rn_abook_read_csv(ab, buf, n, display, diag, "Outlook", header, row,
	                                      &o);
	for (size_t i = 0; i < o.ncols; i++)
		free(o.cols[i].header);
	free(o.cols);
	return st;
}

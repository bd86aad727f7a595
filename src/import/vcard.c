/*
 * vCard reader: versions 2.1, 3.0 and 4.0 (RFC 6350) in one pass, into the
 * address-book cards of include/refnet/abook.h.
 *
 * What it does, in the order the bytes meet it:
 *   - lines end with LF, CRLF or a lone CR; a line that starts with a space
 *     or a tab continues the one before (the fold and that one character are
 *     removed).  Unfolding is done on bytes, before any decoding, because a
 *     writer may fold in the middle of a multi-byte UTF-8 character;
 *   - in a quoted-printable value (vCard 2.1, which Android still writes), a
 *     line ending in '=' continues on the next line, which has no leading
 *     space; =XX is decoded, then CHARSET is converted to UTF-8 with iconv;
 *   - a content line is [group.]NAME *(;PARAM[=VALUE[,VALUE]]) : VALUE, with
 *     quoted parameter values (RFC 6868 ^-escapes decoded) and 2.1's bare
 *     parameters (TEL;WORK;VOICE means TYPE=WORK,VOICE);
 *   - text values are unescaped (\, \; \n \\), structured ones (N, ADR, ORG)
 *     split on unescaped ';' first, lists (CATEGORIES, NICKNAME) on ','.
 *
 * What each property becomes is in docs/import.md: FN (or N) the name, the
 * first or preferred EMAIL and TEL `email` and `phone` (the rest
 * `other_emails`, `other_phones`), ORG `company` (+ `department`), TITLE
 * `position`, CATEGORIES `labels`, NOTE `notes`, the first ADR's locality
 * `city`; RELATED (by urn:uuid: or as text) and Apple's
 * itemN.X-ABRELATEDNAMES with its itemN.X-ABLabel become relations; a
 * KIND:group card is not a person: its name becomes a label of its MEMBERs.
 * Every other property is kept in a column named after it ("x-twitter",
 * "geo"); only the card's own bookkeeping (VERSION, PRODID, REV,
 * CLIENTPIDMAP, N when FN is there, the X-ABLabel of other items) and
 * embedded binary data (a base64 PHOTO) are not kept, and the latter are
 * counted in a warning.
 *
 * A card that cannot be read (a line that is not a content line, an unknown
 * VERSION, no END:VCARD before the file ends, no name or e-mail at all) is
 * reported at FILE:LINE, left out and counted; the other cards are read.
 */
#include "refnet/abook.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "refnet/text.h"
#include "vcard_internal.h"

/* ---- the reader ------------------------------------------------------------ */

struct pending {           /* Apple's itemN.X-ABRELATEDNAMES / itemN.X-ABLabel */
	char *group;
	char *value;           /* NULL for a label */
	char *label;
	long line;
};

struct reader {
	struct rn_abook *ab;
	const char *file;
	struct rn_diag *diag;
	struct buf line, dec, tmp, tmp2;
	int in_card;           /* a card is open */
	int bad;               /* ... and cannot be read (reported) */
	int depth;             /* cards inside it (2.1 AGENT), skipped */
	size_t card;           /* its index in ab */
	long card_line;
	int is_group;
	char *n_name;          /* the name from N, used when there is no FN */
	struct pending *pend;
	size_t npend, cappend;
	size_t binary;         /* embedded binary values not kept */
	int warned_cp1252;
	int outside;           /* reported text outside a card (until the next card) */
};

static struct rn_abook_card *cur(struct reader *r)
{
	return &r->ab->cards[r->card];
}

static void pending_clear(struct reader *r)
{
	for (size_t i = 0; i < r->npend; i++) {
		free(r->pend[i].group);
		free(r->pend[i].value);
		free(r->pend[i].label);
	}
	r->npend = 0;
}

static int pending_add(struct reader *r, const struct prop *p, const char *value,
                       const char *label, long line)
{
	if (r->npend == r->cappend) {
		size_t cap = r->cappend ? 2 * r->cappend : 4;
		struct pending *q = realloc(r->pend, cap * sizeof(*q));
		if (!q)
			return -1;
		r->pend = q;
		r->cappend = cap;
	}
	struct pending *e = &r->pend[r->npend];
	e->group = strndup(p->group ? p->group : "", p->group ? p->group_n : 0);
	e->value = value ? strdup(value) : NULL;
	e->label = label ? strdup(label) : NULL;
	e->line = line;
	if (!e->group || (value && !e->value) || (label && !e->label)) {
		free(e->group);
		free(e->value);
		free(e->label);
		return -1;
	}
	r->npend++;
	return 0;
}

/* Apple's labels: "_$!<Spouse>!$_" is the built-in "spouse"; others are
 * the user's own text. */
static void apple_label(char *s)
{
	size_t n = strlen(s);
	if (n >= 8 && memcmp(s, "_$!<", 4) == 0 && memcmp(s + n - 4, ">!$_", 4) == 0) {
		memmove(s, s + 4, n - 8);
		s[n - 8] = '\0';
		for (char *p = s; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char) (*p - 'A' + 'a');
	}
}

static void bad_card(struct reader *r, long line, const char *why)
{
	if (r->bad)
		return;
	r->bad = 1;
	rn_diag_warn(r->diag, r->file, line, 0,
	             "the card that starts on line %ld is not imported: %s", r->card_line, why);
}

/* The decoded value becomes o[0..on) (malloc'd; freed here). */
static int dec_take(struct reader *r, char *o, size_t on)
{
	r->dec.n = 0;
	int e = rn_vcard_buf_put(&r->dec, o, on);
	free(o);
	return e;
}

/*
 * Decode the value of p (QP, charset) into r->dec as UTF-8.  Returns 1 when
 * it is text, 0 when it is binary or cannot be decoded (counted or
 * reported), -1 on out of memory.
 */
static int decode_value(struct reader *r, const struct prop *p, long line)
{
	r->dec.n = 0;
	if (rn_vcard_buf_put(&r->dec, "", 0) < 0)
		return -1;
	if (p->enc == ENC_B)
		return 0;
	if (p->enc == ENC_QP) {
		if (rn_vcard_qp_decode(p->value, p->value_n, &r->dec) < 0)
			return -1;
	} else if (rn_vcard_buf_put(&r->dec, p->value, p->value_n) < 0) {
		return -1;
	}
	const char *cs = p->charset;
	size_t at;
	enum rn_text_problem prob = rn_text_check(r->dec.s, r->dec.n, &at);
	if (*cs && !rn_vcard_ieq(cs, strlen(cs), "UTF-8") &&
	    !rn_vcard_ieq(cs, strlen(cs), "US-ASCII")) {
		size_t on;
		char *o = rn_abook_iconv(cs, r->dec.s, r->dec.n, &on);
		if (!o) {
			if (errno == ENOMEM)
				return -1;
			rn_diag_warn(r->diag, r->file, line, 0,
			             "%.*s: the value is not valid %s; the property is not imported",
			             (int) p->name_n, p->name, cs);
			return 0;
		}
		if (dec_take(r, o, on) < 0)
			return -1;
		prob = rn_text_check(r->dec.s, r->dec.n, &at);
	} else if (prob == RN_TEXT_BAD_UTF8) {
		/* No charset and not UTF-8: old desktop writers use Windows-1252. */
		size_t on;
		char *o = rn_abook_iconv("CP1252", r->dec.s, r->dec.n, &on);
		if (!o && errno == ENOMEM)
			return -1;
		if (o) {
			if (!r->warned_cp1252)
				rn_diag_warn(r->diag, r->file, line, 0,
				             "text that is not UTF-8 and has no CHARSET is read as "
				             "Windows-1252");
			r->warned_cp1252 = 1;
			if (dec_take(r, o, on) < 0)
				return -1;
			prob = rn_text_check(r->dec.s, r->dec.n, &at);
		}
	}
	if (prob != RN_TEXT_OK) {
		rn_diag_warn(r->diag, r->file, line, 0,
		             "%.*s: %s in the value; the property is not imported", (int) p->name_n,
		             p->name, rn_text_problem_str(prob));
		return 0;
	}
	return 1;
}

/* Add the unescaped s[0..n) to col. */
static int add_text(struct reader *r, const char *col, const char *s, size_t n)
{
	if (rn_vcard_unescape(s, n, &r->tmp) < 0)
		return -1;
	return rn_abook_add(cur(r), col, r->tmp.s, r->tmp.n);
}

/* Put v first in col (moving what was there to overflow) when pref, else
 * add it after what is there. */
static int add_primary(struct reader *r, const char *col, const char *overflow, const char *v,
                       size_t n, int pref)
{
	struct rn_abook_card *c = cur(r);
	if (rn_vcard_unescape(v, n, &r->tmp) < 0)
		return -1;
	const char *old = rn_abook_get(c, col);
	size_t tn = r->tmp.n;
	const char *t = rn_text_trim(r->tmp.s, &tn);
	if (tn == 0)
		return 0;
	if (pref && old && !(strlen(old) == tn && memcmp(old, t, tn) == 0)) {
		for (size_t i = 0; i < c->nfields; i++)
			if (strcmp(c->fields[i].col, col) == 0) {
				char *was = c->fields[i].val;
				char *now = strndup(t, tn);
				if (!now)
					return -1;
				c->fields[i].val = now;
				int e = rn_abook_add(c, overflow, was, strlen(was));
				free(was);
				return e;
			}
	}
	return rn_abook_add_first(c, col, overflow, t, tn);
}

/* Each ','-separated item of s[0..n) added to col. */
static int add_list(struct reader *r, const char *col, const char *s, size_t n)
{
	size_t pos = 0, len;
	const char *part;
	while (rn_vcard_next_part(s, n, &pos, ',', &part, &len))
		if (add_text(r, col, part, len) < 0)
			return -1;
	return 0;
}

/*
 * The components of a structured value s[0..n), unescaped, joined by sep
 * (empty ones left out), into r->tmp2; the k-th component alone into kth
 * (when not NULL).  A component's own list items ("Philip,Paul" in N,
 * "Suite 1,Floor 2" in ADR) are joined by item_sep.
 */
static int structured(struct reader *r, const char *s, size_t n, const char *sep,
                      const char *item_sep, size_t k, struct buf *kth)
{
	size_t pos = 0, len, i = 0;
	const char *part;
	struct buf comp = { 0 };
	r->tmp2.n = 0;
	if (rn_vcard_buf_put(&r->tmp2, "", 0) < 0 ||
	    (kth && (kth->n = 0, rn_vcard_buf_put(kth, "", 0) < 0)))
		return -1;
	while (rn_vcard_next_part(s, n, &pos, ';', &part, &len)) {
		size_t ipos = 0, ilen;
		const char *item;
		comp.n = 0;
		if (rn_vcard_buf_put(&comp, "", 0) < 0)
			goto oom;
		while (rn_vcard_next_part(part, len, &ipos, ',', &item, &ilen)) {
			if (rn_vcard_unescape(item, ilen, &r->tmp) < 0)
				goto oom;
			size_t tn = r->tmp.n;
			const char *t = rn_text_trim(r->tmp.s, &tn);
			if (!tn)
				continue;
			if (comp.n && rn_vcard_buf_put(&comp, item_sep, strlen(item_sep)) < 0)
				goto oom;
			if (rn_vcard_buf_put(&comp, t, tn) < 0)
				goto oom;
		}
		if (comp.n) {
			if (r->tmp2.n && rn_vcard_buf_put(&r->tmp2, sep, strlen(sep)) < 0)
				goto oom;
			if (rn_vcard_buf_put(&r->tmp2, comp.s, comp.n) < 0)
				goto oom;
		}
		if (kth && i == k && rn_vcard_buf_put(kth, comp.s, comp.n) < 0)
			goto oom;
		i++;
	}
	free(comp.s);
	return 0;
oom:
	free(comp.s);
	return -1;
}

static int lower_col(const struct prop *p, char *col, size_t cap)
{
	if (p->name_n + 1 > cap)
		return -1;
	for (size_t i = 0; i < p->name_n; i++) {
		char c = p->name[i];
		col[i] = (char) (c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
	}
	col[p->name_n] = '\0';
	return 0;
}

/* A property of the open card. */
static int card_prop(struct reader *r, const struct prop *p, long line)
{
	const char *nm = p->name;
	size_t nn = p->name_n;
#define IS(lit) rn_vcard_ieq(nm, nn, lit)
	if (IS("VERSION")) {
		size_t vn = p->value_n;
		const char *v = rn_text_trim(p->value, &vn);
		if (!rn_vcard_ieq(v, vn, "2.1") && !rn_vcard_ieq(v, vn, "3.0") &&
		    !rn_vcard_ieq(v, vn, "4.0")) {
			char why[96];
			snprintf(why, sizeof(why), "unknown VERSION '%.*s' (2.1, 3.0 and 4.0 are read)",
			         (int) (vn > 20 ? 20 : vn), v);
			bad_card(r, line, why);
		}
		return 0;
	}
	if (IS("PRODID") || IS("REV") || IS("CLIENTPIDMAP"))
		return 0;
	int binary_prop = IS("PHOTO") || IS("LOGO") || IS("SOUND") || IS("KEY");
	if (binary_prop &&
	    (p->enc == ENC_B || (p->value_n >= 5 && rn_vcard_ieq(p->value, 5, "data:")))) {
		r->binary++;
		return 0;
	}
	int t = decode_value(r, p, line);
	if (t <= 0) {
		if (t == 0 && p->enc == ENC_B)
			r->binary++;
		return t;
	}
	const char *v = r->dec.s;
	size_t vn = r->dec.n;
	struct rn_abook_card *c = cur(r);

	if (IS("FN"))
		return add_primary(r, "name", "other_names", v, vn, 0);
	if (IS("N")) {
		/* Family;Given;Additional;Prefix;Suffix -> "Given Additional Family". */
		struct buf parts[3] = { { 0 } };
		int e = 0;
		for (size_t k = 0; k < 3 && !e; k++)
			e = structured(r, v, vn, " ", " ", k, &parts[k]);
		struct buf full = { 0 };
		const struct buf *order[3] = { &parts[1], &parts[2], &parts[0] };
		for (size_t k = 0; k < 3 && !e; k++) {
			if (!order[k]->n)
				continue;
			if (full.n)
				e = rn_vcard_buf_ch(&full, ' ');
			if (!e)
				e = rn_vcard_buf_put(&full, order[k]->s, order[k]->n);
		}
		if (!e && full.n && !r->n_name) {
			r->n_name = strdup(full.s);
			e = r->n_name ? 0 : -1;
		}
		for (size_t k = 0; k < 3; k++)
			free(parts[k].s);
		free(full.s);
		return e;
	}
	if (IS("EMAIL")) {
		if (vn >= 7 && rn_vcard_ieq(v, 7, "mailto:")) {
			v += 7;
			vn -= 7;
		}
		return add_primary(r, "email", "other_emails", v, vn, p->pref);
	}
	if (IS("TEL")) {
		if (vn >= 4 && rn_vcard_ieq(v, 4, "tel:")) {
			v += 4;
			vn -= 4;
		}
		return add_primary(r, "phone", "other_phones", v, vn, p->pref);
	}
	if (IS("ORG")) {
		size_t pos = 0, len;
		const char *part;
		if (!rn_vcard_next_part(v, vn, &pos, ';', &part, &len))
			return 0;
		if (add_text(r, "company", part, len) < 0)
			return -1;
		if (pos > vn)
			return 0;
		if (structured(r, v + pos, vn - pos, " / ", ", ", 0, NULL) < 0)
			return -1;
		return rn_abook_add(cur(r), "department", r->tmp2.s, r->tmp2.n);
	}
	if (IS("TITLE"))
		return add_text(r, "position", v, vn);
	if (IS("NOTE"))
		return add_text(r, "notes", v, vn);
	if (IS("URL"))
		return add_text(r, "website", v, vn);
	if (IS("CATEGORIES"))
		return add_list(r, "labels", v, vn);
	if (IS("NICKNAME"))
		return add_list(r, "nickname", v, vn);
	if (IS("ADR")) {
		struct buf city = { 0 };
		int e = structured(r, v, vn, ", ", ", ", 3, &city);
		if (!e)
			e = rn_abook_add(cur(r), "address", r->tmp2.s, r->tmp2.n);
		if (!e && city.n)
			e = rn_abook_add_first(cur(r), "city", "other_cities", city.s, city.n);
		free(city.s);
		return e;
	}
	if (IS("UID")) {
		if (rn_vcard_unescape(v, vn, &r->tmp) < 0)
			return -1;
		size_t un = r->tmp.n;
		const char *u = rn_text_trim(r->tmp.s, &un);
		if (un && !c->uid) {
			c->uid = strndup(u, un);
			if (!c->uid)
				return -1;
		}
		return rn_abook_add(c, "uid", u, un);
	}
	if (IS("KIND")) {
		size_t kn = vn;
		const char *k = rn_text_trim(v, &kn);
		if (rn_vcard_ieq(k, kn, "group")) {
			r->is_group = 1;
			return 0;
		}
		if (rn_vcard_ieq(k, kn, "individual"))
			return 0;
		return add_text(r, "kind", k, kn);
	}
	if (IS("MEMBER")) {
		int uid = !(vn >= 7 && rn_vcard_ieq(v, 7, "mailto:"));
		if (!uid) {
			v += 7;
			vn -= 7;
		}
		return rn_abook_rel_add(c, "member", 6, v, vn, uid, line);
	}
	if (IS("RELATED")) {
		/* Parameter text is not decoded: a TYPE that is not valid UTF-8
		 * names nothing. */
		size_t at;
		const char *label = *p->types && rn_text_check(p->types, strlen(p->types), &at) ==
		                                     RN_TEXT_OK ? p->types : "related";
		if (rn_vcard_unescape(v, vn, &r->tmp) < 0)
			return -1;
		const char *x = r->tmp.s;
		size_t xn = r->tmp.n;
		int uid = 0;
		if (!p->value_text) {
			if (xn >= 7 && rn_vcard_ieq(x, 7, "mailto:")) {
				x += 7;
				xn -= 7;
			} else if (xn >= 4 && rn_vcard_ieq(x, 4, "urn:")) {
				uid = 1;
			}
		}
		return rn_abook_rel_add(c, label, strlen(label), x, xn, uid, line);
	}
	if (IS("X-ABRELATEDNAMES")) {
		if (rn_vcard_unescape(v, vn, &r->tmp) < 0)
			return -1;
		return pending_add(r, p, r->tmp.s, NULL, line);
	}
	if (IS("X-ABLABEL")) {
		if (!p->group)
			return 0;
		if (rn_vcard_unescape(v, vn, &r->tmp) < 0)
			return -1;
		apple_label(r->tmp.s);
		return pending_add(r, p, NULL, r->tmp.s, line);
	}
	if (IS("BEGIN") || IS("END"))
		return 0;
#undef IS
	/* Everything else is kept under its own name. */
	char col[64];
	if (lower_col(p, col, sizeof(col)) < 0)
		return 0;
	if (strcmp(col, "source") == 0)
		snprintf(col, sizeof(col), "vcard_source");
	if (strcmp(col, "bday") == 0)
		snprintf(col, sizeof(col), "birthday");
	return add_text(r, col, v, vn);
}

/* Close the open card: keep it when it is readable and names someone. */
static int card_end(struct reader *r, long line)
{
	int e = 0;
	struct rn_abook_card *c = cur(r);
	/* Apple's related names take the label of their item group. */
	for (size_t i = 0; i < r->npend && !e; i++) {
		struct pending *pv = &r->pend[i];
		if (!pv->value)
			continue;
		const char *label = "related";
		for (size_t j = 0; j < r->npend; j++)
			if (r->pend[j].label && *pv->group && strcmp(r->pend[j].group, pv->group) == 0)
				label = r->pend[j].label;
		e = rn_abook_rel_add(c, label, strlen(label), pv->value, strlen(pv->value), 0,
		                     pv->line);
	}
	pending_clear(r);
	if (!e && !r->bad && !rn_abook_get(c, "name")) {
		const char *alt = r->n_name ? r->n_name : rn_abook_get(c, "company");
		if (!alt)
			alt = rn_abook_get(c, "email");
		if (alt)
			e = rn_abook_add(c, "name", alt, strlen(alt));
		else
			bad_card(r, r->card_line, "it has no FN, N, ORG or EMAIL");
	}
	if (!e && !r->bad && r->is_group)
		e = rn_abook_add(c, "kind", "group", 5);
	free(r->n_name);
	r->n_name = NULL;
	r->in_card = 0;
	r->is_group = 0;
	if (e)
		return -1;
	if (r->bad) {
		rn_abook_card_drop(r->ab);
		r->ab->skipped++;
	}
	r->bad = 0;
	(void) line;
	return 0;
}

/*
 * KIND:group cards are not people: each member gets the group's name as a
 * label, and the group card is removed.
 */
static int resolve_groups(struct reader *r, size_t first)
{
	struct rn_abook *ab = r->ab;
	for (size_t g = first; g < ab->ncards;) {
		struct rn_abook_card *gc = &ab->cards[g];
		const char *kind = rn_abook_get(gc, "kind");
		if (!kind || strcmp(kind, "group") != 0) {
			g++;
			continue;
		}
		const char *gname = rn_abook_get(gc, "name");
		for (size_t i = 0; i < gc->nrels; i++) {
			struct rn_abook_rel *m = &gc->rels[i];
			size_t hit = ab->ncards;
			for (size_t k = first; k < ab->ncards; k++) {
				const struct rn_abook_card *mc = &ab->cards[k];
				const char *em = rn_abook_get(mc, "email");
				if (k != g && ((m->by_uid && mc->uid && strcasecmp(mc->uid, m->value) == 0) ||
				               (!m->by_uid && em && strcasecmp(em, m->value) == 0))) {
					hit = k;
					break;
				}
			}
			if (hit == ab->ncards) {
				rn_diag_warn(r->diag, r->file, m->line, 0,
				             "MEMBER '%s' of group '%s' is not a card in this file",
				             m->value, gname);
				continue;
			}
			if (rn_abook_add(&ab->cards[hit], "labels", gname, strlen(gname)) < 0)
				return -1;
		}
		/* Move the later cards down over the group card. */
		struct rn_abook_card tmp = *gc;
		memmove(gc, gc + 1, (ab->ncards - g - 1) * sizeof(*gc));
		ab->cards[ab->ncards - 1] = tmp;
		rn_abook_card_drop(ab);
	}
	return 0;
}

static void reader_release(struct reader *r)
{
	pending_clear(r);
	free(r->pend);
	free(r->line.s);
	free(r->dec.s);
	free(r->tmp.s);
	free(r->tmp2.s);
	free(r->n_name);
}

/* One logical line (unfolded) starting at physical line lineno. */
static int content_line(struct reader *r, const char *s, size_t n, long lineno)
{
	struct prop p;
	const char *why = NULL;
	int ok = rn_vcard_parse_prop(s, n, &p, &why) == 0;
	if (ok && rn_vcard_ieq(p.name, p.name_n, "BEGIN")) {
		size_t vn = p.value_n;
		const char *v = rn_text_trim(p.value, &vn);
		if (!rn_vcard_ieq(v, vn, "VCARD"))
			return 0;
		if (r->in_card) {
			/* A card inside a card: 2.1's AGENT.  Not a contact of its own. */
			if (r->depth++ == 0)
				rn_diag_warn(r->diag, r->file, lineno, 0,
				             "a card inside a card (AGENT) is not imported");
			return 0;
		}
		if (rn_abook_card_new(r->ab, lineno, &r->card) < 0)
			return -1;
		r->in_card = 1;
		r->bad = 0;
		r->card_line = lineno;
		r->outside = 0;
		r->ab->rows++;
		return 0;
	}
	if (ok && rn_vcard_ieq(p.name, p.name_n, "END")) {
		size_t vn = p.value_n;
		const char *v = rn_text_trim(p.value, &vn);
		if (!r->in_card) {
			if (!r->outside)
				rn_diag_warn(r->diag, r->file, lineno, 0,
				             "END:%.*s without BEGIN:VCARD; ignored", (int) (vn > 20 ? 20 : vn),
				             v);
			r->outside = 1;
			return 0;
		}
		if (r->depth > 0) {
			r->depth--;
			return 0;
		}
		if (!rn_vcard_ieq(v, vn, "VCARD"))
			return 0;
		return card_end(r, lineno);
	}
	if (!r->in_card) {
		if (!r->outside)
			rn_diag_warn(r->diag, r->file, lineno, 0,
			             "text outside BEGIN:VCARD ... END:VCARD; ignored up to the next card");
		r->outside = 1;
		return 0;
	}
	if (r->depth > 0 || r->bad)
		return 0;
	if (!ok) {
		bad_card(r, lineno, why);
		return 0;
	}
	return card_prop(r, &p, lineno);
}

enum rn_status rn_vcard_parse(struct rn_abook *ab, const char *buf, size_t n,
                              const char *display, struct rn_diag *diag)
{
	struct reader r;
	memset(&r, 0, sizeof(r));
	r.ab = ab;
	r.file = display;
	r.diag = diag;
	enum rn_status st = RN_OK;
	size_t first = ab->ncards;
	size_t pos = 0;
	long lineno = 1;
	ab->format = "vcard";
	if (n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		pos = 3;
	while (pos < n) {
		size_t next;
		size_t len = rn_vcard_phys_line(buf, n, pos, &next);
		long start = lineno;
		r.line.n = 0;
		if (rn_vcard_buf_put(&r.line, buf + pos, len) < 0)
			goto oom;
		pos = next;
		lineno++;
		for (;;) {
			/* Quoted-printable soft line break: '=' at the end, and the
			 * next line continues the value as it is. */
			size_t colon = rn_vcard_value_colon(r.line.s, r.line.n);
			if (pos < n && r.line.n > colon + 1 && r.line.s[r.line.n - 1] == '=' &&
			    rn_vcard_icontains(r.line.s, colon, "QUOTED-PRINTABLE")) {
				r.line.n--;
				len = rn_vcard_phys_line(buf, n, pos, &next);
				if (rn_vcard_buf_put(&r.line, buf + pos, len) < 0)
					goto oom;
				pos = next;
				lineno++;
				continue;
			}
			if (pos < n && (buf[pos] == ' ' || buf[pos] == '\t')) {
				len = rn_vcard_phys_line(buf, n, pos, &next);
				if (rn_vcard_buf_put(&r.line, buf + pos + 1, len - 1) < 0)
					goto oom;
				pos = next;
				lineno++;
				continue;
			}
			break;
		}
		size_t ln = r.line.n;
		const char *s = rn_text_trim(r.line.s, &ln);
		if (ln == 0)
			continue;
		if (content_line(&r, s, ln, start) < 0)
			goto oom;
	}
	if (r.in_card) {
		bad_card(&r, r.card_line, "the file ends before its END:VCARD");
		if (card_end(&r, lineno) < 0)
			goto oom;
	}
	if (resolve_groups(&r, first) < 0)
		goto oom;
	if (r.binary)
		rn_diag_warn(diag, display, 0, 0,
		             "%zu embedded photo%s, logo%s, sound%s or key%s (binary data) not imported",
		             r.binary, r.binary == 1 ? "" : "s", r.binary == 1 ? "" : "s",
		             r.binary == 1 ? "" : "s", r.binary == 1 ? "" : "s");
	if (ab->rows == 0 && n > 0) {
		rn_diag_error(diag, display, 1, 0,
		              "no BEGIN:VCARD in this file; is it a vCard (.vcf) file?");
		st = RN_E_DATA;
	}
	reader_release(&r);
	return st;
oom:
	reader_release(&r);
	rn_diag_error(diag, display, 0, 0, "out of memory");
	return RN_E_INTERNAL;
}

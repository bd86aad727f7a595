/*
 * Unit tests for the address-book readers (src/import/vcard.c,
 * gcontacts.c, outlook.c) and their card model (src/import/abook.c):
 * vCard unfolding, quoted-printable, charsets, parameters, escapes,
 * relations and groups, every example card of RFC 6350, unreadable cards;
 * both Google layouts; both Outlook layouts and Windows-1252; what the two
 * spreadsheet readers share (an empty file, blank rows, unnamed columns).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "refnet/abook.h"
#include "testutil.h"

enum fmt { VCARD, GOOGLE, OUTLOOK };

struct parsed {
	struct rn_abook ab;
	struct rn_diag diag;
	enum rn_status st;
};

static void parse_buf(struct parsed *p, enum fmt f, const char *buf, size_t n)
{
	rn_abook_init(&p->ab);
	rn_diag_init(&p->diag);
	p->st = f == VCARD    ? rn_vcard_parse(&p->ab, buf, n, "t", &p->diag)
	        : f == GOOGLE ? rn_gcontacts_parse(&p->ab, buf, n, "t", &p->diag)
	                      : rn_outlook_parse(&p->ab, buf, n, "t", &p->diag);
}

static void parse_str(struct parsed *p, enum fmt f, const char *s)
{
	parse_buf(p, f, s, strlen(s));
}

static void parse_file(struct parsed *p, enum fmt f, const char *name)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/import/%s", tu_data_dir(), name);
	FILE *fp = fopen(path, "rb");
	assert_non_null(fp);
	char *buf = malloc(1 << 20);
	assert_non_null(buf);
	size_t n = fread(buf, 1, 1 << 20, fp);
	fclose(fp);
	parse_buf(p, f, buf, n);
	free(buf);
}

static void done(struct parsed *p)
{
	rn_abook_release(&p->ab);
	rn_diag_release(&p->diag);
}

static const struct rn_abook_card *card(const struct parsed *p, size_t i)
{
	assert_true(i < p->ab.ncards);
	return &p->ab.cards[i];
}

/* The card whose name is name. */
static const struct rn_abook_card *named(const struct parsed *p, const char *name)
{
	for (size_t i = 0; i < p->ab.ncards; i++) {
		const char *n = rn_abook_get(&p->ab.cards[i], "name");
		if (n && strcmp(n, name) == 0)
			return &p->ab.cards[i];
	}
	fail_msg("no card named '%s'", name);
	return NULL;
}

static void expect(const struct rn_abook_card *c, const char *col, const char *want)
{
	const char *got = rn_abook_get(c, col);
	if (!want) {
		if (got)
			fail_msg("column '%s' is '%s', expected none", col, got);
		return;
	}
	if (!got)
		fail_msg("no column '%s' (expected '%s')", col, want);
	assert_string_equal(got, want);
}

/* A kept diagnostic containing text. */
static int said(const struct parsed *p, const char *text)
{
	for (size_t i = 0; i < p->diag.nitems; i++)
		if (strstr(p->diag.items[i].text, text))
			return 1;
	return 0;
}

/* ---- vCard ------------------------------------------------------------ */

static void vcard_unfold_inside_utf8(void **state)
{
	/* "Á" is C3 81: the fold falls between its two bytes. */
	struct parsed p;
	parse_str(&p, VCARD, "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Rosa \xC3\r\n \x81lvarez\r\n"
	                     "NOTE:a long\r\n\t line\r\nEND:VCARD\r\n");
	assert_int_equal(p.st, RN_OK);
	assert_int_equal(p.ab.ncards, 1);
	expect(card(&p, 0), "name", "Rosa \xC3\x81lvarez");
	expect(card(&p, 0), "notes", "a long line");
	assert_int_equal(p.diag.nwarnings, 0);
	done(&p);
}

static void vcard_line_ends(void **state)
{
	/* LF only, and a lone CR (old Mac files). */
	struct parsed p;
	parse_str(&p, VCARD, "BEGIN:VCARD\nVERSION:3.0\nFN:A B\nEND:VCARD\n"
	                     "BEGIN:VCARD\rVERSION:3.0\rFN:C D\rEND:VCARD\r");
	assert_int_equal(p.ab.ncards, 2);
	expect(card(&p, 0), "name", "A B");
	expect(card(&p, 1), "name", "C D");
	assert_int_equal(card(&p, 1)->line, 5);
	done(&p);
}

static void vcard_quoted_printable(void **state)
{
	/* 2.1: soft line breaks with no leading space, =XX, CHARSET, bare
	 * ENCODING parameter, a '=' that is not an escape. */
	struct parsed p;
	parse_str(&p, VCARD,
	          "BEGIN:VCARD\r\nVERSION:2.1\r\n"
	          "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Jonas M=C3=BC=\r\nller\r\n"
	          "NOTE;QUOTED-PRINTABLE;CHARSET=ISO-8859-1:Gr=FC=DFe=0D=0Aan =\r\nGrete; 1+1=2\r\n"
	          "ORG;CHARSET=windows-1252;ENCODING=QUOTED-PRINTABLE:Caf=E9 =80 Co\r\n"
	          "END:VCARD\r\n");
	assert_int_equal(p.st, RN_OK);
	const struct rn_abook_card *c = card(&p, 0);
	expect(c, "name", "Jonas M\xC3\xBCller");
	expect(c, "notes", "Gr\xC3\xBC\xC3\x9F" "e\r\nan Grete; 1+1=2");
	expect(c, "company", "Caf\xC3\xA9 \xE2\x82\xAC Co");
	done(&p);
}

static void vcard_bad_charset(void **state)
{
	struct parsed p;
	parse_str(&p, VCARD, "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Ok Name\r\n"
	                     "NOTE;CHARSET=NO-SUCH-CHARSET:x\r\nTITLE:T\xE9\r\nEND:VCARD\r\n");
	const struct rn_abook_card *c = card(&p, 0);
	expect(c, "notes", NULL);
	assert_true(said(&p, "NOTE: the value is not valid NO-SUCH-CHARSET"));
	/* No charset and not UTF-8: Windows-1252, said once. */
	expect(c, "position", "T\xC3\xA9");
	assert_true(said(&p, "read as Windows-1252"));
	done(&p);
}

static void vcard_parameters_and_escapes(void **state)
{
	struct parsed p;
	parse_str(&p, VCARD,
	          "BEGIN:VCARD\r\nVERSION:2.1\r\nN:O'Neil;Sam;;;\r\n"
	          "TEL;WORK;VOICE:+1 555 0100\r\nTEL;CELL;PREF:+1 555 0101\r\n"
	          "EMAIL;INTERNET:a@x.example\r\nEMAIL;TYPE=INTERNET,pref:b@x.example\r\n"
	          "ORG:Harbor\\; Realty\\, Inc.;Sales;West\r\n"
	          "NOTE:one\\ntwo\\\\three\\,\\;\\N\r\n"
	          "ADR;LABEL=\"a;b:c\";TYPE=\"work,postal\":;Suite 1,Floor 2;1 Main St;Here;;;\r\n"
	          "CATEGORIES:A\\,B,C\r\n"
	          "END:VCARD\r\n");
	const struct rn_abook_card *c = card(&p, 0);
	expect(c, "name", "Sam O'Neil");
	expect(c, "phone", "+1 555 0101");
	expect(c, "other_phones", "+1 555 0100");
	expect(c, "email", "b@x.example");
	expect(c, "other_emails", "a@x.example");
	expect(c, "company", "Harbor; Realty, Inc.");
	expect(c, "department", "Sales / West");
	expect(c, "notes", "one\ntwo\\three,;");   /* trimmed */
	expect(c, "address", "Suite 1, Floor 2, 1 Main St, Here");
	expect(c, "city", "Here");
	expect(c, "labels", "A,B; C");
	done(&p);
}

static void vcard_relations(void **state)
{
	struct parsed p;
	parse_str(&p, VCARD,
	          "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:A\r\nUID:urn:uuid:1\r\n"
	          "RELATED;TYPE=friend:urn:uuid:2\r\n"
	          "RELATED;TYPE=co-worker;VALUE=text:Bea Who\r\n"
	          "RELATED:mailto:c@x.example\r\nEND:VCARD\r\n"
	          "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:B\r\n"
	          "item1.X-ABLabel:Referred by\r\nitem1.X-ABRELATEDNAMES:Dana Wu\r\n"
	          "item2.X-ABRELATEDNAMES:Arun\r\nitem2.X-ABLabel:_$!<Spouse>!$_\r\n"
	          "item3.X-ABRELATEDNAMES:Nolabel\r\n"
	          "item4.URL:http://x.example\r\nitem4.X-ABLabel:_$!<HomePage>!$_\r\nEND:VCARD\r\n");
	const struct rn_abook_card *a = card(&p, 0), *b;
	assert_string_equal(a->uid, "urn:uuid:1");
	assert_int_equal(a->nrels, 3);
	assert_string_equal(a->rels[0].label, "friend");
	assert_string_equal(a->rels[0].value, "urn:uuid:2");
	assert_true(a->rels[0].by_uid);
	assert_string_equal(a->rels[1].label, "co-worker");
	assert_string_equal(a->rels[1].value, "Bea Who");
	assert_false(a->rels[1].by_uid);
	assert_string_equal(a->rels[2].label, "related");
	assert_string_equal(a->rels[2].value, "c@x.example");
	done(&p);
	/* Parameter text is not decoded: a TYPE that is not UTF-8 is no label. */
	parse_str(&p, VCARD, "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:A\r\n"
	                     "RELATED;TYPE=\xC8\xC8:urn:uuid:2\r\nEND:VCARD\r\n");
	assert_string_equal(card(&p, 0)->rels[0].label, "related");
	done(&p);
	parse_str(&p, VCARD,
	          "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:A\r\nUID:urn:uuid:1\r\n"
	          "RELATED;TYPE=friend:urn:uuid:2\r\n"
	          "RELATED;TYPE=co-worker;VALUE=text:Bea Who\r\n"
	          "RELATED:mailto:c@x.example\r\nEND:VCARD\r\n"
	          "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:B\r\n"
	          "item1.X-ABLabel:Referred by\r\nitem1.X-ABRELATEDNAMES:Dana Wu\r\n"
	          "item2.X-ABRELATEDNAMES:Arun\r\nitem2.X-ABLabel:_$!<Spouse>!$_\r\n"
	          "item3.X-ABRELATEDNAMES:Nolabel\r\n"
	          "item4.URL:http://x.example\r\nitem4.X-ABLabel:_$!<HomePage>!$_\r\nEND:VCARD\r\n");
	b = card(&p, 1);
	assert_int_equal(b->nrels, 3);
	assert_string_equal(b->rels[0].label, "Referred by");
	assert_string_equal(b->rels[0].value, "Dana Wu");
	assert_int_equal(b->rels[0].line, 13);
	assert_string_equal(b->rels[1].label, "spouse");
	assert_string_equal(b->rels[2].label, "related");
	expect(b, "website", "http://x.example");
	done(&p);
}

static void vcard_bad_cards_reported(void **state)
{
	struct parsed p;
	parse_str(&p, VCARD,
	          "junk before\r\n"
	          "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Good One\r\nEND:VCARD\r\n"        /* 2 */
	          "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bad\r\nno colon here\r\nEND:VCARD\r\n"
	          "BEGIN:VCARD\r\nVERSION:9.9\r\nFN:Future\r\nEND:VCARD\r\n"        /* 11 */
	          "BEGIN:VCARD\r\nVERSION:3.0\r\nNOTE:nameless\r\nEND:VCARD\r\n"    /* 15 */
	          "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:With Agent\r\nAGENT:\r\n"       /* 19 */
	          "BEGIN:VCARD\r\nFN:The Agent\r\nEND:VCARD\r\nEND:VCARD\r\n"     /* 23 */
	          "END:VCARD\r\n"                                                  /* 27 */
	          "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cut\r\n");                      /* 28 */
	assert_int_equal(p.st, RN_OK);
	assert_int_equal(p.ab.ncards, 2);
	expect(card(&p, 0), "name", "Good One");
	expect(card(&p, 1), "name", "With Agent");
	assert_int_equal(p.ab.rows, 6);   /* the AGENT card is not counted */
	assert_int_equal(p.ab.skipped, 4);
	assert_true(said(&p, "t:1: text outside BEGIN:VCARD"));
	assert_true(said(&p, "t:9: the card that starts on line 6 is not imported: a line "
	                     "with no ':'"));
	assert_true(said(&p, "t:12: the card that starts on line 11 is not imported: "
	                     "unknown VERSION '9.9'"));
	assert_true(said(&p, "t:15: the card that starts on line 15 is not imported: it "
	                     "has no FN"));
	assert_true(said(&p, "t:23: a card inside a card (AGENT)"));
	assert_true(said(&p, "t:27: END:VCARD without BEGIN:VCARD"));
	assert_true(said(&p, "t:28: the card that starts on line 28 is not imported: the "
	                     "file ends"));
	done(&p);
}

static void vcard_not_a_vcard(void **state)
{
	struct parsed p;
	parse_str(&p, VCARD, "First Name,Last Name\r\nA,B\r\n");
	assert_int_equal(p.st, RN_E_DATA);
	assert_int_equal(p.diag.nerrors, 1);
	assert_true(said(&p, "t:1: no BEGIN:VCARD in this file"));
	done(&p);
	parse_str(&p, VCARD, "");
	assert_int_equal(p.st, RN_OK);
	assert_int_equal(p.ab.ncards, 0);
	done(&p);
}

static void vcard_binary_and_groups(void **state)
{
	struct parsed p;
	parse_str(&p, VCARD,
	          "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Pic\r\nEMAIL:pic@x.example\r\n"
	          "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQ\r\n AAAA\r\nLOGO:data:image/png;base64,iVBO\r\n"
	          "END:VCARD\r\n"
	          "BEGIN:VCARD\r\nVERSION:4.0\r\nKIND:group\r\nFN:Golf club\r\n"
	          "MEMBER:mailto:pic@x.example\r\nMEMBER:urn:uuid:none\r\nEND:VCARD\r\n");
	assert_int_equal(p.ab.ncards, 1);
	expect(card(&p, 0), "labels", "Golf club");
	expect(card(&p, 0), "photo", NULL);
	assert_true(said(&p, "t: 2 embedded photos, logos, sounds or keys"));
	assert_true(said(&p, "t:14: MEMBER 'urn:uuid:none' of group 'Golf club'"));
	done(&p);
}

/* Every example card of RFC 6350 (tests/data/import/rfc6350-examples.vcf). */
static void vcard_rfc6350_examples(void **state)
{
	struct parsed p;
	parse_file(&p, VCARD, "rfc6350-examples.vcf");
	assert_int_equal(p.st, RN_OK);
	assert_int_equal(p.diag.nerrors, 0);
	assert_int_equal(p.ab.rows, 12);
	assert_int_equal(p.ab.skipped, 0);
	assert_int_equal(p.ab.ncards, 10);   /* two group cards become labels */

	const struct rn_abook_card *s = named(&p, "Simon Perreault");
	expect(s, "company", "Viagenie");
	expect(s, "address", "Suite D2-630, 2875 Laurier, Quebec, QC, G1V 2M2, Canada");
	expect(s, "city", "Quebec");
	expect(s, "phone", "+1-418-656-9254;ext=102");
	expect(s, "other_phones", "+1-418-262-6501");
	expect(s, "email", "simon.perreault@viagenie.ca");
	expect(s, "key", "http://www.viagenie.ca/simon.perreault/simon.asc");
	expect(s, "lang", "fr; en");
	expect(s, "birthday", "--0203");
	expect(s, "website", "http://nomis80.org");

	expect(named(&p, "John Doe"), "labels", "The Doe family");
	const struct rn_abook_card *org = named(&p, "ABC Marketing");
	expect(org, "kind", "org");
	expect(org, "company", "ABC, Inc.");
	expect(org, "department", "North American Division / Marketing");

	const struct rn_abook_card *j = card(&p, 5);
	expect(j, "name", "J. Doe");
	expect(j, "email", "jdoe@example.com");
	expect(card(&p, 6), "other_emails", "boss@example.com; ceo@example.com");

	const struct rn_abook_card *q = named(&p, "Mr. John Q. Public, Esq.");
	expect(q, "nickname", "Robbie; Jim; Jimmie; Boss");
	expect(q, "email", "jane_doe@example.com");   /* PREF=1 first */
	expect(q, "other_emails", "jqpublic@xyz.example.com");
	expect(q, "labels", "TRAVEL AGENT; INTERNET; IETF; INDUSTRY; INFORMATION TECHNOLOGY");
	expect(q, "notes", "This fax number is operational 0800 to 1715 EST, Mon-Fri.; "
	                   "This is a long description that exists on a long line.");
	expect(q, "address", "123 Main Street, Any Town, CA, 91921-1234, U.S.A.");
	expect(q, "position", "Research Scientist");
	expect(q, "role", "Project Leader");
	expect(q, "vcard_source", "ldap://ldap.example.com/cn=Babs%20Jensen,%20o=Babsco,%20c=US");
	expect(q, "photo", "http://www.example.com/pub/photos/jqpublic.gif");
	assert_int_equal(q->nrels, 3);
	assert_string_equal(q->rels[2].value,
	                    "Please contact my assistant Jane Doe for any inquiries.");

	expect(named(&p, "John Philip Paul Stevenson"), "name", "John Philip Paul Stevenson");
	done(&p);
}

static void vcard_fixtures(void **state)
{
	struct parsed p;
	parse_file(&p, VCARD, "phone-2.1.vcf");
	assert_int_equal(p.ab.ncards, 4);
	assert_int_equal(p.ab.skipped, 1);
	expect(named(&p, "Jonas M\xC3\xBCller"), "notes",
	       "Builds extensions and garden offices; prefers calls before 9.\n"
	       "Gr\xC3\xBC\xC3\x9F" "e an Grete.");
	expect(named(&p, "Dana Wu"), "email", "dana@wu-law.example");
	done(&p);
	parse_file(&p, VCARD, "apple-3.0.vcf");
	assert_int_equal(p.ab.ncards, 5);
	expect(named(&p, "Rosa \xC3\x81lvarez"), "company", "\xC3\x81lvarez Design");
	const struct rn_abook_card *pr = named(&p, "Priya Natarajan");
	expect(pr, "notes", "Year-end books, payroll; caf\xC3\xA9 owner on the side.\nCall after 10.");
	assert_int_equal(pr->nrels, 2);
	assert_string_equal(pr->rels[1].label, "referred by");
	done(&p);
}

/* ---- Google ------------------------------------------------------------- */

static void google_current(void **state)
{
	struct parsed p;
	parse_file(&p, GOOGLE, "google-current.csv");
	assert_int_equal(p.st, RN_OK);
	assert_string_equal(p.ab.format, "google");
	assert_int_equal(p.ab.ncards, 8);
	const struct rn_abook_card *d = named(&p, "Dana Wu");
	expect(d, "labels", "Clients; Referral partners");   /* "* myContacts" dropped */
	expect(d, "email", "dana@wu-law.example");
	expect(d, "other_emails", "dana.wu@mail.example");
	expect(d, "city", "Portland");
	expect(d, "Address 1 - Postal Code", "97201");
	expect(d, "E-mail 1 - Label", NULL);
	assert_int_equal(d->nrels, 1);
	assert_string_equal(d->rels[0].label, "Referred by");
	assert_string_equal(d->rels[0].value, "Jonas M\xC3\xBCller");
	expect(named(&p, "Jonas M\xC3\xBCller"), "Chapter seat", "Construction");
	const struct rn_abook_card *pr = named(&p, "Priya Natarajan");
	expect(pr, "phone", "+1 503-555-0102");
	expect(pr, "other_phones", "+1 503-555-0103");
	assert_int_equal(pr->nrels, 2);
	assert_string_equal(pr->rels[1].label, "Spouse");
	expect(named(&p, "Copy Corner"), "company", "Copy Corner");   /* a business */
	done(&p);
}

static void google_old(void **state)
{
	struct parsed p;
	parse_file(&p, GOOGLE, "google-old.csv");
	assert_int_equal(p.st, RN_OK);
	assert_string_equal(p.ab.format, "google-old");
	assert_int_equal(p.ab.ncards, 3);
	assert_int_equal(p.ab.skipped, 1);
	assert_true(said(&p, "t:5: a row with no name"));
	const struct rn_abook_card *d = named(&p, "Dana Wu");
	expect(d, "email", "dana@wu-law.example");
	expect(d, "other_emails", "dana.wu@mail.example");
	expect(d, "labels", "Clients");
	expect(d, "company", "Wu Law Group");
	expect(d, "position", "Estate Attorney");
	expect(d, "Hobby", "Sailing");
	assert_string_equal(d->rels[0].label, "Referred by");
	expect(named(&p, "Priya Natarajan"), "Occupation", "Accountant");
	done(&p);
}

static void google_wrong_file(void **state)
{
	struct parsed p;
	parse_file(&p, GOOGLE, "outlook-web.csv");
	assert_int_equal(p.st, RN_E_DATA);
	assert_true(said(&p, "use 'refnet import outlook'"));
	done(&p);
	parse_str(&p, GOOGLE, "id,name\n1,A\n");
	assert_int_equal(p.st, RN_E_DATA);
	assert_true(said(&p, "t:1: this does not look like a Google Contacts export"));
	done(&p);
	parse_str(&p, GOOGLE, "First Name,Labels\n\"A,x\n");
	assert_int_equal(p.st, RN_E_DATA);
	assert_int_equal(p.ab.ncards, 0);
	done(&p);
}

/* ---- both spreadsheet layouts -------------------------------------------- */

/* What the two spreadsheet readers share (rn_abook_read_csv): a file with
 * no header is an error, a row of blank cells is no card and is not
 * counted, a column without a header is kept under its number. */
static void sheet_empty_blank_and_unnamed(void **state)
{
	struct parsed p;
	parse_str(&p, GOOGLE, "");
	assert_int_equal(p.st, RN_E_DATA);
	assert_true(said(&p, "t:1: the file is empty: no Google Contacts header"));
	done(&p);
	parse_str(&p, OUTLOOK, "");
	assert_int_equal(p.st, RN_E_DATA);
	assert_true(said(&p, "t:1: the file is empty: no Outlook header"));
	done(&p);

	parse_str(&p, GOOGLE, "First Name,Last Name,\n , ,\nDana,Wu,gold\n,,\n");
	assert_int_equal(p.st, RN_OK);
	assert_int_equal(p.ab.rows, 1);
	assert_int_equal(p.ab.ncards, 1);
	assert_int_equal(p.ab.cards[0].line, 3);
	expect(named(&p, "Dana Wu"), "column 3", "gold");
	done(&p);
	parse_str(&p, OUTLOOK, "First Name,Last Name,E-mail Address, \n\t,,,\n"
	                       "Dana,Wu,dana@wu.example,gold\n");
	assert_int_equal(p.st, RN_OK);
	assert_int_equal(p.ab.rows, 1);
	assert_int_equal(p.ab.ncards, 1);
	expect(named(&p, "Dana Wu"), "column 4", "gold");
	done(&p);
}

/* ---- Outlook ------------------------------------------------------------ */

static void outlook_desktop_cp1252(void **state)
{
	struct parsed p;
	parse_file(&p, OUTLOOK, "outlook-desktop.csv");
	assert_int_equal(p.st, RN_OK);
	assert_string_equal(p.ab.format, "outlook-desktop");
	assert_string_equal(p.ab.encoding, "CP1252");
	assert_true(said(&p, "t:2: not UTF-8: read as Windows-1252"));
	assert_int_equal(p.ab.ncards, 5);
	const struct rn_abook_card *j = named(&p, "Jonas M\xC3\xBCller");
	expect(j, "company", "M\xC3\xBCller Bau GmbH");
	expect(j, "name_title", "Herr");
	expect(j, "Birthday", "6/2/1975");
	/* Outlook's defaults and made-up initials carry nothing. */
	expect(j, "Sensitivity", NULL);
	expect(j, "Priority", NULL);
	expect(j, "Private", NULL);
	expect(j, "Gender", NULL);
	expect(j, "Initials", NULL);
	expect(j, "E-mail Type", NULL);
	expect(named(&p, "Dana Wu"), "Anniversary", NULL);
	const struct rn_abook_card *t = named(&p, "Tom Becker");
	expect(t, "labels", "Prospects; Insurance");
	expect(t, "email", NULL);
	assert_int_equal(t->nrels, 2);
	assert_string_equal(t->rels[0].label, "manager");
	assert_string_equal(t->rels[0].value, "Ines Sch\xC3\xA4" "fer");
	assert_string_equal(t->rels[1].label, "Referred by");
	done(&p);
}

static void outlook_web(void **state)
{
	struct parsed p;
	parse_file(&p, OUTLOOK, "outlook-web.csv");
	assert_int_equal(p.st, RN_OK);
	assert_string_equal(p.ab.format, "outlook-web");
	assert_string_equal(p.ab.encoding, "UTF-8");
	assert_int_equal(p.diag.nwarnings, 0);
	const struct rn_abook_card *s = named(&p, "Sam O'Neil");
	expect(s, "phone", "+1 503-555-0188");            /* mobile before business */
	expect(s, "Business Phone", "+1 503-555-0190");
	assert_string_equal(s->rels[0].label, "assistant");
	expect(named(&p, "Rosa \xC3\x81lvarez"), "website", "https://alvarez-design.example");
	done(&p);
}

static void outlook_kept_values(void **state)
{
	/* A Gender that is not the default is kept; made-up initials are not,
	 * others are; an Exchange address is no e-mail; no name: company. */
	struct parsed p;
	parse_str(&p, OUTLOOK,
	          "First Name,Last Name,Company,E-mail Address,Gender,Initials,Priority\r\n"
	          "Ann,Lee,,/o=ExchangeLabs/ou=x/cn=ann,Female,A.L.,High\r\n"
	          "Bo,Ek,,,Unspecified,B.X.,Normal\r\n"
	          ",,Acme Ltd,,,,\r\n");
	assert_int_equal(p.st, RN_OK);
	const struct rn_abook_card *a = card(&p, 0);
	expect(a, "Gender", "Female");
	expect(a, "Initials", NULL);
	expect(a, "Priority", "High");
	expect(a, "email", NULL);
	expect(a, "E-mail Address", "/o=ExchangeLabs/ou=x/cn=ann");
	expect(card(&p, 1), "Initials", "B.X.");
	expect(card(&p, 1), "Gender", NULL);
	expect(card(&p, 2), "name", "Acme Ltd");
	done(&p);
	/* A column without a header is kept under its number. */
	parse_str(&p, OUTLOOK, "First Name,E-mail Address,\r\nAnn,a@x.example,blue\r\n");
	expect(card(&p, 0), "column 3", "blue");
	done(&p);
	parse_str(&p, GOOGLE, "First Name,,Labels\r\nAnn,green,x\r\n");
	expect(card(&p, 0), "column 2", "green");
	done(&p);
}

/* ---- the model and helpers ---------------------------------------------- */

static void referral_labels(void **state)
{
	assert_true(rn_abook_is_referral("Referred by"));
	assert_true(rn_abook_is_referral("REFERRED BY"));
	assert_true(rn_abook_is_referral("referred-by"));
	assert_true(rn_abook_is_referral("Referral from"));
	assert_false(rn_abook_is_referral("Referred"));
	assert_false(rn_abook_is_referral("Spouse"));
	assert_false(rn_abook_is_referral(""));
}

static void add_is_a_set(void **state)
{
	struct rn_abook ab;
	size_t i;
	rn_abook_init(&ab);
	assert_int_equal(rn_abook_card_new(&ab, 3, &i), 0);
	struct rn_abook_card *c = &ab.cards[i];
	assert_int_equal(rn_abook_add(c, "labels", " a ", 3), 0);
	assert_int_equal(rn_abook_add(c, "labels", "b", 1), 0);
	assert_int_equal(rn_abook_add(c, "labels", "a", 1), 0);
	assert_int_equal(rn_abook_add(c, "labels", "  ", 2), 0);
	expect(c, "labels", "a; b");
	assert_int_equal(rn_abook_add_first(c, "email", "other", "x@y", 3), 0);
	assert_int_equal(rn_abook_add_first(c, "email", "other", "x@y", 3), 0);
	assert_int_equal(rn_abook_add_first(c, "email", "other", "z@y", 3), 0);
	expect(c, "email", "x@y");
	expect(c, "other", "z@y");
	rn_abook_release(&ab);
	rn_abook_release(&ab);
}

static void to_utf8(void **state)
{
	struct rn_diag d;
	rn_diag_init(&d);
	const char *enc;
	/* UTF-16LE with a byte order mark. */
	static const char u16[] = "\xFF\xFE" "A\0\xFC\0\n\0";
	size_t n = sizeof(u16) - 1;
	char *b = malloc(n + 1);
	memcpy(b, u16, n + 1);
	assert_int_equal(rn_abook_to_utf8(&b, &n, "t", &d, &enc), RN_OK);
	assert_string_equal(enc, "UTF-16LE");
	assert_int_equal(n, 4);
	assert_memory_equal(b, "A\xC3\xBC\n", 4);
	free(b);
	/* A UTF-8 byte order mark is removed; UTF-8 is kept. */
	n = 5;
	b = malloc(6);
	memcpy(b, "\xEF\xBB\xBFok", 6);
	assert_int_equal(rn_abook_to_utf8(&b, &n, "t", &d, &enc), RN_OK);
	assert_string_equal(enc, "UTF-8");
	assert_int_equal(n, 2);
	assert_string_equal(b, "ok");
	free(b);
	/* Bytes Windows-1252 leaves undefined: Latin-1. */
	n = 3;
	b = malloc(4);
	memcpy(b, "a\x81\n", 4);
	assert_int_equal(rn_abook_to_utf8(&b, &n, "t", &d, &enc), RN_OK);
	assert_string_equal(enc, "ISO-8859-1");
	assert_memory_equal(b, "a\xC2\x81\n", 4);
	free(b);
	assert_int_equal(d.nwarnings, 1);
	rn_diag_release(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(vcard_unfold_inside_utf8),
		cmocka_unit_test(vcard_line_ends),
		cmocka_unit_test(vcard_quoted_printable),
		cmocka_unit_test(vcard_bad_charset),
		cmocka_unit_test(vcard_parameters_and_escapes),
		cmocka_unit_test(vcard_relations),
		cmocka_unit_test(vcard_bad_cards_reported),
		cmocka_unit_test(vcard_not_a_vcard),
		cmocka_unit_test(vcard_binary_and_groups),
		cmocka_unit_test(vcard_rfc6350_examples),
		cmocka_unit_test(vcard_fixtures),
		cmocka_unit_test(google_current),
		cmocka_unit_test(google_old),
		cmocka_unit_test(google_wrong_file),
		cmocka_unit_test(sheet_empty_blank_and_unnamed),
		cmocka_unit_test(outlook_desktop_cp1252),
		cmocka_unit_test(outlook_web),
		cmocka_unit_test(outlook_kept_values),
		cmocka_unit_test(referral_labels),
		cmocka_unit_test(add_is_a_set),
		cmocka_unit_test(to_utf8),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

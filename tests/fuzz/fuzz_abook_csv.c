/*
 * Fuzz target: the Google Contacts and Outlook CSV readers (the first byte
 * picks one), with their encoding detection.  Any bytes must parse or be
 * reported, never crash, hang or leak; cards are checked as in fuzz_vcard.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "refnet/abook.h"
#include "refnet/text.h"

static void check_text(const char *s)
{
	size_t at;
	if (!s || !*s || rn_text_check(s, strlen(s), &at) != RN_TEXT_OK)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	struct rn_abook ab;
	struct rn_diag diag;
	rn_abook_init(&ab);
	rn_diag_init(&diag);
	const char *buf = (const char *) data + 1;
	enum rn_status st = data[0] & 1 ? rn_outlook_parse(&ab, buf, size - 1, "fuzz.csv", &diag)
	                                : rn_gcontacts_parse(&ab, buf, size - 1, "fuzz.csv", &diag);
	if (st == RN_OK) {
		for (size_t i = 0; i < ab.ncards; i++) {
			const struct rn_abook_card *c = &ab.cards[i];
			if (!rn_abook_get(c, "name"))
				abort();
			for (size_t k = 0; k < c->nfields; k++) {
				check_text(c->fields[k].col);
				check_text(c->fields[k].val);
			}
			for (size_t k = 0; k < c->nrels; k++) {
				check_text(c->rels[k].label);
				check_text(c->rels[k].value);
			}
		}
	}
	rn_abook_release(&ab);
	rn_diag_release(&diag);
	return 0;
}

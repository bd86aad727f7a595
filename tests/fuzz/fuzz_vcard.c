/*
 * Fuzz target: the vCard reader.  Any bytes must parse or be reported,
 * never crash, hang or leak, and every card handed out must be consistent:
 * a name, non-empty values of valid UTF-8 (the writer puts them in CSV
 * cells), lines within the input, relations with a label and a value.
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

static void check_abook(const struct rn_abook *ab, size_t size)
{
	if (ab->skipped > ab->rows || ab->ncards > ab->rows)
		abort();
	for (size_t i = 0; i < ab->ncards; i++) {
		const struct rn_abook_card *c = &ab->cards[i];
		if (!rn_abook_get(c, "name") || c->line < 1 || (size_t) c->line > size + 1)
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rn_abook ab;
	struct rn_diag diag;
	rn_abook_init(&ab);
	rn_diag_init(&diag);
	if (rn_vcard_parse(&ab, (const char *) data, size, "fuzz.vcf", &diag) == RN_OK)
		check_abook(&ab, size);
	rn_abook_release(&ab);
	rn_diag_release(&diag);
	return 0;
}

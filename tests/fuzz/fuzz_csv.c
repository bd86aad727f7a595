/*
 * Fuzz target: the CSV reader.  Any bytes must either parse or produce
 * diagnostics, never crash, hang or leak, and every record handed out must
 * be consistent (NUL-terminated fields of the stated length, lines that
 * never decrease).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "refnet/csv.h"

struct check {
	long last_line;
};

static enum rn_status on_record(void *ctx, const struct rn_csv_record *rec)
{
	struct check *c = ctx;
	if (rec->line0 < c->last_line)
		abort();
	c->last_line = rec->line0;
	for (size_t i = 0; i < rec->nfields; i++) {
		if (strlen(rec->field[i]) > rec->len[i] || rec->line[i] < rec->line0)
			abort();
	}
	return RN_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rn_diag diag;
	struct check c = { 0 };
	rn_diag_init(&diag);
	rn_csv_read_buffer((const char *) data, size, "fuzz.csv", &diag, on_record, &c);
	rn_diag_release(&diag);
	return 0;
}

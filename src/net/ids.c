/*
 * The id column of a contacts file, for the shell completion.  It shares the
 * CSV reader and the header matching with the loader, so that it finds the
 * same column (`id`, or an alias such as `contact_id`) and the same values,
 * but builds nothing: no index, no graph, no checks.  Problems are not
 * reported; the completion of a broken file offers what could be read.
 */
#include "refnet/ids.h"

#include "refnet/csv.h"
#include "refnet/text.h"
#include "schema.h"

struct ids_read {
	rn_id_fn fn;
	void *ctx;
	long col;     /* the id column, -1 until the header names one */
};

static enum rn_status on_record(void *vctx, const struct rn_csv_record *rec)
{
	struct ids_read *r = vctx;
	if (rec->index == 0) {
		for (size_t i = 0; i < rec->nfields && r->col < 0; i++) {
			char norm[128];
			rn_schema_normalize(rec->field[i], rec->len[i], norm, sizeof(norm));
			if (rn_schema_role(RN_TABLE_CONTACTS, norm) == RN_C_ID)
				r->col = (long) i;
		}
		/* Without an id column there is nothing to offer: stop reading. */
		return r->col < 0 ? RN_E_DATA : RN_OK;
	}
	if ((size_t) r->col >= rec->nfields || rec->bad[r->col])
		return RN_OK;
	size_t n = rec->len[r->col];
	const char *s = rn_text_trim(rec->field[r->col], &n);
	return n ? r->fn(r->ctx, s, n) : RN_OK;
}

enum rn_status rn_ids_read(const char *path, rn_id_fn fn, void *ctx)
{
	struct ids_read r = { fn, ctx, -1 };
	struct rn_diag diag;
	rn_diag_init(&diag);
	enum rn_status st = rn_csv_read(path, path, NULL, &diag, on_record, &r);
	rn_diag_release(&diag);
	/* RN_E_DATA: a syntax error or no id column; RN_E_NOINPUT: no file.
	 * Either way the ids found so far were offered. */
	return st == RN_E_DATA || st == RN_E_NOINPUT ? RN_OK : st;
}

/*
 * Diagnostics collector: keeps the first RN_DIAG_KEEP errors and warnings as
 * formatted text and counts the rest.  See include/refnet/diag.h.
 */
#include "refnet/diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "refnet/text.h"

void rn_diag_init(struct rn_diag *d)
{
	memset(d, 0, sizeof(*d));
}

void rn_diag_release(struct rn_diag *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->nitems; i++)
		free(d->items[i].text);
	rn_diag_init(d);
}

static char *format_item(const char *file, long line, long col, size_t *where_len,
                         const char *fmt, va_list ap)
{
	char where[4096];
	int w;

	if (file && line > 0 && col > 0)
		w = snprintf(where, sizeof(where), "%s:%ld:%ld: ", file, line, col);
	else if (file && line > 0)
		w = snprintf(where, sizeof(where), "%s:%ld: ", file, line);
	else if (file)
		w = snprintf(where, sizeof(where), "%s: ", file);
	else
		w = snprintf(where, sizeof(where), "%s", "");
	if (w < 0)
		return NULL;

	va_list ap2;
	va_copy(ap2, ap);
	int m = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (m < 0)
		return NULL;

	size_t wl = strlen(where);
	*where_len = wl;
	char *text = malloc(wl + (size_t) m + 1);
	if (!text)
		return NULL;
	memcpy(text, where, wl);
	vsnprintf(text + wl, (size_t) m + 1, fmt, ap);
	return text;
}

static int item_order(const void *pa, const void *pb);

void rn_diag_add(struct rn_diag *d, enum rn_severity sev, const char *file,
                 long line, long col, const char *fmt, ...)
{
	size_t *kept = sev == RN_SEV_ERROR ? &d->kept_errors : &d->kept_warnings;

	if (file != d->last_file || d->ngroups == 0) {
		d->last_file = file;
		d->ngroups++;
	}
	if (sev == RN_SEV_ERROR)
		d->nerrors++;
	else
		d->nwarnings++;

	/* Keep the first RN_DIAG_KEEP by position, not by when they were found:
	 * rows are checked in batches, so a later line can be reported first. */
	struct rn_diag_item key = { sev, NULL, 0, d->ngroups, line, col, d->nseen++ };
	struct rn_diag_item *slot = NULL;
	if (*kept < RN_DIAG_KEEP) {
		slot = &d->items[d->nitems];
	} else {
		for (size_t i = 0; i < d->nitems; i++) {
			struct rn_diag_item *it = &d->items[i];
			const struct rn_diag_item *pi = it, *ps = slot;
			if (it->severity == sev && (!slot || item_order(&pi, &ps) > 0))
				slot = it;
		}
		const struct rn_diag_item *pk = &key, *ps = slot;
		if (!slot || item_order(&pk, &ps) > 0)
			return;
	}

	va_list ap;
	va_start(ap, fmt);
	char *text = format_item(file, line, col, &key.where, fmt, ap);
	va_end(ap);
	if (!text) {
		d->oom = 1;
		return;
	}
	key.text = text;
	if (slot == &d->items[d->nitems]) {
		d->nitems++;
		(*kept)++;
	} else {
		free(slot->text);
	}
	*slot = key;
}

void rn_diag_merge(struct rn_diag *d, struct rn_diag *from, const char *file, long line_offset)
{
	/* The problems that were only counted stay counted. */
	d->nerrors += from->nerrors - from->kept_errors;
	d->nwarnings += from->nwarnings - from->kept_warnings;
	d->oom |= from->oom;
	struct rn_diag_item *sorted[2 * RN_DIAG_KEEP];
	for (size_t i = 0; i < from->nitems; i++)
		sorted[i] = &from->items[i];
	qsort(sorted, from->nitems, sizeof(*sorted), item_order);
	for (size_t i = 0; i < from->nitems; i++) {
		const struct rn_diag_item *it = sorted[i];
		long line = it->line > 0 ? it->line + line_offset : it->line;
		rn_diag_add(d, it->severity, it->where ? file : NULL, line, it->col, "%s",
		            it->text + it->where);
	}
	rn_diag_release(from);
}

static int item_order(const void *pa, const void *pb)
{
	const struct rn_diag_item *a = *(const struct rn_diag_item *const *) pa;
	const struct rn_diag_item *b = *(const struct rn_diag_item *const *) pb;
	if (a->group != b->group)
		return a->group < b->group ? -1 : 1;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

void rn_diag_sorted(const struct rn_diag *d, const struct rn_diag_item **out)
{
	for (size_t i = 0; i < d->nitems; i++)
		out[i] = &d->items[i];
	qsort(out, d->nitems, sizeof(out[0]), item_order);
}

void rn_diag_print(const struct rn_diag *d, FILE *fp, int with_warnings,
                   const char *prefix)
{
	const struct rn_diag_item *order[2 * RN_DIAG_KEEP];
	rn_diag_sorted(d, order);
	for (size_t i = 0; i < d->nitems; i++) {
		const struct rn_diag_item *it = order[i];
		/* One problem, one line: a line break (or any control character)
		 * quoted from the input is shown escaped, so input text cannot
		 * forge a "FILE:LINE:COLUMN:" line. */
		char *where = strndup(it->text, it->where);
		char *esc_where = where ? rn_text_escape(where) : NULL;
		char *esc_msg = rn_text_escape(it->text + it->where);
		const char *w = esc_where ? esc_where : where ? where : "";
		const char *m = esc_msg ? esc_msg : it->text + it->where;
		if (it->severity == RN_SEV_ERROR) {
			fprintf(fp, "%s%s%s\n", it->where ? "" : prefix, w, m);
		} else if (with_warnings) {
			/* "warning: " goes after the location, as compilers put it. */
			fprintf(fp, "%swarning: %s\n", w, m);
		}
		free(esc_msg);
		free(esc_where);
		free(where);
	}
	if (d->nerrors > d->kept_errors)
		fprintf(fp, "... and %zu more error%s\n", d->nerrors - d->kept_errors,
		        d->nerrors - d->kept_errors == 1 ? "" : "s");
	if (with_warnings && d->nwarnings > d->kept_warnings)
		fprintf(fp, "... and %zu more warning%s\n", d->nwarnings - d->kept_warnings,
		        d->nwarnings - d->kept_warnings == 1 ? "" : "s");
}

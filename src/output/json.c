/*
 * JSON documents built with jansson and checked once.  See json.h.
 *
 * This file only builds and writes documents; it never reports an error
 * (the command says "out of memory" when rn_json_ok() is false).
 */
#include "refnet/json.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include "refnet/common.h"
#include "refnet/date.h"
#include "refnet/text.h"

json_t *rn_json_init(struct rn_json *d)
{
	d->root = json_object();
	d->bad = !d->root;
	return d->root;
}

void rn_json_release(struct rn_json *d)
{
	if (!d)
		return;
	json_decref(d->root);
	d->root = NULL;
}

int rn_json_set(struct rn_json *d, json_t *parent, const char *key, json_t *v)
{
	int rc = -1;
	if (v && parent)
		rc = key ? json_object_set_new(parent, key, v) : json_array_append_new(parent, v);
	else
		json_decref(v);   /* jansson's setters take v even when they fail */
	if (rc != 0)
		d->bad = 1;
	return rc;
}

json_t *rn_json_add_object(struct rn_json *d, json_t *parent, const char *key)
{
	json_t *o = json_object();
	return rn_json_set(d, parent, key, o) == 0 ? o : NULL;
}

json_t *rn_json_add_array(struct rn_json *d, json_t *parent, const char *key)
{
	json_t *a = json_array();
	return rn_json_set(d, parent, key, a) == 0 ? a : NULL;
}

void rn_json_set_int(struct rn_json *d, json_t *parent, const char *key, long long v)
{
	rn_json_set(d, parent, key, json_integer((json_int_t) v));
}

void rn_json_set_bool(struct rn_json *d, json_t *parent, const char *key, int v)
{
	rn_json_set(d, parent, key, json_boolean(v));
}

void rn_json_set_null(struct rn_json *d, json_t *parent, const char *key)
{
	rn_json_set(d, parent, key, json_null());
}

void rn_json_set_num(struct rn_json *d, json_t *parent, const char *key, double v,
                     int decimals)
{
	if (!isfinite(v)) {
		rn_json_set_null(d, parent, key);
		return;
	}
	if (decimals >= 0) {
		/* pow is exact for these powers of ten, so 10^2 is the 100.0 a
		 * literal would give: the same bytes as rounding by hand. */
		double scale = pow(10.0, decimals);
		v = round(v * scale) / scale;
		if (v == 0)
			v = 0;   /* no "-0.0" */
	}
	rn_json_set(d, parent, key, json_real(v));
}

void rn_json_set_str(struct rn_json *d, json_t *parent, const char *key, const char *s)
{
	if (!s) {
		rn_json_set_null(d, parent, key);
		return;
	}
	json_t *v = json_string(s);
	if (!v) {
		/* Not UTF-8 (or out of memory, when the repair gives NULL too). */
		char *fixed = rn_text_valid_utf8(s);
		if (fixed)
			v = json_string(fixed);
		free(fixed);
	}
	rn_json_set(d, parent, key, v);
}

void rn_json_set_date(struct rn_json *d, json_t *parent, const char *key, int days)
{
	char buf[11];
	if (days == RN_NO_DATE) {
		rn_json_set_null(d, parent, key);
		return;
	}
	rn_date_format(days, buf);
	rn_json_set(d, parent, key, json_string(buf));
}

int rn_json_write(const struct rn_json *d, FILE *fp, enum rn_json_layout layout)
{
	if (!rn_json_ok(d)) {
		errno = ENOMEM;
		return -1;
	}
	size_t flags = JSON_REAL_PRECISION(15) |
	               (layout == RN_JSON_ONE_LINE ? JSON_COMPACT : JSON_INDENT(2));
	if (json_dumpf(d->root, fp, flags) != 0 || fputc('\n', fp) == EOF)
		return -1;
	return ferror(fp) ? -1 : 0;
}

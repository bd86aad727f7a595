/*
 * JSON documents built in memory (jansson) and written in one go: the
 * summaries of check, stats, reciprocity --summary and import.
 *
 * A document is checked once, at the end.  Every setter takes the value it
 * makes or is given; when making it fails (out of memory) or setting it
 * fails, the document is marked bad and the value is released, so a
 * writer adds all of its members without testing each one and
 * rn_json_write() refuses a bad document instead of writing a partial one.
 * Setters given a NULL parent (a child whose making failed) only release
 * their value, the document being bad already.
 *
 * Ownership: the document owns its root and everything set into it; the
 * objects and arrays returned by rn_json_add_object()/rn_json_add_array()
 * are borrowed from their parent, valid until rn_json_release().  Member
 * order is the order of setting (jansson keeps insertion order).
 *
 * Every setter puts its value into `parent` under `key` when parent is an
 * object, or appends it when key is NULL (parent an array).
 *
 * Large row outputs do not build a document: the streaming writers (rowout.h,
 * export.h) write rows straight out and escape strings with
 * rn_json_put_string() (output.h), which escapes the way jansson does.
 */
#ifndef REFNET_JSON_H
#define REFNET_JSON_H

#include <jansson.h>
#include <stdio.h>

struct rn_json {
	json_t *root;   /* the top-level object; NULL after a failed init */
	int bad;        /* something could not be made or set: out of memory */
};

/* How rn_json_write() lays the document out. */
enum rn_json_layout {
	RN_JSON_INDENTED,   /* two-space indent, one member a line (reports) */
	RN_JSON_ONE_LINE,   /* no spaces at all, one line (a summary for scripts) */
};

/*
 * Start a document whose root is an empty object; returns the root (NULL,
 * with the document bad, when out of memory).  Release with
 * rn_json_release() in every case.
 */
json_t *rn_json_init(struct rn_json *d);
/* Free the document and everything in it; accepts NULL and repeated calls. */
void rn_json_release(struct rn_json *d);

/* Is the document complete (nothing failed so far)? */
static inline int rn_json_ok(const struct rn_json *d)
{
	return d->root && !d->bad;
}

/*
 * Put v (a new reference, stolen even on failure) into parent.  NULL v
 * (a jansson constructor that failed) marks the document bad.  Returns 0,
 * or -1 when the document was marked bad.
 */
int rn_json_set(struct rn_json *d, json_t *parent, const char *key, json_t *v);

/* A new empty object or array put into parent: borrowed, or NULL (bad). */
json_t *rn_json_add_object(struct rn_json *d, json_t *parent, const char *key);
json_t *rn_json_add_array(struct rn_json *d, json_t *parent, const char *key);

void rn_json_set_int(struct rn_json *d, json_t *parent, const char *key, long long v);
void rn_json_set_bool(struct rn_json *d, json_t *parent, const char *key, int v);
void rn_json_set_null(struct rn_json *d, json_t *parent, const char *key);

/*
 * A number rounded half away from zero to `decimals` places (0..15), as
 * round(v * 10^decimals) / 10^decimals, so the output does not depend on
 * the last bits of a sum; a result of zero is 0, never -0.  decimals < 0
 * keeps v as it is.  JSON has no inf or nan: v that is not finite is null.
 * Written with 15 significant digits (the shortest form for a rounded v).
 */
void rn_json_set_num(struct rn_json *d, json_t *parent, const char *key, double v,
                     int decimals);

/*
 * Text as a JSON string; NULL s is null.  JSON holds only Unicode text, so
 * bytes of s that are not UTF-8 (a file or directory name, say) each
 * become U+FFFD (rn_text_valid_utf8) instead of failing; valid text costs
 * no copy.
 */
void rn_json_set_str(struct rn_json *d, json_t *parent, const char *key, const char *s);

/* A day (rn_date) as "YYYY-MM-DD"; RN_NO_DATE is null. */
void rn_json_set_date(struct rn_json *d, json_t *parent, const char *key, int days);

/*
 * Write the document to fp in `layout`, then a newline.  Returns 0, or -1
 * with nothing written and errno ENOMEM when the document is bad, or -1
 * when writing failed (ferror(fp) set; fp may hold part of the document,
 * which is why callers write through an atomic rn_out).
 */
int rn_json_write(const struct rn_json *d, FILE *fp, enum rn_json_layout layout);

#endif

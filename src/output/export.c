/*
 * Export writers.  Each row is described once, as a list of (name, value)
 * fields built by rn_export_row_contact(), rn_export_row_tie() and
 * rn_export_row_event(); the JSON, CSV and Neo4j writers differ only in how
 * they print such a row.  GraphML has its own shape (keys declared up front)
 * and uses libxml2's writer, which does the XML escaping.
 *
 * This file holds the rows and the JSON writer; the CSV and Neo4j
 * directories are in export_dir.c, GraphML in export_graphml.c.
 */
#include "refnet/export.h"

#include <math.h>
#include <stdlib.h>

#include "refnet/date.h"
#include "refnet/output.h"
#include "export_internal.h"

/* ---- rows --------------------------------------------------------------- */

static struct val *add(struct row *r, const char *name, enum val_type type)
{
	struct val *v = &r->v[r->n++];
	v->name = name;
	v->type = type;
	v->s = NULL;
	return v;
}

static void add_str(struct row *r, const char *name, const char *s)
{
	struct val *v = add(r, name, s ? V_STR : V_NULL);
	v->s = s;
}

static void add_date(struct row *r, const char *name, int days)
{
	if (days == RN_NO_DATE) {
		add(r, name, V_NULL);
		return;
	}
	struct val *v = add(r, name, V_STR);
	rn_date_format(days, v->buf);
	v->s = v->buf;
}

static void add_num(struct row *r, const char *name, double d)
{
	/* JSON has no inf or nan (nor does a CSV number): null, empty. */
	if (!isfinite(d)) {
		add(r, name, V_NULL);
		return;
	}
	struct val *v = add(r, name, V_NUM);
	v->num = d;
	rn_fmt_double(d, v->buf, sizeof(v->buf));
	v->s = v->buf;
}

static void add_tags(struct row *r, const char *name, struct rn_tag_span span)
{
	struct val *v = add(r, name, V_TAGS);
	v->tags = span;
}

static void add_extras(struct row *r, const struct rn_network *net, enum rn_table_id t,
                       const char **cells, size_t i)
{
	const struct rn_columns *c = &net->cols[t];
	for (size_t x = 0; x < c->nextra; x++)
		add_str(r, c->extra_name[x], cells[i * c->nextra + x]);
}

void rn_export_row_contact(struct row *r, const struct rn_network *net, igraph_integer_t v)
{
	r->n = 0;
	add_str(r, "id", net->id[v]);
	add_str(r, "name", net->name[v]);
	add_str(r, "stage", net->stage_text[v] && net->stage[v] != RN_STAGE_OTHER
	                        ? rn_stage_name(net->stage[v]) : net->stage_text[v]);
	add_tags(r, "offers", net->offers[v]);
	add_tags(r, "needs", net->needs[v]);
	add_extras(r, net, RN_TABLE_CONTACTS, net->contact_extra, (size_t) v);
}

void rn_export_row_tie(struct row *r, const struct rn_network *net, igraph_integer_t e)
{
	r->n = 0;
	add_str(r, "a", net->id[net->tie_a[e]]);
	add_str(r, "b", net->id[net->tie_b[e]]);
	add_num(r, "strength", net->strength[e]);
	add_date(r, "since", net->since[e]);
	add_date(r, "last_contact", net->last_contact[e]);
	add_str(r, "note", net->tie_note[e]);
	add_extras(r, net, RN_TABLE_TIES, net->tie_extra, (size_t) e);
}

void rn_export_row_event(struct row *r, const struct rn_network *net, igraph_integer_t i)
{
	r->n = 0;
	add_date(r, "date", net->ev_date[i]);
	add_str(r, "from", net->id[net->ev_from[i]]);
	add_str(r, "to", net->id[net->ev_to[i]]);
	add_str(r, "kind", rn_kind_name(net->ev_kind[i]));
	add_str(r, "about", net->ev_about[i]);
	add_num(r, "value", net->ev_value[i]);
	add_str(r, "status", net->ev_status[i]);
	add_str(r, "note", net->ev_note[i]);
	add_extras(r, net, RN_TABLE_LOG, net->ev_extra, (size_t) i);
}

/* ---- JSON --------------------------------------------------------------- */

static void put_val_json(FILE *fp, const struct rn_network *net, const struct val *v)
{
	switch (v->type) {
	case V_NULL:
		fputs("null", fp);
		return;
	case V_STR:
		rn_json_put_string(fp, v->s);
		return;
	case V_NUM:
		fputs(v->buf, fp);   /* shortest form that reads back exactly */
		return;
	case V_TAGS:
		fputc('[', fp);
		for (uint32_t k = 0; k < v->tags.n; k++) {
			if (k)
				fputc(',', fp);
			rn_json_put_string(fp, net->tag_text[net->tag_refs[v->tags.at + k]]);
		}
		fputc(']', fp);
		return;
	}
}

static int json_rows(const struct rn_network *net, FILE *fp, const char *key,
                     igraph_integer_t n, row_fn fn, struct row *r, int last)
{
	fprintf(fp, "\"%s\":[", key);
	for (igraph_integer_t i = 0; i < n; i++) {
		fn(r, net, i);
		fputs(i ? ",\n{" : "\n{", fp);
		for (size_t k = 0; k < r->n; k++) {
			if (k)
				fputc(',', fp);
			rn_json_put_string(fp, r->v[k].name);
			fputc(':', fp);
			put_val_json(fp, net, &r->v[k]);
		}
		fputc('}', fp);
	}
	fputs(n ? "\n]" : "]", fp);
	fputs(last ? "}\n" : ",\n", fp);
	return ferror(fp) ? -1 : 0;
}

int rn_export_json(const struct rn_network *net, FILE *fp)
{
	struct row *r = malloc(sizeof(*r));
	if (!r)
		return -1;
	fputc('{', fp);
	int rc = json_rows(net, fp, "contacts", net->ncontacts, rn_export_row_contact, r, 0);
	if (rc == 0)
		rc = json_rows(net, fp, "ties", net->nties, rn_export_row_tie, r, 0);
	if (rc == 0)
		rc = json_rows(net, fp, "log", net->nevents, rn_export_row_event, r, 1);
	free(r);
	return rc;
}

/*
 * The GraphML export: keys declared up front, then nodes and edges with the
 * same fields as the other formats' rows (export.c), written with libxml2's
 * writer, which does the XML escaping.
 */
#include "refnet/export.h"

#include <libxml/xmlerror.h>
#include <libxml/xmlwriter.h>
#include <stdlib.h>
#include <string.h>

#include "export_internal.h"

/* ---- GraphML ------------------------------------------------------------ */

struct gml_key {
	const char *id, *for_, *name, *type;
};

static int gml_data(xmlTextWriterPtr w, const char *key, const char *value)
{
	if (!value)
		return 0;
	if (xmlTextWriterStartElement(w, BAD_CAST "data") < 0 ||
	    xmlTextWriterWriteAttribute(w, BAD_CAST "key", BAD_CAST key) < 0 ||
	    xmlTextWriterWriteString(w, BAD_CAST value) < 0 ||
	    xmlTextWriterEndElement(w) < 0)
		return -1;
	return 0;
}

static int gml_key(xmlTextWriterPtr w, const char *id, const char *for_, const char *name,
                   const char *type)
{
	if (xmlTextWriterStartElement(w, BAD_CAST "key") < 0 ||
	    xmlTextWriterWriteAttribute(w, BAD_CAST "id", BAD_CAST id) < 0 ||
	    xmlTextWriterWriteAttribute(w, BAD_CAST "for", BAD_CAST for_) < 0 ||
	    xmlTextWriterWriteAttribute(w, BAD_CAST "attr.name", BAD_CAST name) < 0 ||
	    xmlTextWriterWriteAttribute(w, BAD_CAST "attr.type", BAD_CAST type) < 0 ||
	    xmlTextWriterEndElement(w) < 0)
		return -1;
	return 0;
}

/* The values of a row as GraphML data elements: key ids are PREFIX + position. */
static int gml_row(xmlTextWriterPtr w, const struct rn_network *net, const struct row *r,
                   char prefix)
{
	char key[32];
	for (size_t k = 0; k < r->n; k++) {
		const struct val *v = &r->v[k];
		snprintf(key, sizeof(key), "%c%zu", prefix, k);
		if (v->type == V_TAGS && v->tags.n == 0) {
			continue;
		} else if (v->type == V_TAGS) {
			size_t len = 0;
			for (uint32_t j = 0; j < v->tags.n; j++)
				len += strlen(net->tag_text[net->tag_refs[v->tags.at + j]]) + 2;
			char *s = malloc(len + 1);
			if (!s)
				return -1;
			s[0] = '\0';
			size_t at = 0;
			for (uint32_t j = 0; j < v->tags.n; j++)
				at += (size_t) snprintf(s + at, len + 1 - at, "%s%s", j ? "; " : "",
				                        net->tag_text[net->tag_refs[v->tags.at + j]]);
			int rc = gml_data(w, key, s);
			free(s);
			if (rc < 0)
				return -1;
		} else if (gml_data(w, key, v->s) < 0) {
			return -1;
		}
	}
	return 0;
}

static int gml_keys(xmlTextWriterPtr w, const struct rn_network *net, struct row *r,
                    igraph_integer_t n, row_fn fn, char prefix, const char *for_)
{
	/* Key names come from the first row; every row has the same layout. */
	if (n == 0)
		return 0;
	fn(r, net, 0);
	char key[32];
	/* Edges carry a and b as source and target, not as data. */
	for (size_t k = prefix == 'e' ? 2 : 0; k < r->n; k++) {
		snprintf(key, sizeof(key), "%c%zu", prefix, k);
		const char *type = strcmp(r->v[k].name, "strength") == 0 ? "double" : "string";
		if (gml_key(w, key, for_, r->v[k].name, type) < 0)
			return -1;
	}
	return 0;
}

/* libxml2 prints its I/O errors itself; the caller reports a write error once. */
static void quiet_xml_error(void *ctx, xmlErrorPtr e)
{
	(void) ctx;
	(void) e;
}

int rn_export_graphml(const struct rn_network *net, FILE *fp)
{
	xmlStructuredErrorFunc old_error = xmlStructuredError;
	void *old_error_ctx = xmlStructuredErrorContext;
	xmlSetStructuredErrorFunc(NULL, quiet_xml_error);
	struct row *r = malloc(sizeof(*r));
	xmlOutputBufferPtr buf = xmlOutputBufferCreateFile(fp, NULL);
	xmlTextWriterPtr w = buf ? xmlNewTextWriter(buf) : NULL;
	int rc = -1;
	char id[32];

	if (!r || !w) {
		if (!w && buf)
			xmlOutputBufferClose(buf);
		goto cleanup;
	}
	xmlTextWriterSetIndent(w, 1);
	xmlTextWriterSetIndentString(w, BAD_CAST "  ");
	if (xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL) < 0 ||
	    xmlTextWriterStartElement(w, BAD_CAST "graphml") < 0 ||
	    xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns",
	                                BAD_CAST "http://graphml.graphdrawing.org/xmlns") < 0 ||
	    xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns:xsi",
	                                BAD_CAST "http://www.w3.org/2001/XMLSchema-instance") < 0 ||
	    xmlTextWriterWriteAttribute(w, BAD_CAST "xsi:schemaLocation",
	                                BAD_CAST "http://graphml.graphdrawing.org/xmlns "
	                                "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd") < 0)
		goto cleanup;
	if (gml_keys(w, net, r, net->ncontacts, rn_export_row_contact, 'n', "node") < 0 ||
	    gml_keys(w, net, r, net->nties, rn_export_row_tie, 'e', "edge") < 0)
		goto cleanup;
	if (xmlTextWriterStartElement(w, BAD_CAST "graph") < 0 ||
	    xmlTextWriterWriteAttribute(w, BAD_CAST "id", BAD_CAST "refnet") < 0 ||
	    xmlTextWriterWriteAttribute(w, BAD_CAST "edgedefault", BAD_CAST "undirected") < 0)
		goto cleanup;
	for (igraph_integer_t v = 0; v < net->ncontacts; v++) {
		rn_export_row_contact(r, net, v);
		if (xmlTextWriterStartElement(w, BAD_CAST "node") < 0 ||
		    xmlTextWriterWriteAttribute(w, BAD_CAST "id", BAD_CAST net->id[v]) < 0 ||
		    gml_row(w, net, r, 'n') < 0 || xmlTextWriterEndElement(w) < 0)
			goto cleanup;
	}
	for (igraph_integer_t e = 0; e < net->nties; e++) {
		rn_export_row_tie(r, net, e);
		snprintf(id, sizeof(id), "t%lld", (long long) e);
		/* a and b are written as source and target; the rest as data. */
		r->v[0].s = NULL;
		r->v[1].s = NULL;
		if (xmlTextWriterStartElement(w, BAD_CAST "edge") < 0 ||
		    xmlTextWriterWriteAttribute(w, BAD_CAST "id", BAD_CAST id) < 0 ||
		    xmlTextWriterWriteAttribute(w, BAD_CAST "source",
		                                BAD_CAST net->id[net->tie_a[e]]) < 0 ||
		    xmlTextWriterWriteAttribute(w, BAD_CAST "target",
		                                BAD_CAST net->id[net->tie_b[e]]) < 0 ||
		    gml_row(w, net, r, 'e') < 0 || xmlTextWriterEndElement(w) < 0)
			goto cleanup;
	}
	if (xmlTextWriterEndDocument(w) < 0 || xmlTextWriterFlush(w) < 0)
		goto cleanup;
	rc = ferror(fp) ? -1 : 0;
cleanup:
	if (w)
		xmlFreeTextWriter(w);
	free(r);
	xmlSetStructuredErrorFunc(old_error_ctx, old_error);
	return rc;
}

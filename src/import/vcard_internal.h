/*
 * What the parts of the vCard reader share.  Private to src/import.
 *
 *   vcard.c         rn_vcard_parse(): cards, and what each property becomes
 *   vcard_syntax.c  byte buffers, lines, one content line and its value
 *
 * Functions that grow a buffer return -1 when out of memory, 0 otherwise.
 */
#ifndef REFNET_IMPORT_VCARD_INTERNAL_H
#define REFNET_IMPORT_VCARD_INTERNAL_H

#include <stddef.h>

struct buf {
	char *s;
	size_t n, cap;
};

enum enc { ENC_NONE, ENC_QP, ENC_B };

struct prop {
	const char *group;  size_t group_n;
	const char *name;   size_t name_n;
	const char *value;  size_t value_n;
	enum enc enc;
	char charset[48];
	int value_text;     /* VALUE=text */
	int value_uri;      /* VALUE=uri */
	int pref;           /* PREF=1 or TYPE=pref */
	char types[128];    /* TYPE values, lower case, ','-separated */
};

int rn_vcard_buf_put(struct buf *b, const char *s, size_t n);
int rn_vcard_buf_ch(struct buf *b, char c);

size_t rn_vcard_phys_line(const char *s, size_t n, size_t pos, size_t *next);
int rn_vcard_ieq(const char *s, size_t n, const char *lit);
int rn_vcard_icontains(const char *s, size_t n, const char *lit);
size_t rn_vcard_value_colon(const char *s, size_t n);

int rn_vcard_parse_prop(const char *s, size_t n, struct prop *p, const char **why);
int rn_vcard_qp_decode(const char *s, size_t n, struct buf *out);
int rn_vcard_unescape(const char *s, size_t n, struct buf *out);
int rn_vcard_next_part(const char *s, size_t n, size_t *pos, char sep, const char **part,
                       size_t *len);

#endif

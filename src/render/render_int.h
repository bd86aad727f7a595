/*
 * Internals of the render module shared by its files and its unit tests:
 * the escaping of input text for Graphviz (into the string builder).
 */
#ifndef REFNET_RENDER_INT_H
#define REFNET_RENDER_INT_H

#include <stddef.h>

#include "refnet/common.h"
#include "refnet/sb.h"

enum rn_gv_text { RN_GV_LABEL, RN_GV_TOOLTIP };

/*
 * Append input text s as it must be written in a Graphviz label or tooltip
 * so that it is drawn as the same characters: every backslash doubled
 * (twice over for tooltips, which Graphviz expands twice), '&' written as
 * "&amp;" (Graphviz decodes entities in labels), a line break as the escape
 * \n, a tab as a space, and U+FFFE / U+FFFF (not allowed in XML) as U+FFFD.
 * With max_chars > 0, text longer than that many characters is cut and ends
 * with an ellipsis.  s is valid UTF-8 (the loader guarantees it).
 */
void rn_gv_escape(struct rn_sb *b, const char *s, enum rn_gv_text kind, size_t max_chars);

#endif

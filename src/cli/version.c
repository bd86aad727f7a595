/*
 * refnet --version: refnet's own version, then each library it was built
 * with, at the version of the headers it was compiled against and, where the
 * library can say so, the version loaded at run time.  The two differ when a
 * shared library was upgraded after the build; a bug report needs both.
 * libcsv has no run-time query, so only its build version is known.
 */
#include <stdio.h>

#include <csv.h>
#include <graphviz/graphviz_version.h>
#include <gvc.h>
#include <igraph.h>
#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/xmlversion.h>
#include <utf8proc.h>
#include <xxhash.h>

#include "cli.h"

#define RN_STR_(x) #x
#define RN_STR(x) RN_STR_(x)

static void line(FILE *fp, const char *lib, const char *built, const char *running)
{
	fprintf(fp, "  %-9s %s", lib, built);
	if (running)
		fprintf(fp, " (run-time %s)", running);
	fputc('\n', fp);
}

void rn_cli_version(FILE *fp)
{
	char buf[64];
	const char *igraph_rt = NULL;

	fprintf(fp, "refnet %s\nbuilt with:\n", REFNET_VERSION);

	igraph_version(&igraph_rt, NULL, NULL, NULL);
	line(fp, "igraph", IGRAPH_VERSION, igraph_rt);

	line(fp, "libcsv", RN_STR(CSV_MAJOR) "." RN_STR(CSV_MINOR) "." RN_STR(CSV_RELEASE), NULL);

	/* A context without plugins: gvcVersion needs one, the plugins are not. */
	GVC_t *gvc = gvContextPlugins(NULL, 0);
	line(fp, "Graphviz", PACKAGE_VERSION, gvc ? gvcVersion(gvc) : NULL);
	if (gvc)
		gvFreeContext(gvc);

#if JANSSON_VERSION_HEX >= 0x020d00
	line(fp, "jansson", JANSSON_VERSION, jansson_version_str());
#else
	line(fp, "jansson", JANSSON_VERSION, NULL);
#endif

	line(fp, "utf8proc", RN_STR(UTF8PROC_VERSION_MAJOR) "." RN_STR(UTF8PROC_VERSION_MINOR) "."
	     RN_STR(UTF8PROC_VERSION_PATCH), utf8proc_version());

	/* xmlParserVersion is "20914" for 2.9.14. */
	int v = 0;
	const char *xv = xmlParserVersion;
	for (; xv && *xv >= '0' && *xv <= '9'; xv++)
		v = v * 10 + (*xv - '0');
	snprintf(buf, sizeof(buf), "%d.%d.%d", v / 10000, v / 100 % 100, v % 100);
	line(fp, "libxml2", LIBXML_DOTTED_VERSION, buf);

	unsigned xx = XXH_versionNumber();
	snprintf(buf, sizeof(buf), "%u.%u.%u", xx / 10000, xx / 100 % 100, xx % 100);
	line(fp, "xxhash", RN_STR(XXH_VERSION_MAJOR) "." RN_STR(XXH_VERSION_MINOR) "."
	     RN_STR(XXH_VERSION_RELEASE), buf);
}

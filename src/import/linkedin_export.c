/*
 * The files of one LinkedIn export: PATH may be the Connections.csv file,
 * the unzipped export folder, or the .zip LinkedIn sends (read with
 * libzip, entries found by file name in any folder of the archive).
 */
#include "refnet/import.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <zip.h>

#include "linkedin_internal.h"

/* ---- finding the files of an export ------------------------------------- */

static const char *const li_names[LI_NFILES] = {
	"Connections.csv", "Profile.csv", "messages.csv", "Recommendations_Received.csv",
	"Recommendations_Given.csv"
};

static char *cat3(const char *a, const char *sep, const char *b)
{
	size_t n = strlen(a) + strlen(sep) + strlen(b) + 1;
	char *p = malloc(n);
	if (p)
		snprintf(p, n, "%s%s%s", a, sep, b);
	return p;
}

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

static int looks_zip(const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char b[4] = { 0 };
	if (!f)
		return 0;
	size_t k = fread(b, 1, 4, f);
	fclose(f);
	return k == 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4;
}

void rn_linkedin_export_release(struct export *e)
{
	if (e->zip)
		zip_discard(e->zip);
	for (int i = 0; i < LI_NFILES; i++) {
		free(e->display[i]);
		free(e->file[i]);
	}
	memset(e, 0, sizeof(*e));
}

enum rn_status rn_linkedin_export_open(struct export *e, const char *path, struct rn_diag *diag)
{
	struct stat sb;
	memset(e, 0, sizeof(*e));
	e->path = path;
	for (int i = 0; i < LI_NFILES; i++)
		e->entry[i] = -1;
	if (stat(path, &sb) != 0) {
		rn_diag_error(diag, NULL, 0, 0, "cannot open '%s': %s", path, strerror(errno));
		return RN_E_NOINPUT;
	}
	if (S_ISDIR(sb.st_mode)) {
		e->is_dir = 1;
		DIR *d = opendir(path);
		if (!d) {
			rn_diag_error(diag, NULL, 0, 0, "cannot open '%s': %s", path, strerror(errno));
			return RN_E_NOINPUT;
		}
		struct dirent *de;
		char *found[LI_NFILES] = { NULL };
		while ((de = readdir(d))) {
			for (int i = 0; i < LI_NFILES; i++) {
				/* The first in name order wins when two differ only in case. */
				if (strcasecmp(de->d_name, li_names[i]) == 0 &&
				    (!found[i] || strcmp(de->d_name, found[i]) < 0)) {
					free(found[i]);
					found[i] = strdup(de->d_name);
				}
			}
		}
		closedir(d);
		size_t pl = strlen(path);
		const char *sep = pl && path[pl - 1] == '/' ? "" : "/";
		for (int i = 0; i < LI_NFILES; i++) {
			if (!found[i])
				continue;
			e->file[i] = cat3(path, sep, found[i]);
			e->display[i] = e->file[i] ? strdup(e->file[i]) : NULL;
			free(found[i]);
			if (!e->file[i] || !e->display[i])
				return RN_E_INTERNAL;
		}
		return RN_OK;
	}
	if (looks_zip(path)) {
		int err = 0;
		e->is_zip = 1;
		e->zip = zip_open(path, ZIP_RDONLY, &err);
		if (!e->zip) {
			zip_error_t ze;
			zip_error_init_with_code(&ze, err);
			rn_diag_error(diag, path, 0, 0, "cannot read the zip archive: %s (download "
			              "the export again, or unzip it and pass the folder)",
			              zip_error_strerror(&ze));
			zip_error_fini(&ze);
			return RN_E_DATA;
		}
		zip_int64_t n = zip_get_num_entries(e->zip, 0);
		for (zip_int64_t k = 0; k < n; k++) {
			const char *name = zip_get_name(e->zip, (zip_uint64_t) k, 0);
			if (!name)
				continue;
			for (int i = 0; i < LI_NFILES; i++) {
				/* The shallowest entry of that name, then the first. */
				if (strcasecmp(base_name(name), li_names[i]) != 0)
					continue;
				if (e->entry[i] >= 0 && strlen(name) >= strlen(e->display[i]) -
				                        strlen(path) - 1)
					continue;
				free(e->display[i]);
				e->display[i] = cat3(path, ":", name);
				if (!e->display[i])
					return RN_E_INTERNAL;
				e->entry[i] = k;
			}
		}
		return RN_OK;
	}
	/* A single file: the member's Connections.csv. */
	e->file[LI_CONNECTIONS] = strdup(path);
	e->display[LI_CONNECTIONS] = strdup(path);
	if (!e->file[LI_CONNECTIONS] || !e->display[LI_CONNECTIONS])
		return RN_E_INTERNAL;
	return RN_OK;
}

/* The bytes of one file of the export (malloc'd, NUL-terminated). */
enum rn_status rn_linkedin_export_read(struct export *e, int which, char **buf, size_t *len,
                                       struct rn_diag *diag)
{
	if (e->file[which])
		return rn_sheet_slurp(e->file[which], e->display[which], buf, len, diag);
	zip_stat_t zs;
	zip_stat_init(&zs);
	if (zip_stat_index(e->zip, (zip_uint64_t) e->entry[which], 0, &zs) != 0 ||
	    !(zs.valid & ZIP_STAT_SIZE)) {
		rn_diag_error(diag, e->display[which], 0, 0, "cannot read it from the archive: %s",
		              zip_strerror(e->zip));
		return RN_E_DATA;
	}
	if (zs.size > ((zip_uint64_t) 1 << 32)) {
		rn_diag_error(diag, e->display[which], 0, 0, "too large (%llu bytes)",
		              (unsigned long long) zs.size);
		return RN_E_DATA;
	}
	char *b = malloc((size_t) zs.size + 1);
	if (!b)
		return RN_E_INTERNAL;
	zip_file_t *zf = zip_fopen_index(e->zip, (zip_uint64_t) e->entry[which], 0);
	zip_int64_t got = 0;
	if (zf) {
		while ((zip_uint64_t) got < zs.size) {
			zip_int64_t k = zip_fread(zf, b + got, zs.size - (zip_uint64_t) got);
			if (k <= 0)
				break;
			got += k;
		}
	}
	if (!zf || (zip_uint64_t) got != zs.size) {
		rn_diag_error(diag, e->display[which], 0, 0, "cannot read it from the archive: %s",
		              zf ? zip_file_strerror(zf) : zip_strerror(e->zip));
		if (zf)
			zip_fclose(zf);
		free(b);
		return RN_E_DATA;
	}
	zip_fclose(zf);
	b[got] = '\0';
	*buf = b;
	*len = (size_t) got;
	return RN_OK;
}

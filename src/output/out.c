/*
 * Atomic output files: write to a temporary file in the destination's
 * directory, then rename(2) it into place, so readers see either the old file
 * or the complete new one.  Destinations that are not regular files (a
 * terminal, /dev/stdout, a pipe, /dev/full) are written in place: they cannot
 * be replaced by rename, and must not be.
 */
#include "refnet/output.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void set_err(char *err, size_t n, const char *what, const char *path, int e)
{
	if (err && n)
		snprintf(err, n, "cannot %s '%s': %s", what, path, strerror(e));
}

enum rn_status rn_out_open(struct rn_out *o, const char *path, char *err, size_t errlen)
{
	memset(o, 0, sizeof(*o));
	if (!path || strcmp(path, "-") == 0) {
		o->fp = stdout;
		return RN_OK;
	}
	o->path = strdup(path);
	if (!o->path)
		return RN_E_INTERNAL;

	struct stat st;
	int exists = stat(path, &st) == 0;
	if (exists && !S_ISREG(st.st_mode)) {
		if (S_ISDIR(st.st_mode)) {
			set_err(err, errlen, "create", path, EISDIR);
			goto fail;
		}
		/* A device or pipe: write straight to it. */
		o->fp = fopen(path, "w");
		if (!o->fp) {
			set_err(err, errlen, "open", path, errno);
			goto fail;
		}
		return RN_OK;
	}

	size_t n = strlen(path) + 16;
	o->tmp = malloc(n);
	if (!o->tmp)
		goto fail;
	/* A hidden name in the same directory, so rename() stays on one file system. */
	const char *slash = strrchr(path, '/');
	size_t dirlen = slash ? (size_t) (slash - path) + 1 : 0;
	snprintf(o->tmp, n, "%.*s.%s.XXXXXX", (int) dirlen, path, path + dirlen);
	int fd = mkstemp(o->tmp);
	if (fd < 0) {
		set_err(err, errlen, "create", path, errno);
		free(o->tmp);
		o->tmp = NULL;
		goto fail;
	}
	/* A file that is replaced keeps its permissions (a private file stays
	 * private); a new one gets the usual 0666 less the umask. */
	mode_t mode;
	if (exists) {
		mode = st.st_mode & 0777;
	} else {
		mode_t mask = umask(0);
		umask(mask);
		mode = 0666 & ~mask;
	}
	if (fchmod(fd, mode) < 0) {
		/* Not fatal: the file keeps mkstemp's 0600. */
	}
	o->fp = fdopen(fd, "w");
	if (!o->fp) {
		set_err(err, errlen, "create", path, errno);
		close(fd);
		unlink(o->tmp);
		goto fail;
	}
	return RN_OK;
fail:
	free(o->path);
	free(o->tmp);
	memset(o, 0, sizeof(*o));
	return RN_E_CANTCREAT;
}

enum rn_status rn_out_commit(struct rn_out *o, char *err, size_t errlen)
{
	const char *shown = o->path ? o->path : "standard output";
	int e = 0;

	if (fflush(o->fp) != 0 || ferror(o->fp))
		e = errno ? errno : EIO;
	if (o->fp == stdout) {
		if (e)
			set_err(err, errlen, "write", shown, e);
		return e ? RN_E_CANTCREAT : RN_OK;
	}
	if (!e && o->tmp && fsync(fileno(o->fp)) != 0)
		e = errno;
	if (fclose(o->fp) != 0 && !e)
		e = errno ? errno : EIO;
	o->fp = NULL;
	if (!e && o->tmp && rename(o->tmp, o->path) != 0)
		e = errno;
	if (e) {
		set_err(err, errlen, "write", shown, e);
		if (o->tmp)
			unlink(o->tmp);
	}
	free(o->path);
	free(o->tmp);
	memset(o, 0, sizeof(*o));
	return e ? RN_E_CANTCREAT : RN_OK;
}

void rn_out_abort(struct rn_out *o)
{
	if (!o)
		return;
	if (o->fp && o->fp != stdout)
		fclose(o->fp);
	if (o->tmp)
		unlink(o->tmp);
	free(o->path);
	free(o->tmp);
	memset(o, 0, sizeof(*o));
}

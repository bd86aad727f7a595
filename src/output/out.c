/*
 * Atomic output files: write to a temporary file in the destination's
 * directory, then rename(2) it into place, so readers see either the old file
 * or the complete new one.  Destinations that are not regular files (a
 * terminal, a pipe, /dev/full) and names of open file descriptors
 * (/dev/stdout, /dev/stderr, /dev/fd/N, /proc/self/fd/N) are written in
 * place: they cannot be replaced by rename, and must not be.  A symbolic link
 * is written through: the file it names is replaced, the link stays.
 *
 * Temporary files (and the temporary directories of directory exports) are
 * registered here, so that SIGINT, SIGTERM and SIGHUP remove them before the
 * process dies.
 */
#define _DEFAULT_SOURCE /* realpath, statfs */
#include "refnet/output.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#ifndef PROC_SUPER_MAGIC
#define PROC_SUPER_MAGIC 0x9fa0
#endif

/* ---- cleanup on signals -------------------------------------------------- */

/* A process has at most a few outputs open at once (a directory export: one
 * directory and four files). */
#define RN_CLEAN_MAX 32

static char *volatile clean_path[RN_CLEAN_MAX];
static volatile sig_atomic_t clean_is_dir[RN_CLEAN_MAX];

static void block_signals(sigset_t *old)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, old);
}

int rn_out_cleanup_add(const char *path, int is_dir)
{
	char *copy = strdup(path);
	if (!copy)
		return -1;
	sigset_t old;
	block_signals(&old);
	int done = 0;
	for (size_t i = 0; i < RN_CLEAN_MAX && !done; i++) {
		if (!clean_path[i]) {
			clean_is_dir[i] = is_dir;
			clean_path[i] = copy;
			done = 1;
		}
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (!done)
		free(copy);
	return done ? 0 : -1;
}

void rn_out_cleanup_remove(const char *path)
{
	sigset_t old;
	block_signals(&old);
	for (size_t i = 0; i < RN_CLEAN_MAX; i++) {
		char *p = clean_path[i];
		if (p && strcmp(p, path) == 0) {
			clean_path[i] = NULL;
			free(p);
			break;
		}
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
}

/* Only async-signal-safe calls: unlink, rmdir, signal, raise. */
static void cleanup_handler(int sig)
{
	for (size_t i = 0; i < RN_CLEAN_MAX; i++)
		if (clean_path[i] && !clean_is_dir[i])
			unlink(clean_path[i]);
	for (size_t i = 0; i < RN_CLEAN_MAX; i++)
		if (clean_path[i] && clean_is_dir[i])
			rmdir(clean_path[i]);
	/* Die of the same signal, so the caller sees what happened. */
	signal(sig, SIG_DFL);
	raise(sig);
}

void rn_out_cleanup_on_signals(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		struct sigaction sa, old;
		/* A signal ignored by whoever started us (nohup) stays ignored. */
		if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
			continue;
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = cleanup_handler;
		sigemptyset(&sa.sa_mask);
		for (size_t k = 0; k < sizeof(sigs) / sizeof(sigs[0]); k++)
			sigaddset(&sa.sa_mask, sigs[k]);
		sigaction(sigs[i], &sa, NULL);
	}
	/* A file size limit (ulimit -f) makes write() fail with EFBIG, which is
	 * reported like any other write error, instead of killing the process
	 * with a temporary file left behind. */
	signal(SIGXFSZ, SIG_IGN);
}

/* ---- opening ------------------------------------------------------------- */

static void set_err(char *err, size_t n, const char *what, const char *path, int e)
{
	if (err && n)
		snprintf(err, n, "cannot %s '%s': %s", what, path, strerror(e));
}

static char *dir_of(const char *p)
{
	const char *slash = strrchr(p, '/');
	if (!slash)
		return strdup(".");
	if (slash == p)
		return strdup("/");
	return strndup(p, (size_t) (slash - p));
}

/*
 * p is a symbolic link in /proc (a "magic" link to an open file), dir its
 * directory: the file descriptor it names when that is one of ours
 * (/proc/self/fd/N, /dev/fd/N, /proc/PID/fd/N, /proc/thread-self/fd/N), else -1.
 */
static int own_fd(const char *p, const char *dir)
{
	char real[PATH_MAX], mine[PATH_MAX], thread[PATH_MAX];
	if (!realpath(dir, real))
		return -1;
	int ours = (realpath("/proc/self/fd", mine) && strcmp(real, mine) == 0) ||
	           (realpath("/proc/thread-self/fd", thread) && strcmp(real, thread) == 0);
	const char *num = strrchr(p, '/');
	if (!ours || !num || !num[1])
		return -1;
	char *end;
	errno = 0;
	long fd = strtol(num + 1, &end, 10);
	return *end || errno || fd < 0 || fd > INT_MAX ? -1 : (int) fd;
}

enum where { W_CREATE, W_REPLACE, W_IN_PLACE, W_FD };

/*
 * Follow the symbolic links of path to the file that would be written.
 * *resolved receives its name (malloc'd).  W_CREATE: no such file yet;
 * W_REPLACE: a regular file (replaced by rename); W_IN_PLACE: a device, pipe
 * or socket, or a link in /proc to someone else's open file; W_FD: the
 * name of our own file descriptor *fd (/dev/stdout and the like).
 * Returns -1 with errno set on failure.
 */
static int resolve(const char *path, char **resolved, struct stat *st, int *fd)
{
	char *p = strdup(path);
	if (!p)
		return -1;
	for (int hops = 0; hops < 40; hops++) {
		if (lstat(p, st) < 0) {
			if (errno != ENOENT) {
				free(p);
				return -1;
			}
			*resolved = p;
			return W_CREATE;
		}
		if (!S_ISLNK(st->st_mode)) {
			if (S_ISDIR(st->st_mode)) {
				free(p);
				errno = EISDIR;
				return -1;
			}
			*resolved = p;
			return S_ISREG(st->st_mode) ? W_REPLACE : W_IN_PLACE;
		}
		char *dir = dir_of(p);
		struct statfs fs;
		if (!dir) {
			free(p);
			errno = ENOMEM;
			return -1;
		}
		if (statfs(dir, &fs) == 0 && fs.f_type == PROC_SUPER_MAGIC) {
			/* /proc/self/fd/1 "points" at the file behind the descriptor,
			 * which is not a name to rename onto: write to the open file. */
			*fd = own_fd(p, dir);
			free(dir);
			*resolved = p;
			return *fd >= 0 ? W_FD : W_IN_PLACE;
		}
		char target[PATH_MAX];
		ssize_t n = readlink(p, target, sizeof(target) - 1);
		if (n < 0) {
			free(dir);
			free(p);
			return -1;
		}
		target[n] = '\0';
		char *next;
		if (target[0] == '/') {
			next = strdup(target);
		} else {
			size_t len = strlen(dir) + (size_t) n + 2;
			next = malloc(len);
			if (next)
				snprintf(next, len, "%s/%s", dir, target);
		}
		free(dir);
		free(p);
		if (!next) {
			errno = ENOMEM;
			return -1;
		}
		p = next;
	}
	free(p);
	errno = ELOOP;
	return -1;
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
	if (!*path) {
		set_err(err, errlen, "create", path, ENOENT);
		goto fail;
	}

	struct stat st;
	char *target = NULL;
	int fd = -1;
	int w = resolve(path, &target, &st, &fd);
	if (w < 0) {
		set_err(err, errlen, "create", path, errno);
		goto fail;
	}
	if (w == W_FD) {
		/* Our own descriptor: share its offset and append mode, as the
		 * shell's redirection set them. */
		free(target);
		int d = dup(fd);
		o->fp = d >= 0 ? fdopen(d, "w") : NULL;
		if (!o->fp) {
			set_err(err, errlen, "open", path, errno);
			if (d >= 0)
				close(d);
			goto fail;
		}
		return RN_OK;
	}
	if (w == W_IN_PLACE) {
		o->fp = fopen(target, "w");
		int e = errno;
		free(target);
		if (!o->fp) {
			set_err(err, errlen, "open", path, e);
			goto fail;
		}
		return RN_OK;
	}

	/* A short hidden name in the target's directory: rename() stays on one
	 * file system, and a target name of 255 bytes still leaves room. */
	char *slash = strrchr(target, '/');
	size_t dirlen = slash ? (size_t) (slash - target) + 1 : 0;
	size_t n = dirlen + sizeof(".refnet-XXXXXX");
	o->tmp = malloc(n);
	if (!o->tmp) {
		free(target);
		goto fail;
	}
	snprintf(o->tmp, n, "%.*s.refnet-XXXXXX", (int) dirlen, target);
	free(o->path);
	o->path = NULL;
	/* The displayed name stays the one given; the rename goes to the target. */
	o->path = target;
	o->shown = strdup(path);
	if (!o->shown)
		goto fail_tmp;
	/* Created and registered with the signals held, so that none comes
	 * between. */
	sigset_t old;
	block_signals(&old);
	fd = mkstemp(o->tmp);
	int e = errno;
	if (fd >= 0 && rn_out_cleanup_add(o->tmp, 0) < 0) {
		close(fd);
		unlink(o->tmp);
		fd = -1;
		e = ENOMEM;
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (fd < 0) {
		set_err(err, errlen, "create", path, e);
		goto fail_tmp;
	}
	/* A file that is replaced keeps its permissions (a private file stays
	 * private); a new one gets the usual 0666 less the umask. */
	mode_t mode;
	if (w == W_REPLACE) {
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
		rn_out_cleanup_remove(o->tmp);
		goto fail_tmp;
	}
	return RN_OK;
fail_tmp:
	free(o->tmp);
	o->tmp = NULL;
fail:
	free(o->path);
	free(o->shown);
	memset(o, 0, sizeof(*o));
	return RN_E_CANTCREAT;
}

static void out_free(struct rn_out *o)
{
	if (o->tmp)
		rn_out_cleanup_remove(o->tmp);
	free(o->path);
	free(o->tmp);
	free(o->shown);
	memset(o, 0, sizeof(*o));
}

enum rn_status rn_out_commit(struct rn_out *o, char *err, size_t errlen)
{
	const char *shown = o->shown ? o->shown : o->path ? o->path : "standard output";
	int e = 0;

	errno = 0;
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
	out_free(o);
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
	out_free(o);
}

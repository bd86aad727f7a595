/*
 * Graphviz: its context and messages, the DOT text of a drawing, and the
 * child process that lays out and renders it and sends the bytes back.
 */
#include "refnet/render.h"

#include <dlfcn.h>
#include <errno.h>
#include <gvc.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "refnet/output.h"
#include "draw_internal.h"

/* Valgrind's client requests, where its header is installed (they do
 * nothing when the program does not run under valgrind). */
#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#endif
#endif

/* ------------------------------------------------------------------ */
/* The Graphviz context and its messages.                               */

/* The Graphviz context itself is made in the child process that lays out
 * and renders (rn_draw_layout_and_render): making it loads the text layout plugin
 * (pango), which is where memory runs short first. */
struct rn_renderer {
	int drawings;   /* laid out so far */
};

/* Graphviz reports through a global hook; it only ever runs in the child
 * process that lays out and renders (rn_draw_layout_and_render), which passes what
 * it says on through its standard error at once, so that a message is not
 * lost when the child dies.  Warnings are dropped (font fallbacks and such
 * are not the user's), except one: a plugin that could not be loaded.
 * Graphviz then carries on without it, and without the pango plugin an SVG
 * is drawn with estimated text widths: other bytes, exit 0.  That happens
 * when memory is short (the library cannot be mapped), so it fails the
 * drawing, with what the dynamic loader says of the library. */
static int gv_child;
static int gv_plugin_failed;

static void probe_plugin(const char *msg)
{
	const char *a = strchr(msg, '"'), *b = a ? strchr(a + 1, '"') : NULL;
	char path[1024];
	if (!b || (size_t) (b - a - 1) >= sizeof(path))
		return;
	memcpy(path, a + 1, (size_t) (b - a - 1));
	path[b - a - 1] = '\0';
	void *h = dlopen(path, RTLD_LAZY | RTLD_LOCAL);
	if (h) {
		dlclose(h);
		return;
	}
	const char *e = dlerror();
	if (e)
		fprintf(stderr, "%s\n", e);
}

/* Graphviz hands a message over in pieces: "Warning" or "Error", ": ",
 * the text, and maybe more text (its AGPREV continuations). */
static int on_gv_message(char *msg)
{
	static int warning;
	if (!gv_child)
		return 0;
	if (strcmp(msg, "Warning") == 0 || strcmp(msg, "Error") == 0) {
		warning = msg[0] == 'W';
		if (!warning)
			fputs(msg, stderr);   /* unbuffered */
		return 0;
	}
	if (warning && strcmp(msg, ": ") == 0)
		return 0;
	if (warning) {
		if (!strstr(msg, "Could not load"))
			return 0;
		gv_plugin_failed = 1;
		fprintf(stderr, "Warning: %s", msg);
		probe_plugin(msg);
		return 0;
	}
	fputs(msg, stderr);
	return 0;
}

enum rn_status rn_renderer_new(struct rn_renderer **r)
{
	*r = calloc(1, sizeof(**r));
	if (!*r)
		return RN_E_INTERNAL;
	agseterr(AGERR);          /* warnings (font fallbacks and such) are not the user's */
	agseterrf(on_gv_message);
	return RN_OK;
}

void rn_renderer_free(struct rn_renderer *r)
{
	free(r);
}

void rn_render_result_release(struct rn_render_result *res)
{
	if (!res)
		return;
	free(res->data);
	memset(res, 0, sizeof(*res));
}

/* ------------------------------------------------------------------ */
/* Output.                                                              */

enum rn_status rn_draw_write_dot(struct drawing *d, struct rn_render_result *out)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	if (!fp) {
		rn_draw_set_err(d, "out of memory");
		return RN_E_INTERNAL;
	}
	int rc = agwrite(d->g, fp);
	if (fclose(fp) != 0 || rc != 0) {
		free(buf);
		rn_draw_set_err(d, "cannot write the DOT text");
		return RN_E_INTERNAL;
	}
	out->data = buf;
	out->len = len;
	return RN_OK;
}

/*
 * Layout and rendering run in a child process.  Graphviz 2.42 does not
 * report running out of memory: its allocators abort or exit, cgraph goes
 * on with a NULL pointer and crashes, and pango aborts when it cannot start
 * a thread.  Whatever happens in the child, this process survives to say so
 * and write nothing: the child sends the rendered bytes through one pipe
 * and what Graphviz says (its error hook and its standard error) through
 * another, and exits with one of the codes below; any other end (a signal,
 * Graphviz's own exit) is taken for running out of memory unless Graphviz
 * said something else.  The child ends with _exit: no atexit handlers, no
 * flushing of stdio buffers it shares with this process, no leak report.
 * fork costs a few milliseconds (the address space is shared copy-on-write
 * and Graphviz allocates its own).
 */
enum {
	CHILD_OK = 0, CHILD_LAYOUT_FAILED = 91, CHILD_RENDER_FAILED = 92, CHILD_WRITE_FAILED = 93,
	CHILD_PLUGIN_FAILED = 94, CHILD_START_FAILED = 95
};

#define CHILD_TEXT_MAX 1024     /* what Graphviz says: the start is enough */

/* write() all of it, through interruptions; 0 or -1. */
static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t k = write(fd, p, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		p += k;
		n -= (size_t) k;
	}
	return 0;
}

/* The child: lay out, render, send the bytes; never returns. */
static void draw_in_child(struct rn_renderer *r, struct drawing *d, int data_fd, int text_fd)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
#ifdef VALGRIND_CLO_CHANGE
	/* Under valgrind the child would check for leaks when it ends, and
	 * take for lost every block that the parent's other threads (the
	 * report's, which do not exist here) held only on their stacks or in
	 * registers, and end with valgrind's error code.  The parent checks
	 * that memory itself; the child's own errors are still reported. */
	VALGRIND_CLO_CHANGE("--leak-check=no");
#endif
	/* The parent's handlers (removing its temporary files) are not ours;
	 * a signal the parent ignores stays ignored. */
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		struct sigaction old;
		if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
			signal(sigs[i], SIG_DFL);
	}
	signal(SIGPIPE, SIG_DFL);   /* the parent gone: nothing left to do */
	if (dup2(text_fd, STDERR_FILENO) < 0)
		_exit(CHILD_WRITE_FAILED);
	gv_child = 1;
	agseterr(AGWARN);   /* for a plugin that cannot be loaded: on_gv_message */

	char *data = NULL;
	unsigned int len = 0;
	GVC_t *gvc = gvContext();
	if (!gvc)
		_exit(CHILD_START_FAILED);
	if (gv_plugin_failed)   /* no text layout: other text widths */
		_exit(CHILD_PLUGIN_FAILED);
	if (gvLayout(gvc, d->g, rn_draw_engine_name(d->layout)) != 0)
		_exit(CHILD_LAYOUT_FAILED);
	if (gvRenderData(gvc, d->g, rn_render_format_name(d->o->format), &data, &len) != 0 ||
	    !data)
		_exit(CHILD_RENDER_FAILED);
	int rc = gv_plugin_failed ? CHILD_PLUGIN_FAILED
	         : write_all(data_fd, data, len) == 0 && close(data_fd) == 0 ? CHILD_OK
	         : CHILD_WRITE_FAILED;
	gvFreeRenderData(data);
	gvFreeLayout(gvc, d->g);
	_exit(rc);
}

/* Does what Graphviz said in a child that died point at memory?  Nothing
 * said counts too: its allocators fail silently. */
static int says_memory(const char *text)
{
	return !text[0] || strstr(text, "memory") || strstr(text, "alloc") ||
	       strstr(text, "failed to map segment") ||             /* dlopen */
	       strstr(text, "Resource temporarily unavailable");   /* no thread stack */
}

/* Read the child's two pipes until both are closed: the bytes into *buf
 * (grown as needed, NUL-terminated), the text into text[0..CHILD_TEXT_MAX).
 * Returns 0, or -1 when this process runs out of memory (the rest is then
 * read and dropped, so that the child can finish). */
static int read_child(int data_fd, int text_fd, char **buf, size_t *len, char *text)
{
	struct pollfd p[2] = { { data_fd, POLLIN, 0 }, { text_fd, POLLIN, 0 } };
	size_t cap = 0, tlen = 0;
	int oom = 0;
	char chunk[4096];
	*buf = NULL;
	*len = 0;
	text[0] = '\0';
	while (p[0].fd >= 0 || p[1].fd >= 0) {
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		for (int i = 0; i < 2; i++) {
			if (p[i].fd < 0 || !p[i].revents)
				continue;
			if (i == 0 && !oom && *len + sizeof(chunk) + 1 > cap) {
				size_t ncap = cap ? cap * 2 : 262144;
				char *nb = realloc(*buf, ncap);
				if (nb) {
					*buf = nb;
					cap = ncap;
				} else {
					oom = 1;
				}
			}
			/* The bytes straight into the buffer, as many as the pipe holds. */
			char *to = i == 0 && !oom ? *buf + *len : chunk;
			size_t room = i == 0 && !oom ? cap - *len - 1 : sizeof(chunk);
			ssize_t k = read(p[i].fd, to, room);
			if (k < 0 && errno == EINTR)
				continue;
			if (k <= 0) {
				p[i].fd = -1;
				continue;
			}
			if (i == 0 && !oom) {
				*len += (size_t) k;
			} else if (i == 1 && tlen + 1 < CHILD_TEXT_MAX) {
				size_t n = (size_t) k < CHILD_TEXT_MAX - 1 - tlen ? (size_t) k
				                                                   : CHILD_TEXT_MAX - 1 - tlen;
				memcpy(text + tlen, chunk, n);
				tlen += n;
				text[tlen] = '\0';
			}
		}
	}
	if (*buf)
		(*buf)[*len] = '\0';
	return oom ? -1 : 0;
}

enum rn_status rn_draw_layout_and_render(struct rn_renderer *r, struct drawing *d,
                                         struct rn_render_result *out)
{
	int data_pipe[2] = { -1, -1 }, text_pipe[2] = { -1, -1 };
	char text[CHILD_TEXT_MAX];
	char *buf = NULL;
	size_t len = 0;
	int status = 0;
	const char *fmt = rn_render_format_name(d->o->format);

	r->drawings++;
	if (pipe(data_pipe) != 0 || pipe(text_pipe) != 0)
		goto oom;
	/* Bytes this process has buffered must not be written twice, should
	 * Graphviz call exit() in the child. */
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0)
		goto oom;
	if (pid == 0) {
		close(data_pipe[0]);
		close(text_pipe[0]);
		draw_in_child(r, d, data_pipe[1], text_pipe[1]);
	}
	close(data_pipe[1]);
	close(text_pipe[1]);
	data_pipe[1] = text_pipe[1] = -1;
	int rc = read_child(data_pipe[0], text_pipe[0], &buf, &len, text);
	if (rc != 0)
		kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			rc = -1;
			break;
		}
	}
	close(data_pipe[0]);
	close(text_pipe[0]);
	data_pipe[0] = text_pipe[0] = -1;
	if (rc != 0)
		goto oom;
	for (size_t n = strlen(text); n && (text[n - 1] == '\n' || text[n - 1] == ' '); n--)
		text[n - 1] = '\0';

	int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	if (code == CHILD_OK && buf) {
		out->data = buf;
		out->len = len;
		return RN_OK;
	}
	free(buf);
	int plugin = strstr(text, "Could not load") != NULL;
	if ((code == CHILD_LAYOUT_FAILED || code == CHILD_RENDER_FAILED) && !plugin) {
		if (code == CHILD_LAYOUT_FAILED)
			rn_draw_set_err(d, "graphviz layout '%s' failed%s%s",
			                rn_draw_engine_name(d->layout), text[0] ? ": " : "", text);
		else
			rn_draw_set_err(d, "graphviz could not render %s%s%s", fmt, text[0] ? ": " : "", text);
	} else if (says_memory(text)) {
		rn_draw_set_err(d, "out of memory");
	} else if (plugin) {
		rn_draw_set_err(d, "graphviz could not load a plugin: %s", text);
	} else {
		rn_draw_set_err(d, "graphviz stopped drawing %s: %s", fmt, text);
	}
	return RN_E_INTERNAL;

oom:
	for (int i = 0; i < 2; i++) {
		if (data_pipe[i] >= 0)
			close(data_pipe[i]);
		if (text_pipe[i] >= 0)
			close(text_pipe[i]);
	}
	free(buf);
	rn_draw_set_err(d, "out of memory");
	return RN_E_INTERNAL;
}

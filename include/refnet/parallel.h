/*
 * Threads: refnet splits a few big loops (reading ties and logs, the costs
 * of ten million ties, laying out a million output rows) into at most
 * RN_THREADS_MAX tasks that run at once.  Results never depend on the
 * number of threads; only the time does.
 *
 * The environment variable REFNET_THREADS (1..RN_THREADS_MAX) caps the
 * threads, e.g. REFNET_THREADS=1 on a machine shared with other work.
 */
#ifndef REFNET_PARALLEL_H
#define REFNET_PARALLEL_H

#define RN_THREADS_MAX 4

/* The threads refnet may use: the processors online, at most
 * RN_THREADS_MAX, at most REFNET_THREADS when that is set. */
int rn_threads(void);

struct rn_task {
	void *(*fn)(void *);
	void *arg;
};

/*
 * Run task[0..n) and return when all are done:
 * task 0 in the calling thread, the others each in a thread of their own
 * up to rn_threads() threads in all; the rest, and any whose thread cannot
 * be started, one after another in the calling thread.
 */
void rn_run_tasks(const struct rn_task *task, int n);

#endif

/*
 * Threads: refnet splits a few big loops (reading ties and logs, the costs
 * of ten million ties, laying out a million output rows) into at most
 * RN_THREADS_MAX tasks that run at once.  Results never depend on the
 * number of threads; only the time does.
 *
 * The environment variable REFNET_THREADS (1..RN_THREADS_MAX) sets the
 * number of threads, e.g. REFNET_THREADS=1 on a machine shared with other
 * work; by default it is the number of processors.
 */
#ifndef REFNET_PARALLEL_H
#define REFNET_PARALLEL_H

#define RN_THREADS_MAX 4

/* The threads refnet may use: REFNET_THREADS when it is set to
 * 1..RN_THREADS_MAX, else the processors online, at most RN_THREADS_MAX. */
int rn_threads(void);

struct rn_task {
	void *(*fn)(void *);
	void *arg;
};

/*
 * Run task[0..n) and return when all are done, in up to rn_threads()
 * threads (the calling thread is one of them): each thread takes the next
 * task not yet taken, in index order, until none is left, so put the
 * longest tasks first.  When a thread cannot be started its tasks run in
 * the others.
 */
void rn_run_tasks(const struct rn_task *task, int n);

#endif

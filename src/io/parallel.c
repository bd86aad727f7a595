/*
 * Threads for the few loops worth splitting.  See include/refnet/parallel.h.
 */
#include "refnet/parallel.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

int rn_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	const char *env = getenv("REFNET_THREADS");
	if (env && *env) {
		char *end;
		long cap = strtol(env, &end, 10);
		if (!*end && cap >= 1 && cap <= RN_THREADS_MAX)
			return (int) cap;
	}
	return n < 1 ? 1 : n > RN_THREADS_MAX ? RN_THREADS_MAX : (int) n;
}

struct pool {
	const struct rn_task *task;
	int n;
	atomic_int next;
};

static void *work(void *vp)
{
	struct pool *p = vp;
	for (int i; (i = atomic_fetch_add(&p->next, 1)) < p->n;)
		p->task[i].fn(p->task[i].arg);
	return NULL;
}

void rn_run_tasks(const struct rn_task *task, int n)
{
	pthread_t thread[RN_THREADS_MAX];
	int started[RN_THREADS_MAX] = { 0 };
	struct pool pool = { task, n, 0 };
	int threads = n > 1 ? rn_threads() : 1;
	if (threads > n)
		threads = n;
	for (int t = 1; t < threads; t++)
		started[t] = pthread_create(&thread[t], NULL, work, &pool) == 0;
	work(&pool);
	for (int t = 1; t < threads; t++)
		if (started[t])
			pthread_join(thread[t], NULL);
}

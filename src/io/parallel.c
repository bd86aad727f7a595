/*
 * Threads for the few loops worth splitting.  See include/refnet/parallel.h.
 */
#include "refnet/parallel.h"

#include <pthread.h>
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

void rn_run_tasks(const struct rn_task *task, int n)
{
	pthread_t thread[RN_THREADS_MAX];
	int started[RN_THREADS_MAX] = { 0 };
	int threads = n > 1 ? rn_threads() : 1;
	for (int t = 1; t < n && t < threads; t++)
		started[t] = pthread_create(&thread[t], NULL, task[t].fn, task[t].arg) == 0;
	task[0].fn(task[0].arg);
	for (int t = 1; t < n; t++)
		if (t >= threads || !started[t])
			task[t].fn(task[t].arg);
	for (int t = 1; t < n && t < threads; t++)
		if (started[t])
			pthread_join(thread[t], NULL);
}

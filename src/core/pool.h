/* pool.h — a fixed pool of worker threads running jobs from one locked FIFO.
 * Everything that may block (database, hashing, files) runs here, never on the
 * event loop. Each worker keeps its own state (e.g. its own database
 * connection), made by init_cb on that worker's thread.
 * Threads: pool_submit from any thread; pool_new/pool_stop/pool_free from the
 * thread that owns the pool. */
#ifndef TELEMED_POOL_H
#define TELEMED_POOL_H
#include <stdbool.h>

struct pool;

/* Runs on a worker; owns job. */
typedef void (*pool_job_fn)(void *worker_state, void *job);

struct pool_config {
	int workers;
	/* Called once on each worker thread before its first job; its result
	 * is passed to every job on that worker. NULL result = worker quits. */
	void *(*init_cb)(void *arg, int index);
	void (*cleanup_cb)(void *worker_state);
	void *arg;
};

/* Starts the threads. Returns NULL if a thread could not start. */
struct pool *pool_new(const struct pool_config *cfg);
/* Queues a job; false (job not taken) once the pool is stopping. */
bool pool_submit(struct pool *p, pool_job_fn fn, void *job);
/* Queues n jobs of one kind under one lock and wakes as many sleeping
 * workers as there are jobs; false (none taken) once the pool is stopping. */
bool pool_submit_batch(struct pool *p, pool_job_fn fn, void **jobs, int n);
/* Refuses new jobs, lets workers finish every queued job, joins them. */
void pool_stop(struct pool *p);
void pool_free(struct pool *p); /* stops first if needed; NULL is a no-op */
/* Jobs queued or running. */
int pool_busy(struct pool *p);

#endif

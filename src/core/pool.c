/* pool.c — worker threads and their job queue (see pool.h). The queue is a
 * singly linked FIFO guarded by pool.lock; workers sleep on pool.wake. */
#include "pool.h"
#include "log.h"
#include "mem.h"

#include <pthread.h>
#include <stdlib.h>

struct job {
	struct job *next;
	pool_job_fn fn;
	void *arg;
};

struct pool {
	struct pool_config cfg;
	pthread_t *threads;
	int nthreads;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	struct job *head, *tail; /* guarded by lock */
	int busy;                /* queued + running; guarded by lock */
	int idle;                /* workers asleep on wake; guarded by lock */
	bool stopping;           /* guarded by lock */
	bool joined;
};

struct worker_start {
	struct pool *pool;
	int index;
};

/* Takes the next job; `finished` counts the caller's previous job as done
 * under the same lock, so a busy worker takes the lock once per job. */
static struct job *next_job(struct pool *p, bool finished)
{
	pthread_mutex_lock(&p->lock);
	if (finished)
		p->busy--;
	while (!p->head && !p->stopping) {
		p->idle++;
		pthread_cond_wait(&p->wake, &p->lock);
		p->idle--;
	}
	struct job *j = p->head;
	if (j) {
		p->head = j->next;
		if (!p->head)
			p->tail = NULL;
	}
	bool more = p->head && p->idle > 0;
	pthread_mutex_unlock(&p->lock);
	if (more) /* work is waiting: bring in one more worker */
		pthread_cond_signal(&p->wake);
	return j;
}

static void *worker_main(void *arg)
{
	struct worker_start *ws = arg;
	struct pool *p = ws->pool;
	void *state = p->cfg.init_cb ? p->cfg.init_cb(p->cfg.arg, ws->index) : NULL;
	free(ws);
	if (p->cfg.init_cb && !state) {
		log_error("worker_init_failed", "%s", "");
		return NULL;
	}
	struct job *j;
	bool finished = false;
	while ((j = next_job(p, finished))) {
		j->fn(state, j->arg);
		free(j);
		finished = true;
	}
	if (p->cfg.cleanup_cb)
		p->cfg.cleanup_cb(state);
	return NULL;
}

struct pool *pool_new(const struct pool_config *cfg)
{
	struct pool *p = mem_calloc(1, sizeof(*p));
	p->cfg = *cfg;
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->wake, NULL);
	p->threads = mem_calloc((size_t)cfg->workers, sizeof(pthread_t));
	for (int i = 0; i < cfg->workers; i++) {
		struct worker_start *ws = mem_alloc(sizeof(*ws));
		ws->pool = p;
		ws->index = i;
		if (pthread_create(&p->threads[i], NULL, worker_main, ws)) {
			free(ws);
			pool_free(p);
			return NULL;
		}
		p->nthreads++;
	}
	return p;
}

bool pool_submit(struct pool *p, pool_job_fn fn, void *arg)
{
	struct job *j = mem_alloc(sizeof(*j));
	j->next = NULL;
	j->fn = fn;
	j->arg = arg;
	pthread_mutex_lock(&p->lock);
	if (p->stopping) {
		pthread_mutex_unlock(&p->lock);
		free(j);
		return false;
	}
	if (p->tail)
		p->tail->next = j;
	else
		p->head = j;
	p->tail = j;
	p->busy++;
	bool wake = p->idle > 0; /* busy workers come back for it anyway */
	pthread_mutex_unlock(&p->lock);
	if (wake)
		pthread_cond_signal(&p->wake);
	return true;
}

bool pool_submit_batch(struct pool *p, pool_job_fn fn, void **jobs, int n)
{
	struct job *first = NULL, **link = &first, *last = NULL;
	for (int i = 0; i < n; i++) {
		struct job *j = mem_alloc(sizeof(*j));
		j->next = NULL;
		j->fn = fn;
		j->arg = jobs[i];
		*link = last = j;
		link = &j->next;
	}
	pthread_mutex_lock(&p->lock);
	if (p->stopping) {
		pthread_mutex_unlock(&p->lock);
		while (first) {
			struct job *j = first;
			first = j->next;
			free(j);
		}
		return false;
	}
	if (p->tail)
		p->tail->next = first;
	else
		p->head = first;
	if (last)
		p->tail = last;
	p->busy += n;
	int wake = p->idle > 0 ? 1 : 0;
	pthread_mutex_unlock(&p->lock);
	for (int i = 0; i < wake; i++)
		pthread_cond_signal(&p->wake);
	return true;
}

void pool_stop(struct pool *p)
{
	if (p->joined)
		return;
	pthread_mutex_lock(&p->lock);
	p->stopping = true;
	pthread_cond_broadcast(&p->wake);
	pthread_mutex_unlock(&p->lock);
	for (int i = 0; i < p->nthreads; i++)
		pthread_join(p->threads[i], NULL);
	p->joined = true;
}

void pool_free(struct pool *p)
{
	if (!p)
		return;
	pool_stop(p);
	/* jobs left only if every worker failed to start: drop them */
	while (p->head) {
		struct job *j = p->head;
		p->head = j->next;
		free(j);
	}
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->wake);
	free(p->threads);
	free(p);
}

int pool_busy(struct pool *p)
{
	pthread_mutex_lock(&p->lock);
	int n = p->busy;
	pthread_mutex_unlock(&p->lock);
	return n;
}

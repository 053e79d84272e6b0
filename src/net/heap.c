/* heap.c — after a burst of new connections, once the loop has had a
 * second without one, malloc_trim(0) hands the free pages inside the heap
 * back to the system.
 *
 * Why: each TLS handshake uses ~50 kB for a moment (OpenSSL's record
 * buffers and the handshake's own state) and keeps ~14 kB for as long as
 * the connection lives. glibc reuses what a handshake frees, but it can
 * give back only the top of the heap, and the connections that live on sit
 * between the holes: after 1,000 WebSockets opened 200 at a time the heap
 * held ~2.6 kB per connection free and resident (docs/benchmarks.md,
 * signalling). malloc_trim(0) returns every whole free page (MADV_DONTNEED)
 * of every arena, the workers' too; the pages come back on use.
 *
 * Cost: it walks the free chunks with each arena locked in turn: ~1 ms
 * with 10,000 connections open, and it runs only after at least
 * TRIM_AFTER new connections and a second without any (or after
 * TRIM_ANYWAY of them, so a steady stream of connections is trimmed too,
 * at most once a second). */
#include "heap.h"

#include "../core/log.h"

#include <stdlib.h>
#include <time.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#define TRIM_AFTER 64
#define TRIM_ANYWAY 4096

struct heap_trim {
	ev_timer timer;
	struct ev_loop *loop;
	unsigned accepted, at_tick, at_trim;
};

static double mono_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static void on_tick(struct ev_loop *loop, ev_timer *w, int revents)
{
	(void)loop;
	(void)revents;
	struct heap_trim *t = w->data;
	unsigned fresh = t->accepted - t->at_tick, since = t->accepted - t->at_trim;
	t->at_tick = t->accepted;
	if (since < TRIM_AFTER || (fresh && since < TRIM_ANYWAY))
		return;
	t->at_trim = t->accepted;
#ifdef __GLIBC__
	double t0 = mono_ms();
	int gave = malloc_trim(0);
	log_debug("heap_trimmed", "connections=%u released=%d ms=%.2f", since, gave, mono_ms() - t0);
#else
	(void)mono_ms;
#endif
}

struct heap_trim *heap_trim_start(struct ev_loop *loop)
{
	struct heap_trim *t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->loop = loop;
	ev_timer_init(&t->timer, on_tick, 1.0, 1.0);
	t->timer.data = t;
	ev_timer_start(loop, &t->timer);
	return t;
}

void heap_trim_accepted(struct heap_trim *t)
{
	if (t)
		t->accepted++;
}

void heap_trim_stop(struct heap_trim *t)
{
	if (!t)
		return;
	ev_timer_stop(t->loop, &t->timer);
	free(t);
}

/* heap.h — private to src/net: gives the heap back to the system after a
 * burst of new connections (see heap.c). Loop thread only. */
#ifndef TELEMED_NET_HEAP_H
#define TELEMED_NET_HEAP_H
#include <ev.h>

struct heap_trim;

/* Starts the check on loop (once a second); NULL when out of memory. */
struct heap_trim *heap_trim_start(struct ev_loop *loop);
/* A connection was accepted. */
void heap_trim_accepted(struct heap_trim *t);
/* Stops the check and frees t (NULL is fine). */
void heap_trim_stop(struct heap_trim *t);

#endif

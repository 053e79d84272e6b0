/* worker.h — private to src/net: what each worker thread keeps for itself
 * (its own database connection), made on that thread by worker_init_cb. */
#ifndef TELEMED_WORKER_H
#define TELEMED_WORKER_H

struct db;
struct config;

struct worker {
	struct db *db;
	int index;
};

/* pool init_cb: arg is the const struct config *. NULL when the store
 * cannot be opened. */
void *worker_init_cb(void *arg, int index);
void worker_cleanup_cb(void *state);

#endif

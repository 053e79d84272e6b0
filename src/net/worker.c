/* worker.c — per-worker state: each worker thread opens its own store
 * connection on start and closes it when the pool stops. Worker threads. */
#include "worker.h"
#include "../core/config.h"
#include "../core/log.h"
#include "../core/mem.h"
#include "../db/db.h"

#include <stdlib.h>

void *worker_init_cb(void *arg, int index)
{
	const struct config *cfg = arg;
	char err[256];
	struct db *db = db_open(cfg->db, err, sizeof(err));
	if (!db) {
		log_error("worker_db_open_failed", "worker=%d msg=\"%s\"", index, err);
		return NULL;
	}
	struct worker *w = mem_calloc(1, sizeof(*w));
	w->db = db;
	w->index = index;
	return w;
}

void worker_cleanup_cb(void *state)
{
	struct worker *w = state;
	if (!w)
		return;
	db_close(w->db);
	free(w);
}

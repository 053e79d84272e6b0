/* fixture.h — a fresh, migrated SQLite store in a temporary directory for
 * one test, removed afterwards. Header-only, for the unit tests. */
#ifndef TELEMED_TEST_FIXTURE_H
#define TELEMED_TEST_FIXTURE_H
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>

#include "db/db.h"

struct fixture {
	char dir[64];
	char path[128];
	struct db *db;
};

static inline int fixture_setup(void **state)
{
	if (sodium_init() < 0)
		return -1;
	struct fixture *f = calloc(1, sizeof(*f));
	snprintf(f->dir, sizeof(f->dir), "/tmp/telemed-unit-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->path, sizeof(f->path), "%s/telemed.db", f->dir);
	char err[256];
	f->db = db_open(f->path, err, sizeof(err));
	if (!f->db || db_migrate(f->db, NULL) != DB_OK)
		return -1;
	*state = f;
	return 0;
}

static inline int fixture_teardown(void **state)
{
	struct fixture *f = *state;
	db_close(f->db);
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	int rc = system(cmd);
	free(f);
	return rc;
}

#endif

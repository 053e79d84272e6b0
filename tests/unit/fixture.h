/* fixture.h — a fresh, migrated SQLite store in a temporary directory for
 * one test, removed afterwards, and a doctor, a patient and appointments to
 * put in it. Header-only, for the unit tests. */
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

/* The two helpers below need cmocka.h included before this header. */
/* A doctor (d0000000-…-0001, "Dr Who") and a patient (c0000000-…-0001). */
static inline void fixture_seed_people(struct db *db)
{
	assert_int_equal(db_exec(db,
		"INSERT INTO users (id, username, username_key, full_name, email, role, status,"
		" password_hash, created_at, updated_at) VALUES"
		" ('d0000000-0000-4000-8000-000000000001', 'doc', 'doc', 'Dr Who', 'd@x', 'doctor', 'active', 'x', 0, 0),"
		" ('c0000000-0000-4000-8000-000000000001', 'pat', 'pat', 'Pat Doe', 'p@x', 'patient', 'active', 'x', 0, 0)"), DB_OK);
}

/* A booked 30-minute appointment between them starting at start, booked
 * at booked_at. */
static inline void fixture_appointment(struct db *db, const char *id, int64_t start, int64_t booked_at)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO appointments (id, doctor_id, patient_id, start_at, end_at, status, mode,"
		" reason, created_at, updated_at) VALUES (?, 'd0000000-0000-4000-8000-000000000001',"
		" 'c0000000-0000-4000-8000-000000000001', ?, ?, 'booked', 'video', 'a private reason', ?, ?)");
	db_bind_text(st, 1, id);
	db_bind_int64(st, 2, start);
	db_bind_int64(st, 3, start + 30 * 60000LL);
	db_bind_int64(st, 4, booked_at);
	db_bind_int64(st, 5, booked_at);
	assert_int_equal(db_step(st), DB_DONE);
	db_finalize(st);
}

#endif

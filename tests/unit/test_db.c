/* test_db.c — the store interface on its SQLite driver (src/db/), against real
 * files in a temporary directory: settings, migrations, values, constraints,
 * transactions, the statement cache, leftovers, and several connections. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "core/instant.h"
#include "db/db_int.h"
#include "fixture.h"

/* A directory with a store path in it but no store yet (the fixture's own
 * store stays unused). */
static void fresh_path(struct fixture *f, char *out, size_t n)
{
	snprintf(out, n, "%s/fresh.db", f->dir);
}

static int64_t count(struct db *db, const char *sql)
{
	struct db_stmt *s = db_prepare(db, sql);
	assert_non_null(s);
	assert_int_equal(db_step(s), DB_ROW);
	int64_t n = db_column_int64(s, 0);
	db_finalize(s);
	return n;
}

/* For threads, where cmocka assertions must not run: -1 on any failure. */
static int64_t count_quietly(struct db *db, const char *sql)
{
	struct db_stmt *s = db_prepare(db, sql);
	int64_t n = s && db_step(s) == DB_ROW ? db_column_int64(s, 0) : -1;
	db_finalize(s);
	return n;
}

static void mode_is_private(const char *path)
{
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
}

static void opens_private_wal_store_and_migrates_once(void **state)
{
	struct fixture *f = *state;
	char side[160];
	mode_is_private(f->path);
	snprintf(side, sizeof(side), "%s-wal", f->path);
	mode_is_private(side);
	snprintf(side, sizeof(side), "%s-shm", f->path);
	mode_is_private(side);
	assert_int_equal(db_schema_version(f->db), db_latest_version());
	int applied = -1;
	assert_int_equal(db_migrate(f->db, &applied), DB_OK);
	assert_int_equal(applied, 0);
	assert_int_equal(db_schema_version(f->db), db_latest_version());
	struct db_stmt *s = db_prepare(f->db, "PRAGMA journal_mode");
	assert_int_equal(db_step(s), DB_ROW);
	assert_string_equal(db_column_text(s, 0), "wal");
	db_finalize(s);
	assert_int_equal(count(f->db, "PRAGMA foreign_keys"), 1);
	assert_int_equal(count(f->db, "PRAGMA busy_timeout"), 5000);
	assert_int_equal(count(f->db, "PRAGMA synchronous"), 1); /* NORMAL */
	assert_int_equal(count(f->db, "PRAGMA secure_delete"), 1);
	assert_string_equal(db_driver_name(f->db), "sqlite");
}

static void fresh_store_starts_at_zero_and_migrates_to_latest(void **state)
{
	struct fixture *f = *state;
	char path[160], err[128] = "";
	fresh_path(f, path, sizeof(path));
	struct db *db = db_open(path, err, sizeof(err));
	assert_non_null(db);
	mode_is_private(path);
	assert_int_equal(db_schema_version(db), 0);
	int applied = -1;
	assert_int_equal(db_migrate(db, &applied), DB_OK);
	assert_int_equal(applied, db__nmigrations);
	assert_int_equal(db_schema_version(db), db_latest_version());
	/* one row per step, in the order of the list (numbers may skip one
	 * taken by a branch not merged yet), each named and dated */
	struct db_stmt *s = db_prepare(db,
		"SELECT version, name, applied_at FROM schema_version ORDER BY version");
	for (int i = 0; i < db__nmigrations; i++) {
		assert_int_equal(db_step(s), DB_ROW);
		assert_int_equal(db_column_int64(s, 0), db__migrations[i].version);
		assert_true(i == 0 || db__migrations[i].version > db__migrations[i - 1].version);
		assert_true(strlen(db_column_text(s, 1)) > 0);
		assert_true(db_column_int64(s, 2) > 1700000000000LL);
	}
	assert_int_equal(db_step(s), DB_DONE);
	db_finalize(s);
	assert_string_equal(db__migrations[0].name, "accounts");
	assert_int_equal(db_migrate(db, &applied), DB_OK);
	assert_int_equal(applied, 0);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM schema_version"), db__nmigrations);
	db_close(db);
	/* "sqlite:" names the same store */
	char loc[180];
	snprintf(loc, sizeof(loc), "sqlite:%s", path);
	db = db_open(loc, err, sizeof(err));
	assert_non_null(db);
	assert_int_equal(db_schema_version(db), db_latest_version());
	db_close(db);
}

static void the_steps_are_numbered_in_order(void **state)
{
	(void)state;
	assert_true(db__nmigrations >= 1);
	assert_int_equal(db__migrations[0].version, 1);
	for (int i = 0; i < db__nmigrations; i++) {
		assert_int_equal(db__migrations[i].version, i + 1); /* no gaps */
		assert_non_null(db__migrations[i].name);
		assert_non_null(db__migrations[i].sql);
	}
	assert_int_equal(db_latest_version(), db__migrations[db__nmigrations - 1].version);
}

struct racer {
	const char *path;
	pthread_barrier_t *start;
	enum db_rc rc;
	int applied;
};

static void *migrate_racer(void *arg)
{
	struct racer *r = arg;
	char err[128];
	pthread_barrier_wait(r->start);
	struct db *db = db_open(r->path, err, sizeof(err));
	r->rc = db ? db_migrate(db, &r->applied) : DB_ERROR;
	db_close(db);
	return NULL;
}

/* Two processes (here: threads with their own connections) opening and
 * migrating the same new store at once: both succeed, each step runs once. */
static void two_migrators_on_a_fresh_store_both_succeed(void **state)
{
	struct fixture *f = *state;
	for (int round = 0; round < 40; round++) {
		char path[160];
		snprintf(path, sizeof(path), "%s/race%d.db", f->dir, round);
		pthread_barrier_t start;
		pthread_barrier_init(&start, NULL, 2);
		struct racer r[2] = {{path, &start, DB_ERROR, -1}, {path, &start, DB_ERROR, -1}};
		pthread_t t[2];
		for (int i = 0; i < 2; i++)
			pthread_create(&t[i], NULL, migrate_racer, &r[i]);
		for (int i = 0; i < 2; i++)
			pthread_join(t[i], NULL);
		pthread_barrier_destroy(&start);
		assert_int_equal(r[0].rc, DB_OK);
		assert_int_equal(r[1].rc, DB_OK);
		assert_int_equal(r[0].applied + r[1].applied, db__nmigrations);
	}
}

static enum db_rc insert_user(struct db *db, const char *id, const char *key,
			      const char *role, const char *verified_by)
{
	struct db_stmt *s = db_prepare(db,
		"INSERT INTO users (id, username, username_key, full_name, email, role, status,"
		" password_hash, created_at, updated_at, verified_by)"
		" VALUES (?, ?, ?, 'A Name', 'a@example.org', ?, 'active', 'h', 1, 1, ?)");
	assert_non_null(s);
	db_bind_text(s, 1, id);
	db_bind_text(s, 2, key);
	db_bind_text(s, 3, key);
	db_bind_text(s, 4, role);
	db_bind_text(s, 5, verified_by);
	enum db_rc rc = db_step(s);
	db_finalize(s);
	return rc;
}

static enum db_rc insert_session(struct db *db, const char *id, const char *user)
{
	struct db_stmt *s = db_prepare(db,
		"INSERT INTO sessions (id, user_id, token_hash, created_at, last_seen_at,"
		" expires_at) VALUES (?, ?, ?, 1, 1, 2)");
	assert_non_null(s);
	db_bind_text(s, 1, id);
	db_bind_text(s, 2, user);
	db_bind_text(s, 3, id);
	enum db_rc rc = db_step(s);
	db_finalize(s);
	return rc;
}

/* Migration 1 guards its rows itself: CHECK, UNIQUE, foreign keys (which
 * also shows PRAGMA foreign_keys took) and the session cascade. */
static void accounts_schema_guards_its_rows(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(insert_user(f->db, "u1", "ana", "doctor", NULL), DB_DONE);
	assert_int_equal(insert_user(f->db, "u2", "bob", "root", NULL), DB_CONSTRAINT);
	assert_int_equal(insert_user(f->db, "u3", "ana", "patient", NULL), DB_CONSTRAINT);
	assert_int_equal(insert_user(f->db, "u4", "cid", "patient", "nobody"), DB_CONSTRAINT);
	assert_int_equal(insert_user(f->db, "u5", "dee", "patient", "u1"), DB_DONE);
	assert_int_equal(insert_session(f->db, "s1", "u5"), DB_DONE);
	assert_int_equal(insert_session(f->db, "s2", "nobody"), DB_CONSTRAINT);
	assert_int_equal(count(f->db, "SELECT COUNT(*) FROM sessions"
				      " WHERE user_agent = '' AND ip = '' AND revoked_at IS NULL"), 1);
	assert_int_equal(db_exec(f->db, "DELETE FROM users WHERE id = 'u5'"), DB_OK);
	assert_int_equal(count(f->db, "SELECT COUNT(*) FROM sessions"), 0);
	assert_int_equal(db_exec(f->db,
		"INSERT INTO audit_events (seq, id, at, action, prev_hash, hash)"
		" VALUES (3000000000, 'e1', 1, 'x', '', 'h')"), DB_OK);
	assert_int_equal(db_exec(f->db,
		"INSERT INTO audit_events (seq, id, at, action, prev_hash, hash)"
		" VALUES (3000000000, 'e2', 1, 'x', '', 'h')"), DB_CONSTRAINT);
	assert_int_equal(count(f->db, "SELECT seq FROM audit_events WHERE detail = '{}'"),
			 3000000000LL);
}

static void round_trips_values(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(db_exec(f->db, "CREATE TABLE t (a TEXT, b BIGINT, c BLOB, d TEXT, e BIGINT)"), DB_OK);
	const int64_t ints[] = {5000000000LL, INT64_MAX, INT64_MIN, -1, 0, 2147483648LL};
	const unsigned char blob[] = {0, 1, 2, 0, 255};
	struct db_stmt *s = db_prepare(f->db, "INSERT INTO t VALUES (?, ?, ?, ?, ?)");
	for (size_t i = 0; i < sizeof(ints) / sizeof(ints[0]); i++) {
		assert_int_equal(db_bind_text(s, 1, i ? "" : "héllo"), 0);
		assert_int_equal(db_bind_int64(s, 2, ints[i]), 0);
		assert_int_equal(db_bind_blob(s, 3, blob, i ? sizeof(blob) : 0), 0);
		assert_int_equal(db_bind_text(s, 4, NULL), 0);
		assert_int_equal(db_bind_null(s, 5), 0);
		assert_int_equal(db_step(s), DB_DONE);
		assert_int_equal(db_changes(f->db), 1);
		db_finalize(s);
		s = db_prepare(f->db, "INSERT INTO t VALUES (?, ?, ?, ?, ?)");
	}
	assert_int_not_equal(db_bind_int64(s, 6, 1), 0); /* no such parameter */
	db_finalize(s);
	s = db_prepare(f->db, "SELECT a, b, c, d, e FROM t ORDER BY rowid");
	for (size_t i = 0; i < sizeof(ints) / sizeof(ints[0]); i++) {
		assert_int_equal(db_step(s), DB_ROW);
		assert_string_equal(db_column_text(s, 0), i ? "" : "héllo");
		assert_false(db_column_is_null(s, 0));
		assert_true(db_column_int64(s, 1) == ints[i]);
		size_t n = 99;
		const unsigned char *got = db_column_blob(s, 2, &n);
		assert_int_equal(n, i ? sizeof(blob) : 0);
		if (n)
			assert_memory_equal(got, blob, n);
		assert_false(db_column_is_null(s, 2));
		assert_true(db_column_is_null(s, 3));
		assert_null(db_column_text(s, 3));
		assert_true(db_column_is_null(s, 4));
	}
	assert_int_equal(db_step(s), DB_DONE);
	db_finalize(s);
	assert_int_equal(db_exec(f->db, "UPDATE t SET e = 1"), DB_OK);
	assert_int_equal(db_changes(f->db), 6);
}

static void constraints_and_rollback(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(db_exec(f->db, "CREATE TABLE u (k TEXT UNIQUE, n BIGINT CHECK (n > 0))"), DB_OK);
	assert_int_equal(db_exec(f->db, "INSERT INTO u VALUES ('x', 1)"), DB_OK);
	struct db_stmt *s = db_prepare(f->db, "INSERT INTO u VALUES (?, ?)");
	db_bind_text(s, 1, "x");
	db_bind_int64(s, 2, 1);
	assert_int_equal(db_step(s), DB_CONSTRAINT);
	db_finalize(s);
	s = db_prepare(f->db, "INSERT INTO u VALUES (?, ?)");
	db_bind_text(s, 1, "z");
	db_bind_int64(s, 2, -5);
	assert_int_equal(db_step(s), DB_CONSTRAINT);
	db_finalize(s);
	assert_int_equal(db_begin(f->db), DB_OK);
	assert_int_equal(db_exec(f->db, "INSERT INTO u VALUES ('y', 2)"), DB_OK);
	s = db_prepare(f->db, "INSERT INTO u VALUES (?, 3)");
	db_bind_text(s, 1, "w");
	assert_int_equal(db_step(s), DB_DONE);
	db_finalize(s);
	assert_int_equal(count(f->db, "SELECT COUNT(*) FROM u"), 3);
	assert_int_equal(db_rollback(f->db), DB_OK);
	assert_int_equal(count(f->db, "SELECT COUNT(*) FROM u"), 1);
	/* and a committed one stays */
	assert_int_equal(db_begin(f->db), DB_OK);
	assert_int_equal(db_exec(f->db, "INSERT INTO u VALUES ('y', 2)"), DB_OK);
	assert_int_equal(db_commit(f->db), DB_OK);
	assert_int_equal(count(f->db, "SELECT COUNT(*) FROM u"), 2);
	assert_int_not_equal(db_exec(f->db, "INSERT INTO nowhere VALUES (1)"), DB_OK);
}

static void cached_statements_are_reused_cleanly(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(db_exec(f->db, "CREATE TABLE n (v BIGINT, w TEXT)"), DB_OK);
	int64_t before = db__sqlite_prepares(f->db);
	for (int i = 0; i < 1000; i++) {
		struct db_stmt *s = db_prepare(f->db, "INSERT INTO n VALUES (?, ?)");
		assert_non_null(s);
		db_bind_int64(s, 1, i);
		if (i % 2) /* the other half must not inherit the last binding */
			db_bind_text(s, 2, "odd");
		assert_int_equal(db_step(s), DB_DONE);
		db_finalize(s);
	}
	assert_int_equal(db__sqlite_prepares(f->db) - before, 1);
	assert_int_equal(count(f->db, "SELECT SUM(v) FROM n"), 999 * 1000 / 2);
	assert_int_equal(count(f->db, "SELECT COUNT(*) FROM n WHERE w IS NULL"), 500);
	assert_null(db_prepare(f->db, "SELEKT nonsense"));
	assert_null(db_prepare(f->db, ""));
}

/* The cache is keyed by the caller's text: SQL ending in "; " is found again,
 * and a second statement in one prepare is refused rather than dropped. */
static void cache_keys_on_the_callers_text(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(db_exec(f->db, "CREATE TABLE k (v BIGINT)"), DB_OK);
	int64_t before = db__sqlite_prepares(f->db);
	for (int i = 0; i < 200; i++) {
		struct db_stmt *s = db_prepare(f->db, "INSERT INTO k VALUES (?);\n ");
		assert_non_null(s);
		db_bind_int64(s, 1, i);
		assert_int_equal(db_step(s), DB_DONE);
		db_finalize(s);
	}
	assert_int_equal(db__sqlite_prepares(f->db) - before, 1);
	assert_null(db_prepare(f->db, "DELETE FROM k; DELETE FROM users"));
	assert_int_equal(count(f->db, "SELECT COUNT(*) FROM k"), 200);
}

/* A full cache makes room by dropping the statement used longest ago, so
 * SQL first seen late (or kept busy) is still cached. */
static void a_full_cache_keeps_the_busy_statements(void **state)
{
	struct fixture *f = *state;
	char sql[64];
	int64_t before = db__sqlite_prepares(f->db);
	for (int i = 0; i < 300; i++) {
		snprintf(sql, sizeof(sql), "SELECT %d", i);
		assert_int_equal(count(f->db, sql), i);
		assert_int_equal(count(f->db, "SELECT COUNT(*) FROM users"), 0);
	}
	assert_int_equal(db__sqlite_prepares(f->db) - before, 301);
	before = db__sqlite_prepares(f->db);
	assert_int_equal(count(f->db, "SELECT 299"), 299);
	assert_int_equal(count(f->db, "SELECT 298"), 298);
	assert_int_equal(db__sqlite_prepares(f->db) - before, 0);
}

/* The same SQL prepared again while the first is mid-step gets its own
 * statement; a statement finalized mid-step starts over next time. */
static void the_same_sql_twice_at_once(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(db_exec(f->db, "CREATE TABLE p (v BIGINT);"
					"INSERT INTO p VALUES (1), (2), (3)"), DB_OK);
	const char *sql = "SELECT v FROM p WHERE v >= ? ORDER BY v";
	struct db_stmt *outer = db_prepare(f->db, sql);
	db_bind_int64(outer, 1, 1);
	int64_t sum = 0;
	while (db_step(outer) == DB_ROW) {
		struct db_stmt *inner = db_prepare(f->db, sql);
		assert_ptr_not_equal(inner, outer);
		db_bind_int64(inner, 1, db_column_int64(outer, 0));
		while (db_step(inner) == DB_ROW)
			sum += db_column_int64(inner, 0);
		db_finalize(inner);
	}
	db_finalize(outer);
	assert_int_equal(sum, (1 + 2 + 3) + (2 + 3) + 3);
	for (int i = 0; i < 3; i++) {
		struct db_stmt *s = db_prepare(f->db, sql);
		db_bind_int64(s, 1, 0);
		assert_int_equal(db_step(s), DB_ROW);
		assert_int_equal(db_column_int64(s, 0), 1);
		db_finalize(s); /* mid-step */
	}
}

/* A statement left mid-step keeps its connection on an old snapshot;
 * db_release resets it (and rolls back a forgotten transaction). */
static void release_resets_what_a_job_left_open(void **state)
{
	struct fixture *f = *state;
	char err[128];
	assert_int_equal(db_exec(f->db, "CREATE TABLE r (v BIGINT);"
					"INSERT INTO r VALUES (1), (2)"), DB_OK);
	struct db *other = db_open(f->path, err, sizeof(err));
	assert_non_null(other);
	assert_int_equal(db_release(f->db), 0);
	struct db_stmt *left = db_prepare(f->db, "SELECT v FROM r");
	assert_int_equal(db_step(left), DB_ROW);
	assert_int_equal(db_exec(other, "INSERT INTO r VALUES (3)"), DB_OK);
	assert_int_equal(count(f->db, "SELECT COUNT(*) FROM r"), 2); /* stale */
	assert_int_equal(db_release(f->db), 1);
	assert_int_equal(count(f->db, "SELECT COUNT(*) FROM r"), 3);
	db_finalize(left);
	assert_int_equal(db_begin(f->db), DB_OK);
	assert_int_equal(db_exec(f->db, "INSERT INTO r VALUES (4)"), DB_OK);
	assert_int_equal(db_release(f->db), 1);
	assert_int_equal(count(other, "SELECT COUNT(*) FROM r"), 3);
	assert_int_equal(db_begin(other), DB_OK); /* the write lock was let go */
	assert_int_equal(db_commit(other), DB_OK);
	db_close(other);
}

static void *writer(void *arg)
{
	struct fixture *f = arg;
	char err[128];
	struct db *db = db_open(f->path, err, sizeof(err));
	long ok = 0;
	for (int i = 0; db && i < 50; i++) {
		if (db_begin(db) != DB_OK)
			continue;
		int64_t n = count_quietly(db, "SELECT COUNT(*) FROM w");
		struct db_stmt *s = n < 0 ? NULL : db_prepare(db, "INSERT INTO w VALUES (?)");
		enum db_rc rc = DB_ERROR;
		if (s && db_bind_int64(s, 1, n + 1) == 0)
			rc = db_step(s);
		db_finalize(s);
		if (rc == DB_DONE && db_commit(db) == DB_OK)
			ok++;
		else
			db_rollback(db);
	}
	db_close(db);
	return (void *)ok;
}

static void two_connections_write_concurrently(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(db_exec(f->db, "CREATE TABLE w (v BIGINT UNIQUE)"), DB_OK);
	pthread_t a, b;
	pthread_create(&a, NULL, writer, f);
	pthread_create(&b, NULL, writer, f);
	void *ra, *rb;
	pthread_join(a, &ra);
	pthread_join(b, &rb);
	assert_int_equal((long)ra + (long)rb, 100);
	/* read-then-write inside BEGIN IMMEDIATE: no lost update, no gap */
	assert_int_equal(count(f->db, "SELECT MAX(v) FROM w"), 100);
}

struct waiter {
	const char *path;
	pthread_barrier_t ready;
	enum db_rc rc;
	int64_t waited_ms;
};

static void *late_writer(void *arg)
{
	struct waiter *w = arg;
	char err[128];
	pthread_barrier_wait(&w->ready);
	struct db *db = db_open(w->path, err, sizeof(err));
	if (!db)
		return NULL; /* w->rc stays DB_ERROR */
	int64_t t0 = instant_mono_ms();
	w->rc = db_begin(db);
	w->waited_ms = instant_mono_ms() - t0;
	if (w->rc == DB_OK)
		w->rc = db_commit(db);
	db_close(db);
	return NULL;
}

/* A writer that finds the lock taken waits (busy timeout) instead of
 * failing at once. */
static void a_second_writer_waits_for_the_first(void **state)
{
	struct fixture *f = *state;
	struct waiter w = {.path = f->path, .rc = DB_ERROR};
	pthread_barrier_init(&w.ready, NULL, 2);
	assert_int_equal(db_begin(f->db), DB_OK);
	pthread_t t;
	pthread_create(&t, NULL, late_writer, &w);
	pthread_barrier_wait(&w.ready);
	struct timespec pause = {0, 300 * 1000000L};
	nanosleep(&pause, NULL);
	assert_int_equal(db_commit(f->db), DB_OK);
	pthread_join(t, NULL);
	pthread_barrier_destroy(&w.ready);
	assert_int_equal(w.rc, DB_OK);
	assert_true(w.waited_ms >= 200);
}

struct opener {
	const char *path;
	pthread_barrier_t *start;
	bool ok;
	char err[128];
};

static void *opener(void *arg)
{
	struct opener *o = arg;
	pthread_barrier_wait(o->start);
	struct db *db = db_open(o->path, o->err, sizeof(o->err));
	if (db) {
		struct db_stmt *s = db_prepare(db, "PRAGMA journal_mode");
		o->ok = s && db_step(s) == DB_ROW && strcmp(db_column_text(s, 0), "wal") == 0;
		db_finalize(s);
		/* and write at once, as a migrating process does */
		o->ok = o->ok && db_exec(db, "CREATE TABLE IF NOT EXISTS o (v BIGINT);"
						"INSERT INTO o VALUES (1)") == DB_OK;
	}
	db_close(db);
	return NULL;
}

/* Connections switching one new store to WAL at once (workers, or a
 * `migrate` beside a starting server): SQLite answers "database is locked"
 * without waiting on its busy handler, so db_open retries. */
static void many_connections_open_a_new_store_at_once(void **state)
{
	struct fixture *f = *state;
	enum { OPENERS = 4 };
	for (int round = 0; round < 60; round++) {
		char path[160];
		snprintf(path, sizeof(path), "%s/open%d.db", f->dir, round);
		pthread_barrier_t start;
		pthread_barrier_init(&start, NULL, OPENERS);
		struct opener o[OPENERS];
		pthread_t t[OPENERS];
		for (int i = 0; i < OPENERS; i++) {
			o[i] = (struct opener){.path = path, .start = &start};
			pthread_create(&t[i], NULL, opener, &o[i]);
		}
		for (int i = 0; i < OPENERS; i++)
			pthread_join(t[i], NULL);
		pthread_barrier_destroy(&start);
		for (int i = 0; i < OPENERS; i++)
			if (!o[i].ok)
				fail_msg("round %d opener %d: %s", round, i, o[i].err);
	}
}

static void postgres_is_refused_cleanly_for_now(void **state)
{
	(void)state;
	const char *locations[] = {"postgres://x", "postgresql://u@localhost/telemed"};
	for (int i = 0; i < 2; i++) {
		char err[128] = "";
		assert_null(db_open(locations[i], err, sizeof(err)));
		assert_non_null(strstr(err, "PostgreSQL driver not built yet"));
	}
	char err[128] = "";
	assert_null(db_open("", err, sizeof(err)));
	assert_true(strlen(err) > 0);
	err[0] = '\0';
	assert_null(db_open("/nonexistent-dir/telemed.db", err, sizeof(err)));
	assert_true(strlen(err) > 0);
}

#define T(name) cmocka_unit_test_setup_teardown(name, fixture_setup, fixture_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(opens_private_wal_store_and_migrates_once),
		T(fresh_store_starts_at_zero_and_migrates_to_latest),
		cmocka_unit_test(the_steps_are_numbered_in_order),
		T(two_migrators_on_a_fresh_store_both_succeed),
		T(accounts_schema_guards_its_rows),
		T(round_trips_values),
		T(constraints_and_rollback),
		T(cached_statements_are_reused_cleanly),
		T(cache_keys_on_the_callers_text),
		T(a_full_cache_keeps_the_busy_statements),
		T(the_same_sql_twice_at_once),
		T(release_resets_what_a_job_left_open),
		T(two_connections_write_concurrently),
		T(a_second_writer_waits_for_the_first),
		T(many_connections_open_a_new_store_at_once),
		cmocka_unit_test(postgres_is_refused_cleanly_for_now),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

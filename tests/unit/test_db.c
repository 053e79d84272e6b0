/* test_db.c — the store interface on its SQLite driver (src/db/). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <pthread.h>
#include <string.h>
#include <sys/stat.h>

#include "fixture.h"

static void opens_private_wal_store_and_migrates_once(void **state)
{
	struct fixture *f = *state;
	struct stat st;
	assert_int_equal(stat(f->path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(db_schema_version(f->db), db_latest_version());
	int applied = -1;
	assert_int_equal(db_migrate(f->db, &applied), DB_OK);
	assert_int_equal(applied, 0);
	struct db_stmt *s = db_prepare(f->db, "PRAGMA journal_mode");
	assert_int_equal(db_step(s), DB_ROW);
	assert_string_equal(db_column_text(s, 0), "wal");
	db_finalize(s);
}

static void round_trips_values(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(db_exec(f->db, "CREATE TABLE t (a TEXT, b BIGINT, c BLOB, d TEXT)"), DB_OK);
	struct db_stmt *s = db_prepare(f->db, "INSERT INTO t VALUES (?, ?, ?, ?)");
	db_bind_text(s, 1, "héllo");
	db_bind_int64(s, 2, 5000000000LL);
	db_bind_blob(s, 3, "\0\1\2", 3);
	db_bind_text(s, 4, NULL);
	assert_int_equal(db_step(s), DB_DONE);
	db_finalize(s);
	s = db_prepare(f->db, "SELECT a, b, c, d FROM t");
	assert_int_equal(db_step(s), DB_ROW);
	assert_string_equal(db_column_text(s, 0), "héllo");
	assert_int_equal(db_column_int64(s, 1), 5000000000LL);
	size_t n;
	const unsigned char *blob = db_column_blob(s, 2, &n);
	assert_int_equal(n, 3);
	assert_int_equal(blob[2], 2);
	assert_true(db_column_is_null(s, 3));
	assert_null(db_column_text(s, 3));
	assert_int_equal(db_step(s), DB_DONE);
	db_finalize(s);
}

static void constraints_and_rollback(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(db_exec(f->db, "CREATE TABLE u (k TEXT UNIQUE)"), DB_OK);
	assert_int_equal(db_exec(f->db, "INSERT INTO u VALUES ('x')"), DB_OK);
	struct db_stmt *s = db_prepare(f->db, "INSERT INTO u VALUES (?)");
	db_bind_text(s, 1, "x");
	assert_int_equal(db_step(s), DB_CONSTRAINT);
	db_finalize(s);
	assert_int_equal(db_begin(f->db), DB_OK);
	assert_int_equal(db_exec(f->db, "INSERT INTO u VALUES ('y')"), DB_OK);
	assert_int_equal(db_rollback(f->db), DB_OK);
	s = db_prepare(f->db, "SELECT COUNT(*) FROM u");
	assert_int_equal(db_step(s), DB_ROW);
	assert_int_equal(db_column_int64(s, 0), 1);
	db_finalize(s);
}

static void cached_statements_are_reused_cleanly(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(db_exec(f->db, "CREATE TABLE n (v BIGINT)"), DB_OK);
	for (int i = 0; i < 1000; i++) {
		struct db_stmt *s = db_prepare(f->db, "INSERT INTO n VALUES (?)");
		assert_non_null(s);
		db_bind_int64(s, 1, i);
		assert_int_equal(db_step(s), DB_DONE);
		db_finalize(s);
	}
	struct db_stmt *s = db_prepare(f->db, "SELECT SUM(v), COUNT(*) FROM n");
	assert_int_equal(db_step(s), DB_ROW);
	assert_int_equal(db_column_int64(s, 0), 999 * 1000 / 2);
	db_finalize(s);
	assert_null(db_prepare(f->db, "SELEKT nonsense"));
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
		if (db_exec(db, "INSERT INTO w VALUES (1)") == DB_OK && db_commit(db) == DB_OK)
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
	assert_int_equal(db_exec(f->db, "CREATE TABLE w (v BIGINT)"), DB_OK);
	pthread_t a, b;
	pthread_create(&a, NULL, writer, f);
	pthread_create(&b, NULL, writer, f);
	void *ra, *rb;
	pthread_join(a, &ra);
	pthread_join(b, &rb);
	assert_int_equal((long)ra + (long)rb, 100);
}

static void postgres_is_refused_cleanly_for_now(void **state)
{
	(void)state;
	char err[128] = "";
	assert_null(db_open("postgres://localhost/x", err, sizeof(err)));
	assert_true(strlen(err) > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(opens_private_wal_store_and_migrates_once, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(round_trips_values, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(constraints_and_rollback, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(cached_statements_are_reused_cleanly, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(two_connections_write_concurrently, fixture_setup, fixture_teardown),
		cmocka_unit_test(postgres_is_refused_cleanly_for_now),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

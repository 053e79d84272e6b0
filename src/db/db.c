/* db.c — the public store interface dispatching to its driver, and the
 * migration runner (see db.h). Threads: as the connection (one at a time).
 * Ownership: a struct db belongs to whoever opened it; statements to their
 * connection (see db_sqlite.c for its cache). */
#include "db_int.h"
#include "../core/instant.h"
#include "../core/log.h"

#include <stdio.h>
#include <string.h>

struct db *db_open(const char *location, char *err, size_t errlen)
{
	if (!location || !*location) {
		snprintf(err, errlen, "no store location given");
		return NULL;
	}
	if (strncmp(location, "postgres://", 11) == 0 ||
	    strncmp(location, "postgresql://", 13) == 0) {
		snprintf(err, errlen, "PostgreSQL driver not built yet");
		return NULL;
	}
	if (strncmp(location, "sqlite:", 7) == 0)
		location += 7;
	return db__sqlite.open(location, err, errlen);
}

void db_close(struct db *db)
{
	if (db)
		db->driver->close(db);
}

struct db_stmt *db_prepare(struct db *db, const char *sql)
{
	return db->driver->prepare(db, sql);
}

void db_finalize(struct db_stmt *st)
{
	if (st)
		st->driver->finalize(st);
}

int db_bind_text(struct db_stmt *st, int idx, const char *s)
{
	return st->driver->bind_text(st, idx, s);
}

int db_bind_blob(struct db_stmt *st, int idx, const void *p, size_t n)
{
	return st->driver->bind_blob(st, idx, p, n);
}

int db_bind_int64(struct db_stmt *st, int idx, int64_t v)
{
	return st->driver->bind_int64(st, idx, v);
}

int db_bind_null(struct db_stmt *st, int idx)
{
	return st->driver->bind_null(st, idx);
}

enum db_rc db_step(struct db_stmt *st) { return st->driver->step(st); }

const char *db_column_text(struct db_stmt *st, int col)
{
	return st->driver->column_text(st, col);
}

int64_t db_column_int64(struct db_stmt *st, int col)
{
	return st->driver->column_int64(st, col);
}

const void *db_column_blob(struct db_stmt *st, int col, size_t *len)
{
	return st->driver->column_blob(st, col, len);
}

bool db_column_is_null(struct db_stmt *st, int col)
{
	return st->driver->column_is_null(st, col);
}

int64_t db_changes(struct db *db) { return db->driver->changes(db); }

int64_t db_query_int64(struct db *db, const char *sql, const char *param)
{
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return -1;
	db_bind_text(st, 1, param);
	int64_t n = db_step(st) == DB_ROW ? db_column_int64(st, 0) : -1;
	db_finalize(st);
	return n;
}

enum db_rc db_exec_text(struct db *db, const char *sql, const char *param)
{
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return DB_ERROR;
	db_bind_text(st, 1, param);
	enum db_rc rc = db_step(st);
	db_finalize(st);
	return rc;
}

enum db_rc db_exec(struct db *db, const char *sql) { return db->driver->exec(db, sql); }

enum db_rc db_begin(struct db *db) { return db->driver->begin(db); }

enum db_rc db_commit(struct db *db) { return db->driver->exec(db, "COMMIT"); }

enum db_rc db_rollback(struct db *db) { return db->driver->exec(db, "ROLLBACK"); }

const char *db_driver_name(const struct db *db) { return db->driver->name; }

enum db_rc db_forget(struct db *db) { return db->driver->forget(db); }

int db_release(struct db *db) { return db->driver->release(db); }

int db_latest_version(void)
{
	return db__migrations[db__nmigrations - 1].version;
}

int db_schema_version(struct db *db)
{
	int has = db->driver->has_table(db, "schema_version");
	if (has <= 0)
		return has; /* 0: an empty store, -1: an error */
	struct db_stmt *st = db_prepare(db, "SELECT MAX(version) FROM schema_version");
	if (!st)
		return -1;
	int v = db_step(st) == DB_ROW ? (int)db_column_int64(st, 0) : -1;
	db_finalize(st);
	return v;
}

static enum db_rc record(struct db *db, const struct db_migration *m)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)");
	if (!st)
		return DB_ERROR;
	enum db_rc rc = DB_ERROR;
	if (!db_bind_int64(st, 1, m->version) && !db_bind_text(st, 2, m->name) &&
	    !db_bind_int64(st, 3, instant_now_ms()))
		rc = db_step(st) == DB_DONE ? DB_OK : DB_ERROR;
	db_finalize(st);
	return rc;
}

/* One step in its own write transaction. The version is read again under
 * the write lock, since another process may have applied the step since
 * db_migrate looked; *ran says whether this call did. */
static enum db_rc apply(struct db *db, const struct db_migration *m, bool *ran)
{
	*ran = false;
	enum db_rc rc = db_begin(db);
	if (rc)
		return rc;
	int current = db_schema_version(db);
	rc = current < 0 ? DB_ERROR : DB_OK;
	if (rc || current >= m->version)
		goto out;
	rc = db_exec(db, m->sql);
	if (rc)
		goto out;
	rc = record(db, m);
	if (rc)
		goto out;
	*ran = true;
out:
	if (rc) {
		db_rollback(db);
		log_error("db_migration_failed", "version=%d name=%s", m->version, m->name);
		return DB_ERROR;
	}
	rc = db_commit(db);
	if (rc) {
		db_rollback(db);
		*ran = false;
	} else if (*ran) {
		log_info("db_migration_applied", "version=%d name=%s", m->version, m->name);
	}
	return rc;
}

enum db_rc db_migrate(struct db *db, int *applied)
{
	if (applied)
		*applied = 0;
	enum db_rc rc = db_exec(db, "CREATE TABLE IF NOT EXISTS schema_version ("
				    "version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
				    "applied_at BIGINT NOT NULL)");
	if (rc)
		return rc;
	int current = db_schema_version(db);
	if (current < 0)
		return DB_ERROR;
	for (int i = 0; i < db__nmigrations; i++) {
		if (db__migrations[i].version <= current)
			continue;
		bool ran = false;
		rc = apply(db, &db__migrations[i], &ran);
		if (rc)
			return rc;
		if (applied && ran)
			(*applied)++;
	}
	return DB_OK;
}

/* db_sqlite.c — the SQLite driver: WAL, foreign keys, a busy timeout, secure
 * delete, and a small per-connection cache of prepared statements (a
 * finalized statement is reset and kept for the next prepare of the same
 * SQL). Threads: one connection per thread (opened NOMUTEX). */
#include "db_int.h"
#include "../core/log.h"
#include "../core/mem.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CACHE_SIZE 64

struct lite_stmt {
	struct db_stmt base;
	struct lite_db *owner;
	sqlite3_stmt *st;
	const char *sql; /* sqlite3_sql(st), for cache lookups */
	bool in_use;
};

struct lite_db {
	struct db base;
	sqlite3 *conn;
	struct lite_stmt *cache[CACHE_SIZE];
	int ncache;
};

#define LITE_DB(d) ((struct lite_db *)(d))
#define LITE_ST(s) ((struct lite_stmt *)(s))

static void log_sqlite(struct lite_db *db, const char *what)
{
	/* the message names the failure, never the bound values */
	log_error("db_error", "driver=sqlite op=%s code=%d msg=\"%s\"", what,
		  sqlite3_extended_errcode(db->conn), sqlite3_errmsg(db->conn));
}

static enum db_rc map_rc(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK: return DB_OK;
	case SQLITE_ROW: return DB_ROW;
	case SQLITE_DONE: return DB_DONE;
	case SQLITE_CONSTRAINT: return DB_CONSTRAINT;
	case SQLITE_BUSY:
	case SQLITE_LOCKED: return DB_BUSY;
	default: return DB_ERROR;
	}
}

static void lite_close(struct db *d);

static int create_private(const char *path)
{
	int fd = open(path, O_RDWR | O_CREAT, 0600);
	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

static struct db *lite_open(const char *path, char *err, size_t errlen)
{
	if (strcmp(path, ":memory:") != 0 && create_private(path)) {
		snprintf(err, errlen, "cannot create %s", path);
		return NULL;
	}
	struct lite_db *db = mem_calloc(1, sizeof(*db));
	db->base.driver = &db__sqlite;
	int rc = sqlite3_open_v2(path, &db->conn,
				 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
					 SQLITE_OPEN_NOMUTEX,
				 NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "%s", db->conn ? sqlite3_errmsg(db->conn)
						     : "out of memory");
		lite_close(&db->base);
		return NULL;
	}
	sqlite3_busy_timeout(db->conn, 5000);
	sqlite3_extended_result_codes(db->conn, 1);
	char *msg = NULL;
	rc = sqlite3_exec(db->conn,
			  "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; "
			  "PRAGMA synchronous=NORMAL; PRAGMA secure_delete=ON;",
			  NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "%s", msg ? msg : "settings refused");
		sqlite3_free(msg);
		lite_close(&db->base);
		return NULL;
	}
	return &db->base;
}

static void lite_close(struct db *d)
{
	struct lite_db *db = LITE_DB(d);
	for (int i = 0; i < db->ncache; i++) {
		sqlite3_finalize(db->cache[i]->st);
		free(db->cache[i]);
	}
	sqlite3_close_v2(db->conn);
	free(db);
}

static struct db_stmt *lite_prepare(struct db *d, const char *sql)
{
	struct lite_db *db = LITE_DB(d);
	for (int i = 0; i < db->ncache; i++) {
		struct lite_stmt *s = db->cache[i];
		if (!s->in_use && strcmp(s->sql, sql) == 0) {
			s->in_use = true;
			return &s->base;
		}
	}
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v3(db->conn, sql, -1, SQLITE_PREPARE_PERSISTENT,
				    &st, NULL);
	if (rc != SQLITE_OK || !st) {
		log_sqlite(db, "prepare");
		sqlite3_finalize(st);
		return NULL;
	}
	struct lite_stmt *s = mem_calloc(1, sizeof(*s));
	s->base.driver = &db__sqlite;
	s->owner = db;
	s->st = st;
	s->sql = sqlite3_sql(st);
	s->in_use = true;
	if (db->ncache < CACHE_SIZE)
		db->cache[db->ncache++] = s;
	return &s->base;
}

static bool cached(struct lite_stmt *s)
{
	for (int i = 0; i < s->owner->ncache; i++)
		if (s->owner->cache[i] == s)
			return true;
	return false;
}

static void lite_finalize(struct db_stmt *st)
{
	struct lite_stmt *s = LITE_ST(st);
	if (cached(s)) {
		sqlite3_reset(s->st);
		sqlite3_clear_bindings(s->st);
		s->in_use = false;
		return;
	}
	sqlite3_finalize(s->st);
	free(s);
}

static int bind_result(struct lite_stmt *s, int rc)
{
	if (rc == SQLITE_OK)
		return 0;
	log_sqlite(s->owner, "bind");
	return -1;
}

static int lite_bind_text(struct db_stmt *st, int idx, const char *v)
{
	struct lite_stmt *s = LITE_ST(st);
	if (!v)
		return bind_result(s, sqlite3_bind_null(s->st, idx));
	return bind_result(s, sqlite3_bind_text(s->st, idx, v, -1, SQLITE_TRANSIENT));
}

static int lite_bind_blob(struct db_stmt *st, int idx, const void *p, size_t n)
{
	struct lite_stmt *s = LITE_ST(st);
	return bind_result(s, sqlite3_bind_blob64(s->st, idx, p ? p : "", n,
						  SQLITE_TRANSIENT));
}

static int lite_bind_int64(struct db_stmt *st, int idx, int64_t v)
{
	struct lite_stmt *s = LITE_ST(st);
	return bind_result(s, sqlite3_bind_int64(s->st, idx, v));
}

static int lite_bind_null(struct db_stmt *st, int idx)
{
	struct lite_stmt *s = LITE_ST(st);
	return bind_result(s, sqlite3_bind_null(s->st, idx));
}

static enum db_rc lite_step(struct db_stmt *st)
{
	struct lite_stmt *s = LITE_ST(st);
	enum db_rc rc = map_rc(sqlite3_step(s->st));
	if (rc == DB_ERROR || rc == DB_BUSY)
		log_sqlite(s->owner, "step");
	return rc;
}

static const char *lite_column_text(struct db_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(LITE_ST(st)->st, col);
}

static int64_t lite_column_int64(struct db_stmt *st, int col)
{
	return sqlite3_column_int64(LITE_ST(st)->st, col);
}

static const void *lite_column_blob(struct db_stmt *st, int col, size_t *len)
{
	sqlite3_stmt *s = LITE_ST(st)->st;
	const void *p = sqlite3_column_blob(s, col);
	*len = (size_t)sqlite3_column_bytes(s, col);
	return p;
}

static bool lite_column_is_null(struct db_stmt *st, int col)
{
	return sqlite3_column_type(LITE_ST(st)->st, col) == SQLITE_NULL;
}

static int64_t lite_changes(struct db *d)
{
	return sqlite3_changes(LITE_DB(d)->conn);
}

static enum db_rc lite_exec(struct db *d, const char *sql)
{
	struct lite_db *db = LITE_DB(d);
	int rc = sqlite3_exec(db->conn, sql, NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		log_sqlite(db, "exec");
	return map_rc(rc);
}

static enum db_rc lite_begin(struct db *d)
{
	return lite_exec(d, "BEGIN IMMEDIATE");
}

const struct db_driver db__sqlite = {
	.name = "sqlite",
	.open = lite_open,
	.close = lite_close,
	.prepare = lite_prepare,
	.finalize = lite_finalize,
	.bind_text = lite_bind_text,
	.bind_blob = lite_bind_blob,
	.bind_int64 = lite_bind_int64,
	.bind_null = lite_bind_null,
	.step = lite_step,
	.column_text = lite_column_text,
	.column_int64 = lite_column_int64,
	.column_blob = lite_column_blob,
	.column_is_null = lite_column_is_null,
	.changes = lite_changes,
	.exec = lite_exec,
	.begin = lite_begin,
};

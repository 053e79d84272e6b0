/* db_sqlite.c — the SQLite driver: WAL, foreign keys, a busy timeout, secure
 * delete, and a small per-connection cache of prepared statements keyed by
 * the caller's SQL text (a finalized statement is reset and kept for the next
 * prepare of the same SQL; when the cache is full the idle statement used
 * longest ago makes room). Threads: one connection per thread (opened
 * NOMUTEX). Ownership: the connection owns its cached statements and their
 * key copies; a statement the cache had no room for is freed by
 * db_finalize. */
#include "db_int.h"
#include "../core/log.h"
#include "../core/mem.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define CACHE_SIZE 64
#define BUSY_TIMEOUT_MS 5000

struct lite_stmt {
	struct db_stmt base;
	struct lite_db *owner;
	sqlite3_stmt *st;
	char *sql;     /* the caller's text, owned; NULL when not cached */
	uint64_t used; /* owner->clock at the last prepare, for eviction */
	bool in_use;
};

struct lite_db {
	struct db base;
	sqlite3 *conn;
	struct lite_stmt *cache[CACHE_SIZE];
	int ncache;
	uint64_t clock;   /* counts prepares, orders cache entries by use */
	int64_t prepares; /* statements compiled (cache misses), for tests */
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

static void stmt_free(struct lite_stmt *s)
{
	sqlite3_finalize(s->st);
	free(s->sql);
	free(s);
}

static void lite_close(struct db *d);

/* Creates the file with mode 0600 if it does not exist yet. Never opens an
 * existing store: closing any descriptor of a file drops every POSIX lock
 * this process holds on it, including the locks of the SQLite connections
 * other threads have open, after which another process could take the
 * store over (and, on its close, remove the WAL the others still write). */
static int create_private(const char *path)
{
	int fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0600);
	if (fd >= 0)
		return close(fd);
	return errno == EEXIST ? 0 : -1;
}

static int wal_cb(void *arg, int ncol, char **val, char **name)
{
	(void)name;
	if (ncol > 0 && val[0])
		snprintf(arg, 16, "%s", val[0]);
	return 0;
}

/* Switching a new store to WAL needs its exclusive lock, and SQLite does not
 * call the busy handler for it: when other connections are opening the same
 * new store at once, wait and retry for as long as the busy timeout. */
static int set_wal(sqlite3 *conn)
{
	char mode[16] = "";
	const struct timespec pause = {0, 10 * 1000000L};
	int rc = SQLITE_BUSY;
	for (int waited = 0; waited <= BUSY_TIMEOUT_MS; waited += 10) {
		rc = sqlite3_exec(conn, "PRAGMA journal_mode=WAL", wal_cb, mode, NULL);
		if ((rc & 0xff) != SQLITE_BUSY)
			break;
		nanosleep(&pause, NULL);
	}
	if (rc == SQLITE_OK && strcmp(mode, "wal") != 0 && strcmp(mode, "memory") != 0)
		log_warn("db_not_wal", "driver=sqlite journal_mode=%s", mode);
	return rc;
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
	sqlite3_busy_timeout(db->conn, BUSY_TIMEOUT_MS);
	sqlite3_extended_result_codes(db->conn, 1);
	char *msg = NULL;
	rc = set_wal(db->conn);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db->conn,
				  "PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL; "
				  "PRAGMA secure_delete=ON; PRAGMA cache_size=-16384; "
				  "PRAGMA mmap_size=1073741824;",
				  NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "%s", msg ? msg : sqlite3_errmsg(db->conn));
		sqlite3_free(msg);
		lite_close(&db->base);
		return NULL;
	}
	return &db->base;
}

static void lite_close(struct db *d)
{
	struct lite_db *db = LITE_DB(d);
	for (int i = 0; i < db->ncache; i++)
		stmt_free(db->cache[i]);
	sqlite3_close_v2(db->conn);
	free(db);
}

/* Compiles exactly one statement; trailing blanks and ';' are fine, a second
 * statement is refused (db_prepare runs one, on every driver). */
static sqlite3_stmt *compile(struct lite_db *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	const char *tail = NULL;
	int rc = sqlite3_prepare_v3(db->conn, sql, -1, SQLITE_PREPARE_PERSISTENT,
				    &st, &tail);
	if (rc != SQLITE_OK) {
		log_sqlite(db, "prepare");
		return NULL;
	}
	while (tail && (*tail == ' ' || *tail == '\t' || *tail == '\n' ||
			*tail == '\r' || *tail == ';'))
		tail++;
	if (!st || (tail && *tail)) {
		log_error("db_error", "driver=sqlite op=prepare msg=\"%s\"",
			  st ? "text after the statement" : "no statement");
		sqlite3_finalize(st);
		return NULL;
	}
	db->prepares++;
	return st;
}

/* Frees the idle entry used longest ago and returns its slot; -1 when every
 * entry is in use. */
static int cache_evict(struct lite_db *db)
{
	int victim = -1;
	for (int i = 0; i < db->ncache; i++) {
		struct lite_stmt *c = db->cache[i];
		if (!c->in_use && (victim < 0 || c->used < db->cache[victim]->used))
			victim = i;
	}
	if (victim >= 0)
		stmt_free(db->cache[victim]);
	return victim;
}

/* Gives s a cache slot if one is free or can be freed; else s stays
 * uncached and db_finalize frees it. */
static void cache_put(struct lite_db *db, struct lite_stmt *s, const char *sql)
{
	int slot = db->ncache < CACHE_SIZE ? db->ncache++ : cache_evict(db);
	if (slot < 0)
		return;
	s->sql = mem_strdup(sql);
	db->cache[slot] = s;
}

static struct db_stmt *lite_prepare(struct db *d, const char *sql)
{
	struct lite_db *db = LITE_DB(d);
	db->clock++;
	for (int i = 0; i < db->ncache; i++) {
		struct lite_stmt *s = db->cache[i];
		if (!s->in_use && strcmp(s->sql, sql) == 0) {
			s->in_use = true;
			s->used = db->clock;
			return &s->base;
		}
	}
	sqlite3_stmt *st = compile(db, sql);
	if (!st)
		return NULL;
	struct lite_stmt *s = mem_calloc(1, sizeof(*s));
	s->base.driver = &db__sqlite;
	s->owner = db;
	s->st = st;
	s->used = db->clock;
	s->in_use = true;
	cache_put(db, s, sql);
	return &s->base;
}

static void lite_finalize(struct db_stmt *st)
{
	struct lite_stmt *s = LITE_ST(st);
	if (s->sql) {
		sqlite3_reset(s->st);
		sqlite3_clear_bindings(s->st);
		s->in_use = false;
		return;
	}
	stmt_free(s);
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

static int lite_release(struct db *d)
{
	struct lite_db *db = LITE_DB(d);
	int n = 0;
	for (sqlite3_stmt *st = sqlite3_next_stmt(db->conn, NULL); st;
	     st = sqlite3_next_stmt(db->conn, st)) {
		if (!sqlite3_stmt_busy(st))
			continue;
		log_error("db_statement_left_open", "sql=\"%.120s\"", sqlite3_sql(st));
		sqlite3_reset(st);
		n++;
	}
	if (!sqlite3_get_autocommit(db->conn)) {
		log_error("db_transaction_left_open", "%s", "");
		sqlite3_exec(db->conn, "ROLLBACK", NULL, NULL, NULL);
		n++;
	}
	return n;
}

static int lite_has_table(struct db *d, const char *name)
{
	struct db_stmt *st = lite_prepare(d,
		"SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
	if (!st)
		return -1;
	enum db_rc rc = lite_bind_text(st, 1, name) ? DB_ERROR : lite_step(st);
	lite_finalize(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

int64_t db__sqlite_prepares(const struct db *d)
{
	return ((const struct lite_db *)d)->prepares;
}

/* The checkpoint's first column says whether a reader kept it from
 * finishing (it then waited the busy timeout): DB_BUSY. */
static enum db_rc lite_forget(struct db *d)
{
	struct lite_db *db = LITE_DB(d);
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db->conn, "PRAGMA wal_checkpoint(TRUNCATE)", -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	bool blocked = rc == SQLITE_ROW && sqlite3_column_int(st, 0) != 0;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW) {
		log_sqlite(db, "checkpoint");
		return map_rc(rc);
	}
	return blocked ? DB_BUSY : DB_OK;
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
	.release = lite_release,
	.has_table = lite_has_table,
	.forget = lite_forget,
};

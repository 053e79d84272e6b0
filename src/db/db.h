/* db.h — the one small interface to the store. Two drivers sit behind it
 * (SQLite now, PostgreSQL later), chosen at open time by the location:
 * a plain path or "sqlite:PATH" opens SQLite; "postgres://…" PostgreSQL.
 *
 * SQL given here is portable: '?' placeholders (the PostgreSQL driver rewrites
 * them to $n), text ids, integer milliseconds for instants, no vendor functions.
 *
 * Threads: a struct db is one connection, used by one thread at a time (each
 * worker opens its own). Statements belong to their connection.
 * Ownership: strings and blobs read from a row are borrowed until the next
 * db_step() or db_finalize() on that statement. */
#ifndef TELEMED_DB_H
#define TELEMED_DB_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct db;
struct db_stmt;

enum db_rc {
	DB_OK = 0,
	DB_ROW,        /* db_step: a row is ready */
	DB_DONE,       /* db_step: no more rows / statement finished */
	DB_CONSTRAINT, /* a UNIQUE, FOREIGN KEY or CHECK constraint refused it */
	DB_BUSY,       /* the store stayed locked past the busy timeout */
	DB_ERROR,      /* anything else; logged by the driver */
};

/* Opens a connection and applies the connection settings (SQLite: WAL,
 * foreign keys, busy timeout). Returns NULL and a message in err on failure. */
struct db *db_open(const char *location, char *err, size_t errlen);
void db_close(struct db *db); /* NULL is a no-op */

/* Prepares one statement. Returns NULL on error (logged). Statements may be
 * cached per connection: always pair with db_finalize(). */
struct db_stmt *db_prepare(struct db *db, const char *sql);
void db_finalize(struct db_stmt *st); /* NULL is a no-op */

/* Parameters are 1-based; text and blobs are copied. NULL text binds NULL. */
int db_bind_text(struct db_stmt *st, int idx, const char *s);
int db_bind_blob(struct db_stmt *st, int idx, const void *p, size_t n);
int db_bind_int64(struct db_stmt *st, int idx, int64_t v);
int db_bind_null(struct db_stmt *st, int idx);

enum db_rc db_step(struct db_stmt *st);

/* Columns are 0-based. Text is NULL for SQL NULL. */
const char *db_column_text(struct db_stmt *st, int col);
int64_t db_column_int64(struct db_stmt *st, int col);
const void *db_column_blob(struct db_stmt *st, int col, size_t *len);
bool db_column_is_null(struct db_stmt *st, int col);

/* The integer in the first column of the first row of sql, which takes one
 * text parameter (a count: "SELECT COUNT(*) … WHERE user_id = ?"); -1 on
 * an error or no row. */
int64_t db_query_int64(struct db *db, const char *sql, const char *param);

/* Runs one statement that binds a text param to its single placeholder and
 * returns no rows ("DELETE … WHERE user_id = ?"): DB_DONE, or the error. */
enum db_rc db_exec_text(struct db *db, const char *sql, const char *param);

/* Rows changed by the last INSERT/UPDATE/DELETE on this connection. */
int64_t db_changes(struct db *db);

/* Runs SQL with no parameters (may hold several statements). */
enum db_rc db_exec(struct db *db, const char *sql);

/* Write transactions. db_begin takes the write lock at once (SQLite:
 * BEGIN IMMEDIATE) so two writers never deadlock on an upgrade. */
enum db_rc db_begin(struct db *db);
enum db_rc db_commit(struct db *db);
enum db_rc db_rollback(struct db *db);

/* Applies every migration newer than the schema_version table says, each in
 * its own transaction. *applied (may be NULL) gets how many ran. */
enum db_rc db_migrate(struct db *db, int *applied);
/* The highest applied migration, 0 for an empty store, -1 on error. */
int db_schema_version(struct db *db);
/* The newest migration this binary knows. */
int db_latest_version(void);

/* Resets every statement left mid-step (a statement not finalized holds a
 * read snapshot: this connection would stop seeing other writers' changes)
 * and returns how many there were, logging their SQL. Call between jobs. */
int db_release(struct db *db);

/* Makes deleted and overwritten rows leave the store's files, not only its
 * tables (after an erasure). SQLite zeroes what it frees (secure_delete, set
 * on every connection); this moves the write-ahead log into the database
 * and truncates it, so no older copy of a page stays in the log. Outside
 * any transaction; waits for readers like a write. */
enum db_rc db_forget(struct db *db);

/* "sqlite" or "postgres". */
const char *db_driver_name(const struct db *db);

#endif

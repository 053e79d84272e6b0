/* db_int.h — private to src/db: the driver vtable behind db.h. A driver fills
 * one `struct db_driver` of const function pointers; db.c dispatches. */
#ifndef TELEMED_DB_INT_H
#define TELEMED_DB_INT_H
#include "db.h"

struct db_driver {
	const char *name;
	struct db *(*open)(const char *location, char *err, size_t errlen);
	void (*close)(struct db *db);
	struct db_stmt *(*prepare)(struct db *db, const char *sql);
	void (*finalize)(struct db_stmt *st);
	int (*bind_text)(struct db_stmt *st, int idx, const char *s);
	int (*bind_blob)(struct db_stmt *st, int idx, const void *p, size_t n);
	int (*bind_int64)(struct db_stmt *st, int idx, int64_t v);
	int (*bind_null)(struct db_stmt *st, int idx);
	enum db_rc (*step)(struct db_stmt *st);
	const char *(*column_text)(struct db_stmt *st, int col);
	int64_t (*column_int64)(struct db_stmt *st, int col);
	const void *(*column_blob)(struct db_stmt *st, int col, size_t *len);
	bool (*column_is_null)(struct db_stmt *st, int col);
	int64_t (*changes)(struct db *db);
	enum db_rc (*exec)(struct db *db, const char *sql);
	enum db_rc (*begin)(struct db *db);
	int (*release)(struct db *db);
	/* 1 if the store has a table of that name, 0 if not, -1 on error. */
	int (*has_table)(struct db *db, const char *name);
	enum db_rc (*forget)(struct db *db);
};

/* Every connection and statement starts with its driver. */
struct db {
	const struct db_driver *driver;
};

struct db_stmt {
	const struct db_driver *driver;
};

extern const struct db_driver db__sqlite;
/* Statements the SQLite driver compiled on this connection (cache misses);
 * for the unit tests. */
int64_t db__sqlite_prepares(const struct db *db);

struct db_migration {
	int version;
	const char *name;
	const char *sql;
};

extern const struct db_migration db__migrations[];
extern const int db__nmigrations;

#endif

/* migrations.c — the schema, one versioned step at a time. Never edit a
 * released step: add a new one. Portable SQL only (SQLite and PostgreSQL):
 * text UUID ids, BIGINT milliseconds for instants, CHECK and UNIQUE
 * constraints doing the guarding. */
#include "db_int.h"

const struct db_migration db__migrations[] = {
	{1, "accounts",
	 "CREATE TABLE users ("
	 " id TEXT PRIMARY KEY,"
	 " username TEXT NOT NULL,"
	 " username_key TEXT NOT NULL UNIQUE,"
	 " full_name TEXT NOT NULL,"
	 " email TEXT NOT NULL,"
	 " role TEXT NOT NULL CHECK (role IN ('patient','doctor','admin')),"
	 " status TEXT NOT NULL CHECK (status IN ('active','pending','disabled')),"
	 " password_hash TEXT NOT NULL,"
	 " created_at BIGINT NOT NULL,"
	 " updated_at BIGINT NOT NULL,"
	 " verified_at BIGINT,"
	 " verified_by TEXT REFERENCES users(id));"
	 "CREATE INDEX users_by_status ON users (status, role, created_at);"
	 "CREATE TABLE sessions ("
	 " id TEXT PRIMARY KEY,"
	 " user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	 " token_hash TEXT NOT NULL UNIQUE,"
	 " created_at BIGINT NOT NULL,"
	 " last_seen_at BIGINT NOT NULL,"
	 " expires_at BIGINT NOT NULL,"
	 " revoked_at BIGINT,"
	 " user_agent TEXT NOT NULL DEFAULT '',"
	 " ip TEXT NOT NULL DEFAULT '');"
	 "CREATE INDEX sessions_by_user ON sessions (user_id);"
	 "CREATE TABLE audit_events ("
	 " seq BIGINT PRIMARY KEY,"
	 " id TEXT NOT NULL UNIQUE,"
	 " at BIGINT NOT NULL,"
	 " actor_id TEXT,"
	 " actor_role TEXT,"
	 " action TEXT NOT NULL,"
	 " subject_id TEXT,"
	 " ip TEXT NOT NULL DEFAULT '',"
	 " detail TEXT NOT NULL DEFAULT '{}',"
	 " prev_hash TEXT NOT NULL,"
	 " hash TEXT NOT NULL);"
	 "CREATE INDEX audit_by_subject ON audit_events (subject_id, seq);"
	 "CREATE INDEX audit_by_actor ON audit_events (actor_id, seq);"},
};

const int db__nmigrations = sizeof(db__migrations) / sizeof(db__migrations[0]);

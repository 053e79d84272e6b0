/* sessions.c — session rows (see sessions.h). */
#include "sessions.h"
#include "audit.h"
#include "tx.h"
#include "../core/instant.h"
#include "../db/db.h"

#include <stdio.h>
#include <string.h>

/* A session's last use is written at most every twentieth of the idle
 * limit, and at most once a minute: every write makes each other store
 * connection drop its cached pages (SQLite's WAL readers start over after
 * any commit), so a user busy with requests must not write on each one. */
#define TOUCH_PARTS 20
#define TOUCH_MAX_MS 60000

enum err sessions_create(struct db *db, const char *user_id,
			 int absolute_seconds, const char *user_agent,
			 const char *ip, int64_t now_ms, struct session_new *out)
{
	char hash[TOKEN_HASH_LEN + 1];
	id_new(out->id);
	token_new(out->token);
	token_hash(out->token, hash);
	out->expires_at_ms = now_ms + (int64_t)absolute_seconds * 1000;
	char agent[256];
	snprintf(agent, sizeof(agent), "%s", user_agent ? user_agent : "");
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO sessions (id, user_id, token_hash, created_at,"
		" last_seen_at, expires_at, user_agent, ip)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, out->id);
	db_bind_text(st, 2, user_id);
	db_bind_text(st, 3, hash);
	db_bind_int64(st, 4, now_ms);
	db_bind_int64(st, 5, now_ms);
	db_bind_int64(st, 6, out->expires_at_ms);
	db_bind_text(st, 7, agent);
	db_bind_text(st, 8, ip ? ip : "");
	enum db_rc rc = db_step(st);
	db_finalize(st);
	return rc == DB_DONE ? ERR_OK : ERR_DB;
}

static void touch(struct db *db, const char *id, int64_t now_ms)
{
	struct db_stmt *st = db_prepare(db,
		"UPDATE sessions SET last_seen_at = ? WHERE id = ? AND last_seen_at < ?");
	if (!st)
		return;
	db_bind_int64(st, 1, now_ms);
	db_bind_text(st, 2, id);
	db_bind_int64(st, 3, now_ms);
	db_step(st);
	db_finalize(st);
}

enum err sessions_authenticate(struct db *db, const char *token,
			       int idle_seconds, int64_t now_ms,
			       struct principal *out)
{
	memset(out, 0, sizeof(*out));
	if (!token || strlen(token) != TOKEN_TEXT_LEN)
		return ERR_UNAUTHENTICATED;
	char hash[TOKEN_HASH_LEN + 1];
	token_hash(token, hash);
	struct db_stmt *st = db_prepare(db,
		"SELECT s.id, s.user_id, s.last_seen_at, s.expires_at, u.role, u.status,"
		" s.revoked_at, u.locked_at"
		" FROM sessions s JOIN users u ON u.id = s.user_id"
		" WHERE s.token_hash = ?");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, hash);
	enum err e = ERR_UNAUTHENTICATED;
	int64_t last_seen = 0;
	if (db_step(st) == DB_ROW) {
		last_seen = db_column_int64(st, 2);
		int64_t expires = db_column_int64(st, 3);
		const char *status = db_column_text(st, 5);
		/* locking ended the session; its holder is told why */
		if (!db_column_is_null(st, 7))
			e = ERR_ACCOUNT_LOCKED;
		else if (db_column_is_null(st, 6) && now_ms < expires &&
		    now_ms < last_seen + (int64_t)idle_seconds * 1000 &&
		    strcmp(status, "disabled") != 0) {
			snprintf(out->session_id, sizeof(out->session_id), "%s",
				 db_column_text(st, 0));
			snprintf(out->user_id, sizeof(out->user_id), "%s",
				 db_column_text(st, 1));
			out->role = role_parse(db_column_text(st, 4));
			snprintf(out->status, sizeof(out->status), "%s", status);
			out->authenticated = true;
			e = ERR_OK;
		}
	}
	db_finalize(st);
	int64_t touch_every = (int64_t)idle_seconds * 1000 / TOUCH_PARTS;
	if (e == ERR_OK && now_ms - last_seen >= (touch_every < TOUCH_MAX_MS ? touch_every : TOUCH_MAX_MS))
		touch(db, out->session_id, now_ms);
	return e;
}

enum err sessions_list(struct db *db, const struct principal *who,
		       int idle_seconds, int64_t now_ms, json_t **out)
{
	*out = NULL;
	struct db_stmt *st = db_prepare(db,
		"SELECT id, created_at, last_seen_at, expires_at, user_agent, ip"
		" FROM sessions WHERE user_id = ? AND revoked_at IS NULL"
		" AND expires_at > ? AND last_seen_at > ?"
		" ORDER BY created_at DESC LIMIT 100");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, who->user_id);
	db_bind_int64(st, 2, now_ms);
	db_bind_int64(st, 3, now_ms - (int64_t)idle_seconds * 1000);
	json_t *list = json_array();
	enum db_rc rc;
	while ((rc = db_step(st)) == DB_ROW) {
		char created[INSTANT_TEXT_MAX], seen[INSTANT_TEXT_MAX],
			expires[INSTANT_TEXT_MAX];
		instant_format(db_column_int64(st, 1), created);
		instant_format(db_column_int64(st, 2), seen);
		instant_format(db_column_int64(st, 3), expires);
		const char *id = db_column_text(st, 0);
		json_array_append_new(list, json_pack(
			"{s:s,s:s,s:s,s:s,s:s,s:s,s:b}", "id", id, "created_at",
			created, "last_seen_at", seen, "expires_at", expires,
			"user_agent", db_column_text(st, 4), "ip",
			db_column_text(st, 5), "current",
			strcmp(id, who->session_id) == 0));
	}
	db_finalize(st);
	if (rc != DB_DONE) {
		json_decref(list);
		return ERR_DB;
	}
	*out = list;
	return ERR_OK;
}

static enum err revoke_own(struct db *db, const struct principal *who,
			   const char *session_id, int64_t now_ms)
{
	struct db_stmt *st = db_prepare(db,
		"UPDATE sessions SET revoked_at = ?"
		" WHERE id = ? AND user_id = ? AND revoked_at IS NULL");
	if (!st)
		return ERR_DB;
	db_bind_int64(st, 1, now_ms);
	db_bind_text(st, 2, session_id);
	db_bind_text(st, 3, who->user_id);
	enum db_rc rc = db_step(st);
	db_finalize(st);
	if (rc != DB_DONE)
		return ERR_DB;
	return db_changes(db) == 1 ? ERR_OK : ERR_NOT_FOUND;
}

enum err sessions_revoke(struct db *db, const struct principal *who,
			 const char *session_id, int64_t now_ms)
{
	if (!id_valid(session_id))
		return ERR_NOT_FOUND;
	if (db_begin(db) != DB_OK)
		return ERR_DB;
	enum err e = revoke_own(db, who, session_id, now_ms);
	if (!e)
		e = audit_append(db, who, strcmp(session_id, who->session_id) == 0
						  ? "auth.logout"
						  : "session.revoke",
				 who->user_id,
				 json_pack("{s:s}", "session_id", session_id), now_ms);
	return tx_end(db, e);
}

enum err sessions_revoke_others(struct db *db, const char *user_id,
				const char *keep_id, int64_t now_ms)
{
	struct db_stmt *st = db_prepare(db,
		"UPDATE sessions SET revoked_at = ?"
		" WHERE user_id = ? AND id <> ? AND revoked_at IS NULL");
	if (!st)
		return ERR_DB;
	db_bind_int64(st, 1, now_ms);
	db_bind_text(st, 2, user_id);
	db_bind_text(st, 3, keep_id ? keep_id : "");
	enum db_rc rc = db_step(st);
	db_finalize(st);
	return rc == DB_DONE ? ERR_OK : ERR_DB;
}

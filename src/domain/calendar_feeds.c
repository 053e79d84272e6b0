/* calendar_feeds.c — feed secrets (see calendar_feeds.h). The secret is
 * found by its hash through the unique index, so finding it compares no
 * secret byte by byte. */
#include "calendar_feeds.h"
#include "audit.h"
#include "tx.h"
#include "../core/instant.h"
#include "../db/db.h"

#include <stdio.h>
#include <string.h>

static enum err store(struct db *db, const char *user_id, const char *hash, int64_t now_ms)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO calendar_feeds (user_id, secret_hash, created_at) VALUES (?, ?, ?)"
		" ON CONFLICT (user_id) DO UPDATE SET secret_hash = excluded.secret_hash,"
		" created_at = excluded.created_at");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, user_id);
	db_bind_text(st, 2, hash);
	db_bind_int64(st, 3, now_ms);
	enum db_rc rc = db_step(st);
	db_finalize(st);
	return rc == DB_DONE ? ERR_OK : ERR_DB;
}

enum err calendar_feeds_create(struct db *db, const struct principal *who, int64_t now_ms,
			       char secret[TOKEN_TEXT_LEN + 1])
{
	char hash[TOKEN_HASH_LEN + 1];
	token_new(secret);
	token_hash(secret, hash);
	if (db_begin(db) != DB_OK)
		return ERR_DB;
	enum err e = store(db, who->user_id, hash, now_ms);
	if (!e)
		e = audit_append(db, who, "calendar_feed.create", who->user_id, NULL, now_ms);
	return tx_end(db, e);
}

static enum err remove_feed(struct db *db, const char *user_id)
{
	struct db_stmt *st = db_prepare(db, "DELETE FROM calendar_feeds WHERE user_id = ?");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, user_id);
	enum db_rc rc = db_step(st);
	db_finalize(st);
	if (rc != DB_DONE)
		return ERR_DB;
	return db_changes(db) == 1 ? ERR_OK : ERR_NOT_FOUND;
}

enum err calendar_feeds_revoke(struct db *db, const struct principal *who, int64_t now_ms)
{
	if (db_begin(db) != DB_OK)
		return ERR_DB;
	enum err e = remove_feed(db, who->user_id);
	if (!e)
		e = audit_append(db, who, "calendar_feed.revoke", who->user_id, NULL, now_ms);
	return tx_end(db, e);
}

enum err calendar_feeds_status(struct db *db, const struct principal *who, json_t **out)
{
	*out = NULL;
	struct db_stmt *st = db_prepare(db,
		"SELECT created_at FROM calendar_feeds WHERE user_id = ?");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, who->user_id);
	enum db_rc rc = db_step(st);
	char at[INSTANT_TEXT_MAX] = "";
	if (rc == DB_ROW)
		instant_format(db_column_int64(st, 0), at);
	db_finalize(st);
	if (rc != DB_ROW && rc != DB_DONE)
		return ERR_DB;
	*out = json_pack("{s:b,s:s?}", "active", rc == DB_ROW, "created_at", *at ? at : NULL);
	return ERR_OK;
}

enum err calendar_feeds_owner(struct db *db, const char *secret, struct principal *out)
{
	memset(out, 0, sizeof(*out));
	if (!secret || strlen(secret) != TOKEN_TEXT_LEN)
		return ERR_NOT_FOUND;
	char hash[TOKEN_HASH_LEN + 1];
	token_hash(secret, hash);
	struct db_stmt *st = db_prepare(db,
		"SELECT u.id, u.role FROM calendar_feeds f JOIN users u ON u.id = f.user_id"
		" WHERE f.secret_hash = ? AND u.status <> 'disabled' AND u.locked_at IS NULL");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, hash);
	enum db_rc rc = db_step(st);
	if (rc == DB_ROW) {
		snprintf(out->user_id, sizeof(out->user_id), "%s", db_column_text(st, 0));
		out->role = role_parse(db_column_text(st, 1));
	}
	db_finalize(st);
	return rc == DB_ROW ? ERR_OK : rc == DB_DONE ? ERR_NOT_FOUND : ERR_DB;
}

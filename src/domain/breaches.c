/* breaches.c — breach records and the notices of the users they touched
 * (see breaches.h). */
#include "breaches.h"
#include "audit.h"
#include "page.h"
#include "tx.h"
#include "../core/id.h"
#include "../core/instant.h"
#include "../db/db.h"

#include <stdio.h>
#include <string.h>

#define BREACH_COLUMNS                                                              \
	"b.id, b.title, b.description, b.discovered_at, b.recorded_at, b.everyone,"  \
	" b.recorded_by,"                                                             \
	" (SELECT COUNT(*) FROM breach_notices n WHERE n.breach_id = b.id),"          \
	" (SELECT COUNT(*) FROM breach_notices n WHERE n.breach_id = b.id"            \
	"  AND n.shown_at IS NOT NULL),"                                              \
	" (SELECT COUNT(*) FROM breach_notices n WHERE n.breach_id = b.id"            \
	"  AND n.acknowledged_at IS NOT NULL)"

/* An instant column as RFC 3339 text (NULL stays NULL). */
static json_t *instant_json(struct db_stmt *st, int col)
{
	if (db_column_is_null(st, col))
		return json_null();
	char text[INSTANT_TEXT_MAX];
	instant_format(db_column_int64(st, col), text);
	return json_string(text);
}

static json_t *breach_json(struct db_stmt *st)
{
	return json_pack("{s:s,s:s,s:s,s:o,s:o,s:b,s:s,s:I,s:I,s:I}", "id",
			 db_column_text(st, 0), "title", db_column_text(st, 1), "description",
			 db_column_text(st, 2), "discovered_at", instant_json(st, 3),
			 "recorded_at", instant_json(st, 4), "everyone",
			 db_column_int64(st, 5) != 0, "recorded_by", db_column_text(st, 6),
			 "affected", (json_int_t)db_column_int64(st, 7), "shown",
			 (json_int_t)db_column_int64(st, 8), "acknowledged",
			 (json_int_t)db_column_int64(st, 9));
}

static enum err breach_load(struct db *db, const char *id, json_t **out)
{
	*out = NULL;
	struct db_stmt *st = db_prepare(db, "SELECT " BREACH_COLUMNS " FROM breaches b WHERE b.id = ?");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, id);
	enum db_rc rc = db_step(st);
	if (rc == DB_ROW)
		*out = breach_json(st);
	db_finalize(st);
	return rc == DB_ROW ? ERR_OK : rc == DB_DONE ? ERR_NOT_FOUND : ERR_DB;
}

/* Every listed id names a user (ERR_NOT_FOUND, msg naming it). */
static enum err check_users(struct db *db, const json_t *ids, char *msg, size_t msg_len)
{
	size_t n = json_array_size(ids);
	if (n == 0 || n > BREACH_USERS_MAX) {
		snprintf(msg, msg_len, "users lists 1 to %d user ids, or is \"all\"", BREACH_USERS_MAX);
		return ERR_INVALID_VALUE;
	}
	for (size_t i = 0; i < n; i++) {
		const char *id = json_string_value(json_array_get(ids, i));
		if (!id) {
			snprintf(msg, msg_len, "users[%zu] is not a string", i);
			return ERR_INVALID_TYPE;
		}
		if (!id_valid(id) || db_query_int64(db, "SELECT COUNT(*) FROM users WHERE id = ?", id) != 1) {
			snprintf(msg, msg_len, "users[%zu] names no user", i);
			return ERR_NOT_FOUND;
		}
	}
	return ERR_OK;
}

static enum err insert_breach(struct db *db, const struct principal *who, const char *id,
			      const struct breach_input *in, int64_t now_ms)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO breaches (id, title, description, discovered_at, everyone,"
		" recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, in->title);
	db_bind_text(st, 3, in->description);
	db_bind_int64(st, 4, in->discovered_ms);
	db_bind_int64(st, 5, in->everyone ? 1 : 0);
	db_bind_text(st, 6, who->user_id);
	db_bind_int64(st, 7, now_ms);
	enum db_rc rc = db_step(st);
	db_finalize(st);
	return rc == DB_DONE ? ERR_OK : ERR_DB;
}

/* One notice for user_id, or (user_id NULL) for every user. */
static enum err insert_notices(struct db *db, const char *breach_id, const char *user_id)
{
	struct db_stmt *st = db_prepare(db, user_id
		? "INSERT INTO breach_notices (breach_id, user_id) VALUES (?, ?)"
		  " ON CONFLICT (breach_id, user_id) DO NOTHING"
		: "INSERT INTO breach_notices (breach_id, user_id) SELECT CAST(? AS TEXT), id FROM users");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, breach_id);
	if (user_id)
		db_bind_text(st, 2, user_id);
	enum db_rc rc = db_step(st);
	db_finalize(st);
	return rc == DB_DONE ? ERR_OK : ERR_DB;
}

enum err breaches_record(struct db *db, const struct principal *who,
			 const struct breach_input *in, int64_t now_ms, json_t **breach,
			 char *msg, size_t msg_len)
{
	*breach = NULL;
	*msg = '\0';
	if (who->role != ROLE_ADMIN)
		return ERR_FORBIDDEN;
	if (in->discovered_ms > now_ms) {
		snprintf(msg, msg_len, "discovered_at is in the future");
		return ERR_INVALID_VALUE;
	}
	enum err e = in->everyone ? ERR_OK : check_users(db, in->user_ids, msg, msg_len);
	if (e)
		return e;
	char id[ID_LEN + 1];
	id_new(id);
	if (db_begin(db) != DB_OK)
		return ERR_DB;
	e = insert_breach(db, who, id, in, now_ms);
	if (!e && in->everyone)
		e = insert_notices(db, id, NULL);
	for (size_t i = 0; !e && !in->everyone && i < json_array_size(in->user_ids); i++)
		e = insert_notices(db, id, json_string_value(json_array_get(in->user_ids, i)));
	if (!e)
		e = audit_append(db, who, "breach.record", id,
				 json_pack("{s:b,s:I}", "everyone", in->everyone, "users",
					   (json_int_t)db_query_int64(db,
						"SELECT COUNT(*) FROM breach_notices WHERE breach_id = ?", id)),
				 now_ms);
	e = tx_end(db, e);
	return e ? e : breach_load(db, id, breach);
}

enum err breaches_list(struct db *db, const struct principal *who, int limit,
		       const char *cursor, json_t **breaches, char *next, size_t next_len)
{
	*breaches = NULL;
	if (who->role != ROLE_ADMIN)
		return ERR_FORBIDDEN;
	int64_t c_at = INT64_MAX;
	char c_id[ID_LEN + 1] = "";
	if (cursor && *cursor && page_cursor_parse(cursor, &c_at, c_id))
		return ERR_INVALID_VALUE;
	struct db_stmt *st = db_prepare(db, "SELECT " BREACH_COLUMNS " FROM breaches b"
		" WHERE b.recorded_at < ? OR (b.recorded_at = ? AND b.id < ?)"
		" ORDER BY b.recorded_at DESC, b.id DESC LIMIT ?");
	if (!st)
		return ERR_DB;
	db_bind_int64(st, 1, c_at);
	db_bind_int64(st, 2, c_at);
	db_bind_text(st, 3, *c_id ? c_id : "~"); /* "~" sorts after every id */
	db_bind_int64(st, 4, limit + 1);
	return page_collect(st, limit, breach_json, "recorded_at", breaches, next, next_len);
}

static json_t *recipient_json(struct db_stmt *st)
{
	return json_pack("{s:s,s:s,s:s,s:s,s:o,s:o,s:o}", "id", db_column_text(st, 0),
			 "username", db_column_text(st, 1), "full_name", db_column_text(st, 2),
			 "role", db_column_text(st, 3), "registered_at", instant_json(st, 4),
			 "shown_at", instant_json(st, 5), "acknowledged_at", instant_json(st, 6));
}

enum err breaches_recipients(struct db *db, const struct principal *who,
			     const char *breach_id, int limit, const char *cursor,
			     json_t **users, char *next, size_t next_len)
{
	*users = NULL;
	if (who->role != ROLE_ADMIN)
		return ERR_FORBIDDEN;
	if (!id_valid(breach_id) ||
	    db_query_int64(db, "SELECT COUNT(*) FROM breaches WHERE id = ?", breach_id) != 1)
		return ERR_NOT_FOUND;
	int64_t c_at = -1;
	char c_id[ID_LEN + 1] = "";
	if (cursor && *cursor && page_cursor_parse(cursor, &c_at, c_id))
		return ERR_INVALID_VALUE;
	struct db_stmt *st = db_prepare(db,
		"SELECT u.id, u.username, u.full_name, u.role, u.created_at, n.shown_at,"
		" n.acknowledged_at FROM breach_notices n JOIN users u ON u.id = n.user_id"
		" WHERE n.breach_id = ? AND (u.created_at > ? OR (u.created_at = ? AND u.id > ?))"
		" ORDER BY u.created_at, u.id LIMIT ?");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, breach_id);
	db_bind_int64(st, 2, c_at);
	db_bind_int64(st, 3, c_at);
	db_bind_text(st, 4, c_id);
	db_bind_int64(st, 5, limit + 1);
	return page_collect(st, limit, recipient_json, "registered_at", users, next, next_len);
}

#define NOTICE_SELECT                                                              \
	"SELECT b.id, b.title, b.description, b.discovered_at, b.recorded_at,"       \
	" n.shown_at, n.acknowledged_at FROM breach_notices n"                        \
	" JOIN breaches b ON b.id = n.breach_id WHERE n.user_id = ?"

static json_t *notice_json(struct db_stmt *st)
{
	return json_pack("{s:s,s:s,s:s,s:o,s:o,s:o,s:o}", "id", db_column_text(st, 0),
			 "title", db_column_text(st, 1), "description", db_column_text(st, 2),
			 "discovered_at", instant_json(st, 3), "recorded_at",
			 instant_json(st, 4), "shown_at", instant_json(st, 5),
			 "acknowledged_at", instant_json(st, 6));
}

static enum err mark_shown(struct db *db, const char *user_id, int64_t now_ms)
{
	if (db_begin(db) != DB_OK)
		return ERR_DB;
	struct db_stmt *st = db_prepare(db, "UPDATE breach_notices SET shown_at = ?"
					    " WHERE user_id = ? AND shown_at IS NULL");
	enum err e = ERR_DB;
	if (st) {
		db_bind_int64(st, 1, now_ms);
		db_bind_text(st, 2, user_id);
		e = db_step(st) == DB_DONE ? ERR_OK : ERR_DB;
		db_finalize(st);
	}
	return tx_end(db, e);
}

enum err breaches_mine(struct db *db, const struct principal *who, int64_t now_ms,
		       json_t **notices)
{
	*notices = NULL;
	struct db_stmt *st = db_prepare(db, NOTICE_SELECT
		" ORDER BY b.recorded_at DESC, b.id DESC LIMIT 100");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, who->user_id);
	json_t *list = json_array();
	bool unshown = false;
	enum db_rc rc;
	while ((rc = db_step(st)) == DB_ROW) {
		unshown |= db_column_is_null(st, 5);
		json_array_append_new(list, notice_json(st));
	}
	db_finalize(st);
	enum err e = rc == DB_DONE ? ERR_OK : ERR_DB;
	if (!e && unshown)
		e = mark_shown(db, who->user_id, now_ms);
	if (e) {
		json_decref(list);
		return e;
	}
	*notices = list;
	return ERR_OK;
}

static enum err notice_load(struct db *db, const char *user_id, const char *breach_id,
			    json_t **out)
{
	*out = NULL;
	struct db_stmt *st = db_prepare(db, NOTICE_SELECT " AND n.breach_id = ?");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, user_id);
	db_bind_text(st, 2, breach_id);
	enum db_rc rc = db_step(st);
	if (rc == DB_ROW)
		*out = notice_json(st);
	db_finalize(st);
	return rc == DB_ROW ? ERR_OK : rc == DB_DONE ? ERR_NOT_FOUND : ERR_DB;
}

enum err breaches_acknowledge(struct db *db, const struct principal *who,
			      const char *breach_id, int64_t now_ms, json_t **notice)
{
	*notice = NULL;
	if (!id_valid(breach_id))
		return ERR_NOT_FOUND;
	if (db_begin(db) != DB_OK)
		return ERR_DB;
	struct db_stmt *st = db_prepare(db,
		"UPDATE breach_notices SET acknowledged_at = ?, shown_at = COALESCE(shown_at, ?)"
		" WHERE breach_id = ? AND user_id = ? AND acknowledged_at IS NULL");
	enum err e = ERR_DB;
	if (st) {
		db_bind_int64(st, 1, now_ms);
		db_bind_int64(st, 2, now_ms);
		db_bind_text(st, 3, breach_id);
		db_bind_text(st, 4, who->user_id);
		e = db_step(st) == DB_DONE ? ERR_OK : ERR_DB;
		db_finalize(st);
	}
	if (!e && db_changes(db) == 1)
		e = audit_append(db, who, "breach.acknowledge", breach_id, NULL, now_ms);
	e = tx_end(db, e);
	return e ? e : notice_load(db, who->user_id, breach_id, notice);
}

/* accounts.c — registration, login, profile and verification (see
 * accounts.h). */
#include "accounts_int.h"
#include "audit.h"
#include "page.h"
#include "tx.h"
#include "../core/instant.h"
#include "../core/jsonx.h"
#include "../db/db.h"
#include "../sec/password.h"
#include "../sec/ratelimit.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define USER_COLUMNS \
	"id, username, full_name, email, role, status, created_at, verified_at, relay_only," \
	" locked_at"
#define USERNAME_MAX ACCOUNTS_USERNAME_MAX

static json_t *user_json(struct db_stmt *st)
{
	char created[INSTANT_TEXT_MAX], verified[INSTANT_TEXT_MAX];
	instant_format(db_column_int64(st, 6), created);
	bool is_verified = !db_column_is_null(st, 7);
	if (is_verified)
		instant_format(db_column_int64(st, 7), verified);
	return json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s?,s:b,s:b}", "id",
			 db_column_text(st, 0), "username", db_column_text(st, 1),
			 "full_name", db_column_text(st, 2), "email",
			 db_column_text(st, 3), "role", db_column_text(st, 4),
			 "status", db_column_text(st, 5), "created_at", created,
			 "verified_at", is_verified ? verified : NULL,
			 "relay_only", db_column_int64(st, 8) != 0, "locked",
			 !db_column_is_null(st, 9));
}

enum err accounts__load(struct db *db, const char *id, json_t **user)
{
	struct db_stmt *st = db_prepare(db, "SELECT " USER_COLUMNS " FROM users WHERE id = ?");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, id);
	enum db_rc rc = db_step(st);
	enum err e = rc == DB_ROW ? ERR_OK : rc == DB_DONE ? ERR_NOT_FOUND : ERR_DB;
	if (rc == DB_ROW)
		*user = user_json(st);
	db_finalize(st);
	return e;
}

int accounts__username_key(const char *username, char key[USERNAME_MAX + 1])
{
	size_t n = strlen(username);
	if (n < 3 || n > USERNAME_MAX)
		return -1;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)username[i];
		if (!isalnum(c) && c != '.' && c != '_' && c != '-')
			return -1;
		key[i] = (char)tolower(c);
	}
	key[n] = '\0';
	return 0;
}

static bool has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return true;
	return false;
}

static bool email_ok(const char *email)
{
	size_t n = strlen(email);
	const char *at = strchr(email, '@');
	if (n < 3 || n > 254 || !at || at == email || !at[1] || strchr(at + 1, '@'))
		return false;
	for (const char *s = email; *s; s++)
		if ((unsigned char)*s <= 0x20 || *s == 0x7f || *s == '<' || *s == '>')
			return false;
	return true;
}

static enum err check_profile(const char *full_name, const char *email)
{
	if (full_name) {
		size_t n = jsonx_utf8_length(full_name);
		if (n < 1 || n > 100 || has_control(full_name))
			return ERR_INVALID_VALUE;
	}
	if (email && !email_ok(email))
		return ERR_INVALID_VALUE;
	return ERR_OK;
}

static enum err check_input(const struct account_input *in,
			    char key[USERNAME_MAX + 1])
{
	if (accounts__username_key(in->username, key))
		return ERR_INVALID_VALUE;
	enum err e = check_profile(in->full_name, in->email);
	return e ? e : password_check_policy(in->password);
}

static enum err insert_user(struct db *db, const struct account_input *in,
			    const char *key, const char *hash, const char *status,
			    int64_t now_ms, const char *id)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO users (id, username, username_key, full_name, email, role,"
		" status, password_hash, created_at, updated_at, verified_at)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, in->username);
	db_bind_text(st, 3, key);
	db_bind_text(st, 4, in->full_name);
	db_bind_text(st, 5, in->email);
	db_bind_text(st, 6, role_name(in->role));
	db_bind_text(st, 7, status);
	db_bind_text(st, 8, hash);
	db_bind_int64(st, 9, now_ms);
	db_bind_int64(st, 10, now_ms);
	if (strcmp(status, "active") == 0 && in->role != ROLE_PATIENT)
		db_bind_int64(st, 11, now_ms);
	else
		db_bind_null(st, 11);
	enum db_rc rc = db_step(st);
	db_finalize(st);
	return rc == DB_DONE ? ERR_OK : rc == DB_CONSTRAINT ? ERR_USERNAME_TAKEN : ERR_DB;
}

/* Validates, inserts and audits in one transaction. The password is hashed
 * before the transaction starts: argon2 must not hold the store's write lock. */
static enum err create_user(struct db *db, const struct principal *actor,
			    const struct account_input *in, const char *status,
			    int64_t now_ms, char id[ID_LEN + 1])
{
	char key[USERNAME_MAX + 1], hash[PASSWORD_HASH_MAX];
	enum err e = check_input(in, key);
	if (e)
		return e;
	if (in->password_hash && strlen(in->password_hash) < sizeof(hash))
		memcpy(hash, in->password_hash, strlen(in->password_hash) + 1);
	else if (password_hash(in->password, hash))
		return ERR_INTERNAL;
	id_new(id);
	e = db_begin(db) == DB_OK ? ERR_OK : ERR_DB;
	if (e)
		goto out;
	e = insert_user(db, in, key, hash, status, now_ms, id);
	if (!e)
		e = audit_append(db, actor, "user.register", id,
				 json_pack("{s:s,s:s}", "role", role_name(in->role),
					   "status", status),
				 now_ms);
	e = tx_end(db, e);
out:
	sodium_memzero(hash, sizeof(hash));
	return e;
}

enum err accounts_register(struct db *db, const struct principal *actor,
			   const struct account_input *in, int64_t now_ms,
			   json_t **user)
{
	*user = NULL;
	if (in->role != ROLE_PATIENT && in->role != ROLE_DOCTOR)
		return ERR_INVALID_VALUE;
	char id[ID_LEN + 1];
	enum err e = create_user(db, actor, in,
				 in->role == ROLE_DOCTOR ? "pending" : "active",
				 now_ms, id);
	return e ? e : accounts__load(db, id, user);
}

enum err accounts_create_admin(struct db *db, const struct account_input *in,
			       int64_t now_ms, char id_out[ID_LEN + 1])
{
	struct account_input admin = *in;
	admin.role = ROLE_ADMIN;
	return create_user(db, NULL, &admin, "active", now_ms, id_out);
}

enum err accounts_find(struct db *db, const char *username, char id_out[ID_LEN + 1])
{
	char key[USERNAME_MAX + 1];
	if (accounts__username_key(username, key))
		return ERR_NOT_FOUND;
	struct db_stmt *st = db_prepare(db, "SELECT id FROM users WHERE username_key = ?");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, key);
	enum db_rc rc = db_step(st);
	if (rc == DB_ROW)
		snprintf(id_out, ID_LEN + 1, "%s", db_column_text(st, 0));
	db_finalize(st);
	return rc == DB_ROW ? ERR_OK : rc == DB_DONE ? ERR_NOT_FOUND : ERR_DB;
}

enum err accounts_get(struct db *db, const struct principal *who, json_t **user)
{
	return accounts__load(db, who->user_id, user);
}

static enum err update_profile(struct db *db, const struct principal *who,
			       const struct profile_change *c, int64_t now_ms)
{
	struct db_stmt *st = db_prepare(db,
		"UPDATE users SET full_name = COALESCE(?, full_name),"
		" email = COALESCE(?, email), relay_only = COALESCE(?, relay_only),"
		" updated_at = ? WHERE id = ?");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, c->full_name);
	db_bind_text(st, 2, c->email);
	if (c->relay_only < 0)
		db_bind_null(st, 3);
	else
		db_bind_int64(st, 3, c->relay_only);
	db_bind_int64(st, 4, now_ms);
	db_bind_text(st, 5, who->user_id);
	enum db_rc rc = db_step(st);
	db_finalize(st);
	return rc == DB_DONE ? ERR_OK : ERR_DB;
}

/* The names of the fields a change touches, for its audit event. */
static json_t *changed_fields(const struct profile_change *c)
{
	json_t *fields = json_array();
	if (c->full_name)
		json_array_append_new(fields, json_string("full_name"));
	if (c->email)
		json_array_append_new(fields, json_string("email"));
	if (c->relay_only >= 0)
		json_array_append_new(fields, json_string("relay_only"));
	return fields;
}

enum err accounts_update(struct db *db, const struct principal *who,
			 const struct profile_change *c, int64_t now_ms, json_t **user)
{
	*user = NULL;
	enum err e = check_profile(c->full_name, c->email);
	if (e)
		return e;
	if (c->relay_only > 1)
		return ERR_INVALID_VALUE;
	if (db_begin(db) != DB_OK)
		return ERR_DB;
	e = update_profile(db, who, c, now_ms);
	if (!e)
		e = audit_append(db, who, "user.update", who->user_id,
				 json_pack("{s:o}", "fields", changed_fields(c)), now_ms);
	e = tx_end(db, e);
	if (e)
		return e;
	return accounts__load(db, who->user_id, user);
}

static enum err list_query(struct db *db, const char *status, const char *role,
			   const char *cursor, int limit, struct db_stmt **out)
{
	int64_t c_created = 0;
	char c_id[ID_LEN + 1] = "";
	if (cursor && *cursor && page_cursor_parse(cursor, &c_created, c_id))
		return ERR_INVALID_VALUE;
	char sql[512];
	snprintf(sql, sizeof(sql), "SELECT " USER_COLUMNS " FROM users WHERE 1 = 1%s%s%s"
		 " ORDER BY created_at, id LIMIT ?",
		 status ? " AND status = ?" : "", role ? " AND role = ?" : "",
		 *c_id ? " AND (created_at > ? OR (created_at = ? AND id > ?))" : "");
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return ERR_DB;
	int i = 1;
	if (status)
		db_bind_text(st, i++, status);
	if (role)
		db_bind_text(st, i++, role);
	if (*c_id) {
		db_bind_int64(st, i++, c_created);
		db_bind_int64(st, i++, c_created);
		db_bind_text(st, i++, c_id);
	}
	db_bind_int64(st, i, limit + 1);
	*out = st;
	return ERR_OK;
}

enum err accounts_list(struct db *db, const struct principal *who,
		       const char *status, const char *role, int limit,
		       const char *cursor, json_t **users, char *next_cursor,
		       size_t next_len)
{
	*users = NULL;
	if (who->role != ROLE_ADMIN)
		return ERR_FORBIDDEN;
	struct db_stmt *st;
	enum err e = list_query(db, status, role, cursor, limit, &st);
	if (e)
		return e;
	/* next_cursor is written only now: it may share the cursor's buffer */
	return page_collect(st, limit, user_json, "created_at", users, next_cursor, next_len);
}

static enum err mark_verified(struct db *db, const struct principal *who,
			      const char *user_id, int64_t now_ms)
{
	struct db_stmt *st = db_prepare(db,
		"UPDATE users SET status = 'active', verified_at = ?, verified_by = ?,"
		" updated_at = ? WHERE id = ? AND role = 'doctor' AND status = 'pending'");
	if (!st)
		return ERR_DB;
	db_bind_int64(st, 1, now_ms);
	db_bind_text(st, 2, who->user_id);
	db_bind_int64(st, 3, now_ms);
	db_bind_text(st, 4, user_id);
	enum db_rc rc = db_step(st);
	db_finalize(st);
	if (rc != DB_DONE)
		return ERR_DB;
	return db_changes(db) == 1 ? ERR_OK : ERR_CONFLICT;
}

enum err accounts_verify(struct db *db, const struct principal *who,
			 const char *user_id, int64_t now_ms, json_t **user)
{
	*user = NULL;
	if (who->role != ROLE_ADMIN)
		return ERR_FORBIDDEN;
	json_t *current = NULL;
	enum err e = id_valid(user_id) ? accounts__load(db, user_id, &current)
				       : ERR_NOT_FOUND;
	if (e)
		return e;
	bool pending_doctor =
		strcmp(json_string_value(json_object_get(current, "role")), "doctor") == 0 &&
		strcmp(json_string_value(json_object_get(current, "status")), "pending") == 0;
	bool active_doctor =
		strcmp(json_string_value(json_object_get(current, "role")), "doctor") == 0 &&
		strcmp(json_string_value(json_object_get(current, "status")), "active") == 0;
	if (!pending_doctor) {
		/* verifying twice is harmless; anything else is a conflict */
		if (active_doctor) {
			*user = current;
			return ERR_OK;
		}
		json_decref(current);
		return ERR_CONFLICT;
	}
	json_decref(current);
	if (db_begin(db) != DB_OK)
		return ERR_DB;
	e = mark_verified(db, who, user_id, now_ms);
	if (!e)
		e = audit_append(db, who, "user.verify", user_id, NULL, now_ms);
	e = tx_end(db, e);
	if (e)
		return e;
	return accounts__load(db, user_id, user);
}

enum err accounts_find_doctor(struct db *db, const char *id, bool verified_only)
{
	if (!id || !id_valid(id))
		return ERR_NOT_FOUND;
	struct db_stmt *st = db_prepare(db, verified_only
		? "SELECT 1 FROM users WHERE id = ? AND role = 'doctor' AND status = 'active'"
		: "SELECT 1 FROM users WHERE id = ? AND role = 'doctor'");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, id);
	enum db_rc rc = db_step(st);
	db_finalize(st);
	return rc == DB_ROW ? ERR_OK : rc == DB_DONE ? ERR_NOT_FOUND : ERR_DB;
}

/* devices.c — device tokens (see devices.h): a token is 256 random bits
 * (sec/token.h) handed over once; the store keeps its hash, so a copy of
 * the store lets no one push observations. */
#include "devices.h"
#include "audit.h"
#include "record_int.h"
#include "sealed.h"
#include "tx.h"
#include "../db/db.h"
#include "../sec/token.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static enum err live_count(const struct record_ctx *ctx, int64_t *n)
{
	*n = db_query_int64(ctx->db, "SELECT COUNT(*) FROM devices WHERE patient_id = ?"
			    " AND revoked_at IS NULL", ctx->who->user_id);
	return *n < 0 ? ERR_DB : ERR_OK;
}

static enum err insert(const struct record_ctx *ctx, const char *id, const char *name,
		       const char *token)
{
	char hash[TOKEN_HASH_LEN + 1];
	token_hash(token, hash);
	struct db_stmt *st = db_prepare(ctx->db, "INSERT INTO devices (id, patient_id, name,"
		" token_hash, created_at) VALUES (?, ?, ?, ?, ?)");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, ctx->who->user_id);
	sealed_bind(st, 3, ctx->keys, &SEALED_DEVICE_NAME, id, name, strlen(name));
	db_bind_text(st, 4, hash);
	db_bind_int64(st, 5, ctx->now_ms);
	enum db_rc rc = db_step(st);
	db_finalize(st);
	if (rc != DB_DONE)
		return ERR_DB;
	return audit_append_patient(ctx->db, ctx->who, "device.issue", ctx->who->user_id, ctx->who->user_id,
			    json_pack("{s:s}", "device_id", id), ctx->now_ms);
}

enum err devices_issue(const struct record_ctx *ctx, const char *name, json_t **out)
{
	*out = NULL;
	if (ctx->who->role != ROLE_PATIENT)
		return ERR_FORBIDDEN;
	char id[ID_LEN + 1], token[TOKEN_TEXT_LEN + 1];
	id_new(id);
	token_new(token);
	if (db_begin(ctx->db) != DB_OK)
		return ERR_DB;
	int64_t live = 0;
	enum err e = live_count(ctx, &live);
	if (!e && live >= DEVICES_LIVE_MAX)
		e = ERR_CONFLICT;
	if (!e)
		e = insert(ctx, id, name, token);
	if (!e)
		*out = json_pack("{s:s,s:s,s:s,s:o}", "id", id, "name", name, "token", token,
				 "created_at", record__instant(ctx->now_ms));
	sodium_memzero(token, sizeof(token));
	return record__end(ctx, e, out);
}

/* One row of the list (id, name, created_at, last_used_at, revoked_at). */
static json_t *device_json(const struct record_ctx *ctx, struct db_stmt *st)
{
	const char *id = db_column_text(st, 0);
	unsigned char *name = NULL;
	size_t len = 0;
	if (sealed_read(st, 1, ctx->keys, &SEALED_DEVICE_NAME, id, &name, &len))
		return NULL;
	json_t *d = json_pack("{s:s,s:s%,s:o,s:o,s:o}", "id", id, "name", (const char *)name, len,
			      "created_at", record__instant(db_column_int64(st, 2)),
			      "last_used_at", record__instant(db_column_int64(st, 3)),
			      "revoked_at", record__instant(db_column_int64(st, 4)));
	free(name);
	return d;
}

enum err devices_list(const struct record_ctx *ctx, json_t **out)
{
	*out = NULL;
	if (ctx->who->role != ROLE_PATIENT)
		return ERR_FORBIDDEN;
	struct db_stmt *st = db_prepare(ctx->db, "SELECT id, name, created_at,"
		" COALESCE(last_used_at, 0), COALESCE(revoked_at, 0) FROM devices"
		" WHERE patient_id = ? ORDER BY created_at, id");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, ctx->who->user_id);
	json_t *items = json_array();
	enum db_rc rc;
	enum err e = ERR_OK;
	while (!e && (rc = db_step(st)) == DB_ROW) {
		json_t *d = device_json(ctx, st);
		if (d)
			json_array_append_new(items, d);
		else
			e = ERR_INTERNAL;
	}
	db_finalize(st);
	if (!e && rc != DB_DONE)
		e = ERR_DB;
	if (e)
		json_decref(items);
	else
		*out = json_pack("{s:o}", "items", items);
	return e;
}

/* Whether the caller has device id, and when it was revoked (0: not). */
static enum err find_mine(const struct record_ctx *ctx, const char *id, int64_t *revoked_ms)
{
	struct db_stmt *st = db_prepare(ctx->db, "SELECT COALESCE(revoked_at, 0) FROM devices"
		" WHERE id = ? AND patient_id = ?");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, ctx->who->user_id);
	enum db_rc rc = db_step(st);
	if (rc == DB_ROW)
		*revoked_ms = db_column_int64(st, 0);
	db_finalize(st);
	return rc == DB_ROW ? ERR_OK : rc == DB_DONE ? ERR_NOT_FOUND : ERR_DB;
}

static enum err revoke(const struct record_ctx *ctx, const char *id)
{
	int64_t revoked = 0;
	enum err e = find_mine(ctx, id, &revoked);
	if (e || revoked)
		return e;
	struct db_stmt *st = db_prepare(ctx->db, "UPDATE devices SET revoked_at = ? WHERE id = ?");
	if (!st)
		return ERR_DB;
	db_bind_int64(st, 1, ctx->now_ms);
	db_bind_text(st, 2, id);
	enum db_rc rc = db_step(st);
	db_finalize(st);
	if (rc != DB_DONE)
		return ERR_DB;
	return audit_append_patient(ctx->db, ctx->who, "device.revoke", ctx->who->user_id, ctx->who->user_id,
			    json_pack("{s:s}", "device_id", id), ctx->now_ms);
}

enum err devices_revoke(const struct record_ctx *ctx, const char *id)
{
	if (ctx->who->role != ROLE_PATIENT)
		return ERR_FORBIDDEN;
	if (!id_valid(id))
		return ERR_NOT_FOUND;
	if (db_begin(ctx->db) != DB_OK)
		return ERR_DB;
	return tx_end(ctx->db, revoke(ctx, id));
}

/* The patient id of the live device whose token hashes to hash, if it is
 * device_id. A locked account's devices stop with its sessions (and, like
 * them, are told why). */
static enum err device_patient(struct db *db, const char *device_id, const char *hash,
			       char patient_id[ID_LEN + 1])
{
	struct db_stmt *st = db_prepare(db, "SELECT d.id, d.patient_id, u.locked_at FROM devices d"
		" JOIN users u ON u.id = d.patient_id WHERE d.token_hash = ?"
		" AND d.revoked_at IS NULL AND u.status = 'active' AND u.role = 'patient'");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, hash);
	enum db_rc rc = db_step(st);
	bool mine = rc == DB_ROW && strcmp(db_column_text(st, 0), device_id) == 0;
	bool locked = mine && !db_column_is_null(st, 2);
	if (mine)
		snprintf(patient_id, ID_LEN + 1, "%s", db_column_text(st, 1));
	db_finalize(st);
	return rc != DB_ROW && rc != DB_DONE ? ERR_DB
		: locked ? ERR_ACCOUNT_LOCKED : mine ? ERR_OK : ERR_UNAUTHENTICATED;
}

enum err devices_authenticate(struct db *db, const char *device_id, const char *token,
			      int64_t now_ms, struct principal *patient)
{
	if (!id_valid(device_id) || strlen(token) != TOKEN_TEXT_LEN)
		return ERR_UNAUTHENTICATED;
	char hash[TOKEN_HASH_LEN + 1];
	token_hash(token, hash);
	enum err e = device_patient(db, device_id, hash, patient->user_id);
	if (e)
		return e;
	struct db_stmt *st = db_prepare(db, "UPDATE devices SET last_used_at = ? WHERE id = ?");
	if (!st)
		return ERR_DB;
	db_bind_int64(st, 1, now_ms);
	db_bind_text(st, 2, device_id);
	enum db_rc rc = db_step(st);
	db_finalize(st);
	patient->authenticated = true;
	patient->role = ROLE_PATIENT;
	snprintf(patient->status, sizeof(patient->status), "active");
	return rc == DB_DONE ? ERR_OK : ERR_DB;
}

/* accounts_lock.c — an administrator locks and unlocks accounts (see
 * accounts.h). Locking ends every session of the account in the same
 * transaction; the lock and the unlock are audited. */
#include "accounts_int.h"
#include "audit.h"
#include "tx.h"
#include "../db/db.h"

#include <string.h>

static enum err set_lock(struct db *db, const char *user_id, bool locked, int64_t now_ms)
{
	struct db_stmt *st = db_prepare(db, locked
		? "UPDATE users SET locked_at = ?, updated_at = ? WHERE id = ? AND locked_at IS NULL"
		: "UPDATE users SET locked_at = NULL, updated_at = ? WHERE id = ? AND locked_at IS NOT NULL");
	if (!st)
		return ERR_DB;
	int i = 1;
	if (locked)
		db_bind_int64(st, i++, now_ms);
	db_bind_int64(st, i++, now_ms);
	db_bind_text(st, i, user_id);
	enum db_rc rc = db_step(st);
	db_finalize(st);
	return rc == DB_DONE ? ERR_OK : ERR_DB;
}

enum err accounts_lock(struct db *db, const struct principal *who, const char *user_id,
		       bool locked, int64_t now_ms, json_t *notices, json_t **user)
{
	*user = NULL;
	if (who->role != ROLE_ADMIN)
		return ERR_FORBIDDEN;
	if (!id_valid(user_id))
		return ERR_NOT_FOUND;
	if (strcmp(user_id, who->user_id) == 0)
		return ERR_CONFLICT; /* the last administrator must not lock the door behind them */
	json_t *current = NULL;
	enum err e = accounts__load(db, user_id, &current);
	if (e)
		return e;
	bool was = json_is_true(json_object_get(current, "locked"));
	json_decref(current);
	if (was == locked) /* locking twice changes nothing */
		return accounts__load(db, user_id, user);
	if (db_begin(db) != DB_OK)
		return ERR_DB;
	e = set_lock(db, user_id, locked, now_ms);
	if (!e && locked)
		e = sessions_revoke_others(db, user_id, NULL, now_ms);
	if (!e)
		e = audit_append(db, who, locked ? "user.lock" : "user.unlock", user_id, NULL,
				 now_ms);
	e = tx_end(db, e);
	if (!e && locked && notices) /* their open pages close at once */
		json_array_append_new(notices, json_pack("{s:s,s:{s:s}}", "user_id", user_id,
							 "message", "type", "ACCOUNT_LOCKED"));
	return e ? e : accounts__load(db, user_id, user);
}

/* erasure.c — erasing a patient's account (see erasure.h): one write
 * transaction of deletions and overwrites, then the store forgets the old
 * bytes. Each statement names the patient by id; the list below is every
 * place that holds their personal data outside the medical record. */
#include "erasure.h"
#include "accounts.h"
#include "audit.h"
#include "tx.h"
#include "../core/id.h"
#include "../core/log.h"
#include "../db/db.h"

#include <sodium.h>
#include <stdio.h>

/* What goes, what is blanked (each binds the patient's id once). */
static const char *const forget[] = {
	"DELETE FROM sessions WHERE user_id = ?",
	"DELETE FROM calendar_feeds WHERE user_id = ?",
	"DELETE FROM call_quality WHERE user_id = ?",
	"DELETE FROM patient_demographics WHERE user_id = ?",
	/* both parties' notifications of the patient's appointments carry
	 * the patient's name */
	"DELETE FROM notifications WHERE appointment_id IN"
	" (SELECT id FROM appointments WHERE patient_id = ?)",
	"DELETE FROM notifications WHERE user_id = ?",
	/* messages and their files go with their conversations (cascade) */
	"DELETE FROM conversations WHERE patient_id = ?",
	"UPDATE reviews SET comment = '' WHERE patient_id = ?",
	"UPDATE dropin_entries SET reason = '', answers = '{}' WHERE patient_id = ?",
};

/* No device pushes readings for the account any more (its readings stay,
 * and so the rows they point to). */
static enum err revoke_devices(struct db *db, const char *id, int64_t now_ms)
{
	struct db_stmt *st = db_prepare(db, "UPDATE devices SET revoked_at = ?"
					" WHERE patient_id = ? AND revoked_at IS NULL");
	if (!st)
		return ERR_DB;
	db_bind_int64(st, 1, now_ms);
	db_bind_text(st, 2, id);
	enum db_rc rc = db_step(st);
	db_finalize(st);
	return rc == DB_DONE ? ERR_OK : ERR_DB;
}

/* The account becomes a pseudonym that can never log in again. */
static enum err pseudonymise(struct db *db, const char *id, int64_t now_ms)
{
	unsigned char r[6];
	randombytes_buf(r, sizeof(r));
	char alias[32], name[48];
	snprintf(alias, sizeof(alias), "erased-%02x%02x%02x%02x%02x%02x", r[0], r[1], r[2], r[3],
		 r[4], r[5]);
	snprintf(name, sizeof(name), "Erased patient %02x%02x", r[0], r[1]);
	struct db_stmt *st = db_prepare(db,
		"UPDATE users SET username = ?, username_key = ?, full_name = ?, email = '',"
		" password_hash = '!', status = 'disabled', relay_only = 0, updated_at = ?,"
		" erased_at = ? WHERE id = ?");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, alias);
	db_bind_text(st, 2, alias);
	db_bind_text(st, 3, name);
	db_bind_int64(st, 4, now_ms);
	db_bind_int64(st, 5, now_ms);
	db_bind_text(st, 6, id);
	enum db_rc rc = db_step(st);
	db_finalize(st);
	return rc == DB_DONE && db_changes(db) == 1 ? ERR_OK : ERR_DB;
}

enum err erasure_run(struct db *db, const struct principal *who, const char *password,
		     int64_t now_ms)
{
	if (who->role != ROLE_PATIENT)
		return ERR_FORBIDDEN;
	enum err e = accounts_password_ok(db, who, password, "user.erase_failed", now_ms);
	if (e)
		return e;
	if (db_begin(db) != DB_OK)
		return ERR_DB;
	for (size_t i = 0; !e && i < sizeof(forget) / sizeof(forget[0]); i++)
		e = db_exec_text(db, forget[i], who->user_id) == DB_DONE ? ERR_OK : ERR_DB;
	if (!e)
		e = revoke_devices(db, who->user_id, now_ms);
	if (!e)
		e = pseudonymise(db, who->user_id, now_ms);
	if (!e)
		e = audit_append(db, who, "user.erase", who->user_id, NULL, now_ms);
	e = tx_end(db, e);
	if (!e && db_forget(db) != DB_OK) /* erased in the tables; the log keeps old
					    pages until the next checkpoint */
		log_warn("erasure_checkpoint_deferred", "readers kept the log busy");
	return e;
}

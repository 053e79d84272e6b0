/* dropin.c — the patient's side of the drop-in queue: joining, where one
 * stands, leaving (see dropin.h). */
#include "dropin_int.h"
#include "audit.h"
#include "questionnaire.h"
#include "tx.h"
#include "../core/instant.h"
#include "../core/jsonx.h"
#include "../db/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

json_t *dropin__entry_json(struct db_stmt *st)
{
	char since[INSTANT_TEXT_MAX];
	instant_format(db_column_int64(st, 8), since);
	json_t *answers = json_loads(db_column_text(st, 6), 0, NULL);
	json_t *out = json_pack("{s:s,s:{s:s,s:s},s:s,s:s,s:s,s:o,s:s}", "id", db_column_text(st, 0),
				"specialty", "id", db_column_text(st, 1), "name", db_column_text(st, 2),
				"status", db_column_text(st, 3), "mode", db_column_text(st, 4),
				"reason", db_column_text(st, 5),
				"intake", questionnaire_intake(db_column_text(st, 7), answers),
				"waiting_since", since);
	json_decref(answers);
	if (!db_column_is_null(st, 9)) {
		char closed[INSTANT_TEXT_MAX];
		instant_format(db_column_int64(st, 9), closed);
		json_object_set_new(out, "closed_at", json_string(closed));
	}
	if (!db_column_is_null(st, 10))
		json_object_set_new(out, "appointment_id", json_string(db_column_text(st, 10)));
	if (!db_column_is_null(st, 11))
		json_object_set_new(out, "doctor", json_pack("{s:s}", "full_name", db_column_text(st, 11)));
	return out;
}

static enum err count(struct db *db, const char *sql, const char *a, int64_t b,
		      const char *c, int64_t *n)
{
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, a);
	if (c) {
		db_bind_int64(st, 2, b);
		db_bind_int64(st, 3, b);
		db_bind_text(st, 4, c);
	}
	enum db_rc rc = db_step(st);
	*n = rc == DB_ROW ? db_column_int64(st, 0) : 0;
	db_finalize(st);
	return rc == DB_ROW ? ERR_OK : ERR_DB;
}

enum err dropin__tally(struct db *db, const char *specialty_id, int64_t *waiting,
		       int64_t *on_duty)
{
	enum err e = count(db, "SELECT COUNT(*) FROM dropin_entries"
			       " WHERE specialty_id = ? AND status = 'waiting'",
			   specialty_id, 0, NULL, waiting);
	if (!e)
		e = count(db, "SELECT COUNT(*) FROM doctors_on_duty d"
			      " JOIN doctor_profiles p ON p.user_id = d.doctor_id"
			      " JOIN users u ON u.id = d.doctor_id"
			      " WHERE p.specialty_id = ? AND u.status = 'active'",
			  specialty_id, 0, NULL, on_duty);
	return e;
}

/* Position (1 = next), doctors on duty and the rough wait of a waiting entry. */
static enum err add_place(struct db *db, json_t *entry)
{
	const char *specialty = jsonx_string(json_object_get(entry, "specialty"), "id");
	int64_t since = 0, ahead, waiting, doctors;
	instant_parse(jsonx_string(entry, "waiting_since"), &since);
	enum err e = count(db, "SELECT COUNT(*) FROM dropin_entries WHERE specialty_id = ?"
			       " AND status = 'waiting' AND (created_at < ? OR (created_at = ? AND id < ?))",
			   specialty, since, jsonx_string(entry, "id"), &ahead);
	if (!e)
		e = dropin__tally(db, specialty, &waiting, &doctors);
	if (e)
		return e;
	json_object_set_new(entry, "position", json_integer(ahead + 1));
	json_object_set_new(entry, "doctors_on_duty", json_integer(doctors));
	json_object_set_new(entry, "estimated_wait_minutes", doctors
		? json_integer((ahead * DROPIN_MINUTES + doctors - 1) / doctors) : json_null());
	return ERR_OK;
}

enum err dropin_mine(struct db *db, const struct principal *who, json_t **out)
{
	*out = NULL;
	struct db_stmt *st = db_prepare(db, DROPIN_ENTRY_SELECT
		" WHERE e.patient_id = ? ORDER BY e.created_at DESC, e.id DESC LIMIT 1");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, who->user_id);
	enum db_rc rc = db_step(st);
	json_t *entry = rc == DB_ROW ? dropin__entry_json(st) : NULL;
	db_finalize(st);
	if (rc != DB_ROW && rc != DB_DONE)
		return ERR_DB;
	enum err e = ERR_OK;
	if (entry && strcmp(jsonx_string(entry, "status"), "waiting") == 0)
		e = add_place(db, entry);
	if (e) {
		json_decref(entry);
		return e;
	}
	*out = entry ? entry : json_null();
	return ERR_OK;
}

static enum err specialty_exists(struct db *db, const char *id)
{
	struct db_stmt *st = db_prepare(db, "SELECT 1 FROM specialties WHERE id = ?");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, id);
	enum db_rc rc = db_step(st);
	db_finalize(st);
	return rc == DB_ROW ? ERR_OK : rc == DB_DONE ? ERR_INVALID_VALUE : ERR_DB;
}

static enum err insert(struct db *db, const struct principal *who, const struct dropin_request *r,
		       const char *answers, const char *qid, int64_t now_ms)
{
	char id[ID_LEN + 1];
	id_new(id);
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO dropin_entries (id, patient_id, specialty_id, mode, reason, answers,"
		" questionnaire_id, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'waiting', ?)");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, who->user_id);
	db_bind_text(st, 3, r->specialty);
	db_bind_text(st, 4, r->mode);
	db_bind_text(st, 5, r->reason ? r->reason : "");
	db_bind_text(st, 6, answers);
	db_bind_text(st, 7, *qid ? qid : NULL);
	db_bind_int64(st, 8, now_ms);
	enum db_rc rc = db_step(st);
	db_finalize(st);
	if (rc != DB_DONE)
		return rc == DB_CONSTRAINT ? ERR_ALREADY_WAITING : ERR_DB;
	return audit_append_patient(db, who, "dropin.join", who->user_id, who->user_id,
			    json_pack("{s:s,s:s}", "entry_id", id, "specialty", r->specialty), now_ms);
}

enum err dropin_join(struct db *db, const struct principal *who,
		     const struct dropin_request *r, int64_t now_ms, json_t **out,
		     char *msg, size_t msglen)
{
	*out = NULL;
	if (who->role != ROLE_PATIENT)
		return ERR_FORBIDDEN;
	enum err e = specialty_exists(db, r->specialty);
	if (e == ERR_INVALID_VALUE)
		snprintf(msg, msglen, "Unknown specialty");
	char qid[ID_LEN + 1];
	json_t *answers = NULL;
	if (!e)
		e = questionnaire_answer(db, NULL, r->answers, qid, &answers, msg, msglen);
	if (e)
		return e;
	char *text = json_dumps(answers, JSON_COMPACT);
	json_decref(answers);
	if (db_begin(db) != DB_OK) {
		free(text);
		return ERR_DB;
	}
	e = tx_end(db, insert(db, who, r, text, qid, now_ms));
	free(text);
	return e ? e : dropin_mine(db, who, out);
}

enum err dropin_leave(struct db *db, const struct principal *who, int64_t now_ms)
{
	if (db_begin(db) != DB_OK)
		return ERR_DB;
	struct db_stmt *st = db_prepare(db, "UPDATE dropin_entries SET status = 'left', closed_at = ?"
					    " WHERE patient_id = ? AND status = 'waiting'");
	enum err e = st ? ERR_OK : ERR_DB;
	if (st) {
		db_bind_int64(st, 1, now_ms);
		db_bind_text(st, 2, who->user_id);
		e = db_step(st) == DB_DONE ? ERR_OK : ERR_DB;
		db_finalize(st);
	}
	if (!e)
		e = db_changes(db) == 1 ? ERR_OK : ERR_NOT_FOUND;
	if (!e)
		e = audit_append_patient(db, who, "dropin.leave", who->user_id, who->user_id, NULL, now_ms);
	return tx_end(db, e);
}

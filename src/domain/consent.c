/* consent.c — giving, withdrawing and reading the patient's consents, and the
 * check the rest of the domain makes where health data flows (see
 * consent.h). A consent record is never changed: the newest record of a
 * (patient, purpose, scope) is in force, and each one before it was
 * superseded when the next was recorded. scope is "" for an unscoped
 * purpose, CONSENT_SCOPE_CLINIC, or a doctor's user id. */
#include "consent_int.h"
#include "audit.h"
#include "tx.h"
#include "../core/id.h"
#include "../core/instant.h"
#include "../db/db.h"

#include <stdio.h>
#include <string.h>

/* The record in force of one purpose and scope. */
struct consent_row {
	bool found;
	bool given;
	int version;
	int64_t recorded_at;
	char id[ID_LEN + 1];
};

static enum err newest(struct db *db, const char *patient_id, const char *purpose,
		       const char *scope, struct consent_row *out)
{
	memset(out, 0, sizeof(*out));
	struct db_stmt *st = db_prepare(db,
		"SELECT id, given, text_version, recorded_at FROM consents"
		" WHERE patient_id = ? AND purpose = ? AND scope = ?"
		" ORDER BY recorded_at DESC LIMIT 1");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, patient_id);
	db_bind_text(st, 2, purpose);
	db_bind_text(st, 3, scope);
	enum db_rc rc = db_step(st);
	if (rc == DB_ROW) {
		out->found = true;
		snprintf(out->id, sizeof(out->id), "%s", db_column_text(st, 0));
		out->given = db_column_int64(st, 1) != 0;
		out->version = (int)db_column_int64(st, 2);
		out->recorded_at = db_column_int64(st, 3);
	}
	db_finalize(st);
	return rc == DB_ROW || rc == DB_DONE ? ERR_OK : ERR_DB;
}

static bool given_for(struct db *db, const char *patient_id, const char *purpose,
		      const char *scope)
{
	struct consent_row row;
	return newest(db, patient_id, purpose, scope, &row) == ERR_OK && row.found && row.given;
}

bool consent_active(struct db *db, const char *patient_id, const char *purpose,
		    const char *doctor_id)
{
	const struct consent_purpose *p = consent__purpose(purpose);
	if (!p || !patient_id || p->scoped != (doctor_id != NULL))
		return false;
	if (!p->scoped)
		return given_for(db, patient_id, purpose, "");
	return given_for(db, patient_id, purpose, doctor_id) ||
	       given_for(db, patient_id, purpose, CONSENT_SCOPE_CLINIC);
}

/* A record as the API shows it. doctor_name is NULL unless scope is a doctor. */
static json_t *record_json(const char *id, const char *purpose, const char *scope,
			   bool given, int version, int64_t recorded_at,
			   const char *doctor_name, int64_t superseded_at)
{
	char at[INSTANT_TEXT_MAX], until[INSTANT_TEXT_MAX];
	instant_format(recorded_at, at);
	if (superseded_at)
		instant_format(superseded_at, until);
	json_t *doctor = doctor_name
		? json_pack("{s:s,s:s}", "id", scope, "name", doctor_name) : json_null();
	return json_pack("{s:s,s:s,s:o,s:b,s:b,s:s,s:i,s:s,s:o}", "id", id, "purpose", purpose,
			 "doctor", doctor, "all_doctors", strcmp(scope, CONSENT_SCOPE_CLINIC) == 0,
			 "given", given, "status", given && !superseded_at ? "active" : "inactive",
			 "version", version, "recorded_at", at, "superseded_at",
			 superseded_at ? json_string(until) : json_null());
}

/* Checks what the patient asks and finds the scope it names (a doctor's
 * name into doctor_name). */
static enum err check(struct db *db, const struct consent_change *c,
		      const struct consent_purpose *p, const char **scope,
		      char *doctor_name, size_t name_len, char *msg, size_t msglen)
{
	*doctor_name = '\0';
	if (!p) {
		snprintf(msg, msglen, "purpose: not one of the purposes of"
			 " GET /api/v1/consents/texts");
		return ERR_INVALID_VALUE;
	}
	bool named = c->doctor_id != NULL;
	if (!p->scoped && (named || c->all_doctors)) {
		snprintf(msg, msglen, "doctor_id and all_doctors are for the purpose share only");
		return ERR_INVALID_VALUE;
	}
	if (p->scoped && named == c->all_doctors) {
		snprintf(msg, msglen, "share: name one doctor_id, or all_doctors: true");
		return ERR_INVALID_VALUE;
	}
	if (c->given && c->version != p->version) {
		snprintf(msg, msglen, c->version ? "The text has changed: read version %d"
			 : "version: the version of the text you agree to (now %d)", p->version);
		return c->version ? ERR_CONFLICT : ERR_INVALID_VALUE;
	}
	*scope = !p->scoped ? "" : named ? c->doctor_id : CONSENT_SCOPE_CLINIC;
	if (!named)
		return ERR_OK;
	if (!id_valid(c->doctor_id))
		return ERR_NOT_FOUND;
	struct db_stmt *st = db_prepare(db, "SELECT full_name FROM users"
					" WHERE id = ? AND role = 'doctor'");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, c->doctor_id);
	enum db_rc rc = db_step(st);
	if (rc == DB_ROW)
		snprintf(doctor_name, name_len, "%s", db_column_text(st, 0));
	db_finalize(st);
	return rc == DB_ROW ? ERR_OK : rc == DB_DONE ? ERR_NOT_FOUND : ERR_DB;
}

static enum err insert(struct db *db, const char *id, const char *patient_id,
		       const char *purpose, const char *scope, bool given, int version,
		       int64_t at)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO consents (id, patient_id, purpose, scope, given, text_version,"
		" recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, patient_id);
	db_bind_text(st, 3, purpose);
	db_bind_text(st, 4, scope);
	db_bind_int64(st, 5, given);
	db_bind_int64(st, 6, version);
	db_bind_int64(st, 7, at);
	enum db_rc rc = db_step(st);
	db_finalize(st);
	return rc == DB_DONE ? ERR_OK : ERR_DB;
}

/* Records the change (one record later than the one it supersedes), with its
 * audit event and its live message. */
static enum err record(struct db *db, const struct principal *who,
		       const struct consent_change *c, const char *scope,
		       const struct consent_row *before, int64_t now_ms, json_t *notices,
		       struct consent_row *after)
{
	*after = (struct consent_row){.found = true, .given = c->given};
	id_new(after->id);
	after->version = c->given ? c->version : before->found ? before->version
		: consent__purpose(c->purpose)->version;
	after->recorded_at = before->found && before->recorded_at >= now_ms
		? before->recorded_at + 1 : now_ms;
	enum err e = insert(db, after->id, who->user_id, c->purpose, scope, c->given,
			    after->version, after->recorded_at);
	if (!e)
		e = audit_append(db, who, c->given ? "consent.give" : "consent.withdraw",
				 who->user_id, json_pack("{s:s,s:s,s:i,s:s}", "purpose",
				 c->purpose, "scope", scope, "version", after->version,
				 "consent_id", after->id), now_ms);
	if (!e && notices)
		json_array_append_new(notices, json_pack("{s:s,s:{s:s,s:s,s:o,s:b,s:b}}",
			"user_id", who->user_id, "message", "type", "CONSENT", "purpose",
			c->purpose, "doctor_id", c->doctor_id ? json_string(c->doctor_id)
			: json_null(), "all_doctors", c->all_doctors, "given", c->given));
	return e;
}

enum err consent_change(struct db *db, const struct principal *who,
			const struct consent_change *change, int64_t now_ms,
			json_t *notices, json_t **out, bool *created, char *msg,
			size_t msglen)
{
	*out = NULL;
	*created = false;
	if (who->role != ROLE_PATIENT)
		return ERR_FORBIDDEN;
	const struct consent_purpose *p = consent__purpose(change->purpose);
	const char *scope = "";
	char doctor_name[128];
	enum err e = check(db, change, p, &scope, doctor_name, sizeof(doctor_name), msg,
			   msglen);
	if (e)
		return e;
	if (db_begin(db) != DB_OK)
		return ERR_DB;
	struct consent_row before, now;
	e = newest(db, who->user_id, p->name, scope, &before);
	bool same = before.found && before.given == change->given &&
		    (!change->given || before.version == change->version);
	if (!e && same)
		now = before;
	else if (!e)
		e = record(db, who, change, scope, &before, now_ms, notices, &now);
	e = tx_end(db, e);
	if (e)
		return e;
	*created = !same;
	*out = record_json(now.id, p->name, scope, now.given, now.version, now.recorded_at,
			   change->doctor_id ? doctor_name : NULL, 0);
	return ERR_OK;
}

enum err consent_list(struct db *db, const struct principal *who, json_t **out)
{
	*out = NULL;
	if (who->role != ROLE_PATIENT)
		return ERR_FORBIDDEN;
	struct db_stmt *st = db_prepare(db,
		"SELECT c.id, c.purpose, c.scope, c.given, c.text_version, c.recorded_at,"
		" u.full_name, LEAD(c.recorded_at) OVER"
		" (PARTITION BY c.purpose, c.scope ORDER BY c.recorded_at)"
		" FROM consents c LEFT JOIN users u ON u.id = c.scope AND u.role = 'doctor'"
		" WHERE c.patient_id = ? ORDER BY c.recorded_at DESC");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, who->user_id);
	json_t *current = json_array(), *history = json_array();
	enum db_rc rc;
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t superseded = db_column_is_null(st, 7) ? 0 : db_column_int64(st, 7);
		json_t *r = record_json(db_column_text(st, 0), db_column_text(st, 1),
			db_column_text(st, 2), db_column_int64(st, 3) != 0,
			(int)db_column_int64(st, 4), db_column_int64(st, 5),
			db_column_is_null(st, 6) ? NULL : db_column_text(st, 6), superseded);
		if (!superseded)
			json_array_append(current, r);
		if (json_array_size(history) < CONSENT_HISTORY_MAX)
			json_array_append(history, r);
		json_decref(r);
	}
	db_finalize(st);
	if (rc != DB_DONE) {
		json_decref(current);
		json_decref(history);
		return ERR_DB;
	}
	*out = json_pack("{s:o,s:o}", "current", current, "history", history);
	return ERR_OK;
}

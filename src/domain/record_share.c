/* record_share.c — a doctor's read of a patient's whole record, with care
 * and consent or in an emergency (see record_share.h): the checks, their
 * audit, then the patient's own listing (record__list) read under a grant. */
#include "record_share.h"
#include "audit.h"
#include "care.h"
#include "consent.h"
#include "notifications.h"
#include "parties.h"
#include "record_int.h"
#include "tx.h"
#include "../core/id.h"
#include "../core/jsonx.h"
#include "../db/db.h"

#include <stdio.h>
#include <string.h>

/* The user id of role into *out (id and name); ERR_NOT_FOUND when none. */
static enum err person(struct db *db, const char *id, const char *role, struct party *out)
{
	if (!id || !id_valid(id))
		return ERR_NOT_FOUND;
	struct db_stmt *st = db_prepare(db, "SELECT full_name FROM users WHERE id = ? AND role = ?");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, role);
	enum db_rc rc = db_step(st);
	if (rc == DB_ROW) {
		snprintf(out->id, sizeof(out->id), "%s", id);
		snprintf(out->name, sizeof(out->name), "%s", db_column_text(st, 0));
		out->role = strcmp(role, "doctor") == 0 ? "doctor" : "patient";
	}
	db_finalize(st);
	return rc == DB_ROW ? ERR_OK : rc == DB_DONE ? ERR_NOT_FOUND : ERR_DB;
}

/* Only a doctor whose account is active (verified, not disabled) reads
 * another's patients' records, by either door. */
static bool doctor_ok(const struct principal *who)
{
	return who->role == ROLE_DOCTOR && strcmp(who->status, "active") == 0;
}

/* Audits a refused read and returns e (or the audit's own failure). */
static enum err refuse(const struct record_ctx *ctx, const char *patient_id, const char *why,
		       enum err e)
{
	const char *whose = patient_id && id_valid(patient_id) ? patient_id : NULL;
	enum err a = audit_record_patient(ctx->db, ctx->who, "record.read_refused", whose, whose,
					  json_pack("{s:s}", "reason", why), ctx->now_ms);
	return a ? a : e;
}

/* The listing under the grant, with who the patient is and how it was opened. */
static enum err list_granted(const struct record_ctx *ctx, const struct party *patient,
			     const char *access, int limit, const char *cursor, json_t **out)
{
	struct record_ctx granted = *ctx;
	granted.granted_patient = patient->id;
	enum err e = record__list(&granted, patient->id, limit, cursor, out);
	if (!e) {
		json_object_set_new(*out, "patient", record__person(patient));
		json_object_set_new(*out, "access", json_string(access));
	}
	return e;
}

enum err record_share_read(const struct record_ctx *ctx, const char *patient_id, int limit,
			   const char *cursor, json_t **out)
{
	*out = NULL;
	if (!doctor_ok(ctx->who))
		return refuse(ctx, patient_id, "not_a_doctor", ERR_FORBIDDEN);
	struct party patient;
	enum err e = person(ctx->db, patient_id, "patient", &patient);
	if (e == ERR_NOT_FOUND || (!e && care_relationship(ctx->db, ctx->who->user_id, patient.id) != ERR_OK))
		return refuse(ctx, patient_id, "no_care_relationship", ERR_NOT_FOUND);
	if (e)
		return e;
	if (!consent_active(ctx->db, patient.id, "share", ctx->who->user_id))
		return refuse(ctx, patient.id, "consent_required", ERR_CONSENT_REQUIRED);
	e = audit_record_patient(ctx->db, ctx->who, "record.read", patient.id, patient.id,
			 json_pack("{s:s}", "basis", "care_and_consent"), ctx->now_ms);
	return e ? e : list_granted(ctx, &patient, "care", limit, cursor, out);
}

/* reason has RECORD_REASON_MIN to RECORD_REASON_MAX characters, not all blank. */
static bool reason_ok(const char *reason)
{
	json_t *valid = reason ? json_string(reason) : NULL; /* NULL unless UTF-8 */
	size_t n = valid ? jsonx_utf8_length(reason) : 0;
	json_decref(valid);
	if (n < RECORD_REASON_MIN || n > RECORD_REASON_MAX)
		return false;
	return strspn(reason, " \t\r\n") < strlen(reason);
}

enum err record_share_emergency(const struct record_ctx *ctx, const char *patient_id,
				const char *reason, json_t *notices, json_t **out)
{
	*out = NULL;
	if (!doctor_ok(ctx->who))
		return refuse(ctx, patient_id, "not_a_doctor", ERR_FORBIDDEN);
	if (!reason_ok(reason))
		return ERR_INVALID_VALUE;
	struct party patient, doctor;
	enum err e = person(ctx->db, patient_id, "patient", &patient);
	if (!e)
		e = person(ctx->db, ctx->who->user_id, "doctor", &doctor);
	if (e == ERR_NOT_FOUND)
		return refuse(ctx, patient_id, "no_such_patient", ERR_NOT_FOUND);
	if (e)
		return e;
	bool care = care_relationship(ctx->db, doctor.id, patient.id) == ERR_OK;
	bool consent = consent_active(ctx->db, patient.id, "share", doctor.id);
	if (db_begin(ctx->db) != DB_OK)
		return ERR_DB;
	json_t *mine = json_array();
	e = audit_append_patient(ctx->db, ctx->who, "record.emergency_access", patient.id, patient.id,
			 json_pack("{s:s,s:s,s:b,s:b}", "purpose", "emergency", "reason", reason, "care_relationship", care,
				   "consent", consent), ctx->now_ms);
	if (!e)
		e = notifications_record_opened(ctx->db, patient.id, &doctor, ctx->now_ms, mine);
	e = tx_end(ctx->db, e);
	if (!e && notices)
		json_array_extend(notices, mine);
	json_decref(mine);
	return e ? e : list_granted(ctx, &patient, "emergency", RECORD_PAGE_MAX, NULL, out);
}

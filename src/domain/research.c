/* research.c — the de-identified research export (see research.h). Each
 * consenting patient becomes one record: quasi-identifiers generalised,
 * encounters with shifted days, the specialty seen, the signed note's
 * ICD-10 code and the medications prescribed (opened from their sealed
 * bodies, keeping only the code and the names). Nothing that names or
 * contacts a person is read. */
#include "research.h"
#include "audit.h"
#include "consent.h"
#include "demographics.h"
#include "record_int.h"
#include "sealed.h"
#include "../core/id.h"
#include "../core/instant.h"
#include "../db/db.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY_MS 86400000LL

/* "30-39", "90+" or "unknown" for a birth date, as of now. */
static void age_band(const char *birth, int64_t now_ms, char out[48])
{
	int64_t born;
	if (!birth || instant_parse_date(birth, &born)) {
		snprintf(out, 48, "unknown");
		return;
	}
	int64_t by, ny;
	int bm, bd, nm, nd;
	instant_civil_from_days(born, &by, &bm, &bd);
	instant_civil_from_days(now_ms / DAY_MS, &ny, &nm, &nd);
	int64_t age = ny - by - (nm < bm || (nm == bm && nd < bd));
	int64_t low = age / 10 * 10;
	if (low >= 90)
		snprintf(out, 48, "90+");
	else
		snprintf(out, 48, "%lld-%lld", (long long)low, (long long)low + 9);
}

/* The signed note's ICD-10 code of an appointment, or NULL. */
static json_t *icd10_of(const struct record_ctx *ctx, const char *appointment_id)
{
	struct db_stmt *st = db_prepare(ctx->db, "SELECT id, body FROM consultation_notes"
					" WHERE appointment_id = ? AND signed_at IS NOT NULL");
	json_t *code = json_null();
	if (!st)
		return code;
	db_bind_text(st, 1, appointment_id);
	if (db_step(st) == DB_ROW) {
		json_t *body = record__read_json(st, 1, ctx, &SEALED_NOTE_BODY, db_column_text(st, 0));
		const char *icd = json_string_value(json_object_get(body, "icd10"));
		if (icd && *icd)
			code = json_string(icd);
		json_decref(body);
	}
	db_finalize(st);
	return code;
}

/* The names of what was prescribed (not cancelled) at an appointment. */
static json_t *medications_of(const struct record_ctx *ctx, const char *appointment_id)
{
	json_t *names = json_array();
	struct db_stmt *st = db_prepare(ctx->db, "SELECT id, body FROM prescriptions"
		" WHERE appointment_id = ? AND cancelled_at IS NULL ORDER BY created_at");
	if (!st)
		return names;
	db_bind_text(st, 1, appointment_id);
	while (db_step(st) == DB_ROW) {
		json_t *body = record__read_json(st, 1, ctx, &SEALED_PRESCRIPTION_BODY,
						 db_column_text(st, 0));
		const char *name = json_string_value(json_object_get(json_object_get(body,
			"medication"), "name"));
		if (name)
			json_array_append_new(names, json_string(name));
		json_decref(body);
	}
	db_finalize(st);
	return names;
}

/* The patient's encounters, each day moved by shift_days. */
static enum err encounters(const struct record_ctx *ctx, const char *patient_id,
			   int64_t shift_days, json_t *out)
{
	struct db_stmt *st = db_prepare(ctx->db,
		"SELECT a.id, a.start_at, s.name FROM appointments a"
		" LEFT JOIN doctor_profiles p ON p.user_id = a.doctor_id"
		" LEFT JOIN specialties s ON s.id = p.specialty_id"
		" WHERE a.patient_id = ? AND a.status <> 'cancelled' ORDER BY a.start_at");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, patient_id);
	enum db_rc rc;
	while ((rc = db_step(st)) == DB_ROW) {
		char day[INSTANT_TEXT_MAX];
		instant_format(db_column_int64(st, 1) + shift_days * DAY_MS, day);
		day[10] = '\0';
		const char *id = db_column_text(st, 0);
		json_array_append_new(out, json_pack("{s:s,s:s?,s:o,s:o}", "day", day, "specialty",
			db_column_is_null(st, 2) ? NULL : db_column_text(st, 2), "icd10",
			icd10_of(ctx, id), "medications", medications_of(ctx, id)));
	}
	db_finalize(st);
	return rc == DB_DONE ? ERR_OK : ERR_DB;
}

/* One consenting patient, de-identified; counts their group in groups. */
static enum err record_of(const struct record_ctx *ctx, const char *patient_id,
			  json_t *records, json_t *groups)
{
	json_t *about = NULL;
	enum err e = demographics_of(ctx->db, patient_id, &about);
	if (e)
		return e;
	char band[48], subject[ID_LEN + 1], group[96];
	age_band(json_string_value(json_object_get(about, "birth_date")), ctx->now_ms, band);
	const char *sex = json_string_value(json_object_get(about, "sex"));
	const char *country = json_string_value(json_object_get(about, "country"));
	id_new(subject);
	int64_t shift = (int64_t)randombytes_uniform(2 * RESEARCH_SHIFT_DAYS + 1) -
			RESEARCH_SHIFT_DAYS;
	json_t *list = json_array();
	e = encounters(ctx, patient_id, shift, list);
	snprintf(group, sizeof(group), "%s|%s|%s", band, sex ? sex : "unknown",
		 country ? country : "unknown");
	json_object_set_new(groups, group, json_integer(json_integer_value(json_object_get(groups,
		group)) + 1));
	json_array_append_new(records, json_pack("{s:s,s:s,s:s,s:s,s:o}", "subject", subject,
		"age_band", band, "sex", sex ? sex : "unknown", "country",
		country ? country : "unknown", "encounters", list));
	json_decref(about);
	return e;
}

/* Everyone whose research consent is in force, erased patients never. */
static enum err consenting(const struct record_ctx *ctx, json_t *records, json_t *groups)
{
	struct db_stmt *st = db_prepare(ctx->db,
		"SELECT DISTINCT c.patient_id FROM consents c JOIN users u ON u.id = c.patient_id"
		" WHERE c.purpose = 'research' AND u.erased_at IS NULL");
	if (!st)
		return ERR_DB;
	json_t *ids = json_array();
	enum db_rc rc;
	while ((rc = db_step(st)) == DB_ROW)
		json_array_append_new(ids, json_string(db_column_text(st, 0)));
	db_finalize(st);
	enum err e = rc == DB_DONE ? ERR_OK : ERR_DB;
	size_t i;
	json_t *id;
	json_array_foreach(ids, i, id)
		if (!e && consent_active(ctx->db, json_string_value(id), "research", NULL))
			e = record_of(ctx, json_string_value(id), records, groups);
	json_decref(ids);
	return e;
}

/* How many groups have fewer than k members. */
static size_t small_groups(const json_t *groups, int k)
{
	size_t n = 0;
	const char *key;
	json_t *count;
	json_object_foreach((json_t *)groups, key, count)
		n += json_integer_value(count) < k;
	return n;
}

enum err research_export(const struct record_ctx *ctx, int k, json_t **out, char *msg,
			 size_t msglen)
{
	*out = NULL;
	if (ctx->who->role != ROLE_ADMIN)
		return ERR_FORBIDDEN;
	json_t *records = json_array(), *groups = json_object();
	enum err e = consenting(ctx, records, groups);
	size_t small = e ? 0 : small_groups(groups, k);
	size_t patients = json_array_size(records);
	if (!e && small) {
		snprintf(msg, msglen, "%zu of %zu groups (same age band, sex and country) have fewer"
			 " than %d patients", small, json_object_size(groups), k);
		audit_record(ctx->db, ctx->who, "research.export_refused", NULL, json_pack(
			"{s:i,s:I,s:I}", "k", k, "groups", (json_int_t)json_object_size(groups),
			"too_small", (json_int_t)small), ctx->now_ms);
		e = ERR_K_ANONYMITY;
	}
	json_decref(groups);
	if (!e)
		e = audit_record(ctx->db, ctx->who, "research.export", NULL,
				 json_pack("{s:i,s:I}", "k", k, "patients", (json_int_t)patients),
				 ctx->now_ms);
	if (e) {
		json_decref(records);
		return e;
	}
	*out = json_pack("{s:i,s:I,s:o}", "k", k, "patients", (json_int_t)patients, "records",
			 records);
	return ERR_OK;
}

/* appointments.c — booking, listing, cancelling (see appointments.h). */
#include "appointments.h"
#include "accounts.h"
#include "audit.h"
#include "disclosure.h"
#include "notifications.h"
#include "page.h"
#include "questionnaire.h"
#include "schedule.h"
#include "tx.h"
#include "../core/instant.h"
#include "../core/jsonx.h"
#include "../core/mem.h"
#include "../db/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define APPT_SELECT                                                              \
	"SELECT a.id, a.doctor_id, d.full_name, a.patient_id, p.full_name,"      \
	" a.start_at, a.end_at, a.status, a.mode, a.reason, a.answers,"           \
	" a.cancel_reason, a.created_at, a.updated_at, a.questionnaire_id,"      \
	" q.version, q.items,"                                                   \
	" (SELECT COUNT(*) FROM reviews r WHERE r.appointment_id = a.id)"        \
	" FROM appointments a"                                                   \
	" JOIN users d ON d.id = a.doctor_id JOIN users p ON p.id = a.patient_id" \
	" LEFT JOIN questionnaires q ON q.id = a.questionnaire_id"

/* The questionnaire version the answers were given to, or null. */
static json_t *questionnaire_ref(struct db_stmt *st)
{
	if (db_column_is_null(st, 14))
		return json_null();
	return json_pack("{s:s,s:I}", "id", db_column_text(st, 14), "version",
			 (json_int_t)db_column_int64(st, 15));
}

static json_t *appointment_json(struct db_stmt *st)
{
	char start[INSTANT_TEXT_MAX], end[INSTANT_TEXT_MAX], created[INSTANT_TEXT_MAX],
		updated[INSTANT_TEXT_MAX];
	instant_format(db_column_int64(st, 5), start);
	instant_format(db_column_int64(st, 6), end);
	instant_format(db_column_int64(st, 12), created);
	instant_format(db_column_int64(st, 13), updated);
	json_t *answers = json_loads(db_column_text(st, 10), 0, NULL);
	if (!answers)
		answers = json_object();
	json_t *intake = questionnaire_intake(db_column_text(st, 16), answers);
	return json_pack("{s:s,s:{s:s,s:s},s:{s:s,s:s},s:s,s:s,s:s,s:s,s:s,s:o,s:o,s:o,"
			 "s:s?,s:s,s:s,s:b}",
			 "id", db_column_text(st, 0),
			 "doctor", "id", db_column_text(st, 1), "full_name", db_column_text(st, 2),
			 "patient", "id", db_column_text(st, 3), "full_name", db_column_text(st, 4),
			 "start", start, "end", end, "status", db_column_text(st, 7),
			 "mode", db_column_text(st, 8), "reason", db_column_text(st, 9),
			 "answers", answers, "questionnaire", questionnaire_ref(st), "intake", intake,
			 "cancel_reason", db_column_text(st, 11), "created_at", created,
			 "updated_at", updated, "reviewed", db_column_int64(st, 17) > 0);
}

/* The doctor's reads of their patients' reasons and answers, audited the
 * first time (see disclosure.h). appointments: a JSON array. */
static enum err note_views(struct db *db, const struct principal *who, const json_t *appointments,
			   int64_t now_ms)
{
	size_t n = json_array_size(appointments), k = 0, i;
	struct disclosure *seen = mem_calloc(n ? n : 1, sizeof(*seen));
	json_t *a;
	json_array_foreach(appointments, i, a)
	{
		const char *doctor = jsonx_string(json_object_get(a, "doctor"), "id");
		bool health = *jsonx_string(a, "reason") || json_array_size(json_object_get(a, "intake"));
		if (health && strcmp(doctor, who->user_id) == 0)
			seen[k++] = (struct disclosure){jsonx_string(a, "id"),
				jsonx_string(json_object_get(a, "patient"), "id")};
	}
	enum err e = disclosure_note(db, who, "appointment.view", seen, k, now_ms);
	free(seen);
	return e;
}

enum err appointments_view(struct db *db, const struct principal *who, const char *id,
			   int64_t now_ms, json_t **out)
{
	enum err e = appointments_get(db, who, id, out);
	json_t *one = e ? NULL : json_pack("[O]", *out);
	if (one && (e = note_views(db, who, one, now_ms))) {
		json_decref(*out);
		*out = NULL;
	}
	json_decref(one);
	return e;
}

enum err appointments_get(struct db *db, const struct principal *who,
			  const char *id, json_t **out)
{
	*out = NULL;
	if (!id_valid(id))
		return ERR_NOT_FOUND;
	struct db_stmt *st = db_prepare(db, APPT_SELECT
		" WHERE a.id = ? AND (a.patient_id = ? OR a.doctor_id = ?)");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, who->user_id);
	db_bind_text(st, 3, who->user_id);
	enum db_rc rc = db_step(st);
	if (rc == DB_ROW)
		*out = appointment_json(st);
	db_finalize(st);
	return rc == DB_ROW ? ERR_OK : rc == DB_DONE ? ERR_NOT_FOUND : ERR_DB;
}

enum err appointments_insert(struct db *db, const struct appointment_new *a, int64_t now_ms)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO appointments (id, doctor_id, patient_id, start_at, end_at, status,"
		" mode, reason, answers, questionnaire_id, created_at, updated_at)"
		" VALUES (?, ?, ?, ?, ?, 'booked', ?, ?, ?, ?, ?, ?)");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, a->id);
	db_bind_text(st, 2, a->doctor_id);
	db_bind_text(st, 3, a->patient_id);
	db_bind_int64(st, 4, a->start_ms);
	db_bind_int64(st, 5, a->end_ms);
	db_bind_text(st, 6, a->mode);
	db_bind_text(st, 7, a->reason ? a->reason : "");
	db_bind_text(st, 8, a->answers ? a->answers : "{}");
	db_bind_text(st, 9, a->questionnaire_id && *a->questionnaire_id ? a->questionnaire_id : NULL);
	db_bind_int64(st, 10, now_ms);
	db_bind_int64(st, 11, now_ms);
	enum db_rc rc = db_step(st);
	db_finalize(st);
	return rc == DB_DONE ? ERR_OK : rc == DB_CONSTRAINT ? ERR_SLOT_TAKEN : ERR_DB;
}

enum err appointments_book(struct db *db, const struct principal *who,
			   const struct booking *b, int64_t now_ms, json_t **out,
			   char *msg, size_t msglen)
{
	*out = NULL;
	if (who->role != ROLE_PATIENT)
		return ERR_FORBIDDEN;
	enum err e = accounts_find_doctor(db, b->doctor_id, true);
	if (e)
		return e;
	if (b->start_ms <= now_ms)
		return ERR_SLOT_IN_PAST;
	int64_t end_ms;
	e = schedule_find_slot(db, b->doctor_id, b->start_ms, &end_ms);
	if (e)
		return e;
	char id[ID_LEN + 1], qid[ID_LEN + 1];
	json_t *answers;
	e = questionnaire_answer(db, b->doctor_id, b->answers, qid, &answers, msg, msglen);
	if (e)
		return e;
	id_new(id);
	char *answers_text = json_dumps(answers, JSON_COMPACT);
	json_decref(answers);
	struct appointment_new a = {
		.id = id, .doctor_id = b->doctor_id, .patient_id = who->user_id, .mode = b->mode,
		.reason = b->reason, .start_ms = b->start_ms, .end_ms = end_ms,
		.answers = answers_text, .questionnaire_id = qid,
	};
	if (db_begin(db) != DB_OK) {
		free(answers_text);
		return ERR_DB;
	}
	e = appointments_insert(db, &a, now_ms);
	if (!e)
		e = audit_append_patient(db, who, "appointment.book", who->user_id, who->user_id,
				 json_pack("{s:s,s:s,s:s?}", "appointment_id", id, "doctor_id",
					   b->doctor_id, "questionnaire_id", *qid ? qid : NULL), now_ms);
	free(answers_text);
	if (!e)
		e = notifications_for_appointment(db, id, APPT_BOOKED, who->user_id, now_ms,
						  b->notices);
	e = tx_end(db, e);
	return e ? e : appointments_get(db, who, id, out);
}

static struct db_stmt *list_query(struct db *db, const struct principal *who, bool upcoming,
				  bool paged, int64_t c_start, const char *c_id,
				  int limit, int64_t now_ms)
{
	char sql[1024];
	snprintf(sql, sizeof(sql), APPT_SELECT
		 " WHERE (a.patient_id = ? OR a.doctor_id = ?) AND a.end_at %s ?%s"
		 " ORDER BY a.start_at %s, a.id %s LIMIT ?",
		 upcoming ? ">" : "<=",
		 !paged ? "" : upcoming ? " AND (a.start_at > ? OR (a.start_at = ? AND a.id > ?))"
					: " AND (a.start_at < ? OR (a.start_at = ? AND a.id < ?))",
		 upcoming ? "ASC" : "DESC", upcoming ? "ASC" : "DESC");
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return NULL;
	int i = 1;
	db_bind_text(st, i++, who->user_id);
	db_bind_text(st, i++, who->user_id);
	db_bind_int64(st, i++, now_ms);
	if (paged) {
		db_bind_int64(st, i++, c_start);
		db_bind_int64(st, i++, c_start);
		db_bind_text(st, i++, c_id);
	}
	db_bind_int64(st, i, limit + 1);
	return st;
}

enum err appointments_list(struct db *db, const struct principal *who,
			   const char *scope, int limit, const char *cursor,
			   int64_t now_ms, json_t **items, char *next, size_t next_len)
{
	*items = NULL;
	bool upcoming = strcmp(scope, "upcoming") == 0;
	if (!upcoming && strcmp(scope, "past") != 0)
		return ERR_INVALID_VALUE;
	int64_t c_start = 0;
	char c_id[ID_LEN + 1] = "";
	bool paged = cursor && *cursor;
	if (paged && page_cursor_parse(cursor, &c_start, c_id))
		return ERR_INVALID_VALUE;
	struct db_stmt *st = list_query(db, who, upcoming, paged, c_start, c_id, limit, now_ms);
	if (!st)
		return ERR_DB;
	enum err e = page_collect(st, limit, appointment_json, "start", items, next, next_len);
	if (!e && (e = note_views(db, who, *items, now_ms))) {
		json_decref(*items);
		*items = NULL;
	}
	return e;
}

static enum err mark_cancelled(struct db *db, const struct principal *who, const char *id,
			       const char *reason, int64_t now_ms)
{
	struct db_stmt *st = db_prepare(db,
		"UPDATE appointments SET status = 'cancelled', cancelled_at = ?, cancelled_by = ?,"
		" cancel_reason = ?, updated_at = ? WHERE id = ?"
		" AND status IN ('booked','checked-in','arrived')");
	if (!st)
		return ERR_DB;
	db_bind_int64(st, 1, now_ms);
	db_bind_text(st, 2, who->user_id);
	db_bind_text(st, 3, reason ? reason : "");
	db_bind_int64(st, 4, now_ms);
	db_bind_text(st, 5, id);
	enum db_rc rc = db_step(st);
	db_finalize(st);
	if (rc != DB_DONE)
		return ERR_DB;
	return db_changes(db) == 1 ? ERR_OK : ERR_CONFLICT;
}

enum err appointments_cancel(struct db *db, const struct principal *who,
			     const char *id, const char *reason, int64_t now_ms,
			     json_t *notices, json_t **out)
{
	json_t *current = NULL;
	enum err e = appointments_get(db, who, id, &current);
	if (e)
		return e;
	const char *patient = json_string_value(json_object_get(json_object_get(current, "patient"), "id"));
	char subject[ID_LEN + 1];
	snprintf(subject, sizeof(subject), "%s", patient);
	json_decref(current);
	if (db_begin(db) != DB_OK)
		return ERR_DB;
	e = mark_cancelled(db, who, id, reason, now_ms);
	if (!e)
		e = audit_append_patient(db, who, "appointment.cancel", subject, subject,
				 json_pack("{s:s}", "appointment_id", id), now_ms);
	if (!e)
		e = notifications_for_appointment(db, id, APPT_CANCELLED, who->user_id, now_ms,
						  notices);
	e = tx_end(db, e);
	return e ? e : appointments_get(db, who, id, out);
}

static enum err move(struct db *db, const char *id, int64_t start_ms, int64_t end_ms,
		     int64_t now_ms)
{
	struct db_stmt *st = db_prepare(db,
		"UPDATE appointments SET start_at = ?, end_at = ?, updated_at = ?,"
		" reminded_day_at = NULL, reminded_soon_at = NULL"
		" WHERE id = ? AND status = 'booked'");
	if (!st)
		return ERR_DB;
	db_bind_int64(st, 1, start_ms);
	db_bind_int64(st, 2, end_ms);
	db_bind_int64(st, 3, now_ms);
	db_bind_text(st, 4, id);
	enum db_rc rc = db_step(st);
	db_finalize(st);
	if (rc == DB_CONSTRAINT)
		return ERR_SLOT_TAKEN;
	if (rc != DB_DONE)
		return ERR_DB;
	return db_changes(db) == 1 ? ERR_OK : ERR_CONFLICT;
}

enum err appointments_reschedule(struct db *db, const struct principal *who,
				 const char *id, int64_t start_ms, int64_t now_ms,
				 json_t *notices, json_t **out)
{
	*out = NULL;
	json_t *current = NULL;
	enum err e = appointments_get(db, who, id, &current);
	if (e)
		return e;
	char doctor[ID_LEN + 1], patient[ID_LEN + 1];
	snprintf(doctor, sizeof(doctor), "%s", json_string_value(json_object_get(json_object_get(current, "doctor"), "id")));
	snprintf(patient, sizeof(patient), "%s", json_string_value(json_object_get(json_object_get(current, "patient"), "id")));
	json_decref(current);
	if (start_ms <= now_ms)
		return ERR_SLOT_IN_PAST;
	int64_t end_ms;
	e = schedule_find_slot(db, doctor, start_ms, &end_ms);
	if (e)
		return e;
	if (db_begin(db) != DB_OK)
		return ERR_DB;
	e = move(db, id, start_ms, end_ms, now_ms);
	if (!e)
		e = audit_append_patient(db, who, "appointment.reschedule", patient, patient,
				 json_pack("{s:s}", "appointment_id", id), now_ms);
	if (!e)
		e = notifications_for_appointment(db, id, APPT_RESCHEDULED, who->user_id, now_ms,
						  notices);
	e = tx_end(db, e);
	return e ? e : appointments_get(db, who, id, out);
}

/* An appointment for a calendar: health data stays out. */
static json_t *calendar_json(struct db_stmt *st)
{
	json_t *a = appointment_json(st);
	json_object_del(a, "reason");
	json_object_del(a, "answers");
	json_object_del(a, "cancel_reason");
	return a;
}

enum err appointments_calendar(struct db *db, const struct principal *who, int64_t from_ms,
			       int limit, json_t **items)
{
	*items = NULL;
	struct db_stmt *st = db_prepare(db, APPT_SELECT
		" WHERE (a.patient_id = ? OR a.doctor_id = ?) AND a.end_at > ?"
		" ORDER BY a.start_at, a.id LIMIT ?");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, who->user_id);
	db_bind_text(st, 2, who->user_id);
	db_bind_int64(st, 3, from_ms);
	db_bind_int64(st, 4, limit);
	char next[8]; /* never filled: the query stops at limit rows */
	return page_collect(st, limit, calendar_json, "start", items, next, sizeof(next));
}

/* dropin_doctors.c — the doctors' side of the drop-in queue: duty, the view
 * of the queue, and taking the next patient (see dropin.h). A take is one
 * write transaction; the request is claimed by an update that only succeeds
 * while it still waits, so of two doctors racing for it one gets it and the
 * other moves on to the next request. */
#include "dropin_int.h"
#include "accounts.h"
#include "appointments.h"
#include "audit.h"
#include "disclosure.h"
#include "tx.h"
#include "../core/instant.h"
#include "../core/mem.h"
#include "../db/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Tries before giving up when other doctors keep claiming the first request
 * first (only a store with concurrent writers gets there at all). */
#define CLAIM_TRIES 8

struct duty {
	char specialty[65]; /* "" without one */
	char specialty_name[101];
	bool on;
	int64_t since;
};

/* The caller as a verified doctor, with their specialty and duty;
 * ERR_FORBIDDEN for anyone else. */
static enum err load_duty(struct db *db, const struct principal *who, struct duty *d)
{
	memset(d, 0, sizeof(*d));
	if (who->role != ROLE_DOCTOR)
		return ERR_FORBIDDEN;
	struct db_stmt *st = db_prepare(db,
		"SELECT p.specialty_id, s.name, d.since FROM users u"
		" LEFT JOIN doctor_profiles p ON p.user_id = u.id"
		" LEFT JOIN specialties s ON s.id = p.specialty_id"
		" LEFT JOIN doctors_on_duty d ON d.doctor_id = u.id"
		" WHERE u.id = ? AND u.role = 'doctor' AND u.status = 'active'");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, who->user_id);
	enum db_rc rc = db_step(st);
	if (rc == DB_ROW && !db_column_is_null(st, 0)) {
		snprintf(d->specialty, sizeof(d->specialty), "%s", db_column_text(st, 0));
		snprintf(d->specialty_name, sizeof(d->specialty_name), "%s", db_column_text(st, 1));
	}
	if (rc == DB_ROW && !db_column_is_null(st, 2)) {
		d->on = true;
		d->since = db_column_int64(st, 2);
	}
	db_finalize(st);
	return rc == DB_ROW ? ERR_OK : rc == DB_DONE ? ERR_FORBIDDEN : ERR_DB;
}

static json_t *duty_json(const struct duty *d)
{
	char since[INSTANT_TEXT_MAX];
	instant_format(d->since, since);
	return json_pack("{s:b,s:s?}", "on_duty", d->on, "since", d->on ? since : NULL);
}

static enum err change_duty(struct db *db, const struct principal *who, bool on, int64_t now_ms)
{
	struct db_stmt *st = db_prepare(db, on
		? "INSERT INTO doctors_on_duty (doctor_id, since) VALUES (?, ?)"
		  " ON CONFLICT (doctor_id) DO NOTHING"
		: "DELETE FROM doctors_on_duty WHERE doctor_id = ?");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, who->user_id);
	if (on)
		db_bind_int64(st, 2, now_ms);
	enum db_rc rc = db_step(st);
	db_finalize(st);
	if (rc != DB_DONE)
		return ERR_DB;
	if (db_changes(db) == 0)
		return ERR_OK;
	return audit_append(db, who, on ? "dropin.duty_on" : "dropin.duty_off", who->user_id, NULL,
			    now_ms);
}

enum err dropin_set_duty(struct db *db, const struct principal *who, const char *doctor_id,
			 bool on, int64_t now_ms, json_t **out, char *msg, size_t msglen)
{
	*out = NULL;
	enum err e = accounts_find_doctor(db, doctor_id, false);
	if (e)
		return e;
	if (who->role != ROLE_DOCTOR || strcmp(who->user_id, doctor_id) != 0)
		return ERR_FORBIDDEN;
	struct duty d;
	e = load_duty(db, who, &d);
	if (e == ERR_FORBIDDEN)
		snprintf(msg, msglen, "Only verified doctors take drop-in patients");
	if (!e && on && !*d.specialty) {
		snprintf(msg, msglen, "Choose your specialty in your profile first");
		e = ERR_INVALID_VALUE;
	}
	if (e)
		return e;
	if (db_begin(db) != DB_OK)
		return ERR_DB;
	e = tx_end(db, change_duty(db, who, on, now_ms));
	if (!e)
		e = load_duty(db, who, &d);
	if (!e)
		*out = duty_json(&d);
	return e;
}

/* The waiting requests shown to a doctor on duty, first first; their first
 * sight is audited. */
static enum err waiting_list(struct db *db, const struct principal *who, const char *specialty,
			     int64_t now_ms, json_t **out)
{
	struct db_stmt *st = db_prepare(db, DROPIN_ENTRY_SELECT
		" WHERE e.specialty_id = ? AND e.status = 'waiting'"
		" ORDER BY e.created_at, e.id LIMIT ?");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, specialty);
	db_bind_int64(st, 2, DROPIN_QUEUE_SHOWN);
	json_t *list = json_array();
	struct disclosure seen[DROPIN_QUEUE_SHOWN];
	char patients[DROPIN_QUEUE_SHOWN][ID_LEN + 1];
	size_t n = 0;
	enum db_rc rc = DB_DONE;
	while (n < DROPIN_QUEUE_SHOWN && (rc = db_step(st)) == DB_ROW) {
		json_t *entry = dropin__entry_json(st);
		json_object_set_new(entry, "position", json_integer((json_int_t)n + 1));
		json_array_append_new(list, entry);
		snprintf(patients[n], sizeof(patients[n]), "%s", db_column_text(st, DROPIN_COL_PATIENT));
		seen[n] = (struct disclosure){json_string_value(json_object_get(entry, "id")), patients[n]};
		n++;
	}
	db_finalize(st);
	enum err e = n == DROPIN_QUEUE_SHOWN || rc == DB_DONE ? ERR_OK : ERR_DB;
	if (!e)
		e = disclosure_note(db, who, "dropin.view", seen, n, now_ms);
	if (e) {
		json_decref(list);
		return e;
	}
	*out = list;
	return ERR_OK;
}

enum err dropin_queue(struct db *db, const struct principal *who, int64_t now_ms,
		      json_t **out)
{
	*out = NULL;
	struct duty d;
	enum err e = load_duty(db, who, &d);
	int64_t waiting = 0, doctors = 0;
	if (!e && *d.specialty)
		e = dropin__tally(db, d.specialty, &waiting, &doctors);
	json_t *entries = NULL;
	if (!e && d.on && *d.specialty)
		e = waiting_list(db, who, d.specialty, now_ms, &entries);
	if (e)
		return e;
	json_t *q = duty_json(&d);
	json_object_set_new(q, "specialty", *d.specialty
		? json_pack("{s:s,s:s}", "id", d.specialty, "name", d.specialty_name) : json_null());
	json_object_set_new(q, "waiting_count", json_integer(waiting));
	json_object_set_new(q, "doctors_on_duty", json_integer(doctors));
	json_object_set_new(q, "entries", entries ? entries : json_array());
	*out = q;
	return ERR_OK;
}

/* ERR_DOCTOR_BUSY while one of the doctor's live appointments is under way. */
static enum err busy(struct db *db, const char *doctor_id, int64_t now_ms)
{
	struct db_stmt *st = db_prepare(db, "SELECT 1 FROM appointments WHERE doctor_id = ?"
		" AND status IN ('booked','checked-in','arrived') AND start_at <= ? AND end_at > ?");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, doctor_id);
	db_bind_int64(st, 2, now_ms);
	db_bind_int64(st, 3, now_ms);
	enum db_rc rc = db_step(st);
	db_finalize(st);
	return rc == DB_ROW ? ERR_DOCTOR_BUSY : rc == DB_DONE ? ERR_OK : ERR_DB;
}

struct claim {
	char id[ID_LEN + 1], patient[ID_LEN + 1], qid[ID_LEN + 1], mode[16];
	char *reason, *answers; /* owned */
};

static void claim_cleanup(struct claim *c)
{
	free(c->reason);
	free(c->answers);
	memset(c, 0, sizeof(*c));
}

static enum err first_waiting(struct db *db, const char *specialty, struct claim *c)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT id, patient_id, questionnaire_id, mode, reason, answers FROM dropin_entries"
		" WHERE specialty_id = ? AND status = 'waiting' ORDER BY created_at, id LIMIT 1");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, specialty);
	enum db_rc rc = db_step(st);
	if (rc == DB_ROW) {
		snprintf(c->id, sizeof(c->id), "%s", db_column_text(st, 0));
		snprintf(c->patient, sizeof(c->patient), "%s", db_column_text(st, 1));
		snprintf(c->qid, sizeof(c->qid), "%s", db_column_is_null(st, 2) ? "" : db_column_text(st, 2));
		snprintf(c->mode, sizeof(c->mode), "%s", db_column_text(st, 3));
		c->reason = mem_strdup(db_column_text(st, 4));
		c->answers = mem_strdup(db_column_text(st, 5));
	}
	db_finalize(st);
	return rc == DB_ROW ? ERR_OK : rc == DB_DONE ? ERR_QUEUE_EMPTY : ERR_DB;
}

/* Claims the first waiting request of the specialty for the doctor. */
static enum err claim_first(struct db *db, const struct principal *who, const char *specialty,
			    int64_t now_ms, struct claim *c)
{
	for (int i = 0; i < CLAIM_TRIES; i++) {
		enum err e = first_waiting(db, specialty, c);
		if (e)
			return e;
		struct db_stmt *st = db_prepare(db,
			"UPDATE dropin_entries SET status = 'taken', taken_by = ?, closed_at = ?"
			" WHERE id = ? AND status = 'waiting'");
		if (!st)
			return ERR_DB;
		db_bind_text(st, 1, who->user_id);
		db_bind_int64(st, 2, now_ms);
		db_bind_text(st, 3, c->id);
		enum db_rc rc = db_step(st);
		db_finalize(st);
		if (rc != DB_DONE)
			return ERR_DB;
		if (db_changes(db) == 1)
			return ERR_OK;
		claim_cleanup(c); /* another doctor was first: the next one */
	}
	return ERR_CONFLICT;
}

static enum err link_appointment(struct db *db, const char *entry_id, const char *appointment_id)
{
	struct db_stmt *st = db_prepare(db, "UPDATE dropin_entries SET appointment_id = ? WHERE id = ?");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, appointment_id);
	db_bind_text(st, 2, entry_id);
	enum db_rc rc = db_step(st);
	db_finalize(st);
	return rc == DB_DONE ? ERR_OK : ERR_DB;
}

static enum err take(struct db *db, const struct principal *who, int64_t now_ms, char *appt)
{
	struct duty d;
	enum err e = load_duty(db, who, &d);
	if (!e && (!d.on || !*d.specialty))
		e = ERR_NOT_ON_DUTY;
	if (!e)
		e = busy(db, who->user_id, now_ms);
	struct claim c = {0};
	if (!e)
		e = claim_first(db, who, d.specialty, now_ms, &c);
	if (e)
		return e;
	id_new(appt);
	int64_t start = now_ms - now_ms % 1000;
	struct appointment_new a = {
		.id = appt, .doctor_id = who->user_id, .patient_id = c.patient, .mode = c.mode,
		.reason = c.reason, .start_ms = start, .end_ms = start + DROPIN_MINUTES * 60000LL,
		.answers = c.answers, .questionnaire_id = c.qid,
	};
	e = appointments_insert(db, &a, now_ms);
	if (!e)
		e = link_appointment(db, c.id, appt);
	if (!e)
		e = audit_append_patient(db, who, "dropin.take", c.patient, c.patient,
				 json_pack("{s:s,s:s}", "entry_id", c.id, "appointment_id", appt), now_ms);
	claim_cleanup(&c);
	return e;
}

enum err dropin_take(struct db *db, const struct principal *who, int64_t now_ms,
		     json_t **out)
{
	*out = NULL;
	if (who->role != ROLE_DOCTOR)
		return ERR_FORBIDDEN;
	char appt[ID_LEN + 1];
	if (db_begin(db) != DB_OK)
		return ERR_DB;
	enum err e = tx_end(db, take(db, who, now_ms, appt));
	return e ? e : appointments_get(db, who, appt, out);
}

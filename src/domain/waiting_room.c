/* waiting_room.c — presence, the queue, its live messages and the doctor's
 * note (see waiting_room.h). A presence change is one write transaction
 * that compares the event's stamp with the last one recorded, so an event
 * that arrives late (after a restart, or from another node) changes
 * nothing. */
#include "waiting_room.h"
#include "appointments.h"
#include "parties.h"
#include "tx.h"
#include "../core/instant.h"
#include "../core/jsonx.h"
#include "../core/mem.h"
#include "../db/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WAITING_MAX 100 /* a doctor's waiting patients considered at most */
#define MINUTE_MS 60000LL

struct waiter {
	char appointment_id[ID_LEN + 1];
	char patient_id[ID_LEN + 1];
	int64_t start_ms, end_ms, since;
};

/* ---- presence ---- */

struct presence {
	bool found, present;
	int64_t since, stamp;
};

static enum err read_presence(struct db *db, const char *appointment_id, struct presence *p)
{
	memset(p, 0, sizeof(*p));
	struct db_stmt *st = db_prepare(db, "SELECT present, since, stamp FROM waiting_presence"
					    " WHERE appointment_id = ?");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, appointment_id);
	enum db_rc rc = db_step(st);
	if (rc == DB_ROW) {
		p->found = true;
		p->present = db_column_int64(st, 0) != 0;
		p->since = db_column_int64(st, 1);
		p->stamp = db_column_int64(st, 2);
	}
	db_finalize(st);
	return rc == DB_ROW || rc == DB_DONE ? ERR_OK : ERR_DB;
}

static enum err write_presence(struct db *db, const char *appointment_id, const char *doctor_id,
			       const struct presence *p)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO waiting_presence (appointment_id, doctor_id, present, since, stamp)"
		" VALUES (?, ?, ?, ?, ?) ON CONFLICT (appointment_id) DO UPDATE SET"
		" present = excluded.present, since = excluded.since, stamp = excluded.stamp");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, appointment_id);
	db_bind_text(st, 2, doctor_id);
	db_bind_int64(st, 3, p->present ? 1 : 0);
	db_bind_int64(st, 4, p->since);
	db_bind_int64(st, 5, p->stamp);
	enum db_rc rc = db_step(st);
	db_finalize(st);
	return rc == DB_DONE ? ERR_OK : ERR_DB;
}

/* The new state after an event, and what changed (see waiting_room.h). The
 * stamp of a departure is the time it happened, in microseconds. */
static const char *apply(struct presence *p, bool in, int64_t stamp, int64_t at_ms)
{
	bool was = p->found && p->present;
	bool back_soon = p->found && !p->present && at_ms - p->stamp / 1000 < WAITING_RETURN_MS;
	if (in && !was && !back_soon)
		p->since = at_ms;
	if (!p->found && !in)
		p->since = at_ms;
	p->present = in;
	p->stamp = stamp;
	p->found = true;
	return in == was ? NULL : !in ? "left" : back_soon ? "returned" : "arrived";
}

enum err waiting_room_presence(struct db *db, const char *appointment_id, bool in,
			       int64_t stamp, int64_t at_ms, const char **change)
{
	*change = NULL;
	struct appt_parties parties;
	enum err e = id_valid(appointment_id) ? appointment_parties(db, appointment_id, &parties)
					      : ERR_NOT_FOUND;
	if (e)
		return e;
	if (db_begin(db) != DB_OK)
		return ERR_DB;
	struct presence p;
	e = read_presence(db, appointment_id, &p);
	if (!e && (!p.found || p.stamp < stamp)) {
		*change = apply(&p, in, stamp, at_ms);
		e = write_presence(db, appointment_id, parties.doctor.id, &p);
	}
	e = tx_end(db, e);
	if (e)
		*change = NULL;
	return e;
}

enum err waiting_room_reset(struct db *db)
{
	return db_exec(db, "UPDATE waiting_presence SET present = 0 WHERE present = 1") == DB_OK
		? ERR_OK : ERR_DB;
}

/* ---- the queue ---- */

/* The doctor's waiting patients, first first: into w[0..*n). */
static enum err load_queue(struct db *db, const char *doctor_id, struct waiter *w, size_t *n)
{
	*n = 0;
	struct db_stmt *st = db_prepare(db,
		"SELECT w.appointment_id, a.patient_id, a.start_at, a.end_at, w.since"
		" FROM waiting_presence w JOIN appointments a ON a.id = w.appointment_id"
		" WHERE w.doctor_id = ? AND w.present = 1 AND a.status IN ('checked-in', 'arrived')"
		" AND NOT EXISTS (SELECT 1 FROM consultations c WHERE c.appointment_id = a.id)"
		" ORDER BY a.start_at, w.since, a.id LIMIT ?");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, doctor_id);
	db_bind_int64(st, 2, WAITING_MAX);
	enum db_rc rc;
	while ((rc = db_step(st)) == DB_ROW && *n < WAITING_MAX) {
		struct waiter *x = &w[(*n)++];
		snprintf(x->appointment_id, sizeof(x->appointment_id), "%s", db_column_text(st, 0));
		snprintf(x->patient_id, sizeof(x->patient_id), "%s", db_column_text(st, 1));
		x->start_ms = db_column_int64(st, 2);
		x->end_ms = db_column_int64(st, 3);
		x->since = db_column_int64(st, 4);
	}
	db_finalize(st);
	return rc == DB_DONE || rc == DB_ROW ? ERR_OK : ERR_DB;
}

/* The doctor's current note, or json null. */
static enum err load_note(struct db *db, const char *doctor_id, int64_t now_ms, json_t **out)
{
	*out = NULL;
	struct db_stmt *st = db_prepare(db, "SELECT text, created_at FROM waiting_notes"
					    " WHERE doctor_id = ? AND created_at > ?");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, doctor_id);
	db_bind_int64(st, 2, now_ms - WAITING_NOTE_TTL_MS);
	enum db_rc rc = db_step(st);
	if (rc == DB_ROW) {
		char at[INSTANT_TEXT_MAX], until[INSTANT_TEXT_MAX];
		int64_t created = db_column_int64(st, 1);
		instant_format(created, at);
		instant_format(created + WAITING_NOTE_TTL_MS, until);
		*out = json_pack("{s:s,s:s,s:s}", "text", db_column_text(st, 0), "at", at,
				 "until", until);
	}
	db_finalize(st);
	if (rc == DB_DONE)
		*out = json_null();
	return *out ? ERR_OK : ERR_DB;
}

/* A rough wait for w[i]: its appointment does not start before its time,
 * and each patient ahead takes about the length of their appointment. */
static json_int_t wait_minutes(const struct waiter *w, size_t i, int64_t now_ms)
{
	int64_t ahead = 0;
	for (size_t k = 0; k < i; k++)
		ahead += w[k].end_ms - w[k].start_ms;
	int64_t until_start = w[i].start_ms - now_ms;
	int64_t ms = ahead > until_start ? ahead : until_start;
	return ms <= 0 ? 0 : (json_int_t)((ms + MINUTE_MS - 1) / MINUTE_MS);
}

static void add_notice(json_t *notices, const char *user_id, json_t *message)
{
	json_array_append_new(notices, json_pack("{s:s,s:o}", "user_id", user_id, "message", message));
}

/* QUEUE to each patient waiting for doctor_id: their own place only. */
static enum err queue_notices(struct db *db, const char *doctor_id, int64_t now_ms,
			      json_t *notices)
{
	struct waiter *w = mem_calloc(WAITING_MAX, sizeof(*w));
	size_t n;
	json_t *note = NULL;
	enum err e = load_queue(db, doctor_id, w, &n);
	if (!e)
		e = load_note(db, doctor_id, now_ms, &note);
	for (size_t i = 0; !e && i < n; i++)
		add_notice(notices, w[i].patient_id, json_pack(
			"{s:s,s:s,s:I,s:I,s:O}", "type", "QUEUE", "session_id", w[i].appointment_id,
			"position", (json_int_t)i + 1, "wait_minutes", wait_minutes(w, i, now_ms),
			"note", note));
	json_decref(note);
	free(w);
	return e;
}

enum err waiting_room_notices(struct db *db, const char *appointment_id, const char *change,
			      int64_t now_ms, json_t *notices)
{
	struct appt_parties p;
	enum err e = id_valid(appointment_id) ? appointment_parties(db, appointment_id, &p)
					      : ERR_NOT_FOUND;
	if (e)
		return e;
	if (change)
		add_notice(notices, p.doctor.id, json_pack(
			"{s:s,s:s,s:s,s:{s:s,s:s}}", "type", "WAITING", "change", change,
			"session_id", appointment_id, "patient", "id", p.patient.id,
			"name", p.patient.name));
	return queue_notices(db, p.doctor.id, now_ms, notices);
}

/* ---- the doctor's side ---- */

enum err waiting_room_list(struct db *db, const struct principal *who, int64_t now_ms,
			   json_t **out)
{
	*out = NULL;
	if (who->role != ROLE_DOCTOR)
		return ERR_FORBIDDEN;
	struct waiter *w = mem_calloc(WAITING_MAX, sizeof(*w));
	size_t n;
	json_t *note = NULL, *list = json_array();
	enum err e = load_queue(db, who->user_id, w, &n);
	if (!e)
		e = load_note(db, who->user_id, now_ms, &note);
	for (size_t i = 0; !e && i < n; i++) {
		json_t *a = NULL;
		char since[INSTANT_TEXT_MAX];
		instant_format(w[i].since, since);
		e = appointments_view(db, who, w[i].appointment_id, now_ms, &a);
		if (!e)
			json_array_append_new(list, json_pack("{s:o,s:s,s:I}", "appointment", a,
							      "waiting_since", since, "position",
							      (json_int_t)i + 1));
	}
	free(w);
	if (e) {
		json_decref(list);
		json_decref(note);
		return e;
	}
	*out = json_pack("{s:o,s:o}", "waiting", list, "note", note);
	return ERR_OK;
}

/* One line of text: no control characters, not only spaces. */
static bool one_line(const char *text)
{
	bool seen = false;
	for (const unsigned char *s = (const unsigned char *)text; *s; s++) {
		if (*s < 0x20 || *s == 0x7f)
			return false;
		if (*s != ' ')
			seen = true;
	}
	return seen;
}

enum err waiting_room_set_note(struct db *db, const struct principal *who, const char *text,
			       int64_t now_ms, json_t *notices, json_t **out)
{
	*out = NULL;
	if (who->role != ROLE_DOCTOR)
		return ERR_FORBIDDEN;
	bool clear = !*text;
	if (!clear && (!one_line(text) || jsonx_utf8_length(text) > WAITING_NOTE_MAX))
		return ERR_INVALID_VALUE;
	struct db_stmt *st = db_prepare(db, clear
		? "DELETE FROM waiting_notes WHERE doctor_id = ?"
		: "INSERT INTO waiting_notes (doctor_id, text, created_at) VALUES (?, ?, ?)"
		  " ON CONFLICT (doctor_id) DO UPDATE SET text = excluded.text,"
		  " created_at = excluded.created_at");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, who->user_id);
	if (!clear) {
		db_bind_text(st, 2, text);
		db_bind_int64(st, 3, now_ms);
	}
	enum db_rc rc = db_step(st);
	db_finalize(st);
	if (rc != DB_DONE)
		return ERR_DB;
	enum err e = queue_notices(db, who->user_id, now_ms, notices);
	if (!e)
		e = load_note(db, who->user_id, now_ms, out);
	return e;
}

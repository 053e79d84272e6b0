/* consultations.c — the rules for entering a consultation (see
 * consultations.h). */
#include "consultations.h"
#include "audit.h"
#include "tx.h"
#include "../db/db.h"

#include <stdio.h>
#include <string.h>

#define MINUTE_MS 60000LL

enum err consultations_join(struct db *db, const struct principal *who,
			    const char *appointment_id, const struct join_window *w,
			    int64_t now_ms, struct join_answer *out)
{
	memset(out, 0, sizeof(*out));
	struct appt_parties *p = &out->parties;
	enum err e = appointment_parties(db, appointment_id, p);
	if (e)
		return e;
	if (strcmp(who->user_id, p->patient.id) == 0) {
		out->self = &p->patient;
		out->peer = &p->doctor;
	} else if (strcmp(who->user_id, p->doctor.id) == 0) {
		out->self = &p->doctor;
		out->peer = &p->patient;
	} else {
		return ERR_NOT_FOUND;
	}
	out->opens_ms = p->start_ms - w->early_minutes * MINUTE_MS;
	out->closes_ms = p->end_ms + w->late_minutes * MINUTE_MS;
	/* one side's privacy needs the other side relayed too: a direct
	 * candidate of either would tell the one who asked the other's address */
	out->relay_only = p->doctor.relay_only || p->patient.relay_only;
	if (strcmp(p->status, "cancelled") == 0)
		return ERR_CONFLICT;
	if (now_ms < out->opens_ms || now_ms >= out->closes_ms)
		return ERR_OUTSIDE_WINDOW;
	if (db_begin(db) != DB_OK)
		return ERR_DB;
	e = audit_append_patient(db, who, "consultation.join", p->patient.id, p->patient.id,
			 json_pack("{s:s}", "appointment_id", appointment_id), now_ms);
	return tx_end(db, e);
}

/* One statement with the appointment id last; changes nothing when the
 * appointment is not in the state the statement expects. */
static enum err run(struct db *db, const char *sql, const int64_t *at, const char *user,
		    const char *appointment_id)
{
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return ERR_DB;
	int i = 1;
	if (at)
		db_bind_int64(st, i++, *at);
	if (user)
		db_bind_text(st, i++, user);
	db_bind_text(st, i, appointment_id);
	enum db_rc rc = db_step(st);
	db_finalize(st);
	return rc == DB_DONE ? ERR_OK : ERR_DB;
}

static enum err record(struct db *db, const char *id, const char *user,
		       enum consult_event event, int64_t now_ms)
{
	switch (event) {
	case CONSULT_PATIENT_IN:
		return run(db, "UPDATE appointments SET status = 'checked-in', updated_at = ?"
			   " WHERE id = ? AND status = 'booked'", &now_ms, NULL, id);
	case CONSULT_DOCTOR_ACK:
		return run(db, "UPDATE appointments SET status = 'arrived', updated_at = ?"
			   " WHERE id = ? AND status IN ('booked', 'checked-in')", &now_ms, NULL, id);
	case CONSULT_CALL_STARTED: {
		enum err e = run(db, "INSERT INTO consultations (started_at, started_by, appointment_id)"
				 " VALUES (?, ?, ?) ON CONFLICT (appointment_id) DO NOTHING",
				 &now_ms, user, id);
		return e ? e : run(db, "UPDATE appointments SET status = 'arrived', updated_at = ?"
				   " WHERE id = ? AND status IN ('booked', 'checked-in')",
				   &now_ms, NULL, id);
	}
	case CONSULT_CALL_ENDED: {
		enum err e = run(db, "UPDATE consultations SET ended_at = ?, ended_by = ?"
				 " WHERE appointment_id = ? AND ended_at IS NULL", &now_ms, user, id);
		if (e || db_changes(db) == 0)
			return e; /* no call was under way */
		e = run(db, "UPDATE appointments SET status = 'fulfilled', updated_at = ?"
			" WHERE id = ? AND status IN ('booked', 'checked-in', 'arrived')",
			&now_ms, NULL, id);
		if (e)
			return e;
		struct appt_parties p;
		e = appointment_parties(db, id, &p);
		if (e)
			return e;
		struct principal who = {.authenticated = true};
		snprintf(who.user_id, sizeof(who.user_id), "%s", user);
		return audit_append_patient(db, &who, "consultation.end", p.patient.id, p.patient.id,
				    json_pack("{s:s}", "appointment_id", id), now_ms);
	}
	}
	return ERR_INVALID_VALUE;
}

enum err consultations_record(struct db *db, const char *appointment_id,
			      const char *user_id, enum consult_event event, int64_t now_ms)
{
	if (!id_valid(appointment_id) || !id_valid(user_id))
		return ERR_NOT_FOUND;
	if (db_begin(db) != DB_OK)
		return ERR_DB;
	return tx_end(db, record(db, appointment_id, user_id, event, now_ms));
}

int consultations_mark_noshows(struct db *db, int late_minutes, int64_t now_ms)
{
	if (db_begin(db) != DB_OK)
		return -1;
	struct db_stmt *st = db_prepare(db,
		"UPDATE appointments SET status = 'noshow', updated_at = ?"
		" WHERE status IN ('booked', 'checked-in', 'arrived') AND end_at < ?"
		" AND NOT EXISTS (SELECT 1 FROM consultations c WHERE c.appointment_id = appointments.id)");
	enum err e = st ? ERR_OK : ERR_DB;
	int64_t n = 0;
	if (st) {
		db_bind_int64(st, 1, now_ms);
		db_bind_int64(st, 2, now_ms - late_minutes * MINUTE_MS);
		e = db_step(st) == DB_DONE ? ERR_OK : ERR_DB;
		n = db_changes(db);
		db_finalize(st);
	}
	return tx_end(db, e) ? -1 : (int)n;
}

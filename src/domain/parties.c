/* parties.c — one appointment's people, times and status (see parties.h). */
#include "parties.h"
#include "../db/db.h"

#include <stdio.h>

enum err appointment_parties(struct db *db, const char *appointment_id,
			     struct appt_parties *f)
{
	if (!id_valid(appointment_id))
		return ERR_NOT_FOUND;
	struct db_stmt *st = db_prepare(db,
		"SELECT a.doctor_id, d.full_name, a.patient_id, p.full_name, a.start_at, a.end_at,"
		" a.status, d.relay_only, p.relay_only FROM appointments a JOIN users d ON d.id = a.doctor_id"
		" JOIN users p ON p.id = a.patient_id WHERE a.id = ?");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, appointment_id);
	enum db_rc rc = db_step(st);
	if (rc == DB_ROW) {
		snprintf(f->doctor.id, sizeof(f->doctor.id), "%s", db_column_text(st, 0));
		snprintf(f->doctor.name, sizeof(f->doctor.name), "%s", db_column_text(st, 1));
		snprintf(f->patient.id, sizeof(f->patient.id), "%s", db_column_text(st, 2));
		snprintf(f->patient.name, sizeof(f->patient.name), "%s", db_column_text(st, 3));
		f->start_ms = db_column_int64(st, 4);
		f->end_ms = db_column_int64(st, 5);
		snprintf(f->status, sizeof(f->status), "%s", db_column_text(st, 6));
		f->doctor.relay_only = db_column_int64(st, 7) != 0;
		f->patient.relay_only = db_column_int64(st, 8) != 0;
		f->doctor.role = "doctor";
		f->patient.role = "patient";
	}
	db_finalize(st);
	return rc == DB_ROW ? ERR_OK : rc == DB_DONE ? ERR_NOT_FOUND : ERR_DB;
}

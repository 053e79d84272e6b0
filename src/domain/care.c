/* care.c — whether a doctor cares for a patient (see care.h): one indexed
 * look-up among the patient's appointments. */
#include "care.h"
#include "../core/id.h"
#include "../db/db.h"

enum err care_relationship(struct db *db, const char *doctor_id, const char *patient_id)
{
	if (!doctor_id || !patient_id || !id_valid(doctor_id) || !id_valid(patient_id))
		return ERR_NOT_FOUND;
	struct db_stmt *st = db_prepare(db,
		"SELECT 1 FROM appointments a JOIN users p ON p.id = a.patient_id"
		" WHERE a.patient_id = ? AND a.doctor_id = ? AND a.status <> 'cancelled'"
		" AND p.role = 'patient' LIMIT 1");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, patient_id);
	db_bind_text(st, 2, doctor_id);
	enum db_rc rc = db_step(st);
	db_finalize(st);
	return rc == DB_ROW ? ERR_OK : rc == DB_DONE ? ERR_NOT_FOUND : ERR_DB;
}

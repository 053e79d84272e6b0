/* care.c — the care relationship of a doctor and a patient (see care.h). */
#include "care.h"
#include "../core/id.h"
#include "../core/log.h"
#include "../db/db.h"

bool care_relationship(struct db *db, const char *doctor_id, const char *patient_id)
{
	if (!doctor_id || !patient_id || !id_valid(doctor_id) || !id_valid(patient_id))
		return false;
	struct db_stmt *st = db_prepare(db, "SELECT 1 FROM appointments"
		" WHERE doctor_id = ? AND patient_id = ? AND status <> 'cancelled' LIMIT 1");
	if (!st)
		return false;
	db_bind_text(st, 1, doctor_id);
	db_bind_text(st, 2, patient_id);
	enum db_rc rc = db_step(st);
	db_finalize(st);
	if (rc != DB_ROW && rc != DB_DONE)
		log_error("care_relationship_failed", "rc=%d", (int)rc);
	return rc == DB_ROW;
}

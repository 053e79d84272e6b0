/* care.h — the care relationship between a doctor and a patient: the doctor
 * has an appointment with that patient that was not cancelled (booked,
 * under way, past, or missed). What a doctor may see or set about a patient
 * outside a given appointment (vital signs, thresholds) starts from here;
 * consent (consent.h) is checked beside it where the patient's data is read.
 * Worker threads, with that thread's own store connection. */
#ifndef TELEMED_CARE_H
#define TELEMED_CARE_H
#include "../core/err.h"

struct db;

/* ERR_OK when doctor_id has a care relationship with patient_id;
 * ERR_NOT_FOUND when not (also for ids that are not UUIDs, or a
 * patient_id that is not a patient's); ERR_DB on a store error. */
enum err care_relationship(struct db *db, const char *doctor_id, const char *patient_id);

#endif

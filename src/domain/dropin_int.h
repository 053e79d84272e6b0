/* dropin_int.h — private to dropin*.c: the one way a request is read from
 * the store and shown, and the count of doctors on duty. */
#ifndef TELEMED_DROPIN_INT_H
#define TELEMED_DROPIN_INT_H
#include "dropin.h"

struct db_stmt;

/* Columns 0..12 of a request, for dropin__entry_json and the callers. */
#define DROPIN_ENTRY_SELECT                                                       \
	"SELECT e.id, e.specialty_id, s.name, e.status, e.mode, e.reason, e.answers," \
	" q.items, e.created_at, e.closed_at, e.appointment_id, t.full_name,"      \
	" e.patient_id FROM dropin_entries e"                                      \
	" JOIN specialties s ON s.id = e.specialty_id"                             \
	" LEFT JOIN questionnaires q ON q.id = e.questionnaire_id"                 \
	" LEFT JOIN users t ON t.id = e.taken_by"
#define DROPIN_COL_PATIENT 12

/* {"id","specialty","status","mode","reason","intake","waiting_since"},
 * and once closed "closed_at"; once taken "appointment_id" and "doctor".
 * Never the patient's identity. A new object. */
json_t *dropin__entry_json(struct db_stmt *st);

/* How many wait in the queue of specialty_id, and how many verified
 * doctors of it are on duty. */
enum err dropin__tally(struct db *db, const char *specialty_id, int64_t *waiting,
		       int64_t *on_duty);

#endif

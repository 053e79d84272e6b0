/* care.h — whether a doctor cares for a patient: the care relationship the
 * record's rules ask for before a doctor reads a patient's health data
 * (issue 7: "a care relationship (an appointment)"). Worker threads, with
 * that thread's own store connection. */
#ifndef TELEMED_CARE_H
#define TELEMED_CARE_H
#include <stdbool.h>

struct db;

/* true when doctor_id has an appointment with patient_id that is not
 * cancelled (past, present or to come). false otherwise, for ids that are
 * not UUIDs, and on a store error (logged). Borrowed arguments. */
bool care_relationship(struct db *db, const char *doctor_id, const char *patient_id);

#endif

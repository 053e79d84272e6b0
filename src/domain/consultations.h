/* consultations.h — entering the live consultation of an appointment: who
 * may (its patient and its doctor), and when (the window: opens some
 * minutes before the start, closes some minutes after the end). The hub
 * then trusts the signed ticket the API makes from this answer.
 * Worker threads, with that thread's own store connection. */
#ifndef TELEMED_CONSULTATIONS_H
#define TELEMED_CONSULTATIONS_H
#include <stdbool.h>
#include <stdint.h>

#include "../core/err.h"
#include "parties.h"
#include "principal.h"

struct db;

struct join_window {
	int early_minutes; /* the window opens this long before the start */
	int late_minutes;  /* and closes this long after the end */
};

struct join_answer {
	const struct party *self, *peer; /* point into parties */
	struct appt_parties parties;
	int64_t opens_ms, closes_ms;
	bool relay_only; /* either participant asks for calls through TURN only */
};

/* ERR_NOT_FOUND unless the caller is the appointment's patient or doctor;
 * ERR_CONFLICT for a cancelled appointment; ERR_OUTSIDE_WINDOW outside the
 * window (out->opens_ms and closes_ms still filled). Audited on success. */
enum err consultations_join(struct db *db, const struct principal *who,
			    const char *appointment_id, const struct join_window *w,
			    int64_t now_ms, struct join_answer *out);

/* What the signalling hub saw happen in a consultation's room. */
enum consult_event {
	CONSULT_PATIENT_IN,  /* the patient joined: booked → checked-in */
	CONSULT_DOCTOR_ACK,  /* the doctor acknowledged: → arrived */
	CONSULT_CALL_STARTED, /* the first ANSWER was relayed: the record starts */
	CONSULT_CALL_ENDED,  /* BYE, or both left: the record ends, → fulfilled */
};

/* Records event for the appointment (FHIR statuses; the consultation
 * record with start, end and duration). Events out of order or repeated
 * change nothing. user_id: who caused it. */
enum err consultations_record(struct db *db, const char *appointment_id,
			      const char *user_id, enum consult_event event, int64_t now_ms);

/* Appointments whose window (late_minutes after the end) closed without a
 * consultation become noshow. Returns how many, or -1 on a store error. */
int consultations_mark_noshows(struct db *db, int late_minutes, int64_t now_ms);

#endif

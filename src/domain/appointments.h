/* appointments.h — booking a doctor's slot, listing one's appointments and
 * cancelling them. Exactly one booking wins a slot under any concurrency:
 * the store's unique index on (doctor, start) of live appointments decides.
 * Statuses follow FHIR Appointment: booked, checked-in, arrived, fulfilled,
 * cancelled, noshow. Worker threads, with that thread's own connection. */
#ifndef TELEMED_APPOINTMENTS_H
#define TELEMED_APPOINTMENTS_H
#include <jansson.h>
#include <stdint.h>

#include "../core/err.h"
#include "principal.h"

struct db;

struct booking {
	const char *doctor_id;
	int64_t start_ms;
	const char *reason; /* up to 500 characters */
	const char *mode;   /* "video" or "in_person" */
	const json_t *answers; /* intake answers, an object (may be NULL) */
	json_t *notices;       /* receives the doctor's notice (may be NULL) */
};

/* Patients only (ERR_FORBIDDEN); a verified doctor (ERR_NOT_FOUND);
 * ERR_SLOT_IN_PAST, ERR_NOT_A_SLOT, ERR_SLOT_TAKEN; answers that do not fit
 * the doctor's questionnaire in force: ERR_UNKNOWN_QUESTION,
 * ERR_ANSWER_REQUIRED, ERR_ANSWER_INVALID with a message in msg. The
 * appointment keeps the questionnaire version answered. *out: the
 * appointment, with "intake": the answers beside their questions. */
enum err appointments_book(struct db *db, const struct principal *who,
			   const struct booking *b, int64_t now_ms, json_t **out,
			   char *msg, size_t msglen);

/* A new booked appointment, inside the caller's write transaction (the
 * drop-in queue makes one). ERR_SLOT_TAKEN when the doctor already has one
 * starting then. Borrowed fields. */
struct appointment_new {
	const char *id, *doctor_id, *patient_id, *mode, *reason;
	int64_t start_ms, end_ms;
	const char *answers;          /* a JSON object's text; NULL for none */
	const char *questionnaire_id; /* the version answered; NULL or "" */
};
enum err appointments_insert(struct db *db, const struct appointment_new *a, int64_t now_ms);

/* The caller's appointments: "upcoming" (ending after now, soonest first) or
 * "past" (latest first); limit 1..100; cursor from the previous page. A
 * doctor's first sight of each patient's reason and answers is audited. */
enum err appointments_list(struct db *db, const struct principal *who,
			   const char *scope, int limit, const char *cursor,
			   int64_t now_ms, json_t **items, char *next, size_t next_len);

/* One appointment of the caller's (others: ERR_NOT_FOUND). */
enum err appointments_get(struct db *db, const struct principal *who,
			  const char *id, json_t **out);

/* appointments_get for showing: a doctor's first sight of a patient's
 * reason and answers is audited (appointments_list does the same). */
enum err appointments_view(struct db *db, const struct principal *who, const char *id,
			   int64_t now_ms, json_t **out);

/* Either party cancels a live appointment (ERR_CONFLICT when it is over
 * or already cancelled); audited; the other party's notice is appended to
 * notices (may be NULL; see notifications.h). */
enum err appointments_cancel(struct db *db, const struct principal *who,
			     const char *id, const char *reason, int64_t now_ms,
			     json_t *notices, json_t **out);

/* Either party moves a booked appointment to another free slot of the same
 * doctor: ERR_SLOT_IN_PAST, ERR_NOT_A_SLOT, ERR_SLOT_TAKEN, ERR_CONFLICT
 * (not booked any more); audited; the other party is told (as cancel). */
enum err appointments_reschedule(struct db *db, const struct principal *who,
				 const char *id, int64_t start_ms, int64_t now_ms,
				 json_t *notices, json_t **out);

/* The user's appointments ending after from_ms, soonest first, at most limit,
 * for their calendar feed: without reason, answers or cancel reason. */
enum err appointments_calendar(struct db *db, const struct principal *who, int64_t from_ms,
			       int limit, json_t **items);

#endif

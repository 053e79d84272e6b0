/* dropin.h — the drop-in queue: a patient asks for the next doctor of a
 * specialty now; verified doctors of that specialty who are on duty see the
 * queue and take the first patient, which makes an appointment starting now.
 * The store decides the races: a partial unique index keeps one waiting
 * request per patient, and a request is taken by a conditional update that
 * only one taker can make. Answers are checked against the clinic's
 * questionnaire (no doctor is chosen yet) and go with the appointment.
 * Worker threads, with that thread's own store connection. */
#ifndef TELEMED_DROPIN_H
#define TELEMED_DROPIN_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "../core/err.h"
#include "principal.h"

struct db;

/* The length of a drop-in appointment, and what the rough wait counts per
 * patient ahead. */
#define DROPIN_MINUTES 20
/* The most waiting requests a doctor's view of the queue lists. */
#define DROPIN_QUEUE_SHOWN 50

struct dropin_request {
	const char *specialty;  /* a specialty id */
	const char *reason;     /* up to 500 characters, may be NULL */
	const char *mode;       /* "video" or "in_person" */
	const json_t *answers;  /* the clinic questionnaire's answers, may be NULL */
};

/* A verified doctor goes on or off duty (themself only: ERR_FORBIDDEN;
 * ERR_NOT_FOUND for no such doctor; going on duty needs a specialty in the
 * profile: ERR_INVALID_VALUE with msg). Audited when it changes.
 * *out: {"on_duty","since"}. */
enum err dropin_set_duty(struct db *db, const struct principal *who, const char *doctor_id,
			 bool on, int64_t now_ms, json_t **out, char *msg, size_t msglen);

/* A patient joins the queue of a specialty (others: ERR_FORBIDDEN).
 * ERR_ALREADY_WAITING while they wait in any queue; ERR_INVALID_VALUE for an
 * unknown specialty; the questionnaire errors for answers that do not fit.
 * *out: as dropin_mine. */
enum err dropin_join(struct db *db, const struct principal *who,
		     const struct dropin_request *r, int64_t now_ms, json_t **out,
		     char *msg, size_t msglen);

/* The caller's latest request, or JSON null when they never asked: while
 * waiting, with position (1 = next), doctors_on_duty and a rough
 * estimated_wait_minutes (null with nobody on duty); once taken, with the
 * appointment and the doctor's name. Never another patient's data. */
enum err dropin_mine(struct db *db, const struct principal *who, json_t **out);

/* The caller leaves the queue; ERR_NOT_FOUND when not waiting. Audited. */
enum err dropin_leave(struct db *db, const struct principal *who, int64_t now_ms);

/* A verified doctor's view (others: ERR_FORBIDDEN): duty, specialty, how
 * many wait, and — on duty only — the waiting requests, first first, with
 * reason, answers and since when (no names). The first sight of each is
 * audited. */
enum err dropin_queue(struct db *db, const struct principal *who, int64_t now_ms,
		      json_t **out);

/* A verified doctor on duty takes the first waiting patient of their
 * specialty: the request is closed and a booked appointment starting now
 * (DROPIN_MINUTES long) is made for the two of them, in one transaction.
 * ERR_FORBIDDEN for others, ERR_NOT_ON_DUTY, ERR_DOCTOR_BUSY while one of
 * their appointments is under way, ERR_QUEUE_EMPTY. *out: the appointment. */
enum err dropin_take(struct db *db, const struct principal *who, int64_t now_ms,
		     json_t **out);

#endif

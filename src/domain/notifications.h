/* notifications.h — in-app notifications: stored per user, listed and marked
 * read through the API, and handed back to the caller as "notices" so that
 * open pages get them at once over the WebSocket.
 *
 * A notice is {"user_id": …, "notification": {…}}; the domain only appends
 * them to an array the caller passes (may be NULL), and the caller delivers
 * them after the transaction commits. Notifications carry no health data:
 * no reasons, no answers — only who, when and what happened.
 * Worker threads, with that thread's own store connection. */
#ifndef TELEMED_NOTIFICATIONS_H
#define TELEMED_NOTIFICATIONS_H
#include <jansson.h>
#include <stdint.h>

#include "../core/err.h"
#include "principal.h"

struct db;

/* What happened to an appointment; the other party (or both, for the
 * reminders) is told. */
enum appointment_event {
	APPT_BOOKED,
	APPT_CANCELLED,
	APPT_RESCHEDULED,
	APPT_REMINDER_DAY,  /* 24 hours before */
	APPT_REMINDER_SOON, /* 15 minutes before */
};

/* Stores a notification of event for each party but actor_id (NULL: both)
 * and appends the notices. Call inside the write transaction of the change. */
enum err notifications_for_appointment(struct db *db, const char *appointment_id,
				       enum appointment_event event,
				       const char *actor_id, int64_t now_ms,
				       json_t *notices);

struct party;

/* Tells patient_id that doctor opened their record in an emergency
 * ("break-glass"): kind "record_emergency_access", {"with": the doctor};
 * never the reason (it stays in the audit log). Call inside the write
 * transaction of the access. */
enum err notifications_record_opened(struct db *db, const char *patient_id,
				     const struct party *doctor, int64_t now_ms, json_t *notices);

/* Reminders that are due at now_ms and not yet sent, each claimed once
 * (also across server nodes); appends the notices. Its own transactions. */
enum err notifications_send_reminders(struct db *db, int64_t now_ms, json_t *notices);

/* The caller's notifications, newest first, with {"items","unread","next_cursor"}. */
enum err notifications_list(struct db *db, const struct principal *who, int limit,
			    const char *cursor, json_t **out);

/* How many of user_id's notifications are unread (-1 on a store error). */
int64_t notifications_unread(struct db *db, const char *user_id);

/* Marks read the caller's notifications created up to and including
 * up_to_id (NULL: all). ERR_NOT_FOUND for an id that is not the caller's. */
enum err notifications_mark_read(struct db *db, const struct principal *who,
				 const char *up_to_id, int64_t now_ms);

#endif

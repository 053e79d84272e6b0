/* consultations.h — entering the live consultation of an appointment: who
 * may (its patient and its doctor), and when (the window: opens some
 * minutes before the start, closes some minutes after the end). The hub
 * then trusts the signed ticket the API makes from this answer.
 * Worker threads, with that thread's own store connection. */
#ifndef TELEMED_CONSULTATIONS_H
#define TELEMED_CONSULTATIONS_H
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
};

/* ERR_NOT_FOUND unless the caller is the appointment's patient or doctor;
 * ERR_CONFLICT for a cancelled appointment; ERR_OUTSIDE_WINDOW outside the
 * window (out->opens_ms and closes_ms still filled). Audited on success. */
enum err consultations_join(struct db *db, const struct principal *who,
			    const char *appointment_id, const struct join_window *w,
			    int64_t now_ms, struct join_answer *out);

#endif

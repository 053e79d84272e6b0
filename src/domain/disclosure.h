/* disclosure.h — when someone other than the patient sees a patient's health
 * data (an appointment's reason and intake answers, a drop-in request), or
 * anyone but its author sees a doctor's writing about a patient (a note), the
 * audit log records it the first time that person sees that item: one event
 * per viewer and item, not one per page load or poll. A read that cannot be
 * recorded is refused. Worker threads, with that thread's own connection. */
#ifndef TELEMED_DISCLOSURE_H
#define TELEMED_DISCLOSURE_H
#include <stddef.h>
#include <stdint.h>

#include "../core/err.h"
#include "principal.h"

struct db;

struct disclosure {
	const char *item_id;    /* the appointment, drop-in entry, note, … */
	const char *patient_id; /* whose data it is: the audit event's subject */
	const char *author_id;  /* who wrote it, when not the patient (a note's
				 * doctor); NULL: the patient */
};

/* Records who->user_id seeing items[0..n) under action (e.g.
 * "appointment.view"), once per viewer and item, in one transaction.
 * Items of who's own (who is their author) are skipped. Borrowed arguments. */
enum err disclosure_note(struct db *db, const struct principal *who, const char *action,
			 const struct disclosure *items, size_t n, int64_t now_ms);

#endif

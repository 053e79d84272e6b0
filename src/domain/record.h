/* record.h — the patient's health record (issue 7): what every call on it
 * needs, and the patient's own view of it in time order. Consultation
 * notes are in notes.h, e-prescriptions in prescriptions.h.
 * Worker threads, with that thread's own store connection. */
#ifndef TELEMED_RECORD_H
#define TELEMED_RECORD_H
#include <jansson.h>
#include <stdint.h>

#include "../core/err.h"
#include "principal.h"

struct db;
struct seal_keyring;

/* What every record call needs. All borrowed. */
struct record_ctx {
	struct db *db;
	struct seal_keyring *keys;
	const struct principal *who;
	int64_t now_ms;
	/* The patient whose whole record who may read although not a party
	 * of its appointments: set only by record_share.c once a doctor's
	 * care relationship and the patient's consent (or an emergency) are
	 * checked; reads only. NULL otherwise. */
	const char *granted_patient;
};

#define RECORD_PAGE_MAX 100

/* The patient's own record (others ERR_FORBIDDEN): their consultations
 * that have a signed note or a prescription, newest first, a page of
 * limit (1 to RECORD_PAGE_MAX) after cursor (NULL: from the top; not one of
 * ours: ERR_INVALID_VALUE): {"items":[{"appointment":{"id","start","end",
 * "doctor"},"note": note (notes.h) or null,"prescriptions":[…],"items":
 * [what was saved from the call, record_items.h]}],
 * "next_cursor": "" at the end}. */
enum err record_get(const struct record_ctx *ctx, int limit, const char *cursor,
		    json_t **out);

#endif

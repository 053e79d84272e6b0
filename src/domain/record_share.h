/* record_share.h — a doctor reads a patient's whole record (issue 7): every
 * consultation with its signed note, prescriptions and what was saved from
 * the calls, as the patient sees it (record.h), whoever the doctor of each
 * consultation was. Two doors:
 *   - record_share_read: only with a care relationship (care.h: an
 *     appointment with the patient that is not cancelled; none, or no such
 *     patient: ERR_NOT_FOUND) and the patient's consent to share with this
 *     doctor ("share", consent.h; none: ERR_CONSENT_REQUIRED);
 *   - record_share_emergency ("break-glass", issue 8): without either, by
 *     stating a reason of RECORD_REASON_MIN to RECORD_REASON_MAX characters
 *     (ERR_INVALID_VALUE otherwise). Allowed, audited loudly with the
 *     reason (action "record.emergency_access"), and the patient is told
 *     (notifications.h; the notice goes to their open pages).
 * Only doctors with an active (verified) account (others ERR_FORBIDDEN). Every read is audited
 * ("record.read"), and so is every refusal ("record.read_refused" with the
 * reason); then each item's first sight by this doctor (disclosure.h).
 * Worker threads, with that thread's own store connection. */
#ifndef TELEMED_RECORD_SHARE_H
#define TELEMED_RECORD_SHARE_H
#include <jansson.h>

#include "record.h"

#define RECORD_REASON_MIN 10  /* characters */
#define RECORD_REASON_MAX 500 /* characters */

/* A page of patient_id's record (limit and cursor as record_get), with
 * "patient": {"id","name"} and "access": "care". */
enum err record_share_read(const struct record_ctx *ctx, const char *patient_id, int limit,
			   const char *cursor, json_t **out);

/* The same, first page, with "access": "emergency"; appends the patient's
 * notice to notices (may be NULL). */
enum err record_share_emergency(const struct record_ctx *ctx, const char *patient_id,
				const char *reason, json_t *notices, json_t **out);

#endif

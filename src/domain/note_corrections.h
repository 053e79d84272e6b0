/* note_corrections.h — the patient's right to rectification (GDPR article
 * 16, issue 8) for signed notes: the patient asks the note's doctor to
 * correct it, saying what is wrong; the doctor amends the note (a visible
 * amendment, never a silent change) or declines with a reason. Both see
 * the request and its answer under the note. Sealed at rest; every step
 * audited. Worker threads, with that thread's own store connection. */
#ifndef TELEMED_NOTE_CORRECTIONS_H
#define TELEMED_NOTE_CORRECTIONS_H
#include <jansson.h>

#include "record.h"

#define CORRECTION_TEXT_MAX 2000 /* characters of a request or a reason */

/* A correction: {"id","appointment_id","note_id","request","status":
 * "open"|"amended"|"declined","answer" (the amendment's text or the reason;
 * null while open),"amendment_id","created_at","resolved_at"}. */

/* The appointment's patient asks (its doctor: ERR_FORBIDDEN; anyone else
 * and a note not signed: ERR_NOT_FOUND). ERR_INVALID_VALUE for a blank or
 * too long text; ERR_CONFLICT while a request of this note is open. */
enum err corrections_request(const struct record_ctx *ctx, const char *appointment_id,
			     const char *text, json_t **out);

/* The appointment's corrections, oldest first, for its two parties:
 * {"items":[…]}. */
enum err corrections_list(const struct record_ctx *ctx, const char *appointment_id,
			  json_t **out);

/* The note's doctor answers an open request (ERR_CONFLICT when answered):
 * amend (text becomes an amendment of the note) or decline (text is the
 * reason). Its patient: ERR_FORBIDDEN; anyone else: ERR_NOT_FOUND. */
enum err corrections_resolve(const struct record_ctx *ctx, const char *correction_id,
			     bool amend, const char *text, json_t **out);

#endif

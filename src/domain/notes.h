/* notes.h — consultation notes (issue 7, "Record"): the doctor of an
 * appointment writes one note of it — findings, assessment, plan and an
 * optional ICD-10 code — as a draft, changes it freely, then signs it.
 * A signed note is fixed: the patient sees it, and it changes only by
 * amendments, each kept with its author and time beside the untouched
 * original. Rules, checked here per appointment:
 *   - only the appointment's doctor writes (its patient ERR_FORBIDDEN);
 *   - its patient reads the note once signed, never a draft (ERR_NOT_FOUND);
 *   - anyone else gets ERR_NOT_FOUND, whatever they ask.
 * Sealed at rest (sealed.h); a patient's first sight of a note and of each
 * amendment is audited (disclosure.h), and so is every write.
 * Worker threads, with that thread's own store connection. */
#ifndef TELEMED_NOTES_H
#define TELEMED_NOTES_H
#include <jansson.h>
#include <stdbool.h>

#include "record.h"

#define NOTE_TEXT_MAX 10000 /* characters of findings, assessment, plan, an amendment */
#define ICD10_MAX 8         /* "A00.0000" */

/* The content of a note as written. */
struct note_text {
	const char *findings, *assessment, *plan;
	const char *icd10; /* NULL or "" for none */
};

/* true for an ICD-10 code's shape: a capital letter, two digits, and
 * optionally a dot and one to four digits ("J06.9", "E11"). */
bool notes_icd10_ok(const char *code);

/* Writes the draft note of the appointment (made on first use), replacing
 * its content. ERR_CONFLICT when it is signed or the appointment was
 * cancelled; ERR_INVALID_VALUE for a malformed ICD-10 code. *out: the note. */
enum err notes_put(const struct record_ctx *ctx, const char *appointment_id,
		   const struct note_text *text, json_t **out);

/* Signs the draft: ERR_NOT_FOUND without one, ERR_CONFLICT when already
 * signed, ERR_INVALID_VALUE when findings, assessment or plan is empty. */
enum err notes_sign(const struct record_ctx *ctx, const char *appointment_id, json_t **out);

/* Adds an amendment (1 to NOTE_TEXT_MAX characters) to the signed note:
 * ERR_CONFLICT for a draft (change it instead). */
enum err notes_amend(const struct record_ctx *ctx, const char *appointment_id,
		     const char *text, json_t **out);

/* The note of the appointment, with its amendments oldest first:
 * {"id","appointment_id","doctor","patient","findings","assessment","plan",
 *  "icd10","status":"draft"|"signed","created_at","updated_at","signed_at",
 *  "amendments":[{"id","text","author","created_at"}]}. */
enum err notes_get(const struct record_ctx *ctx, const char *appointment_id, json_t **out);

#endif

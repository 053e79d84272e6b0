/* prescriptions.h — e-prescriptions (issue 7): after a consultation the
 * doctor of the appointment issues prescriptions — medication (name,
 * strength, form), dosage instructions, quantity, repeats, valid until —
 * each with a verification code printed on it (sec/rxcode.h). Rules,
 * checked here per appointment and per prescription:
 *   - only the appointment's doctor issues and cancels (its patient
 *     ERR_FORBIDDEN), not on a cancelled appointment (ERR_CONFLICT);
 *   - its doctor and its patient read them, code included; anyone else
 *     gets ERR_NOT_FOUND, whatever they ask;
 *   - a dispensed prescription is not cancelled, nor one cancelled twice
 *     (ERR_CONFLICT).
 * What a pharmacist sees and does with the code is in dispensing.h.
 * The content and the code are sealed at rest (sealed.h); every write is
 * audited, and so is the patient's first sight of each prescription.
 * Worker threads, with that thread's own store connection. */
#ifndef TELEMED_PRESCRIPTIONS_H
#define TELEMED_PRESCRIPTIONS_H
#include <jansson.h>
#include <stdint.h>

#include "record.h"

#define RX_NAME_MAX 200    /* characters of the name, strength, form */
#define RX_DOSAGE_MAX 1000 /* characters of the dosage instructions */
#define RX_QUANTITY_MAX 10000
#define RX_REPEATS_MAX 12
#define RX_VALID_DAYS_MAX 366 /* valid_until at most this far ahead */

struct prescription_in {
	const char *name, *strength, *form, *dosage;
	int64_t quantity, repeats;
	int64_t valid_until_ms; /* later than now, within RX_VALID_DAYS_MAX */
};

/* A prescription as its doctor and patient see it:
 * {"id","appointment_id","doctor","patient","medication":{"name","strength",
 *  "form"},"dosage","quantity","repeats","valid_until","created_at","code",
 *  "status":"active"|"cancelled"|"dispensed"|"expired","cancelled_at",
 *  "dispensed_at"}. */

/* Issues one. ERR_INVALID_VALUE for a valid_until not ahead or too far. */
enum err prescriptions_issue(const struct record_ctx *ctx, const char *appointment_id,
			     const struct prescription_in *in, json_t **out);

/* The appointment's prescriptions, oldest first: {"items":[…]}. */
enum err prescriptions_list(const struct record_ctx *ctx, const char *appointment_id,
			    json_t **out);

/* One prescription. */
enum err prescriptions_get(const struct record_ctx *ctx, const char *id, json_t **out);

/* Its doctor cancels it. */
enum err prescriptions_cancel(const struct record_ctx *ctx, const char *id, json_t **out);

#endif

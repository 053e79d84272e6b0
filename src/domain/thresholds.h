/* thresholds.h — the limits a doctor sets for a patient's vital signs
 * (issue 7: heart rate above 120, oxygen saturation below 92, …): per
 * doctor and patient, one set of {code, above, below}, replaced whole.
 * Rules: only a doctor with a care relationship (care.h) reads and sets a
 * patient's (anyone else ERR_NOT_FOUND); the patient reads every doctor's
 * for them. Sealed at rest; every read and write audited.
 * Worker threads, with that thread's own store connection. */
#ifndef TELEMED_THRESHOLDS_H
#define TELEMED_THRESHOLDS_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "parties.h"
#include "record.h"

/* One limit as sent: a code (vital_codes.h) with above, below or both. */
struct threshold_in {
	const char *code; /* borrowed */
	bool has_above, has_below;
	double above, below;
};

/* Replaces the caller's set for patient_id with items[0..n) (items with
 * neither limit are left out). ERR_BAD_REQUEST (msg) for an unknown code, a
 * code twice, a limit outside the code's plausible values, or below not
 * under above. *out: {"items":[{"code","above","below"}]}. */
enum err thresholds_put(const struct record_ctx *ctx, const char *patient_id,
			const struct threshold_in *items, size_t n, char *msg, size_t msglen,
			json_t **out);

/* The caller's set for patient_id: {"items":[…]} (empty when none). */
enum err thresholds_get(const struct record_ctx *ctx, const char *patient_id, json_t **out);

/* The patient's thresholds from all their doctors:
 * {"items":[{"doctor":{"id","name"},"code","above","below"}]}. Others
 * ERR_FORBIDDEN. */
enum err thresholds_mine(const struct record_ctx *ctx, json_t **out);

/* One doctor's set for a patient, for checking observations. */
struct threshold_set {
	struct party doctor;
	json_t *items; /* [{"code","above","below"}]; owned */
};

/* The sets of patient_id's doctors who still have a care relationship.
 * *sets: a new array of *n (thresholds_free it). */
enum err thresholds_of_patient(const struct record_ctx *ctx, const char *patient_id,
			       struct threshold_set **sets, size_t *n);
void thresholds_free(struct threshold_set *sets, size_t n);

#endif

/* observations.h — a patient's vital signs (issue 7): observations with a
 * LOINC code and its UCUM unit (vital_codes.h), a value, the instant it was
 * measured and its source — typed in ("manual"), read from a Bluetooth
 * sensor or the simulated one in the browser, or pushed by a device with a
 * token (devices.h). Rules, checked here:
 *   - only the patient adds their own (others ERR_FORBIDDEN); sources other
 *     than manual entry need their "sensors" consent (ERR_CONSENT_REQUIRED);
 *   - every observation is checked before any is stored (ERR_BAD_REQUEST
 *     with a message naming the item), and a batch is stored whole or not;
 *   - the patient reads their own; a doctor reads a patient's only with a
 *     care relationship (care.h, else ERR_NOT_FOUND) and the patient's
 *     "share" consent for that doctor (else ERR_CONSENT_REQUIRED).
 * Each stored observation is checked against the thresholds doctors set
 * (vital_alerts.h). Values and sources are sealed at rest; every write and
 * every read is audited. Worker threads, with that thread's own connection. */
#ifndef TELEMED_OBSERVATIONS_H
#define TELEMED_OBSERVATIONS_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "record.h"
#include "vital_codes.h"

#define OBSERVATIONS_PER_POST 100
#define OBSERVATIONS_READ_MAX 5000
#define OBSERVATION_AHEAD_MS (5 * 60 * 1000LL) /* how far ahead "at" may be */
#define OBSERVATION_SOURCE_MAX 16

/* One observation as sent (strings borrowed). */
struct observation_in {
	const char *code, *unit, *at;
	const char *source; /* "manual", "bluetooth" or "simulated"; ignored from a device */
	double value;
};

/* One observation as stored. */
struct observation {
	char id[ID_LEN + 1];
	const struct vital_code *code;
	double value;
	int64_t at_ms;
	char source[OBSERVATION_SOURCE_MAX];
};

/* {"id","code","value","unit","at","source"}. */
json_t *observation_json(const struct observation *o);

/* Stores items[0..n) (1 to OBSERVATIONS_PER_POST) as the caller's, raising
 * the alerts they cause. device_id: NULL for the patient's own entries, or
 * the device that pushed them (source "device"). ERR_BAD_REQUEST with a
 * message in msg for a bad item or count. Appends the alerts' live
 * messages to notices. *out: {"items":[observation…],"alerts":[alert…]}. */
enum err observations_add(const struct record_ctx *ctx, const struct observation_in *items,
			  size_t n, const char *device_id, json_t *notices, char *msg,
			  size_t msglen, json_t **out);

/* What a read asks for: one code (NULL: all) from from_ms to to_ms. */
struct observation_range {
	const char *code;
	int64_t from_ms, to_ms;
};

/* The observations of range, oldest first; the latest
 * OBSERVATIONS_READ_MAX when there are more: {"items":[…]}.
 * ERR_BAD_REQUEST (msg) for an unknown code or from after to. */
enum err observations_mine(const struct record_ctx *ctx, const struct observation_range *r,
			   char *msg, size_t msglen, json_t **out);
enum err observations_of_patient(const struct record_ctx *ctx, const char *patient_id,
				 const struct observation_range *r, char *msg, size_t msglen,
				 json_t **out);

/* Every one of the patient's own, oldest first, for their export:
 * {"items":[…]}. Others ERR_FORBIDDEN. Audited as a read. */
enum err observations_all(const struct record_ctx *ctx, json_t **out);

#endif

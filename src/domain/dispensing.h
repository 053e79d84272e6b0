/* dispensing.h — the pharmacist's side of an e-prescription: the public
 * page GET /verify/{code} shows whether the code belongs to a genuine
 * prescription, whether it is still valid and not yet dispensed, and lets
 * the pharmacist mark it dispensed: once, and once more per repeat (each
 * fill recorded; the last marks it dispensed).
 *
 * No login: whoever holds the printed code may see it, as with paper. So
 * it shows only what the prescription itself needs — medication, dosage,
 * quantity, repeats, validity, the prescriber's and the patient's names —
 * never a diagnosis, a note or an id. A pharmacist has no account here:
 * dispensing records the name and professional registration number they
 * state, with their address and the time, in the prescription and the
 * audit log (so a false statement is traceable, not prevented).
 * Guessing is refused: a code has 100 random bits (sec/rxcode.h), and an
 * address that misses DISPENSING_MISSES_MAX times in the limiter's window
 * gets ERR_TOO_MANY_ATTEMPTS until it ends. Every view and every
 * dispensing is audited. Worker threads, with that thread's own connection. */
#ifndef TELEMED_DISPENSING_H
#define TELEMED_DISPENSING_H
#include <jansson.h>

#include "record.h"

struct ratelimit;

#define DISPENSING_MISSES_MAX 20
#define PHARMACIST_NAME_MAX 200        /* characters */
#define PHARMACIST_REGISTRATION_MAX 64 /* characters */

struct pharmacist {
	const char *name, *registration;
};

/* What the code shows (ctx->who: the unauthenticated caller with its ip):
 * {"code","status":"valid"|"expired"|"cancelled"|"dispensed","medication",
 *  "dosage","quantity","repeats","valid_until","issued_at","prescriber":
 *  {"name"},"patient":{"name"},"cancelled_at","dispensed_at","fills_used",
 *  "fills_total"} ("dispensed" once fills_used reaches fills_total).
 * ERR_NOT_FOUND for a code that is none; ERR_TOO_MANY_ATTEMPTS with
 * *retry_after (seconds) for an address blocked. */
enum err dispensing_verify(const struct record_ctx *ctx, struct ratelimit *limits,
			   const char *code, int *retry_after, json_t **out);

/* One fill by the pharmacist (the last marks it dispensed): ERR_ALREADY_DISPENSED,
 * ERR_PRESCRIPTION_CANCELLED, ERR_PRESCRIPTION_EXPIRED; otherwise as
 * dispensing_verify, and *out what it shows now. */
enum err dispensing_dispense(const struct record_ctx *ctx, struct ratelimit *limits,
			     const char *code, const struct pharmacist *by, int *retry_after,
			     json_t **out);

#endif

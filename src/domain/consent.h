/* consent.h — the patient's consents, one per purpose (and, for sharing,
 * per doctor or for all doctors of the clinic), each given to a versioned
 * text. A change never edits history: it adds a record that supersedes the
 * one before (FHIR Consent: the old one becomes "inactive"), and the newest
 * record of a purpose and scope is the one in force. The rest of the domain
 * asks consent_active() where the data flows.
 * Worker threads, with that thread's own store connection. */
#ifndef TELEMED_CONSENT_H
#define TELEMED_CONSENT_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/err.h"
#include "principal.h"

struct db;

/* The purposes: "sensors" (use of body sensors), "share" (share the record
 * with a doctor, or with all doctors of the clinic), "research",
 * "transfer" (to another provider), "call_records" (save call transcripts,
 * files and boards to the record), "recording". */
#define CONSENT_SCOPE_CLINIC "clinic" /* share: every doctor of the clinic */

/* Whether the patient's consent to purpose is in force now. doctor_id is
 * the doctor for "share" (true when shared with that doctor or with the
 * whole clinic) and NULL for every other purpose. False on a store error. */
bool consent_active(struct db *db, const char *patient_id, const char *purpose,
		    const char *doctor_id);

/* The purposes with their current texts:
 * [{"purpose","version","scoped":bool,"title":{"en","pt"},"text":{"en","pt"}}]. */
json_t *consent_texts(void);

/* What a patient asks for. */
struct consent_change {
	const char *purpose;
	const char *doctor_id; /* share only: one doctor, or NULL with all_doctors */
	bool all_doctors;      /* share only */
	bool given;
	int version; /* the text's version the patient saw; 0 when withdrawing */
};

/* Gives or withdraws one consent (patients only: ERR_FORBIDDEN), audited.
 * ERR_INVALID_VALUE (msg says why) for an unknown purpose, a scope that does
 * not fit it, or no version; ERR_NOT_FOUND for a doctor_id that names no
 * doctor; ERR_CONFLICT when version is not the current text's. *created is
 * false (and nothing is written) when the consent already stands as asked.
 * *out gets the record in force. notices (may be NULL) gets the live
 * {"user_id","message":{"type":"CONSENT",…}} for the patient's open pages. */
enum err consent_change(struct db *db, const struct principal *who,
			const struct consent_change *change, int64_t now_ms,
			json_t *notices, json_t **out, bool *created, char *msg,
			size_t msglen);

/* The patient's own consents (patients only: ERR_FORBIDDEN):
 * {"current":[record…] (the record in force of each purpose and scope that
 * has one), "history":[record…] (newest first, at most CONSENT_HISTORY_MAX)}.
 * A record: {"id","purpose","doctor":{"id","name"}|null,"all_doctors",
 * "status":"active"|"inactive","version","recorded_at","superseded_at"|null}. */
#define CONSENT_HISTORY_MAX 500
enum err consent_list(struct db *db, const struct principal *who, json_t **out);

#endif

/* fhir.h — FHIR R4 resources made from the JSON the domain gives (the
 * shapes documented in appointments.h, notes.h, prescriptions.h,
 * messaging.h, consent.h, audit.h, observations.h), for the patient's
 * export. Each takes borrowed JSON and returns a new resource; ids are our
 * UUIDs, references are "<Type>/<id>". Pure format code: any thread. */
#ifndef TELEMED_FHIR_H
#define TELEMED_FHIR_H
#include <jansson.h>
#include <stdbool.h>

/* A Bundle of type "collection" stamped with timestamp (RFC 3339). Append
 * resources with fhir_bundle_add (stolen); each entry's fullUrl is
 * "<base>/<type>/<id>", base e.g. "https://clinic.example/fhir". */
json_t *fhir_bundle(const char *id, const char *timestamp);
void fhir_bundle_add(json_t *bundle, const char *base, json_t *resource);

/* {"reference":"<type>/<id>","display":display} (display may be NULL). */
json_t *fhir_reference(const char *type, const char *id, const char *display);

/* user: {"id","full_name","email","role",…} (GET /api/v1/me's user). */
json_t *fhir_patient(const json_t *user);
json_t *fhir_practitioner(const char *id, const char *name);

/* appointment: as appointments_get gives it. */
json_t *fhir_appointment(const json_t *appointment);
/* The consultation that took place (or was planned) for an appointment. */
json_t *fhir_encounter(const json_t *appointment);
/* The intake answers of an appointment; NULL when it has none. */
json_t *fhir_questionnaire_response(const json_t *appointment);

/* note: as notes_get gives it, signed; a DocumentReference (consult note,
 * LOINC 11488-4) whose text holds the note and its amendments. */
json_t *fhir_note(const json_t *note);
/* The note's ICD-10 code as a Condition; NULL when it has none. */
json_t *fhir_condition(const json_t *note);
/* prescription: as prescriptions_get gives it. */
json_t *fhir_medication_request(const json_t *prescription);
/* message: as messages_list gives it, with the conversation's two people. */
json_t *fhir_communication(const json_t *message, const char *patient_id,
			   const char *doctor_id);
/* consent: a record of consent_list's history; patient_id its patient. */
json_t *fhir_consent(const json_t *consent, const char *patient_id);
/* event: as audit_list gives it (subject_id the patient). */
json_t *fhir_audit_event(const json_t *event);
/* observation: as observations.h gives it; patient_id its patient. */
json_t *fhir_observation(const json_t *observation, const char *patient_id);

#endif

/* export.h — the patient's right to their data (GDPR article 20, issue 8):
 * everything the clinic holds about them as one FHIR R4 Bundle, read
 * through the same domain calls (and so the same rules and audit) as the
 * pages that show it. Worker threads, with that thread's own connection. */
#ifndef TELEMED_EXPORT_H
#define TELEMED_EXPORT_H
#include <jansson.h>

#include "record.h"

#define EXPORT_AUDIT_MAX 100000 /* audit events about the patient, oldest first */

/* The caller's own export (patients only: ERR_FORBIDDEN): a Bundle of type
 * collection holding Patient, the Practitioners they met, Appointment,
 * Encounter and QuestionnaireResponse per appointment, DocumentReference
 * (and Condition) per signed note, MedicationRequest, Communication per
 * message, Observation per vital sign, Consent per consent record, and
 * AuditEvent per event about them. base prefixes each entry's fullUrl ("https://host/fhir").
 * Audited as record.export with the count of resources. */
enum err export_patient(const struct record_ctx *ctx, const char *base, json_t **bundle);

#endif

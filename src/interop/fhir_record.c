/* fhir_record.c — the clinical and privacy resources of the export (see
 * fhir.h): a signed note as a DocumentReference (and its ICD-10 code as a
 * Condition), a prescription as a MedicationRequest, a message as a
 * Communication, a consent record as a Consent, an audit event as an
 * AuditEvent. */
#include "fhir.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LOINC "http://loinc.org"

static const char *text(const json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));
	return s ? s : "";
}

static const char *member(const json_t *obj, const char *outer, const char *inner)
{
	return text(json_object_get(obj, outer), inner);
}

/* A new JSON string: len bytes of p in base64 (FHIR's base64Binary). */
static json_t *base64(const void *p, size_t len)
{
	size_t n = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_ORIGINAL);
	char *b64 = malloc(n);
	sodium_bin2base64(b64, n, p, len, sodium_base64_VARIANT_ORIGINAL);
	json_t *s = json_string(b64);
	free(b64);
	return s;
}

/* The note as one text: its three parts, its code and its amendments. */
static json_t *note_text(const json_t *note)
{
	size_t cap = 256 + strlen(text(note, "findings")) + strlen(text(note, "assessment")) +
		     strlen(text(note, "plan"));
	const json_t *amendments = json_object_get(note, "amendments"), *a;
	size_t i;
	json_array_foreach(amendments, i, a)
		cap += 160 + strlen(text(a, "text"));
	char *out = malloc(cap);
	int n = snprintf(out, cap, "Findings:\n%s\n\nAssessment:\n%s\n\nPlan:\n%s\n",
			 text(note, "findings"), text(note, "assessment"), text(note, "plan"));
	if (*text(note, "icd10"))
		n += snprintf(out + n, cap - (size_t)n, "\nICD-10: %s\n", text(note, "icd10"));
	json_array_foreach(amendments, i, a)
		n += snprintf(out + n, cap - (size_t)n, "\nAmendment (%s, %s):\n%s\n",
			      text(a, "created_at"), member(a, "author", "name"), text(a, "text"));
	json_t *s = base64(out, (size_t)n);
	free(out);
	return s;
}

json_t *fhir_note(const json_t *note)
{
	bool amended = json_array_size(json_object_get(note, "amendments")) > 0;
	return json_pack("{s:s,s:s,s:s,s:s,s:{s:[{s:s,s:s,s:s}]},s:o,s:s,s:[o],s:s,"
			 "s:[{s:{s:s,s:o,s:s}}],s:{s:[o]}}",
			 "resourceType", "DocumentReference", "id", text(note, "id"),
			 "status", "current", "docStatus", amended ? "amended" : "final",
			 "type", "coding", "system", LOINC, "code", "11488-4", "display",
			 "Consult note", "subject", fhir_reference("Patient",
			 member(note, "patient", "id"), member(note, "patient", "name")),
			 "date", text(note, "signed_at"), "author", fhir_reference("Practitioner",
			 member(note, "doctor", "id"), member(note, "doctor", "name")),
			 "description", "Consultation note", "content", "attachment",
			 "contentType", "text/plain; charset=utf-8", "data", note_text(note),
			 "title", "Consultation note", "context", "encounter",
			 fhir_reference("Encounter", text(note, "appointment_id"), NULL));
}

json_t *fhir_condition(const json_t *note)
{
	if (!*text(note, "icd10"))
		return NULL;
	return json_pack("{s:s,s:s,s:{s:[{s:s,s:s}]},s:o,s:o,s:s,s:o}", "resourceType",
			 "Condition", "id", text(note, "id"), "code", "coding", "system",
			 "http://hl7.org/fhir/sid/icd-10", "code", text(note, "icd10"),
			 "subject", fhir_reference("Patient", member(note, "patient", "id"), NULL),
			 "encounter", fhir_reference("Encounter", text(note, "appointment_id"), NULL),
			 "recordedDate", text(note, "signed_at"), "recorder",
			 fhir_reference("Practitioner", member(note, "doctor", "id"), NULL));
}

json_t *fhir_medication_request(const json_t *rx)
{
	const char *s = text(rx, "status");
	const char *status = strcmp(s, "dispensed") == 0 ? "completed"
		: strcmp(s, "cancelled") == 0 ? "cancelled"
		: strcmp(s, "expired") == 0 ? "stopped" : "active";
	const json_t *m = json_object_get(rx, "medication");
	char medication[700];
	snprintf(medication, sizeof(medication), "%s %s %s", text(m, "name"),
		 text(m, "strength"), text(m, "form"));
	return json_pack("{s:s,s:s,s:[{s:s,s:s}],s:s,s:s,s:{s:s},s:o,s:o,s:s,s:o,"
			 "s:[{s:s}],s:{s:{s:s,s:s},s:I,s:{s:I}}}",
			 "resourceType", "MedicationRequest", "id", text(rx, "id"),
			 "identifier", "system", "urn:telemed:prescription-code", "value",
			 text(rx, "code"), "status", status, "intent", "order",
			 "medicationCodeableConcept", "text", medication,
			 "subject", fhir_reference("Patient", member(rx, "patient", "id"), NULL),
			 "encounter", fhir_reference("Encounter", text(rx, "appointment_id"), NULL),
			 "authoredOn", text(rx, "created_at"),
			 "requester", fhir_reference("Practitioner", member(rx, "doctor", "id"),
						     member(rx, "doctor", "name")),
			 "dosageInstruction", "text", text(rx, "dosage"),
			 "dispenseRequest", "validityPeriod", "start", text(rx, "created_at"),
			 "end", text(rx, "valid_until"), "numberOfRepeatsAllowed",
			 json_integer_value(json_object_get(rx, "repeats")), "quantity", "value",
			 json_integer_value(json_object_get(rx, "quantity")));
}

json_t *fhir_communication(const json_t *message, const char *patient_id,
			   const char *doctor_id)
{
	bool from_patient = strcmp(text(message, "sender_id"), patient_id) == 0;
	json_t *payload = json_array();
	if (*text(message, "text"))
		json_array_append_new(payload, json_pack("{s:s}", "contentString",
							 text(message, "text")));
	const json_t *file = json_object_get(message, "attachment");
	if (json_is_object(file))
		json_array_append_new(payload, json_pack("{s:{s:s,s:s,s:I,s:s}}",
			"contentAttachment", "contentType", text(file, "content_type"), "title",
			text(file, "name"), "size", json_integer_value(json_object_get(file, "size")),
			"url", text(file, "url")));
	json_t *r = json_pack("{s:s,s:s,s:s,s:o,s:o,s:[o],s:s,s:o}", "resourceType",
		"Communication", "id", text(message, "id"), "status", "completed",
		"subject", fhir_reference("Patient", patient_id, NULL),
		"sender", from_patient ? fhir_reference("Patient", patient_id, NULL)
				       : fhir_reference("Practitioner", doctor_id, NULL),
		"recipient", from_patient ? fhir_reference("Practitioner", doctor_id, NULL)
					  : fhir_reference("Patient", patient_id, NULL),
		"sent", text(message, "created_at"), "payload", payload);
	if (*text(message, "read_at"))
		json_object_set_new(r, "received", json_string(text(message, "read_at")));
	return r;
}

/* FHIR's consent scope for each of our purposes. */
static const char *consent_scope(const char *purpose)
{
	return strcmp(purpose, "research") == 0 ? "research"
		: strcmp(purpose, "sensors") == 0 ? "treatment" : "patient-privacy";
}

json_t *fhir_consent(const json_t *c, const char *patient_id)
{
	const char *purpose = text(c, "purpose");
	char rule[160];
	snprintf(rule, sizeof(rule), "telemed consent text \"%s\", version %lld", purpose,
		 (long long)json_integer_value(json_object_get(c, "version")));
	json_t *provision = json_pack("{s:s,s:[{s:s,s:s}]}", "type",
		json_is_true(json_object_get(c, "given")) ? "permit" : "deny", "purpose",
		"system", "urn:telemed:consent-purpose", "code", purpose);
	const json_t *doctor = json_object_get(c, "doctor");
	if (json_is_object(doctor) || json_is_true(json_object_get(c, "all_doctors")))
		json_object_set_new(provision, "actor", json_pack("[{s:{s:s},s:o}]", "role", "text",
			"recipient", "reference", json_is_object(doctor)
			? fhir_reference("Practitioner", text(doctor, "id"), text(doctor, "name"))
			: json_pack("{s:s}", "display", "every doctor of the clinic")));
	return json_pack("{s:s,s:s,s:s,s:{s:[{s:s,s:s}]},s:[{s:[{s:s,s:s}]}],s:o,s:s,"
			 "s:{s:s},s:o}", "resourceType", "Consent", "id", text(c, "id"),
			 "status", strcmp(text(c, "status"), "active") == 0 ? "active" : "inactive",
			 "scope", "coding", "system",
			 "http://terminology.hl7.org/CodeSystem/consentscope", "code",
			 consent_scope(purpose), "category", "coding", "system", LOINC, "code",
			 "59284-0", "patient", fhir_reference("Patient", patient_id, NULL),
			 "dateTime", text(c, "recorded_at"), "policyRule", "text", rule,
			 "provision", provision);
}

/* C, R, U, D or E from our action's verb ("note.view" → R). */
static const char *audit_action(const char *action)
{
	const char *verb = strchr(action, '.');
	verb = verb ? verb + 1 : action;
	static const char *const reads[] = {"view", "read", "verify", "join", NULL};
	static const char *const creates[] = {"create", "add", "issue", "book", "give",
					      "send", "start", "register", NULL};
	static const char *const deletes[] = {"delete", "remove", "cancel", "revoke",
					      "withdraw", NULL};
	for (int i = 0; reads[i]; i++)
		if (strncmp(verb, reads[i], strlen(reads[i])) == 0)
			return "R";
	for (int i = 0; creates[i]; i++)
		if (strncmp(verb, creates[i], strlen(creates[i])) == 0)
			return "C";
	for (int i = 0; deletes[i]; i++)
		if (strncmp(verb, deletes[i], strlen(deletes[i])) == 0)
			return "D";
	return strstr(verb, "export") ? "E" : "U";
}

json_t *fhir_audit_event(const json_t *event)
{
	const char *action = text(event, "action"), *role = text(event, "actor_role");
	bool failed = strstr(action, "failed") || strstr(action, "refused");
	json_t *who = strcmp(role, "patient") == 0
		? fhir_reference("Patient", text(event, "actor_id"), NULL)
		: strcmp(role, "doctor") == 0
		? fhir_reference("Practitioner", text(event, "actor_id"), NULL)
		: json_pack("{s:s}", "display", *role ? role : "system");
	json_t *entity = json_array();
	if (*text(event, "subject_id"))
		json_array_append_new(entity, json_pack("{s:{s:s},s:s}", "what", "identifier",
			text(event, "subject_id"), "description", action));
	json_t *agent = json_pack("{s:o,s:b}", "who", who, "requestor", true);
	if (*text(event, "ip"))
		json_object_set_new(agent, "network", json_pack("{s:s,s:s}", "address",
			text(event, "ip"), "type", "2"));
	json_t *r = json_pack("{s:s,s:s,s:{s:s,s:s},s:[{s:s,s:s}],s:s,s:s,s:s,s:[o],"
			      "s:{s:{s:s}}}", "resourceType", "AuditEvent", "id", text(event, "id"),
			      "type", "system",
			      "http://terminology.hl7.org/CodeSystem/audit-event-type", "code",
			      "rest", "subtype", "system", "urn:telemed:audit-action", "code",
			      action, "action", audit_action(action), "recorded", text(event, "at"),
			      "outcome", failed ? "4" : "0", "agent", agent, "source", "observer",
			      "display", "telemed");
	if (json_array_size(entity))
		json_object_set_new(r, "entity", entity);
	else
		json_decref(entity);
	return r;
}

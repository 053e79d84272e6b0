/* fhir.c — the FHIR R4 Bundle, references, and the resources of people and
 * visits: Patient, Practitioner, Appointment, Encounter and the intake's
 * QuestionnaireResponse (see fhir.h). The clinical resources are in
 * fhir_record.c. */
#include "fhir.h"

#include <stdio.h>
#include <string.h>

json_t *fhir_bundle(const char *id, const char *timestamp)
{
	return json_pack("{s:s,s:s,s:s,s:s,s:[]}", "resourceType", "Bundle", "id", id, "type",
			 "collection", "timestamp", timestamp, "entry");
}

void fhir_bundle_add(json_t *bundle, const char *base, json_t *resource)
{
	char url[512];
	snprintf(url, sizeof(url), "%s/%s/%s", base,
		 json_string_value(json_object_get(resource, "resourceType")),
		 json_string_value(json_object_get(resource, "id")));
	json_array_append_new(json_object_get(bundle, "entry"),
			      json_pack("{s:s,s:o}", "fullUrl", url, "resource", resource));
}

json_t *fhir_reference(const char *type, const char *id, const char *display)
{
	char ref[128];
	snprintf(ref, sizeof(ref), "%s/%s", type, id);
	return display ? json_pack("{s:s,s:s}", "reference", ref, "display", display)
		       : json_pack("{s:s}", "reference", ref);
}

/* Borrowed string member of an object member ("doctor" → "id"). */
static const char *member(const json_t *obj, const char *outer, const char *inner)
{
	return json_string_value(json_object_get(json_object_get(obj, outer), inner));
}

static const char *text(const json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));
	return s ? s : "";
}

json_t *fhir_patient(const json_t *user)
{
	return json_pack("{s:s,s:s,s:b,s:[{s:s}],s:[{s:s,s:s,s:s}]}", "resourceType", "Patient",
			 "id", text(user, "id"), "active", strcmp(text(user, "status"), "active") == 0,
			 "name", "text", text(user, "full_name"), "telecom", "system", "email",
			 "value", text(user, "email"), "use", "home");
}

json_t *fhir_practitioner(const char *id, const char *name)
{
	return json_pack("{s:s,s:s,s:[{s:s}]}", "resourceType", "Practitioner", "id", id, "name",
			 "text", name);
}

/* The two participants of an appointment, each accepted. */
static json_t *participants(const json_t *a)
{
	return json_pack("[{s:o,s:s},{s:o,s:s}]",
		"actor", fhir_reference("Patient", member(a, "patient", "id"),
					member(a, "patient", "full_name")), "status", "accepted",
		"actor", fhir_reference("Practitioner", member(a, "doctor", "id"),
					member(a, "doctor", "full_name")), "status", "accepted");
}

json_t *fhir_appointment(const json_t *a)
{
	/* our statuses are FHIR's (booked, checked-in, arrived, fulfilled,
	 * cancelled, noshow) */
	json_t *r = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:o}", "resourceType", "Appointment",
			      "id", text(a, "id"), "status", text(a, "status"), "start",
			      text(a, "start"), "end", text(a, "end"), "created",
			      text(a, "created_at"), "participant",
			      participants(a));
	if (*text(a, "reason"))
		json_object_set_new(r, "reasonCode", json_pack("[{s:s}]", "text", text(a, "reason")));
	if (*text(a, "cancel_reason"))
		json_object_set_new(r, "cancelationReason",
				    json_pack("{s:s}", "text", text(a, "cancel_reason")));
	return r;
}

json_t *fhir_encounter(const json_t *a)
{
	const char *s = text(a, "status");
	const char *status = strcmp(s, "fulfilled") == 0 ? "finished"
		: strcmp(s, "cancelled") == 0 || strcmp(s, "noshow") == 0 ? "cancelled"
		: strcmp(s, "arrived") == 0 ? "arrived" : "planned";
	bool video = strcmp(text(a, "mode"), "video") == 0;
	json_t *participant = json_pack("[{s:o}]", "individual",
		fhir_reference("Practitioner", member(a, "doctor", "id"),
			       member(a, "doctor", "full_name")));
	return json_pack("{s:s,s:s,s:s,s:{s:s,s:s,s:s},s:o,s:o,s:[o],s:{s:s,s:s}}",
			 "resourceType", "Encounter", "id", text(a, "id"), "status", status,
			 "class", "system", "http://terminology.hl7.org/CodeSystem/v3-ActCode",
			 "code", video ? "VR" : "AMB", "display", video ? "virtual" : "ambulatory",
			 "subject", fhir_reference("Patient", member(a, "patient", "id"), NULL),
			 "participant", participant, "appointment",
			 fhir_reference("Appointment", text(a, "id"), NULL), "period", "start",
			 text(a, "start"), "end", text(a, "end"));
}

/* One answer as FHIR types it. */
static json_t *answer_value(const json_t *v)
{
	if (json_is_boolean(v))
		return json_pack("{s:b}", "valueBoolean", json_is_true(v));
	if (json_is_integer(v))
		return json_pack("{s:I}", "valueInteger", json_integer_value(v));
	if (json_is_real(v))
		return json_pack("{s:f}", "valueDecimal", json_real_value(v));
	if (json_is_string(v))
		return json_pack("{s:s}", "valueString", json_string_value(v));
	return NULL;
}

json_t *fhir_questionnaire_response(const json_t *a)
{
	const json_t *intake = json_object_get(a, "intake");
	if (!json_array_size(intake))
		return NULL;
	json_t *items = json_array(), *q;
	size_t i;
	json_array_foreach(intake, i, q)
	{
		const json_t *given = json_object_get(q, "answer");
		json_t *answers = json_array();
		if (json_is_array(given)) {
			size_t k;
			const json_t *v;
			json_array_foreach(given, k, v)
			{
				json_t *one = answer_value(v);
				if (one)
					json_array_append_new(answers, one);
			}
		} else {
			json_t *one = answer_value(given);
			if (one)
				json_array_append_new(answers, one);
		}
		if (!json_array_size(answers)) {
			json_decref(answers);
			continue;
		}
		json_array_append_new(items, json_pack("{s:s,s:s,s:o}", "linkId",
			text(q, "link_id"), "text", text(q, "text"), "answer", answers));
	}
	json_t *r = json_pack("{s:s,s:s,s:s,s:o,s:o,s:s,s:o}", "resourceType",
			      "QuestionnaireResponse", "id", text(a, "id"), "status", "completed",
			      "subject", fhir_reference("Patient", member(a, "patient", "id"), NULL),
			      "encounter", fhir_reference("Encounter", text(a, "id"), NULL),
			      "authored", text(a, "created_at"), "item", items);
	const json_t *version = json_object_get(a, "questionnaire");
	if (json_is_object(version)) {
		char canonical[160];
		snprintf(canonical, sizeof(canonical), "Questionnaire/%s|%lld",
			 text(version, "id"),
			 (long long)json_integer_value(json_object_get(version, "version")));
		json_object_set_new(r, "questionnaire", json_string(canonical));
	}
	return r;
}

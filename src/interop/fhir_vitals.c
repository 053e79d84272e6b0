/* fhir_vitals.c — a vital sign as a FHIR R4 Observation for the export (see
 * fhir.h): category vital-signs, the LOINC code, the value as a UCUM
 * Quantity, and how it was taken (typed in, a sensor, a device) as its
 * method. Pure format code: any thread. */
#include "fhir.h"

#define LOINC "http://loinc.org"
#define UCUM "http://unitsofmeasure.org"
#define CATEGORY "http://terminology.hl7.org/CodeSystem/observation-category"

static const char *text(const json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));
	return s ? s : "";
}

json_t *fhir_observation(const json_t *observation, const char *patient_id)
{
	const char *unit = text(observation, "unit");
	return json_pack("{s:s,s:s,s:s,s:[{s:[{s:s,s:s}]}],s:{s:[{s:s,s:s}]},s:o,s:s,"
			 "s:{s:O,s:s,s:s,s:s},s:{s:s}}",
			 "resourceType", "Observation", "id", text(observation, "id"),
			 "status", "final", "category", "coding", "system", CATEGORY, "code",
			 "vital-signs", "code", "coding", "system", LOINC, "code",
			 text(observation, "code"), "subject",
			 fhir_reference("Patient", patient_id, NULL), "effectiveDateTime",
			 text(observation, "at"), "valueQuantity", "value",
			 json_object_get(observation, "value"), "unit", unit, "system", UCUM,
			 "code", unit, "method", "text", text(observation, "source"));
}

/* observations.c — vital signs over REST: the patient's own
 * (/api/v1/me/observations, add and read), a doctor's read of a patient's
 * (/api/v1/patients/{id}/observations), and a device pushing with its token
 * (/api/v1/devices/{id}/observations). The rules are the domain's
 * (domain/observations.h, devices.h); this file reads requests and writes
 * answers. Worker threads. */
#include "vitals.h"
#include "../core/instant.h"
#include "../core/mem.h"
#include "../domain/devices.h"
#include "../domain/observations.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define DAY_MS (24LL * 3600 * 1000)
#define DEFAULT_DAYS 30

static const char *message(enum err e, const char *bad, bool doctor)
{
	return e == ERR_BAD_REQUEST ? bad
		: e == ERR_FORBIDDEN ? "Only patients record their vital signs"
		: e == ERR_NOT_FOUND ? "No such patient of yours"
		: e == ERR_CONSENT_REQUIRED ? (doctor ? "The patient has not consented to share "
						"their vital signs with you"
						      : "Readings from sensors and devices need "
							"your consent to use sensors")
		: e == ERR_UNAUTHENTICATED ? "Send this device's live token as Authorization: "
					     "Bearer <token>"
		: NULL;
}

static const struct jsonx_field body_fields[] = {
	{"observations", JSONX_ARRAY, true, 0, 0, NULL},
};

/* Code, unit, source and at are checked by the domain, so that any bad
 * one is a 400 that names it. */
static const struct jsonx_field item_fields[] = {
	{"code", JSONX_STRING, true, 0, 0, NULL},
	{"value", JSONX_NUMBER, true, 0, 0, NULL},
	{"unit", JSONX_STRING, true, 0, 0, NULL},
	{"at", JSONX_STRING, true, 0, 0, NULL},
	{"source", JSONX_STRING, true, 0, 0, NULL},
};

/* A device's items may leave the source out: it is "device" anyway. */
static const struct jsonx_field device_item_fields[] = {
	{"code", JSONX_STRING, true, 0, 0, NULL},
	{"value", JSONX_NUMBER, true, 0, 0, NULL},
	{"unit", JSONX_STRING, true, 0, 0, NULL},
	{"at", JSONX_STRING, true, 0, 0, NULL},
	{"source", JSONX_STRING, false, 0, 0, NULL},
};

/* Reads the body and stores it for who (device_id: the pushing device). */
static void add(struct api_env *env, struct api_request *req, struct api_response *res,
		const char *device_id)
{
	json_t *body = api_body_checked(req, res, body_fields, COUNT(body_fields));
	if (!body)
		return;
	json_t *list = json_object_get(body, "observations");
	size_t n = json_array_size(list);
	bool counted = n >= 1 && n <= OBSERVATIONS_PER_POST;
	if (counted && !vitals_check_items(list, "observations",
					   device_id ? device_item_fields : item_fields,
					   device_id ? COUNT(device_item_fields) : COUNT(item_fields),
					   false, res)) {
		json_decref(body);
		return;
	}
	struct observation_in *items = mem_calloc(counted ? n : 1, sizeof(*items));
	for (size_t i = 0; counted && i < n; i++) {
		json_t *o = json_array_get(list, i);
		items[i] = (struct observation_in){jsonx_string(o, "code"), jsonx_string(o, "unit"),
			jsonx_string(o, "at"), jsonx_string(o, "source"),
			json_number_value(json_object_get(o, "value"))};
	}
	struct record_ctx ctx = vitals_ctx(env, req);
	char bad[200] = "";
	json_t *out = NULL;
	enum err e = observations_add(&ctx, items, n, device_id, api_notices(res), bad,
				      sizeof(bad), &out);
	vitals_reply(res, e, 201, out, message(e, bad, false));
	free(items);
	json_decref(body);
}

HANDLER(me_observations_post_handler)
{
	add(env, req, res, NULL);
}

HANDLER(device_observations_post_handler)
{
	const char *auth = req->authorization;
	const char *token = strncasecmp(auth, "Bearer ", 7) == 0 ? auth + 7 : "";
	enum err e = devices_authenticate(env->db, req->params[0], token, env->now_ms, &req->who);
	if (e)
		vitals_reply(res, e, 0, NULL, message(e, NULL, false));
	else
		add(env, req, res, req->params[0]);
}

/* The range of ?code=&from=&to= (from defaults to 30 days before to, to to
 * now and the 5 minutes an observation may be ahead); false after a 400. */
static bool range_of(struct api_env *env, struct api_request *req, struct api_response *res,
		     char code[VITAL_CODE_MAX + 1], struct observation_range *r)
{
	bool has_code = vitals_query_present(req, "code");
	r->code = has_code ? code : NULL;
	if (has_code && !api_query_param(req, "code", code, VITAL_CODE_MAX + 1)) {
		api_reply_error(res, ERR_BAD_REQUEST, "Unknown code");
		return false;
	}
	r->to_ms = env->now_ms + OBSERVATION_AHEAD_MS;
	bool ok = !vitals_query_present(req, "to") || api_query_instant(req, "to", &r->to_ms);
	r->from_ms = r->to_ms - DEFAULT_DAYS * DAY_MS;
	ok = ok && (!vitals_query_present(req, "from") || api_query_instant(req, "from", &r->from_ms));
	if (!ok)
		api_reply_error(res, ERR_BAD_REQUEST, "from and to are RFC 3339 instants");
	return ok;
}

static void list(struct api_env *env, struct api_request *req, struct api_response *res,
		 const char *patient_id)
{
	char code[VITAL_CODE_MAX + 1];
	struct observation_range r;
	if (!range_of(env, req, res, code, &r))
		return;
	struct record_ctx ctx = vitals_ctx(env, req);
	char bad[200] = "";
	json_t *out = NULL;
	enum err e = patient_id ? observations_of_patient(&ctx, patient_id, &r, bad, sizeof(bad), &out)
				: observations_mine(&ctx, &r, bad, sizeof(bad), &out);
	vitals_reply(res, e, 200, out, message(e, bad, patient_id != NULL));
}

HANDLER(me_observations_get_handler)
{
	list(env, req, res, NULL);
}

HANDLER(patient_observations_get_handler)
{
	list(env, req, res, req->params[0]);
}

/* consents.c — GET /api/v1/consents/texts (what each purpose asks, for
 * everyone signed in), GET and POST /api/v1/me/consents (the patient's own
 * consents: the domain decides who may). Worker threads. */
#include "handlers.h"
#include "../domain/consent.h"

static const struct jsonx_field change_fields[] = {
	{"purpose", JSONX_STRING, true, 1, 40, NULL},
	{"given", JSONX_BOOL, true, 0, 0, NULL},
	{"version", JSONX_INT, false, 1, 1000, NULL},
	{"doctor_id", JSONX_STRING, false, 1, 64, NULL},
	{"all_doctors", JSONX_BOOL, false, 0, 0, NULL},
};

HANDLER(consent_texts_handler)
{
	(void)env;
	(void)req;
	api_reply_json(res, 200, json_pack("{s:o}", "purposes", consent_texts()));
}

HANDLER(consents_list_handler)
{
	json_t *list = NULL;
	enum err e = consent_list(env->db, &req->who, &list);
	if (e)
		api_reply_error(res, e, NULL);
	else
		api_reply_json(res, 200, list);
}

HANDLER(consent_change_handler)
{
	json_t *body = api_body_checked(req, res, change_fields, COUNT(change_fields));
	if (!body)
		return;
	json_t *version = json_object_get(body, "version");
	struct consent_change change = {
		.purpose = jsonx_string(body, "purpose"),
		.doctor_id = jsonx_string(body, "doctor_id"),
		.all_doctors = json_is_true(json_object_get(body, "all_doctors")),
		.given = json_is_true(json_object_get(body, "given")),
		.version = version ? (int)json_integer_value(version) : 0,
	};
	json_t *consent = NULL;
	bool created = false;
	char msg[160] = "";
	enum err e = consent_change(env->db, &req->who, &change, env->now_ms,
				    api_notices(res), &consent, &created, msg, sizeof(msg));
	json_decref(body);
	if (e)
		api_reply_error(res, e, *msg ? msg : NULL);
	else
		api_reply_json(res, created ? 201 : 200, json_pack("{s:o}", "consent", consent));
}

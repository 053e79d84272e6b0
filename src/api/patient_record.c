/* patient_record.c — a doctor reads a patient's whole record over REST:
 * GET /api/v1/patients/{id}/record (care relationship and consent) and
 * POST /api/v1/patients/{id}/record/emergency {"reason"} (break-glass).
 * The rules and their audit are the domain's (domain/record_share.h).
 * Worker threads. */
#include "handlers.h"
#include "record_api.h"
#include "../domain/record_share.h"

static void reply(struct api_response *res, enum err e, json_t *out)
{
	const char *msg = e == ERR_NOT_FOUND ? "No such patient in your care"
		: e == ERR_FORBIDDEN ? "Only doctors read a patient's record"
		: e == ERR_CONSENT_REQUIRED ? "The patient has not agreed to share their record "
					      "with you; in an emergency, state a reason"
		: e == ERR_INVALID_VALUE ? "State the emergency in 10 to 500 characters, or ask "
					   "from the first page (limit 1 to 100)"
		: NULL;
	record_api_reply(res, e, 200, out, msg);
}

HANDLER(patient_record_get_handler)
{
	char cursor[128];
	bool has_cursor = api_query_param(req, "cursor", cursor, sizeof(cursor));
	int limit = api_page_limit(req);
	if (limit < 1) {
		reply(res, ERR_INVALID_VALUE, NULL);
		return;
	}
	struct record_ctx ctx = record_api_ctx(env, req);
	json_t *out = NULL;
	enum err e = record_share_read(&ctx, req->params[0], limit, has_cursor ? cursor : NULL,
				       &out);
	reply(res, e, out);
}

static const struct jsonx_field emergency_fields[] = {
	{"reason", JSONX_STRING, true, RECORD_REASON_MIN, RECORD_REASON_MAX, NULL},
};

HANDLER(patient_record_emergency_handler)
{
	json_t *body = api_body_checked(req, res, emergency_fields, COUNT(emergency_fields));
	if (!body)
		return;
	struct record_ctx ctx = record_api_ctx(env, req);
	json_t *out = NULL;
	enum err e = record_share_emergency(&ctx, req->params[0], jsonx_string(body, "reason"),
					    api_notices(res), &out);
	json_decref(body);
	reply(res, e, out);
}

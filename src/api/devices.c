/* devices.c — the patient's device tokens over REST: /api/v1/me/devices
 * (issue, list) and /api/v1/me/devices/{id} (revoke). What a device does
 * with its token is in observations.c. The rules are the domain's
 * (domain/devices.h). Worker threads. */
#include "vitals.h"
#include "../domain/devices.h"

static const char *message(enum err e)
{
	return e == ERR_FORBIDDEN ? "Only patients have devices"
		: e == ERR_NOT_FOUND ? "No such device of yours"
		: e == ERR_CONFLICT ? "You have 20 devices; revoke one first"
		: NULL;
}

static const struct jsonx_field issue_fields[] = {
	{"name", JSONX_STRING, true, 1, DEVICE_NAME_MAX, NULL},
};

HANDLER(me_devices_post_handler)
{
	json_t *body = api_body_checked(req, res, issue_fields, COUNT(issue_fields));
	if (!body)
		return;
	struct record_ctx ctx = vitals_ctx(env, req);
	json_t *out = NULL;
	enum err e = devices_issue(&ctx, jsonx_string(body, "name"), &out);
	vitals_reply(res, e, 201, out, message(e));
	json_decref(body);
}

HANDLER(me_devices_get_handler)
{
	struct record_ctx ctx = vitals_ctx(env, req);
	json_t *out = NULL;
	enum err e = devices_list(&ctx, &out);
	vitals_reply(res, e, 200, out, message(e));
}

HANDLER(me_device_delete_handler)
{
	struct record_ctx ctx = vitals_ctx(env, req);
	enum err e = devices_revoke(&ctx, req->params[0]);
	if (e)
		api_reply_error(res, e, message(e));
	else
		api_reply_empty(res);
}

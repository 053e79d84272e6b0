/* retention.c — the clinic's retention rules for administrators: GET and
 * PUT /api/v1/admin/retention, POST /api/v1/admin/retention/run (the
 * domain decides who may). Worker threads. */
#include "handlers.h"
#include "../domain/retention.h"

static const struct jsonx_field set_fields[] = {
	{"rules", JSONX_ARRAY, true, 1, 20, NULL},
};

HANDLER(retention_get_handler)
{
	json_t *out = NULL;
	enum err e = retention_rules(env->db, &req->who, &out);
	if (e)
		api_reply_error(res, e, NULL);
	else
		api_reply_json(res, 200, out);
}

HANDLER(retention_set_handler)
{
	json_t *body = api_body_checked(req, res, set_fields, COUNT(set_fields));
	if (!body)
		return;
	char msg[160] = "";
	enum err e = retention_set(env->db, &req->who, json_object_get(body, "rules"),
				   env->now_ms, msg, sizeof(msg));
	json_decref(body);
	if (e)
		api_reply_error(res, e, *msg ? msg : NULL);
	else
		retention_get_handler(env, req, res);
}

HANDLER(retention_run_handler)
{
	json_t *purged = NULL;
	enum err e = retention_run(env->db, &req->who, env->now_ms, &purged);
	if (e)
		api_reply_error(res, e, NULL);
	else
		api_reply_json(res, 200, json_pack("{s:o}", "purged", purged));
}

/* specialties.c — GET /api/v1/specialties for everyone signed in; POST
 * /api/v1/admin/specialties, PATCH and DELETE /api/v1/admin/specialties/{id}
 * for administrators (the domain decides who may). Worker threads. */
#include "handlers.h"
#include "../domain/specialties.h"

static const struct jsonx_field add_fields[] = {
	{"id", JSONX_STRING, true, 1, 100, NULL},
	{"name", JSONX_STRING, true, 1, 200, NULL},
};

static const struct jsonx_field rename_fields[] = {
	{"name", JSONX_STRING, true, 1, 200, NULL},
};

HANDLER(specialties_list_handler)
{
	(void)req;
	json_t *list = NULL;
	enum err e = specialties_list(env->db, &list);
	if (e)
		api_reply_error(res, e, NULL);
	else
		api_reply_json(res, 200, json_pack("{s:o}", "specialties", list));
}

/* {"specialty":{id, name}} with status, or the error and its reason. */
static void reply(struct api_response *res, int status, enum err e, json_t *specialty,
		  const char *msg)
{
	if (e)
		api_reply_error(res, e, *msg ? msg : NULL);
	else
		api_reply_json(res, status, json_pack("{s:o}", "specialty", specialty));
}

HANDLER(admin_specialty_add_handler)
{
	json_t *body = api_body_checked(req, res, add_fields, COUNT(add_fields));
	if (!body)
		return;
	json_t *specialty = NULL;
	char msg[160] = "";
	enum err e = specialties_add(env->db, &req->who, jsonx_string(body, "id"),
				     jsonx_string(body, "name"), env->now_ms, &specialty, msg,
				     sizeof(msg));
	json_decref(body);
	reply(res, 201, e, specialty, msg);
}

HANDLER(admin_specialty_rename_handler)
{
	json_t *body = api_body_checked(req, res, rename_fields, COUNT(rename_fields));
	if (!body)
		return;
	json_t *specialty = NULL;
	char msg[160] = "";
	enum err e = specialties_rename(env->db, &req->who, req->params[0],
					jsonx_string(body, "name"), env->now_ms, &specialty, msg,
					sizeof(msg));
	json_decref(body);
	reply(res, 200, e, specialty, msg);
}

HANDLER(admin_specialty_remove_handler)
{
	char msg[160] = "";
	enum err e = specialties_remove(env->db, &req->who, req->params[0], env->now_ms, msg,
					sizeof(msg));
	if (e)
		api_reply_error(res, e, *msg ? msg : NULL);
	else
		api_reply_empty(res);
}

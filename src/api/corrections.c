/* corrections.c — requests to correct a signed note: POST and GET
 * /api/v1/appointments/{id}/note/corrections (its patient asks; both
 * parties read), POST /api/v1/note-corrections/{id}/resolve (its doctor
 * amends or declines). The domain decides who may. Worker threads. */
#include "handlers.h"
#include "../domain/note_corrections.h"

#include <string.h>

static const struct jsonx_field request_fields[] = {
	{"text", JSONX_STRING, true, 1, CORRECTION_TEXT_MAX, NULL},
};

static const char *const actions[] = {"amend", "decline", NULL};

static const struct jsonx_field resolve_fields[] = {
	{"action", JSONX_STRING, true, 0, 0, actions},
	{"text", JSONX_STRING, true, 1, CORRECTION_TEXT_MAX, NULL},
};

static void reply(struct api_response *res, int status, enum err e, json_t *out)
{
	const char *msg = e == ERR_NOT_FOUND ? "No such appointment, signed note or request"
		: e == ERR_FORBIDDEN ? "The patient asks for a correction; the note's doctor answers"
		: e == ERR_CONFLICT ? "A request of this note is open already, or this one is answered"
		: e == ERR_INVALID_VALUE ? "text: 1 to 2000 characters, not only blanks" : NULL;
	if (e)
		api_reply_error(res, e, msg);
	else
		api_reply_json(res, status, json_pack("{s:o}", "correction", out));
}

HANDLER(correction_request_handler)
{
	json_t *body = api_body_checked(req, res, request_fields, COUNT(request_fields));
	if (!body)
		return;
	struct record_ctx ctx = {env->db, env->keys, &req->who, env->now_ms};
	json_t *out = NULL;
	enum err e = corrections_request(&ctx, req->params[0], jsonx_string(body, "text"), &out);
	json_decref(body);
	reply(res, 201, e, out);
}

HANDLER(corrections_list_handler)
{
	struct record_ctx ctx = {env->db, env->keys, &req->who, env->now_ms};
	json_t *out = NULL;
	enum err e = corrections_list(&ctx, req->params[0], &out);
	if (e)
		api_reply_error(res, e, NULL);
	else
		api_reply_json(res, 200, out);
}

HANDLER(correction_resolve_handler)
{
	json_t *body = api_body_checked(req, res, resolve_fields, COUNT(resolve_fields));
	if (!body)
		return;
	struct record_ctx ctx = {env->db, env->keys, &req->who, env->now_ms};
	json_t *out = NULL;
	enum err e = corrections_resolve(&ctx, req->params[0],
		strcmp(jsonx_string(body, "action"), "amend") == 0, jsonx_string(body, "text"), &out);
	json_decref(body);
	reply(res, 200, e, out);
}

/* dropin.c — the drop-in queue: POST /api/v1/dropin (a patient joins),
 * GET and DELETE /api/v1/dropin/mine (where one stands; leaving),
 * GET /api/v1/dropin/queue and POST /api/v1/dropin/take (doctors on duty),
 * PUT /api/v1/doctors/{id}/duty. Worker threads. */
#include "handlers.h"
#include "../domain/dropin.h"


static const char *const modes[] = {"video", "in_person", NULL};

static const struct jsonx_field join_fields[] = {
	{"specialty", JSONX_STRING, true, 1, 64, NULL},
	{"reason", JSONX_STRING, false, 0, 500, NULL},
	{"mode", JSONX_STRING, false, 0, 0, modes},
	{"answers", JSONX_OBJECT, false, 0, 0, NULL},
};

static const struct jsonx_field duty_fields[] = {
	{"on_duty", JSONX_BOOL, true, 0, 0, NULL},
};

static void reply(struct api_response *res, int status, enum err e, const char *key,
		  json_t *value, const char *msg)
{
	if (e)
		api_reply_error(res, e, msg && *msg ? msg : NULL);
	else
		api_reply_json(res, status, json_pack("{s:o}", key, value));
}

HANDLER(dropin_join_handler)
{
	json_t *body = api_body_checked(req, res, join_fields, COUNT(join_fields));
	if (!body)
		return;
	struct dropin_request r = {
		.specialty = jsonx_string(body, "specialty"),
		.reason = jsonx_string(body, "reason"),
		.mode = jsonx_string(body, "mode") ? jsonx_string(body, "mode") : "video",
		.answers = json_object_get(body, "answers"),
	};
	json_t *entry = NULL;
	char msg[200] = "";
	enum err e = dropin_join(env->db, &req->who, &r, env->now_ms, &entry, msg, sizeof(msg));
	json_decref(body);
	reply(res, 201, e, "entry", entry, e == ERR_FORBIDDEN ? "Only patients ask for a drop-in doctor" : msg);
}

HANDLER(dropin_mine_handler)
{
	json_t *entry = NULL;
	enum err e = dropin_mine(env->db, &req->who, &entry);
	reply(res, 200, e, "entry", entry, NULL);
}

HANDLER(dropin_leave_handler)
{
	enum err e = dropin_leave(env->db, &req->who, env->now_ms);
	if (e)
		api_reply_error(res, e, e == ERR_NOT_FOUND ? "You are not waiting" : NULL);
	else
		api_reply_empty(res);
}

HANDLER(dropin_queue_handler)
{
	json_t *queue = NULL;
	enum err e = dropin_queue(env->db, &req->who, env->now_ms, &queue);
	reply(res, 200, e, "queue", queue, e == ERR_FORBIDDEN ? "Only verified doctors see the queue" : NULL);
}

HANDLER(dropin_take_handler)
{
	json_t *appointment = NULL;
	enum err e = dropin_take(env->db, &req->who, env->now_ms, &appointment);
	reply(res, 201, e, "appointment", appointment,
	      e == ERR_FORBIDDEN ? "Only verified doctors take drop-in patients" : NULL);
}

HANDLER(doctor_duty_put_handler)
{
	json_t *body = api_body_checked(req, res, duty_fields, COUNT(duty_fields));
	if (!body)
		return;
	json_t *duty = NULL;
	char msg[200] = "";
	enum err e = dropin_set_duty(env->db, &req->who, req->params[0],
				     json_is_true(json_object_get(body, "on_duty")), env->now_ms,
				     &duty, msg, sizeof(msg));
	json_decref(body);
	reply(res, 200, e, "duty", duty, e == ERR_NOT_FOUND ? "No such doctor" : msg);
}

/* schedule.c — a doctor's hours and slots: PUT/GET
 * /api/v1/doctors/{id}/hours, GET /api/v1/doctors/{id}/slots?from=…&to=….
 * Worker threads. */
#include "handlers.h"
#include "../domain/schedule.h"
#include "../core/mem.h"

#include <stdlib.h>

HANDLER(doctor_hours_put_handler)
{
	json_t *body = api_body_object(req, res);
	if (!body)
		return;
	struct schedule *s = mem_alloc(sizeof(*s));
	char msg[200] = "";
	enum err e = schedule_parse(body, s, msg, sizeof(msg));
	json_decref(body);
	if (!e)
		e = schedule_set(env->db, &req->who, req->params[0], s, env->now_ms);
	free(s);
	json_t *hours = NULL;
	if (!e)
		e = schedule_get(env->db, req->params[0], &hours);
	if (e)
		api_reply_error(res, e, *msg ? msg : NULL);
	else
		api_reply_json(res, 200, hours);
}

HANDLER(doctor_hours_get_handler)
{
	json_t *hours = NULL;
	enum err e = schedule_get(env->db, req->params[0], &hours);
	if (e)
		api_reply_error(res, e, e == ERR_NOT_FOUND ? "No such doctor" : NULL);
	else
		api_reply_json(res, 200, hours);
}

HANDLER(doctor_slots_handler)
{
	int64_t from, to;
	if (!api_query_instant(req, "from", &from) || !api_query_instant(req, "to", &to)) {
		api_reply_error(res, ERR_INVALID_VALUE,
				"from and to are RFC 3339 instants, e.g. 2026-03-02T00:00:00Z");
		return;
	}
	json_t *slots = NULL;
	enum err e = schedule_slots(env->db, req->params[0], from, to, env->now_ms, &slots);
	if (e == ERR_INVALID_VALUE)
		api_reply_error(res, e, "to must come after from, at most 31 days later");
	else if (e)
		api_reply_error(res, e, e == ERR_NOT_FOUND ? "No such doctor" : NULL);
	else
		api_reply_json(res, 200, json_pack("{s:o}", "slots", slots));
}

/* appointments.c — POST /api/v1/appointments, GET /api/v1/appointments,
 * GET /api/v1/appointments/{id}, POST /api/v1/appointments/{id}/cancel.
 * Worker threads. */
#include "handlers.h"
#include "../core/config.h"
#include "../core/instant.h"
#include "../domain/appointments.h"
#include "../domain/reviews.h"
#include "ics.h"

#include <stdio.h>
#include <string.h>

static const char *const modes[] = {"video", "in_person", NULL};

static const struct jsonx_field book_fields[] = {
	{"doctor_id", JSONX_STRING, true, 36, 36, NULL},
	{"start", JSONX_STRING, true, 20, 35, NULL},
	{"reason", JSONX_STRING, false, 0, 500, NULL},
	{"mode", JSONX_STRING, false, 0, 0, modes},
	{"answers", JSONX_OBJECT, false, 0, 0, NULL},
};

static const struct jsonx_field cancel_fields[] = {
	{"reason", JSONX_STRING, false, 0, 500, NULL},
};


/* Adds when the consultation may be joined (the clinic's settings), so
 * pages need not know them: {"opens_at","closes_at"}. */
static void add_window(const struct config *cfg, json_t *appointment)
{
	int64_t start, end;
	if (instant_parse(json_string_value(json_object_get(appointment, "start")), &start) ||
	    instant_parse(json_string_value(json_object_get(appointment, "end")), &end))
		return;
	char opens[INSTANT_TEXT_MAX], closes[INSTANT_TEXT_MAX];
	instant_format(start - cfg->join_early_minutes * 60000LL, opens);
	instant_format(end + cfg->join_late_minutes * 60000LL, closes);
	json_object_set_new(appointment, "window",
			    json_pack("{s:s,s:s}", "opens_at", opens, "closes_at", closes));
}

static void reply_appointment(const struct config *cfg, struct api_response *res, int status,
			      enum err e, json_t *appointment)
{
	if (!e)
		add_window(cfg, appointment);
	if (e)
		api_reply_error(res, e, e == ERR_NOT_FOUND ? "No such appointment" : NULL);
	else
		api_reply_json(res, status, json_pack("{s:o}", "appointment", appointment));
}

HANDLER(appointments_book_handler)
{
	json_t *body = api_body_checked(req, res, book_fields, COUNT(book_fields));
	if (!body)
		return;
	struct booking b = {
		.doctor_id = jsonx_string(body, "doctor_id"),
		.reason = jsonx_string(body, "reason"),
		.mode = jsonx_string(body, "mode") ? jsonx_string(body, "mode") : "video",
		.answers = json_object_get(body, "answers"),
		.notices = api_notices(res),
	};
	json_t *appointment = NULL;
	char msg[200] = "";
	enum err e = instant_parse(jsonx_string(body, "start"), &b.start_ms) ? ERR_INVALID_VALUE
		: appointments_book(env->db, &req->who, &b, env->now_ms, &appointment, msg, sizeof(msg));
	json_decref(body);
	if (*msg)
		api_reply_error(res, e, msg);
	else if (e == ERR_NOT_FOUND)
		api_reply_error(res, e, "No such doctor");
	else if (e == ERR_FORBIDDEN)
		api_reply_error(res, e, "Only patients book appointments");
	else if (e == ERR_INVALID_VALUE)
		api_reply_error(res, e, "start is an RFC 3339 instant");
	else
		reply_appointment(env->cfg, res, 201, e, appointment);
}

HANDLER(appointments_list_handler)
{
	char scope[16] = "upcoming", cursor[128];
	if (api_query_param(req, "scope", scope, sizeof(scope)) == false)
		snprintf(scope, sizeof(scope), "upcoming");
	bool has_cursor = api_query_param(req, "cursor", cursor, sizeof(cursor));
	int limit = api_page_limit(req);
	json_t *items = NULL;
	char next[128];
	enum err e = limit < 0 ? ERR_INVALID_VALUE
		: appointments_list(env->db, &req->who, scope, limit, has_cursor ? cursor : NULL,
				    env->now_ms, &items, next, sizeof(next));
	if (e) {
		api_reply_error(res, e, e == ERR_INVALID_VALUE
			? "scope is upcoming or past; limit 1 to 100; cursor from the last page" : NULL);
		return;
	}
	size_t i;
	json_t *a;
	json_array_foreach(items, i, a)
		add_window(env->cfg, a);
	api_reply_json(res, 200, json_pack("{s:o,s:s?}", "appointments", items,
					   "next_cursor", *next ? next : NULL));
}

HANDLER(appointments_get_handler)
{
	json_t *appointment = NULL;
	enum err e = appointments_view(env->db, &req->who, req->params[0], env->now_ms, &appointment);
	reply_appointment(env->cfg, res, 200, e, appointment);
}

HANDLER(appointments_cancel_handler)
{
	json_t *body = req->body_len ? api_body_checked(req, res, cancel_fields, COUNT(cancel_fields))
				     : json_object();
	if (!body)
		return;
	json_t *appointment = NULL;
	enum err e = appointments_cancel(env->db, &req->who, req->params[0],
					 jsonx_string(body, "reason"), env->now_ms, api_notices(res),
					 &appointment);
	json_decref(body);
	if (e == ERR_CONFLICT)
		api_reply_error(res, e, "Only a live appointment can be cancelled");
	else
		reply_appointment(env->cfg, res, 200, e, appointment);
}

static const struct jsonx_field reschedule_fields[] = {
	{"start", JSONX_STRING, true, 20, 35, NULL},
};

HANDLER(appointments_reschedule_handler)
{
	json_t *body = api_body_checked(req, res, reschedule_fields, COUNT(reschedule_fields));
	if (!body)
		return;
	int64_t start;
	json_t *appointment = NULL;
	enum err e = instant_parse(jsonx_string(body, "start"), &start) ? ERR_INVALID_VALUE
		: appointments_reschedule(env->db, &req->who, req->params[0], start,
					  env->now_ms, api_notices(res), &appointment);
	json_decref(body);
	if (e == ERR_CONFLICT)
		api_reply_error(res, e, "Only a booked appointment can be moved");
	else if (e == ERR_INVALID_VALUE)
		api_reply_error(res, e, "start is an RFC 3339 instant");
	else
		reply_appointment(env->cfg, res, 200, e, appointment);
}

/* The appointment as an iCalendar file to import into any calendar. */
HANDLER(appointments_ics_handler)
{
	json_t *a = NULL;
	enum err e = appointments_view(env->db, &req->who, req->params[0], env->now_ms, &a);
	if (e) {
		reply_appointment(env->cfg, res, 200, e, a);
		return;
	}
	struct ics_event ics;
	ics_event_fill(&ics, a, req->who.user_id, true, env->now_ms);
	buf_reset(&res->body);
	if (ical_write_event(&res->body, &ics.ev)) {
		api_reply_error(res, ERR_INTERNAL, NULL);
	} else {
		res->status = 200;
		res->content_type = "text/calendar; charset=utf-8";
		api_response_header(res, "content-disposition", "attachment; filename=\"appointment.ics\"");
	}
	json_decref(a);
}

static const struct jsonx_field review_fields[] = {
	{"rating", JSONX_INT, true, 1, 5, NULL},
	{"comment", JSONX_STRING, false, 0, 1000, NULL},
};

HANDLER(appointments_review_handler)
{
	json_t *body = api_body_checked(req, res, review_fields, COUNT(review_fields));
	if (!body)
		return;
	json_t *review = NULL;
	enum err e = reviews_add(env->db, &req->who, req->params[0],
				 (int)json_integer_value(json_object_get(body, "rating")),
				 jsonx_string(body, "comment"), env->now_ms, &review);
	json_decref(body);
	if (e == ERR_CONFLICT)
		api_reply_error(res, e, "Only a fulfilled consultation can be reviewed, once");
	else if (e)
		api_reply_error(res, e, e == ERR_NOT_FOUND ? "No such appointment" : NULL);
	else
		api_reply_json(res, 201, json_pack("{s:o}", "review", review));
}

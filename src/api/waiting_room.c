/* waiting_room.c — GET /api/v1/waiting-room (a doctor's waiting patients,
 * with their reasons and answers) and POST /api/v1/waiting-room/note (the
 * doctor's one line to them, pushed live). Worker threads. */
#include "handlers.h"
#include "../domain/waiting_room.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const struct jsonx_field note_fields[] = {
	{"text", JSONX_STRING, true, 0, WAITING_NOTE_MAX, NULL},
};

static const char *const doctors_only = "Only doctors have a waiting room";

HANDLER(waiting_room_get_handler)
{
	json_t *room = NULL;
	enum err e = waiting_room_list(env->db, &req->who, env->now_ms, &room);
	if (e)
		api_reply_error(res, e, e == ERR_FORBIDDEN ? doctors_only : NULL);
	else
		api_reply_json(res, 200, room);
}

HANDLER(waiting_room_note_handler)
{
	json_t *body = api_body_checked(req, res, note_fields, COUNT(note_fields));
	if (!body)
		return;
	json_t *note = NULL;
	enum err e = waiting_room_set_note(env->db, &req->who, jsonx_string(body, "text"),
					   env->now_ms, api_notices(res), &note);
	json_decref(body);
	if (e)
		api_reply_error(res, e, e == ERR_FORBIDDEN ? doctors_only
				: e == ERR_INVALID_VALUE ? "A note is one line of text (or \"\" to clear it)"
				: NULL);
	else
		api_reply_json(res, 200, json_pack("{s:o}", "note", note));
}

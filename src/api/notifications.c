/* notifications.c — the caller's in-app notifications:
 * GET /api/v1/notifications and POST /api/v1/notifications/read.
 * Worker threads. */
#include "handlers.h"
#include "../domain/notifications.h"


HANDLER(notifications_list_handler)
{
	char cursor[128];
	bool has_cursor = api_query_param(req, "cursor", cursor, sizeof(cursor));
	int limit = api_page_limit(req);
	json_t *out = NULL;
	enum err e = limit < 0 ? ERR_INVALID_VALUE
		: notifications_list(env->db, &req->who, limit, has_cursor ? cursor : NULL, &out);
	if (e)
		api_reply_error(res, e, e == ERR_INVALID_VALUE
			? "limit 1 to 100; cursor from the last page" : NULL);
	else
		api_reply_json(res, 200, out);
}

static const struct jsonx_field read_fields[] = {
	{"up_to", JSONX_STRING, false, 36, 36, NULL},
};

HANDLER(notifications_read_handler)
{
	json_t *body = req->body_len ? api_body_checked(req, res, read_fields, COUNT(read_fields))
				     : json_object();
	if (!body)
		return;
	enum err e = notifications_mark_read(env->db, &req->who, jsonx_string(body, "up_to"),
					     env->now_ms);
	json_decref(body);
	if (e)
		api_reply_error(res, e, e == ERR_NOT_FOUND ? "No such notification" : NULL);
	else
		api_reply_empty(res);
}

/* breaches.c — breach notices: POST and GET /api/v1/admin/breaches, GET
 * /api/v1/admin/breaches/{id}/recipients for administrators; GET
 * /api/v1/me/breach-notices and POST /api/v1/me/breach-notices/{id}/acknowledge
 * for the users a breach touched. Who may do what is decided in the domain.
 * Worker threads. */
#include "handlers.h"
#include "../core/instant.h"
#include "../domain/breaches.h"

#include <string.h>

/* "users" is checked by hand: a list of ids or the string "all". */
static const struct jsonx_field record_fields[] = {
	{"title", JSONX_STRING, true, 1, BREACH_TITLE_MAX, NULL},
	{"description", JSONX_STRING, true, 1, BREACH_DESCRIPTION_MAX, NULL},
	{"discovered_at", JSONX_STRING, true, 1, 64, NULL},
};

/* Fills in from body; replies 4xx and returns false when it does not fit. */
static bool read_input(json_t *body, json_t *users, struct api_response *res,
		       struct breach_input *in)
{
	struct jsonx_error je;
	if (jsonx_check(body, record_fields, COUNT(record_fields), &je)) {
		api_reply_error(res, je.err, je.message);
		return false;
	}
	if (!users) {
		api_reply_error(res, ERR_MISSING_FIELD, "users is required: a list of user ids or \"all\"");
		return false;
	}
	if (!json_is_array(users) && !(json_is_string(users) && strcmp(json_string_value(users), "all") == 0)) {
		api_reply_error(res, ERR_INVALID_TYPE, "users is a list of user ids or \"all\"");
		return false;
	}
	if (instant_parse(jsonx_string(body, "discovered_at"), &in->discovered_ms)) {
		api_reply_error(res, ERR_INVALID_VALUE, "discovered_at is an RFC 3339 instant");
		return false;
	}
	in->title = jsonx_string(body, "title");
	in->description = jsonx_string(body, "description");
	in->everyone = json_is_string(users);
	in->user_ids = json_is_array(users) ? users : NULL;
	return true;
}

HANDLER(admin_breach_record_handler)
{
	json_t *body = api_body_object(req, res);
	if (!body)
		return;
	json_t *users = json_incref(json_object_get(body, "users"));
	json_object_del(body, "users");
	struct breach_input in = {0};
	if (read_input(body, users, res, &in)) {
		json_t *breach = NULL;
		char msg[160];
		enum err e = breaches_record(env->db, &req->who, &in, env->now_ms, &breach, msg,
					     sizeof(msg));
		if (e)
			api_reply_error(res, e, *msg ? msg : NULL);
		else
			api_reply_json(res, 201, json_pack("{s:o}", "breach", breach));
	}
	json_decref(users);
	json_decref(body);
}

/* One page of a list the domain pages (breaches, or a breach's users). */
typedef enum err (*list_fn)(struct api_env *env, struct api_request *req, int limit,
			    const char *cursor, json_t **list, char *next, size_t next_len);

static void reply_page_of(struct api_env *env, struct api_request *req,
			  struct api_response *res, const char *name, list_fn fn)
{
	char cursor[128], next[128];
	bool has_cursor = api_query_param(req, "cursor", cursor, sizeof(cursor));
	int limit = api_page_limit(req);
	if (limit < 0) {
		api_reply_error(res, ERR_INVALID_VALUE, "limit is 1 to 100");
		return;
	}
	json_t *list = NULL;
	enum err e = fn(env, req, limit, has_cursor ? cursor : NULL, &list, next, sizeof(next));
	if (e)
		api_reply_error(res, e, NULL);
	else
		api_reply_page(res, name, list, next);
}

static enum err list_breaches(struct api_env *env, struct api_request *req, int limit,
			      const char *cursor, json_t **list, char *next, size_t next_len)
{
	return breaches_list(env->db, &req->who, limit, cursor, list, next, next_len);
}

static enum err list_recipients(struct api_env *env, struct api_request *req, int limit,
				const char *cursor, json_t **list, char *next, size_t next_len)
{
	return breaches_recipients(env->db, &req->who, req->params[0], limit, cursor, list, next,
				   next_len);
}

HANDLER(admin_breaches_list_handler)
{
	reply_page_of(env, req, res, "breaches", list_breaches);
}

HANDLER(admin_breach_recipients_handler)
{
	reply_page_of(env, req, res, "users", list_recipients);
}

HANDLER(me_breach_notices_handler)
{
	(void)req;
	json_t *list = NULL;
	enum err e = breaches_mine(env->db, &req->who, env->now_ms, &list);
	if (e)
		api_reply_error(res, e, NULL);
	else
		api_reply_json(res, 200, json_pack("{s:o}", "notices", list));
}

HANDLER(me_breach_acknowledge_handler)
{
	json_t *notice = NULL;
	enum err e = breaches_acknowledge(env->db, &req->who, req->params[0], env->now_ms,
					  &notice);
	if (e)
		api_reply_error(res, e, NULL);
	else
		api_reply_json(res, 200, json_pack("{s:o}", "notice", notice));
}

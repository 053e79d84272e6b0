/* me.c — the caller's own account: GET/PATCH /api/v1/me (name, e-mail,
 * relay-only privacy mode), POST /api/v1/me/password, GET
 * /api/v1/me/sessions, DELETE /api/v1/me/sessions/{id}, GET and PUT
 * /api/v1/me/demographics (a patient's birth date, sex, country). Worker
 * threads. */
#include "handlers.h"
#include "../core/config.h"
#include "../domain/accounts.h"
#include "../domain/demographics.h"
#include "../domain/sessions.h"

static const struct jsonx_field update_fields[] = {
	{"full_name", JSONX_STRING, false, 1, 100, NULL},
	{"email", JSONX_STRING, false, 3, 254, NULL},
	{"relay_only", JSONX_BOOL, false, 0, 0, NULL},
};

static const struct jsonx_field password_fields[] = {
	{"current_password", JSONX_STRING, true, 1, 1024, NULL},
	{"new_password", JSONX_STRING, true, 0, 0, NULL},
};


static void reply_user(struct api_response *res, enum err e, json_t *user)
{
	if (e)
		api_reply_error(res, e, NULL);
	else
		api_reply_json(res, 200, json_pack("{s:o}", "user", user));
}

HANDLER(me_get_handler)
{
	json_t *user = NULL;
	enum err e = accounts_get(env->db, &req->who, &user);
	reply_user(res, e, user);
}

HANDLER(me_update_handler)
{
	json_t *body = api_body_checked(req, res, update_fields, COUNT(update_fields));
	if (!body)
		return;
	json_t *relay = json_object_get(body, "relay_only");
	struct profile_change c = {jsonx_string(body, "full_name"), jsonx_string(body, "email"),
				   relay ? json_is_true(relay) : -1};
	if (c.relay_only == 1 && !*env->cfg->turn_urls) {
		/* relay-only calls could never connect: say so now, not in the call */
		json_decref(body);
		api_reply_error(res, ERR_CONFLICT,
				"This clinic has no TURN relay, so calls cannot be relay-only");
		return;
	}
	json_t *user = NULL;
	enum err e = accounts_update(env->db, &req->who, &c, env->now_ms, &user);
	json_decref(body);
	reply_user(res, e, user);
}

HANDLER(me_password_handler)
{
	json_t *body = api_body_checked(req, res, password_fields, COUNT(password_fields));
	if (!body)
		return;
	enum err e = accounts_change_password(env->db, &req->who,
					      jsonx_string(body, "current_password"),
					      jsonx_string(body, "new_password"),
					      env->now_ms);
	json_decref(body);
	if (e)
		api_reply_error(res, e, e == ERR_INVALID_CREDENTIALS
						? "The current password is wrong"
						: NULL);
	else
		api_reply_empty(res);
}

HANDLER(me_sessions_list_handler)
{
	json_t *list = NULL;
	enum err e = sessions_list(env->db, &req->who, env->cfg->session_idle_seconds,
				   env->now_ms, &list);
	if (e)
		api_reply_error(res, e, NULL);
	else
		api_reply_json(res, 200, json_pack("{s:o}", "sessions", list));
}

HANDLER(me_session_revoke_handler)
{
	enum err e = sessions_revoke(env->db, &req->who, req->params[0], env->now_ms);
	if (e)
		api_reply_error(res, e, e == ERR_NOT_FOUND ? "No such session" : NULL);
	else
		api_reply_empty(res);
}

static const struct jsonx_field demographics_fields[] = {
	{"birth_date", JSONX_STRING, false, 10, 10, NULL},
	{"sex", JSONX_STRING, false, 1, 10, NULL},
	{"country", JSONX_STRING, false, 2, 2, NULL},
};

static void reply_demographics(struct api_response *res, enum err e, json_t *out,
			       const char *msg)
{
	if (e)
		api_reply_error(res, e, msg && *msg ? msg : NULL);
	else
		api_reply_json(res, 200, json_pack("{s:o}", "demographics", out));
}

HANDLER(me_demographics_get_handler)
{
	json_t *out = NULL;
	enum err e = demographics_get(env->db, &req->who, &out);
	reply_demographics(res, e, out, NULL);
}

HANDLER(me_demographics_set_handler)
{
	json_t *body = api_body_checked(req, res, demographics_fields, COUNT(demographics_fields));
	if (!body)
		return;
	json_t *out = NULL;
	char msg[160] = "";
	enum err e = demographics_set(env->db, &req->who, body, env->now_ms, &out, msg, sizeof(msg));
	json_decref(body);
	reply_demographics(res, e, out, msg);
}

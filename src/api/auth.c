/* auth.c — POST /api/v1/auth/register, /login, /logout, and the account's
 * end: POST /api/v1/me/erase (the session cookie goes with it). Thin: check
 * the body against its field table, call the domain, shape the answer.
 * Worker threads. */
#include "handlers.h"
#include "../core/config.h"
#include "../core/instant.h"
#include "../domain/accounts.h"
#include "../domain/erasure.h"

#include <stdio.h>

#define SESSION_COOKIE "__Host-telemed"

static const char *const self_roles[] = {"patient", "doctor", NULL};

static const struct jsonx_field register_fields[] = {
	{"username", JSONX_STRING, true, 3, 32, NULL},
	{"password", JSONX_STRING, true, 0, 0, NULL},
	{"full_name", JSONX_STRING, true, 1, 100, NULL},
	{"email", JSONX_STRING, true, 3, 254, NULL},
	{"role", JSONX_STRING, true, 0, 0, self_roles},
};

static const struct jsonx_field login_fields[] = {
	{"username", JSONX_STRING, true, 1, 256, NULL},
	{"password", JSONX_STRING, true, 1, 1024, NULL},
};


static const char *register_message(enum err e)
{
	switch (e) {
	case ERR_INVALID_VALUE:
		return "Usernames have 3 to 32 letters, digits, '.', '_' or '-'; "
		       "names 1 to 100 characters; e-mail addresses one '@'";
	case ERR_WEAK_PASSWORD:
		return "Passwords have 10 to 128 characters";
	default:
		return NULL;
	}
}

HANDLER(auth_register_handler)
{
	json_t *body = api_body_checked(req, res, register_fields, COUNT(register_fields));
	if (!body)
		return;
	struct account_input in = {
		.username = jsonx_string(body, "username"),
		.password = jsonx_string(body, "password"),
		.full_name = jsonx_string(body, "full_name"),
		.email = jsonx_string(body, "email"),
		.role = role_parse(jsonx_string(body, "role")),
	};
	json_t *user = NULL;
	enum err e = accounts_register(env->db, &req->who, &in, env->now_ms, &user);
	json_decref(body);
	if (e) {
		api_reply_error(res, e, register_message(e));
		return;
	}
	api_reply_json(res, 201, json_pack("{s:o}", "user", user));
}

static void set_cookie(struct api_response *res, const char *token, int max_age)
{
	char cookie[256];
	snprintf(cookie, sizeof(cookie),
		 SESSION_COOKIE "=%s; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=%d",
		 token, max_age);
	api_response_header(res, "set-cookie", cookie);
}

HANDLER(auth_login_handler)
{
	json_t *body = api_body_checked(req, res, login_fields, COUNT(login_fields));
	if (!body)
		return;
	struct login_policy policy = {
		.limits = env->limits,
		.max_failures_account = env->cfg->login_max_failures_account,
		.max_failures_address = env->cfg->login_max_failures_address,
		.session_absolute_seconds = env->cfg->session_absolute_seconds,
	};
	struct login_result out;
	enum err e = accounts_login(env->db, &policy, jsonx_string(body, "username"),
				    jsonx_string(body, "password"), req->user_agent,
				    req->peer, env->now_ms, &out);
	json_decref(body);
	if (e == ERR_TOO_MANY_ATTEMPTS) {
		char retry[16];
		snprintf(retry, sizeof(retry), "%d", out.retry_after);
		api_reply_error(res, e, NULL);
		api_response_header(res, "retry-after", retry);
		return;
	}
	if (e) {
		api_reply_error(res, e, NULL);
		return;
	}
	char expires[INSTANT_TEXT_MAX];
	instant_format(out.session.expires_at_ms, expires);
	set_cookie(res, out.session.token, env->cfg->session_absolute_seconds);
	api_reply_json(res, 200, json_pack("{s:s,s:s,s:o}", "token", out.session.token,
					   "expires_at", expires, "user", out.user));
}

HANDLER(auth_logout_handler)
{
	enum err e = accounts_logout(env->db, &req->who, env->now_ms);
	if (e) {
		api_reply_error(res, e, NULL);
		return;
	}
	set_cookie(res, "", 0);
	api_reply_empty(res);
}

static const struct jsonx_field erase_fields[] = {
	{"password", JSONX_STRING, true, 1, 1024, NULL},
};

HANDLER(me_erase_handler)
{
	json_t *body = api_body_checked(req, res, erase_fields, COUNT(erase_fields));
	if (!body)
		return;
	enum err e = erasure_run(env->db, &req->who, jsonx_string(body, "password"), env->now_ms);
	json_decref(body);
	if (e) {
		api_reply_error(res, e, NULL);
		return;
	}
	set_cookie(res, "", 0);
	api_reply_empty(res);
}

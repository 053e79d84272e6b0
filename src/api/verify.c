/* verify.c — the pharmacist's public API behind the page /verify/{code}:
 * GET /api/v1/verify/{code} and POST /api/v1/verify/{code}/dispense. No
 * session: the code in the path is the credential (the route table keeps
 * it out of logs). The rules are the domain's (domain/dispensing.h).
 * Worker threads. */
#include "handlers.h"
#include "../domain/dispensing.h"

#include <stdio.h>

static struct record_ctx ctx_of(struct api_env *env, struct api_request *req)
{
	return (struct record_ctx){.db = env->db, .keys = env->keys, .who = &req->who,
				   .now_ms = env->now_ms};
}

static void reply(struct api_response *res, enum err e, int retry_after, json_t *out)
{
	if (!e) {
		api_reply_json(res, 200, out);
		return;
	}
	api_reply_error(res, e, e == ERR_NOT_FOUND
		? "No prescription has this code: check it, or it is not genuine" : NULL);
	if (e == ERR_TOO_MANY_ATTEMPTS) {
		char retry[16];
		snprintf(retry, sizeof(retry), "%d", retry_after);
		api_response_header(res, "retry-after", retry);
	}
}

HANDLER(verify_get_handler)
{
	struct record_ctx ctx = ctx_of(env, req);
	json_t *out = NULL;
	int retry = 0;
	enum err e = dispensing_verify(&ctx, env->limits, req->params[0], &retry, &out);
	reply(res, e, retry, out);
}

static const struct jsonx_field dispense_fields[] = {
	{"pharmacist", JSONX_STRING, true, 1, PHARMACIST_NAME_MAX, NULL},
	{"registration", JSONX_STRING, true, 1, PHARMACIST_REGISTRATION_MAX, NULL},
};

HANDLER(verify_dispense_handler)
{
	json_t *body = api_body_checked(req, res, dispense_fields, COUNT(dispense_fields));
	if (!body)
		return;
	struct record_ctx ctx = ctx_of(env, req);
	struct pharmacist by = {jsonx_string(body, "pharmacist"), jsonx_string(body, "registration")};
	json_t *out = NULL;
	int retry = 0;
	enum err e = dispensing_dispense(&ctx, env->limits, req->params[0], &by, &retry, &out);
	json_decref(body);
	reply(res, e, retry, out);
}

/* record_api.c — the health record handlers' shared pieces (see record_api.h). */
#include "record_api.h"

struct record_ctx record_api_ctx(struct api_env *env, struct api_request *req)
{
	return (struct record_ctx){.db = env->db, .keys = env->keys, .who = &req->who,
				   .now_ms = env->now_ms};
}

void record_api_reply(struct api_response *res, enum err e, int status, json_t *out,
		      const char *message)
{
	if (e)
		api_reply_error(res, e, message);
	else
		api_reply_json(res, status, out);
}

/* vitals.c — the shared pieces of the vital signs' REST files (see
 * vitals.h). Worker threads. */
#include "vitals.h"

#include <stdio.h>
#include <string.h>

struct record_ctx vitals_ctx(struct api_env *env, struct api_request *req)
{
	return (struct record_ctx){.db = env->db, .keys = env->keys, .who = &req->who,
				   .now_ms = env->now_ms};
}

bool vitals_check_items(json_t *list, const char *name, const struct jsonx_field *fields,
			size_t n, bool drop_nulls, struct api_response *res)
{
	size_t i;
	json_t *item;
	json_array_foreach(list, i, item) {
		struct jsonx_error err = {ERR_INVALID_TYPE, ""};
		if (json_is_object(item) && drop_nulls) {
			const char *key;
			json_t *v;
			void *tmp;
			json_object_foreach_safe(item, tmp, key, v)
				if (json_is_null(v))
					json_object_del(item, key);
		}
		if (json_is_object(item) && !jsonx_check(item, fields, n, &err))
			continue;
		char msg[224];
		snprintf(msg, sizeof(msg), "%s[%zu]: %s", name, i,
			 json_is_object(item) ? err.message : "must be an object");
		api_reply_error(res, err.err, msg);
		return false;
	}
	return true;
}

void vitals_reply(struct api_response *res, enum err e, int status, json_t *out,
		  const char *msg)
{
	if (e) {
		json_decref(out);
		api_reply_error(res, e, msg);
	} else {
		api_reply_json(res, status, out);
	}
}

bool vitals_query_present(const struct api_request *req, const char *name)
{
	size_t len = strlen(name);
	for (const char *p = req->query; p && *p; p = strchr(p, '&') ? strchr(p, '&') + 1 : "")
		if (strncmp(p, name, len) == 0 && p[len] == '=')
			return true;
	return false;
}

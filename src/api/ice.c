/* ice.c — ICE servers for a join answer (see ice.h). */
#include "ice.h"
#include "../core/config.h"
#include "../core/mem.h"
#include "../sec/turn.h"

#include <string.h>

/* The comma-separated URLs of a setting as a JSON array of strings. */
static json_t *url_list(const char *setting)
{
	json_t *urls = json_array();
	char *copy = mem_strdup(setting), *save = NULL;
	for (char *u = strtok_r(copy, ", ", &save); u; u = strtok_r(NULL, ", ", &save))
		json_array_append_new(urls, json_string(u));
	free(copy);
	return urls;
}

json_t *ice_servers_json(const struct api_env *env, const char *user_id)
{
	json_t *servers = json_array();
	if (*env->cfg->stun_urls)
		json_array_append_new(servers, json_pack("{s:o}", "urls", url_list(env->cfg->stun_urls)));
	if (*env->cfg->turn_urls && env->turn) {
		char username[TURN_USERNAME_MAX], password[TURN_PASSWORD_MAX];
		turn_credential(env->turn, user_id,
				env->now_ms / 1000 + env->cfg->turn_ttl_seconds, username, password);
		json_array_append_new(servers, json_pack("{s:o,s:s,s:s}", "urls",
							 url_list(env->cfg->turn_urls),
							 "username", username, "credential", password));
	}
	return servers;
}

const char *ice_transport_policy(const struct api_env *env, bool participant_asks)
{
	return env->cfg->relay_only || participant_asks ? "relay" : "all";
}

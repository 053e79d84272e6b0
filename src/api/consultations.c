/* consultations.c — POST /api/v1/appointments/{id}/join: a participant
 * inside the window gets a short-lived signed room ticket for the hub, the
 * WebSocket address and the ICE servers with TURN credentials. Worker threads. */
#include "handlers.h"
#include "ice.h"
#include "../core/config.h"
#include "../core/instant.h"
#include "../domain/consultations.h"
#include "../sec/ticket.h"

#include <stdio.h>
#include <string.h>

#define TICKET_TTL_MS (10 * 60 * 1000LL)

static json_t *window_json(const struct join_answer *a)
{
	char opens[INSTANT_TEXT_MAX], closes[INSTANT_TEXT_MAX];
	instant_format(a->opens_ms, opens);
	instant_format(a->closes_ms, closes);
	return json_pack("{s:s,s:s}", "opens_at", opens, "closes_at", closes);
}

/* wss:// on the origin the page came from (one of ours), else our first. */
static void ws_url(const struct api_env *env, const struct api_request *req, char *out,
		   size_t outlen)
{
	const char *origin = *req->origin && config_origin_allowed(env->cfg, req->origin)
		? req->origin : env->cfg->origins[0];
	const char *host = strncmp(origin, "https://", 8) == 0 ? origin + 8 : origin;
	snprintf(out, outlen, "wss://%s/ws", host);
}

HANDLER(consultation_join_handler)
{
	struct join_window w = {env->cfg->join_early_minutes, env->cfg->join_late_minutes};
	struct join_answer a;
	enum err e = consultations_join(env->db, &req->who, req->params[0], &w, env->now_ms, &a);
	if (e == ERR_OUTSIDE_WINDOW) {
		char msg[120];
		snprintf(msg, sizeof(msg), "The consultation opens %d minutes before its start",
			 w.early_minutes);
		json_t *body = json_pack("{s:{s:s,s:s}}", "error", "code", err_code(e), "message", msg);
		json_t *win = window_json(&a);
		json_object_update(json_object_get(body, "error"), win);
		json_decref(win);
		api_reply_json(res, err_status(e), body);
		return;
	}
	if (e) {
		api_reply_error(res, e, e == ERR_NOT_FOUND ? "No such appointment"
				: e == ERR_CONFLICT ? "This appointment was cancelled" : NULL);
		return;
	}
	struct ticket t = {.expires_ms = env->now_ms + TICKET_TTL_MS};
	snprintf(t.session_id, sizeof(t.session_id), "%s", req->params[0]);
	snprintf(t.user_id, sizeof(t.user_id), "%s", a.self->id);
	snprintf(t.role, sizeof(t.role), "%s", a.self->role);
	snprintf(t.name, sizeof(t.name), "%s", a.self->name);
	snprintf(t.peer_id, sizeof(t.peer_id), "%s", a.peer->id);
	snprintf(t.peer_name, sizeof(t.peer_name), "%s", a.peer->name);
	char ticket[TICKET_TEXT_MAX], url[300];
	if (!ticket_issue(env->tickets, &t, ticket)) {
		api_reply_error(res, ERR_INTERNAL, NULL);
		return;
	}
	ws_url(env, req, url, sizeof(url));
	api_reply_json(res, 200, json_pack(
		"{s:s,s:s,s:s,s:o,s:s,s:s,s:{s:s,s:s},s:{s:s,s:s},s:o}",
		"session_id", t.session_id, "ticket", ticket, "ws_url", url, "ice_servers",
		ice_servers_json(env, t.user_id), "ice_transport_policy",
		ice_transport_policy(env, a.relay_only),
		"role", t.role, "self", "id", t.user_id, "name", t.name,
		"peer", "id", t.peer_id, "name", t.peer_name, "window", window_json(&a)));
}

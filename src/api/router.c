/* router.c — the route table and the checks every request passes before its
 * handler: path and method, body limit, Origin, and the caller's session.
 * Worker threads. */
#include "api.h"
#include "handlers.h"
#include "../core/config.h"
#include "../domain/messaging.h"
#include "../domain/sessions.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#define SESSION_COOKIE "__Host-telemed"

/* ROUTE_PATH_SECRET: public, the path's parameters are the credential
 * (a calendar feed's secret): they never reach a log. */
enum route_auth { ROUTE_PUBLIC, ROUTE_SESSION, ROUTE_PATH_SECRET };

struct route {
	enum http_method method;
	const char *pattern; /* "{id}" matches one path segment */
	api_handler_fn fn;
	enum route_auth auth;
	long max_body; /* the largest body it takes; 0: --max-body-bytes */
};

/* A message with its attachment: the file, its text and the multipart framing. */
#define MESSAGE_BODY_MAX (MESSAGE_ATTACHMENT_MAX + 64 * 1024)

static const struct route routes[] = {
	{HTTP_GET, "/api/v1/health", health_get_handler, ROUTE_PUBLIC},
	{HTTP_POST, "/api/v1/auth/register", auth_register_handler, ROUTE_PUBLIC},
	{HTTP_POST, "/api/v1/auth/login", auth_login_handler, ROUTE_PUBLIC},
	{HTTP_POST, "/api/v1/auth/logout", auth_logout_handler, ROUTE_SESSION},
	{HTTP_GET, "/api/v1/me", me_get_handler, ROUTE_SESSION},
	{HTTP_PATCH, "/api/v1/me", me_update_handler, ROUTE_SESSION},
	{HTTP_POST, "/api/v1/me/password", me_password_handler, ROUTE_SESSION},
	{HTTP_GET, "/api/v1/me/sessions", me_sessions_list_handler, ROUTE_SESSION},
	{HTTP_GET, "/api/v1/consents/texts", consent_texts_handler, ROUTE_SESSION},
	{HTTP_GET, "/api/v1/me/consents", consents_list_handler, ROUTE_SESSION},
	{HTTP_POST, "/api/v1/me/consents", consent_change_handler, ROUTE_SESSION},
	{HTTP_GET, "/api/v1/me/export", me_export_handler, ROUTE_SESSION},
	{HTTP_DELETE, "/api/v1/me/sessions/{id}", me_session_revoke_handler,
	 ROUTE_SESSION},
	{HTTP_GET, "/api/v1/admin/users", admin_users_list_handler, ROUTE_SESSION},
	{HTTP_POST, "/api/v1/admin/users/{id}/verify", admin_user_verify_handler,
	 ROUTE_SESSION},
	{HTTP_GET, "/api/v1/admin/audit", admin_audit_list_handler, ROUTE_SESSION},
	{HTTP_GET, "/api/v1/specialties", specialties_list_handler, ROUTE_SESSION},
	{HTTP_GET, "/api/v1/doctors", doctors_search_handler, ROUTE_SESSION},
	{HTTP_GET, "/api/v1/doctors/{id}", doctor_get_handler, ROUTE_SESSION},
	{HTTP_PATCH, "/api/v1/doctors/{id}", doctor_update_handler, ROUTE_SESSION},
	{HTTP_PUT, "/api/v1/doctors/{id}/hours", doctor_hours_put_handler, ROUTE_SESSION},
	{HTTP_GET, "/api/v1/doctors/{id}/hours", doctor_hours_get_handler, ROUTE_SESSION},
	{HTTP_GET, "/api/v1/doctors/{id}/slots", doctor_slots_handler, ROUTE_SESSION},
	{HTTP_POST, "/api/v1/appointments", appointments_book_handler, ROUTE_SESSION},
	{HTTP_GET, "/api/v1/appointments", appointments_list_handler, ROUTE_SESSION},
	{HTTP_GET, "/api/v1/appointments/{id}", appointments_get_handler, ROUTE_SESSION},
	{HTTP_POST, "/api/v1/appointments/{id}/cancel", appointments_cancel_handler,
	 ROUTE_SESSION},
	{HTTP_POST, "/api/v1/appointments/{id}/reschedule", appointments_reschedule_handler,
	 ROUTE_SESSION},
	{HTTP_GET, "/api/v1/appointments/{id}/ics", appointments_ics_handler, ROUTE_SESSION},
	{HTTP_POST, "/api/v1/appointments/{id}/review", appointments_review_handler,
	 ROUTE_SESSION},
	{HTTP_GET, "/api/v1/notifications", notifications_list_handler, ROUTE_SESSION},
	{HTTP_POST, "/api/v1/notifications/read", notifications_read_handler, ROUTE_SESSION},
	{HTTP_POST, "/api/v1/appointments/{id}/join", consultation_join_handler, ROUTE_SESSION},
	{HTTP_PUT, "/api/v1/doctors/{id}/questionnaire", doctor_questionnaire_put_handler,
	 ROUTE_SESSION},
	{HTTP_GET, "/api/v1/doctors/{id}/questionnaire", doctor_questionnaire_get_handler,
	 ROUTE_SESSION},
	{HTTP_PUT, "/api/v1/clinic/questionnaire", clinic_questionnaire_put_handler, ROUTE_SESSION},
	{HTTP_GET, "/api/v1/clinic/questionnaire", clinic_questionnaire_get_handler, ROUTE_SESSION},
	{HTTP_PUT, "/api/v1/doctors/{id}/duty", doctor_duty_put_handler, ROUTE_SESSION},
	{HTTP_POST, "/api/v1/dropin", dropin_join_handler, ROUTE_SESSION},
	{HTTP_GET, "/api/v1/dropin/mine", dropin_mine_handler, ROUTE_SESSION},
	{HTTP_DELETE, "/api/v1/dropin/mine", dropin_leave_handler, ROUTE_SESSION},
	{HTTP_GET, "/api/v1/dropin/queue", dropin_queue_handler, ROUTE_SESSION},
	{HTTP_POST, "/api/v1/dropin/take", dropin_take_handler, ROUTE_SESSION},
	{HTTP_GET, "/api/v1/me/calendar-feed", calendar_feed_status_handler, ROUTE_SESSION},
	{HTTP_POST, "/api/v1/me/calendar-feed", calendar_feed_create_handler, ROUTE_SESSION},
	{HTTP_DELETE, "/api/v1/me/calendar-feed", calendar_feed_revoke_handler, ROUTE_SESSION},
	{HTTP_GET, "/api/v1/calendar-feeds/{secret}", calendar_feed_get_handler,
	 ROUTE_PATH_SECRET},
	{HTTP_GET, "/api/v1/doctors/{id}/photo", doctor_photo_get_handler, ROUTE_SESSION},
	{HTTP_PUT, "/api/v1/doctors/{id}/photo", doctor_photo_put_handler, ROUTE_SESSION},
	{HTTP_DELETE, "/api/v1/doctors/{id}/photo", doctor_photo_delete_handler, ROUTE_SESSION},
	{HTTP_POST, "/api/v1/consultations/{id}/quality", consultation_quality_post_handler,
	 ROUTE_SESSION},
	{HTTP_GET, "/api/v1/consultations/{id}/quality", consultation_quality_get_handler,
	 ROUTE_SESSION},
	{HTTP_GET, "/api/v1/waiting-room", waiting_room_get_handler, ROUTE_SESSION},
	{HTTP_POST, "/api/v1/waiting-room/note", waiting_room_note_handler, ROUTE_SESSION},
	{HTTP_POST, "/api/v1/conversations", conversations_start_handler, ROUTE_SESSION},
	{HTTP_GET, "/api/v1/conversations", conversations_list_handler, ROUTE_SESSION},
	{HTTP_GET, "/api/v1/conversations/{id}", conversation_get_handler, ROUTE_SESSION},
	{HTTP_DELETE, "/api/v1/conversations/{id}", conversation_delete_handler, ROUTE_SESSION},
	{HTTP_POST, "/api/v1/conversations/{id}/messages", messages_post_handler, ROUTE_SESSION,
	 MESSAGE_BODY_MAX},
	{HTTP_GET, "/api/v1/conversations/{id}/messages", messages_list_handler, ROUTE_SESSION},
	{HTTP_POST, "/api/v1/conversations/{id}/read", messages_read_handler, ROUTE_SESSION},
	{HTTP_GET, "/api/v1/conversations/{id}/messages/{message_id}/attachment",
	 message_attachment_get_handler, ROUTE_SESSION},
	{HTTP_POST, "/api/v1/admin/specialties", admin_specialty_add_handler, ROUTE_SESSION},
	{HTTP_PATCH, "/api/v1/admin/specialties/{id}", admin_specialty_rename_handler,
	 ROUTE_SESSION},
	{HTTP_DELETE, "/api/v1/admin/specialties/{id}", admin_specialty_remove_handler,
	 ROUTE_SESSION},
	{HTTP_GET, "/api/v1/appointments/{id}/note", note_get_handler, ROUTE_SESSION},
	{HTTP_PUT, "/api/v1/appointments/{id}/note", note_put_handler, ROUTE_SESSION},
	{HTTP_POST, "/api/v1/appointments/{id}/note/sign", note_sign_handler, ROUTE_SESSION},
	{HTTP_POST, "/api/v1/appointments/{id}/note/amendments", note_amend_handler,
	 ROUTE_SESSION},
	{HTTP_POST, "/api/v1/appointments/{id}/prescriptions", prescriptions_issue_handler,
	 ROUTE_SESSION},
	{HTTP_GET, "/api/v1/appointments/{id}/prescriptions", prescriptions_list_handler,
	 ROUTE_SESSION},
	{HTTP_GET, "/api/v1/prescriptions/{id}", prescription_get_handler, ROUTE_SESSION},
	{HTTP_POST, "/api/v1/prescriptions/{id}/cancel", prescription_cancel_handler,
	 ROUTE_SESSION},
	{HTTP_GET, "/api/v1/me/record", record_get_handler, ROUTE_SESSION},
	{HTTP_GET, "/api/v1/verify/{code}", verify_get_handler, ROUTE_PATH_SECRET},
	{HTTP_POST, "/api/v1/verify/{code}/dispense", verify_dispense_handler,
	 ROUTE_PATH_SECRET},
	{HTTP_POST, "/api/v1/me/observations", me_observations_post_handler, ROUTE_SESSION},
	{HTTP_GET, "/api/v1/me/observations", me_observations_get_handler, ROUTE_SESSION},
	{HTTP_GET, "/api/v1/patients/{id}/observations", patient_observations_get_handler,
	 ROUTE_SESSION},
	/* the device's own token, not a session: checked by the handler */
	{HTTP_POST, "/api/v1/devices/{id}/observations", device_observations_post_handler,
	 ROUTE_PUBLIC},
	{HTTP_POST, "/api/v1/me/devices", me_devices_post_handler, ROUTE_SESSION},
	{HTTP_GET, "/api/v1/me/devices", me_devices_get_handler, ROUTE_SESSION},
	{HTTP_DELETE, "/api/v1/me/devices/{id}", me_device_delete_handler, ROUTE_SESSION},
	{HTTP_GET, "/api/v1/patients/{id}/thresholds", patient_thresholds_get_handler,
	 ROUTE_SESSION},
	{HTTP_PUT, "/api/v1/patients/{id}/thresholds", patient_thresholds_put_handler,
	 ROUTE_SESSION},
	{HTTP_GET, "/api/v1/me/thresholds", me_thresholds_get_handler, ROUTE_SESSION},
	{HTTP_GET, "/api/v1/alerts", alerts_list_handler, ROUTE_SESSION},
	{HTTP_POST, "/api/v1/alerts/{id}/acknowledge", alert_acknowledge_handler, ROUTE_SESSION},
};

#define NROUTES (sizeof(routes) / sizeof(routes[0]))

static const char *const method_names[] = {"GET", "HEAD", "POST", "PUT",
					    "PATCH", "DELETE", "OPTIONS", "?"};

/* Matches path against pattern, copying {…} segments into req params. */
static bool match(const char *pattern, const char *path, struct api_request *req)
{
	int np = 0;
	while (*pattern && *path) {
		if (*pattern == '{') {
			const char *close = strchr(pattern, '}');
			const char *seg_end = strchr(path, '/');
			size_t len = seg_end ? (size_t)(seg_end - path) : strlen(path);
			if (!close || len == 0 || np == API_PARAMS_MAX ||
			    len >= sizeof(req->param_buf[0]))
				return false;
			memcpy(req->param_buf[np], path, len);
			req->param_buf[np][len] = '\0';
			req->params[np] = req->param_buf[np];
			np++;
			pattern = close + 1;
			path += len;
			continue;
		}
		if (*pattern != *path)
			return false;
		pattern++;
		path++;
	}
	return !*pattern && !*path;
}

static bool changes_state(enum http_method m)
{
	return m == HTTP_POST || m == HTTP_PUT || m == HTTP_PATCH ||
	       m == HTTP_DELETE;
}

/* The session token from "Authorization: Bearer …" or the session cookie. */
static bool find_token(const struct api_request *req, char *out, size_t outlen,
		       bool *via_cookie)
{
	const char *auth = req->authorization;
	if (strncasecmp(auth, "Bearer ", 7) == 0) {
		snprintf(out, outlen, "%s", auth + 7);
		*via_cookie = false;
		return *out != '\0';
	}
	const char *p = req->cookie;
	size_t nlen = strlen(SESSION_COOKIE);
	while (p && *p) {
		while (*p == ' ' || *p == ';')
			p++;
		if (strncmp(p, SESSION_COOKIE, nlen) == 0 && p[nlen] == '=') {
			const char *v = p + nlen + 1;
			size_t len = strcspn(v, ";");
			if (len == 0 || len >= outlen)
				return false;
			memcpy(out, v, len);
			out[len] = '\0';
			*via_cookie = true;
			return true;
		}
		p = strchr(p, ';');
	}
	return false;
}

static void reply_not_allowed(const struct api_request *req,
			      struct api_response *res)
{
	char allow[64] = "";
	struct api_request scratch = *req;
	for (size_t i = 0; i < NROUTES; i++) {
		if (!match(routes[i].pattern, req->path, &scratch))
			continue;
		if (*allow)
			strncat(allow, ", ", sizeof(allow) - strlen(allow) - 1);
		strncat(allow, method_names[routes[i].method],
			sizeof(allow) - strlen(allow) - 1);
	}
	api_reply_error(res, ERR_METHOD_NOT_ALLOWED, NULL);
	api_response_header(res, "allow", allow);
}

static const struct route *find_route(struct api_request *req, bool *path_known)
{
	*path_known = false;
	for (size_t i = 0; i < NROUTES; i++) {
		if (!match(routes[i].pattern, req->path, req))
			continue;
		*path_known = true;
		if (routes[i].method == req->method ||
		    (routes[i].method == HTTP_GET && req->method == HTTP_HEAD))
			return &routes[i];
	}
	return NULL;
}

static bool authenticate(struct api_env *env, struct api_request *req,
			 struct api_response *res)
{
	char token[128];
	bool via_cookie = false;
	if (!find_token(req, token, sizeof(token), &via_cookie)) {
		api_reply_error(res, ERR_UNAUTHENTICATED, NULL);
		return false;
	}
	enum err e = sessions_authenticate(env->db, token,
					   env->cfg->session_idle_seconds,
					   env->now_ms, &req->who);
	if (e) {
		api_reply_error(res, e, NULL);
		return false;
	}
	req->who.via_cookie = via_cookie;
	/* a cookie rides along with any cross-site request: demand our Origin */
	if (via_cookie && changes_state(req->method) && !*req->origin) {
		api_reply_error(res, ERR_BAD_ORIGIN,
				"Requests made with the session cookie must carry Origin");
		return false;
	}
	return true;
}

bool api_session_principal(struct api_env *env, const char *cookie, const char *token,
			   struct principal *who)
{
	struct api_request req = {.authorization = "", .cookie = cookie ? cookie : ""};
	char found[128];
	bool via_cookie = false;
	if (token && *token)
		snprintf(found, sizeof(found), "%s", token);
	else if (!find_token(&req, found, sizeof(found), &via_cookie))
		return false;
	if (strlen(found) >= sizeof(found) - 1)
		return false;
	if (sessions_authenticate(env->db, found, env->cfg->session_idle_seconds,
				  env->now_ms, who))
		return false;
	who->via_cookie = via_cookie;
	return true;
}

void api_handle(struct api_env *env, struct api_request *req,
		struct api_response *res)
{
	bool path_known;
	const struct route *r = find_route(req, &path_known);
	if (!r) {
		if (path_known)
			reply_not_allowed(req, res);
		else
			api_reply_error(res, ERR_NOT_FOUND, "No such API path");
		return;
	}
	if (req->body_too_large) {
		api_reply_error(res, ERR_BODY_TOO_LARGE, NULL);
		return;
	}
	if (changes_state(req->method) && *req->origin &&
	    !config_origin_allowed(env->cfg, req->origin)) {
		api_reply_error(res, ERR_BAD_ORIGIN, NULL);
		return;
	}
	snprintf(req->who.ip, sizeof(req->who.ip), "%s", req->peer);
	if (r->auth == ROUTE_SESSION) {
		if (!authenticate(env, req, res))
			return;
		snprintf(req->who.ip, sizeof(req->who.ip), "%s", req->peer);
	}
	r->fn(env, req, res);
}

long api_body_limit(const struct config *cfg, enum http_method method, const char *path)
{
	struct api_request scratch;
	memset(&scratch, 0, sizeof(scratch));
	for (size_t i = 0; i < NROUTES; i++)
		if (routes[i].method == method && routes[i].max_body > cfg->max_body_bytes &&
		    match(routes[i].pattern, path, &scratch))
			return routes[i].max_body;
	return cfg->max_body_bytes;
}

void api_log_path(const char *path, char *out, size_t outlen)
{
	struct api_request scratch;
	memset(&scratch, 0, sizeof(scratch));
	for (size_t i = 0; i < NROUTES; i++) {
		if (routes[i].auth != ROUTE_PATH_SECRET || !match(routes[i].pattern, path, &scratch))
			continue;
		/* the pattern itself, "{…}" standing for what it matched */
		snprintf(out, outlen, "%s", routes[i].pattern);
		return;
	}
	snprintf(out, outlen, "%s", path);
}

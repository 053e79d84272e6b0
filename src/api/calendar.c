/* calendar.c — the caller's calendar subscription: GET, POST and DELETE
 * /api/v1/me/calendar-feed, and the feed itself, GET
 * /api/v1/calendar-feeds/{secret}.ics, which calendar apps fetch without a
 * session (the secret in the URL is the credential). Worker threads. */
#include "handlers.h"
#include "ics.h"
#include "../core/config.h"
#include "../domain/appointments.h"
#include "../domain/calendar_feeds.h"

#include <stdio.h>
#include <string.h>

#define FEED_PATH "/api/v1/calendar-feeds/"
#define FEED_PAST_DAYS 180 /* a feed reaches back this far… */
#define FEED_EVENTS_MAX 1000 /* …and holds at most this many events */
#define FEED_REFRESH_MINUTES 60

/* Where the caller reaches us: their Origin, else their Host when it is one
 * of ours, else the first configured origin. */
static void public_origin(const struct api_env *env, const struct api_request *req,
			  char *out, size_t n)
{
	if (*req->origin && config_origin_allowed(env->cfg, req->origin)) {
		snprintf(out, n, "%s", req->origin);
		return;
	}
	snprintf(out, n, "https://%s", req->host);
	if (!*req->host || !config_origin_allowed(env->cfg, out))
		snprintf(out, n, "%s", env->cfg->origins[0]);
}

HANDLER(calendar_feed_status_handler)
{
	json_t *status = NULL;
	enum err e = calendar_feeds_status(env->db, &req->who, &status);
	if (e)
		api_reply_error(res, e, NULL);
	else
		api_reply_json(res, 200, status);
}

HANDLER(calendar_feed_create_handler)
{
	char secret[TOKEN_TEXT_LEN + 1], origin[300], url[400];
	enum err e = calendar_feeds_create(env->db, &req->who, env->now_ms, secret);
	if (e) {
		api_reply_error(res, e, NULL);
		return;
	}
	public_origin(env, req, origin, sizeof(origin));
	snprintf(url, sizeof(url), "%s" FEED_PATH "%s.ics", origin, secret);
	const char *rest = strstr(url, "://");
	char webcal[400];
	snprintf(webcal, sizeof(webcal), "webcal%s", rest ? rest : "");
	api_reply_json(res, 201, json_pack("{s:s,s:s}", "url", url, "webcal_url", webcal));
}

HANDLER(calendar_feed_revoke_handler)
{
	enum err e = calendar_feeds_revoke(env->db, &req->who, env->now_ms);
	if (e)
		api_reply_error(res, e, e == ERR_NOT_FOUND ? "No calendar feed to revoke" : NULL);
	else
		api_reply_empty(res);
}

/* Writes the owner's appointments as one calendar into res. */
static enum err write_feed(struct api_env *env, const struct principal *owner,
			   struct api_response *res)
{
	json_t *items = NULL;
	enum err e = appointments_calendar(env->db, owner,
					   env->now_ms - FEED_PAST_DAYS * 86400000LL,
					   FEED_EVENTS_MAX, &items);
	if (e)
		return e;
	struct ical_calendar cal = {.method = "PUBLISH", .name = "telemed",
				    .refresh_minutes = FEED_REFRESH_MINUTES};
	buf_reset(&res->body);
	int rc = ical_begin(&res->body, &cal);
	size_t i;
	json_t *a;
	json_array_foreach(items, i, a)
	{
		struct ics_event ics;
		ics_event_fill(&ics, a, owner->user_id, false, env->now_ms);
		rc = rc || ical_add_event(&res->body, &ics.ev);
	}
	rc = rc || ical_end(&res->body);
	json_decref(items);
	return rc ? ERR_INTERNAL : ERR_OK;
}

HANDLER(calendar_feed_get_handler)
{
	/* "<secret>.ics" */
	char secret[TOKEN_TEXT_LEN + 1] = "";
	const char *p = req->params[0];
	size_t len = strlen(p);
	if (len == TOKEN_TEXT_LEN + 4 && strcmp(p + TOKEN_TEXT_LEN, ".ics") == 0)
		snprintf(secret, sizeof(secret), "%.*s", TOKEN_TEXT_LEN, p);
	struct principal owner;
	enum err e = calendar_feeds_owner(env->db, secret, &owner);
	if (!e)
		e = write_feed(env, &owner, res);
	if (e) {
		api_reply_error(res, e, e == ERR_NOT_FOUND ? "No such calendar feed" : NULL);
		return;
	}
	res->status = 200;
	res->content_type = "text/calendar; charset=utf-8";
	api_response_header(res, "content-disposition", "inline; filename=\"telemed.ics\"");
}

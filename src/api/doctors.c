/* doctors.c — the directory: GET /api/v1/doctors (search), GET and PATCH
 * /api/v1/doctors/{id}. Worker threads. */
#include "handlers.h"
#include "../domain/directory.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reads the query into q (strings point into bufs). false: reply sent. */
static bool read_query(const struct api_request *req, struct api_response *res,
		       struct directory_query *q, char bufs[6][128])
{
	const char *names[] = {"q", "specialty", "city", "language", "sort", "min_rating"};
	const char **slots[] = {&q->q, &q->specialty, &q->city, &q->language, &q->sort, NULL};
	memset(q, 0, sizeof(*q));
	for (int i = 0; i < 6; i++) {
		bool has = api_query_param(req, names[i], bufs[i], sizeof(bufs[i])) && *bufs[i];
		if (has && slots[i])
			*slots[i] = bufs[i];
		if (has && !slots[i]) {
			char *end;
			q->min_rating = strtod(bufs[i], &end);
			if (*end || q->min_rating < 0 || q->min_rating > 5)
				goto bad;
		}
	}
	char probe[64];
	bool from = api_query_instant(req, "available_from", &q->available_from_ms);
	bool to = api_query_instant(req, "available_to", &q->available_to_ms);
	bool given = api_query_param(req, "available_from", probe, sizeof(probe)) ||
		     api_query_param(req, "available_to", probe, sizeof(probe));
	if (from != to || from != given || (from && (q->available_to_ms <= q->available_from_ms ||
				    q->available_to_ms - q->available_from_ms > 31 * 86400000LL)))
		goto bad;
	char cursor[24];
	q->limit = api_page_limit(req);
	if (q->limit < 0)
		goto bad;
	if (api_query_param(req, "cursor", cursor, sizeof(cursor))) {
		char *end;
		long v = strtol(cursor, &end, 10);
		if (*end || v < 0 || v > 100000)
			goto bad;
		q->offset = (int)v;
	}
	return true;
bad:
	api_reply_error(res, ERR_INVALID_VALUE,
			"Check min_rating (0-5), available_from/available_to (both, at most "
			"31 days apart), limit (1-100) and cursor");
	return false;
}

HANDLER(doctors_search_handler)
{
	struct directory_query q;
	char bufs[6][128];
	if (!read_query(req, res, &q, bufs))
		return;
	json_t *doctors = NULL;
	bool more = false;
	enum err e = directory_search(env->db, &q, env->now_ms, &doctors, &more);
	if (e) {
		api_reply_error(res, e, e == ERR_INVALID_VALUE
			? "sort is rating, experience, next_available or name" : NULL);
		return;
	}
	char next[24];
	snprintf(next, sizeof(next), "%d", q.offset + q.limit);
	api_reply_json(res, 200, json_pack("{s:o,s:s?}", "doctors", doctors, "next_cursor",
					   more ? next : NULL));
}

HANDLER(doctor_get_handler)
{
	json_t *doctor = NULL;
	enum err e = directory_get(env->db, req->params[0], env->now_ms, &doctor);
	if (e)
		api_reply_error(res, e, e == ERR_NOT_FOUND ? "No such doctor" : NULL);
	else
		api_reply_json(res, 200, json_pack("{s:o}", "doctor", doctor));
}

HANDLER(doctor_update_handler)
{
	json_t *body = api_body_object(req, res);
	if (!body)
		return;
	char msg[200] = "";
	enum err e = directory_update(env->db, &req->who, req->params[0], body, env->now_ms,
				      msg, sizeof(msg));
	json_decref(body);
	json_t *doctor = NULL;
	if (!e && directory_get(env->db, req->params[0], env->now_ms, &doctor) == ERR_OK)
		api_reply_json(res, 200, json_pack("{s:o}", "doctor", doctor));
	else if (!e) /* saved; not listed until verified */
		api_reply_empty(res);
	else
		api_reply_error(res, e, *msg ? msg : NULL);
}

/* audit.c — reading and checking the audit log: GET /api/v1/admin/audit
 * (filters: actor, patient, action, outcome, from, to), POST
 * /api/v1/admin/audit/verify (the check `telemed audit verify` runs), and
 * the patient's own access log, GET /api/v1/me/access-log. Who may read
 * what is decided in the domain. Worker threads. */
#include "handlers.h"
#include "../domain/audit.h"

#include <string.h>

/* A filter parameter: false (and *bad) when present but longer than max. */
static bool filter_param(const struct api_request *req, const char *name, char *out,
			 size_t max, bool *bad)
{
	char text[512];
	if (!api_query_param(req, name, text, sizeof(text)))
		return false;
	if (strlen(text) >= max) {
		*bad = true;
		return false;
	}
	memcpy(out, text, strlen(text) + 1);
	return true;
}

/* A time filter: absent → 0; malformed → *bad. */
static int64_t time_param(const struct api_request *req, const char *name, bool *bad)
{
	char text[64];
	int64_t ms = 0;
	if (api_query_param(req, name, text, sizeof(text)) && !api_query_instant(req, name, &ms))
		*bad = true;
	return ms;
}

HANDLER(admin_audit_list_handler)
{
	char cursor[32], actor[128], patient[128], action[64], outcome[16];
	bool bad = false;
	bool has_cursor = filter_param(req, "cursor", cursor, sizeof(cursor), &bad);
	struct audit_filter f = {
		.actor = filter_param(req, "actor", actor, sizeof(actor), &bad) ? actor : NULL,
		.patient = filter_param(req, "patient", patient, sizeof(patient), &bad) ? patient : NULL,
		.action = filter_param(req, "action", action, sizeof(action), &bad) ? action : NULL,
		.outcome = filter_param(req, "outcome", outcome, sizeof(outcome), &bad) ? outcome : NULL,
		.from_ms = time_param(req, "from", &bad),
		.to_ms = time_param(req, "to", &bad),
	};
	int limit = api_page_limit(req);
	if (bad || limit < 0) {
		api_reply_error(res, ERR_INVALID_VALUE,
				"limit is 1 to 100; from and to are RFC 3339 instants; "
				"actor, patient and action are short");
		return;
	}
	json_t *events = NULL;
	char next[32];
	enum err e = audit_list(env->db, &req->who, &f, limit, has_cursor ? cursor : NULL,
				&events, next, sizeof(next));
	if (e)
		api_reply_error(res, e, e == ERR_INVALID_VALUE
						? "outcome is success or failure, or the cursor is not valid"
						: NULL);
	else
		api_reply_page(res, "events", events, next);
}

HANDLER(admin_audit_verify_handler)
{
	int64_t count = 0, broken = 0;
	enum err e = audit_verify_as(env->db, &req->who, &count, &broken);
	if (e)
		api_reply_error(res, e, NULL);
	else
		api_reply_json(res, 200, json_pack("{s:I,s:o}", "count", (json_int_t)count,
						   "broken_seq", broken ? json_integer(broken)
									: json_null()));
}

HANDLER(me_access_log_handler)
{
	char cursor[32];
	bool bad = false;
	bool has_cursor = filter_param(req, "cursor", cursor, sizeof(cursor), &bad);
	int limit = api_page_limit(req);
	if (bad || limit < 0) {
		api_reply_error(res, ERR_INVALID_VALUE, "limit is 1 to 100");
		return;
	}
	json_t *events = NULL;
	char next[32];
	enum err e = audit_access_log(env->db, &req->who, limit, has_cursor ? cursor : NULL,
				      &events, next, sizeof(next));
	if (e)
		api_reply_error(res, e, NULL);
	else
		api_reply_page(res, "events", events, next);
}

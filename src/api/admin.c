/* admin.c — the administrator's user pages: GET /api/v1/admin/users, POST
 * /api/v1/admin/users/{id}/verify, /lock and /unlock. Who may do what is
 * decided in the domain. Worker threads. */
#include "handlers.h"
#include "../domain/accounts.h"

#include <stdlib.h>
#include <string.h>

static bool one_of(const char *v, const char *const *allowed)
{
	for (; *allowed; allowed++)
		if (strcmp(v, *allowed) == 0)
			return true;
	return false;
}

HANDLER(admin_users_list_handler)
{
	static const char *const statuses[] = {"active", "pending", "disabled", NULL};
	static const char *const roles[] = {"patient", "doctor", "admin", NULL};
	char status[16], role[16], cursor[128];
	bool has_status = api_query_param(req, "status", status, sizeof(status));
	bool has_role = api_query_param(req, "role", role, sizeof(role));
	bool has_cursor = api_query_param(req, "cursor", cursor, sizeof(cursor));
	int limit = api_page_limit(req);
	if ((has_status && !one_of(status, statuses)) ||
	    (has_role && !one_of(role, roles)) || limit < 0) {
		api_reply_error(res, ERR_INVALID_VALUE,
				"status, role or limit (1 to 100) is not valid");
		return;
	}
	json_t *users = NULL;
	char next[128];
	enum err e = accounts_list(env->db, &req->who, has_status ? status : NULL,
				   has_role ? role : NULL, limit,
				   has_cursor ? cursor : NULL, &users, next, sizeof(next));
	if (e)
		api_reply_error(res, e, NULL);
	else
		api_reply_page(res, "users", users, next);
}

HANDLER(admin_user_verify_handler)
{
	json_t *user = NULL;
	enum err e = accounts_verify(env->db, &req->who, req->params[0], env->now_ms,
				     &user);
	if (e)
		api_reply_error(res, e, e == ERR_CONFLICT
						? "Only doctors awaiting verification can be verified"
						: NULL);
	else
		api_reply_json(res, 200, json_pack("{s:o}", "user", user));
}

/* POST /api/v1/admin/users/{id}/lock and …/unlock: no body. */
static void lock(struct api_env *env, struct api_request *req, struct api_response *res,
		 bool locked)
{
	json_t *user = NULL;
	enum err e = accounts_lock(env->db, &req->who, req->params[0], locked, env->now_ms,
				   api_notices(res), &user);
	if (e)
		api_reply_error(res, e, e == ERR_CONFLICT ? "You cannot lock your own account"
							  : NULL);
	else
		api_reply_json(res, 200, json_pack("{s:o}", "user", user));
}

HANDLER(admin_user_lock_handler)
{
	lock(env, req, res, true);
}

HANDLER(admin_user_unlock_handler)
{
	lock(env, req, res, false);
}

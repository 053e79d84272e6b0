/* vital_alerts.c — alerts from vital signs over REST: /api/v1/alerts
 * (a doctor's, or a patient's own) and /api/v1/alerts/{id}/acknowledge.
 * Their live push is the domain's (domain/vital_alerts.h), through the
 * response's notices. Worker threads. */
#include "vitals.h"
#include "../domain/vital_alerts.h"

#include <string.h>

static const char *message(enum err e)
{
	return e == ERR_NOT_FOUND ? "No such alert of yours"
		: e == ERR_FORBIDDEN ? "Only the alert's doctor acknowledges it"
		: NULL;
}

HANDLER(alerts_list_handler)
{
	char state[8] = "open";
	if (vitals_query_present(req, "state") &&
	    (!api_query_param(req, "state", state, sizeof(state)) ||
	     (strcmp(state, "open") != 0 && strcmp(state, "all") != 0))) {
		api_reply_error(res, ERR_BAD_REQUEST, "state is open or all");
		return;
	}
	struct record_ctx ctx = vitals_ctx(env, req);
	json_t *out = NULL;
	enum err e = vital_alerts_list(&ctx, strcmp(state, "open") == 0, &out);
	vitals_reply(res, e, 200, out, e == ERR_FORBIDDEN ? "Only doctors and patients have "
							    "alerts" : NULL);
}

HANDLER(alert_acknowledge_handler)
{
	struct record_ctx ctx = vitals_ctx(env, req);
	json_t *out = NULL;
	enum err e = vital_alerts_acknowledge(&ctx, req->params[0], &out);
	vitals_reply(res, e, 200, out, message(e));
}

/* export.c — GET /api/v1/me/export: the patient's whole record as a FHIR
 * R4 Bundle (application/fhir+json), offered as a file to save. It is made
 * whole before the first byte goes out, with its length, so a page can
 * show the download's progress. Worker threads. */
#include "handlers.h"
#include "../core/config.h"
#include "../core/instant.h"
#include "../domain/export.h"

#include <stdio.h>
#include <stdlib.h>

HANDLER(me_export_handler)
{
	char base[300];
	snprintf(base, sizeof(base), "%s/fhir", env->cfg->norigins ? env->cfg->origins[0] : "");
	struct record_ctx ctx = {env->db, env->keys, &req->who, env->now_ms};
	json_t *bundle = NULL;
	enum err e = export_patient(&ctx, base, &bundle);
	if (e) {
		api_reply_error(res, e, NULL);
		return;
	}
	api_reply_json(res, 200, bundle);
	if (res->status != 200)
		return;
	char day[INSTANT_TEXT_MAX], disposition[INSTANT_TEXT_MAX + 64];
	instant_format(env->now_ms, day);
	day[10] = '\0';
	snprintf(disposition, sizeof(disposition),
		 "attachment; filename=\"telemed-export-%s.json\"", day);
	res->content_type = "application/fhir+json";
	api_response_header(res, "content-disposition", disposition);
}

/* research.c — GET /api/v1/admin/research-export: the de-identified records
 * of consenting patients, refused (422 k_anonymity_not_met) unless every
 * group has --research-k members. Administrators only (the domain decides).
 * Worker threads. */
#include "handlers.h"
#include "../core/config.h"
#include "../domain/research.h"

HANDLER(research_export_handler)
{
	struct record_ctx ctx = {env->db, env->keys, &req->who, env->now_ms};
	json_t *out = NULL;
	char msg[200] = "";
	enum err e = research_export(&ctx, env->cfg->research_k, &out, msg, sizeof(msg));
	if (e)
		api_reply_error(res, e, *msg ? msg : NULL);
	else
		api_reply_json(res, 200, out);
}

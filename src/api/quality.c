/* quality.c — POST and GET /api/v1/consultations/{id}/quality: the pages'
 * call-quality summaries in, the doctor's and administrators' view out.
 * Figures only; every field is named and bounded here. Worker threads. */
#include "handlers.h"
#include "../domain/call_quality.h"

static const char *const candidate_types[] = {"host", "srflx", "prflx", "relay", "unknown", NULL};
static const char *const verdicts[] = {"good", "own_connection", "peer_connection", NULL};

static const struct jsonx_field quality_fields[] = {
	{"duration_seconds", JSONX_INT, true, 0, 86400, NULL},
	{"samples", JSONX_INT, true, 0, 100000, NULL},
	{"rtt_avg_ms", JSONX_NUMBER, true, 0, 60000, NULL},
	{"rtt_max_ms", JSONX_NUMBER, true, 0, 60000, NULL},
	{"jitter_avg_ms", JSONX_NUMBER, true, 0, 60000, NULL},
	{"packet_loss_pct", JSONX_NUMBER, true, 0, 100, NULL},
	{"bitrate_in_kbps", JSONX_NUMBER, true, 0, 1000000, NULL},
	{"bitrate_out_kbps", JSONX_NUMBER, true, 0, 1000000, NULL},
	{"frame_width", JSONX_INT, true, 0, 16384, NULL},
	{"frame_height", JSONX_INT, true, 0, 16384, NULL},
	{"frame_rate", JSONX_NUMBER, true, 0, 1000, NULL},
	{"candidate_type", JSONX_STRING, true, 0, 0, candidate_types},
	{"verdict", JSONX_STRING, true, 0, 0, verdicts},
};

HANDLER(consultation_quality_post_handler)
{
	json_t *body = api_body_checked(req, res, quality_fields, COUNT(quality_fields));
	if (!body)
		return;
	enum err e = call_quality_add(env->db, &req->who, req->params[0], body, env->now_ms);
	json_decref(body);
	if (e == ERR_CONFLICT)
		api_reply_error(res, e, "This consultation has all the summaries it takes from you");
	else if (e)
		api_reply_error(res, e, e == ERR_NOT_FOUND ? "No such consultation" : NULL);
	else
		api_reply_empty(res);
}

HANDLER(consultation_quality_get_handler)
{
	json_t *out = NULL;
	enum err e = call_quality_list(env->db, &req->who, req->params[0], &out);
	if (e)
		api_reply_error(res, e, e == ERR_NOT_FOUND ? "No such consultation" : NULL);
	else
		api_reply_json(res, 200, out);
}

/* questionnaire.c — intake questionnaires: GET and PUT
 * /api/v1/doctors/{id}/questionnaire (the one in force for that doctor; the
 * doctor's own) and /api/v1/clinic/questionnaire (the clinic's default;
 * administrators set it). Worker threads. */
#include "handlers.h"
#include "../domain/questionnaire.h"

static void reply(struct api_response *res, enum err e, json_t *q, const char *msg)
{
	if (e)
		api_reply_error(res, e, *msg ? msg : e == ERR_NOT_FOUND ? "No such doctor" : NULL);
	else
		api_reply_json(res, 200, json_pack("{s:o}", "questionnaire", q));
}

static void put(struct api_env *env, struct api_request *req, struct api_response *res,
		const char *doctor_id)
{
	json_t *body = api_body_object(req, res);
	if (!body)
		return;
	json_t *q = NULL;
	char msg[200] = "";
	enum err e = questionnaire_set(env->db, &req->who, doctor_id, body, env->now_ms, &q,
				       msg, sizeof(msg));
	json_decref(body);
	reply(res, e, q, msg);
}

static void get(struct api_env *env, struct api_response *res, const char *doctor_id)
{
	json_t *q = NULL;
	enum err e = questionnaire_get(env->db, doctor_id, &q);
	reply(res, e, q, "");
}

HANDLER(doctor_questionnaire_put_handler)
{
	put(env, req, res, req->params[0]);
}

HANDLER(doctor_questionnaire_get_handler)
{
	get(env, res, req->params[0]);
}

HANDLER(clinic_questionnaire_put_handler)
{
	put(env, req, res, NULL);
}

HANDLER(clinic_questionnaire_get_handler)
{
	(void)req;
	get(env, res, NULL);
}

/* notes.c — consultation notes over REST: /api/v1/appointments/{id}/note,
 * its signing and its amendments; and the patient's record that shows the
 * signed ones, /api/v1/me/record. The rules are the domain's
 * (domain/notes.h); this file reads requests and writes answers.
 * Worker threads. */
#include "handlers.h"
#include "record_api.h"
#include "../domain/notes.h"

static void reply(struct api_response *res, enum err e, json_t *out)
{
	const char *msg = e == ERR_NOT_FOUND ? "No such appointment or note"
		: e == ERR_FORBIDDEN ? "Only the appointment's doctor writes its note"
		: e == ERR_CONFLICT ? "A signed note changes only by amendments, a draft only "
				      "by editing, and a cancelled appointment takes no note"
		: e == ERR_INVALID_VALUE ? "An ICD-10 code is a capital letter, two digits and "
					   "optionally a dot and 1 to 4 digits (J06.9); a note is "
					   "signed with findings, assessment and plan"
		: NULL;
	record_api_reply(res, e, 200, out, msg);
}

static const struct jsonx_field note_fields[] = {
	{"findings", JSONX_STRING, true, 0, NOTE_TEXT_MAX, NULL},
	{"assessment", JSONX_STRING, true, 0, NOTE_TEXT_MAX, NULL},
	{"plan", JSONX_STRING, true, 0, NOTE_TEXT_MAX, NULL},
	{"icd10", JSONX_STRING, false, 0, ICD10_MAX, NULL},
};

HANDLER(note_put_handler)
{
	json_t *body = api_body_checked(req, res, note_fields, COUNT(note_fields));
	if (!body)
		return;
	struct record_ctx ctx = record_api_ctx(env, req);
	struct note_text text = {
		.findings = jsonx_string(body, "findings"),
		.assessment = jsonx_string(body, "assessment"),
		.plan = jsonx_string(body, "plan"),
		.icd10 = jsonx_string(body, "icd10"),
	};
	json_t *out = NULL;
	enum err e = notes_put(&ctx, req->params[0], &text, &out);
	json_decref(body);
	reply(res, e, out);
}

HANDLER(note_get_handler)
{
	struct record_ctx ctx = record_api_ctx(env, req);
	json_t *out = NULL;
	enum err e = notes_get(&ctx, req->params[0], &out);
	reply(res, e, out);
}

HANDLER(note_sign_handler)
{
	struct record_ctx ctx = record_api_ctx(env, req);
	json_t *out = NULL;
	enum err e = notes_sign(&ctx, req->params[0], &out);
	reply(res, e, out);
}

static const struct jsonx_field amend_fields[] = {
	{"text", JSONX_STRING, true, 1, NOTE_TEXT_MAX, NULL},
};

HANDLER(note_amend_handler)
{
	json_t *body = api_body_checked(req, res, amend_fields, COUNT(amend_fields));
	if (!body)
		return;
	struct record_ctx ctx = record_api_ctx(env, req);
	json_t *out = NULL;
	enum err e = notes_amend(&ctx, req->params[0], jsonx_string(body, "text"), &out);
	json_decref(body);
	reply(res, e, out);
}

HANDLER(record_get_handler)
{
	struct record_ctx ctx = record_api_ctx(env, req);
	char cursor[128];
	bool has_cursor = api_query_param(req, "cursor", cursor, sizeof(cursor));
	json_t *out = NULL;
	enum err e = record_get(&ctx, api_page_limit(req), has_cursor ? cursor : NULL, &out);
	if (e)
		api_reply_error(res, e, e == ERR_FORBIDDEN ? "The record is the patient's own"
					: e == ERR_INVALID_VALUE ? "limit 1 to 100; cursor from the last page"
					: NULL);
	else
		api_reply_json(res, 200, out);
}

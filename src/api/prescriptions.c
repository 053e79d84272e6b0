/* prescriptions.c — e-prescriptions over REST for their doctor and patient:
 * /api/v1/appointments/{id}/prescriptions (issue, list) and
 * /api/v1/prescriptions/{id} (read, cancel). The rules are the domain's
 * (domain/prescriptions.h); this file reads requests and writes answers.
 * Worker threads. */
#include "handlers.h"
#include "record_api.h"
#include "../core/instant.h"
#include "../domain/prescriptions.h"

#include <string.h>

static void reply(struct api_response *res, enum err e, int status, json_t *out)
{
	const char *msg = e == ERR_NOT_FOUND ? "No such appointment or prescription"
		: e == ERR_FORBIDDEN ? "Only the appointment's doctor issues and cancels "
				       "its prescriptions"
		: e == ERR_CONFLICT ? "A cancelled appointment takes no prescription, and a "
				      "dispensed or cancelled prescription is not cancelled"
		: e == ERR_INVALID_VALUE ? "valid_until is a date (YYYY-MM-DD) or an RFC 3339 "
					   "instant after now and within 366 days"
		: NULL;
	record_api_reply(res, e, status, out, msg);
}

static const struct jsonx_field issue_fields[] = {
	{"medication", JSONX_OBJECT, true, 0, 0, NULL},
	{"dosage", JSONX_STRING, true, 1, RX_DOSAGE_MAX, NULL},
	{"quantity", JSONX_INT, true, 1, RX_QUANTITY_MAX, NULL},
	{"repeats", JSONX_INT, false, 0, RX_REPEATS_MAX, NULL},
	{"valid_until", JSONX_STRING, true, 10, 35, NULL},
};

static const struct jsonx_field medication_fields[] = {
	{"name", JSONX_STRING, true, 1, RX_NAME_MAX, NULL},
	{"strength", JSONX_STRING, true, 1, RX_NAME_MAX, NULL},
	{"form", JSONX_STRING, true, 1, RX_NAME_MAX, NULL},
};

/* A date means the end of that day (UTC); else an RFC 3339 instant. */
static bool valid_until(const char *text, int64_t *ms)
{
	int64_t days;
	if (strlen(text) == 10 && instant_parse_date(text, &days) == 0) {
		*ms = (days + 1) * 86400000LL - 1;
		return true;
	}
	return instant_parse(text, ms) == 0;
}

/* The checked body as *in (borrowing body's strings); false after replying. */
static bool read_issue(json_t *body, struct api_response *res, struct prescription_in *in)
{
	json_t *med = json_object_get(body, "medication");
	struct jsonx_error err;
	if (jsonx_check(med, medication_fields, COUNT(medication_fields), &err)) {
		api_reply_error(res, err.err, err.message);
		return false;
	}
	json_t *repeats = json_object_get(body, "repeats");
	*in = (struct prescription_in){
		.name = jsonx_string(med, "name"), .strength = jsonx_string(med, "strength"),
		.form = jsonx_string(med, "form"), .dosage = jsonx_string(body, "dosage"),
		.quantity = json_integer_value(json_object_get(body, "quantity")),
		.repeats = repeats ? json_integer_value(repeats) : 0,
	};
	if (valid_until(jsonx_string(body, "valid_until"), &in->valid_until_ms))
		return true;
	reply(res, ERR_INVALID_VALUE, 0, NULL);
	return false;
}

HANDLER(prescriptions_issue_handler)
{
	json_t *body = api_body_checked(req, res, issue_fields, COUNT(issue_fields));
	if (!body)
		return;
	struct prescription_in in;
	if (read_issue(body, res, &in)) {
		struct record_ctx ctx = record_api_ctx(env, req);
		json_t *out = NULL;
		enum err e = prescriptions_issue(&ctx, req->params[0], &in, &out);
		reply(res, e, 201, out);
	}
	json_decref(body);
}

HANDLER(prescriptions_list_handler)
{
	struct record_ctx ctx = record_api_ctx(env, req);
	json_t *out = NULL;
	enum err e = prescriptions_list(&ctx, req->params[0], &out);
	reply(res, e, 200, out);
}

HANDLER(prescription_get_handler)
{
	struct record_ctx ctx = record_api_ctx(env, req);
	json_t *out = NULL;
	enum err e = prescriptions_get(&ctx, req->params[0], &out);
	reply(res, e, 200, out);
}

HANDLER(prescription_cancel_handler)
{
	struct record_ctx ctx = record_api_ctx(env, req);
	json_t *out = NULL;
	enum err e = prescriptions_cancel(&ctx, req->params[0], &out);
	reply(res, e, 200, out);
}

/* thresholds.c — doctors' thresholds over REST:
 * /api/v1/patients/{id}/thresholds (the doctor's set: read, replace) and
 * /api/v1/me/thresholds (the patient's, from all their doctors). The rules
 * are the domain's (domain/thresholds.h). Worker threads. */
#include "vitals.h"
#include "../core/mem.h"
#include "../domain/thresholds.h"
#include "../domain/vital_codes.h"

#include <stdlib.h>

#define ITEMS_MAX (2 * VITAL_CODES)

static const char *message(enum err e, const char *bad)
{
	return e == ERR_BAD_REQUEST ? bad
		: e == ERR_NOT_FOUND ? "No such patient of yours"
		: e == ERR_FORBIDDEN ? "Only patients have thresholds set for them"
		: NULL;
}

static const struct jsonx_field body_fields[] = {
	{"items", JSONX_ARRAY, true, 0, 0, NULL},
};

/* above and below may be null or left out: no limit that way. */
static const struct jsonx_field item_fields[] = {
	{"code", JSONX_STRING, true, 0, 0, NULL},
	{"above", JSONX_NUMBER, false, 0, 0, NULL},
	{"below", JSONX_NUMBER, false, 0, 0, NULL},
};

static struct threshold_in item_of(const json_t *o)
{
	json_t *above = json_object_get(o, "above"), *below = json_object_get(o, "below");
	return (struct threshold_in){jsonx_string(o, "code"), above != NULL, below != NULL,
				     json_number_value(above), json_number_value(below)};
}

HANDLER(patient_thresholds_put_handler)
{
	json_t *body = api_body_checked(req, res, body_fields, COUNT(body_fields));
	if (!body)
		return;
	json_t *list = json_object_get(body, "items");
	size_t n = json_array_size(list);
	if (n > ITEMS_MAX) {
		api_reply_error(res, ERR_BAD_REQUEST, "Send at most one item per code");
	} else if (vitals_check_items(list, "items", item_fields, COUNT(item_fields), true, res)) {
		struct threshold_in *items = mem_calloc(n ? n : 1, sizeof(*items));
		for (size_t i = 0; i < n; i++)
			items[i] = item_of(json_array_get(list, i));
		struct record_ctx ctx = vitals_ctx(env, req);
		char bad[200] = "";
		json_t *out = NULL;
		enum err e = thresholds_put(&ctx, req->params[0], items, n, bad, sizeof(bad), &out);
		vitals_reply(res, e, 200, out, message(e, bad));
		free(items);
	}
	json_decref(body);
}

HANDLER(patient_thresholds_get_handler)
{
	struct record_ctx ctx = vitals_ctx(env, req);
	json_t *out = NULL;
	enum err e = thresholds_get(&ctx, req->params[0], &out);
	vitals_reply(res, e, 200, out, message(e, NULL));
}

HANDLER(me_thresholds_get_handler)
{
	struct record_ctx ctx = vitals_ctx(env, req);
	json_t *out = NULL;
	enum err e = thresholds_mine(&ctx, &out);
	vitals_reply(res, e, 200, out, message(e, NULL));
}

/* record_items.c — what the parties of a call save to its consultation's
 * record over REST: POST /api/v1/appointments/{id}/record-items
 * (multipart/form-data: "kind" and "file"), the list, and one item's
 * download. The rules are the domain's (domain/record_items.h).
 * Worker threads. */
#include "form.h"
#include "handlers.h"
#include "../domain/record_items.h"

#include <string.h>

static struct record_ctx ctx_of(struct api_env *env, struct api_request *req)
{
	return (struct record_ctx){.db = env->db, .keys = env->keys, .who = &req->who,
				   .now_ms = env->now_ms};
}

static void reply_error(struct api_response *res, enum err e)
{
	const char *msg = e == ERR_NOT_FOUND ? "No such appointment or record item"
		: e == ERR_CONSENT_REQUIRED ? "The patient has not agreed to keep call transcripts "
					      "and files in the record (consent call_records)"
		: e == ERR_CONFLICT ? "A cancelled appointment keeps nothing in its record"
		: e == ERR_BODY_TOO_LARGE ? "A record item is at most 25 MiB (26214400 bytes)"
		: e == ERR_UNSUPPORTED_FILE ? "A transcript is UTF-8 text and a board a PNG image"
		: e == ERR_INVALID_VALUE ? "kind is transcript, file or board, and the file is "
					   "not empty"
		: NULL;
	api_reply_error(res, e, msg);
}

HANDLER(record_items_post_handler)
{
	char boundary[MULTIPART_BOUNDARY_MAX + 1];
	if (!multipart_boundary(req->content_type, boundary)) {
		api_reply_error(res, ERR_UNSUPPORTED_MEDIA_TYPE,
				"Send multipart/form-data with a 'kind' and a 'file'");
		return;
	}
	struct multipart_part parts[FORM_PARTS_MAX];
	struct form_field fields[] = {{"kind", false, NULL}, {"file", true, NULL}};
	if (!form_read(req, res, boundary, fields, COUNT(fields), parts))
		return;
	if (!fields[0].part || !fields[1].part) {
		api_reply_error(res, ERR_MISSING_FIELD, "Send a 'kind' field and a 'file'");
		return;
	}
	char kind[16] = "";
	const struct multipart_part *k = fields[0].part;
	if (k->len < sizeof(kind))
		memcpy(kind, k->data, k->len);
	const struct multipart_part *f = fields[1].part;
	struct record_item_in in = {kind, f->filename, f->data, f->len};
	struct record_ctx ctx = ctx_of(env, req);
	json_t *out = NULL;
	enum err e = record_items_add(&ctx, req->params[0], &in, &out);
	if (e)
		reply_error(res, e);
	else
		api_reply_json(res, 201, out);
}

HANDLER(record_items_list_handler)
{
	struct record_ctx ctx = ctx_of(env, req);
	json_t *out = NULL;
	enum err e = record_items_list(&ctx, req->params[0], &out);
	if (e)
		reply_error(res, e);
	else
		api_reply_json(res, 200, out);
}

HANDLER(record_item_get_handler)
{
	struct record_ctx ctx = ctx_of(env, req);
	struct record_item_out item;
	enum err e = record_items_get(&ctx, req->params[0], req->params[1], &item);
	if (e) {
		reply_error(res, e);
		return;
	}
	form_reply_download(res, item.name, item.media_type, item.bytes, item.len);
	record_item_out_cleanup(&item);
}

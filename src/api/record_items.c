/* record_items.c — what the parties of a call save to its consultation's
 * record over REST: POST /api/v1/appointments/{id}/record-items
 * (multipart/form-data: "kind" and "file"), the list, and one item's
 * download. The rules are the domain's (domain/record_items.h).
 * Worker threads. */
#include "form.h"
#include "handlers.h"
#include "record_api.h"
#include "../domain/record_items.h"

#include <string.h>

/* The message of a refusal e (NULL: the catalogue's). */
static const char *message(enum err e)
{
	return e == ERR_NOT_FOUND ? "No such appointment or record item"
		: e == ERR_CONSENT_REQUIRED ? "The patient has not agreed to keep call transcripts "
					      "and files in the record (consent call_records)"
		: e == ERR_CONFLICT ? "A cancelled appointment keeps nothing in its record"
		: e == ERR_BODY_TOO_LARGE ? "A record item is at most 25 MiB (26214400 bytes)"
		: e == ERR_UNSUPPORTED_FILE ? "A transcript is UTF-8 text and a board a PNG image"
		: e == ERR_INVALID_VALUE ? "kind is transcript, file or board, and the file is "
					   "not empty"
		: NULL;
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
	struct record_ctx ctx = record_api_ctx(env, req);
	json_t *out = NULL;
	enum err e = record_items_add(&ctx, req->params[0], &in, &out);
	record_api_reply(res, e, 201, out, message(e));
}

HANDLER(record_items_list_handler)
{
	struct record_ctx ctx = record_api_ctx(env, req);
	json_t *out = NULL;
	enum err e = record_items_list(&ctx, req->params[0], &out);
	record_api_reply(res, e, 200, out, message(e));
}

HANDLER(record_item_get_handler)
{
	struct record_ctx ctx = record_api_ctx(env, req);
	struct record_item_out item;
	enum err e = record_items_get(&ctx, req->params[0], req->params[1], &item);
	if (e) {
		api_reply_error(res, e, message(e));
		return;
	}
	form_reply_download(res, item.name, item.media_type, item.bytes, item.len);
	record_item_out_cleanup(&item);
}

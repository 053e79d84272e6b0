/* conversations.c — secure messaging over REST: /api/v1/conversations,
 * its messages (JSON text, or multipart/form-data with a file), read
 * marks, attachments and deletion. The rules and their checks are the
 * domain's (domain/messaging.h); this file reads requests and writes
 * answers. Worker threads. */
#include "handlers.h"
#include "../domain/messaging.h"
#include "form.h"


static struct messaging_ctx ctx_of(struct api_env *env, struct api_request *req,
				   struct api_response *res)
{
	return (struct messaging_ctx){.db = env->db, .keys = env->keys, .who = &req->who,
				      .now_ms = env->now_ms, .notices = api_notices(res)};
}

static void reply_error(struct api_response *res, enum err e)
{
	const char *msg = e == ERR_NOT_FOUND ? "No such conversation or message"
		: e == ERR_FORBIDDEN ? "Only doctors start conversations, and only their doctor "
				       "deletes one"
		: e == ERR_BODY_TOO_LARGE ? "An attachment is at most 25 MiB (26214400 bytes)"
		: e == ERR_INVALID_VALUE ? "Titles have 1 to 200 characters and messages up to "
					   "10000 (text, a file, or both)"
		: NULL;
	api_reply_error(res, e, msg);
}

static void reply(struct api_response *res, enum err e, int status, json_t *out)
{
	if (e)
		reply_error(res, e);
	else if (out)
		api_reply_json(res, status, out);
	else
		api_reply_empty(res);
}

static const struct jsonx_field start_fields[] = {
	{"patient_id", JSONX_STRING, true, 1, 64, NULL},
	{"title", JSONX_STRING, true, 1, CONVERSATION_TITLE_MAX, NULL},
};

HANDLER(conversations_start_handler)
{
	json_t *body = api_body_checked(req, res, start_fields, COUNT(start_fields));
	if (!body)
		return;
	struct messaging_ctx ctx = ctx_of(env, req, res);
	json_t *out = NULL;
	enum err e = conversations_start(&ctx, jsonx_string(body, "patient_id"),
					 jsonx_string(body, "title"), &out);
	json_decref(body);
	reply(res, e, 201, out);
}

/* A page of the caller's conversations (conversation_id NULL) or of one
 * conversation's messages, from ?limit and ?cursor. */
static void reply_page(struct api_env *env, struct api_request *req, struct api_response *res,
		       const char *conversation_id)
{
	char cursor[128];
	bool has_cursor = api_query_param(req, "cursor", cursor, sizeof(cursor));
	int limit = api_page_limit(req);
	if (limit < 1) {
		api_reply_error(res, ERR_INVALID_VALUE, "limit 1 to 100; cursor from the last page");
		return;
	}
	struct messaging_ctx ctx = ctx_of(env, req, res);
	json_t *out = NULL;
	enum err e = conversation_id
		? messages_list(&ctx, conversation_id, limit, has_cursor ? cursor : NULL, &out)
		: conversations_list(&ctx, limit, has_cursor ? cursor : NULL, &out);
	reply(res, e, 200, out);
}

HANDLER(conversations_list_handler)
{
	reply_page(env, req, res, NULL);
}

HANDLER(conversation_get_handler)
{
	struct messaging_ctx ctx = ctx_of(env, req, res);
	json_t *out = NULL;
	enum err e = conversations_get(&ctx, req->params[0], &out);
	reply(res, e, 200, out);
}

HANDLER(conversation_delete_handler)
{
	struct messaging_ctx ctx = ctx_of(env, req, res);
	reply(res, conversations_delete(&ctx, req->params[0]), 204, NULL);
}

static const struct jsonx_field text_fields[] = {
	{"text", JSONX_STRING, true, 1, MESSAGE_TEXT_MAX, NULL},
};

/* A message as JSON {"text"}. */
static void post_json(struct api_env *env, struct api_request *req, struct api_response *res)
{
	json_t *body = api_body_checked(req, res, text_fields, COUNT(text_fields));
	if (!body)
		return;
	struct messaging_ctx ctx = ctx_of(env, req, res);
	json_t *text = json_object_get(body, "text");
	json_t *out = NULL;
	enum err e = messages_post(&ctx, req->params[0], json_string_value(text),
				   json_string_length(text), NULL, &out);
	json_decref(body);
	reply(res, e, 201, out);
}

/* The "text" and "file" parts of a form; false after replying 400. */
static bool form_parts(struct api_request *req, struct api_response *res, const char *boundary,
		       const struct multipart_part **text, const struct multipart_part **file,
		       struct multipart_part *parts)
{
	struct form_field fields[] = {{"text", false, NULL}, {"file", true, NULL}};
	if (!form_read(req, res, boundary, fields, COUNT(fields), parts))
		return false;
	*text = fields[0].part;
	*file = fields[1].part;
	if (*text || *file)
		return true;
	api_reply_error(res, ERR_MISSING_FIELD, "Send a 'text' field, a 'file', or both");
	return false;
}

/* A message as multipart/form-data: "text" and/or "file". */
static void post_form(struct api_env *env, struct api_request *req, struct api_response *res,
		      const char *boundary)
{
	struct multipart_part parts[FORM_PARTS_MAX];
	const struct multipart_part *text, *file;
	if (!form_parts(req, res, boundary, &text, &file, parts))
		return;
	struct attachment_in attachment = {0};
	if (file)
		attachment = (struct attachment_in){file->filename, file->data, file->len};
	struct messaging_ctx ctx = ctx_of(env, req, res);
	json_t *out = NULL;
	enum err e = messages_post(&ctx, req->params[0], text ? text->data : "",
				   text ? text->len : 0, file ? &attachment : NULL, &out);
	reply(res, e, 201, out);
}

HANDLER(messages_post_handler)
{
	char boundary[MULTIPART_BOUNDARY_MAX + 1];
	if (multipart_boundary(req->content_type, boundary))
		post_form(env, req, res, boundary);
	else
		post_json(env, req, res);
}

HANDLER(messages_list_handler)
{
	reply_page(env, req, res, req->params[0]);
}

static const struct jsonx_field read_fields[] = {
	{"up_to", JSONX_STRING, true, 1, 64, NULL},
};

HANDLER(messages_read_handler)
{
	json_t *body = api_body_checked(req, res, read_fields, COUNT(read_fields));
	if (!body)
		return;
	struct messaging_ctx ctx = ctx_of(env, req, res);
	enum err e = messages_mark_read(&ctx, req->params[0], jsonx_string(body, "up_to"));
	json_decref(body);
	reply(res, e, 204, NULL);
}

HANDLER(message_attachment_get_handler)
{
	struct messaging_ctx ctx = ctx_of(env, req, res);
	struct attachment_out a;
	enum err e = messages_attachment(&ctx, req->params[0], req->params[1], &a);
	if (e) {
		reply_error(res, e);
		return;
	}
	form_reply_download(res, a.name, a.content_type, a.bytes, a.len);
	attachment_out_cleanup(&a);
}

/* conversations.c — secure messaging over REST: /api/v1/conversations,
 * its messages (JSON text, or multipart/form-data with a file), read
 * marks, attachments and deletion. The rules and their checks are the
 * domain's (domain/messaging.h); this file reads requests and writes
 * answers. Worker threads. */
#include "handlers.h"
#include "../domain/messaging.h"
#include "../interop/multipart.h"

#include <stdio.h>
#include <string.h>

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

#define FORM_PARTS_MAX 4

/* The "text" and "file" parts of a form; false after replying 400. */
static bool form_parts(struct api_request *req, struct api_response *res, const char *boundary,
		       const struct multipart_part **text, const struct multipart_part **file,
		       struct multipart_part *parts)
{
	int n = multipart_parse(req->body, req->body_len, boundary, parts, FORM_PARTS_MAX);
	char msg[160];
	*text = *file = NULL;
	if (n < 0) {
		api_reply_error(res, ERR_BAD_REQUEST, "The multipart/form-data body is malformed");
		return false;
	}
	for (int i = 0; i < n; i++) {
		const struct multipart_part *p = &parts[i];
		bool is_text = strcmp(p->name, "text") == 0 && !p->has_filename;
		bool is_file = strcmp(p->name, "file") == 0 && p->has_filename;
		const struct multipart_part **slot = is_text ? text : is_file ? file : NULL;
		if (!slot || *slot) {
			snprintf(msg, sizeof(msg), "Unexpected form field '%.64s': send one 'text' "
				 "and one 'file' (with a file name) at most", p->name);
			api_reply_error(res, slot ? ERR_BAD_REQUEST : ERR_UNKNOWN_FIELD, msg);
			return false;
		}
		*slot = p;
	}
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

/* attachment; filename="<ASCII, '_' for the rest>"; filename*=UTF-8''<%-encoded> */
static void content_disposition(const char *name, char *out, size_t outlen)
{
	struct buf b;
	buf_init(&b, 4096);
	buf_append_str(&b, "attachment; filename=\"");
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		char c = *p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\' ? (char)*p : '_';
		buf_append(&b, &c, 1);
	}
	buf_append_str(&b, "\"; filename*=UTF-8''");
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~", *p))
			buf_append(&b, p, 1);
		else
			buf_printf(&b, "%%%02X", *p);
	}
	snprintf(out, outlen, "%s", b.data ? b.data : "attachment");
	buf_cleanup(&b);
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
	char disposition[2048];
	content_disposition(a.name, disposition, sizeof(disposition));
	api_response_header(res, "content-disposition", disposition);
	api_response_header(res, "cache-control", "private, no-store");
	res->status = 200;
	res->content_type = a.content_type;
	buf_reset(&res->body);
	if (buf_append(&res->body, a.bytes, a.len))
		api_reply_error(res, ERR_INTERNAL, NULL);
	attachment_out_cleanup(&a);
}

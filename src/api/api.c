/* api.c — building responses and reading request bodies and query strings
 * (see api.h). Worker threads; each request and response has one owner. */
#include "api.h"
#include "../core/instant.h"
#include "../core/mem.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void api_response_init(struct api_response *res)
{
	memset(res, 0, sizeof(*res));
	res->status = 500;
	buf_init(&res->body, 0);
}

void api_response_cleanup(struct api_response *res)
{
	buf_cleanup(&res->body);
	for (int i = 0; i < res->nheaders; i++) {
		free(res->headers[i].name);
		free(res->headers[i].value);
	}
	res->nheaders = 0;
	json_decref(res->notices);
	res->notices = NULL;
}

json_t *api_notices(struct api_response *res)
{
	if (!res->notices)
		res->notices = json_array();
	return res->notices;
}

void api_response_header(struct api_response *res, const char *name,
			 const char *value)
{
	if (res->nheaders >= API_HEADERS_MAX)
		return;
	res->headers[res->nheaders].name = mem_strdup(name);
	res->headers[res->nheaders].value = mem_strdup(value);
	res->nheaders++;
}

bool api_response_has_header(const struct api_response *res, const char *name)
{
	for (int i = 0; i < res->nheaders; i++)
		if (strcmp(res->headers[i].name, name) == 0)
			return true;
	return false;
}

void api_reply_json(struct api_response *res, int status, json_t *body)
{
	res->status = status;
	buf_reset(&res->body);
	res->content_type = NULL;
	if (!body)
		return;
	char *text = json_dumps(body, JSON_COMPACT);
	json_decref(body);
	if (!text) {
		api_reply_error(res, ERR_INTERNAL, NULL);
		return;
	}
	buf_append_str(&res->body, text);
	free(text);
	res->content_type = "application/json";
}

void api_reply_empty(struct api_response *res)
{
	res->status = 204;
	res->content_type = NULL;
	buf_reset(&res->body);
}

void api_reply_error(struct api_response *res, enum err e, const char *message)
{
	json_t *body = json_pack("{s:{s:s,s:s}}", "error", "code", err_code(e),
				 "message", message ? message : err_message(e));
	api_reply_json(res, err_status(e), body);
}

static bool is_json_type(const char *ct)
{
	static const char want[] = "application/json";
	if (strncasecmp(ct, want, sizeof(want) - 1) != 0)
		return false;
	const char *rest = ct + sizeof(want) - 1;
	while (*rest == ' ')
		rest++;
	if (!*rest)
		return true;
	if (*rest != ';')
		return false;
	rest++;
	while (*rest == ' ')
		rest++;
	return strncasecmp(rest, "charset=utf-8", 13) == 0 && !rest[13];
}

json_t *api_body_object(struct api_request *req, struct api_response *res)
{
	if (req->body_too_large) {
		api_reply_error(res, ERR_BODY_TOO_LARGE, NULL);
		return NULL;
	}
	if (!is_json_type(req->content_type)) {
		api_reply_error(res, ERR_UNSUPPORTED_MEDIA_TYPE,
				"Send the body as application/json");
		return NULL;
	}
	struct jsonx_error e;
	json_t *obj = jsonx_parse_object(req->body, req->body_len, &e);
	if (!obj)
		api_reply_error(res, e.err, e.message);
	return obj;
}

json_t *api_body_checked(struct api_request *req, struct api_response *res,
			 const struct jsonx_field *fields, size_t n)
{
	json_t *obj = api_body_object(req, res);
	if (!obj)
		return NULL;
	struct jsonx_error e;
	if (jsonx_check(obj, fields, n, &e)) {
		api_reply_error(res, e.err, e.message);
		json_decref(obj);
		return NULL;
	}
	return obj;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Decodes %xx and '+' from src[0..n) into out; false on overflow or bad escape. */
static bool url_decode(const char *src, size_t n, char *out, size_t outlen)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		int c = (unsigned char)src[i];
		if (c == '+') {
			c = ' ';
		} else if (c == '%') {
			if (i + 2 >= n)
				return false;
			int hi = hexval(src[i + 1]), lo = hexval(src[i + 2]);
			if (hi < 0 || lo < 0)
				return false;
			c = hi * 16 + lo;
			i += 2;
		}
		if (c == 0 || o + 1 >= outlen)
			return false;
		out[o++] = (char)c;
	}
	out[o] = '\0';
	return true;
}

bool api_query_param(const struct api_request *req, const char *name, char *out,
		     size_t outlen)
{
	size_t nlen = strlen(name);
	const char *p = req->query ? req->query : "";
	while (*p) {
		const char *end = strchr(p, '&');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len > nlen && strncmp(p, name, nlen) == 0 && p[nlen] == '=')
			return url_decode(p + nlen + 1, len - nlen - 1, out, outlen);
		if (!end)
			break;
		p = end + 1;
	}
	return false;
}

int api_page_limit(const struct api_request *req)
{
	char text[16];
	if (!api_query_param(req, "limit", text, sizeof(text)))
		return API_LIMIT_DEFAULT;
	char *end;
	long v = strtol(text, &end, 10);
	return *text && !*end && v >= 1 && v <= API_LIMIT_MAX ? (int)v : -1;
}

bool api_query_instant(const struct api_request *req, const char *name, int64_t *ms)
{
	char text[64];
	return api_query_param(req, name, text, sizeof(text)) && instant_parse(text, ms) == 0;
}

void api_reply_page(struct api_response *res, const char *name, json_t *items,
		    const char *next)
{
	api_reply_json(res, 200, json_pack("{s:o,s:s?}", name, items, "next_cursor",
					   *next ? next : NULL));
}

/* form.c — multipart/form-data fields and file downloads (see form.h). */
#include "form.h"

#include <stdio.h>
#include <string.h>

bool form_read(struct api_request *req, struct api_response *res, const char *boundary,
	       struct form_field *fields, size_t n, struct multipart_part *parts)
{
	int count = multipart_parse(req->body, req->body_len, boundary, parts, FORM_PARTS_MAX);
	char msg[160];
	for (size_t f = 0; f < n; f++)
		fields[f].part = NULL;
	if (count < 0) {
		api_reply_error(res, ERR_BAD_REQUEST, "The multipart/form-data body is malformed");
		return false;
	}
	for (int i = 0; i < count; i++) {
		const struct multipart_part *p = &parts[i];
		struct form_field *slot = NULL;
		for (size_t f = 0; f < n && !slot; f++)
			if (strcmp(p->name, fields[f].name) == 0 && fields[f].file == p->has_filename)
				slot = &fields[f];
		if (!slot || slot->part) {
			snprintf(msg, sizeof(msg), "Unexpected form field '%.64s': each field once, "
				 "files with a file name", p->name);
			api_reply_error(res, slot ? ERR_BAD_REQUEST : ERR_UNKNOWN_FIELD, msg);
			return false;
		}
		slot->part = p;
	}
	return true;
}

/* attachment; filename="<ASCII, '_' for the rest>"; filename*=UTF-8''<%-encoded> */
static void content_disposition(const char *name, struct buf *b)
{
	buf_append_str(b, "attachment; filename=\"");
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		char c = *p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\' ? (char)*p : '_';
		buf_append(b, &c, 1);
	}
	buf_append_str(b, "\"; filename*=UTF-8''");
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~", *p))
			buf_append(b, p, 1);
		else
			buf_printf(b, "%%%02X", *p);
	}
}

void form_reply_download(struct api_response *res, const char *name, const char *content_type,
			 const void *bytes, size_t len)
{
	struct buf disposition;
	buf_init(&disposition, 4096);
	content_disposition(name, &disposition);
	api_response_header(res, "content-disposition",
			    disposition.data ? disposition.data : "attachment");
	buf_cleanup(&disposition);
	api_response_header(res, "cache-control", "private, no-store");
	res->status = 200;
	res->content_type = content_type;
	buf_reset(&res->body);
	if (buf_append(&res->body, bytes, len))
		api_reply_error(res, ERR_INTERNAL, NULL);
}

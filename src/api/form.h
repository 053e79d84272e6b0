/* form.h — what the handlers that take or give files share: reading the
 * named fields of a multipart/form-data body (interop/multipart.h), and
 * answering with a file to download. Private to src/api. Worker threads. */
#ifndef TELEMED_API_FORM_H
#define TELEMED_API_FORM_H
#include <stdbool.h>
#include <stddef.h>

#include "api.h"
#include "../interop/multipart.h"

#define FORM_PARTS_MAX 4

/* A field a form may carry, once: a plain value or a file (sent with a
 * file name). part is filled when present. */
struct form_field {
	const char *name;
	bool file;
	const struct multipart_part *part; /* out: borrowed from parts */
};

/* Splits the body into parts (FORM_PARTS_MAX of them, in the caller's
 * array) and points each of fields[0..n) at its part. False after replying
 * 400: a malformed body, a field twice, an unknown field or one of the
 * wrong sort (a file where a value is expected, or the other way round). */
bool form_read(struct api_request *req, struct api_response *res, const char *boundary,
	       struct form_field *fields, size_t n, struct multipart_part *parts);

/* 200 with bytes[0..len) as content_type, for download as name: a
 * Content-Disposition of "attachment" with an ASCII fallback name and the
 * UTF-8 one (RFC 6266), and no caching. Copies what it needs. */
void form_reply_download(struct api_response *res, const char *name, const char *content_type,
			 const void *bytes, size_t len);

#endif

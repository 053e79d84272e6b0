/* multipart.h — reading a multipart/form-data body (RFC 7578) as browsers
 * and HTTP clients send a form with a file: the boundary from the
 * Content-Type, then each part's name, file name and bytes. Nothing is
 * copied: parts point into the body. Pure format code: any thread. */
#ifndef TELEMED_MULTIPART_H
#define TELEMED_MULTIPART_H
#include <stdbool.h>
#include <stddef.h>

#define MULTIPART_BOUNDARY_MAX 70 /* RFC 2046 */
#define MULTIPART_NAME_MAX 64
#define MULTIPART_FILENAME_MAX 256

struct multipart_part {
	char name[MULTIPART_NAME_MAX];         /* the form field's name */
	char filename[MULTIPART_FILENAME_MAX]; /* as sent; "" when none */
	bool has_filename;
	const char *data; /* borrowed from the body */
	size_t len;
};

/* The boundary of a "multipart/form-data; boundary=…" Content-Type (quoted
 * or not); false for any other type or a missing or malformed boundary. */
bool multipart_boundary(const char *content_type, char out[MULTIPART_BOUNDARY_MAX + 1]);

/* Splits body[0..len) into at most max parts. Returns how many, or -1 when
 * the body is malformed (no closing delimiter, a part without a
 * form-data Content-Disposition and name, headers past 4 KiB, a name or
 * file name too long) or holds more than max parts. */
int multipart_parse(const char *body, size_t len, const char *boundary,
		    struct multipart_part *parts, int max);

#endif

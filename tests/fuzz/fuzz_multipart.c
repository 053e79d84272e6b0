/* fuzz_multipart.c — libFuzzer target for message uploads: the first line
 * is a Content-Type, the rest a body. Boundary reading, multipart parsing
 * and telling a part's file type must never crash or read outside the
 * body, and every part found must lie inside it with a name. */
#include "interop/filetype.h"
#include "interop/multipart.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	size_t type_len = nl ? (size_t)(nl - data) : size;
	char *type = malloc(type_len + 1);
	memcpy(type, data, type_len);
	type[type_len] = '\0';
	const char *body = nl ? (const char *)nl + 1 : "";
	size_t body_len = nl ? size - type_len - 1 : 0;
	char boundary[MULTIPART_BOUNDARY_MAX + 1];
	struct multipart_part parts[4];
	if (multipart_boundary(type, boundary)) {
		int n = multipart_parse(body, body_len, boundary, parts, 4);
		if (n > 4)
			abort();
		for (int i = 0; i < n; i++) {
			if (!parts[i].name[0] || parts[i].data < body ||
			    parts[i].data + parts[i].len > body + body_len)
				abort();
			filetype_of(parts[i].data, parts[i].len);
		}
	}
	filetype_of(body, body_len);
	free(type);
	return 0;
}

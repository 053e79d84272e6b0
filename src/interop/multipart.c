/* multipart.c — multipart/form-data bodies (see multipart.h). Every length
 * is checked before it is used; a body is read once, front to back. */
#include "multipart.h"

#include <string.h>
#include <strings.h>

#define HEADERS_MAX 4096

static const char *skip_spaces(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* The value of parameter key in "a; key=value; …" (quoted or a token) into
 * out; false when absent, unterminated or longer than outlen - 1. */
static bool param(const char *params, size_t plen, const char *key, char *out, size_t outlen,
		  bool *found)
{
	size_t klen = strlen(key);
	const char *p = params, *end = params + plen;
	*found = false;
	while (p < end) {
		const char *semi = memchr(p, ';', (size_t)(end - p));
		p = semi ? semi + 1 : end;
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if ((size_t)(end - p) <= klen || strncasecmp(p, key, klen) != 0 || p[klen] != '=')
			continue;
		const char *v = p + klen + 1, *vend;
		if (v < end && *v == '"') {
			v++;
			vend = memchr(v, '"', (size_t)(end - v));
			if (!vend)
				return false;
		} else {
			vend = v;
			while (vend < end && *vend != ';' && *vend != ' ' && *vend != '\t')
				vend++;
		}
		size_t n = (size_t)(vend - v);
		if (n >= outlen || memchr(v, '\0', n))
			return false;
		memcpy(out, v, n);
		out[n] = '\0';
		*found = true;
		return true;
	}
	return true;
}

bool multipart_boundary(const char *content_type, char out[MULTIPART_BOUNDARY_MAX + 1])
{
	static const char type[] = "multipart/form-data";
	const char *ct = skip_spaces(content_type);
	if (strncasecmp(ct, type, sizeof(type) - 1) != 0)
		return false;
	const char *rest = skip_spaces(ct + sizeof(type) - 1);
	if (*rest != ';')
		return false;
	bool found;
	if (!param(rest, strlen(rest), "boundary", out, MULTIPART_BOUNDARY_MAX + 1, &found) ||
	    !found || !*out)
		return false;
	for (const char *c = out; *c; c++)
		if ((unsigned char)*c < 0x20 || (unsigned char)*c > 0x7e)
			return false;
	return true;
}

/* Reads one part's headers [p, hend): its Content-Disposition. */
static bool part_headers(const char *p, const char *hend, struct multipart_part *part)
{
	static const char cd[] = "content-disposition:";
	bool named = false;
	while (p < hend) {
		const char *eol = memmem(p, (size_t)(hend - p), "\r\n", 2);
		const char *line_end = eol ? eol : hend;
		size_t n = (size_t)(line_end - p);
		if (n > sizeof(cd) - 1 && strncasecmp(p, cd, sizeof(cd) - 1) == 0) {
			const char *v = p + sizeof(cd) - 1;
			while (v < line_end && (*v == ' ' || *v == '\t'))
				v++;
			size_t vlen = (size_t)(line_end - v);
			bool found;
			if (vlen < 9 || strncasecmp(v, "form-data", 9) != 0 ||
			    !param(v, vlen, "name", part->name, sizeof(part->name), &named) ||
			    !param(v, vlen, "filename", part->filename, sizeof(part->filename),
				   &found))
				return false;
			part->has_filename = found;
		}
		p = eol ? eol + 2 : hend;
	}
	return named && *part->name;
}

int multipart_parse(const char *body, size_t len, const char *boundary,
		    struct multipart_part *parts, int max)
{
	char delim[MULTIPART_BOUNDARY_MAX + 5];
	size_t blen = strlen(boundary);
	if (!blen || blen > MULTIPART_BOUNDARY_MAX || !body)
		return -1;
	/* "\r\n--boundary" between parts; the first may open the body */
	memcpy(delim, "\r\n--", 4);
	memcpy(delim + 4, boundary, blen);
	size_t dlen = blen + 4;
	const char *end = body + len, *p;
	if (len >= dlen - 2 && memcmp(body, delim + 2, dlen - 2) == 0) {
		p = body + dlen - 2;
	} else {
		p = memmem(body, len, delim, dlen);
		if (!p)
			return -1;
		p += dlen;
	}
	int n = 0;
	for (;;) {
		if (end - p >= 2 && memcmp(p, "--", 2) == 0)
			return n; /* the closing delimiter; an epilogue is ignored */
		if (end - p < 2 || memcmp(p, "\r\n", 2) != 0 || n == max)
			return -1;
		p += 2;
		size_t room = (size_t)(end - p) < HEADERS_MAX ? (size_t)(end - p) : HEADERS_MAX;
		const char *hend = memmem(p, room, "\r\n\r\n", 4);
		struct multipart_part *part = &parts[n];
		memset(part, 0, sizeof(*part));
		if (!hend || !part_headers(p, hend + 2, part))
			return -1;
		const char *data = hend + 4;
		const char *next = memmem(data, (size_t)(end - data), delim, dlen);
		if (!next)
			return -1;
		part->data = data;
		part->len = (size_t)(next - data);
		n++;
		p = next + dlen;
	}
}

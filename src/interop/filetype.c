/* filetype.c — attachment types told by content (see filetype.h). Text is
 * accepted only as well-formed UTF-8 without control characters other than
 * tab, line feed, carriage return and form feed, so a binary that happens
 * to be mostly printable is not served as text. */
#include "filetype.h"
#include "image.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/* Length of the UTF-8 sequence at p (at most n bytes), 0 when malformed
 * (overlong, surrogate, past U+10FFFF or cut short). */
static size_t utf8_sequence(const unsigned char *p, size_t n)
{
	unsigned c = p[0];
	size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3
		: (c & 0xF8) == 0xF0 ? 4 : 0;
	if (!len || len > n)
		return 0;
	uint32_t cp = len == 1 ? c : len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3F);
	}
	static const uint32_t least[] = {0, 0, 0x80, 0x800, 0x10000};
	if (cp < least[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

static bool plain_text(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n;) {
		if (p[i] < 0x20 && p[i] != '\t' && p[i] != '\n' && p[i] != '\r' && p[i] != '\f')
			return false;
		if (p[i] == 0x7F)
			return false;
		size_t len = utf8_sequence(p + i, n - i);
		if (!len)
			return false;
		i += len;
	}
	return true;
}

const char *filetype_of(const void *data, size_t len)
{
	if (!data || !len)
		return NULL;
	const char *image = image_type(data, len);
	if (image)
		return image;
	if (len >= 8 && memcmp(data, "%PDF-", 5) == 0)
		return "application/pdf";
	return plain_text(data, len) ? "text/plain; charset=utf-8" : NULL;
}

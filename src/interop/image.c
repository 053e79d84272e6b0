/* image.c — image signatures (see image.h):
 *   JPEG  FF D8 FF (SOI, then the first marker)
 *   PNG   89 'PNG' 0D 0A 1A 0A, then the IHDR chunk (length 13)
 *   WebP  'RIFF' size 'WEBP', then a 'VP8 ', 'VP8L' or 'VP8X' chunk */
#include "image.h"

#include <stdbool.h>
#include <string.h>

static bool starts(const unsigned char *p, size_t len, size_t at, const char *sig, size_t n)
{
	return len >= at + n && memcmp(p + at, sig, n) == 0;
}

const char *image_type(const void *data, size_t len)
{
	const unsigned char *p = data;
	if (!p)
		return NULL;
	if (starts(p, len, 0, "\xFF\xD8\xFF", 3))
		return "image/jpeg";
	if (starts(p, len, 0, "\x89PNG\r\n\x1A\n", 8) && starts(p, len, 8, "\0\0\0\x0DIHDR", 8))
		return "image/png";
	if (starts(p, len, 0, "RIFF", 4) && starts(p, len, 8, "WEBPVP8", 7) &&
	    len >= 16 && (p[15] == ' ' || p[15] == 'L' || p[15] == 'X'))
		return "image/webp";
	return NULL;
}

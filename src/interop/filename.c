/* filename.c — cleaning file names (see filename.h). */
#include "filename.h"
#include "../core/mem.h"

#include <jansson.h>
#include <stdbool.h>
#include <string.h>

/* The last path segment of name ('/' or '\\' separate folders). */
static const char *base_of(const char *name)
{
	const char *base = name;
	for (const char *p = name; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	return base;
}

/* true when s[0..n) is well-formed UTF-8 with something but blanks. */
static bool usable(const char *s, size_t n)
{
	json_t *valid = json_stringn(s, n); /* NULL unless well-formed UTF-8 */
	json_decref(valid);
	if (!valid)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!strchr(" \t.", s[i]))
			return true;
	return false;
}

char *filename_clean(const char *name, size_t max, const char *fallback)
{
	const char *base = base_of(name ? name : "");
	while (*base == '.' || *base == ' ')
		base++;
	size_t n = strlen(base);
	char *out = mem_alloc(n + strlen(fallback) + 1);
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)base[i];
		if (c >= 0x20 && c != 0x7f && c != '"')
			out[o++] = (char)c;
	}
	if (o > max) { /* cut, then back off to the start of a character */
		o = max;
		while (o > 0 && ((unsigned char)out[o] & 0xc0) == 0x80)
			o--;
	}
	while (o > 0 && out[o - 1] == ' ')
		o--;
	out[o] = '\0';
	if (!usable(out, o))
		memcpy(out, fallback, strlen(fallback) + 1);
	return out;
}

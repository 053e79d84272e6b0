/* rxcode.c — prescription verification codes (see rxcode.h). */
#include "rxcode.h"
#include "token.h"

#include <sodium.h>
#include <string.h>

static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/* The hyphen goes after every 5th character but the last. */
static void put(char *out, int i, char c)
{
	out[i + i / 5] = c;
	if (i % 5 == 4 && i + 1 < RXCODE_CHARS)
		out[i + i / 5 + 1] = '-';
}

void rxcode_new(char out[RXCODE_TEXT_LEN + 1])
{
	unsigned char raw[RXCODE_CHARS];
	randombytes_buf(raw, sizeof(raw));
	for (int i = 0; i < RXCODE_CHARS; i++)
		put(out, i, alphabet[raw[i] & 31]); /* 5 uniform bits of each byte */
	out[RXCODE_TEXT_LEN] = '\0';
	sodium_memzero(raw, sizeof(raw));
}

/* The canonical character typed as c, or 0 when it is none. */
static char canonical(char c)
{
	if (c >= 'a' && c <= 'z')
		c = (char)(c - 'a' + 'A');
	if (c == 'O')
		return '0';
	if (c == 'I' || c == 'L')
		return '1';
	return c && strchr(alphabet, c) ? c : 0;
}

bool rxcode_normalise(const char *typed, char out[RXCODE_TEXT_LEN + 1])
{
	char tmp[RXCODE_TEXT_LEN + 1];
	int n = 0;
	if (!typed || strlen(typed) > 64)
		return false;
	for (const char *p = typed; *p; p++) {
		if (*p == '-' || *p == ' ')
			continue;
		char c = canonical(*p);
		if (!c || n == RXCODE_CHARS)
			return false;
		put(tmp, n++, c);
	}
	if (n != RXCODE_CHARS)
		return false;
	tmp[RXCODE_TEXT_LEN] = '\0';
	memcpy(out, tmp, sizeof(tmp));
	return true;
}

void rxcode_hash(const char *code, char out[RXCODE_HASH_LEN + 1])
{
	token_hash(code, out);
}

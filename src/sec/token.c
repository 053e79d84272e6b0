/* token.c — token generation and hashing (see token.h). */
#include "token.h"

#include <sodium.h>
#include <string.h>

void token_new(char out[TOKEN_TEXT_LEN + 1])
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, TOKEN_TEXT_LEN + 1, raw, sizeof(raw),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

void token_hash_bytes(const void *data, size_t len, char out[TOKEN_HASH_LEN + 1])
{
	unsigned char digest[32];
	crypto_generichash(digest, sizeof(digest), data, len, NULL, 0);
	sodium_bin2hex(out, TOKEN_HASH_LEN + 1, digest, sizeof(digest));
}

void token_hash(const char *token, char out[TOKEN_HASH_LEN + 1])
{
	token_hash_bytes(token, strlen(token), out);
}

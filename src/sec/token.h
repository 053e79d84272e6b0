/* token.h — session tokens: 256 random bits as 43 base64url characters, and
 * the hash the store keeps instead (hex BLAKE2b-256). Any thread. */
#ifndef TELEMED_TOKEN_H
#define TELEMED_TOKEN_H
#include <stddef.h>

#define TOKEN_TEXT_LEN 43
#define TOKEN_HASH_LEN 64

void token_new(char out[TOKEN_TEXT_LEN + 1]);
/* Hex hash of any text (a token or other secret). */
void token_hash(const char *token, char out[TOKEN_HASH_LEN + 1]);
/* Hex BLAKE2b-256 of bytes, for other uses such as the audit chain. */
void token_hash_bytes(const void *data, size_t len, char out[TOKEN_HASH_LEN + 1]);

#endif

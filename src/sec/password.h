/* password.h — passwords: the length policy, argon2id hashing and checking
 * (libsodium, interactive limits: ~64 MiB and tens of milliseconds, so only
 * on worker threads). Any worker thread. */
#ifndef TELEMED_PASSWORD_H
#define TELEMED_PASSWORD_H
#include <stdbool.h>

#include "../core/err.h"

#define PASSWORD_MIN_CHARS 10
#define PASSWORD_MAX_CHARS 128
#define PASSWORD_HASH_MAX 128

/* ERR_OK, or ERR_WEAK_PASSWORD when not 10–128 characters (code points). */
enum err password_check_policy(const char *password);
/* Writes an argon2id string into out; 0, or -1 when out of memory. */
int password_hash(const char *password, char out[PASSWORD_HASH_MAX]);
bool password_verify(const char *hash, const char *password);
/* Spends what a verify spends, for unknown users. */
void password_verify_dummy(const char *password);

#endif

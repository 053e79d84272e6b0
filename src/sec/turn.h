/* turn.h — time-limited TURN credentials of the TURN REST API, as coturn
 * checks them with `use-auth-secret`: the username is "<expiry>:<user id>"
 * (expiry in Unix seconds) and the password is the base64 of
 * HMAC-SHA1(shared secret, username). The server never stores them; coturn
 * recomputes the password and refuses an expired username.
 * Any thread; the secret is read-only after turn_secret_load. */
#ifndef TELEMED_TURN_H
#define TELEMED_TURN_H
#include <stddef.h>
#include <stdint.h>

#define TURN_SECRET_MAX 256
#define TURN_USERNAME_MAX 96
#define TURN_PASSWORD_MAX 40 /* base64 of 20 bytes is 28 */

struct turn_secret {
	char value[TURN_SECRET_MAX + 1];
	size_t len;
};

/* Reads the shared secret from the first line of path (at least 16
 * characters). 0, or -1 with a message on err for a missing, unreadable,
 * group/world-readable or too short file. */
int turn_secret_load(struct turn_secret *s, const char *path, char *err, size_t errlen);

/* The credential for user_id valid until expires_s (Unix seconds). */
void turn_credential(const struct turn_secret *s, const char *user_id, int64_t expires_s,
		     char username[TURN_USERNAME_MAX], char password[TURN_PASSWORD_MAX]);

#endif

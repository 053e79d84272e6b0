/* turn.c — TURN REST API credentials (see turn.h). HMAC-SHA1 is what coturn
 * speaks, so it comes from OpenSSL's libcrypto rather than libsodium. */
#include "turn.h"

#include <errno.h>
#include <inttypes.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#define TURN_SECRET_MIN 16

int turn_secret_load(struct turn_secret *s, const char *path, char *err, size_t errlen)
{
	memset(s, 0, sizeof(*s));
	FILE *f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "cannot read the TURN secret file %s: %s", path, strerror(errno));
		return -1;
	}
	struct stat st;
	if (fstat(fileno(f), &st) == 0 && (st.st_mode & 077)) {
		snprintf(err, errlen, "the TURN secret file %s must not be readable by others "
			 "(chmod 600)", path);
		fclose(f);
		return -1;
	}
	char line[TURN_SECRET_MAX + 2];
	if (!fgets(line, sizeof(line), f))
		line[0] = '\0';
	fclose(f);
	line[strcspn(line, "\r\n")] = '\0';
	s->len = strlen(line);
	if (s->len < TURN_SECRET_MIN || s->len > TURN_SECRET_MAX) {
		snprintf(err, errlen, "the TURN secret in %s must be %d to %d characters", path,
			 TURN_SECRET_MIN, TURN_SECRET_MAX);
		memset(line, 0, sizeof(line));
		return -1;
	}
	memcpy(s->value, line, s->len + 1);
	memset(line, 0, sizeof(line));
	return 0;
}

void turn_credential(const struct turn_secret *s, const char *user_id, int64_t expires_s,
		     char username[TURN_USERNAME_MAX], char password[TURN_PASSWORD_MAX])
{
	snprintf(username, TURN_USERNAME_MAX, "%" PRId64 ":%s", expires_s, user_id);
	unsigned char mac[EVP_MAX_MD_SIZE];
	unsigned int maclen = 0;
	HMAC(EVP_sha1(), s->value, (int)s->len, (const unsigned char *)username,
	     strlen(username), mac, &maclen);
	EVP_EncodeBlock((unsigned char *)password, mac, (int)maclen);
}

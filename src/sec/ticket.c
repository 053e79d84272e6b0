/* ticket.c — signed room tickets (see ticket.h). Text form:
 * base64url(payload) "." base64url(tag), where the payload is the fields
 * joined by 0x1f and the tag is crypto_auth (HMAC-SHA-512/256) over it. */
#include "ticket.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIELD_SEP '\x1f'
#define PAYLOAD_MAX 512
#define VARIANT sodium_base64_VARIANT_URLSAFE_NO_PADDING

struct ticket_key {
	unsigned char k[crypto_auth_KEYBYTES];
};

struct ticket_key *ticket_key_new(void)
{
	struct ticket_key *key = malloc(sizeof(*key));
	if (key)
		crypto_auth_keygen(key->k);
	return key;
}

void ticket_key_free(struct ticket_key *key)
{
	if (!key)
		return;
	sodium_memzero(key, sizeof(*key));
	free(key);
}

static bool has_sep(const char *s)
{
	return strchr(s, FIELD_SEP) != NULL;
}

bool ticket_issue(const struct ticket_key *key, const struct ticket *t,
		  char out[TICKET_TEXT_MAX])
{
	if (has_sep(t->session_id) || has_sep(t->user_id) || has_sep(t->role) ||
	    has_sep(t->name) || has_sep(t->peer_id) || has_sep(t->peer_name))
		return false;
	char payload[PAYLOAD_MAX];
	int n = snprintf(payload, sizeof(payload), "v1%c%s%c%s%c%s%c%s%c%s%c%s%c%lld",
			 FIELD_SEP, t->session_id, FIELD_SEP, t->user_id, FIELD_SEP, t->role,
			 FIELD_SEP, t->name, FIELD_SEP, t->peer_id, FIELD_SEP, t->peer_name,
			 FIELD_SEP, (long long)t->expires_ms);
	if (n < 0 || n >= (int)sizeof(payload))
		return false;
	unsigned char tag[crypto_auth_BYTES];
	crypto_auth(tag, (const unsigned char *)payload, (unsigned long long)n, key->k);
	size_t need = sodium_base64_encoded_len((size_t)n, VARIANT) +
		      sodium_base64_encoded_len(sizeof(tag), VARIANT);
	if (need > TICKET_TEXT_MAX)
		return false;
	sodium_bin2base64(out, TICKET_TEXT_MAX, (const unsigned char *)payload, (size_t)n, VARIANT);
	size_t at = strlen(out);
	out[at++] = '.';
	sodium_bin2base64(out + at, TICKET_TEXT_MAX - at, tag, sizeof(tag), VARIANT);
	return true;
}

/* Copies the next field of *p (up to the separator or the end) into out. */
static bool next_field(char **p, char *out, size_t outlen)
{
	if (!*p)
		return false;
	char *sep = strchr(*p, FIELD_SEP);
	size_t len = sep ? (size_t)(sep - *p) : strlen(*p);
	if (len >= outlen)
		return false;
	memcpy(out, *p, len);
	out[len] = '\0';
	*p = sep ? sep + 1 : NULL;
	return true;
}

bool ticket_check(const struct ticket_key *key, const char *text, int64_t now_ms,
		  struct ticket *t)
{
	const char *dot = text ? strchr(text, '.') : NULL;
	if (!dot || strlen(text) >= TICKET_TEXT_MAX)
		return false;
	unsigned char payload[PAYLOAD_MAX + 1], tag[crypto_auth_BYTES];
	size_t plen, tlen;
	if (sodium_base642bin(payload, PAYLOAD_MAX, text, (size_t)(dot - text), NULL, &plen,
			      NULL, VARIANT) ||
	    sodium_base642bin(tag, sizeof(tag), dot + 1, strlen(dot + 1), NULL, &tlen, NULL,
			      VARIANT) ||
	    tlen != sizeof(tag) ||
	    crypto_auth_verify(tag, payload, plen, key->k))
		return false;
	payload[plen] = '\0';
	char *p = (char *)payload, version[4], expires[24];
	memset(t, 0, sizeof(*t));
	if (!next_field(&p, version, sizeof(version)) || strcmp(version, "v1") != 0 ||
	    !next_field(&p, t->session_id, sizeof(t->session_id)) ||
	    !next_field(&p, t->user_id, sizeof(t->user_id)) ||
	    !next_field(&p, t->role, sizeof(t->role)) ||
	    !next_field(&p, t->name, sizeof(t->name)) ||
	    !next_field(&p, t->peer_id, sizeof(t->peer_id)) ||
	    !next_field(&p, t->peer_name, sizeof(t->peer_name)) ||
	    !next_field(&p, expires, sizeof(expires)) || p)
		return false;
	char *end;
	t->expires_ms = strtoll(expires, &end, 10);
	return *end == '\0' && t->expires_ms > now_ms;
}

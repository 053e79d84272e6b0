/* ticket.h — room tickets: what the REST API hands a participant who may
 * join a consultation, and what the signalling hub checks without the
 * store. A ticket names the session, the user, their role and their peer,
 * expires within minutes, and is signed (HMAC-SHA-512/256, libsodium) with a
 * key kept in memory. Any thread; the key is read-only after ticket_key_new. */
#ifndef TELEMED_TICKET_H
#define TELEMED_TICKET_H
#include <stdbool.h>
#include <stdint.h>

#include "../core/id.h"

#define TICKET_TEXT_MAX 768
#define TICKET_NAME_MAX 128

struct ticket_key;

/* A fresh random key (all nodes of one clinic would share one: later). */
struct ticket_key *ticket_key_new(void);
void ticket_key_free(struct ticket_key *key);

struct ticket {
	char session_id[ID_LEN + 1];
	char user_id[ID_LEN + 1];
	char role[16]; /* "patient" or "doctor" */
	char name[TICKET_NAME_MAX];
	char peer_id[ID_LEN + 1];
	char peer_name[TICKET_NAME_MAX];
	int64_t expires_ms;
};

/* Writes the signed ticket text; false when a field does not fit. */
bool ticket_issue(const struct ticket_key *key, const struct ticket *t,
		  char out[TICKET_TEXT_MAX]);

/* True and *t filled for a ticket this key signed that has not expired at
 * now_ms; false for anything else (forged, altered, expired, malformed). */
bool ticket_check(const struct ticket_key *key, const char *text, int64_t now_ms,
		  struct ticket *t);

#endif

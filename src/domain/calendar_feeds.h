/* calendar_feeds.h — each user's private calendar subscription: a secret in
 * a URL that calendar apps fetch without a session. Only the secret's hash
 * is stored (like session tokens), so the store never holds a working URL;
 * a new secret replaces the old one, and revoking deletes it.
 * Worker threads, with that thread's own store connection. */
#ifndef TELEMED_CALENDAR_FEEDS_H
#define TELEMED_CALENDAR_FEEDS_H
#include <jansson.h>
#include <stdint.h>

#include "../core/err.h"
#include "../sec/token.h"
#include "principal.h"

struct db;

/* Creates or replaces the caller's feed; secret gets the new secret (shown
 * once). Audited. */
enum err calendar_feeds_create(struct db *db, const struct principal *who, int64_t now_ms,
			       char secret[TOKEN_TEXT_LEN + 1]);

/* Deletes the caller's feed (ERR_NOT_FOUND when there is none). Audited. */
enum err calendar_feeds_revoke(struct db *db, const struct principal *who, int64_t now_ms);

/* {"active": bool, "created_at": instant or null} for the caller. */
enum err calendar_feeds_status(struct db *db, const struct principal *who, json_t **out);

/* The owner of a feed secret, as a principal (user id and role only);
 * ERR_NOT_FOUND for an unknown or revoked secret or a disabled account. */
enum err calendar_feeds_owner(struct db *db, const char *secret, struct principal *out);

#endif

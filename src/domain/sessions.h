/* sessions.h — login sessions: opaque random tokens of which only the hash is
 * stored; idle and absolute expiry; listing and revoking one's own.
 * Worker threads or the CLI, with that thread's own store connection. */
#ifndef TELEMED_SESSIONS_H
#define TELEMED_SESSIONS_H
#include <jansson.h>
#include <stdint.h>

#include "../core/err.h"
#include "../sec/token.h"
#include "principal.h"

struct db;

struct session_new {
	char id[ID_LEN + 1];
	char token[TOKEN_TEXT_LEN + 1]; /* shown once, to the client */
	int64_t expires_at_ms;
};

/* Inserts a session for user_id. Call inside a write transaction. */
enum err sessions_create(struct db *db, const char *user_id,
			 int absolute_seconds, const char *user_agent,
			 const char *ip, int64_t now_ms, struct session_new *out);

/* ERR_OK and *out filled for a live session; ERR_UNAUTHENTICATED for an
 * unknown, revoked, idle-expired or expired one, or a disabled user;
 * ERR_ACCOUNT_LOCKED for any session of a locked user.
 * Marks the session used (at most once a second). */
enum err sessions_authenticate(struct db *db, const char *token,
			       int idle_seconds, int64_t now_ms,
			       struct principal *out);

/* The caller's live sessions, newest first, the current one marked. */
enum err sessions_list(struct db *db, const struct principal *who,
		       int idle_seconds, int64_t now_ms, json_t **out);

/* Revokes one of the caller's own sessions (ERR_NOT_FOUND otherwise); audited. */
enum err sessions_revoke(struct db *db, const struct principal *who,
			 const char *session_id, int64_t now_ms);

/* Revokes every live session of user_id but keep_id (may be NULL).
 * Call inside a write transaction. */
enum err sessions_revoke_others(struct db *db, const char *user_id,
				const char *keep_id, int64_t now_ms);

#endif

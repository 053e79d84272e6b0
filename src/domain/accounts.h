/* accounts.h — people and their credentials: registration (patients active,
 * doctors pending until verified), login with throttling, profile changes,
 * password changes, and the administrator's list and verification.
 * Every change is written with its audit event in one transaction.
 * Worker threads or the CLI, with that thread's own store connection. */
#ifndef TELEMED_ACCOUNTS_H
#define TELEMED_ACCOUNTS_H
#include <jansson.h>
#include <stdint.h>

#include "../core/err.h"
#include "principal.h"
#include "sessions.h"

struct db;
struct ratelimit;

struct account_input {
	const char *username, *password, *full_name, *email;
	enum role role;
	/* password's argon2id hash made already (demo data: thousands of
	 * accounts with one password), or NULL to hash it here */
	const char *password_hash;
};

struct login_policy {
	struct ratelimit *limits;
	int max_failures_account;
	int max_failures_address;
	int session_absolute_seconds;
};

struct login_result {
	struct session_new session;
	json_t *user;    /* new reference on success */
	int retry_after; /* seconds, with ERR_TOO_MANY_ATTEMPTS */
};

/* Self-registration of a patient or doctor (ERR_INVALID_VALUE for other
 * roles). *user is a new reference. actor gives the address for the audit. */
enum err accounts_register(struct db *db, const struct principal *actor,
			   const struct account_input *in, int64_t now_ms,
			   json_t **user);

/* An active administrator, for the command line. */
enum err accounts_create_admin(struct db *db, const struct account_input *in,
			       int64_t now_ms, char id_out[ID_LEN + 1]);

/* ERR_INVALID_CREDENTIALS for an unknown user or a wrong password alike. */
enum err accounts_login(struct db *db, const struct login_policy *policy,
			const char *username, const char *password,
			const char *user_agent, const char *ip, int64_t now_ms,
			struct login_result *out);

/* Revokes the caller's current session; audited. */
enum err accounts_logout(struct db *db, const struct principal *who,
			 int64_t now_ms);

enum err accounts_get(struct db *db, const struct principal *who, json_t **user);

/* What a person changes about themselves; NULL or -1: unchanged. */
struct profile_change {
	const char *full_name, *email;
	int relay_only; /* 1: their calls go through the TURN relay only (RFC 8828) */
};

/* Applies c and audits which fields changed (never their values).
 * *user is a new reference. */
enum err accounts_update(struct db *db, const struct principal *who,
			 const struct profile_change *c, int64_t now_ms, json_t **user);

/* ERR_OK when password is the caller's; otherwise ERR_INVALID_CREDENTIALS,
 * audited as failed_action (a step that asks for the password again). */
enum err accounts_password_ok(struct db *db, const struct principal *who,
			      const char *password, const char *failed_action, int64_t now_ms);

/* Checks the current password, stores the new one, ends every other session. */
enum err accounts_change_password(struct db *db, const struct principal *who,
				  const char *current, const char *next,
				  int64_t now_ms);

/* Admins only. status/role NULL = any; limit 1..100; cursor from a previous
 * page or NULL. *users is a new array; next_cursor "" on the last page. */
enum err accounts_list(struct db *db, const struct principal *who,
		       const char *status, const char *role, int limit,
		       const char *cursor, json_t **users, char *next_cursor,
		       size_t next_len);

/* Admins only: a pending doctor becomes active. */
enum err accounts_verify(struct db *db, const struct principal *who,
			 const char *user_id, int64_t now_ms, json_t **user);

/* Admins only: locks (locked true) or unlocks another user's account. A
 * locked account cannot log in and its sessions end at once (its requests
 * meet ERR_ACCOUNT_LOCKED); notices (may be NULL) gets the live
 * {"type":"ACCOUNT_LOCKED"} for the user's open pages. ERR_NOT_FOUND for
 * an unknown user, ERR_CONFLICT for the caller's own account. *user is a
 * new reference. */
enum err accounts_lock(struct db *db, const struct principal *who, const char *user_id,
		       bool locked, int64_t now_ms, json_t *notices, json_t **user);

/* ERR_OK when id is a doctor (a verified one if verified_only),
 * ERR_NOT_FOUND otherwise. */
enum err accounts_find_doctor(struct db *db, const char *id, bool verified_only);

/* Finds a user id by username (case-insensitive); ERR_NOT_FOUND. */
enum err accounts_find(struct db *db, const char *username,
		       char id_out[ID_LEN + 1]);

#endif

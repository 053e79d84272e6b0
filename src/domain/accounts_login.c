/* accounts_login.c — login with throttling, logout and password changes
 * (see accounts.h). An unknown user and a wrong password look the same from
 * outside: same answer, same hashing time, same throttling. */
#include "accounts_int.h"
#include "audit.h"
#include "tx.h"
#include "../db/db.h"
#include "../sec/password.h"
#include "../sec/ratelimit.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

struct credentials {
	char id[ID_LEN + 1];
	char hash[PASSWORD_HASH_MAX];
	char status[16];
	char role[16];
	bool locked;
};

static enum err load_credentials(struct db *db, const char *key,
				 struct credentials *c)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT id, password_hash, status, role, locked_at FROM users WHERE username_key = ?");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, key);
	enum db_rc rc = db_step(st);
	if (rc == DB_ROW) {
		snprintf(c->id, sizeof(c->id), "%s", db_column_text(st, 0));
		snprintf(c->hash, sizeof(c->hash), "%s", db_column_text(st, 1));
		snprintf(c->status, sizeof(c->status), "%s", db_column_text(st, 2));
		snprintf(c->role, sizeof(c->role), "%s", db_column_text(st, 3));
		c->locked = !db_column_is_null(st, 4);
	}
	db_finalize(st);
	return rc == DB_ROW ? ERR_OK : rc == DB_DONE ? ERR_NOT_FOUND : ERR_DB;
}

static void failed(struct db *db, const struct login_policy *p, const char *akey,
		   const char *ip, const char *subject, const char *reason,
		   int64_t now_ms)
{
	char addr[80];
	snprintf(addr, sizeof(addr), "addr:%s", ip);
	if (strcmp(reason, "throttled") != 0) {
		ratelimit_fail(p->limits, akey, now_ms);
		ratelimit_fail(p->limits, addr, now_ms);
	}
	struct principal anon = {0};
	snprintf(anon.ip, sizeof(anon.ip), "%s", ip);
	audit_record(db, &anon, "auth.login_failed", subject,
		     json_pack("{s:s}", "reason", reason), now_ms);
}

static bool throttled(const struct login_policy *p, const char *akey,
		      const char *ip, int64_t now_ms, int *retry)
{
	char addr[80];
	snprintf(addr, sizeof(addr), "addr:%s", ip);
	return ratelimit_blocked(p->limits, akey, p->max_failures_account, now_ms, retry) ||
	       ratelimit_blocked(p->limits, addr, p->max_failures_address, now_ms, retry);
}

static enum err start_session(struct db *db, const struct login_policy *p,
			      const struct credentials *c, const char *user_agent,
			      const char *ip, int64_t now_ms, struct login_result *out)
{
	if (db_begin(db) != DB_OK)
		return ERR_DB;
	enum err e = sessions_create(db, c->id, p->session_absolute_seconds,
				     user_agent, ip, now_ms, &out->session);
	struct principal who = {.authenticated = true, .role = role_parse(c->role)};
	snprintf(who.user_id, sizeof(who.user_id), "%s", c->id);
	snprintf(who.ip, sizeof(who.ip), "%s", ip);
	if (!e)
		e = audit_append(db, &who, "auth.login", c->id,
				 json_pack("{s:s}", "session_id", out->session.id),
				 now_ms);
	e = tx_end(db, e);
	if (e)
		return e;
	return accounts__load(db, c->id, &out->user);
}

enum err accounts_login(struct db *db, const struct login_policy *p,
			const char *username, const char *password,
			const char *user_agent, const char *ip, int64_t now_ms,
			struct login_result *out)
{
	memset(out, 0, sizeof(*out));
	char key[ACCOUNTS_USERNAME_MAX + 1], akey[64];
	bool valid_name = accounts__username_key(username, key) == 0;
	snprintf(akey, sizeof(akey), "acct:%s", valid_name ? key : "?invalid");
	struct credentials c = {0};
	enum err found = valid_name ? load_credentials(db, key, &c) : ERR_NOT_FOUND;
	if (found == ERR_DB)
		return ERR_DB;
	if (throttled(p, akey, ip, now_ms, &out->retry_after)) {
		failed(db, p, akey, ip, found ? NULL : c.id, "throttled", now_ms);
		return ERR_TOO_MANY_ATTEMPTS;
	}
	if (found) {
		password_verify_dummy(password);
		failed(db, p, akey, ip, NULL, "unknown_user", now_ms);
		return ERR_INVALID_CREDENTIALS;
	}
	if (!password_verify(c.hash, password) || strcmp(c.status, "disabled") == 0) {
		failed(db, p, akey, ip, c.id, "bad_password", now_ms);
		return ERR_INVALID_CREDENTIALS;
	}
	ratelimit_clear(p->limits, akey);
	/* told only to whoever knows the password: it is no account probe */
	if (c.locked) {
		failed(db, p, akey, ip, c.id, "locked", now_ms);
		return ERR_ACCOUNT_LOCKED;
	}
	return start_session(db, p, &c, user_agent, ip, now_ms, out);
}

enum err accounts_logout(struct db *db, const struct principal *who,
			 int64_t now_ms)
{
	return sessions_revoke(db, who, who->session_id, now_ms);
}

static enum err store_password(struct db *db, const struct principal *who,
			       const char *hash, int64_t now_ms)
{
	struct db_stmt *st = db_prepare(db,
		"UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, hash);
	db_bind_int64(st, 2, now_ms);
	db_bind_text(st, 3, who->user_id);
	enum db_rc rc = db_step(st);
	db_finalize(st);
	return rc == DB_DONE ? ERR_OK : ERR_DB;
}

enum err accounts_password_ok(struct db *db, const struct principal *who,
			      const char *password, const char *failed_action, int64_t now_ms)
{
	struct db_stmt *st = db_prepare(db, "SELECT password_hash FROM users WHERE id = ?");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, who->user_id);
	char hash[PASSWORD_HASH_MAX] = "";
	if (db_step(st) == DB_ROW)
		snprintf(hash, sizeof(hash), "%s", db_column_text(st, 0));
	db_finalize(st);
	bool ok = *hash && password_verify(hash, password);
	sodium_memzero(hash, sizeof(hash));
	if (ok)
		return ERR_OK;
	audit_record(db, who, failed_action, who->user_id, NULL, now_ms);
	return ERR_INVALID_CREDENTIALS;
}

enum err accounts_change_password(struct db *db, const struct principal *who,
				  const char *current, const char *next,
				  int64_t now_ms)
{
	enum err e = password_check_policy(next);
	if (e)
		return e;
	e = accounts_password_ok(db, who, current, "user.password_change_failed", now_ms);
	if (e)
		return e;
	char hash[PASSWORD_HASH_MAX];
	/* hash before the transaction: argon2 must not hold the write lock */
	if (password_hash(next, hash))
		return ERR_INTERNAL;
	e = db_begin(db) == DB_OK ? ERR_OK : ERR_DB;
	if (e)
		goto out;
	e = store_password(db, who, hash, now_ms);
	if (!e)
		e = sessions_revoke_others(db, who->user_id, who->session_id, now_ms);
	if (!e)
		e = audit_append(db, who, "user.password_change", who->user_id, NULL,
				 now_ms);
	e = tx_end(db, e);
out:
	sodium_memzero(hash, sizeof(hash));
	return e;
}

/* test_accounts.c — the account rules with a real store and a controlled
 * clock (src/domain/accounts*.c, sessions.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "domain/accounts.h"
#include "domain/audit.h"
#include "sec/ratelimit.h"
#include "fixture.h"

#define T0 1800000000000LL /* a fixed "now" */

static json_t *reg(struct db *db, const char *name, enum role role, enum err expect)
{
	struct account_input in = {name, "a good password", "Some Body", "a@b.example", role};
	json_t *user = NULL;
	assert_int_equal(accounts_register(db, NULL, &in, T0, &user), expect);
	return user;
}

static struct login_policy policy(struct ratelimit *rl)
{
	return (struct login_policy){rl, 3, 100, 3600};
}

static void registration_rules(void **state)
{
	struct fixture *f = *state;
	json_t *p = reg(f->db, "patient1", ROLE_PATIENT, ERR_OK);
	assert_string_equal(json_string_value(json_object_get(p, "status")), "active");
	json_t *d = reg(f->db, "doctor1", ROLE_DOCTOR, ERR_OK);
	assert_string_equal(json_string_value(json_object_get(d, "status")), "pending");
	reg(f->db, "PATIENT1", ROLE_PATIENT, ERR_USERNAME_TAKEN);
	reg(f->db, "boss", ROLE_ADMIN, ERR_INVALID_VALUE);
	reg(f->db, "x", ROLE_PATIENT, ERR_INVALID_VALUE);
	struct account_input weak = {"weakling", "short", "W", "w@x.y", ROLE_PATIENT};
	json_t *u = NULL;
	assert_int_equal(accounts_register(f->db, NULL, &weak, T0, &u), ERR_WEAK_PASSWORD);
	json_decref(p);
	json_decref(d);
}

static void login_throttle_and_sessions(void **state)
{
	struct fixture *f = *state;
	json_decref(reg(f->db, "maria", ROLE_PATIENT, ERR_OK));
	struct ratelimit *rl = ratelimit_new(60);
	struct login_policy pol = policy(rl);
	struct login_result out;
	assert_int_equal(accounts_login(f->db, &pol, "nobody", "a good password", "ua", "1.2.3.4", T0, &out), ERR_INVALID_CREDENTIALS);
	for (int i = 0; i < 3; i++)
		assert_int_equal(accounts_login(f->db, &pol, "maria", "wrong one!", "ua", "1.2.3.4", T0, &out), ERR_INVALID_CREDENTIALS);
	assert_int_equal(accounts_login(f->db, &pol, "MARIA", "a good password", "ua", "1.2.3.4", T0 + 1000, &out), ERR_TOO_MANY_ATTEMPTS);
	assert_true(out.retry_after >= 58 && out.retry_after <= 60);
	/* the window passes */
	assert_int_equal(accounts_login(f->db, &pol, "maria", "a good password", "ua", "1.2.3.4", T0 + 61000, &out), ERR_OK);
	json_decref(out.user);
	struct principal who;
	assert_int_equal(sessions_authenticate(f->db, out.session.token, 1800, T0 + 62000, &who), ERR_OK);
	assert_int_equal(who.role, ROLE_PATIENT);
	/* idle: 30 minutes without use */
	assert_int_equal(sessions_authenticate(f->db, out.session.token, 1800, T0 + 62000 + 1800 * 1000, &who), ERR_UNAUTHENTICATED);
	ratelimit_free(rl);
}

static void absolute_expiry_and_logout(void **state)
{
	struct fixture *f = *state;
	json_decref(reg(f->db, "joao", ROLE_PATIENT, ERR_OK));
	struct ratelimit *rl = ratelimit_new(60);
	struct login_policy pol = policy(rl);
	struct login_result out;
	assert_int_equal(accounts_login(f->db, &pol, "joao", "a good password", "ua", "ip", T0, &out), ERR_OK);
	json_decref(out.user);
	struct principal who;
	/* used every 20 minutes, it still ends after the absolute hour */
	int64_t t = T0;
	for (; t < T0 + 3600 * 1000; t += 20 * 60 * 1000)
		assert_int_equal(sessions_authenticate(f->db, out.session.token, 1800, t, &who), ERR_OK);
	assert_int_equal(sessions_authenticate(f->db, out.session.token, 1800, T0 + 3600 * 1000, &who), ERR_UNAUTHENTICATED);
	/* a fresh one, logged out */
	assert_int_equal(accounts_login(f->db, &pol, "joao", "a good password", "ua", "ip", T0, &out), ERR_OK);
	json_decref(out.user);
	assert_int_equal(sessions_authenticate(f->db, out.session.token, 1800, T0 + 1, &who), ERR_OK);
	assert_int_equal(accounts_logout(f->db, &who, T0 + 2), ERR_OK);
	assert_int_equal(sessions_authenticate(f->db, out.session.token, 1800, T0 + 3, &who), ERR_UNAUTHENTICATED);
	ratelimit_free(rl);
}

static void password_change_ends_other_sessions(void **state)
{
	struct fixture *f = *state;
	json_decref(reg(f->db, "ana", ROLE_PATIENT, ERR_OK));
	struct ratelimit *rl = ratelimit_new(60);
	struct login_policy pol = policy(rl);
	struct login_result a, b;
	assert_int_equal(accounts_login(f->db, &pol, "ana", "a good password", "ua", "ip", T0, &a), ERR_OK);
	assert_int_equal(accounts_login(f->db, &pol, "ana", "a good password", "ua", "ip", T0, &b), ERR_OK);
	json_decref(a.user);
	json_decref(b.user);
	struct principal who, other;
	assert_int_equal(sessions_authenticate(f->db, a.session.token, 1800, T0, &who), ERR_OK);
	assert_int_equal(accounts_change_password(f->db, &who, "not it", "another good one", T0), ERR_INVALID_CREDENTIALS);
	assert_int_equal(accounts_change_password(f->db, &who, "a good password", "short", T0), ERR_WEAK_PASSWORD);
	assert_int_equal(accounts_change_password(f->db, &who, "a good password", "another good one", T0), ERR_OK);
	assert_int_equal(sessions_authenticate(f->db, a.session.token, 1800, T0 + 1, &who), ERR_OK);
	assert_int_equal(sessions_authenticate(f->db, b.session.token, 1800, T0 + 1, &other), ERR_UNAUTHENTICATED);
	struct login_result c;
	assert_int_equal(accounts_login(f->db, &pol, "ana", "another good one", "ua", "ip", T0, &c), ERR_OK);
	json_decref(c.user);
	ratelimit_free(rl);
}

static void only_admins_verify_pending_doctors(void **state)
{
	struct fixture *f = *state;
	json_t *d = reg(f->db, "drnew", ROLE_DOCTOR, ERR_OK);
	json_t *p = reg(f->db, "pat", ROLE_PATIENT, ERR_OK);
	const char *did = json_string_value(json_object_get(d, "id"));
	struct principal patient = {.authenticated = true, .role = ROLE_PATIENT};
	struct principal admin = {.authenticated = true, .role = ROLE_ADMIN};
	struct account_input in = {"root", "root password!", "Root", "r@x.y", ROLE_ADMIN};
	assert_int_equal(accounts_create_admin(f->db, &in, T0, admin.user_id), ERR_OK);
	json_t *u = NULL;
	assert_int_equal(accounts_verify(f->db, &patient, did, T0, &u), ERR_FORBIDDEN);
	assert_int_equal(accounts_verify(f->db, &admin, "00000000-0000-4000-8000-000000000000", T0, &u), ERR_NOT_FOUND);
	assert_int_equal(accounts_verify(f->db, &admin, json_string_value(json_object_get(p, "id")), T0, &u), ERR_CONFLICT);
	assert_int_equal(accounts_verify(f->db, &admin, did, T0, &u), ERR_OK);
	assert_string_equal(json_string_value(json_object_get(u, "status")), "active");
	json_decref(u);
	json_t *list = NULL;
	char next[128];
	assert_int_equal(accounts_list(f->db, &patient, NULL, NULL, 10, NULL, &list, next, sizeof(next)), ERR_FORBIDDEN);
	assert_int_equal(accounts_list(f->db, &admin, "pending", NULL, 10, NULL, &list, next, sizeof(next)), ERR_OK);
	assert_int_equal(json_array_size(list), 0);
	json_decref(list);
	int64_t count, broken;
	assert_int_equal(audit_verify(f->db, &count, &broken), ERR_OK);
	assert_int_equal(broken, 0);
	assert_int_equal(count, 4); /* two registrations, the admin, the verification */
	json_decref(d);
	json_decref(p);
}

/* The n-th newest audit row of action: subject and detail copied out. */
static bool audit_row(struct db *db, const char *action, int nth, char *subject,
		      char *detail, size_t len)
{
	struct db_stmt *st = db_prepare(db, "SELECT subject_id, detail FROM audit_events"
					    " WHERE action = ? ORDER BY seq DESC LIMIT 1 OFFSET ?");
	db_bind_text(st, 1, action);
	db_bind_int64(st, 2, nth);
	bool found = db_step(st) == DB_ROW;
	if (found) {
		const char *sub = db_column_text(st, 0);
		snprintf(subject, len, "%s", sub ? sub : "");
		snprintf(detail, len, "%s", db_column_text(st, 1));
	}
	db_finalize(st);
	return found;
}

static int64_t count_rows(struct db *db, const char *sql)
{
	struct db_stmt *st = db_prepare(db, sql);
	assert_int_equal(db_step(st), DB_ROW);
	int64_t n = db_column_int64(st, 0);
	db_finalize(st);
	return n;
}

static void failed_logins_are_audited_without_secrets(void **state)
{
	struct fixture *f = *state;
	json_t *u = reg(f->db, "Maria.S", ROLE_PATIENT, ERR_OK);
	const char *uid = json_string_value(json_object_get(u, "id"));
	struct ratelimit *rl = ratelimit_new(60);
	struct login_policy pol = policy(rl);
	struct login_result out;
	char subject[256], detail[256];
	assert_int_equal(accounts_login(f->db, &pol, "maria.s", "Secret-Wrong-1", "ua", "10.0.0.9", T0, &out), ERR_INVALID_CREDENTIALS);
	assert_true(audit_row(f->db, "auth.login_failed", 0, subject, detail, sizeof(detail)));
	assert_string_equal(subject, uid);
	assert_string_equal(detail, "{\"reason\":\"bad_password\"}");
	assert_int_equal(accounts_login(f->db, &pol, "ghost", "Secret-Wrong-2", "ua", "10.0.0.9", T0, &out), ERR_INVALID_CREDENTIALS);
	assert_true(audit_row(f->db, "auth.login_failed", 0, subject, detail, sizeof(detail)));
	assert_string_equal(subject, "");
	assert_string_equal(detail, "{\"reason\":\"unknown_user\"}");
	for (int i = 0; i < 2; i++)
		accounts_login(f->db, &pol, "MARIA.S", "Secret-Wrong-3", "ua", "10.0.0.9", T0, &out);
	assert_int_equal(accounts_login(f->db, &pol, "maria.s", "a good password", "ua", "10.0.0.9", T0, &out), ERR_TOO_MANY_ATTEMPTS);
	assert_true(audit_row(f->db, "auth.login_failed", 0, subject, detail, sizeof(detail)));
	assert_string_equal(subject, uid);
	assert_string_equal(detail, "{\"reason\":\"throttled\"}");
	assert_int_equal(count_rows(f->db, "SELECT COUNT(*) FROM audit_events WHERE detail LIKE '%Secret%'"
					   " OR detail LIKE '%good password%' OR ip <> '10.0.0.9' AND action LIKE 'auth.%'"), 0);
	assert_int_equal(count_rows(f->db, "SELECT COUNT(*) FROM sessions"), 0);
	int64_t count, broken;
	assert_int_equal(audit_verify(f->db, &count, &broken), ERR_OK);
	assert_int_equal(broken, 0);
	json_decref(u);
	ratelimit_free(rl);
}

static void address_throttle_and_success_clears_the_account(void **state)
{
	struct fixture *f = *state;
	json_decref(reg(f->db, "rui", ROLE_PATIENT, ERR_OK));
	struct ratelimit *rl = ratelimit_new(60);
	struct login_policy pol = {rl, 3, 4, 3600};
	struct login_result out;
	/* two failures, a success: the account's count starts again */
	for (int i = 0; i < 2; i++)
		assert_int_equal(accounts_login(f->db, &pol, "rui", "wrong password", "ua", "10.0.0.1", T0, &out), ERR_INVALID_CREDENTIALS);
	assert_int_equal(accounts_login(f->db, &pol, "rui", "a good password", "ua", "10.0.0.2", T0, &out), ERR_OK);
	json_decref(out.user);
	for (int i = 0; i < 2; i++)
		assert_int_equal(accounts_login(f->db, &pol, "rui", "wrong password", "ua", "10.0.0.3", T0, &out), ERR_INVALID_CREDENTIALS);
	assert_int_equal(accounts_login(f->db, &pol, "rui", "a good password", "ua", "10.0.0.3", T0, &out), ERR_OK);
	json_decref(out.user);
	/* one address guessing many (unknown) accounts: 4 failures, then 429 */
	const char *names[] = {"ann", "bob", "cid", "dee", "eve"};
	for (int i = 0; i < 4; i++)
		assert_int_equal(accounts_login(f->db, &pol, names[i], "a good password", "ua", "10.0.0.7", T0, &out), ERR_INVALID_CREDENTIALS);
	assert_int_equal(accounts_login(f->db, &pol, names[4], "a good password", "ua", "10.0.0.7", T0 + 5000, &out), ERR_TOO_MANY_ATTEMPTS);
	assert_int_equal(out.retry_after, 55);
	assert_int_equal(accounts_login(f->db, &pol, "rui", "a good password", "ua", "10.0.0.7", T0 + 5000, &out), ERR_TOO_MANY_ATTEMPTS);
	/* the same account from another address is fine */
	assert_int_equal(accounts_login(f->db, &pol, "rui", "a good password", "ua", "10.0.0.8", T0 + 5000, &out), ERR_OK);
	json_decref(out.user);
	ratelimit_free(rl);
}

static void idle_expiry_is_exact(void **state)
{
	struct fixture *f = *state;
	json_decref(reg(f->db, "ida", ROLE_PATIENT, ERR_OK));
	struct ratelimit *rl = ratelimit_new(60);
	struct login_policy pol = policy(rl);
	struct login_result out;
	assert_int_equal(accounts_login(f->db, &pol, "ida", "a good password", "ua", "ip", T0, &out), ERR_OK);
	json_decref(out.user);
	struct principal who;
	const int64_t idle = 1800 * 1000;
	/* a use within the same second does not move last_seen_at ... */
	assert_int_equal(sessions_authenticate(f->db, out.session.token, 1800, T0 + 500, &who), ERR_OK);
	assert_int_equal(sessions_authenticate(f->db, out.session.token, 1800, T0 + idle - 1, &who), ERR_OK);
	/* ... that one did: now it lives until T0 + idle - 1 + idle */
	assert_int_equal(sessions_authenticate(f->db, out.session.token, 1800, T0 + 2 * idle - 2, &who), ERR_OK);
	assert_int_equal(sessions_authenticate(f->db, out.session.token, 1800, T0 + 3 * idle - 2, &who), ERR_UNAUTHENTICATED);
	assert_false(who.authenticated);
	/* a shorter idle setting applies at once */
	assert_int_equal(accounts_login(f->db, &pol, "ida", "a good password", "ua", "ip", T0, &out), ERR_OK);
	json_decref(out.user);
	assert_int_equal(sessions_authenticate(f->db, out.session.token, 60, T0 + 59999, &who), ERR_OK);
	assert_int_equal(sessions_authenticate(f->db, out.session.token, 60, T0 + 59999 + 60000, &who), ERR_UNAUTHENTICATED);
	/* tokens that are not ours */
	assert_int_equal(sessions_authenticate(f->db, NULL, 1800, T0, &who), ERR_UNAUTHENTICATED);
	assert_int_equal(sessions_authenticate(f->db, "", 1800, T0, &who), ERR_UNAUTHENTICATED);
	assert_int_equal(sessions_authenticate(f->db, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", 1800, T0, &who), ERR_UNAUTHENTICATED);
	ratelimit_free(rl);
}

static void sessions_are_listed_and_revoked_by_their_owner_only(void **state)
{
	struct fixture *f = *state;
	json_decref(reg(f->db, "own", ROLE_PATIENT, ERR_OK));
	json_decref(reg(f->db, "other", ROLE_PATIENT, ERR_OK));
	struct ratelimit *rl = ratelimit_new(60);
	struct login_policy pol = policy(rl);
	struct login_result a, b, c;
	assert_int_equal(accounts_login(f->db, &pol, "own", "a good password", "Firefox", "10.1.1.1", T0, &a), ERR_OK);
	assert_int_equal(accounts_login(f->db, &pol, "own", "a good password", "Chromium", "10.1.1.2", T0 + 1, &b), ERR_OK);
	assert_int_equal(accounts_login(f->db, &pol, "other", "a good password", "curl", "10.1.1.3", T0, &c), ERR_OK);
	json_decref(a.user);
	json_decref(b.user);
	json_decref(c.user);
	struct principal me, them;
	assert_int_equal(sessions_authenticate(f->db, a.session.token, 1800, T0 + 2, &me), ERR_OK);
	assert_int_equal(sessions_authenticate(f->db, c.session.token, 1800, T0 + 2, &them), ERR_OK);
	json_t *list = NULL;
	assert_int_equal(sessions_list(f->db, &me, 1800, T0 + 3, &list), ERR_OK);
	assert_int_equal(json_array_size(list), 2);
	json_t *newest = json_array_get(list, 0), *oldest = json_array_get(list, 1);
	assert_string_equal(json_string_value(json_object_get(newest, "id")), b.session.id);
	assert_false(json_is_true(json_object_get(newest, "current")));
	assert_true(json_is_true(json_object_get(oldest, "current")));
	assert_string_equal(json_string_value(json_object_get(oldest, "user_agent")), "Firefox");
	assert_string_equal(json_string_value(json_object_get(oldest, "ip")), "10.1.1.1");
	assert_null(json_object_get(oldest, "token"));
	assert_null(json_object_get(oldest, "token_hash"));
	json_decref(list);
	/* someone else's, unknown, malformed: all not found, nothing changes */
	assert_int_equal(sessions_revoke(f->db, &me, c.session.id, T0 + 4), ERR_NOT_FOUND);
	assert_int_equal(sessions_revoke(f->db, &me, "00000000-0000-4000-8000-000000000000", T0 + 4), ERR_NOT_FOUND);
	assert_int_equal(sessions_revoke(f->db, &me, "not-an-id", T0 + 4), ERR_NOT_FOUND);
	assert_int_equal(sessions_authenticate(f->db, c.session.token, 1800, T0 + 5, &them), ERR_OK);
	/* my other one */
	assert_int_equal(sessions_revoke(f->db, &me, b.session.id, T0 + 6), ERR_OK);
	assert_int_equal(sessions_revoke(f->db, &me, b.session.id, T0 + 7), ERR_NOT_FOUND);
	assert_int_equal(sessions_authenticate(f->db, b.session.token, 1800, T0 + 8, &them), ERR_UNAUTHENTICATED);
	assert_int_equal(sessions_list(f->db, &me, 1800, T0 + 9, &list), ERR_OK);
	assert_int_equal(json_array_size(list), 1);
	json_decref(list);
	assert_int_equal(count_rows(f->db, "SELECT COUNT(*) FROM audit_events WHERE action = 'session.revoke'"), 1);
	ratelimit_free(rl);
}

static void profile_updates_are_checked_and_audited(void **state)
{
	struct fixture *f = *state;
	json_t *u = reg(f->db, "prof", ROLE_PATIENT, ERR_OK);
	struct principal who = {.authenticated = true, .role = ROLE_PATIENT};
	snprintf(who.user_id, sizeof(who.user_id), "%s", json_string_value(json_object_get(u, "id")));
	json_decref(u);
	json_t *v = NULL;
	assert_int_equal(accounts_update(f->db, &who, &(struct profile_change){"Maria Santos", NULL, -1}, T0, &v), ERR_OK);
	assert_string_equal(json_string_value(json_object_get(v, "full_name")), "Maria Santos");
	assert_string_equal(json_string_value(json_object_get(v, "email")), "a@b.example");
	assert_true(json_is_false(json_object_get(v, "relay_only")));
	json_decref(v);
	assert_int_equal(accounts_update(f->db, &who, &(struct profile_change){NULL, "two@@example", -1}, T0, &v), ERR_INVALID_VALUE);
	assert_int_equal(accounts_update(f->db, &who, &(struct profile_change){NULL, "noat.example", -1}, T0, &v), ERR_INVALID_VALUE);
	assert_int_equal(accounts_update(f->db, &who, &(struct profile_change){"", NULL, -1}, T0, &v), ERR_INVALID_VALUE);
	assert_int_equal(accounts_update(f->db, &who, &(struct profile_change){"Tab\there", NULL, -1}, T0, &v), ERR_INVALID_VALUE);
	assert_null(v);
	assert_int_equal(accounts_update(f->db, &who, &(struct profile_change){NULL, "maria@example.org", -1}, T0, &v), ERR_OK);
	assert_string_equal(json_string_value(json_object_get(v, "full_name")), "Maria Santos");
	assert_string_equal(json_string_value(json_object_get(v, "email")), "maria@example.org");
	json_decref(v);
	char subject[256], detail[256];
	assert_true(audit_row(f->db, "user.update", 0, subject, detail, sizeof(detail)));
	assert_string_equal(detail, "{\"fields\":[\"email\"]}");
	assert_int_equal(count_rows(f->db, "SELECT COUNT(*) FROM audit_events WHERE action = 'user.update'"), 2);
	/* the relay-only privacy mode: on, kept by a change that does not name
	 * it, and audited by name only */
	assert_int_equal(accounts_update(f->db, &who, &(struct profile_change){NULL, NULL, 1}, T0, &v), ERR_OK);
	assert_true(json_is_true(json_object_get(v, "relay_only")));
	json_decref(v);
	assert_true(audit_row(f->db, "user.update", 0, subject, detail, sizeof(detail)));
	assert_string_equal(detail, "{\"fields\":[\"relay_only\"]}");
	assert_int_equal(accounts_update(f->db, &who, &(struct profile_change){"Maria S", NULL, -1}, T0, &v), ERR_OK);
	assert_true(json_is_true(json_object_get(v, "relay_only")));
	json_decref(v);
	assert_int_equal(accounts_update(f->db, &who, &(struct profile_change){NULL, NULL, 2}, T0, &v), ERR_INVALID_VALUE);
}

static void a_refused_registration_leaves_nothing(void **state)
{
	struct fixture *f = *state;
	json_decref(reg(f->db, "Dup.Name", ROLE_PATIENT, ERR_OK));
	reg(f->db, "dup.name", ROLE_DOCTOR, ERR_USERNAME_TAKEN);
	reg(f->db, "DUP.NAME", ROLE_PATIENT, ERR_USERNAME_TAKEN);
	reg(f->db, "bad name", ROLE_PATIENT, ERR_INVALID_VALUE);
	reg(f->db, "na\xC3\xAFve", ROLE_PATIENT, ERR_INVALID_VALUE);
	reg(f->db, "abcdefghijklmnopqrstuvwxyz0123456", ROLE_PATIENT, ERR_INVALID_VALUE); /* 33 */
	json_decref(reg(f->db, "abcdefghijklmnopqrstuvwxyz012345", ROLE_PATIENT, ERR_OK)); /* 32 */
	assert_int_equal(count_rows(f->db, "SELECT COUNT(*) FROM users"), 2);
	assert_int_equal(count_rows(f->db, "SELECT COUNT(*) FROM audit_events"), 2);
	char id[ID_LEN + 1];
	assert_int_equal(accounts_find(f->db, "DUP.name", id), ERR_OK);
	assert_int_equal(accounts_find(f->db, "nobody", id), ERR_NOT_FOUND);
}

static void admins_page_through_users(void **state)
{
	struct fixture *f = *state;
	struct principal admin = {.authenticated = true, .role = ROLE_ADMIN};
	struct account_input in = {"root", "root password!", "Root", "r@x.y", ROLE_ADMIN};
	assert_int_equal(accounts_create_admin(f->db, &in, T0, admin.user_id), ERR_OK);
	char name[16];
	for (int i = 0; i < 5; i++) {
		struct account_input d = {name, "a good password", "Dr Who", "d@x.y", ROLE_DOCTOR};
		snprintf(name, sizeof(name), "doc%d", i);
		json_t *u = NULL;
		/* two share an instant: the id breaks the tie */
		assert_int_equal(accounts_register(f->db, NULL, &d, T0 + 1 + i / 2, &u), ERR_OK);
		json_decref(u);
	}
	json_t *page = NULL;
	char cursor[128] = "";
	int seen = 0, pages = 0;
	do {
		assert_int_equal(accounts_list(f->db, &admin, "pending", "doctor", 2,
					       *cursor ? cursor : NULL, &page, cursor, sizeof(cursor)), ERR_OK);
		seen += (int)json_array_size(page);
		pages++;
		json_decref(page);
	} while (*cursor);
	assert_int_equal(seen, 5);
	assert_int_equal(pages, 3);
	assert_int_equal(accounts_list(f->db, &admin, NULL, "admin", 50, NULL, &page, cursor, sizeof(cursor)), ERR_OK);
	assert_int_equal(json_array_size(page), 1);
	assert_string_equal(cursor, "");
	json_decref(page);
	assert_int_equal(accounts_list(f->db, &admin, NULL, NULL, 50, "garbage", &page, cursor, sizeof(cursor)), ERR_INVALID_VALUE);
	assert_null(page);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, fixture_teardown)
	const struct CMUnitTest tests[] = {
		T(registration_rules), T(login_throttle_and_sessions), T(absolute_expiry_and_logout),
		T(password_change_ends_other_sessions), T(only_admins_verify_pending_doctors),
		T(failed_logins_are_audited_without_secrets),
		T(address_throttle_and_success_clears_the_account), T(idle_expiry_is_exact),
		T(sessions_are_listed_and_revoked_by_their_owner_only),
		T(profile_updates_are_checked_and_audited), T(a_refused_registration_leaves_nothing),
		T(admins_page_through_users),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

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

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, fixture_teardown)
	const struct CMUnitTest tests[] = {
		T(registration_rules), T(login_throttle_and_sessions), T(absolute_expiry_and_logout),
		T(password_change_ends_other_sessions), T(only_admins_verify_pending_doctors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

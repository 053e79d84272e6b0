/* test_password.c — the password policy, argon2id hashing and checking, and
 * the dummy check that spends the same time for unknown users
 * (src/sec/password.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <sodium.h>
#include <string.h>

#include "core/instant.h"
#include "sec/password.h"

static int setup(void **state)
{
	(void)state;
	return sodium_init() < 0 ? -1 : 0;
}

/* n copies of the UTF-8 character ch. */
static void repeat(char *out, size_t outlen, const char *ch, int n)
{
	size_t len = strlen(ch), at = 0;
	for (int i = 0; i < n && at + len < outlen; i++, at += len)
		memcpy(out + at, ch, len);
	out[at] = '\0';
}

static void policy_counts_code_points_not_bytes(void **state)
{
	(void)state;
	char s[1024];
	repeat(s, sizeof(s), "a", 9);
	assert_int_equal(password_check_policy(s), ERR_WEAK_PASSWORD);
	repeat(s, sizeof(s), "a", 10);
	assert_int_equal(password_check_policy(s), ERR_OK);
	repeat(s, sizeof(s), "a", 128);
	assert_int_equal(password_check_policy(s), ERR_OK);
	repeat(s, sizeof(s), "a", 129);
	assert_int_equal(password_check_policy(s), ERR_WEAK_PASSWORD);
	assert_int_equal(password_check_policy(""), ERR_WEAK_PASSWORD);
	/* 5 four-byte characters are 20 bytes but only 5 characters */
	repeat(s, sizeof(s), "\xF0\x9F\x94\x91", 5);
	assert_int_equal(password_check_policy(s), ERR_WEAK_PASSWORD);
	repeat(s, sizeof(s), "\xC3\xA9", 10); /* é ×10 */
	assert_int_equal(password_check_policy(s), ERR_OK);
	repeat(s, sizeof(s), "\xE2\x82\xAC", 128); /* € ×128 = 384 bytes */
	assert_int_equal(password_check_policy(s), ERR_OK);
	repeat(s, sizeof(s), "\xE2\x82\xAC", 129);
	assert_int_equal(password_check_policy(s), ERR_WEAK_PASSWORD);
}

static void hashes_are_salted_argon2id_and_verify(void **state)
{
	(void)state;
	char h1[PASSWORD_HASH_MAX], h2[PASSWORD_HASH_MAX];
	assert_int_equal(password_hash("correct horse battery", h1), 0);
	assert_int_equal(password_hash("correct horse battery", h2), 0);
	assert_true(strncmp(h1, "$argon2id$", 10) == 0);
	assert_null(strstr(h1, "correct horse"));
	assert_string_not_equal(h1, h2); /* a fresh salt each time */
	assert_true(password_verify(h1, "correct horse battery"));
	assert_true(password_verify(h2, "correct horse battery"));
	assert_false(password_verify(h1, "correct horse batterY"));
	assert_false(password_verify(h1, ""));
	assert_false(password_verify("", "correct horse battery"));
	assert_false(password_verify("not a hash", "correct horse battery"));
	/* interactive limits: libsodium says no rehash is needed */
	assert_int_equal(crypto_pwhash_str_needs_rehash(h1, crypto_pwhash_OPSLIMIT_INTERACTIVE,
							crypto_pwhash_MEMLIMIT_INTERACTIVE), 0);
}

static int64_t time_verify(const char *hash, const char *password, bool dummy)
{
	int64_t t0 = instant_mono_ms();
	if (dummy)
		password_verify_dummy(password);
	else
		(void)password_verify(hash, password);
	return instant_mono_ms() - t0;
}

static void dummy_costs_what_a_verify_costs(void **state)
{
	(void)state;
	char h[PASSWORD_HASH_MAX];
	assert_int_equal(password_hash("some password here", h), 0);
	password_verify_dummy("warm up"); /* the first call also makes its hash */
	int64_t real = 0, dummy = 0;
	for (int i = 0; i < 3; i++) {
		real += time_verify(h, "wrong password!", false);
		dummy += time_verify(NULL, "wrong password!", true);
	}
	/* a real argon2id run takes tens of milliseconds; a skipped one none */
	assert_true(real >= 3);
	assert_true(dummy * 2 >= real);
	assert_true(real * 2 >= dummy);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(policy_counts_code_points_not_bytes),
		cmocka_unit_test(hashes_are_salted_argon2id_and_verify),
		cmocka_unit_test(dummy_costs_what_a_verify_costs),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}

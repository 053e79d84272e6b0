/* test_token.c — session tokens and their stored hashes (src/sec/token.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <sodium.h>
#include <string.h>

#include "sec/token.h"

static int setup(void **state)
{
	(void)state;
	return sodium_init() < 0 ? -1 : 0;
}

static void tokens_are_256_random_bits_in_base64url(void **state)
{
	(void)state;
	char a[TOKEN_TEXT_LEN + 1], b[TOKEN_TEXT_LEN + 1];
	token_new(a);
	token_new(b);
	assert_int_equal(strlen(a), 43);
	assert_string_not_equal(a, b);
	assert_int_equal(strspn(a, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
				   "0123456789-_"), 43);
	unsigned char raw[64];
	size_t n = 0;
	assert_int_equal(sodium_base642bin(raw, sizeof(raw), a, strlen(a), NULL, &n, NULL,
					   sodium_base64_VARIANT_URLSAFE_NO_PADDING), 0);
	assert_int_equal(n, 32);
}

static void hashes_are_hex_blake2b_256(void **state)
{
	(void)state;
	char h[TOKEN_HASH_LEN + 1];
	/* reference values: Python's hashlib.blake2b(data, digest_size=32) */
	token_hash("abc", h);
	assert_string_equal(h, "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
	token_hash_bytes("", 0, h);
	assert_string_equal(h, "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
	char t[TOKEN_TEXT_LEN + 1], h1[TOKEN_HASH_LEN + 1], h2[TOKEN_HASH_LEN + 1];
	token_new(t);
	token_hash(t, h1);
	token_hash(t, h2);
	assert_string_equal(h1, h2);
	assert_int_equal(strlen(h1), 64);
	assert_int_equal(strspn(h1, "0123456789abcdef"), 64);
	assert_null(strstr(h1, t));
	t[0] = t[0] == 'A' ? 'B' : 'A';
	token_hash(t, h2);
	assert_string_not_equal(h1, h2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tokens_are_256_random_bits_in_base64url),
		cmocka_unit_test(hashes_are_hex_blake2b_256),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}

/* test_rxcode.c — prescription verification codes (src/sec/rxcode.c): their
 * shape and randomness, reading them as typed, and ICD-10 shapes of notes
 * (src/domain/notes.c), both pure checks of what people type. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <sodium.h>
#include <string.h>

#include "domain/notes.h"
#include "sec/rxcode.h"

static int setup(void **state)
{
	(void)state;
	return sodium_init() < 0 ? -1 : 0;
}

static void codes_are_four_groups_of_crockford_base32(void **state)
{
	(void)state;
	char a[RXCODE_TEXT_LEN + 1], b[RXCODE_TEXT_LEN + 1];
	rxcode_new(a);
	rxcode_new(b);
	assert_int_equal(strlen(a), 23);
	assert_string_not_equal(a, b);
	for (int i = 0; i < 23; i++) {
		if (i % 6 == 5)
			assert_int_equal(a[i], '-');
		else
			assert_non_null(strchr("0123456789ABCDEFGHJKMNPQRSTVWXYZ", a[i]));
	}
	/* every one of the 32 characters turns up in each position over many codes */
	unsigned seen[20] = {0};
	for (int n = 0; n < 2000; n++) {
		rxcode_new(a);
		for (int i = 0, k = 0; i < 23; i++)
			if (a[i] != '-')
				seen[k++] |= 1u << (strchr("0123456789ABCDEFGHJKMNPQRSTVWXYZ", a[i]) -
						     "0123456789ABCDEFGHJKMNPQRSTVWXYZ");
	}
	for (int k = 0; k < 20; k++)
		assert_int_equal(seen[k], 0xffffffffu);
}

static void codes_read_as_typed(void **state)
{
	(void)state;
	char out[RXCODE_TEXT_LEN + 1];
	assert_true(rxcode_normalise("7k3qd 9xw2m hb4tz roN6P", out));
	assert_string_equal(out, "7K3QD-9XW2M-HB4TZ-R0N6P");
	assert_true(rxcode_normalise("IL000-00000-00000-0000o", out));
	assert_string_equal(out, "11000-00000-00000-00000");
	assert_false(rxcode_normalise("7K3QD-9XW2M-HB4TZ-R0N6", out));   /* 19 */
	assert_false(rxcode_normalise("7K3QD-9XW2M-HB4TZ-R0N6PP", out)); /* 21 */
	assert_false(rxcode_normalise("7K3QD-9XW2M-HB4TZ-R0N6U", out));  /* U */
	assert_false(rxcode_normalise("7K3QD/9XW2M-HB4TZ-R0N6P", out));
	assert_false(rxcode_normalise("", out));
	assert_false(rxcode_normalise(NULL, out));
	assert_string_equal(out, "11000-00000-00000-00000"); /* untouched by failures */
	char h1[RXCODE_HASH_LEN + 1], h2[RXCODE_HASH_LEN + 1];
	rxcode_hash("7K3QD-9XW2M-HB4TZ-R0N6P", h1);
	rxcode_hash(out, h2);
	assert_string_not_equal(h1, h2);
	assert_int_equal(strlen(h1), 64);
}

static void icd10_codes_have_their_shape(void **state)
{
	(void)state;
	const char *good[] = {"E11", "J06.9", "L25.9", "S52.5210", "A00.0"};
	const char *bad[] = {"", "e11", "E1", "EE1", "E11.", "E11.12345", "E11-9", "E11.a", "E110", "11.9"};
	for (size_t i = 0; i < sizeof(good) / sizeof(*good); i++)
		assert_true(notes_icd10_ok(good[i]));
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		assert_false(notes_icd10_ok(bad[i]));
	assert_false(notes_icd10_ok(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(codes_are_four_groups_of_crockford_base32),
		cmocka_unit_test(codes_read_as_typed),
		cmocka_unit_test(icd10_codes_have_their_shape),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}

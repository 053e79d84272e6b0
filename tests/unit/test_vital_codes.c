/* test_vital_codes.c — the vital signs' table (src/domain/vital_codes.c):
 * each code has its one UCUM unit, unknown codes are not found, and the
 * plausible bounds include their ends and nothing past them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "domain/vital_codes.h"

static void every_code_has_its_unit(void **state)
{
	(void)state;
	static const char *const pairs[][2] = {{"8867-4", "/min"}, {"59408-5", "%"},
		{"8480-6", "mm[Hg]"}, {"8462-4", "mm[Hg]"}, {"8310-5", "Cel"}, {"29463-7", "kg"}};
	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		const struct vital_code *c = vital_code_find(pairs[i][0]);
		assert_non_null(c);
		assert_string_equal(c->unit, pairs[i][1]);
		assert_true(c->min < c->max);
	}
}

static void unknown_codes_are_not_found(void **state)
{
	(void)state;
	assert_null(vital_code_find("8867"));
	assert_null(vital_code_find("8867-4 "));
	assert_null(vital_code_find(""));
	assert_null(vital_code_find(NULL));
}

static void bounds_include_their_ends_only(void **state)
{
	(void)state;
	const struct vital_code *hr = vital_code_find("8867-4");
	assert_true(vital_code_plausible(hr, 20));
	assert_true(vital_code_plausible(hr, 300));
	assert_false(vital_code_plausible(hr, 19.99));
	assert_false(vital_code_plausible(hr, 300.01));
	const struct vital_code *t = vital_code_find("8310-5");
	assert_true(vital_code_plausible(t, 36.6));
	assert_false(vital_code_plausible(t, 98.6)); /* Fahrenheit */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_code_has_its_unit),
		cmocka_unit_test(unknown_codes_are_not_found),
		cmocka_unit_test(bounds_include_their_ends_only),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

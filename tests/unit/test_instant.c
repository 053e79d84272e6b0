/* test_instant.c — RFC 3339 instants (src/core/instant.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "core/instant.h"

static void formats_utc_with_milliseconds(void **state)
{
	(void)state;
	char t[INSTANT_TEXT_MAX];
	instant_format(0, t);
	assert_string_equal(t, "1970-01-01T00:00:00.000Z");
	instant_format(1709210096789LL, t); /* a leap day */
	assert_string_equal(t, "2024-02-29T12:34:56.789Z");
	instant_format(-1, t);
	assert_string_equal(t, "1969-12-31T23:59:59.999Z");
}

static void parses_what_it_formats_and_offsets(void **state)
{
	(void)state;
	int64_t ms;
	assert_int_equal(instant_parse("2024-02-29T12:34:56.789Z", &ms), 0);
	assert_int_equal(ms, 1709210096789LL);
	assert_int_equal(instant_parse("2024-02-29T13:34:56.789+01:00", &ms), 0);
	assert_int_equal(ms, 1709210096789LL);
	assert_int_equal(instant_parse("2026-03-29T01:00:00Z", &ms), 0);
	char t[INSTANT_TEXT_MAX];
	instant_format(ms, t);
	assert_string_equal(t, "2026-03-29T01:00:00.000Z");
}

static void refuses_impossible_dates_and_junk(void **state)
{
	(void)state;
	int64_t ms;
	assert_int_equal(instant_parse("2023-02-29T00:00:00Z", &ms), -1);
	assert_int_equal(instant_parse("2024-13-01T00:00:00Z", &ms), -1);
	assert_int_equal(instant_parse("2024-01-01T24:00:00Z", &ms), -1);
	assert_int_equal(instant_parse("2024-01-01 00:00:00Z", &ms), -1);
	assert_int_equal(instant_parse("2024-01-01T00:00:00", &ms), -1);
	assert_int_equal(instant_parse("2024-01-01T00:00:00Zjunk", &ms), -1);
	assert_int_equal(instant_parse("", &ms), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(formats_utc_with_milliseconds),
		cmocka_unit_test(parses_what_it_formats_and_offsets),
		cmocka_unit_test(refuses_impossible_dates_and_junk),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

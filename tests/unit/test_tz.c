/* test_tz.c — IANA zones across daylight-saving changes (src/core/tz.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "core/instant.h"
#include "core/tz.h"

/* Seconds of an RFC 3339 text (used both for UTC and for local wall times). */
static int64_t s(const char *text)
{
	int64_t ms;
	assert_int_equal(instant_parse(text, &ms), 0);
	return ms / 1000;
}

static void lisbon_offsets_follow_summer_time(void **state)
{
	(void)state;
	struct tz *tz = tz_load("Europe/Lisbon");
	assert_non_null(tz);
	assert_int_equal(tz_offset_at(tz, s("2026-01-15T12:00:00Z")), 0);
	assert_int_equal(tz_offset_at(tz, s("2026-07-15T12:00:00Z")), 3600);
	assert_int_equal(tz_offset_at(tz, s("2026-03-29T00:59:59Z")), 0);
	assert_int_equal(tz_offset_at(tz, s("2026-03-29T01:00:00Z")), 3600);
	tz_free(tz);
}

static void local_times_map_to_instants(void **state)
{
	(void)state;
	struct tz *tz = tz_load("Europe/Lisbon");
	bool exists;
	/* 09:00 in winter is 09:00Z, in summer 08:00Z */
	assert_int_equal(tz_local_to_utc(tz, s("2026-01-15T09:00:00Z"), &exists), s("2026-01-15T09:00:00Z"));
	assert_true(exists);
	assert_int_equal(tz_local_to_utc(tz, s("2026-07-15T09:00:00Z"), &exists), s("2026-07-15T08:00:00Z"));
	/* 01:30 on the spring-forward night does not exist */
	tz_local_to_utc(tz, s("2026-03-29T01:30:00Z"), &exists);
	assert_false(exists);
	/* 01:30 on the fall-back night happens twice: the earlier one */
	assert_int_equal(tz_local_to_utc(tz, s("2026-10-25T01:30:00Z"), &exists), s("2026-10-25T00:30:00Z"));
	assert_true(exists);
	tz_free(tz);
}

static void other_zones_and_bad_names(void **state)
{
	(void)state;
	struct tz *ny = tz_load("America/New_York");
	assert_non_null(ny);
	assert_int_equal(tz_offset_at(ny, s("2026-01-15T12:00:00Z")), -5 * 3600);
	assert_int_equal(tz_offset_at(ny, s("2026-07-15T12:00:00Z")), -4 * 3600);
	tz_free(ny);
	struct tz *kolkata = tz_load("Asia/Kolkata");
	assert_non_null(kolkata);
	assert_int_equal(tz_offset_at(kolkata, s("2026-07-15T12:00:00Z")), 19800);
	tz_free(kolkata);
	struct tz *utc = tz_load("UTC");
	assert_non_null(utc);
	assert_int_equal(tz_offset_at(utc, s("2026-07-15T12:00:00Z")), 0);
	tz_free(utc);
	assert_null(tz_load("../../etc/passwd"));
	assert_null(tz_load("/etc/passwd"));
	assert_null(tz_load("Europe/Atlantis"));
	assert_null(tz_load(""));
	assert_false(tz_name_valid("Europe/Lisbon; rm -rf"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lisbon_offsets_follow_summer_time),
		cmocka_unit_test(local_times_map_to_instants),
		cmocka_unit_test(other_zones_and_bad_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_jsonx.c — request JSON parsing and field tables (src/core/jsonx.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "core/jsonx.h"

static const char *const roles[] = {"patient", "doctor", NULL};
static const struct jsonx_field fields[] = {
	{"username", JSONX_STRING, true, 3, 32, NULL},
	{"role", JSONX_STRING, true, 0, 0, roles},
	{"years", JSONX_INT, false, 0, 80, NULL},
	{"tags", JSONX_ARRAY, false, 0, 2, NULL},
};
#define NF (sizeof(fields) / sizeof(fields[0]))

static enum err check_against(const struct jsonx_field *table, size_t n, const char *text)
{
	struct jsonx_error e;
	json_t *o = jsonx_parse_object(text, strlen(text), &e);
	if (!o)
		return e.err;
	int rc = jsonx_check(o, table, n, &e);
	json_decref(o);
	return rc ? e.err : ERR_OK;
}

static enum err check(const char *text)
{
	return check_against(fields, NF, text);
}

static void accepts_a_valid_body(void **state)
{
	(void)state;
	assert_int_equal(check("{\"username\":\"maria\",\"role\":\"patient\",\"years\":3}"), ERR_OK);
}

static void refuses_broken_and_non_object_json(void **state)
{
	(void)state;
	assert_int_equal(check("{\"username\":"), ERR_INVALID_JSON);
	assert_int_equal(check("[1]"), ERR_INVALID_JSON);
	assert_int_equal(check("\"text\""), ERR_INVALID_JSON);
	assert_int_equal(check(""), ERR_INVALID_JSON);
	assert_int_equal(check("{\"a\":1,\"a\":2}"), ERR_INVALID_JSON);
}

static void names_unknown_and_missing_fields(void **state)
{
	(void)state;
	struct jsonx_error e;
	const char *text = "{\"username\":\"abc\",\"role\":\"doctor\",\"admin\":true}";
	json_t *o = jsonx_parse_object(text, strlen(text), &e);
	assert_non_null(o);
	assert_int_equal(jsonx_check(o, fields, NF, &e), -1);
	assert_int_equal(e.err, ERR_UNKNOWN_FIELD);
	assert_non_null(strstr(e.message, "admin"));
	json_decref(o);
	assert_int_equal(check("{\"username\":\"abc\"}"), ERR_MISSING_FIELD);
}

static void checks_types_lengths_ranges_and_choices(void **state)
{
	(void)state;
	assert_int_equal(check("{\"username\":5,\"role\":\"doctor\"}"), ERR_INVALID_TYPE);
	assert_int_equal(check("{\"username\":null,\"role\":\"doctor\"}"), ERR_MISSING_FIELD);
	assert_int_equal(check("{\"username\":\"ab\",\"role\":\"doctor\"}"), ERR_INVALID_VALUE);
	assert_int_equal(check("{\"username\":\"abc\",\"role\":\"admin\"}"), ERR_INVALID_VALUE);
	assert_int_equal(check("{\"username\":\"abc\",\"role\":\"doctor\",\"years\":81}"), ERR_INVALID_VALUE);
	assert_int_equal(check("{\"username\":\"abc\",\"role\":\"doctor\",\"years\":1.5}"), ERR_INVALID_TYPE);
	assert_int_equal(check("{\"username\":\"abc\",\"role\":\"doctor\",\"tags\":[1,2,3]}"), ERR_INVALID_VALUE);
	assert_int_equal(check("{\"username\":\"abc\",\"role\":\"doctor\",\"years\":null}"), ERR_INVALID_TYPE);
}

static void counts_characters_not_bytes(void **state)
{
	(void)state;
	/* three characters, six bytes */
	assert_int_equal(check("{\"username\":\"\xc3\xa7\xc3\xa3\xc3\xb5\",\"role\":\"doctor\"}"), ERR_OK);
	assert_int_equal(jsonx_utf8_length("\xc3\xa7\xc3\xa3\xc3\xb5"), 3);
}

static void refuses_nul_inside_strings(void **state)
{
	(void)state;
	assert_int_equal(check("{\"username\":\"ab\\u0000cd\",\"role\":\"doctor\"}"), ERR_INVALID_JSON);
}

static void refuses_deep_nesting(void **state)
{
	(void)state;
	char text[200];
	memset(text, '[', 90);
	memset(text + 90, ']', 90);
	text[180] = '\0';
	char obj[220];
	snprintf(obj, sizeof(obj), "{\"a\":%s}", text);
	assert_int_equal(check(obj), ERR_INVALID_JSON);
}

static enum err check_number(const char *text)
{
	static const struct jsonx_field number_fields[] = {
		{"t", JSONX_NUMBER, true, 35, 43, NULL},
		{"any", JSONX_NUMBER, false, 0, 0, NULL},
	};
	return check_against(number_fields, 2, text);
}

static void numbers_are_integers_or_reals_within_bounds(void **state)
{
	(void)state;
	assert_int_equal(check_number("{\"t\":38.5}"), ERR_OK);
	assert_int_equal(check_number("{\"t\":35}"), ERR_OK);
	assert_int_equal(check_number("{\"t\":43.0}"), ERR_OK);
	assert_int_equal(check_number("{\"t\":43.01}"), ERR_INVALID_VALUE);
	assert_int_equal(check_number("{\"t\":34}"), ERR_INVALID_VALUE);
	assert_int_equal(check_number("{\"t\":\"38\"}"), ERR_INVALID_TYPE);
	assert_int_equal(check_number("{\"t\":true}"), ERR_INVALID_TYPE);
	assert_int_equal(check_number("{\"t\":40,\"any\":-1e300}"), ERR_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(accepts_a_valid_body),
		cmocka_unit_test(refuses_broken_and_non_object_json),
		cmocka_unit_test(names_unknown_and_missing_fields),
		cmocka_unit_test(checks_types_lengths_ranges_and_choices),
		cmocka_unit_test(counts_characters_not_bytes),
		cmocka_unit_test(refuses_nul_inside_strings),
		cmocka_unit_test(refuses_deep_nesting),
		cmocka_unit_test(numbers_are_integers_or_reals_within_bounds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_questionnaire.c — the rules of questionnaires and answers
 * (src/domain/questionnaire.c), without a store. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "domain/questionnaire.h"

static json_t *items_of(const char *text)
{
	json_t *body = json_loads(text, 0, NULL);
	json_t *items = NULL;
	char msg[200];
	enum err e = questionnaire_parse(body, &items, msg, sizeof(msg));
	json_decref(body);
	return e ? NULL : items;
}

static const char *const form =
	"{\"items\":[{\"link_id\":\"pain\",\"text\":\"Pain (0-10)\",\"type\":\"decimal\",\"min\":0,\"max\":10,\"required\":true},"
	"{\"link_id\":\"side\",\"text\":\"Which side?\",\"type\":\"choice\",\"options\":[\"Left\",\"Right\"]}]}";

static enum err answer(const char *answers_text, char *msg, size_t n)
{
	json_t *items = items_of(form);
	json_t *answers = json_loads(answers_text, 0, NULL), *clean = NULL;
	enum err e = questionnaire_check(items, answers, &clean, msg, n);
	if (!e)
		assert_non_null(clean);
	json_decref(clean);
	json_decref(answers);
	json_decref(items);
	return e;
}

static void parse_gives_a_normal_form(void **state)
{
	(void)state;
	json_t *items = items_of(form);
	assert_non_null(items);
	char *text = json_dumps(items, JSON_COMPACT | JSON_SORT_KEYS);
	assert_string_equal(text,
		"[{\"link_id\":\"pain\",\"max\":10,\"min\":0,\"required\":true,\"text\":\"Pain (0-10)\",\"type\":\"decimal\"},"
		"{\"link_id\":\"side\",\"options\":[\"Left\",\"Right\"],\"required\":false,\"text\":\"Which side?\",\"type\":\"choice\"}]");
	free(text);
	json_decref(items);
	assert_null(items_of("{\"items\":[{\"link_id\":\"a\",\"text\":\"T\",\"type\":\"string\",\"max\":3}]}"));
	json_t *none = items_of("{\"items\":[]}");
	assert_non_null(none);
	assert_int_equal(json_array_size(none), 0);
	json_decref(none);
}

static void answers_must_fit_their_questions(void **state)
{
	(void)state;
	char msg[200];
	assert_int_equal(answer("{\"pain\":3}", msg, sizeof(msg)), ERR_OK);
	assert_int_equal(answer("{\"pain\":0,\"side\":\"Left\"}", msg, sizeof(msg)), ERR_OK);
	assert_int_equal(answer("{\"side\":\"Left\"}", msg, sizeof(msg)), ERR_ANSWER_REQUIRED);
	assert_non_null(strstr(msg, "Pain (0-10)"));
	assert_int_equal(answer("{\"pain\":11}", msg, sizeof(msg)), ERR_ANSWER_INVALID);
	assert_non_null(strstr(msg, "from 0 to 10"));
	assert_int_equal(answer("{\"pain\":2,\"side\":\"Up\"}", msg, sizeof(msg)), ERR_ANSWER_INVALID);
	assert_int_equal(answer("{\"pain\":2,\"mood\":\"ok\"}", msg, sizeof(msg)), ERR_UNKNOWN_QUESTION);
	assert_non_null(strstr(msg, "mood"));
	/* no questionnaire: no answer fits, none is needed */
	json_t *clean = NULL, *answers = json_pack("{s:i}", "pain", 1);
	assert_int_equal(questionnaire_check(NULL, answers, &clean, msg, sizeof(msg)), ERR_UNKNOWN_QUESTION);
	assert_int_equal(questionnaire_check(NULL, NULL, &clean, msg, sizeof(msg)), ERR_OK);
	assert_int_equal(json_object_size(clean), 0);
	json_decref(clean);
	json_decref(answers);
}

static void intake_follows_the_questionnaire_order(void **state)
{
	(void)state;
	json_t *items = items_of(form);
	char *items_text = json_dumps(items, JSON_COMPACT);
	json_t *answers = json_pack("{s:s,s:f}", "side", "Right", "pain", 7.5);
	json_t *intake = questionnaire_intake(items_text, answers);
	char *text = json_dumps(intake, JSON_COMPACT);
	assert_string_equal(text,
		"[{\"link_id\":\"pain\",\"text\":\"Pain (0-10)\",\"type\":\"decimal\",\"answer\":7.5},"
		"{\"link_id\":\"side\",\"text\":\"Which side?\",\"type\":\"choice\",\"answer\":\"Right\"}]");
	free(text);
	json_decref(intake);
	/* answers stored before questionnaires existed keep their own keys */
	intake = questionnaire_intake(NULL, answers);
	assert_int_equal(json_array_size(intake), 2);
	json_decref(intake);
	json_decref(answers);
	free(items_text);
	json_decref(items);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_gives_a_normal_form),
		cmocka_unit_test(answers_must_fit_their_questions),
		cmocka_unit_test(intake_follows_the_questionnaire_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

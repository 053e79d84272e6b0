/* questionnaire.c — the rules of a questionnaire and its answers (see
 * questionnaire.h): what a question may look like, whether answers fit the
 * questions, and answers shown beside their questions. Pure: no store. */
#include "questionnaire.h"
#include "../core/jsonx.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const types[] = {"string", "choice", "boolean", "decimal", NULL};

static const struct jsonx_field top_fields[] = {
	{"items", JSONX_ARRAY, true, 0, QUESTIONNAIRE_ITEMS_MAX, NULL},
};
static const struct jsonx_field item_fields[] = {
	{"link_id", JSONX_STRING, true, 1, 40, NULL},
	{"text", JSONX_STRING, true, 1, QUESTIONNAIRE_TEXT_MAX, NULL},
	{"type", JSONX_STRING, true, 0, 0, types},
	{"required", JSONX_BOOL, false, 0, 0, NULL},
	{"options", JSONX_ARRAY, false, 2, QUESTIONNAIRE_OPTIONS_MAX, NULL},
	{"min", JSONX_NUMBER, false, 0, 0, NULL},
	{"max", JSONX_NUMBER, false, 0, 0, NULL},
};
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static enum err fail(enum err e, char *msg, size_t n, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static enum err fail(enum err e, char *msg, size_t n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, n, fmt, ap);
	va_end(ap);
	return e;
}

static bool is_type(const json_t *item, const char *type)
{
	return strcmp(jsonx_string(item, "type"), type) == 0;
}

static bool link_id_ok(const char *s)
{
	for (; *s; s++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-", *s))
			return false;
	return true;
}

/* Options: distinct, non-empty texts of at most QUESTIONNAIRE_OPTION_MAX. */
static bool options_ok(const json_t *options)
{
	size_t i, j;
	json_t *o, *p;
	json_array_foreach(options, i, o)
	{
		const char *s = json_string_value(o);
		if (!s || !*s || strlen(s) != json_string_length(o) ||
		    jsonx_utf8_length(s) > QUESTIONNAIRE_OPTION_MAX)
			return false;
		json_array_foreach(options, j, p)
			if (j < i && strcmp(json_string_value(p), s) == 0)
				return false;
	}
	return true;
}

/* The shape that applies to the item's type, or an error for a key that
 * does not (options outside choice, bounds outside decimal). */
static enum err check_shape(const json_t *item, int n, char *msg, size_t len)
{
	const json_t *options = json_object_get(item, "options");
	const json_t *min = json_object_get(item, "min"), *max = json_object_get(item, "max");
	if (!link_id_ok(jsonx_string(item, "link_id")))
		return fail(ERR_INVALID_VALUE, msg, len,
			    "Question %d: link_id holds letters, digits, '.', '_' and '-' only", n);
	if (is_type(item, "choice") != (options != NULL))
		return fail(ERR_INVALID_VALUE, msg, len,
			    "Question %d: a choice has 2 to %d options; other types have none", n,
			    QUESTIONNAIRE_OPTIONS_MAX);
	if (options && !options_ok(options))
		return fail(ERR_INVALID_VALUE, msg, len,
			    "Question %d: options are distinct texts of 1 to %d characters", n,
			    QUESTIONNAIRE_OPTION_MAX);
	if ((min || max) && !is_type(item, "decimal"))
		return fail(ERR_INVALID_VALUE, msg, len, "Question %d: only decimal questions have min and max", n);
	if (min && max && json_number_value(min) > json_number_value(max))
		return fail(ERR_INVALID_VALUE, msg, len, "Question %d: min is above max", n);
	return ERR_OK;
}

static json_t *normal_item(const json_t *item)
{
	json_t *out = json_pack("{s:s,s:s,s:s,s:b}", "link_id", jsonx_string(item, "link_id"),
				"text", jsonx_string(item, "text"), "type", jsonx_string(item, "type"),
				"required", json_is_true(json_object_get(item, "required")));
	static const char *const optional[] = {"options", "min", "max"};
	for (size_t i = 0; i < COUNT(optional); i++) {
		json_t *v = json_object_get(item, optional[i]);
		if (v)
			json_object_set_new(out, optional[i], json_deep_copy(v));
	}
	return out;
}

static const json_t *find_item(const json_t *items, const char *link_id)
{
	size_t i;
	json_t *item;
	json_array_foreach(items, i, item)
		if (strcmp(jsonx_string(item, "link_id"), link_id) == 0)
			return item;
	return NULL;
}

enum err questionnaire_parse(const json_t *body, json_t **items, char *msg,
			     size_t msglen)
{
	*items = NULL;
	struct jsonx_error je;
	if (jsonx_check(body, top_fields, COUNT(top_fields), &je))
		return fail(je.err, msg, msglen, "%s", je.message);
	json_t *list = json_array();
	size_t i;
	json_t *item;
	json_array_foreach(json_object_get(body, "items"), i, item)
	{
		int n = (int)i + 1;
		enum err e = ERR_OK;
		if (!json_is_object(item))
			e = fail(ERR_INVALID_TYPE, msg, msglen, "Question %d must be an object", n);
		else if (jsonx_check(item, item_fields, COUNT(item_fields), &je))
			e = fail(je.err, msg, msglen, "Question %d: %s", n, je.message);
		else if (!(e = check_shape(item, n, msg, msglen)) &&
			 find_item(list, jsonx_string(item, "link_id")))
			e = fail(ERR_INVALID_VALUE, msg, msglen, "Question %d: link_id is used twice", n);
		if (e) {
			json_decref(list);
			return e;
		}
		json_array_append_new(list, normal_item(item));
	}
	*items = list;
	return ERR_OK;
}

static bool in_options(const json_t *item, const char *s)
{
	size_t i;
	json_t *o;
	json_array_foreach(json_object_get(item, "options"), i, o)
		if (strcmp(json_string_value(o), s) == 0)
			return true;
	return false;
}

static bool within_bounds(const json_t *item, double v)
{
	const json_t *min = json_object_get(item, "min"), *max = json_object_get(item, "max");
	return (!min || v >= json_number_value(min)) && (!max || v <= json_number_value(max));
}

/* Whether value is an answer of the item's type; *empty for "" (unanswered). */
static bool fits(const json_t *item, const json_t *value, bool *empty)
{
	*empty = false;
	if (is_type(item, "boolean"))
		return json_is_boolean(value);
	if (is_type(item, "decimal"))
		return json_is_number(value) && within_bounds(item, json_number_value(value));
	const char *s = json_string_value(value);
	if (!s || strlen(s) != json_string_length(value))
		return false;
	*empty = *s == '\0';
	if (is_type(item, "choice"))
		return *empty || in_options(item, s);
	return jsonx_utf8_length(s) <= QUESTIONNAIRE_ANSWER_MAX;
}

static enum err invalid(const json_t *item, char *msg, size_t n)
{
	const char *type = jsonx_string(item, "type");
	const char *want = strcmp(type, "boolean") == 0 ? "true or false"
		: strcmp(type, "choice") == 0 ? "one of its options"
		: strcmp(type, "string") == 0 ? "text of at most 500 characters"
		: "a number";
	const json_t *min = json_object_get(item, "min"), *max = json_object_get(item, "max");
	char bounds[80] = "";
	if (min && max)
		snprintf(bounds, sizeof(bounds), " from %g to %g", json_number_value(min),
			 json_number_value(max));
	else if (min || max)
		snprintf(bounds, sizeof(bounds), " of at %s %g", min ? "least" : "most",
			 json_number_value(min ? min : max));
	return fail(ERR_ANSWER_INVALID, msg, n, "'%.60s' wants %s%s", jsonx_string(item, "link_id"),
		    want, bounds);
}

enum err questionnaire_check(const json_t *items, const json_t *answers,
			     json_t **clean, char *msg, size_t msglen)
{
	*clean = NULL;
	json_t *out = json_object();
	const char *key;
	json_t *value;
	enum err e = ERR_OK;
	json_object_foreach((json_t *)answers, key, value)
	{
		const json_t *item = items ? find_item(items, key) : NULL;
		bool empty;
		if (!item)
			e = fail(ERR_UNKNOWN_QUESTION, msg, msglen, "No question has the link_id '%.40s'", key);
		else if (!fits(item, value, &empty))
			e = invalid(item, msg, msglen);
		else if (!empty)
			json_object_set(out, key, value);
		if (e)
			break;
	}
	size_t i;
	json_t *item;
	json_array_foreach(e ? NULL : items, i, item)
	{
		if (json_is_true(json_object_get(item, "required")) &&
		    !json_object_get(out, jsonx_string(item, "link_id"))) {
			e = fail(ERR_ANSWER_REQUIRED, msg, msglen, "'%.60s' needs an answer: %.100s",
				 jsonx_string(item, "link_id"), jsonx_string(item, "text"));
			break;
		}
	}
	if (e) {
		json_decref(out);
		return e;
	}
	*clean = out;
	return ERR_OK;
}

json_t *questionnaire_intake(const char *items_text, const json_t *answers)
{
	json_t *list = json_array();
	json_t *items = items_text ? json_loads(items_text, 0, NULL) : NULL;
	size_t i;
	json_t *item;
	json_array_foreach(items, i, item)
	{
		const char *id = jsonx_string(item, "link_id");
		json_t *answer = json_object_get(answers, id);
		if (answer)
			json_array_append_new(list, json_pack("{s:s,s:s,s:s,s:O}", "link_id", id,
				"text", jsonx_string(item, "text"), "type", jsonx_string(item, "type"),
				"answer", answer));
	}
	const char *key;
	json_t *value;
	json_object_foreach(items ? NULL : (json_t *)answers, key, value)
		json_array_append_new(list, json_pack("{s:s,s:s,s:O}", "link_id", key, "text", key,
						      "answer", value));
	json_decref(items);
	return list;
}

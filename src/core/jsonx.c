/* jsonx.c — body parsing and table-driven field checks (see jsonx.h). */
#include "jsonx.h"

#include <stdio.h>
#include <string.h>

static int fail(struct jsonx_error *e, enum err err, const char *fmt,
		const char *name)
{
	e->err = err;
	snprintf(e->message, sizeof(e->message), fmt, name);
	return -1;
}

static int depth_of(const json_t *v, int depth)
{
	if (depth > JSONX_DEPTH_MAX)
		return depth;
	int deepest = depth;
	if (json_is_object(v)) {
		const char *k;
		json_t *c;
		json_object_foreach((json_t *)v, k, c)
		{
			int d = depth_of(c, depth + 1);
			if (d > deepest)
				deepest = d;
		}
	} else if (json_is_array(v)) {
		size_t i;
		json_t *c;
		json_array_foreach(v, i, c)
		{
			int d = depth_of(c, depth + 1);
			if (d > deepest)
				deepest = d;
		}
	}
	return deepest;
}

json_t *jsonx_parse_object(const char *body, size_t len, struct jsonx_error *e)
{
	json_error_t jerr;
	json_t *v = json_loadb(body ? body : "", len,
			       JSON_REJECT_DUPLICATES,
			       &jerr);
	if (!v) {
		e->err = ERR_INVALID_JSON;
		snprintf(e->message, sizeof(e->message),
			 "Broken JSON at line %d column %d", jerr.line,
			 jerr.column);
		return NULL;
	}
	if (!json_is_object(v)) {
		json_decref(v);
		fail(e, ERR_INVALID_JSON, "The body must be a JSON object%s", "");
		return NULL;
	}
	if (depth_of(v, 0) > JSONX_DEPTH_MAX) {
		json_decref(v);
		fail(e, ERR_INVALID_JSON, "The JSON is nested too deeply%s", "");
		return NULL;
	}
	return v;
}

size_t jsonx_utf8_length(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

static const struct jsonx_field *find_field(const struct jsonx_field *fields,
					    size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(fields[i].name, name) == 0)
			return &fields[i];
	return NULL;
}

static int check_string(const json_t *v, const struct jsonx_field *f,
			struct jsonx_error *e)
{
	const char *s = json_string_value(v);
	if (strlen(s) != json_string_length(v))
		return fail(e, ERR_INVALID_VALUE, "Field '%s' holds a NUL character",
			    f->name);
	size_t len = jsonx_utf8_length(s);
	long long max = f->max ? f->max : JSONX_STRING_MAX;
	if ((long long)len < f->min || (long long)len > max) {
		e->err = ERR_INVALID_VALUE;
		snprintf(e->message, sizeof(e->message),
			 "Field '%s' must have %lld to %lld characters", f->name,
			 f->min, max);
		return -1;
	}
	if (f->one_of) {
		for (const char *const *o = f->one_of; *o; o++)
			if (strcmp(*o, s) == 0)
				return 0;
		return fail(e, ERR_INVALID_VALUE,
			    "Field '%s' has a value that is not allowed", f->name);
	}
	return 0;
}

/* INT and NUMBER: within [min, max] unless both are 0. Integers compare
 * exactly; reals against the bounds as doubles. */
static int check_range(const json_t *v, const struct jsonx_field *f,
		       struct jsonx_error *e)
{
	if (!f->min && !f->max)
		return 0;
	bool in = json_is_integer(v)
		? json_integer_value(v) >= f->min && json_integer_value(v) <= f->max
		: json_real_value(v) >= (double)f->min && json_real_value(v) <= (double)f->max;
	if (in)
		return 0;
	e->err = ERR_INVALID_VALUE;
	snprintf(e->message, sizeof(e->message), "Field '%s' must be from %lld to %lld",
		 f->name, f->min, f->max);
	return -1;
}

static int check_value(const json_t *v, const struct jsonx_field *f,
		       struct jsonx_error *e)
{
	switch (f->type) {
	case JSONX_STRING:
		if (!json_is_string(v))
			break;
		return check_string(v, f, e);
	case JSONX_INT:
		if (!json_is_integer(v))
			break;
		return check_range(v, f, e);
	case JSONX_NUMBER: /* an integer or a real, finite by JSON's grammar */
		if (!json_is_number(v))
			break;
		return check_range(v, f, e);
	case JSONX_BOOL:
		if (!json_is_boolean(v))
			break;
		return 0;
	case JSONX_OBJECT:
		if (!json_is_object(v))
			break;
		return 0;
	case JSONX_ARRAY:
		if (!json_is_array(v))
			break;
		if ((f->min || f->max) &&
		    ((long long)json_array_size(v) < f->min ||
		     (long long)json_array_size(v) > f->max))
			return fail(e, ERR_INVALID_VALUE,
				    "Field '%s' has too few or too many items",
				    f->name);
		return 0;
	}
	static const char *const type_names[] = {"a string", "an integer",
						 "a boolean", "an object",
						 "an array", "a number"};
	e->err = ERR_INVALID_TYPE;
	snprintf(e->message, sizeof(e->message), "Field '%s' must be %s", f->name,
		 type_names[f->type]);
	return -1;
}

int jsonx_check(const json_t *obj, const struct jsonx_field *fields, size_t n,
		struct jsonx_error *e)
{
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)obj, key, v)
	{
		if (!find_field(fields, n, key)) {
			char shown[64];
			snprintf(shown, sizeof(shown), "%.60s", key);
			return fail(e, ERR_UNKNOWN_FIELD, "Unknown field '%s'", shown);
		}
	}
	for (size_t i = 0; i < n; i++) {
		v = json_object_get(obj, fields[i].name);
		if (!v || json_is_null(v)) {
			if (fields[i].required)
				return fail(e, ERR_MISSING_FIELD,
					    "Field '%s' is required", fields[i].name);
			if (v && json_is_null(v))
				return fail(e, ERR_INVALID_TYPE,
					    "Field '%s' must not be null",
					    fields[i].name);
			continue;
		}
		if (check_value(v, &fields[i], e))
			return -1;
	}
	return 0;
}

const char *jsonx_string(const json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

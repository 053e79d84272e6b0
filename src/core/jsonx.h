/* jsonx.h — request JSON over jansson: parse a body into an object and check it
 * against a declarative table of fields (type, required, length or range,
 * allowed values). Unknown fields are refused. Any thread. */
#ifndef TELEMED_JSONX_H
#define TELEMED_JSONX_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "err.h"

enum jsonx_type { JSONX_STRING, JSONX_INT, JSONX_BOOL, JSONX_OBJECT, JSONX_ARRAY, JSONX_NUMBER };

struct jsonx_field {
	const char *name;
	enum jsonx_type type;
	bool required;
	/* STRING: length in Unicode code points; INT, NUMBER: value; ARRAY: items.
	 * 0/0 means unbounded (strings are still capped at JSONX_STRING_MAX). */
	long long min, max;
	/* STRING only: NULL-terminated list of allowed values, or NULL. */
	const char *const *one_of;
};

#define JSONX_STRING_MAX 100000
#define JSONX_DEPTH_MAX 32

/* A message for the client; names the field. */
struct jsonx_error {
	enum err err;
	char message[160];
};

/* Parses body[0..len) as UTF-8 JSON that must be an object.
 * Returns a new reference, or NULL with *e filled (ERR_INVALID_JSON). */
json_t *jsonx_parse_object(const char *body, size_t len, struct jsonx_error *e);

/* Checks obj against fields[0..n). Returns 0, or -1 with *e filled:
 * ERR_UNKNOWN_FIELD, ERR_MISSING_FIELD, ERR_INVALID_TYPE or ERR_INVALID_VALUE. */
int jsonx_check(const json_t *obj, const struct jsonx_field *fields, size_t n,
		struct jsonx_error *e);

/* Number of Unicode code points in valid UTF-8 s (jansson guarantees validity). */
size_t jsonx_utf8_length(const char *s);

/* Borrowed string of obj[key], or NULL when absent or not a string. */
const char *jsonx_string(const json_t *obj, const char *key);

#endif

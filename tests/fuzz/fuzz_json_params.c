/* fuzz_json_params.c — libFuzzer target for request JSON validation: any
 * bytes go through body parsing and the field-table check used by the REST
 * handlers. It must never crash, leak or accept a non-object; an accepted
 * body must satisfy every rule of the table. */
#include "core/jsonx.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *const roles[] = {"patient", "doctor", NULL};

static const struct jsonx_field fields[] = {
	{"username", JSONX_STRING, true, 3, 32, NULL},
	{"password", JSONX_STRING, true, 10, 128, NULL},
	{"full_name", JSONX_STRING, true, 1, 100, NULL},
	{"email", JSONX_STRING, true, 3, 254, NULL},
	{"role", JSONX_STRING, true, 0, 0, roles},
	{"years", JSONX_INT, false, 0, 80, NULL},
	{"modes", JSONX_ARRAY, false, 0, 4, NULL},
	{"public", JSONX_BOOL, false, 0, 0, NULL},
	{"extra", JSONX_OBJECT, false, 0, 0, NULL},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct jsonx_error e;
	json_t *obj = jsonx_parse_object((const char *)data, size, &e);
	if (!obj) {
		if (e.err != ERR_INVALID_JSON)
			abort();
		return 0;
	}
	if (!json_is_object(obj))
		abort();
	if (jsonx_check(obj, fields, sizeof(fields) / sizeof(fields[0]), &e) == 0) {
		const char *role = jsonx_string(obj, "role");
		size_t ulen = jsonx_utf8_length(jsonx_string(obj, "username"));
		if (!role || (strcmp(role, "patient") && strcmp(role, "doctor")) ||
		    ulen < 3 || ulen > 32)
			abort();
	} else if (e.err == ERR_OK || !e.message[0]) {
		abort();
	}
	json_decref(obj);
	return 0;
}

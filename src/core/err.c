/* err.c — lookups into the error catalogue of err.h. Any thread. */
#include "err.h"

static const struct {
	int status;
	const char *code;
	const char *message;
} catalogue[] = {
#define X(name, status, code, msg) {status, code, msg},
	ERR_LIST(X)
#undef X
};

static enum err clamp(enum err e)
{
	return (unsigned)e < ERR__COUNT ? e : ERR_INTERNAL;
}

int err_status(enum err e) { return catalogue[clamp(e)].status; }
const char *err_code(enum err e) { return catalogue[clamp(e)].code; }
const char *err_message(enum err e) { return catalogue[clamp(e)].message; }

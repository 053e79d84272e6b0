/* record_api.h — what the handlers of the health record (notes.c,
 * prescriptions.c, record_items.c, patient_record.c) share: the domain's
 * context of a request, and the answer to a call that returned e and *out.
 * Private to src/api. Worker threads. */
#ifndef TELEMED_RECORD_API_H
#define TELEMED_RECORD_API_H
#include "api.h"
#include "../domain/record.h"

/* The record context of the request's caller (borrows env and req). */
struct record_ctx record_api_ctx(struct api_env *env, struct api_request *req);

/* status with out (taken) when e is ERR_OK, else the error e with message
 * (NULL: the catalogue's). */
void record_api_reply(struct api_response *res, enum err e, int status, json_t *out,
		      const char *message);

#endif

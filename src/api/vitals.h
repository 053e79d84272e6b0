/* vitals.h — what the REST files of vital signs (observations.c,
 * devices.c, thresholds.c, vital_alerts.c) share: the domain's context of a
 * request, checking the items of a body's list, and one way to answer.
 * Private to those files. Worker threads. */
#ifndef TELEMED_API_VITALS_H
#define TELEMED_API_VITALS_H
#include "handlers.h"
#include "../domain/record.h"

/* The record context of req (borrowing env and req). */
struct record_ctx vitals_ctx(struct api_env *env, struct api_request *req);

/* Checks every item of the array list (named name in the body) against
 * fields; replies 400 naming the item and returns false on the first bad
 * one. Null members are dropped first when drop_nulls. */
bool vitals_check_items(json_t *list, const char *name, const struct jsonx_field *fields,
			size_t n, bool drop_nulls, struct api_response *res);

/* true when the query names the parameter, whatever its value. */
bool vitals_query_present(const struct api_request *req, const char *name);

/* ERR_OK: status with out (stolen); else the error with message msg (NULL:
 * the catalogue's), out dropped. */
void vitals_reply(struct api_response *res, enum err e, int status, json_t *out,
		  const char *msg);

#endif

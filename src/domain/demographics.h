/* demographics.h — what a patient may tell about themselves beyond their
 * name: date of birth, sex and country, each optional. They go into the
 * patient's FHIR export, and, generalised (age bands, countries), into
 * research exports of patients who consented. Worker threads. */
#ifndef TELEMED_DEMOGRAPHICS_H
#define TELEMED_DEMOGRAPHICS_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/err.h"
#include "principal.h"

struct db;

/* The patient's own (others ERR_FORBIDDEN): {"birth_date":"YYYY-MM-DD"|null,
 * "sex":"female"|"male"|"other"|null,"country":"PT"|null}. */
enum err demographics_get(struct db *db, const struct principal *who, json_t **out);

/* Replaces them with in (the same shape; a missing or null field clears
 * it). ERR_INVALID_VALUE (msg says which) for a date that is not a real day
 * between 1900-01-01 and today, another sex, or a country that is not two
 * capital letters (ISO 3166-1 alpha-2). Audited by field name. */
enum err demographics_set(struct db *db, const struct principal *who, const json_t *in,
			  int64_t now_ms, json_t **out, char *msg, size_t msglen);

/* The same for any user id, without checks (export, research); fields null
 * when never given. */
enum err demographics_of(struct db *db, const char *user_id, json_t **out);

#endif

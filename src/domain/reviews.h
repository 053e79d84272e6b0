/* reviews.h — after a fulfilled consultation the patient may rate the doctor
 * 1–5 with a comment, once; the doctor's rating average follows. Reviews
 * show on the doctor's profile with the reviewer's first name only.
 * Worker threads, with that thread's own store connection. */
#ifndef TELEMED_REVIEWS_H
#define TELEMED_REVIEWS_H
#include <jansson.h>
#include <stdint.h>

#include "../core/err.h"
#include "principal.h"

struct db;

/* ERR_NOT_FOUND unless the caller is the appointment's patient;
 * ERR_CONFLICT unless it is fulfilled or when already reviewed. */
enum err reviews_add(struct db *db, const struct principal *who,
		     const char *appointment_id, int rating, const char *comment,
		     int64_t now_ms, json_t **out);

/* The newest reviews of a doctor (at most limit). */
enum err reviews_of_doctor(struct db *db, const char *doctor_id, int limit,
			   json_t **out);

/* Ratings a doctor brings from before (generated demo doctors, an import
 * from another system): count ratings summing to sum join the average
 * without reviews of their own. ERR_INVALID_VALUE unless each could be 1–5. */
enum err reviews_add_prior(struct db *db, const char *doctor_id, int64_t sum, int64_t count,
			   int64_t now_ms);

#endif

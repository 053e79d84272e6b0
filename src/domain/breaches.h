/* breaches.h — breach notices (GDPR art. 33–34, seed 004): an administrator
 * records a breach (what happened, when it was discovered, whom it touched:
 * listed users or everyone); each affected user gets a notice, sees it on
 * their next visit and acknowledges it; the administrator sees who has been
 * shown it and who has acknowledged. Recording and acknowledging are
 * audited. Worker threads, with that thread's own store connection. */
#ifndef TELEMED_BREACHES_H
#define TELEMED_BREACHES_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "../core/err.h"
#include "principal.h"

struct db;

#define BREACH_TITLE_MAX 200
#define BREACH_DESCRIPTION_MAX 4000
#define BREACH_USERS_MAX 1000

struct breach_input {
	const char *title, *description;
	int64_t discovered_ms; /* not after now */
	bool everyone;         /* every account that exists now */
	const json_t *user_ids; /* else: 1..BREACH_USERS_MAX user id strings */
};

/* Admins only. ERR_INVALID_VALUE for a discovery in the future or a bad
 * list (msg says which), ERR_NOT_FOUND for an id that names no user.
 * *breach is a new reference. */
enum err breaches_record(struct db *db, const struct principal *who,
			 const struct breach_input *in, int64_t now_ms, json_t **breach,
			 char *msg, size_t msg_len);

/* Admins only: the breaches, newest first, each with how many users it
 * touched, were shown it and acknowledged it. Paging as page.h. */
enum err breaches_list(struct db *db, const struct principal *who, int limit,
		       const char *cursor, json_t **breaches, char *next, size_t next_len);

/* Admins only: the users breach_id touched, with when each was shown it
 * and acknowledged it (ERR_NOT_FOUND for an unknown breach). */
enum err breaches_recipients(struct db *db, const struct principal *who,
			     const char *breach_id, int limit, const char *cursor,
			     json_t **users, char *next, size_t next_len);

/* The caller's notices, newest first (at most 100): the unacknowledged
 * ones are what the banner shows. The first time one is returned it is
 * marked shown. *notices is a new array. */
enum err breaches_mine(struct db *db, const struct principal *who, int64_t now_ms,
		       json_t **notices);

/* The caller acknowledges their notice of breach_id (ERR_NOT_FOUND when
 * they have none); acknowledging again changes nothing. */
enum err breaches_acknowledge(struct db *db, const struct principal *who,
			      const char *breach_id, int64_t now_ms, json_t **notice);

#endif

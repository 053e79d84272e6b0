/* directory.h — the doctor directory: profiles that doctors edit, and the
 * search patients use (words in names, specialties and bios, symptoms mapped
 * to the specialties that treat them, filters, sorting, the next free slot).
 * Only verified doctors are listed. Worker threads, own store connection. */
#ifndef TELEMED_DIRECTORY_H
#define TELEMED_DIRECTORY_H
#include <jansson.h>
#include <stdint.h>

#include "../core/err.h"
#include "principal.h"

struct db;

struct directory_query {
	const char *q, *specialty, *city, *language, *sort; /* NULL = any */
	double min_rating;                                  /* 0 = any */
	int64_t available_from_ms, available_to_ms;         /* 0 = any */
	int limit, offset;
};

/* The doctor edits their own profile (others ERR_FORBIDDEN); body is
 * checked here (ERR_INVALID_VALUE with msg). */
enum err directory_update(struct db *db, const struct principal *who,
			  const char *doctor_id, const json_t *body, int64_t now_ms,
			  char *msg, size_t msglen);

/* A verified doctor's public profile (ERR_NOT_FOUND otherwise). */
enum err directory_get(struct db *db, const char *doctor_id, int64_t now_ms,
		       json_t **out);

/* Matching doctors with their next free slot; *more tells whether another
 * page follows. ERR_INVALID_VALUE for an unknown sort. */
enum err directory_search(struct db *db, const struct directory_query *query,
			  int64_t now_ms, json_t **out, bool *more);

#endif

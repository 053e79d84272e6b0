/* audit.h — the hash-chained audit log. Each event stores the hash of the
 * one before it and a hash over its own fields, so an edited, inserted or
 * deleted event breaks the chain where it happened. Events are appended in
 * the same write transaction as the change they record.
 * Worker threads or the CLI, with that thread's own store connection. */
#ifndef TELEMED_AUDIT_H
#define TELEMED_AUDIT_H
#include <jansson.h>
#include <stdint.h>

#include "../core/err.h"
#include "principal.h"

struct db;

/* Appends one event. Call inside the caller's db_begin()…db_commit().
 * actor may be NULL (the system) or unauthenticated (it still gives the ip).
 * detail is stolen (may be NULL); never a password, token or health datum. */
enum err audit_append(struct db *db, const struct principal *actor,
		      const char *action, const char *subject_id, json_t *detail,
		      int64_t now_ms);

/* Appends one event in its own transaction. */
enum err audit_record(struct db *db, const struct principal *actor,
		      const char *action, const char *subject_id, json_t *detail,
		      int64_t now_ms);

/* Walks the chain in order. ERR_OK with *broken_seq = 0 when whole;
 * ERR_OK with *broken_seq = the first bad event otherwise. *count = events read. */
enum err audit_verify(struct db *db, int64_t *count, int64_t *broken_seq);

/* Newest first; admins only (ERR_FORBIDDEN). cursor NULL/"" = from the top.
 * *events is a new array; next_cursor is "" at the end. */
enum err audit_list(struct db *db, const struct principal *actor, int limit,
		    const char *cursor, json_t **events, char *next_cursor,
		    size_t next_len);

/* Every event whose subject is subject_id, oldest first, at most max
 * (a patient's export: the events about them). *events is a new array. */
enum err audit_about(struct db *db, const char *subject_id, int max, json_t **events);

#endif

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

/* audit_append for an event about a patient's health data (a read or a
 * change by anyone): patient_id names whose data it is, the key of that
 * patient's access log (audit_access_log). Borrowed strings. */
enum err audit_append_patient(struct db *db, const struct principal *actor,
			      const char *action, const char *subject_id,
			      const char *patient_id, json_t *detail, int64_t now_ms);

/* Appends one event in its own transaction. */
enum err audit_record(struct db *db, const struct principal *actor,
		      const char *action, const char *subject_id, json_t *detail,
		      int64_t now_ms);
enum err audit_record_patient(struct db *db, const struct principal *actor,
			      const char *action, const char *subject_id,
			      const char *patient_id, json_t *detail, int64_t now_ms);

/* Walks the chain in order. ERR_OK with *broken_seq = 0 when whole;
 * ERR_OK with *broken_seq = the first bad event otherwise. *count = events read.
 * The command line's `telemed audit verify` and the administrators' page
 * both run this. */
enum err audit_verify(struct db *db, int64_t *count, int64_t *broken_seq);
/* audit_verify for an administrator (ERR_FORBIDDEN for anyone else). */
enum err audit_verify_as(struct db *db, const struct principal *who, int64_t *count,
			 int64_t *broken_seq);

/* An administrator's search of the log (audit_query.c). Each field NULL
 * (or 0 for the times) matches everything. actor and patient: a user id
 * or a username; action: one action, or a prefix ending in '.' ("note.");
 * outcome: "success" or "failure" (an action ending in _failed, _refused
 * or _denied); from_ms ≤ at < to_ms. */
struct audit_filter {
	const char *actor, *patient, *action, *outcome;
	int64_t from_ms, to_ms;
};

/* Newest first; admins only (ERR_FORBIDDEN). cursor NULL/"" = from the top.
 * *events is a new array; next_cursor is "" at the end. ERR_INVALID_VALUE
 * for a malformed cursor or outcome. */
enum err audit_list(struct db *db, const struct principal *actor,
		    const struct audit_filter *filter, int limit, const char *cursor,
		    json_t **events, char *next_cursor, size_t next_len);

/* The caller's own access log, newest first: every event about their
 * health data whose actor is someone else (who, role, when, what, why).
 * Patients only (ERR_FORBIDDEN otherwise). Paging as audit_list. */
enum err audit_access_log(struct db *db, const struct principal *who, int limit,
			  const char *cursor, json_t **events, char *next_cursor,
			  size_t next_len);

/* Every event about patient_id, oldest first, at most max (a patient's
 * export): those naming them as the patient whose health data they touch,
 * and those whose subject they are (their logins, consents, …). Events as
 * audit_list gives them (audit_query.c). *events is a new array. */
enum err audit_about(struct db *db, const char *patient_id, int max, json_t **events);

#endif

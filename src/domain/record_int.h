/* record_int.h — what the files of the health record (notes.c,
 * prescriptions.c, dispensing.c, record.c, and the vital signs'
 * observations.c, thresholds.c, vital_alerts.c, devices.c) share: the
 * caller's part in an appointment, and sealing a JSON object into a column
 * and back.
 * Private to those files. Worker threads. */
#ifndef TELEMED_RECORD_INT_H
#define TELEMED_RECORD_INT_H
#include <stdbool.h>

#include "parties.h"
#include "record.h"

struct db_stmt;
struct sealed_column;

/* The appointment's parties when the caller is one of them, else
 * ERR_NOT_FOUND (also for ids that are not UUIDs). With doctor_only, its
 * patient gets ERR_FORBIDDEN; with open_only, a cancelled appointment is
 * ERR_CONFLICT. */
enum err record__appointment(const struct record_ctx *ctx, const char *appointment_id,
			     bool doctor_only, bool open_only, struct appt_parties *out);

/* Seals obj (compact JSON text) as col of row_id into parameter idx of st. */
void record__bind_json(struct db_stmt *st, int idx, const struct record_ctx *ctx,
		       const struct sealed_column *col, const char *row_id, const json_t *obj);

/* Opens column at of st's row as a JSON object: a new reference, or NULL
 * when it does not open (logged by row id). */
json_t *record__read_json(struct db_stmt *st, int at, const struct record_ctx *ctx,
			  const struct sealed_column *col, const char *row_id);

/* Ends the write transaction of a change (tx_end): on failure *out, the
 * answer made meanwhile, is dropped. Returns the error, if any. */
enum err record__end(const struct record_ctx *ctx, enum err e, json_t **out);

/* {"id","name"} of a party. */
json_t *record__person(const struct party *p);

/* ms as RFC 3339 text, or JSON null for 0. */
json_t *record__instant(int64_t ms);

/* Audits who's read of items (a new reference, stolen) about subject_id
 * (may be NULL) under action, with their count, in its own transaction;
 * then *out is {"items": items}. On failure items is dropped. */
enum err record__read_audited(const struct record_ctx *ctx, const char *action,
			      const char *subject_id, json_t *items, json_t **out);

/* Writes a message for the client (printf format) into msg and returns
 * ERR_BAD_REQUEST. */
enum err record__bad(char *msg, size_t msglen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif

/* call_quality.h — what a participant's page measured during a call
 * (round-trip time, jitter, loss, bitrates, resolution, frame rate, the
 * candidate type, the verdict it showed), kept per consultation: figures
 * only, never content. Doctors of the consultation and administrators read
 * them. Worker threads, with that thread's own store connection. */
#ifndef TELEMED_CALL_QUALITY_H
#define TELEMED_CALL_QUALITY_H
#include <jansson.h>
#include <stdint.h>

#include "../core/err.h"
#include "principal.h"

struct db;

/* Summaries one participant may leave on one consultation. */
#define CALL_QUALITY_MAX_PER_PARTICIPANT 20

/* Stores figures (an object already checked field by field) from the
 * caller. ERR_NOT_FOUND unless the caller is the appointment's patient or
 * doctor; ERR_CONFLICT once they have left CALL_QUALITY_MAX_PER_PARTICIPANT. */
enum err call_quality_add(struct db *db, const struct principal *who,
			  const char *appointment_id, const json_t *figures, int64_t now_ms);

/* {"summaries":[{"role","created_at","figures"}…]} oldest first, for the
 * appointment's doctor or an administrator; ERR_NOT_FOUND for anyone else. */
enum err call_quality_list(struct db *db, const struct principal *who,
			   const char *appointment_id, json_t **out);

#endif

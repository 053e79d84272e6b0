/* rooms.h — consultation rooms of the signalling hub: one per session
 * (appointment), with its two participants, the patient and the doctor, as
 * named by their checked tickets. Decides what may be relayed: only call
 * messages of seed 002's shape (READY, ACK, OFFER, ANSWER, CANDIDATE, BYE,
 * and our RESTART) whose sender and from are the connection's user, whose
 * to is the other participant and whose session_id is the room; only the
 * doctor offers (and acknowledges), only the patient says READY and asks
 * for a RESTART. Event-loop thread only. */
#ifndef TELEMED_ROOMS_H
#define TELEMED_ROOMS_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "../core/id.h"
#include "../sec/ticket.h"

struct rooms;

struct rooms *rooms_new(void);
void rooms_free(struct rooms *rooms);

/* conn_id takes its ticket's place in the ticket's room (a newer connection
 * of the same user replaces an older one, whose id goes to *replaced, else
 * 0), *peer_conn the other participant's (0 when absent). Fills
 * *participants with [{"id","name","role","present"}]. */
bool rooms_join(struct rooms *rooms, const struct ticket *t, uint64_t conn_id,
		uint64_t *replaced, uint64_t *peer_conn, json_t **participants);

/* Forgets conn_id in session_id's room; *peer_conn: the other participant's
 * connection to tell (0 if absent). */
void rooms_leave(struct rooms *rooms, const char *session_id, uint64_t conn_id,
		 uint64_t *peer_conn);

/* Checks a call message m from conn_id (in session_id as user_id). On
 * success *to_conn is the peer's connection (0 when the peer is not
 * connected) and NULL is returned; otherwise the error code for the
 * ERROR answer, and nothing may be relayed. */
const char *rooms_check_relay(struct rooms *rooms, const char *session_id,
			      uint64_t conn_id, json_t *m, uint64_t *to_conn);

#endif

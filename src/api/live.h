/* live.h — what the WebSocket side of the network layer asks of the REST
 * layer: who is behind a connection, and the periodic work whose results
 * are pushed to open pages (reminders), and what happened in consultation
 * rooms. Worker threads. */
#ifndef TELEMED_LIVE_H
#define TELEMED_LIVE_H
#include <jansson.h>

#include "api.h"

/* Checks the session of a new live connection (the token of a HELLO, or
 * else the session cookie of the handshake). Returns the WELCOME message
 * to send, as JSON text the caller frees, with the user's id in user_id;
 * NULL when there is no live session behind it. */
char *api_live_welcome(struct api_env *env, const char *cookie, const char *token,
		       char user_id[ID_LEN + 1]);

/* The periodic tick: sends the reminders that are due, appending their
 * notices ({"user_id","notification"}) to notices, and runs the day's
 * retention purge when no node has yet. */
void api_live_tick(struct api_env *env, json_t *notices);

/* What the hub saw in a consultation room. */
enum live_event {
	LIVE_PATIENT_IN,   /* the patient joined the room */
	LIVE_DOCTOR_ACK,   /* the doctor acknowledged the patient */
	LIVE_CALL_STARTED, /* the first ANSWER was relayed */
	LIVE_CALL_ENDED,   /* BYE was relayed, or both left */
	LIVE_PATIENT_OUT,  /* the patient's connection left the room */
};

/* Records a room event (appointment statuses, the call record, who is in
 * the waiting room) and appends the live messages it causes to notices
 * ({"user_id","message"}: the doctor's WAITING, the patients' QUEUE).
 * stamp: the hub's order of its events, strictly increasing, in
 * microseconds of wall-clock time (the event happened at stamp / 1000 ms). */
void api_live_event(struct api_env *env, const char *session_id, const char *user_id,
		    enum live_event event, int64_t stamp, json_t *notices);

/* At server start, before any connection: nobody is in a room yet. */
bool api_live_reset(struct db *db);

#endif

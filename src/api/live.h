/* live.h — what the WebSocket side of the network layer asks of the REST
 * layer: who is behind a connection, and the periodic work whose results
 * are pushed to open pages (reminders). Worker threads. */
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
 * notices ({"user_id","notification"}) to notices. */
void api_live_tick(struct api_env *env, json_t *notices);

#endif

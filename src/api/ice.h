/* ice.h — the ICE servers a participant's browser gets with a join answer:
 * STUN as configured, TURN with a fresh time-limited credential, and the
 * transport policy ("relay" in the clinic's or a participant's privacy
 * mode). Worker threads. */
#ifndef TELEMED_ICE_H
#define TELEMED_ICE_H
#include <jansson.h>
#include <stdbool.h>

#include "api.h"

/* RTCIceServer objects for user_id: [{"urls":[…]}, {"urls":[…],
 * "username","credential"}]; empty when nothing is configured. */
json_t *ice_servers_json(const struct api_env *env, const char *user_id);

/* "relay" when calls must go through TURN — the clinic's privacy mode, or
 * a participant's own (participant_asks) — else "all". */
const char *ice_transport_policy(const struct api_env *env, bool participant_asks);

#endif

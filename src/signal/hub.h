/* hub.h — the live hub: which WebSocket connections are open and whose they
 * are, so that a message for a user reaches every page that user has open.
 * The consultation rooms of the signalling protocol build on it. Pure
 * in-memory work, never the database. Event-loop thread only.
 *
 * The hub does not know libwebsockets: a connection is an opaque pointer the
 * network layer hands in, and the hub hands it back to port->send. */
#ifndef TELEMED_HUB_H
#define TELEMED_HUB_H
#include <stdbool.h>
#include <stdint.h>

struct hub;

struct hub_port {
	/* Queues text on conn; must not call back into the hub. */
	void (*send)(void *conn, const char *text);
};

struct hub *hub_new(const struct hub_port *port);
void hub_free(struct hub *hub);

/* A new connection, not yet known as anyone's. Returns false when out of
 * memory (the caller then refuses the connection). */
bool hub_attach(struct hub *hub, uint64_t conn_id, void *conn);
/* Forgets a connection (closed). Unknown ids are ignored. */
void hub_detach(struct hub *hub, uint64_t conn_id);
/* The connection with that id, or NULL when it has gone. */
void *hub_find(struct hub *hub, uint64_t conn_id);
/* Marks the connection as user_id's (after its credentials were checked). */
void hub_identify(struct hub *hub, uint64_t conn_id, const char *user_id);
/* Sends text to every open connection of user_id; returns how many. */
int hub_send_user(struct hub *hub, const char *user_id, const char *text);
/* Open connections, and of them those identified. */
int hub_count(const struct hub *hub, int *identified);

#endif

/* server_int.h — private to src/net: the server state shared by the loop's
 * callbacks (http.c, ws.c, server.c). Everything here is touched only by the
 * event-loop thread, except the fields marked "done_lock". */
#ifndef TELEMED_SERVER_INT_H
#define TELEMED_SERVER_INT_H
#include <jansson.h>
#include <libwebsockets.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "sec_headers.h"

struct config;
struct pool;
struct ratelimit;
struct http_job;
struct http_conn;
struct hub;
struct ws_task;
struct heap_trim;
struct ticket_key;
struct rooms;
struct turn_secret;
struct seal_keyring;
struct api_env;
struct db;

struct server {
	const struct config *cfg;
	struct lws_context *lws;
	struct ev_loop *loop;      /* libev's, which lws runs in */
	struct pool *pool;
	struct ratelimit *limits;
	struct sec_headers headers;
	uint64_t next_conn_id;
	struct http_conn *waiting; /* connections whose job is on a worker */
	int inflight;              /* jobs submitted and not yet written */
	void *outbox[256];         /* jobs read in this loop turn, not yet queued */
	int noutbox;
	bool stopping;
	struct hub *hub;            /* open WebSockets and whose they are */
	struct ticket_key *tickets; /* signs and checks room tickets */
	struct rooms *rooms;        /* consultation rooms of the hub */
	struct turn_secret *turn;   /* shared with coturn; NULL without TURN */
	struct seal_keyring *keys;  /* seals health data at rest; locked inside */
	lws_sorted_usec_list_t tick; /* the periodic reminder tick */
	bool tick_in_flight;
	int64_t last_stamp;          /* of the last room event (ws.c) */
	struct ws_task *lane_head, *lane_tail; /* room events not yet on a worker */
	bool lane_busy;              /* a room event is on a worker */
	struct heap_trim *trim;      /* gives the heap back after bursts (heap.c) */

	pthread_mutex_t done_lock;
	struct http_job *done_head, *done_tail; /* guarded by done_lock */
	struct ws_task *ws_done_head, *ws_done_tail; /* guarded by done_lock */
};

/* What a worker's handler gets: shared state and the worker's own store. */
struct api_env server__api_env(const struct server *srv, struct db *db);

/* Loop thread: hands finished jobs to their connections. */
void http__drain_done(struct server *srv);
/* Loop thread: queues the jobs read during this loop turn, in one batch, so
 * workers are woken once per turn rather than once per request. */
void http__flush(struct server *srv);

/* Loop thread: the WebSocket side (ws.c). Makes the hub and starts the
 * periodic tick; hands finished WebSocket tasks back; delivers notices
 * ({"user_id","notification"}, or {"user_id","message"} sent as it is) to
 * the users' open pages. */
bool ws__start(struct server *srv);
void ws__drain_done(struct server *srv);
void ws__deliver_notices(struct server *srv, json_t *notices);
void ws__stop(struct server *srv);

extern const struct lws_protocols http__protocol;
extern const struct lws_protocols ws__protocol;

#endif

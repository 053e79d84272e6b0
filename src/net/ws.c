/* ws.c — the WebSocket endpoint /ws, subprotocol "telemed.v1": guards the
 * door (path and Origin at the handshake, message size, JSON), learns who
 * is behind a connection (session cookie of the handshake, or a HELLO with
 * a token — checked on a worker, since it needs the store), registers the
 * connection with the hub, and delivers notices to users' open pages. The
 * periodic tick (reminders) runs here too, as a task on a worker.
 * Threads: callbacks on the loop; task_run on workers. */
#include "server_int.h"
#include "worker.h"
#include "../api/live.h"
#include "../core/config.h"
#include "../core/instant.h"
#include "../core/log.h"
#include "../core/mem.h"
#include "../core/pool.h"
#include "../db/db.h"
#include "../sec/ticket.h"
#include "../signal/hub.h"
#include "../signal/rooms.h"

#include <string.h>

#define WS_MESSAGE_MAX 65536
#define WS_OUT_MAX_BYTES (1024 * 1024) /* queued for a peer that reads slowly */
#define WS_HELLO_SECONDS 10
#define TOKEN_MAX 128
#define RATE_BURST 200.0 /* messages a connection may send at once */
#define RATE_PER_SEC 50.0 /* and then per second */

/* One queued outgoing message, already framed: LWS_PRE bytes of room,
 * then the text. */
struct ws_out {
	struct ws_out *next;
	size_t len;
	unsigned char frame[];
};

struct ws_conn {
	uint64_t id;
	struct lws *wsi;
	/* the deadline to say who it is: the loop's own timer, because
	 * lws_set_timeout() does nothing on a WebSocket inside an HTTP/2
	 * connection (RFC 8441), which is how Chromium connects */
	lws_sorted_usec_list_t hello_deadline;
	bool identified;
	bool checking;    /* a credential check is on a worker */
	bool close_after; /* close once the queued messages are written */
	char user_id[ID_LEN + 1];    /* once identified */
	char session_id[ID_LEN + 1]; /* once joined to a consultation room */
	bool patient;                /* joined as the room's patient */
	double tokens;               /* rate limit: messages it may still send */
	int64_t tokens_at_ms;
	struct ws_out *out_head, *out_tail; /* queued outgoing messages (owned) */
	size_t out_bytes;
	/* the pieces of a message that came in more than one callback (an
	 * SDP offer, say): a message that comes whole is read where lws
	 * holds it, so an idle connection keeps no buffer of its own */
	char *rx;
	size_t rx_len;
	bool rx_too_big;
};

/* Work for a worker: a credential check for one connection, or the tick. */
struct ws_task {
	struct ws_task *next; /* in the done queue */
	struct server *srv;
	uint64_t conn_id; /* 0 for the tick and room events */
	int event;        /* a room event (enum live_event) when event_session is set */
	int64_t event_stamp; /* its place in the hub's order of events */
	char event_session[ID_LEN + 1];
	char event_user[ID_LEN + 1];
	char *cookie;
	char token[TOKEN_MAX + 1];
	char *welcome; /* answer of a check: NULL when refused */
	char user_id[ID_LEN + 1];
	json_t *notices; /* answer of the tick or of a room event */
};

static bool handshake_allowed(struct server *srv, struct lws *wsi)
{
	char origin[256] = "", uri[64] = "";
	/* HTTP/1.1 upgrades carry GET's URI; HTTP/2 (RFC 8441) a :path */
	if (lws_hdr_copy(wsi, uri, sizeof(uri), WSI_TOKEN_GET_URI) <= 0 &&
	    lws_hdr_copy(wsi, uri, sizeof(uri), WSI_TOKEN_HTTP_COLON_PATH) <= 0)
		return false;
	if (strcmp(uri, "/ws") != 0)
		return false;
	if (lws_hdr_copy(wsi, origin, sizeof(origin), WSI_TOKEN_ORIGIN) <= 0)
		return false;
	return config_origin_allowed(srv->cfg, origin);
}

/* Queues text (taking it). A peer that lets a megabyte pile up is cut off
 * rather than have its messages dropped one by one: a call whose signalling
 * lost a message is broken anyway, and memory stays bounded. */
static void queue_text(struct ws_conn *c, char *text)
{
	if (!text)
		return;
	size_t n = strlen(text);
	struct ws_out *o = c->out_bytes + n > WS_OUT_MAX_BYTES ? NULL
		: malloc(sizeof(*o) + LWS_PRE + n);
	if (o) {
		o->next = NULL;
		o->len = n;
		memcpy(o->frame + LWS_PRE, text, n);
		if (c->out_tail)
			c->out_tail->next = o;
		else
			c->out_head = o;
		c->out_tail = o;
		c->out_bytes += n;
	} else {
		c->close_after = true;
	}
	free(text);
	lws_callback_on_writable(c->wsi);
}

static void hub_send(void *conn, const char *text)
{
	queue_text(conn, strdup(text));
}

static void send_error(struct ws_conn *c, const char *code, const char *message)
{
	json_t *m = json_pack("{s:s,s:s,s:s}", "type", "ERROR", "code", code,
			      "message", message);
	queue_text(c, json_dumps(m, JSON_COMPACT));
	json_decref(m);
}

/* ---- tasks: loop → worker → loop ---- */

static void task_free(struct ws_task *t)
{
	free(t->cookie);
	free(t->welcome);
	json_decref(t->notices);
	free(t);
}

static void task_run(void *worker_state, void *arg)
{
	struct worker *w = worker_state;
	struct ws_task *t = arg;
	struct server *srv = t->srv;
	struct api_env env = server__api_env(srv, w->db);
	if (t->conn_id)
		t->welcome = api_live_welcome(&env, t->cookie, t->token, t->user_id);
	else if (*t->event_session)
		api_live_event(&env, t->event_session, t->event_user, t->event, t->event_stamp,
			       t->notices);
	else
		api_live_tick(&env, t->notices);
	db_release(w->db);
	pthread_mutex_lock(&srv->done_lock);
	bool was_empty = !srv->ws_done_head;
	if (srv->ws_done_tail)
		srv->ws_done_tail->next = t;
	else
		srv->ws_done_head = t;
	srv->ws_done_tail = t;
	pthread_mutex_unlock(&srv->done_lock);
	if (was_empty)
		lws_cancel_service(srv->lws);
}

/* Hands t to a worker; false when refused (the pool has gone): t is freed. */
static bool task_submit(struct server *srv, struct ws_task *t)
{
	t->srv = srv;
	srv->inflight++;
	if (!srv->pool || !pool_submit(srv->pool, task_run, t)) {
		srv->inflight--;
		task_free(t);
		return false;
	}
	return true;
}

/* Room events go to the workers one at a time, in the loop's order: each
 * is recorded, and the queue it changes computed and delivered, before the
 * next starts, so that a patient's last QUEUE is never an older state. */
static void lane_next(struct server *srv)
{
	while (!srv->lane_busy && srv->lane_head) {
		struct ws_task *t = srv->lane_head;
		srv->lane_head = t->next;
		if (!srv->lane_head)
			srv->lane_tail = NULL;
		t->next = NULL;
		srv->lane_busy = task_submit(srv, t);
	}
}

static void lane_push(struct server *srv, struct ws_task *t)
{
	if (srv->lane_tail)
		srv->lane_tail->next = t;
	else
		srv->lane_head = t;
	srv->lane_tail = t;
	lane_next(srv);
}

/* Starts the credential check of c: the handshake's cookie or a token. */
static void check_credentials(struct server *srv, struct ws_conn *c, const char *cookie,
			      const char *token)
{
	struct ws_task *t = mem_calloc(1, sizeof(*t));
	t->conn_id = c->id;
	t->cookie = cookie ? strdup(cookie) : NULL;
	snprintf(t->token, sizeof(t->token), "%s", token ? token : "");
	c->checking = true;
	task_submit(srv, t);
}

static void checked(struct server *srv, struct ws_task *t)
{
	struct ws_conn *c = hub_find(srv->hub, t->conn_id);
	if (!c) /* closed meanwhile */
		return;
	c->checking = false;
	if (!t->welcome) {
		send_error(c, "unauthenticated", "No live session: log in again");
		c->close_after = true;
		return;
	}
	c->identified = true;
	snprintf(c->user_id, sizeof(c->user_id), "%s", t->user_id);
	hub_identify(srv->hub, c->id, t->user_id);
	lws_sul_cancel(&c->hello_deadline);
	queue_text(c, t->welcome);
	t->welcome = NULL;
}

void ws__drain_done(struct server *srv)
{
	pthread_mutex_lock(&srv->done_lock);
	struct ws_task *list = srv->ws_done_head;
	srv->ws_done_head = srv->ws_done_tail = NULL;
	pthread_mutex_unlock(&srv->done_lock);
	while (list) {
		struct ws_task *t = list;
		list = t->next;
		srv->inflight--;
		if (t->conn_id) {
			checked(srv, t);
		} else {
			if (!*t->event_session)
				srv->tick_in_flight = false;
			ws__deliver_notices(srv, t->notices);
		}
		if (*t->event_session) {
			srv->lane_busy = false;
			lane_next(srv);
		}
		task_free(t);
	}
}

void ws__deliver_notices(struct server *srv, json_t *notices)
{
	size_t i;
	json_t *n;
	json_array_foreach(notices, i, n) {
		const char *user = json_string_value(json_object_get(n, "user_id"));
		json_t *m = json_object_get(n, "message");
		m = m ? json_incref(m) : json_pack("{s:s,s:O}", "type", "NOTIFICATION",
						   "notification", json_object_get(n, "notification"));
		char *text = m && user ? json_dumps(m, JSON_COMPACT) : NULL;
		if (text)
			hub_send_user(srv->hub, user, text);
		free(text);
		json_decref(m);
	}
}

static void on_tick(lws_sorted_usec_list_t *sul)
{
	struct server *srv = lws_container_of(sul, struct server, tick);
	if (!srv->stopping && !srv->tick_in_flight) {
		struct ws_task *t = mem_calloc(1, sizeof(*t));
		t->notices = json_array();
		srv->tick_in_flight = true;
		task_submit(srv, t);
	}
	lws_sul_schedule(srv->lws, 0, &srv->tick, on_tick,
			 (lws_usec_t)srv->cfg->reminder_tick_seconds * LWS_US_PER_SEC);
}

bool ws__start(struct server *srv)
{
	static const struct hub_port port = {.send = hub_send};
	srv->hub = hub_new(&port);
	srv->rooms = rooms_new();
	/* the first tick soon after start: reminders due while we were down */
	lws_sul_schedule(srv->lws, 0, &srv->tick, on_tick, LWS_US_PER_SEC);
	return srv->hub != NULL;
}

void ws__stop(struct server *srv)
{
	lws_sul_cancel(&srv->tick);
}

/* ---- messages ---- */

static void on_hello(struct server *srv, struct ws_conn *c, json_t *m)
{
	const char *token = json_string_value(json_object_get(m, "token"));
	if (c->identified || c->checking)
		send_error(c, "already_identified", "This connection already has a user");
	else if (!token || !*token || strlen(token) > TOKEN_MAX)
		send_error(c, "invalid_message", "HELLO carries a \"token\"");
	else
		check_credentials(srv, c, NULL, token);
}

/* Hands a room event to a worker to record (statuses, call record, the
 * waiting room) and to answer with the messages it causes. Events are
 * stamped in the order the loop sees them: wall-clock microseconds, never
 * repeating, so that their order survives workers and restarts. */
static void room_event(struct server *srv, const char *session_id, const char *user_id,
		       enum live_event event)
{
	struct ws_task *t = mem_calloc(1, sizeof(*t));
	int64_t now_us = instant_now_ms() * 1000;
	srv->last_stamp = now_us > srv->last_stamp ? now_us : srv->last_stamp + 1;
	t->event = event;
	t->event_stamp = srv->last_stamp;
	t->notices = json_array();
	snprintf(t->event_session, sizeof(t->event_session), "%s", session_id);
	snprintf(t->event_user, sizeof(t->event_user), "%s", user_id);
	lane_push(srv, t);
}

static void send_json(struct ws_conn *c, json_t *m)
{
	queue_text(c, json_dumps(m, JSON_COMPACT));
	json_decref(m);
}

/* Tells the other participant of c's room who is there now. */
static void tell_peer(struct server *srv, struct ws_conn *c, uint64_t peer_conn,
		      const char *type)
{
	struct ws_conn *peer = peer_conn ? hub_find(srv->hub, peer_conn) : NULL;
	if (peer)
		send_json(peer, json_pack("{s:s,s:s,s:s}", "type", type, "session_id",
					  c->session_id, "user_id", c->user_id));
}

static void leave_room(struct server *srv, struct ws_conn *c)
{
	if (!*c->session_id)
		return;
	uint64_t peer;
	rooms_leave(srv->rooms, c->session_id, c->id, &peer);
	tell_peer(srv, c, peer, "PEER_LEFT");
	if (c->patient)
		room_event(srv, c->session_id, c->user_id, LIVE_PATIENT_OUT);
	if (!peer) /* both gone: a call under way ends */
		room_event(srv, c->session_id, c->user_id, LIVE_CALL_ENDED);
	c->session_id[0] = '\0';
	c->patient = false;
}

static void on_join(struct server *srv, struct ws_conn *c, json_t *m)
{
	struct ticket t;
	const char *text = json_string_value(json_object_get(m, "ticket"));
	if (!text || !ticket_check(srv->tickets, text, instant_now_ms(), &t) ||
	    strcmp(t.user_id, c->user_id) != 0) {
		send_error(c, "invalid_ticket", "The ticket is not valid for you now: ask for a new one");
		return;
	}
	leave_room(srv, c);
	uint64_t replaced, peer;
	json_t *participants = NULL;
	if (!rooms_join(srv->rooms, &t, c->id, &replaced, &peer, &participants)) {
		send_error(c, "invalid_ticket", "The ticket does not fit its room");
		return;
	}
	snprintf(c->session_id, sizeof(c->session_id), "%s", t.session_id);
	c->patient = strcmp(t.role, "patient") == 0;
	struct ws_conn *old = replaced ? hub_find(srv->hub, replaced) : NULL;
	if (old && old != c) {
		old->session_id[0] = '\0';
		old->patient = false;
		send_error(old, "replaced", "This consultation was opened on another page");
		old->close_after = true;
	}
	send_json(c, json_pack("{s:s,s:s,s:o}", "type", "JOINED", "session_id", t.session_id,
			       "participants", participants));
	tell_peer(srv, c, peer, "PEER_JOINED");
	if (c->patient)
		room_event(srv, t.session_id, t.user_id, LIVE_PATIENT_IN);
}

static void on_call_message(struct server *srv, struct ws_conn *c, json_t *m,
			    const char *text, size_t len)
{
	uint64_t to;
	const char *refused = rooms_check_relay(srv->rooms, c->session_id, c->id, m, &to);
	if (refused) {
		send_error(c, refused, "Not relayed: see docs/protocol.md for who may send what");
		return;
	}
	struct ws_conn *peer = to ? hub_find(srv->hub, to) : NULL;
	const char *type = json_string_value(json_object_get(m, "type"));
	if (peer) {
		queue_text(peer, strndup(text, len));
		static const struct { const char *type; enum live_event event; } recorded[] = {
			{"ACK", LIVE_DOCTOR_ACK}, {"ANSWER", LIVE_CALL_STARTED},
			{"BYE", LIVE_CALL_ENDED}};
		for (size_t i = 0; i < sizeof(recorded) / sizeof(recorded[0]); i++)
			if (strcmp(type, recorded[i].type) == 0)
				room_event(srv, c->session_id, c->user_id, recorded[i].event);
	} else if (strcmp(type, "READY") != 0) /* READY repeats until someone is there */
		send_error(c, "peer_absent", "The other participant is not connected");
}

/* Token bucket per connection; false when the message must be dropped. */
static bool within_rate(struct ws_conn *c)
{
	int64_t now = instant_mono_ms();
	c->tokens += (double)(now - c->tokens_at_ms) * RATE_PER_SEC / 1000.0;
	if (c->tokens > RATE_BURST)
		c->tokens = RATE_BURST;
	c->tokens_at_ms = now;
	if (c->tokens < 1.0)
		return false;
	c->tokens -= 1.0;
	return true;
}

static void on_message(struct server *srv, struct ws_conn *c, const char *text, size_t len)
{
	if (c->close_after)
		return; /* on its way out: nothing more is read */
	if (!within_rate(c)) {
		send_error(c, "rate_limited", "Too many messages: the connection is closed");
		c->close_after = true;
		return;
	}
	json_error_t jerr;
	json_t *m = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	const char *type = json_string_value(json_object_get(m, "type"));
	if (!m || !json_is_object(m) || !type)
		send_error(c, "invalid_message", "Send a JSON object with a \"type\"");
	else if (strcmp(type, "PING") == 0)
		queue_text(c, strdup("{\"type\":\"PONG\"}"));
	else if (strcmp(type, "HELLO") == 0)
		on_hello(srv, c, m);
	else if (!c->identified)
		send_error(c, "unauthenticated", "Send HELLO with a session token first");
	else if (strcmp(type, "JOIN") == 0)
		on_join(srv, c, m);
	else
		on_call_message(srv, c, m, text, len);
	json_decref(m);
}

static void drop_rx(struct ws_conn *c)
{
	free(c->rx);
	c->rx = NULL;
	c->rx_len = 0;
	c->rx_too_big = false;
}

static int on_receive(struct server *srv, struct lws *wsi, struct ws_conn *c,
		      const void *in, size_t len)
{
	bool final = lws_is_final_fragment(wsi);
	if (final && !c->rx_len && !c->rx_too_big) { /* the whole message, at once */
		if (len > WS_MESSAGE_MAX)
			send_error(c, "message_too_large", "Messages are at most 64 KiB");
		else
			on_message(srv, c, in, len);
		return 0;
	}
	if (c->rx_too_big || len > WS_MESSAGE_MAX - c->rx_len) {
		c->rx_too_big = true;
	} else if (len) {
		char *more = realloc(c->rx, c->rx_len + len);
		if (!more)
			return -1;
		memcpy(more + c->rx_len, in, len);
		c->rx = more;
		c->rx_len += len;
	}
	if (!final)
		return 0;
	if (c->rx_too_big)
		send_error(c, "message_too_large", "Messages are at most 64 KiB");
	else
		on_message(srv, c, c->rx, c->rx_len);
	drop_rx(c);
	return 0;
}

static int on_writable(struct lws *wsi, struct ws_conn *c)
{
	struct ws_out *o = c->out_head;
	if (!o) {
		if (!c->close_after)
			return 0;
		/* a close frame, so the page knows (over HTTP/2 a bare -1 ends
		 * the stream on this side only) */
		lws_close_reason(wsi, LWS_CLOSE_STATUS_POLICY_VIOLATION, NULL, 0);
		return -1;
	}
	int w = lws_write(wsi, o->frame + LWS_PRE, o->len, LWS_WRITE_TEXT);
	c->out_head = o->next;
	if (!c->out_head)
		c->out_tail = NULL;
	c->out_bytes -= o->len;
	bool whole = w >= (int)o->len;
	free(o);
	if (!whole)
		return -1;
	if (c->out_head || c->close_after)
		lws_callback_on_writable(wsi);
	return 0;
}

static void on_hello_deadline(lws_sorted_usec_list_t *sul)
{
	struct ws_conn *c = lws_container_of(sul, struct ws_conn, hello_deadline);
	if (c->identified || c->close_after)
		return;
	send_error(c, "unauthenticated", "Say who you are within 10 seconds");
	c->close_after = true;
	lws_callback_on_writable(c->wsi);
}

static int on_established(struct server *srv, struct lws *wsi, struct ws_conn *c)
{
	memset(c, 0, sizeof(*c));
	c->id = ++srv->next_conn_id;
	c->wsi = wsi;
	c->tokens = RATE_BURST;
	c->tokens_at_ms = instant_mono_ms();
	if (!hub_attach(srv->hub, c->id, c))
		return -1;
	/* a page has a few seconds to say who it is */
	lws_sul_schedule(lws_get_context(wsi), 0, &c->hello_deadline, on_hello_deadline,
			 WS_HELLO_SECONDS * LWS_US_PER_SEC);
	char cookie[4096];
	if (lws_hdr_copy(wsi, cookie, sizeof(cookie), WSI_TOKEN_HTTP_COOKIE) > 0)
		check_credentials(srv, c, cookie, NULL);
	return 0;
}

static int ws_cb(struct lws *wsi, enum lws_callback_reasons reason, void *user,
		 void *in, size_t len)
{
	struct server *srv = lws_context_user(lws_get_context(wsi));
	struct ws_conn *c = user;
	switch (reason) {
	case LWS_CALLBACK_FILTER_PROTOCOL_CONNECTION:
		if (srv->stopping || !handshake_allowed(srv, wsi)) {
			log_info("ws_refused", "reason=origin_or_path%s", "");
			return -1;
		}
		return 0;
	case LWS_CALLBACK_EVENT_WAIT_CANCELLED:
		ws__drain_done(srv);
		return 0;
	case LWS_CALLBACK_ESTABLISHED:
		return on_established(srv, wsi, c);
	case LWS_CALLBACK_RECEIVE:
		return on_receive(srv, wsi, c, in, len);
	case LWS_CALLBACK_SERVER_WRITEABLE:
		return on_writable(wsi, c);
	case LWS_CALLBACK_CLOSED:
		lws_sul_cancel(&c->hello_deadline);
		leave_room(srv, c);
		hub_detach(srv->hub, c->id);
		drop_rx(c);
		while (c->out_head) {
			struct ws_out *o = c->out_head;
			c->out_head = o->next;
			free(o);
		}
		c->out_tail = NULL;
		c->out_bytes = 0;
		return 0;
	default:
		return 0;
	}
}

/* lws keeps a receive buffer of rx_buffer_size (+ LWS_PRE + 4) for every
 * WebSocket for as long as it is open, idle or not: 512 bytes hold every
 * message but an SDP description whole (a CANDIDATE is ~480 bytes, HELLO
 * and JOIN less), and what comes in pieces is gathered (on_receive). It
 * was 1024: 512 bytes less per connection. tx_packet_size keeps each
 * send() at 1024 bytes as before (0 would tie it to rx_buffer_size). */
const struct lws_protocols ws__protocol = {
	.name = "telemed.v1",
	.callback = ws_cb,
	.per_session_data_size = sizeof(struct ws_conn),
	.rx_buffer_size = 512,
	.tx_packet_size = 1024,
};

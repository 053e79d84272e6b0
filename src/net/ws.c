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
#include "../signal/hub.h"

#include <string.h>

#define WS_MESSAGE_MAX 65536
#define WS_OUT_MAX 32
#define WS_HELLO_SECONDS 10
#define TOKEN_MAX 128

struct ws_conn {
	uint64_t id;
	struct lws *wsi;
	bool identified;
	bool checking;    /* a credential check is on a worker */
	bool close_after; /* close once the queued messages are written */
	char *out[WS_OUT_MAX]; /* queued outgoing texts (owned) */
	int nout;
	size_t rx_len;
	bool rx_too_big;
	char rx[WS_MESSAGE_MAX + 1];
};

/* Work for a worker: a credential check for one connection, or the tick. */
struct ws_task {
	struct ws_task *next; /* in the done queue */
	struct server *srv;
	uint64_t conn_id; /* 0 for the tick */
	char *cookie;
	char token[TOKEN_MAX + 1];
	char *welcome; /* answer of a check: NULL when refused */
	char user_id[ID_LEN + 1];
	json_t *notices; /* answer of the tick */
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

/* Queues text (taking it); a peer that does not read loses messages. */
static void queue_text(struct ws_conn *c, char *text)
{
	if (!text)
		return;
	if (c->nout == WS_OUT_MAX) {
		free(text);
		return;
	}
	c->out[c->nout++] = text;
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
	struct api_env env = {.cfg = srv->cfg, .db = w->db, .limits = srv->limits,
			      .now_ms = instant_now_ms()};
	if (t->conn_id)
		t->welcome = api_live_welcome(&env, t->cookie, t->token, t->user_id);
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

static void task_submit(struct server *srv, struct ws_task *t)
{
	t->srv = srv;
	srv->inflight++;
	if (!pool_submit(srv->pool, task_run, t)) {
		srv->inflight--;
		task_free(t);
	}
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
	hub_identify(srv->hub, c->id, t->user_id);
	lws_set_timeout(c->wsi, NO_PENDING_TIMEOUT, 0);
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
			srv->tick_in_flight = false;
			ws__deliver_notices(srv, t->notices);
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
		json_t *m = json_pack("{s:s,s:O}", "type", "NOTIFICATION", "notification",
				      json_object_get(n, "notification"));
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

static void on_message(struct server *srv, struct ws_conn *c)
{
	json_error_t jerr;
	json_t *m = json_loadb(c->rx, c->rx_len, JSON_REJECT_DUPLICATES, &jerr);
	const char *type = json_string_value(json_object_get(m, "type"));
	if (!m || !json_is_object(m) || !type)
		send_error(c, "invalid_message", "Send a JSON object with a \"type\"");
	else if (strcmp(type, "PING") == 0)
		queue_text(c, strdup("{\"type\":\"PONG\"}"));
	else if (strcmp(type, "HELLO") == 0)
		on_hello(srv, c, m);
	else if (!c->identified)
		send_error(c, "unauthenticated", "Send HELLO with a session token first");
	else
		send_error(c, "unknown_type", "Unknown message type");
	json_decref(m);
}

static int on_receive(struct server *srv, struct lws *wsi, struct ws_conn *c,
		      const void *in, size_t len)
{
	if (c->rx_too_big || len > WS_MESSAGE_MAX - c->rx_len)
		c->rx_too_big = true;
	else {
		memcpy(c->rx + c->rx_len, in, len);
		c->rx_len += len;
	}
	if (!lws_is_final_fragment(wsi))
		return 0;
	if (c->rx_too_big)
		send_error(c, "message_too_large", "Messages are at most 64 KiB");
	else
		on_message(srv, c);
	c->rx_len = 0;
	c->rx_too_big = false;
	return 0;
}

static int on_writable(struct lws *wsi, struct ws_conn *c)
{
	if (!c->nout)
		return c->close_after ? -1 : 0;
	char *text = c->out[0];
	size_t n = strlen(text);
	unsigned char *frame = malloc(LWS_PRE + n);
	if (!frame)
		return -1;
	memcpy(frame + LWS_PRE, text, n);
	int w = lws_write(wsi, frame + LWS_PRE, n, LWS_WRITE_TEXT);
	free(frame);
	free(text);
	memmove(c->out, c->out + 1, (size_t)(c->nout - 1) * sizeof(c->out[0]));
	c->nout--;
	if (w < (int)n)
		return -1;
	if (c->nout || c->close_after)
		lws_callback_on_writable(wsi);
	return 0;
}

static int on_established(struct server *srv, struct lws *wsi, struct ws_conn *c)
{
	memset(c, 0, sizeof(*c));
	c->id = ++srv->next_conn_id;
	c->wsi = wsi;
	if (!hub_attach(srv->hub, c->id, c))
		return -1;
	/* a page has a few seconds to say who it is */
	lws_set_timeout(wsi, PENDING_TIMEOUT_USER_REASON_BASE, WS_HELLO_SECONDS);
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
		hub_detach(srv->hub, c->id);
		for (int i = 0; i < c->nout; i++)
			free(c->out[i]);
		c->nout = 0;
		return 0;
	default:
		return 0;
	}
}

const struct lws_protocols ws__protocol = {
	"telemed.v1", ws_cb, sizeof(struct ws_conn), 4096, 0, NULL, 0};

/* ws.c — the WebSocket endpoint /ws, subprotocol "telemed.v1". For now it
 * guards the door (path and Origin checked at the handshake, message size
 * bounded, JSON required) and answers PING with PONG; the signalling hub of
 * the live consultation plugs in behind it. Loop thread only. */
#include "server_int.h"
#include "../core/config.h"
#include "../core/log.h"

#include <jansson.h>
#include <string.h>

#define WS_MESSAGE_MAX 65536
#define WS_OUT_MAX 8

struct ws_conn {
	char *out[WS_OUT_MAX]; /* queued outgoing texts (owned) */
	int nout;
	size_t rx_len;
	bool rx_too_big;
	char rx[WS_MESSAGE_MAX + 1];
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

static void send_text(struct lws *wsi, struct ws_conn *c, char *text)
{
	if (c->nout == WS_OUT_MAX) { /* a peer that does not read: drop it */
		free(text);
		return;
	}
	c->out[c->nout++] = text;
	lws_callback_on_writable(wsi);
}

static void send_error(struct lws *wsi, struct ws_conn *c, const char *code,
		       const char *message)
{
	json_t *m = json_pack("{s:s,s:s,s:s}", "type", "ERROR", "code", code,
			      "message", message);
	send_text(wsi, c, json_dumps(m, JSON_COMPACT));
	json_decref(m);
}

static void on_message(struct lws *wsi, struct ws_conn *c)
{
	json_error_t jerr;
	json_t *m = json_loadb(c->rx, c->rx_len, JSON_REJECT_DUPLICATES, &jerr);
	const char *type = json_string_value(json_object_get(m, "type"));
	if (!m || !json_is_object(m) || !type)
		send_error(wsi, c, "invalid_message",
			   "Send a JSON object with a \"type\"");
	else if (strcmp(type, "PING") == 0)
		send_text(wsi, c, strdup("{\"type\":\"PONG\"}"));
	else
		send_error(wsi, c, "unknown_type", "Unknown message type");
	json_decref(m);
}

static int on_receive(struct lws *wsi, struct ws_conn *c, const void *in,
		      size_t len)
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
		send_error(wsi, c, "message_too_large", "Messages are at most 64 KiB");
	else
		on_message(wsi, c);
	c->rx_len = 0;
	c->rx_too_big = false;
	return 0;
}

static int on_writable(struct lws *wsi, struct ws_conn *c)
{
	if (!c->nout)
		return 0;
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
	if (c->nout)
		lws_callback_on_writable(wsi);
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
	case LWS_CALLBACK_ESTABLISHED:
		memset(c, 0, sizeof(*c));
		return 0;
	case LWS_CALLBACK_RECEIVE:
		return on_receive(wsi, c, in, len);
	case LWS_CALLBACK_SERVER_WRITEABLE:
		return on_writable(wsi, c);
	case LWS_CALLBACK_CLOSED:
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

/* http.c — HTTP/1.1 and HTTP/2 on the event loop. The loop assembles a
 * request (method, path, a few headers, body up to the limit), hands it to a
 * worker as a job, and gets the job back through a locked queue and
 * lws_cancel_service(). Workers never touch a struct lws: a job names its
 * connection by a number, and a connection that closed meanwhile just drops
 * its answer. Every response carries the security headers.
 * Threads: callbacks on the loop; http_job_run on workers. */
#include "heap.h"
#include "server_int.h"
#include "static_files.h"
#include "../api/api.h"
#include "../core/config.h"
#include "../core/instant.h"
#include "../core/log.h"
#include "../core/mem.h"
#include "../core/pool.h"
#include "worker.h"
#include "../db/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BODY_CHUNK 16000

struct http_job {
	struct http_job *next; /* in the done queue */
	struct server *srv;
	uint64_t conn_id;
	bool is_api;
	int64_t started_ms;
	struct api_request req;
	struct buf text; /* every string behind req's pointers, NUL-separated */
	struct buf body;
	long body_limit; /* the route's largest body (api_body_limit) */
	struct api_response res;
};

/* Per connection (HTTP/1) or stream (HTTP/2); lives in lws's user space. */
struct http_conn {
	struct lws *wsi;
	uint64_t id;
	struct http_conn *next_waiting, **prev_waiting;
	struct http_job *job; /* being read, on a worker, or being written */
	bool on_worker;
	bool answer_ready; /* job->res is final: write it when writable */
	bool close_after;  /* the connection cannot carry another request */
	bool body_unread;  /* answered early; the body still arrives and is dropped */
	bool headers_sent;
	size_t body_sent;
};

static const char *const method_names[] = {"GET", "HEAD", "POST", "PUT",
					    "PATCH", "DELETE", "OPTIONS", "?"};

static void job_free(struct http_job *job)
{
	if (!job)
		return;
	buf_cleanup(&job->text);
	buf_cleanup(&job->body);
	api_response_cleanup(&job->res);
	free(job);
}

static enum http_method method_of(int lws_method)
{
	switch (lws_method) {
	case LWSHUMETH_GET: return HTTP_GET;
	case LWSHUMETH_POST: return HTTP_POST;
	case LWSHUMETH_OPTIONS: return HTTP_OPTIONS;
	case LWSHUMETH_PUT: return HTTP_PUT;
	case LWSHUMETH_PATCH: return HTTP_PATCH;
	case LWSHUMETH_DELETE: return HTTP_DELETE;
	case LWSHUMETH_HEAD: return HTTP_HEAD;
	default: return HTTP_OTHER;
	}
}

/* Appends s[0..n) and a NUL to the job's text; returns where it starts. */
static size_t keep(struct buf *text, const char *s, size_t n)
{
	size_t at = text->len;
	buf_append(text, s, n);
	buf_append(text, "", 1);
	return at;
}

/* Keeps one header ("" when absent or too long). */
static size_t keep_header(struct buf *text, struct lws *wsi, enum lws_token_indexes h)
{
	char value[8192];
	int len = lws_hdr_total_length(wsi, h);
	if (len <= 0 || len >= (int)sizeof(value) ||
	    lws_hdr_copy(wsi, value, sizeof(value), h) < 0)
		len = 0;
	return keep(text, value, (size_t)len);
}

/* Appends s with the bytes that would change a query's meaning escaped. */
static void query_escape(struct buf *text, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c <= 0x20 || c >= 0x7f || c == '%' || c == '&' || c == '=' || c == '+' || c == '#') {
			char esc[3] = {'%', hex[c >> 4], hex[c & 15]};
			buf_append(text, esc, 3);
		} else {
			buf_append(text, s, 1);
		}
	}
}

/* Keeps the query string, rebuilt from lws's decoded fragments, re-encoded. */
static size_t keep_query(struct buf *text, struct lws *wsi)
{
	size_t at = text->len;
	char frag[2048];
	for (int i = 0; i < 64; i++) {
		if (lws_hdr_copy_fragment(wsi, frag, sizeof(frag),
					  WSI_TOKEN_HTTP_URI_ARGS, i) < 0)
			break;
		char *eq = strchr(frag, '=');
		if (eq)
			*eq = '\0';
		if (text->len > at)
			buf_append_str(text, "&");
		query_escape(text, frag);
		if (eq) {
			buf_append_str(text, "=");
			query_escape(text, eq + 1);
		}
	}
	buf_append(text, "", 1);
	return at;
}

static struct http_job *job_new(struct server *srv, struct http_conn *conn,
				struct lws *wsi, int lws_method,
				const char *uri, int urilen)
{
	struct http_job *job = mem_calloc(1, sizeof(*job));
	job->srv = srv;
	job->conn_id = conn->id;
	job->started_ms = instant_mono_ms();
	api_response_init(&job->res);
	struct api_request *r = &job->req;
	snprintf(r->request_id, sizeof(r->request_id), "%llx",
		 (unsigned long long)conn->id);
	r->method = method_of(lws_method);
	struct buf *t = &job->text;
	buf_init(t, 0);
	const char *q = memchr(uri, '?', (size_t)urilen); /* HTTP/2 :path keeps it */
	size_t at[10];
	at[0] = keep(t, uri, q ? (size_t)(q - uri) : (size_t)urilen);
	at[1] = keep_query(t, wsi);
	at[2] = keep_header(t, wsi, WSI_TOKEN_HTTP_CONTENT_TYPE);
	at[3] = keep_header(t, wsi, WSI_TOKEN_HTTP_AUTHORIZATION);
	at[4] = keep_header(t, wsi, WSI_TOKEN_HTTP_COOKIE);
	at[5] = keep_header(t, wsi, WSI_TOKEN_ORIGIN);
	at[6] = keep_header(t, wsi, WSI_TOKEN_HTTP_USER_AGENT);
	at[7] = keep_header(t, wsi, WSI_TOKEN_HTTP_IF_NONE_MATCH);
	char peer[64];
	lws_get_peer_simple(wsi, peer, sizeof(peer));
	bool mapped = strncmp(peer, "::ffff:", 7) == 0 && strchr(peer, '.');
	const char *p = mapped ? peer + 7 : peer;
	at[8] = keep(t, p, strlen(p));
	/* HTTP/1.1 Host, or HTTP/2 :authority */
	at[9] = keep_header(t, wsi, lws_hdr_total_length(wsi, WSI_TOKEN_HOST) > 0
					    ? WSI_TOKEN_HOST : WSI_TOKEN_HTTP_COLON_AUTHORITY);
	/* pointers only now: the text may have moved while growing */
	r->path = t->data + at[0];
	r->query = t->data + at[1];
	r->content_type = t->data + at[2];
	r->authorization = t->data + at[3];
	r->cookie = t->data + at[4];
	r->origin = t->data + at[5];
	r->user_agent = t->data + at[6];
	r->if_none_match = t->data + at[7];
	r->peer = t->data + at[8];
	r->host = t->data + at[9];
	job->is_api = strncmp(r->path, "/api/", 5) == 0 || strcmp(r->path, "/api") == 0;
	job->body_limit = api_body_limit(srv->cfg, r->method, r->path);
	buf_init(&job->body, (size_t)job->body_limit);
	return job;
}

/* Worker thread: answers the job, then queues it back to the loop. */
static void job_run(void *worker_state, void *arg)
{
	struct worker *w = worker_state;
	struct http_job *job = arg;
	struct server *srv = job->srv;
	job->req.body = job->body.data;
	job->req.body_len = job->body.len;
	if (job->is_api) {
		struct api_env env = server__api_env(srv, w->db);
		api_handle(&env, &job->req, &job->res);
		if (!api_response_has_header(&job->res, "cache-control"))
			api_response_header(&job->res, "cache-control", "no-store");
		db_release(w->db);
	} else if (job->req.method != HTTP_GET && job->req.method != HTTP_HEAD) {
		api_reply_error(&job->res, ERR_METHOD_NOT_ALLOWED, NULL);
		api_response_header(&job->res, "allow", "GET, HEAD");
	} else {
		static_files_serve(srv->cfg->web_dir, srv->cfg->node_modules_dir,
				   job->req.path, job->req.if_none_match, &job->res);
	}
	pthread_mutex_lock(&srv->done_lock);
	bool was_empty = !srv->done_head;
	if (srv->done_tail)
		srv->done_tail->next = job;
	else
		srv->done_head = job;
	srv->done_tail = job;
	pthread_mutex_unlock(&srv->done_lock);
	/* one wake-up per batch: the loop drains the whole queue at once */
	if (was_empty)
		lws_cancel_service(srv->lws);
}

static void waiting_add(struct server *srv, struct http_conn *c)
{
	c->next_waiting = srv->waiting;
	if (srv->waiting)
		srv->waiting->prev_waiting = &c->next_waiting;
	srv->waiting = c;
	c->prev_waiting = &srv->waiting;
}

static void waiting_remove(struct http_conn *c)
{
	if (!c->prev_waiting)
		return;
	*c->prev_waiting = c->next_waiting;
	if (c->next_waiting)
		c->next_waiting->prev_waiting = c->prev_waiting;
	c->prev_waiting = NULL;
	c->next_waiting = NULL;
}

static void submit(struct server *srv, struct http_conn *c)
{
	struct http_job *job = c->job;
	if (srv->stopping) {
		api_reply_error(&job->res, ERR_UNAVAILABLE, NULL);
		c->answer_ready = true;
		lws_callback_on_writable(c->wsi);
		return;
	}
	c->on_worker = true;
	srv->inflight++;
	waiting_add(srv, c);
	if (srv->noutbox == (int)(sizeof(srv->outbox) / sizeof(srv->outbox[0])))
		http__flush(srv);
	srv->outbox[srv->noutbox++] = job;
}

void http__flush(struct server *srv)
{
	if (!srv->noutbox)
		return;
	/* the pool only refuses once the loop has stopped turning */
	pool_submit_batch(srv->pool, job_run, srv->outbox, srv->noutbox);
	srv->noutbox = 0;
}

void http__drain_done(struct server *srv)
{
	pthread_mutex_lock(&srv->done_lock);
	struct http_job *list = srv->done_head;
	srv->done_head = srv->done_tail = NULL;
	pthread_mutex_unlock(&srv->done_lock);
	while (list) {
		struct http_job *job = list;
		list = job->next;
		job->next = NULL;
		srv->inflight--;
		if (job->res.notices && job->res.status < 300)
			ws__deliver_notices(srv, job->res.notices);
		struct http_conn *c = srv->waiting;
		while (c && c->id != job->conn_id)
			c = c->next_waiting;
		if (!c) { /* the client left meanwhile */
			job_free(job);
			continue;
		}
		waiting_remove(c);
		c->on_worker = false;
		c->answer_ready = true;
		lws_callback_on_writable(c->wsi);
	}
}

static void log_request(const struct http_job *job)
{
	if (!log_enabled(LOG_INFO))
		return;
	char path[256];
	api_log_path(job->req.path, path, sizeof(path));
	log_info("http_request", "rid=%s method=%s path=%.200s status=%d ms=%lld",
		 job->req.request_id, method_names[job->req.method],
		 path, job->res.status,
		 (long long)(instant_mono_ms() - job->started_ms));
}

static int write_headers(struct server *srv, struct http_conn *c)
{
	struct http_job *job = c->job;
	struct api_response *res = &job->res;
	unsigned char buf[LWS_PRE + 4096], *start = buf + LWS_PRE, *p = start,
					   *end = buf + sizeof(buf) - 1;
	bool has_body = res->body.len > 0 && job->req.method != HTTP_HEAD;
	if (lws_add_http_common_headers(c->wsi, (unsigned int)res->status,
					res->content_type, res->body.len, &p, end))
		return -1;
	for (int i = 0; i < srv->headers.count; i++) {
		const char *v = srv->headers.list[i].value;
		if (lws_add_http_header_by_name(c->wsi,
				(const unsigned char *)srv->headers.list[i].name,
				(const unsigned char *)v, (int)strlen(v), &p, end))
			return -1;
	}
	for (int i = 0; i < res->nheaders; i++) {
		char name[64];
		snprintf(name, sizeof(name), "%s:", res->headers[i].name);
		const char *v = res->headers[i].value;
		if (lws_add_http_header_by_name(c->wsi, (const unsigned char *)name,
						(const unsigned char *)v,
						(int)strlen(v), &p, end))
			return -1;
	}
	if (lws_add_http_header_by_name(c->wsi, (const unsigned char *)"x-request-id:",
					(const unsigned char *)job->req.request_id,
					(int)strlen(job->req.request_id), &p, end))
		return -1;
	if (has_body)
		return lws_finalize_write_http_header(c->wsi, start, &p, end) ? -1 : 1;
	if (lws_finalize_http_header(c->wsi, &p, end))
		return -1;
	int n = lws_write(c->wsi, start, (size_t)(p - start),
			  LWS_WRITE_HTTP_HEADERS | LWS_WRITE_H2_STREAM_END);
	return n < 0 ? -1 : 0;
}

/* Returns 1 while more body remains, 0 when done, -1 on error. */
static int write_body(struct http_conn *c)
{
	struct api_response *res = &c->job->res;
	size_t left = res->body.len - c->body_sent;
	size_t n = left > BODY_CHUNK ? BODY_CHUNK : left;
	unsigned char buf[LWS_PRE + BODY_CHUNK];
	memcpy(buf + LWS_PRE, res->body.data + c->body_sent, n);
	bool last = n == left;
	if (lws_write(c->wsi, buf + LWS_PRE, n,
		      last ? LWS_WRITE_HTTP_FINAL : LWS_WRITE_HTTP) != (int)n)
		return -1;
	c->body_sent += n;
	return last ? 0 : 1;
}

static int finish_transaction(struct http_conn *c)
{
	log_request(c->job);
	if (c->close_after)
		return -1;
	job_free(c->job);
	c->job = NULL;
	c->answer_ready = false;
	c->headers_sent = false;
	c->body_sent = 0;
	if (c->body_unread)
		return 0; /* completed when the last of the body has arrived */
	return lws_http_transaction_completed(c->wsi) ? -1 : 0;
}

static int on_body_completion(struct server *srv, struct http_conn *c)
{
	if (c->body_unread) {
		c->body_unread = false;
		if (c->job)
			return 0; /* the early answer is still being written */
		return lws_http_transaction_completed(c->wsi) ? -1 : 0;
	}
	if (c->job && !c->on_worker)
		submit(srv, c);
	return 0;
}

static int on_writable(struct server *srv, struct http_conn *c)
{
	if (!c->job || !c->answer_ready)
		return 0;
	int more;
	if (!c->headers_sent) {
		more = write_headers(srv, c);
		if (more < 0)
			return -1;
		c->headers_sent = true;
	} else {
		more = write_body(c);
		if (more < 0)
			return -1;
	}
	if (more) {
		lws_callback_on_writable(c->wsi);
		return 0;
	}
	return finish_transaction(c);
}

/* Answers at once from the loop, without reading the body, and ends the
 * connection (HTTP/1.1) or the stream (HTTP/2) after the answer. */
static int answer_now(struct http_conn *c, enum err code)
{
	api_reply_error(&c->job->res, code, NULL);
	c->close_after = true;
	c->answer_ready = true;
	lws_callback_on_writable(c->wsi);
	return 0;
}

static int on_request(struct server *srv, struct http_conn *c, struct lws *wsi)
{
	char *uri;
	int urilen;
	int m = lws_http_get_uri_and_method(wsi, &uri, &urilen);
	if (m < 0 || m == LWSHUMETH_COLON_PATH)
		return lws_return_http_status(wsi, HTTP_STATUS_BAD_REQUEST, NULL) ? -1 : 0;
	job_free(c->job);
	c->wsi = wsi;
	c->id = ++srv->next_conn_id;
	c->answer_ready = false;
	c->close_after = false;
	c->body_unread = false;
	c->on_worker = false;
	c->headers_sent = false;
	c->body_sent = 0;
	c->job = job_new(srv, c, wsi, m, uri, urilen);
	char cl[24] = "";
	bool has_length = lws_hdr_copy(wsi, cl, sizeof(cl), WSI_TOKEN_HTTP_CONTENT_LENGTH) > 0;
	bool chunked = lws_hdr_total_length(wsi, WSI_TOKEN_HTTP_TRANSFER_ENCODING) > 0;
	bool h2 = lws_get_network_wsi(wsi) != wsi;
	long long length = strtoll(cl, NULL, 10);
	if (length > c->job->body_limit)
		c->job->req.body_too_large = true;
	bool may_have_body = c->job->req.method == HTTP_POST || c->job->req.method == HTTP_PUT ||
			     c->job->req.method == HTTP_PATCH;
	/* libwebsockets 4.1.6 hands us no HTTP/1.1 chunked body, and no HTTP/2
	 * body without content-length (browsers always send it): say so, and
	 * end the connection or stream rather than leave it hanging */
	if ((chunked && !h2) || (h2 && !has_length && may_have_body))
		return answer_now(c, ERR_LENGTH_REQUIRED);
	/* A body declared too large gets its 413 at once; the body is still
	 * read and dropped so the connection and its other streams live on. */
	if (c->job->req.body_too_large && length > 0) {
		api_reply_error(&c->job->res, ERR_BODY_TOO_LARGE, NULL);
		c->body_unread = true;
		c->answer_ready = true;
		lws_callback_on_writable(wsi);
		return 0;
	}
	if (length > 0 && h2)
		/* let the client send the whole body at once: libwebsockets
		 * 4.1.6 otherwise hands back credit a few hundred bytes at a
		 * time, and a large upload can stall for good (see
		 * docs/architecture.md) */
		lws_h2_update_peer_txcredit(wsi, LWS_H2_STREAM_SID, (int)length);
	if (length > 0)
		return 0; /* the body follows; submitted at completion */
	submit(srv, c);
	return 0;
}

static int on_body(struct http_conn *c, const void *in, size_t len)
{
	if (c->body_unread)
		return 0;
	if (!c->job)
		return -1;
	if (!c->job->req.body_too_large && buf_append(&c->job->body, in, len))
		c->job->req.body_too_large = true;
	if (c->job->req.body_too_large)
		buf_reset(&c->job->body); /* read and drop the rest */
	return 0;
}

static void on_closed(struct server *srv, struct http_conn *c)
{
	if (!c || !c->job)
		return;
	if (c->on_worker) {
		/* the worker still owns the job; the drain will free it */
		waiting_remove(c);
		c->on_worker = false;
	} else {
		job_free(c->job);
	}
	(void)srv;
	c->job = NULL;
}

static int http_cb(struct lws *wsi, enum lws_callback_reasons reason, void *user,
		   void *in, size_t len)
{
	struct server *srv = lws_context_user(lws_get_context(wsi));
	struct http_conn *c = user;
	switch (reason) {
	case LWS_CALLBACK_EVENT_WAIT_CANCELLED:
		http__drain_done(srv);
		return 0;
	case LWS_CALLBACK_FILTER_PROTOCOL_CONNECTION:
		return -1; /* WebSocket only on its own protocol (ws.c) */
	case LWS_CALLBACK_SERVER_NEW_CLIENT_INSTANTIATED: /* a connection accepted */
		heap_trim_accepted(srv->trim);
		return 0;
	case LWS_CALLBACK_HTTP:
		return c ? on_request(srv, c, wsi) : -1;
	case LWS_CALLBACK_HTTP_BODY:
		return c ? on_body(c, in, len) : -1;
	case LWS_CALLBACK_HTTP_BODY_COMPLETION:
		return c ? on_body_completion(srv, c) : 0;
	case LWS_CALLBACK_HTTP_WRITEABLE:
		return c ? on_writable(srv, c) : 0;
	case LWS_CALLBACK_CLOSED_HTTP:
	case LWS_CALLBACK_HTTP_DROP_PROTOCOL:
		on_closed(srv, c);
		return 0;
	default:
		return lws_callback_http_dummy(wsi, reason, user, in, len);
	}
}

const struct lws_protocols http__protocol = {
	"http", http_cb, sizeof(struct http_conn), 0, 0, NULL, 0};

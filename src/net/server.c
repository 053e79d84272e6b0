/* server.c — start-up, the event loop and an orderly stop (see server.h).
 * Main thread (which becomes the loop thread). On SIGTERM/SIGINT it stops
 * taking work, lets requests in flight finish (at most ~4 s), stops the
 * workers (each closes its store connection) and returns 0. */
#include "server.h"
#include "heap.h"
#include "server_int.h"
#include "tls_cert.h"
#include "worker.h"
#include "../api/live.h"
#include "../core/config.h"
#include "../core/instant.h"
#include "../core/log.h"
#include "../core/pool.h"
#include "../db/db.h"
#include "../sec/ratelimit.h"
#include "../sec/seal.h"
#include "../sec/ticket.h"
#include "../sec/turn.h"
#include "../api/api.h"
#include "../core/mem.h"
#include "../signal/hub.h"
#include "../signal/rooms.h"

#include <errno.h>
#include <signal.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <ev.h>

#define DRAIN_MS 4000

static atomic_int stop_signal;
static struct lws_context *signal_context;

static void on_signal(int sig)
{
	atomic_store(&stop_signal, sig);
	if (signal_context)
		lws_cancel_service(signal_context);
}

static int make_dir(const char *path)
{
	if (mkdir(path, 0700) && errno != EEXIST) {
		log_error("mkdir_failed", "path=%s errno=%d", path, errno);
		return -1;
	}
	return 0;
}

/* The data directory, its TLS files and an up-to-date store. */
static int prepare_data(const struct config *cfg, char *cert, char *key,
			size_t n)
{
	if (make_dir(cfg->data_dir))
		return -1;
	if (*cfg->tls_cert) {
		snprintf(cert, n, "%s", cfg->tls_cert);
		snprintf(key, n, "%s", cfg->tls_key);
	} else {
		char dir[2048];
		snprintf(dir, sizeof(dir), "%s/tls", cfg->data_dir);
		snprintf(cert, n, "%s/cert.pem", dir);
		snprintf(key, n, "%s/key.pem", dir);
		bool created;
		if (make_dir(dir) || tls_cert_ensure(cert, key, &created))
			return -1;
		if (created)
			printf("telemed: made a self-signed certificate for localhost "
			       "in %s (pass --tls-cert and --tls-key for a real one)\n",
			       dir);
	}
	char err[256];
	struct db *db = db_open(cfg->db, err, sizeof(err));
	if (!db) {
		log_error("db_open_failed", "msg=\"%s\"", err);
		return -1;
	}
	int applied = 0;
	enum db_rc rc = db_migrate(db, &applied);
	if (rc == DB_OK && !api_live_reset(db))
		rc = DB_ERROR;
	if (rc == DB_OK)
		log_info("db_ready", "driver=%s schema=%d applied=%d",
			 db_driver_name(db), db_schema_version(db), applied);
	db_close(db);
	return rc == DB_OK ? 0 : -1;
}


static struct lws_context *create_context(struct server *srv, const char *cert,
					  const char *key, struct ev_loop *loop)
{
	static struct lws_protocols protocols[3];
	protocols[0] = http__protocol;
	protocols[1] = ws__protocol;
	memset(&protocols[2], 0, sizeof(protocols[2]));
	struct lws_context_creation_info info;
	memset(&info, 0, sizeof(info));
	info.port = srv->cfg->port;
	info.iface = srv->cfg->bind;
	info.protocols = protocols;
	info.user = srv;
	/* libev's loop (epoll) rather than lws's own poll(), which walks every
	 * socket on every turn: with 5,000 live connections that walk was most
	 * of the loop's time (docs/benchmarks.md). libev, not libuv: lws's
	 * libuv glue stops and starts a uv_poll for every change of a socket's
	 * events, and libuv turns each into EPOLL_CTL_DEL and _ADD (~6 calls a
	 * request: GET /api/v1/health fell from 64,000 to 42,000 a second);
	 * libev applies only the net change once a turn. The loop is ours
	 * ("foreign") so that each turn still ends with http__flush. */
	void *foreign[1] = {loop};
	info.foreign_loops = foreign;
	info.pcontext = &srv->lws; /* NULL once lws has finished destroying it */
	info.options = LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT |
		       LWS_SERVER_OPTION_VALIDATE_UTF8 | LWS_SERVER_OPTION_LIBEV;
	info.ssl_cert_filepath = cert;
	info.ssl_private_key_filepath = key;
	info.ssl_options_set = SSL_OP_NO_SSLv2 | SSL_OP_NO_SSLv3 | SSL_OP_NO_TLSv1 |
			       SSL_OP_NO_TLSv1_1 | SSL_OP_NO_COMPRESSION |
			       SSL_OP_CIPHER_SERVER_PREFERENCE;
	info.ssl_cipher_list = "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
			       "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
			       "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";
	/* TLS 1.3 in the same order as 1.2 above (and Mozilla's): AES-128-GCM
	 * first. OpenSSL's own order puts AES-256-GCM first, whose state each
	 * open connection keeps twice (read and write): 158 bytes more per
	 * connection and four more AES rounds a block, for no security a
	 * 128-bit key lacks. All three stay allowed. */
	info.tls1_3_plus_cipher_list = "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:"
				       "TLS_CHACHA20_POLY1305_SHA256";
	/* The server's preference: HTTP/1.1 first, so browsers (which offer
	 * both) speak HTTP/1.1 and clients that offer only h2 get HTTP/2.
	 * libwebsockets 4.1.6's HTTP/2 ends the whole connection (GOAWAY
	 * PROTOCOL_ERROR "More rx than content_length told") whenever a
	 * request body's DATA frame shares a read with any frame after it,
	 * which browsers do all the time: every request on that connection
	 * failed with it. See docs/architecture.md. */
	info.alpn = "http/1.1,h2";
	info.timeout_secs = 30;
	info.keepalive_timeout = 60;
	info.max_http_header_data = 8192;
	info.pt_serv_buf_size = 32768;
	info.vhost_name = "telemed";
	return lws_create_context(&info);
}

/* One turn of the loop: waits for something to happen and serves it. */
static void turn(struct server *srv)
{
	ev_run(srv->loop, EVRUN_ONCE);
	http__flush(srv);
}

static void serve(struct server *srv)
{
	while (!atomic_load(&stop_signal))
		turn(srv);
	log_info("stopping", "signal=%d inflight=%d", atomic_load(&stop_signal),
		 srv->inflight);
	/* new requests now get 503 and new WebSockets are refused; 4.1.6's
	 * lws_context_deprecate() crashes on a server context, so the
	 * listener stays open for the few milliseconds of the drain */
	srv->stopping = true;
	ws__stop(srv);
	int64_t deadline = instant_mono_ms() + DRAIN_MS;
	http__flush(srv);
	while (srv->inflight > 0 && instant_mono_ms() < deadline)
		turn(srv);
}

struct api_env server__api_env(const struct server *srv, struct db *db)
{
	return (struct api_env){.cfg = srv->cfg, .db = db, .limits = srv->limits,
				.tickets = srv->tickets, .turn = srv->turn, .keys = srv->keys,
				.now_ms = instant_now_ms()};
}

/* The TURN secret, when TURN servers are configured: 0, or -1 logged. */
static int load_turn(struct server *srv)
{
	if (!*srv->cfg->turn_urls)
		return 0;
	char err[300];
	srv->turn = mem_calloc(1, sizeof(*srv->turn));
	if (turn_secret_load(srv->turn, srv->cfg->turn_secret_file, err, sizeof(err))) {
		log_error("turn_secret", "%s", err);
		return -1;
	}
	return 0;
}

/* The keys that seal health data at rest, made on first start. */
static int load_keys(struct server *srv)
{
	char err[300];
	srv->keys = seal_keyring_load(srv->cfg->key_file, true, err, sizeof(err));
	if (!srv->keys) {
		log_error("key_file", "msg=\"%s\"", err);
		fprintf(stderr, "telemed: %s\n", err);
		return -1;
	}
	return 0;
}

static void log_levels(const struct config *cfg)
{
	log_set_level((enum log_level)log_level_parse(cfg->log_level));
	lws_set_log_level(LLL_ERR, NULL);
}

int server_run(const struct config *cfg)
{
	log_levels(cfg);
	char cert[4096], key[4096];
	if (prepare_data(cfg, cert, key, sizeof(cert)))
		return 1;
	struct server srv;
	memset(&srv, 0, sizeof(srv));
	srv.cfg = cfg;
	pthread_mutex_init(&srv.done_lock, NULL);
	sec_headers_init(&srv.headers, cfg->web_dir);
	srv.limits = ratelimit_new(cfg->login_window_seconds);
	srv.tickets = ticket_key_new();
	struct pool_config pc = {.workers = cfg->workers,
				 .init_cb = worker_init_cb,
				 .cleanup_cb = worker_cleanup_cb,
				 .arg = (void *)cfg};
	int rc = 1;
	struct ev_loop *loop = ev_loop_new(EVBACKEND_EPOLL);
	srv.loop = loop;
	if (load_turn(&srv) || load_keys(&srv))
		goto out;
	srv.lws = create_context(&srv, cert, key, loop);
	if (!srv.lws) {
		log_error("listen_failed", "port=%d", cfg->port);
		goto out;
	}
	srv.pool = pool_new(&pc);
	srv.trim = heap_trim_start(loop);
	if (!srv.pool || !srv.trim || !ws__start(&srv))
		goto out;
	signal_context = srv.lws;
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	signal(SIGPIPE, SIG_IGN);
	printf("telemed listening on https://localhost:%d\n", cfg->port);
	fflush(stdout);
	serve(&srv);
	rc = 0;
out:
	signal_context = NULL;
	pool_free(srv.pool); /* finishes queued jobs, closes worker stores */
	srv.pool = NULL; /* what comes now (closing WebSockets) is not recorded */
	if (srv.lws) {
		ws__stop(&srv);
		http__drain_done(&srv);
		ws__drain_done(&srv);
		/* on a foreign loop lws 4.1.6 may only close its watchers on
		 * the first call and free the context on a second one once the
		 * loop has let them go (it then clears srv.lws: pcontext) */
		for (int i = 0; srv.lws && i < 2; i++) {
			lws_context_destroy(srv.lws);
			ev_run(loop, EVRUN_NOWAIT);
		}
	}
	heap_trim_stop(srv.trim);
	ev_loop_destroy(loop);
	hub_free(srv.hub);
	rooms_free(srv.rooms);
	ticket_key_free(srv.tickets);
	seal_keyring_free(srv.keys);
	if (srv.turn)
		sodium_memzero(srv.turn, sizeof(*srv.turn));
	free(srv.turn);
	ratelimit_free(srv.limits);
	sec_headers_cleanup(&srv.headers);
	pthread_mutex_destroy(&srv.done_lock);
	log_info("stopped", "code=%d", rc);
	return rc;
}

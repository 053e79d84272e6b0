/* relay.c — the limit of make bench's signalling rows: the least a
 * WebSocket relay over TLS can do. One thread, epoll, non-blocking sockets,
 * OpenSSL. A client upgrades (any path), sends its room's name as its first
 * text message and gets "JOINED"; the second client of a room becomes the
 * first one's peer, and from then on every data frame of either is sent to
 * the other as it is. Pings get pongs, a close gets a close. Nothing else:
 * no identities, no checks, no fragmented messages.
 *   relay --port N --cert cert.pem --key key.pem
 * The TLS and WebSocket framing are bench/c/ws_tls.c, shared with the load
 * generator. Built by bench/run.sh:
 *   cc -O2 -Wall -Wextra -Werror relay.c ../../c/ws_tls.c -lssl -lcrypto */
#define _GNU_SOURCE
#include <errno.h>
#include <malloc.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <openssl/ssl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "../../c/ws_tls.h"

#define ROOM_MAX 64
#define WAITING_SLOTS 16384 /* a power of two */

struct member {
	struct ws_conn *ws;
	bool buried;                 /* its connection died: freed after this turn */
	struct member *peer;         /* once paired */
	struct member *next_waiting; /* while alone in its room; when dead, the next dead */
	char *room;                  /* while alone in its room (owned) */
};

static SSL_CTX *ctx;
static struct member *waiting[WAITING_SLOTS];
static struct member *dead; /* closed this turn: events may still name them */

static struct member **waiting_link(const char *room)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */
	for (const char *p = room; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ull;
	struct member **l = &waiting[h & (WAITING_SLOTS - 1)];
	while (*l && strcmp((*l)->room, room) != 0)
		l = &(*l)->next_waiting;
	return l;
}

static void leave_waiting(struct member *m)
{
	if (!m->room)
		return;
	struct member **l = waiting_link(m->room);
	if (*l == m)
		*l = m->next_waiting;
	free(m->room);
	m->room = NULL;
}

/* Unpairs a member whose connection died; frees it after this turn. */
static void bury(struct member *m)
{
	if (m->buried)
		return;
	m->buried = true;
	if (m->peer)
		m->peer->peer = NULL;
	m->peer = NULL;
	leave_waiting(m);
	ws_close(m->ws);
	m->next_waiting = dead;
	dead = m;
}

static void free_dead(void)
{
	while (dead) {
		struct member *m = dead;
		dead = m->next_waiting;
		ws_free(m->ws);
		free(m);
	}
}

/* The first message: the room's name. Pairs m with whoever waits there. */
static bool join(struct member *m, const unsigned char *name, size_t n)
{
	if (m->room || n == 0 || n > ROOM_MAX || memchr(name, 0, n))
		return false;
	char room[ROOM_MAX + 1];
	memcpy(room, name, n);
	room[n] = '\0';
	struct member **l = waiting_link(room);
	if (*l) {
		struct member *first = *l;
		leave_waiting(first);
		first->peer = m;
		m->peer = first;
	} else {
		m->room = strdup(room);
		if (!m->room)
			return false;
		m->next_waiting = NULL;
		*l = m;
	}
	ws_send(m->ws, 1, "JOINED", 6);
	return true;
}

/* Answers the upgrade request. */
static bool on_head(struct ws_conn *ws, char *p)
{
	static const char guid[] = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
	char *key = NULL;
	for (char *line = strstr(p, "\r\n"); line && line[2]; line = strstr(line + 2, "\r\n"))
		if (strncasecmp(line + 2, "Sec-WebSocket-Key:", 18) == 0)
			key = line + 20;
	if (!key)
		return false;
	while (*key == ' ')
		key++;
	size_t kl = strcspn(key, " \r");
	char joined[128];
	if (kl == 0 || kl + sizeof(guid) > sizeof(joined))
		return false;
	memcpy(joined, key, kl);
	memcpy(joined + kl, guid, sizeof(guid));
	unsigned char sha[SHA_DIGEST_LENGTH];
	SHA1((unsigned char *)joined, kl + sizeof(guid) - 1, sha);
	char accept[64], reply[256];
	EVP_EncodeBlock((unsigned char *)accept, sha, sizeof(sha));
	int n = snprintf(reply, sizeof(reply),
			 "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
			 "Connection: Upgrade\r\nSec-WebSocket-Accept: %s\r\n\r\n", accept);
	ws_send_raw(ws, reply, (size_t)n);
	return true;
}

static bool on_frame(struct ws_conn *ws, struct ws_frame *f)
{
	struct member *m = ws->owner;
	if (f->opcode == 1 || f->opcode == 2) {
		if (m->peer)
			ws_send(m->peer->ws, f->opcode, f->payload, f->len);
		else if (!join(m, f->payload, f->len))
			return false;
	} else if (f->opcode == 8) {
		ws_send(ws, 8, f->payload, f->len < 2 ? f->len : 2);
		return false;
	} else if (f->opcode == 9) {
		ws_send(ws, 10, f->payload, f->len);
	}
	return true;
}

static const struct ws_handlers handlers = {on_head, on_frame};

static unsigned accepted; /* connections, ever */

/* What telemed does (src/net/heap.c), so the limit keeps every generic
 * saving: after at least 64 new connections and a second without one (or
 * 4096 of them), malloc_trim(0) gives back the free pages the TLS
 * handshakes left between the connections that live on (~2 kB a
 * connection at 1,000). Called once a second or so. */
static void trim_heap(void)
{
	static unsigned at_tick, at_trim;
	unsigned fresh = accepted - at_tick, since = accepted - at_trim;
	at_tick = accepted;
	if (since < 64 || (fresh && since < 4096))
		return;
	at_trim = accepted;
	malloc_trim(0);
}

static void on_accept(int lfd)
{
	for (;;) {
		int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK);
		if (fd < 0)
			return;
		accepted++;
		int one = 1;
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		struct member *m = calloc(1, sizeof(*m));
		if (!m || !(m->ws = ws_new(ctx, fd, false, m))) {
			if (!m)
				close(fd);
			free(m);
		}
	}
}

static int listen_on(int port)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0), one = 1;
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port),
				.sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) || listen(fd, 4096))
		return -1;
	return fd;
}

int main(int argc, char **argv)
{
	const char *cert = NULL, *key = NULL;
	int port = 0;
	for (int i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--port"))
			port = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--cert"))
			cert = argv[i + 1];
		else if (!strcmp(argv[i], "--key"))
			key = argv[i + 1];
	}
	signal(SIGPIPE, SIG_IGN);
	ctx = SSL_CTX_new(TLS_server_method());
	if (!port || !cert || !key || !ctx ||
	    !SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) ||
	    SSL_CTX_use_certificate_chain_file(ctx, cert) != 1 ||
	    SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) != 1) {
		fprintf(stderr, "usage: relay --port N --cert cert.pem --key key.pem\n");
		ERR_print_errors_fp(stderr);
		return 2;
	}
	SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS | SSL_MODE_ENABLE_PARTIAL_WRITE |
				      SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
	/* telemed's TLS 1.3 order (src/net/server.c): AES-128-GCM first, the
	 * smaller state of the two AES ones (158 bytes less a connection) */
	SSL_CTX_set_options(ctx, SSL_OP_CIPHER_SERVER_PREFERENCE);
	SSL_CTX_set_ciphersuites(ctx, "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:"
				      "TLS_CHACHA20_POLY1305_SHA256");
	int lfd = listen_on(port);
	int epfd = epoll_create1(0);
	struct epoll_event ev = {.events = EPOLLIN, .data.ptr = NULL};
	if (lfd < 0 || epfd < 0 || epoll_ctl(epfd, EPOLL_CTL_ADD, lfd, &ev)) {
		perror("relay: listen");
		return 1;
	}
	ws_init(epfd);
	printf("relay listening on %d\n", port);
	fflush(stdout);
	struct epoll_event events[256];
	for (time_t last = time(NULL);;) {
		int n = epoll_wait(epfd, events, 256, 1000);
		if (time(NULL) != last) {
			last = time(NULL);
			trim_heap();
		}
		for (int i = 0; i < n; i++) {
			struct ws_conn *ws = events[i].data.ptr;
			if (!ws) {
				on_accept(lfd);
				continue;
			}
			if (events[i].events & EPOLLOUT)
				ws_flush(ws);
			if (events[i].events & (EPOLLIN | EPOLLERR | EPOLLHUP))
				ws_read(ws, &handlers);
			/* serving a connection touches only it and its peer */
			struct member *m = ws->owner;
			if (m->peer && m->peer->ws->dead)
				bury(m->peer);
			if (ws->dead)
				bury(m);
		}
		free_dead();
	}
}

/* relay.c — the limit of make bench's signalling rows: the least a
 * WebSocket relay over TLS can do. One thread, epoll, non-blocking sockets,
 * OpenSSL. A client upgrades (any path), sends its room's name as its first
 * text message and gets "JOINED"; the second client of a room becomes the
 * first one's peer, and from then on every data frame of either is sent to
 * the other as it is. Pings get pongs, a close gets a close. Nothing else:
 * no identities, no checks, no fragmented messages.
 *   relay --port N --cert cert.pem --key key.pem
 * Built by bench/run.sh: cc -O2 -Wall -Wextra -Werror relay.c -lssl -lcrypto */
#define _GNU_SOURCE
#include <errno.h>
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
#include <unistd.h>

#define MESSAGE_MAX 65536
#define REQUEST_MAX 8192
#define ROOM_MAX 64
#define WAITING_SLOTS 16384 /* a power of two */

enum state { HANDSHAKE, UPGRADE, OPEN };

struct conn {
	int fd;
	SSL *ssl;
	enum state state;
	bool polling_out;
	bool dead;                 /* closed; freed after this turn's events */
	struct conn *peer;         /* once paired */
	struct conn *next_waiting; /* while alone in its room; when dead, the next dead */
	char *room;                /* while alone in its room (owned) */
	unsigned char *in;         /* bytes of an unfinished request or frame */
	size_t in_len;
	unsigned char *out; /* plaintext not yet taken by SSL_write */
	size_t out_len, out_cap;
};

static int epfd;
static SSL_CTX *ctx;
static struct conn *waiting[WAITING_SLOTS];
static struct conn *dead; /* closed this turn: events may still name them */
static unsigned char readbuf[MESSAGE_MAX + 16];

static struct conn **waiting_link(const char *room)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */
	for (const char *p = room; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ull;
	struct conn **l = &waiting[h & (WAITING_SLOTS - 1)];
	while (*l && strcmp((*l)->room, room) != 0)
		l = &(*l)->next_waiting;
	return l;
}

static void leave_waiting(struct conn *c)
{
	if (!c->room)
		return;
	struct conn **l = waiting_link(c->room);
	if (*l == c)
		*l = c->next_waiting;
	free(c->room);
	c->room = NULL;
}

static void close_conn(struct conn *c)
{
	if (c->dead)
		return;
	if (c->peer)
		c->peer->peer = NULL;
	c->peer = NULL;
	leave_waiting(c);
	close(c->fd); /* also leaves the epoll set */
	c->dead = true;
	c->next_waiting = dead;
	dead = c;
}

static void free_dead(void)
{
	while (dead) {
		struct conn *c = dead;
		dead = c->next_waiting;
		SSL_free(c->ssl);
		free(c->in);
		free(c->out);
		free(c);
	}
}

static void poll_out(struct conn *c, bool on)
{
	if (c->polling_out == on)
		return;
	struct epoll_event ev = {.events = EPOLLIN | (on ? EPOLLOUT : 0), .data.ptr = c};
	epoll_ctl(epfd, EPOLL_CTL_MOD, c->fd, &ev);
	c->polling_out = on;
}

/* Writes what is queued; a connection that fails is closed. */
static void flush(struct conn *c)
{
	size_t done = 0;
	if (c->dead)
		return;
	while (done < c->out_len) {
		int n = SSL_write(c->ssl, c->out + done, (int)(c->out_len - done));
		if (n > 0) {
			done += (size_t)n;
			continue;
		}
		int e = SSL_get_error(c->ssl, n);
		if (e != SSL_ERROR_WANT_WRITE && e != SSL_ERROR_WANT_READ) {
			close_conn(c);
			return;
		}
		break;
	}
	memmove(c->out, c->out + done, c->out_len - done);
	c->out_len -= done;
	if (!c->out_len) { /* an idle connection holds no buffer */
		free(c->out);
		c->out = NULL;
		c->out_cap = 0;
	}
	poll_out(c, c->out_len > 0);
}

static bool queue_bytes(struct conn *c, const void *p, size_t n)
{
	if (c->out_len + n > c->out_cap) {
		size_t cap = c->out_cap ? c->out_cap : 512;
		while (cap < c->out_len + n)
			cap *= 2;
		unsigned char *grown = realloc(c->out, cap);
		if (!grown)
			return false;
		c->out = grown;
		c->out_cap = cap;
	}
	memcpy(c->out + c->out_len, p, n);
	c->out_len += n;
	return true;
}

/* Sends one unmasked frame; a connection that fails is closed. */
static void send_frame(struct conn *c, int opcode, const void *payload, size_t n)
{
	if (c->dead)
		return;
	unsigned char h[4] = {(unsigned char)(0x80 | opcode)};
	size_t hl = 2;
	if (n < 126) {
		h[1] = (unsigned char)n;
	} else { /* n <= MESSAGE_MAX < 65536 */
		h[1] = 126;
		h[2] = (unsigned char)(n >> 8);
		h[3] = (unsigned char)n;
		hl = 4;
	}
	if (!queue_bytes(c, h, hl) || !queue_bytes(c, payload, n))
		close_conn(c);
	else
		flush(c);
}

/* The first message: the room's name. Pairs c with whoever waits there. */
static bool join(struct conn *c, const unsigned char *name, size_t n)
{
	if (c->room || n == 0 || n > ROOM_MAX || memchr(name, 0, n))
		return false;
	char room[ROOM_MAX + 1];
	memcpy(room, name, n);
	room[n] = '\0';
	struct conn **l = waiting_link(room);
	if (*l) {
		struct conn *first = *l;
		leave_waiting(first);
		first->peer = c;
		c->peer = first;
	} else {
		c->room = strdup(room);
		if (!c->room)
			return false;
		c->next_waiting = NULL;
		*l = c;
	}
	send_frame(c, 1, "JOINED", 6);
	return true;
}

static void base64(const unsigned char *in, int n, char *out)
{
	EVP_EncodeBlock((unsigned char *)out, in, n);
}

/* Answers the upgrade request in p[0..n) (complete: ends with CRLF CRLF). */
static bool upgrade(struct conn *c, char *p)
{
	static const char guid[] = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
	char *key = NULL;
	for (char *line = strstr(p, "\r\n"); line && line[2] != '\r'; line = strstr(line + 2, "\r\n"))
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
	base64(sha, sizeof(sha), accept);
	int n = snprintf(reply, sizeof(reply),
			 "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
			 "Connection: Upgrade\r\nSec-WebSocket-Accept: %s\r\n\r\n", accept);
	c->state = OPEN;
	return queue_bytes(c, reply, (size_t)n);
}

/* One client frame at p[0..n): its length, 0 if incomplete, -1 if c must
 * close. Acts on it (unmasking in place). */
static long frame(struct conn *c, unsigned char *p, size_t n)
{
	if (n < 2)
		return 0;
	int opcode = p[0] & 0x0f;
	bool fin = p[0] & 0x80, masked = p[1] & 0x80;
	size_t len = p[1] & 0x7f, at = 2;
	if (len == 126) {
		if (n < 4)
			return 0;
		len = (size_t)p[2] << 8 | p[3];
		at = 4;
	} else if (len == 127) {
		return -1; /* over MESSAGE_MAX */
	}
	if (!fin || !masked || len > MESSAGE_MAX || opcode == 0)
		return -1;
	if (n < at + 4 + len)
		return 0;
	unsigned char *mask = p + at, *payload = p + at + 4;
	for (size_t i = 0; i < len; i++)
		payload[i] ^= mask[i & 3];
	if (opcode == 1 || opcode == 2) {
		if (c->peer)
			send_frame(c->peer, opcode, payload, len);
		else if (!join(c, payload, len))
			return -1;
	} else if (opcode == 8) {
		send_frame(c, 8, payload, len < 2 ? len : 2);
		return -1;
	} else if (opcode == 9) {
		send_frame(c, 10, payload, len);
	}
	return (long)(at + 4 + len);
}

/* Handles bytes read from c: the upgrade request, then frames. What is
 * not complete yet is kept in c->in. */
static void feed(struct conn *c, unsigned char *data, size_t n)
{
	unsigned char *p = data;
	if (c->in_len) {
		unsigned char *more = realloc(c->in, c->in_len + n + 1);
		if (!more)
			goto fail;
		memcpy(more + c->in_len, data, n);
		c->in = more;
		p = more;
		n += c->in_len;
	}
	size_t used = 0;
	if (c->state == UPGRADE) {
		p[n] = '\0'; /* readbuf and c->in have a spare byte */
		char *end = strstr((char *)p, "\r\n\r\n");
		if (!end && n > REQUEST_MAX)
			goto fail;
		if (end && !upgrade(c, (char *)p))
			goto fail;
		if (end) {
			used = (size_t)(end + 4 - (char *)p);
			flush(c);
		}
	}
	while (c->state == OPEN && !c->dead && used < n) {
		long f = frame(c, p + used, n - used);
		if (f < 0)
			goto fail;
		if (f == 0)
			break;
		used += (size_t)f;
	}
	if (c->dead)
		return;
	size_t rest = n - used;
	unsigned char *keep = rest ? malloc(rest + 1) : NULL;
	if (rest && !keep)
		goto fail;
	if (rest)
		memcpy(keep, p + used, rest);
	free(c->in);
	c->in = keep;
	c->in_len = rest;
	return;
fail:
	close_conn(c);
}

static void on_readable(struct conn *c)
{
	if (c->state == HANDSHAKE) {
		int r = SSL_accept(c->ssl);
		if (r <= 0) {
			int e = SSL_get_error(c->ssl, r);
			if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE)
				close_conn(c);
			return;
		}
		c->state = UPGRADE;
	}
	for (;;) {
		int n = SSL_read(c->ssl, readbuf, MESSAGE_MAX);
		if (n > 0) {
			feed(c, readbuf, (size_t)n);
			if (c->dead)
				return;
			continue;
		}
		int e = SSL_get_error(c->ssl, n);
		if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE)
			close_conn(c);
		return;
	}
}

static void on_accept(int lfd)
{
	for (;;) {
		int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK);
		if (fd < 0)
			return;
		int one = 1;
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		struct conn *c = calloc(1, sizeof(*c));
		SSL *ssl = c ? SSL_new(ctx) : NULL;
		if (!ssl) {
			free(c);
			close(fd);
			continue;
		}
		c->fd = fd;
		c->ssl = ssl;
		SSL_set_fd(ssl, fd);
		struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
		epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev);
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
	int lfd = listen_on(port);
	epfd = epoll_create1(0);
	struct epoll_event ev = {.events = EPOLLIN, .data.ptr = NULL};
	if (lfd < 0 || epfd < 0 || epoll_ctl(epfd, EPOLL_CTL_ADD, lfd, &ev)) {
		perror("relay: listen");
		return 1;
	}
	printf("relay listening on %d\n", port);
	fflush(stdout);
	struct epoll_event events[256];
	for (;;) {
		int n = epoll_wait(epfd, events, 256, -1);
		for (int i = 0; i < n; i++) {
			struct conn *c = events[i].data.ptr;
			if (!c) {
				on_accept(lfd);
				continue;
			}
			if (events[i].events & EPOLLOUT)
				flush(c);
			if (!c->dead && events[i].events & (EPOLLIN | EPOLLERR | EPOLLHUP))
				on_readable(c);
		}
		free_dead();
	}
}

/* ws_tls.c — a WebSocket connection over OpenSSL on a non-blocking socket
 * (see ws_tls.h). The TLS handshake happens inside the first SSL_read or
 * SSL_write (SSL_set_accept_state / SSL_set_connect_state). */
#define _GNU_SOURCE
#include "ws_tls.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

static int epfd = -1;
static unsigned char readbuf[WS_MESSAGE_MAX + 16];

void ws_init(int fd)
{
	epfd = fd;
}

struct ws_conn *ws_new(SSL_CTX *ctx, int fd, bool client, void *owner)
{
	struct ws_conn *c = calloc(1, sizeof(*c));
	SSL *ssl = c ? SSL_new(ctx) : NULL;
	struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
	if (!ssl || epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev)) {
		SSL_free(ssl);
		free(c);
		close(fd);
		return NULL;
	}
	c->fd = fd;
	c->ssl = ssl;
	c->client = client;
	c->owner = owner;
	SSL_set_fd(ssl, fd);
	SSL_set_read_ahead(ssl, 1); /* a record's header and body in one read(2) */
	if (client)
		SSL_set_connect_state(ssl);
	else
		SSL_set_accept_state(ssl);
	return c;
}

void ws_close(struct ws_conn *c)
{
	if (c->dead)
		return;
	close(c->fd); /* also leaves the epoll set */
	c->dead = true;
}

void ws_free(struct ws_conn *c)
{
	SSL_free(c->ssl);
	free(c->in);
	free(c->out);
	free(c);
}

static void poll_out(struct ws_conn *c, bool on)
{
	if (c->polling_out == on)
		return;
	struct epoll_event ev = {.events = EPOLLIN | (on ? EPOLLOUT : 0), .data.ptr = c};
	epoll_ctl(epfd, EPOLL_CTL_MOD, c->fd, &ev);
	c->polling_out = on;
}

void ws_flush(struct ws_conn *c)
{
	size_t done = 0;
	bool want_write = false;
	while (!c->dead && done < c->out_len) {
		int n = SSL_write(c->ssl, c->out + done, (int)(c->out_len - done));
		if (n > 0) {
			done += (size_t)n;
			continue;
		}
		int e = SSL_get_error(c->ssl, n);
		if (e == SSL_ERROR_WANT_WRITE)
			want_write = true;
		else if (e != SSL_ERROR_WANT_READ) /* WANT_READ: the handshake waits for the peer */
			ws_close(c);
		break;
	}
	if (c->dead)
		return;
	memmove(c->out, c->out + done, c->out_len - done);
	c->out_len -= done;
	if (!c->out_len) { /* an idle connection holds no buffer */
		free(c->out);
		c->out = NULL;
		c->out_cap = 0;
	}
	poll_out(c, want_write);
}

static bool reserve(struct ws_conn *c, size_t n)
{
	if (c->out_len + n <= c->out_cap)
		return true;
	size_t cap = c->out_cap ? c->out_cap : 512;
	while (cap < c->out_len + n)
		cap *= 2;
	unsigned char *grown = realloc(c->out, cap);
	if (!grown)
		return false;
	c->out = grown;
	c->out_cap = cap;
	return true;
}

void ws_send_raw(struct ws_conn *c, const void *p, size_t n)
{
	if (c->dead)
		return;
	if (!reserve(c, n)) {
		ws_close(c);
		return;
	}
	memcpy(c->out + c->out_len, p, n);
	c->out_len += n;
	ws_flush(c);
}

void ws_send(struct ws_conn *c, int opcode, const void *payload, size_t n)
{
	if (c->dead)
		return;
	if (n > WS_MESSAGE_MAX || !reserve(c, 8 + n)) {
		ws_close(c);
		return;
	}
	unsigned char *h = c->out + c->out_len;
	size_t at = 2;
	h[0] = (unsigned char)(0x80 | opcode);
	if (n < 126) {
		h[1] = (unsigned char)n;
	} else {
		h[1] = 126;
		h[2] = (unsigned char)(n >> 8);
		h[3] = (unsigned char)n;
		at = 4;
	}
	memcpy(h + at + (c->client ? 4 : 0), payload, n);
	if (c->client) { /* any mask will do for a benchmark's own traffic */
		static const unsigned char mask[4] = {0x37, 0xfa, 0x21, 0x3d};
		h[1] |= 0x80;
		memcpy(h + at, mask, 4);
		for (size_t i = 0; i < n; i++)
			h[at + 4 + i] ^= mask[i & 3];
		at += 4;
	}
	c->out_len += at + n;
	ws_flush(c);
}

long ws_parse(const struct ws_conn *c, unsigned char *p, size_t n, struct ws_frame *f)
{
	if (n < 2)
		return 0;
	bool fin = p[0] & 0x80, masked = p[1] & 0x80;
	size_t len = p[1] & 0x7f, at = 2;
	if (len == 126) {
		if (n < 4)
			return 0;
		len = (size_t)p[2] << 8 | p[3];
		at = 4;
	} else if (len == 127) {
		return -1; /* over WS_MESSAGE_MAX */
	}
	f->opcode = p[0] & 0x0f;
	if (!fin || f->opcode == 0 || masked == c->client || len > WS_MESSAGE_MAX)
		return -1;
	size_t mask_at = at;
	if (masked)
		at += 4;
	if (n < at + len)
		return 0;
	f->payload = p + at;
	f->len = len;
	for (size_t i = 0; masked && i < len; i++)
		f->payload[i] ^= p[mask_at + (i & 3)];
	return (long)(at + len);
}

#define HEAD_MAX 8192

/* Handles p[0..n): the head, then whole frames. Returns the bytes used, or
 * -1 when c must close. */
static long consume(struct ws_conn *c, unsigned char *p, size_t n, const struct ws_handlers *h)
{
	size_t at = 0;
	if (!c->upgraded) {
		p[n] = '\0'; /* readbuf and c->in have a spare byte */
		char *end = strstr((char *)p, "\r\n\r\n");
		if (!end)
			return n > HEAD_MAX ? -1 : 0;
		end[2] = '\0';
		if (!h->on_head(c, (char *)p))
			return -1;
		c->upgraded = true;
		at = (size_t)(end + 4 - (char *)p);
	}
	struct ws_frame f;
	long len;
	while (!c->dead && at < n && (len = ws_parse(c, p + at, n - at, &f)) != 0) {
		if (len < 0 || !h->on_frame(c, &f))
			return -1;
		at += (size_t)len;
	}
	return (long)at;
}

/* Hands data (joined with what was kept) to h; keeps the rest. */
static void take(struct ws_conn *c, unsigned char *data, size_t n, const struct ws_handlers *h)
{
	unsigned char *p = data;
	if (c->in_len) {
		unsigned char *more = realloc(c->in, c->in_len + n + 1);
		if (!more) {
			ws_close(c);
			return;
		}
		memcpy(more + c->in_len, data, n);
		c->in = more;
		p = more;
		n += c->in_len;
	}
	long used = consume(c, p, n, h);
	if (c->dead)
		return;
	if (used < 0) {
		ws_close(c);
		return;
	}
	size_t rest = n - (size_t)used;
	unsigned char *keep = rest ? malloc(rest + 1) : NULL;
	if (rest && !keep) {
		ws_close(c);
		return;
	}
	if (rest)
		memcpy(keep, p + used, rest);
	free(c->in);
	c->in = keep;
	c->in_len = rest;
}

/* With read-ahead (see ws_new) one read(2) takes what the socket holds;
 * the loop stops when OpenSSL holds nothing more, and epoll (level
 * triggered) says when the socket has more: no read(2) ends in EAGAIN. */
void ws_read(struct ws_conn *c, const struct ws_handlers *h)
{
	while (!c->dead) {
		int n = SSL_read(c->ssl, readbuf, WS_MESSAGE_MAX);
		if (n > 0) {
			take(c, readbuf, (size_t)n, h);
			if (SSL_has_pending(c->ssl))
				continue;
			break;
		}
		int e = SSL_get_error(c->ssl, n);
		if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE)
			ws_close(c);
		break;
	}
	if (!c->dead && c->out_len) /* a write that waited for the handshake */
		ws_flush(c);
}

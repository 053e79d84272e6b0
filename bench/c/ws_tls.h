/* ws_tls.h — what make bench's C relay and C load generator share: a
 * WebSocket connection over OpenSSL on a non-blocking socket in an epoll
 * set. Bytes read are joined with what an earlier read left unfinished and
 * handed to the owner; frames are parsed (and unmasked) and written (masked
 * when the connection is a client's); what SSL_write cannot take yet waits
 * in the connection and is written when the socket is writable again. An
 * idle connection holds no buffers. Single-threaded. */
#ifndef BENCH_WS_TLS_H
#define BENCH_WS_TLS_H
#include <openssl/ssl.h>
#include <stdbool.h>
#include <stddef.h>

#define WS_MESSAGE_MAX 65536

struct ws_conn {
	int fd;
	SSL *ssl;
	bool client;      /* masks the frames it sends */
	bool dead;        /* closed: the owner frees it when no event can name it */
	bool polling_out; /* EPOLLOUT is on */
	bool upgraded;    /* the HTTP head has been handled */
	unsigned char *in; /* bytes of an unfinished request, response or frame */
	size_t in_len;
	unsigned char *out; /* plaintext not yet taken by SSL_write */
	size_t out_len, out_cap;
	void *owner; /* epoll's data.ptr names the ws_conn; this names the owner's */
};

struct ws_frame {
	int opcode;
	unsigned char *payload; /* unmasked, inside the buffer parsed */
	size_t len;
};

/* The epoll set every connection is in (data.ptr = the ws_conn). */
void ws_init(int epfd);

/* A new connection on fd (non-blocking, not yet in the epoll set): adds it
 * with EPOLLIN. NULL when out of memory (fd is then closed). */
struct ws_conn *ws_new(SSL_CTX *ctx, int fd, bool client, void *owner);

/* Closes the socket and marks c dead; ws_free later. */
void ws_close(struct ws_conn *c);
void ws_free(struct ws_conn *c);

/* What the owner does with what arrives: the HTTP head of the upgrade (a
 * request for a server, the 101 response for a client; NUL-terminated, at
 * most 8 kB) and then each frame. Either returns false when c must close. */
struct ws_handlers {
	bool (*on_head)(struct ws_conn *c, char *head);
	bool (*on_frame)(struct ws_conn *c, struct ws_frame *f);
};

/* Reads what is there and hands it to h; what is not complete yet is kept
 * for the next read. Closes c on EOF, error, or when a handler says so. */
void ws_read(struct ws_conn *c, const struct ws_handlers *h);

/* One frame at p[0..n): its length, 0 when incomplete, -1 when malformed
 * (fragmented, over WS_MESSAGE_MAX, or masked the wrong way for c). */
long ws_parse(const struct ws_conn *c, unsigned char *p, size_t n, struct ws_frame *f);

/* Queues bytes as they are (a handshake), or one frame; then writes. A
 * connection that fails is closed. */
void ws_send_raw(struct ws_conn *c, const void *p, size_t n);
void ws_send(struct ws_conn *c, int opcode, const void *payload, size_t n);

/* Writes what is queued (call on EPOLLOUT). */
void ws_flush(struct ws_conn *c);

#endif

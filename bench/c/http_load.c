/* http_load.c — make bench's fixed-rate (open-loop) HTTPS load generator,
 * in C so that the instrument's own delays stay far below what it
 * measures (bench/loadgen.mjs, the Node.js one it replaces, added ~3 ms at
 * p99 to a health check answered in microseconds: its garbage collector
 * and event loop).
 *
 * Request i is due at start + i / rate whatever the answers do; its
 * latency counts from when it was due, so a server that falls behind pays
 * for the queue (no coordinated omission). Keep-alive HTTP/1.1
 * connections, one request at a time each, opened (and each used once,
 * untimed) before the clock starts; a due request that finds every
 * connection busy waits for one, its clock running. Paths are taken in
 * turn from a file. Prints one JSON line:
 * {rate, seconds, sent, ok, errors, achieved, p50_ms, p99_ms, max_ms}.
 *
 *   http_load --port PORT --ca cert.pem --paths FILE --rate 500
 *             [--seconds 5] [--connections 64] [--token T]
 */
#define _GNU_SOURCE
#include "bench_util.h"

#include <errno.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <unistd.h>

#define RESPONSE_MAX (4 << 20)
#define STALL_MS 10000.0 /* no answer for this long: the run fails */

struct conn {
	int fd;
	SSL *ssl;
	bool busy, polling_out;
	double due;          /* when the request in flight was due */
	char *out;           /* the request, while SSL_write has not taken it all */
	size_t out_len, out_done;
	char *in;            /* the response so far */
	size_t in_len, in_cap;
};

const char *bench_name = "http_load";
static int port, epfd, nconns = 64;
static SSL_CTX *ctx;
static struct conn *conns;
static char **paths;
static size_t npaths;
static const char *token;
static double *latencies;
static long nlat, errors, answered;
static double last_answer; /* when the latest answer came */

static void read_paths(const char *file)
{
	FILE *f = fopen(file, "r");
	if (!f)
		die("%s: %s", file, strerror(errno));
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	while ((n = getline(&line, &cap, f)) > 0) {
		while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (!n)
			continue;
		paths = realloc(paths, (npaths + 1) * sizeof(*paths));
		if (!paths || !(paths[npaths++] = strdup(line)))
			die("out of memory");
	}
	free(line);
	fclose(f);
	if (!npaths)
		die("%s holds no path", file);
}

static void poll_out(struct conn *c, bool on)
{
	if (c->polling_out == on)
		return;
	struct epoll_event ev = {.events = EPOLLIN | (on ? EPOLLOUT : 0), .data.ptr = c};
	if (epoll_ctl(epfd, EPOLL_CTL_MOD, c->fd, &ev))
		die("epoll_ctl: %s", strerror(errno));
	c->polling_out = on;
}

static void open_conn(struct conn *c)
{
	int fd = connect_loopback(port);
	struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
	if (!(c->ssl = SSL_new(ctx)) || epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev))
		die("out of memory");
	c->fd = fd;
	SSL_set_fd(c->ssl, fd);
	SSL_set_tlsext_host_name(c->ssl, "localhost");
	SSL_set1_host(c->ssl, "localhost");
	SSL_set_connect_state(c->ssl);
}

/* Writes what SSL_write takes of the request; the rest waits for EPOLLOUT
 * (or, during the handshake, for the server's answer). */
static void flush(struct conn *c)
{
	while (c->out_done < c->out_len) {
		int n = SSL_write(c->ssl, c->out + c->out_done, (int)(c->out_len - c->out_done));
		if (n > 0) {
			c->out_done += (size_t)n;
			continue;
		}
		int e = SSL_get_error(c->ssl, n);
		if (e != SSL_ERROR_WANT_WRITE && e != SSL_ERROR_WANT_READ)
			die("the server closed a connection (SSL error %d)", e);
		poll_out(c, e == SSL_ERROR_WANT_WRITE);
		return;
	}
	poll_out(c, false);
}

static void send_request(struct conn *c, size_t i, double due)
{
	free(c->out);
	c->out_len = (size_t)asprintf(&c->out,
				      "GET %s HTTP/1.1\r\nHost: localhost:%d\r\n%s%s%s"
				      "Connection: keep-alive\r\n\r\n",
				      paths[i % npaths], port, token ? "Authorization: Bearer " : "",
				      token ? token : "", token ? "\r\n" : "");
	if (!c->out)
		die("out of memory");
	c->out_done = 0;
	c->in_len = 0;
	c->busy = true;
	c->due = due;
	flush(c);
}

/* The length of a whole response at c->in (head and body), 0 while it is
 * incomplete; *status gets its status code. Bodies come with
 * Content-Length or chunked. */
static size_t whole_response(struct conn *c, int *status)
{
	c->in[c->in_len] = '\0';
	char *end = strstr(c->in, "\r\n\r\n");
	if (!end)
		return 0;
	size_t head = (size_t)(end + 4 - c->in);
	*status = atoi(c->in + 9);
	for (char *h = strstr(c->in, "\r\n"); h && h < end; h = strstr(h + 2, "\r\n")) {
		if (!strncasecmp(h + 2, "content-length:", 15)) {
			size_t len = strtoul(h + 17, NULL, 10);
			return c->in_len >= head + len ? head + len : 0;
		}
	}
	/* chunked: sizes in hex, each chunk followed by CRLF, a 0 chunk last */
	size_t at = head;
	for (;;) {
		char *line_end = strstr(c->in + at, "\r\n");
		if (!line_end)
			return 0;
		size_t size = strtoul(c->in + at, NULL, 16);
		at = (size_t)(line_end + 2 - c->in) + size + 2;
		if (at > c->in_len)
			return 0;
		if (!size)
			return at;
	}
}

/* Reads what the server sent; a whole response frees the connection. */
static void receive(struct conn *c)
{
	for (;;) {
		if (c->in_cap - c->in_len < 16384 + 1) {
			c->in_cap = c->in_cap ? c->in_cap * 2 : 65536;
			if (c->in_cap > RESPONSE_MAX || !(c->in = realloc(c->in, c->in_cap)))
				die("a response over %d bytes", RESPONSE_MAX);
		}
		int n = SSL_read(c->ssl, c->in + c->in_len, (int)(c->in_cap - c->in_len - 1));
		if (n <= 0) {
			int e = SSL_get_error(c->ssl, n);
			if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE)
				die("the server closed a connection (SSL error %d)", e);
			break;
		}
		c->in_len += (size_t)n;
	}
	if (c->out_done < c->out_len) /* a request that waited for the handshake */
		flush(c);
	int status = 0;
	if (!c->busy || !whole_response(c, &status))
		return;
	c->busy = false;
	answered++;
	last_answer = now_ms();
	if (status == 200)
		latencies[nlat++] = now_ms() - c->due;
	else
		errors++;
}

/* Waits up to timeout_ms for sockets that are ready, writes what waits
 * for a writable socket and reads what came. */
static void pump(int timeout_ms)
{
	struct epoll_event ready[256];
	int n = epoll_wait(epfd, ready, 256, timeout_ms);
	for (struct epoll_event *e = ready; e < ready + n; e++) {
		if (e->events & EPOLLOUT)
			flush(e->data.ptr);
		if (e->events & (EPOLLIN | EPOLLERR | EPOLLHUP))
			receive(e->data.ptr);
	}
}

static struct conn *idle_conn(void)
{
	for (int i = 0; i < nconns; i++)
		if (!conns[i].busy)
			return &conns[i];
	return NULL;
}

int main(int argc, char **argv)
{
	const char *ca = NULL, *paths_file = NULL;
	double rate = 0, seconds = 5;
	for (int i = 1; i + 1 < argc; i += 2) {
		const char *k = argv[i], *v = argv[i + 1];
		if (!strcmp(k, "--port"))
			port = atoi(v);
		else if (!strcmp(k, "--ca"))
			ca = v;
		else if (!strcmp(k, "--paths"))
			paths_file = v;
		else if (!strcmp(k, "--rate"))
			rate = atof(v);
		else if (!strcmp(k, "--seconds"))
			seconds = atof(v);
		else if (!strcmp(k, "--connections"))
			nconns = atoi(v);
		else if (!strcmp(k, "--token"))
			token = v;
		else
			die("unknown option %s", k);
	}
	if (!port || !ca || !paths_file || rate <= 0 || seconds <= 0 || nconns < 1)
		die("usage: http_load --port P --ca FILE --paths FILE --rate R [--seconds S] "
		    "[--connections N] [--token T]");
	read_paths(paths_file);
	long total = (long)(rate * seconds + 0.5);
	if (!(latencies = calloc((size_t)total + 1, sizeof(*latencies))) ||
	    !(conns = calloc((size_t)nconns, sizeof(*conns))))
		die("out of memory");
	ctx = SSL_CTX_new(TLS_client_method());
	if (!ctx || SSL_CTX_load_verify_locations(ctx, ca, NULL) != 1)
		die("cannot load %s", ca);
	SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
	if ((epfd = epoll_create1(0)) < 0)
		die("epoll: %s", strerror(errno));

	/* every connection opened and used once before the clock starts, as
	 * a browser's would be */
	for (int i = 0; i < nconns; i++) {
		open_conn(&conns[i]);
		send_request(&conns[i], 0, now_ms());
	}
	double deadline = now_ms() + STALL_MS;
	while (answered < nconns && now_ms() < deadline)
		pump(10);
	if (answered < nconns)
		die("the warm-up requests were not all answered");
	nlat = errors = answered = 0;

	double start = now_ms() + 50;
	long sent = 0;
	while (answered < total) {
		double now = now_ms();
		struct conn *c;
		while (sent < total && start + (double)sent * 1000.0 / rate <= now &&
		       (c = idle_conn()) != NULL) {
			send_request(c, (size_t)sent, start + (double)sent * 1000.0 / rate);
			sent++;
		}
		if (now - (last_answer > start ? last_answer : start) > STALL_MS)
			die("answers stopped coming (%ld of %ld)", answered, total);
		/* epoll_wait's timeout is in whole milliseconds: it sleeps only
		 * when the next request is more than 2 ms away, and spins this
		 * core otherwise, so no request leaves late */
		double wait = sent < total ? start + (double)sent * 1000.0 / rate - now_ms() : 10;
		pump(wait > 2 ? (int)wait - 1 : 0);
	}
	double elapsed = (now_ms() - start) / 1000.0;
	sort_values(latencies, nlat);
	printf("{\"rate\":%g,\"seconds\":%g,\"sent\":%ld,\"ok\":%ld,\"errors\":%ld,"
	       "\"achieved\":%.3f,\"p50_ms\":%.3f,\"p99_ms\":%.3f,\"max_ms\":%.3f}\n",
	       rate, seconds, sent, nlat, errors, (double)nlat / elapsed, pct(latencies, nlat, 0.5),
	       pct(latencies, nlat, 0.99), pct(latencies, nlat, 1.0));
	return 0;
}

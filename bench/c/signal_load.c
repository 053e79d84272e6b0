/* signal_load.c — make bench's signalling load generator, in C because the
 * Node.js one (ws) could not send more than ~14,000 messages a second with
 * a p99 under 50 ms even to the C relay on this machine: the tool, not the
 * server, set the pace. One contender per run: telemed (/ws, telemed.v1:
 * HELLO with a session token, then JOIN with a room ticket), the Socket.IO
 * peer (raw Engine.IO 4 / Socket.IO 5 packets over a WebSocket: "40" to
 * connect, 42["JOIN",…], 42["message",…], "3" for each ping "2") or the C
 * relay (the room's name, then frames). Every connection is a participant
 * of one doctor/patient pair of `telemed demo --pairs` (file lines:
 * appointment doctor-id doctor-token patient-id patient-token
 * [doctor-ticket patient-ticket], tickets from bench/signal_tickets.mjs).
 *
 * 1. Memory: opens --conns (e.g. 1000,5000,10000) joined, idle connections
 *    step by step; after each, waits for the server's VmRSS to settle and
 *    reports (VmRSS − VmRSS before the first connection) / connections.
 * 2. Latency: closes connections down to --latency-conns, then sends
 *    CANDIDATE messages (shaped as Chromium's, ~420 bytes) from each pair's
 *    doctor to its patient, round-robin over the pairs, open loop: message
 *    i is due at start + i / rate whatever happened before, and its latency
 *    is receive time − due time, so a server that falls behind pays for its
 *    queue. At each of --rates for --seconds, then up the --ladder for
 *    --step-seconds a step until p99 reaches 50 ms or a message is lost
 *    (twice in a row: the cores are shared with other work, so a step that
 *    fails is run once more after the server is quiet again).
 * Prints one JSON line: {kind, memory:[…], fixed:[…], ladder:[…], highest}.
 * With --memory-only 1, step 2 is left out (fixed and ladder are empty);
 * --hold-seconds N then keeps the connections open N seconds more (to look
 * at the server meanwhile, e.g. with a heap profiler).
 *   signal_load --kind telemed|socketio|relay --port N --ca cert.pem --pid SERVER_PID
 *     --pairs FILE [--conns 1000,5000,10000] [--latency-conns 5000]
 *     [--rates 1000,5000] [--seconds 5] [--ladder 1000,2000,…] [--step-seconds 3]
 *     [--memory-only 1 [--hold-seconds N]]
 * Built by bench/run.sh: cc -O2 -Wall -Wextra -Werror signal_load.c ws_tls.c -lssl -lcrypto */
#define _GNU_SOURCE
#include "bench_util.h"
#include "ws_tls.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_LIST 32
#define OPENING_AT_ONCE 200
#define CANDIDATE "candidate:842163049 1 udp 1677729535 203.0.113.7 50123 typ srflx " \
		  "raddr 10.0.0.2 rport 50123 generation 0 ufrag Yx9f network-cost 999"

enum kind { TELEMED, SOCKETIO, RELAY };

struct member {
	char *id, *token, *ticket;
};

struct client;

struct pair {
	char *appt;
	struct member doctor, patient;
	struct client *dc, *pc;
	char *prefix; /* the doctor's CANDIDATE up to its due time */
};

struct client {
	struct ws_conn *ws;
	struct pair *pair;
	struct member *member;
	bool joined, leaving;
	int step; /* of the kind's joining dialogue */
};

static enum kind kind;
static int port, server_pid;
static SSL_CTX *ctx;
static int epfd;
static struct pair *pairs;
static int npairs, nopen; /* pairs read; pairs whose two clients are started */
static int joined, opening;

/* the latency step under way */
static struct {
	bool on;
	double since;
	double *lat;
	long received, total;
} rec;

const char *bench_name = "signal_load";

static int parse_list(const char *s, long *out)
{
	int n = 0;
	for (char *end; s && *s && n < MAX_LIST; s = *end ? end + 1 : end)
		out[n++] = strtol(s, &end, 10);
	return n;
}

static char *field(char **p)
{
	char *f = strsep(p, " \n");
	return f && *f ? strdup(f) : NULL;
}

static void read_pairs(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		die("cannot read %s", path);
	char line[2048];
	int cap = 0;
	while (fgets(line, sizeof(line), f)) {
		if (npairs == cap) {
			cap = cap ? cap * 2 : 1024;
			pairs = realloc(pairs, (size_t)cap * sizeof(*pairs));
		}
		struct pair *p = &pairs[npairs++];
		memset(p, 0, sizeof(*p));
		char *s = line;
		p->appt = field(&s);
		p->doctor.id = field(&s);
		p->doctor.token = field(&s);
		p->patient.id = field(&s);
		p->patient.token = field(&s);
		p->doctor.ticket = field(&s);
		p->patient.ticket = field(&s);
		if (!p->patient.token)
			die("%s: a line without five fields", path);
		if (asprintf(&p->prefix,
			     "{\"type\":\"CANDIDATE\",\"sender\":\"%s\",\"data\":{\"to\":\"%s\",\"from\":\"%s\","
			     "\"session_id\":\"%s\",\"media\":\"video\",\"candidate\":{\"candidate\":\"" CANDIDATE
			     "\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0,\"usernameFragment\":\"Yx9f\"},\"sent_at\":",
			     p->doctor.id, p->patient.id, p->doctor.id, p->appt) < 0)
			die("out of memory");
	}
	fclose(f);
}

/* ---- joining: the kind's dialogue after the upgrade ---- */

/* What client c sends at step (into buf; 0: nothing), and the text the
 * answer must hold; NULL when c has joined. */
static const char *dialogue(struct client *c, int step, char *buf, size_t n, int *len)
{
	*len = 0;
	switch (kind) {
	case TELEMED:
		if (step == 0)
			*len = snprintf(buf, n, "{\"type\":\"HELLO\",\"token\":\"%s\"}", c->member->token);
		else if (step == 1)
			*len = snprintf(buf, n, "{\"type\":\"JOIN\",\"ticket\":\"%s\"}", c->member->ticket);
		return step == 0 ? "\"WELCOME\"" : step == 1 ? "\"JOINED\"" : NULL;
	case SOCKETIO:
		if (step == 1)
			*len = snprintf(buf, n, "40");
		else if (step == 2)
			*len = snprintf(buf, n, "42[\"JOIN\",{\"session_id\":\"%s\"}]", c->pair->appt);
		return step == 0 ? "0{" : step == 1 ? "40" : step == 2 ? "42[\"JOINED\"" : NULL;
	case RELAY:
		if (step == 0)
			*len = snprintf(buf, n, "%s", c->pair->appt);
		return step == 0 ? "JOINED" : NULL;
	}
	return NULL;
}

static void say_next(struct client *c)
{
	char buf[1024];
	int len;
	if (!dialogue(c, c->step, buf, sizeof(buf), &len)) {
		c->joined = true;
		joined++;
		opening--;
		return;
	}
	if (len)
		ws_send(c->ws, 1, buf, (size_t)len);
}

static void on_text(struct client *c, const char *p, size_t n)
{
	if (kind == SOCKETIO && n == 1 && p[0] == '2') {
		ws_send(c->ws, 1, "3", 1); /* Engine.IO ping */
		return;
	}
	const char *at = memmem(p, n, "\"sent_at\":", 10);
	if (at) {
		char num[32];
		size_t k = n - (size_t)(at + 10 - p);
		k = k < sizeof(num) - 1 ? k : sizeof(num) - 1;
		memcpy(num, at + 10, k);
		num[k] = '\0';
		double due = strtod(num, NULL);
		if (rec.on && due >= rec.since && rec.received < rec.total)
			rec.lat[rec.received++] = now_ms() - due;
		return;
	}
	if (c->joined)
		return; /* QUEUE, WAITING, …: not measured */
	char buf[8];
	int len;
	const char *want = dialogue(c, c->step, buf, 0, &len);
	size_t wl = want ? strlen(want) : 0;
	/* telemed's answers are JSON objects; the others' start with the packet */
	if (want && (kind == TELEMED ? memmem(p, n, want, wl) != NULL : n >= wl && !memcmp(p, want, wl))) {
		c->step++;
		say_next(c);
	} else if (memmem(p, n, "\"ERROR\"", 7) || (kind == SOCKETIO && n >= 2 && !memcmp(p, "44", 2))) {
		die("joining: %.*s", (int)(n > 300 ? 300 : n), p);
	}
}

static bool on_frame(struct ws_conn *ws, struct ws_frame *f)
{
	if (f->opcode == 1)
		on_text(ws->owner, (char *)f->payload, f->len);
	else if (f->opcode == 9)
		ws_send(ws, 10, f->payload, f->len);
	else if (f->opcode == 8)
		die("the server closed a connection: %.*s", (int)f->len, (char *)f->payload);
	return true;
}

static bool on_head(struct ws_conn *ws, char *head)
{
	if (strncmp(head, "HTTP/1.1 101", 12) != 0)
		die("upgrade refused: %s", head);
	say_next(ws->owner);
	return true;
}

static const struct ws_handlers handlers = {on_head, on_frame};

static struct client *start(struct pair *p, struct member *m)
{
	static const char *const paths[] = {"/ws", "/socket.io/?EIO=4&transport=websocket", "/"};
	int fd = connect_loopback(port);
	struct client *c = calloc(1, sizeof(*c));
	if (!c || !(c->ws = ws_new(ctx, fd, true, c)))
		die("out of memory");
	c->pair = p;
	c->member = m;
	SSL_set_tlsext_host_name(c->ws->ssl, "localhost");
	SSL_set1_host(c->ws->ssl, "localhost");
	char req[512];
	int n = snprintf(req, sizeof(req),
			 "GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUpgrade: websocket\r\n"
			 "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
			 "Sec-WebSocket-Version: 13\r\nOrigin: https://127.0.0.1:%d\r\n%s\r\n",
			 paths[kind], port, port,
			 kind == TELEMED ? "Sec-WebSocket-Protocol: telemed.v1\r\n" : "");
	ws_send_raw(c->ws, req, (size_t)n);
	opening++;
	return c;
}

/* One turn of the loop: waits up to timeout_ms, serves what is ready. */
static void pump(int timeout_ms)
{
	struct epoll_event events[512];
	int n = epoll_wait(epfd, events, 512, timeout_ms);
	for (int i = 0; i < n; i++) {
		struct ws_conn *ws = events[i].data.ptr;
		if (events[i].events & EPOLLOUT)
			ws_flush(ws);
		if (events[i].events & (EPOLLIN | EPOLLERR | EPOLLHUP))
			ws_read(ws, &handlers);
		if (ws->dead && !((struct client *)ws->owner)->leaving)
			die("a connection was lost (%d joined)", joined);
	}
}

static void open_up_to(int conns)
{
	if (conns / 2 > npairs)
		die("%d pairs needed, %d in the file", conns / 2, npairs);
	double deadline = now_ms() + 300e3;
	while (joined < 2 * (conns / 2)) {
		while (nopen < conns / 2 && opening < OPENING_AT_ONCE) {
			struct pair *p = &pairs[nopen++];
			p->dc = start(p, &p->doctor);
			p->pc = start(p, &p->patient);
		}
		pump(5);
		if (now_ms() > deadline)
			die("%d of %d connections joined in 300 s", joined, conns);
	}
}

static void leave(struct client *c)
{
	c->leaving = true;
	ws_close(c->ws);
	ws_free(c->ws);
	free(c);
	joined--;
}

static void close_down_to(int conns)
{
	while (nopen > conns / 2) {
		struct pair *p = &pairs[--nopen];
		leave(p->dc);
		leave(p->pc);
		p->dc = p->pc = NULL;
	}
}

/* ---- the server's memory ---- */

static long rss_kb(void)
{
	char path[64], line[256];
	snprintf(path, sizeof(path), "/proc/%d/status", server_pid);
	FILE *f = fopen(path, "r");
	long kb = -1;
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "VmRSS: %ld", &kb) == 1)
			break;
	if (f)
		fclose(f);
	if (kb < 0)
		die("cannot read %s", path);
	return kb;
}

/* CPU time the server has used, in clock ticks. */
static long cpu_ticks(void)
{
	char path[64], buf[1024];
	snprintf(path, sizeof(path), "/proc/%d/stat", server_pid);
	FILE *f = fopen(path, "r");
	size_t n = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;
	if (f)
		fclose(f);
	buf[n] = '\0';
	char *p = strrchr(buf, ')'); /* after the command's name: state, then fields 4 … */
	unsigned long utime = 0, stime = 0;
	if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &utime,
			 &stime) != 2)
		die("cannot read %s", path);
	return (long)(utime + stime);
}

/* Serves the connections until the server is quiet: VmRSS within 0.2 %
 * (or 64 kB) and under 5 % of a core used, for 2 s in a row (at most
 * 60 s). telemed, say, records each patient's arrival on a worker after
 * JOINED has been sent. */
static long settled(void)
{
	long prev = rss_kb(), ticks = cpu_ticks(), hz = sysconf(_SC_CLK_TCK);
	for (int i = 0, still = 0; i < 120 && still < 4; i++) {
		for (double until = now_ms() + 500; now_ms() < until;)
			pump(50);
		long now = rss_kb(), t = cpu_ticks();
		long d = now > prev ? now - prev : prev - now;
		bool quiet = d <= (prev / 500 > 64 ? prev / 500 : 64) && (t - ticks) * 40 <= hz;
		still = quiet ? still + 1 : 0;
		prev = now;
		ticks = t;
	}
	return prev;
}

/* ---- latency at a fixed offered rate ---- */

/* Runs one step; prints its JSON object into out. Returns p99 (ms), or -1
 * when a message was lost. */
static double step(long rate, double secs, char *out, size_t outlen)
{
	long total = (long)((double)rate * secs);
	double *lag = malloc((size_t)total * sizeof(double));
	rec.lat = malloc((size_t)total * sizeof(double));
	if (!lag || !rec.lat)
		die("out of memory");
	double start = now_ms() + 20;
	rec.since = start - 1;
	rec.received = 0;
	rec.total = total;
	rec.on = true;
	const char *pre = kind == SOCKETIO ? "42[\"message\"," : "";
	const char *post = kind == SOCKETIO ? "]" : "";
	char msg[1024];
	for (long i = 0; i < total;) {
		double now = now_ms();
		for (; i < total; i++) {
			double due = start + (double)i * 1000.0 / (double)rate;
			if (due > now)
				break;
			struct pair *p = &pairs[i % nopen];
			int n = snprintf(msg, sizeof(msg), "%s%s%.3f}}%s", pre, p->prefix, due, post);
			ws_send(p->dc->ws, 1, msg, (size_t)n);
			lag[i] = now - due;
		}
		pump(0);
	}
	for (double until = now_ms() + 5000; rec.received < total && now_ms() < until;)
		pump(1);
	rec.on = false;
	for (double until = now_ms() + 200; now_ms() < until;) /* stragglers */
		pump(10);
	sort_values(rec.lat, rec.received);
	sort_values(lag, total);
	double p99 = pct(rec.lat, rec.received, 0.99);
	snprintf(out, outlen,
		 "{\"rate\":%ld,\"seconds\":%g,\"sent\":%ld,\"received\":%ld,\"lost\":%ld,"
		 "\"per_connection_rate\":%.2f,\"p50_ms\":%.3f,\"p99_ms\":%.3f,\"max_ms\":%.3f,"
		 "\"send_lag_p99_ms\":%.3f}",
		 rate, secs, total, rec.received, total - rec.received, (double)rate / nopen,
		 pct(rec.lat, rec.received, 0.5), p99, pct(rec.lat, rec.received, 1.0),
		 pct(lag, total, 0.99));
	fprintf(stderr, "signal_load %s: %s\n", kind == TELEMED ? "telemed" : kind == SOCKETIO ? "socketio" : "relay", out);
	free(lag);
	free(rec.lat);
	rec.lat = NULL;
	return rec.received < total ? -1 : p99;
}

/* ---- the run ---- */

int main(int argc, char **argv)
{
	const char *kind_name = NULL, *ca = NULL, *pairs_file = NULL;
	const char *conns_s = "1000,5000,10000", *rates_s = "1000,5000",
		   *ladder_s = "1000,2000,3000,5000,7000,10000,14000,20000,28000,40000,56000,80000";
	int latency_conns = 5000, memory_only = 0, hold_seconds = 0;
	double secs = 5, step_secs = 3;
	for (int i = 1; i + 1 < argc; i += 2) {
		const char *k = argv[i], *v = argv[i + 1];
		if (!strcmp(k, "--kind")) kind_name = v;
		else if (!strcmp(k, "--port")) port = atoi(v);
		else if (!strcmp(k, "--ca")) ca = v;
		else if (!strcmp(k, "--pid")) server_pid = atoi(v);
		else if (!strcmp(k, "--pairs")) pairs_file = v;
		else if (!strcmp(k, "--conns")) conns_s = v;
		else if (!strcmp(k, "--latency-conns")) latency_conns = atoi(v);
		else if (!strcmp(k, "--rates")) rates_s = v;
		else if (!strcmp(k, "--seconds")) secs = atof(v);
		else if (!strcmp(k, "--ladder")) ladder_s = v;
		else if (!strcmp(k, "--step-seconds")) step_secs = atof(v);
		else if (!strcmp(k, "--memory-only")) memory_only = atoi(v);
		else if (!strcmp(k, "--hold-seconds")) hold_seconds = atoi(v);
		else die("unknown option %s", k);
	}
	static const char *const names[] = {"telemed", "socketio", "relay"};
	int known = -1;
	for (int i = 0; kind_name && i < 3; i++)
		if (!strcmp(kind_name, names[i]))
			known = i;
	if (known < 0 || !port || !ca || !server_pid || !pairs_file)
		die("usage: signal_load --kind telemed|socketio|relay --port N --ca cert.pem "
		    "--pid SERVER_PID --pairs FILE [...]");
	kind = (enum kind)known;
	long conns[MAX_LIST], rates[MAX_LIST], ladder[MAX_LIST];
	int nconns = parse_list(conns_s, conns), nrates = parse_list(rates_s, rates),
	    nladder = parse_list(ladder_s, ladder);
	signal(SIGPIPE, SIG_IGN);
	read_pairs(pairs_file);
	if (kind == TELEMED && !pairs[0].patient.ticket)
		die("telemed needs tickets in %s (bench/signal_tickets.mjs)", pairs_file);
	ctx = SSL_CTX_new(TLS_client_method());
	if (!ctx || SSL_CTX_load_verify_locations(ctx, ca, NULL) != 1)
		die("cannot load %s", ca);
	SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
	SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
	epfd = epoll_create1(0);
	ws_init(epfd);

	char line[1024];
	printf("{\"kind\":\"%s\",\"memory\":[", kind_name);
	long before = settled();
	for (int i = 0; i < nconns; i++) {
		double t0 = now_ms();
		open_up_to((int)conns[i]);
		double opened = (now_ms() - t0) / 1000;
		long rss = settled();
		printf("%s{\"conns\":%ld,\"rss_before_kb\":%ld,\"rss_kb\":%ld,\"bytes_per_conn\":%ld,"
		       "\"opened_s\":%.1f}", i ? "," : "", conns[i], before, rss,
		       (rss - before) * 1024 / conns[i], opened);
		fprintf(stderr, "signal_load %s: %ld connections, VmRSS %ld -> %ld kB, %ld B each\n",
			kind_name, conns[i], before, rss, (rss - before) * 1024 / conns[i]);
	}
	if (memory_only) {
		fprintf(stderr, "signal_load %s: holding %d connections %d s\n", kind_name, joined,
			hold_seconds);
		for (double until = now_ms() + hold_seconds * 1e3; now_ms() < until;)
			pump(100);
		printf("],\"fixed\":[],\"ladder\":[],\"highest\":0}\n");
		return 0;
	}
	close_down_to(latency_conns);
	open_up_to(latency_conns);
	settled();
	step(1000, 2, line, sizeof(line)); /* warm-up, not reported: caches, a collector's first pass */
	printf("],\"fixed\":[");
	for (int i = 0; i < nrates; i++) {
		step(rates[i], secs, line, sizeof(line));
		printf("%s%s", i ? "," : "", line);
	}
	printf("],\"ladder\":[");
	long highest = 0;
	for (int i = 0; i < nladder; i++) {
		double p99 = step(ladder[i], step_secs, line, sizeof(line));
		printf("%s%s", i ? "," : "", line);
		if (p99 < 0 || p99 >= 50) { /* the cores are shared: a step that fails gets one more try */
			settled();
			p99 = step(ladder[i], step_secs, line, sizeof(line));
			printf(",%s", line);
		}
		if (p99 < 0 || p99 >= 50)
			break;
		highest = ladder[i];
	}
	printf("],\"highest\":%ld}\n", highest);
	return 0;
}

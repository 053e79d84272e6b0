/* tls_conn_mem.c — the heap an OpenSSL server connection keeps once its
 * handshake is over: N connections, each a client and a server SSL on a
 * socketpair in this process; the client reads the tickets and sends a
 * few bytes, the server reads them and answers, the client is freed, the
 * server kept; prints (malloc's bytes in use after − before) / N. With
 * SSL_MODE_RELEASE_BUFFERS, as telemed (libwebsockets) and the relay set
 * it. The options say what to change, to see what each is worth:
 *   tls12        the client offers TLS 1.2 at most
 *   aes128       server order TLS_AES_128_GCM_SHA256 first (telemed's)
 *   chacha       server order TLS_CHACHA20_POLY1305_SHA256 first
 *   notickets    SSL_CTX_set_num_tickets(0)
 *   noticket_op  SSL_OP_NO_TICKET (stateful: the session goes in the cache)
 *   cache_off    SSL_SESS_CACHE_OFF
 *   readahead    SSL_set_read_ahead(1) on the server
 *   norelease    without SSL_MODE_RELEASE_BUFFERS
 *   x25519, p256 the client's key share (its default is X25519)
 * Not part of make bench; for docs/benchmarks.md's note on memory:
 *   cc -O2 -o tls_conn_mem bench/c/tls_conn_mem.c -lssl -lcrypto
 *   ./tls_conn_mem 2000 cert.pem key.pem [option ...]
 * Figures here (OpenSSL 3.0.19, P-256 certificate, 2,000 connections):
 * TLS 1.3 AES-256-GCM 14,319 bytes, aes128 14,161, chacha 13,938,
 * notickets 14,347, noticket_op 15,433, cache_off and readahead as the
 * default, p256 17,773, tls12 13,113 (AES-128-GCM), norelease 47,632. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int has(int argc, char **argv, const char *o)
{
	for (int i = 4; i < argc; i++)
		if (!strcmp(argv[i], o))
			return 1;
	return 0;
}

int main(int argc, char **argv)
{
	int n = atoi(argv[1]);
	SSL_CTX *s = SSL_CTX_new(TLS_server_method()), *c = SSL_CTX_new(TLS_client_method());
	SSL_CTX_set_min_proto_version(s, TLS1_2_VERSION);
	if (SSL_CTX_use_certificate_chain_file(s, argv[2]) != 1 ||
	    SSL_CTX_use_PrivateKey_file(s, argv[3], SSL_FILETYPE_PEM) != 1) {
		ERR_print_errors_fp(stderr);
		return 1;
	}
	if (!has(argc, argv, "norelease"))
		SSL_CTX_set_mode(s, SSL_MODE_RELEASE_BUFFERS);
	if (has(argc, argv, "tls12"))
		SSL_CTX_set_max_proto_version(c, TLS1_2_VERSION);
	SSL_CTX_set_options(s, SSL_OP_CIPHER_SERVER_PREFERENCE);
	if (has(argc, argv, "chacha")) {
		SSL_CTX_set_ciphersuites(s, "TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256");
		SSL_CTX_set_cipher_list(s, "ECDHE-ECDSA-CHACHA20-POLY1305");
	}
	if (has(argc, argv, "aes128")) {
		SSL_CTX_set_ciphersuites(s, "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384");
		SSL_CTX_set_cipher_list(s, "ECDHE-ECDSA-AES128-GCM-SHA256");
	}
	if (has(argc, argv, "notickets"))
		SSL_CTX_set_num_tickets(s, 0);
	if (has(argc, argv, "noticket_op"))
		SSL_CTX_set_options(s, SSL_OP_NO_TICKET);
	if (has(argc, argv, "cache_off"))
		SSL_CTX_set_session_cache_mode(s, SSL_SESS_CACHE_OFF);
	if (has(argc, argv, "x25519"))
		SSL_CTX_set1_groups_list(c, "X25519");
	if (has(argc, argv, "p256"))
		SSL_CTX_set1_groups_list(c, "P-256");
	SSL **keep = calloc((size_t)n, sizeof(*keep));
	/* warm up: one connection made and dropped (lazy global state) */
	for (int round = 0; round < 2; round++) {
		int count = round ? n : 1;
		struct mallinfo2 before = mallinfo2();
		for (int i = 0; i < count; i++) {
			int sv[2];
			socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
			fcntl(sv[0], F_SETFL, O_NONBLOCK);
			fcntl(sv[1], F_SETFL, O_NONBLOCK);
			SSL *ss = SSL_new(s), *cs = SSL_new(c);
			SSL_set_fd(ss, sv[0]);
			SSL_set_fd(cs, sv[1]);
			if (has(argc, argv, "readahead"))
				SSL_set_read_ahead(ss, 1);
			SSL_set_accept_state(ss);
			SSL_set_connect_state(cs);
			int sd = 0, cd = 0;
			for (int k = 0; k < 100 && !(sd && cd); k++) {
				if (!cd && SSL_do_handshake(cs) == 1)
					cd = 1;
				if (!sd && SSL_do_handshake(ss) == 1)
					sd = 1;
			}
			if (!sd || !cd) {
				fprintf(stderr, "handshake failed\n");
				ERR_print_errors_fp(stderr);
				return 1;
			}
			/* client reads the tickets, sends a little; server reads it
			 * and then finds nothing more (buffers released) */
			char b[64];
			SSL_read(cs, b, sizeof(b));
			SSL_write(cs, "hello", 5);
			for (int k = 0; k < 3; k++)
				SSL_read(ss, b, sizeof(b));
			SSL_write(ss, "hi", 2);
			SSL_free(cs);
			close(sv[1]);
			if (round)
				keep[i] = ss;
			else {
				SSL_free(ss);
				close(sv[0]);
			}
		}
		struct mallinfo2 after = mallinfo2();
		if (round) {
			SSL *ss = keep[0];
			printf("%-24s %s %s: %zu heap bytes per connection (arena %zu)\n",
			       argc > 4 ? argv[4] : "default", SSL_get_version(ss),
			       SSL_CIPHER_get_name(SSL_get_current_cipher(ss)),
			       (after.uordblks + after.hblkhd - before.uordblks - before.hblkhd) / (size_t)n,
			       (after.arena - before.arena) / (size_t)n);
		}
	}
	return 0;
}

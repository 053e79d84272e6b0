/* server.h — the running server: one libwebsockets event loop (this thread)
 * that owns every socket, and a worker pool for everything that may block. */
#ifndef TELEMED_SERVER_H
#define TELEMED_SERVER_H

struct config;

/* Prepares the data directory, TLS certificate, store and threads, then
 * serves until SIGTERM/SIGINT. Returns the process exit code. */
int server_run(const struct config *cfg);

#endif

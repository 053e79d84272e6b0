/* config.h — every setting of the server, read from one table (config.c) that
 * drives command-line flags, TELEMED_* environment variables, an optional
 * `name = value` file, the defaults and `telemed --help`.
 * Precedence: defaults < file < environment < flags.
 * Built once at start on the main thread, read-only afterwards (any thread). */
#ifndef TELEMED_CONFIG_H
#define TELEMED_CONFIG_H
#include <stdbool.h>
#include <stdio.h>

#define CONFIG_ORIGINS_MAX 8

struct config {
	int port;
	char *bind;
	char *data_dir;
	char *web_dir;
	char *node_modules_dir;
	char *tls_cert;
	char *tls_key;
	char *db;       /* store location; default DATA/telemed.db */
	char *key_file; /* sealing keys; default telemed.keys beside the store */
	char *origin_extra; /* comma-separated extra allowed origins */
	int workers;
	long max_body_bytes;
	int session_idle_seconds;
	int session_absolute_seconds;
	int login_max_failures_account;
	int login_max_failures_address;
	int login_window_seconds;
	int reminder_tick_seconds;
	int join_early_minutes;
	int join_late_minutes;
	char *stun_urls;        /* comma-separated */
	char *turn_urls;        /* comma-separated */
	char *turn_secret_file; /* shared with coturn */
	int turn_ttl_seconds;
	int relay_only;         /* clinic-wide privacy mode */
	int research_k;         /* research exports: the smallest group (k-anonymity) */
	char *log_level;
	char *config_file;
	/* derived by config_finish() */
	char *origins[CONFIG_ORIGINS_MAX];
	int norigins;
};

/* Fills defaults, then file, environment and argv[first..argc) flags.
 * Unknown flags or bad values: prints a message to err and returns -1. */
int config_load(struct config *cfg, int argc, char **argv, int first, FILE *err);
void config_cleanup(struct config *cfg);
/* Writes the option table as help text. */
void config_print_help(FILE *out);
/* true when origin (e.g. "https://localhost:8443") is one of ours. */
bool config_origin_allowed(const struct config *cfg, const char *origin);

#endif

/* retention.h — how long the clinic keeps each kind of data (issue 8), and
 * the purge of what has outlived it: run daily by the server's tick (once a
 * day across all nodes) and on demand by `telemed retention run` or an
 * administrator's page. Every run and every change of a rule is audited.
 * Worker threads or the CLI, with that thread's own store connection. */
#ifndef TELEMED_RETENTION_H
#define TELEMED_RETENTION_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/err.h"
#include "principal.h"

struct db;

#define RETENTION_DAYS_MAX 36500

/* The rules, each kind with its period and what it covers (administrators
 * only: ERR_FORBIDDEN): {"rules":[{"kind","keep_days","default_days",
 * "covers"}],"last_run":{"at","by","purged":{…}}|null}. */
enum err retention_rules(struct db *db, const struct principal *who, json_t **out);

/* Sets the periods of the kinds named in rules ([{"kind","keep_days"}]);
 * ERR_INVALID_VALUE (msg says which) for an unknown kind or a period outside
 * 1..RETENTION_DAYS_MAX, and then nothing changes. Audited. */
enum err retention_set(struct db *db, const struct principal *who, const json_t *rules,
		       int64_t now_ms, char *msg, size_t msglen);

/* Purges everything past its period as of now_ms: *purged (may be NULL)
 * gets {kind: rows}. who is NULL for the system (the daily run), otherwise
 * an administrator (ERR_FORBIDDEN for anyone else). Audited as
 * retention.run with the counts. */
enum err retention_run(struct db *db, const struct principal *who, int64_t now_ms,
		       json_t **purged);

/* The daily run: does nothing (ERR_OK, *ran false) when today's run was
 * already claimed, here or on another node. */
enum err retention_daily(struct db *db, int64_t now_ms, bool *ran);

#endif

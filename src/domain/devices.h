/* devices.h — the patient's devices of the Web of Things (issue 7): each
 * gets a token the patient issues (shown once, stored as its hash) and may
 * revoke; with it the device pushes observations for that patient
 * (observations.h, source "device"). Only patients have devices (others
 * ERR_FORBIDDEN); another's device is ERR_NOT_FOUND. The name is sealed at
 * rest; issuing and revoking are audited.
 * Worker threads, with that thread's own store connection. */
#ifndef TELEMED_DEVICES_H
#define TELEMED_DEVICES_H
#include <jansson.h>

#include "record.h"

#define DEVICE_NAME_MAX 100 /* characters */
#define DEVICES_LIVE_MAX 20 /* devices not revoked, per patient */

/* A new device named name: ERR_CONFLICT past DEVICES_LIVE_MAX.
 * *out: {"id","name","token","created_at"}. */
enum err devices_issue(const struct record_ctx *ctx, const char *name, json_t **out);

/* The caller's devices, oldest first, revoked ones too:
 * {"items":[{"id","name","created_at","last_used_at","revoked_at"}]}. */
enum err devices_list(const struct record_ctx *ctx, json_t **out);

/* Revokes one at once (again: nothing changes). */
enum err devices_revoke(const struct record_ctx *ctx, const char *id);

/* The patient behind device_id's token, as *patient (with ip kept):
 * ERR_UNAUTHENTICATED unless token is that device's, not revoked, and its
 * patient's account is active; ERR_ACCOUNT_LOCKED when that account is
 * locked. Marks the device used. Its own transaction. */
enum err devices_authenticate(struct db *db, const char *device_id, const char *token,
			      int64_t now_ms, struct principal *patient);

#endif

/* observations.c — storing and reading vital signs (see observations.h).
 * An observation's value and source are one sealed JSON object
 * {"value","source"}; its code and instant stay clear for the indexes. */
#include "observations.h"
#include "audit.h"
#include "care.h"
#include "consent.h"
#include "record_int.h"
#include "sealed.h"
#include "vital_alerts.h"
#include "../core/instant.h"
#include "../core/mem.h"
#include "../db/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const patient_sources[] = {"manual", "bluetooth", "simulated"};

json_t *observation_json(const struct observation *o)
{
	return json_pack("{s:s,s:s,s:f,s:s,s:o,s:s}", "id", o->id, "code", o->code->code, "value",
			 o->value, "unit", o->code->unit, "at", record__instant(o->at_ms),
			 "source", o->source);
}

static bool patient_source(const char *s)
{
	for (size_t i = 0; s && i < sizeof(patient_sources) / sizeof(*patient_sources); i++)
		if (strcmp(s, patient_sources[i]) == 0)
			return true;
	return false;
}

/* Checks item i into *o. */
static enum err check_item(const struct record_ctx *ctx, const struct observation_in *in,
			   size_t i, bool from_device, struct observation *o, char *msg,
			   size_t msglen)
{
	o->code = vital_code_find(in->code);
	if (!o->code)
		return record__bad(msg, msglen, "observations[%zu]: unknown code; send 8867-4, 59408-5, "
			   "8480-6, 8462-4, 8310-5 or 29463-7", i);
	if (!in->unit || strcmp(in->unit, o->code->unit) != 0)
		return record__bad(msg, msglen, "observations[%zu]: the unit of %s is %s", i,
			   o->code->code, o->code->unit);
	if (!vital_code_plausible(o->code, in->value))
		return record__bad(msg, msglen, "observations[%zu]: %s takes values from %g to %g", i,
			   o->code->code, o->code->min, o->code->max);
	if (!in->at || instant_parse(in->at, &o->at_ms) || o->at_ms < 0 ||
	    o->at_ms > ctx->now_ms + OBSERVATION_AHEAD_MS)
		return record__bad(msg, msglen, "observations[%zu]: at is an RFC 3339 instant at most "
			   "5 minutes ahead", i);
	if (!from_device && !patient_source(in->source))
		return record__bad(msg, msglen, "observations[%zu]: source is manual, bluetooth or "
			   "simulated", i);
	o->value = in->value;
	snprintf(o->source, sizeof(o->source), "%s", from_device ? "device" : in->source);
	id_new(o->id);
	return ERR_OK;
}

static enum err insert(const struct record_ctx *ctx, const char *device_id,
		       const struct observation *o)
{
	struct db_stmt *st = db_prepare(ctx->db, "INSERT INTO observations (id, patient_id, code,"
		" at, device_id, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		return ERR_DB;
	json_t *body = json_pack("{s:f,s:s}", "value", o->value, "source", o->source);
	db_bind_text(st, 1, o->id);
	db_bind_text(st, 2, ctx->who->user_id);
	db_bind_text(st, 3, o->code->code);
	db_bind_int64(st, 4, o->at_ms);
	if (device_id)
		db_bind_text(st, 5, device_id);
	else
		db_bind_null(st, 5);
	record__bind_json(st, 6, ctx, &SEALED_OBSERVATION_BODY, o->id, body);
	db_bind_int64(st, 7, ctx->now_ms);
	json_decref(body);
	enum db_rc rc = db_step(st);
	db_finalize(st);
	return rc == DB_DONE ? ERR_OK : ERR_DB;
}

/* Stores the checked obs[0..n) and their alerts into *out, in one transaction. */
static enum err store(const struct record_ctx *ctx, const struct observation *obs, size_t n,
		      const char *device_id, json_t *notices, json_t **out)
{
	struct vital_watch w;
	if (db_begin(ctx->db) != DB_OK)
		return ERR_DB;
	enum err e = vital_alerts_watch(ctx, ctx->who->user_id, &w);
	if (e)
		return record__end(ctx, e, out);
	json_t *items = json_array(), *alerts = json_array();
	for (size_t i = 0; !e && i < n; i++) {
		e = insert(ctx, device_id, &obs[i]);
		if (!e)
			e = vital_alerts_check(ctx, &w, &obs[i], alerts, notices);
		if (!e)
			json_array_append_new(items, observation_json(&obs[i]));
	}
	vital_alerts_unwatch(&w);
	if (!e)
		e = audit_append(ctx->db, ctx->who, "observation.add", ctx->who->user_id,
				 json_pack("{s:I,s:s?}", "count", (json_int_t)n, "device_id",
					   device_id), ctx->now_ms);
	*out = json_pack("{s:o,s:o}", "items", items, "alerts", alerts);
	return record__end(ctx, e, out);
}

enum err observations_add(const struct record_ctx *ctx, const struct observation_in *items,
			  size_t n, const char *device_id, json_t *notices, char *msg,
			  size_t msglen, json_t **out)
{
	*out = NULL;
	if (ctx->who->role != ROLE_PATIENT)
		return ERR_FORBIDDEN;
	if (n < 1 || n > OBSERVATIONS_PER_POST)
		return record__bad(msg, msglen, "Send 1 to %d observations", OBSERVATIONS_PER_POST);
	struct observation *obs = mem_calloc(n, sizeof(*obs));
	bool sensors = device_id != NULL;
	enum err e = ERR_OK;
	for (size_t i = 0; !e && i < n; i++) {
		e = check_item(ctx, &items[i], i, device_id != NULL, &obs[i], msg, msglen);
		sensors = sensors || strcmp(obs[i].source, "manual") != 0;
	}
	if (!e && sensors && !consent_active(ctx->db, ctx->who->user_id, "sensors", NULL))
		e = ERR_CONSENT_REQUIRED;
	if (!e)
		e = store(ctx, obs, n, device_id, notices, out);
	free(obs);
	return e;
}

/* One row of a read (id, code, at, body) as JSON, or NULL when it does not open. */
static json_t *row_json(struct db_stmt *st, const struct record_ctx *ctx)
{
	struct observation o = {.code = vital_code_find(db_column_text(st, 1)),
				.at_ms = db_column_int64(st, 2)};
	snprintf(o.id, sizeof(o.id), "%s", db_column_text(st, 0));
	json_t *body = o.code ? record__read_json(st, 3, ctx, &SEALED_OBSERVATION_BODY, o.id)
			      : NULL;
	if (!body)
		return NULL;
	const char *source = json_string_value(json_object_get(body, "source"));
	o.value = json_number_value(json_object_get(body, "value"));
	snprintf(o.source, sizeof(o.source), "%s", source ? source : "");
	json_decref(body);
	return observation_json(&o);
}

/* The latest limit of patient_id's in r, newest first, into items. */
static enum err read_range(const struct record_ctx *ctx, const char *patient_id,
			   const struct observation_range *r, int64_t limit, json_t *items)
{
	struct db_stmt *st = db_prepare(ctx->db, r->code
		? "SELECT id, code, at, body FROM observations WHERE patient_id = ? AND at >= ?"
		  " AND at <= ? AND code = ? ORDER BY at DESC, id DESC LIMIT ?"
		: "SELECT id, code, at, body FROM observations WHERE patient_id = ? AND at >= ?"
		  " AND at <= ? ORDER BY at DESC, id DESC LIMIT ?");
	if (!st)
		return ERR_DB;
	int i = 1;
	db_bind_text(st, i++, patient_id);
	db_bind_int64(st, i++, r->from_ms);
	db_bind_int64(st, i++, r->to_ms);
	if (r->code)
		db_bind_text(st, i++, r->code);
	db_bind_int64(st, i, limit);
	enum db_rc rc;
	enum err e = ERR_OK;
	while (!e && (rc = db_step(st)) == DB_ROW) {
		json_t *one = row_json(st, ctx);
		if (one)
			json_array_append_new(items, one);
		else
			e = ERR_INTERNAL;
	}
	db_finalize(st);
	return e ? e : rc == DB_DONE ? ERR_OK : ERR_DB;
}

/* Reads the latest limit of r of patient_id, oldest first, and audits the read. */
static enum err read_audited(const struct record_ctx *ctx, const char *patient_id,
			     const struct observation_range *r, int64_t limit, char *msg,
			     size_t msglen, json_t **out)
{
	*out = NULL;
	if (r->code && !vital_code_find(r->code))
		return record__bad(msg, msglen, "Unknown code");
	if (r->from_ms > r->to_ms)
		return record__bad(msg, msglen, "from is after to");
	json_t *newest = json_array();
	enum err e = read_range(ctx, patient_id, r, limit, newest);
	json_t *items = json_array();
	for (size_t i = json_array_size(newest); !e && i > 0; i--)
		json_array_append(items, json_array_get(newest, i - 1));
	json_decref(newest);
	if (e) {
		json_decref(items);
		return e;
	}
	return record__read_audited(ctx, "observation.read", patient_id, items, out);
}

enum err observations_mine(const struct record_ctx *ctx, const struct observation_range *r,
			   char *msg, size_t msglen, json_t **out)
{
	*out = NULL;
	if (ctx->who->role != ROLE_PATIENT)
		return ERR_FORBIDDEN;
	return read_audited(ctx, ctx->who->user_id, r, OBSERVATIONS_READ_MAX, msg, msglen, out);
}

enum err observations_of_patient(const struct record_ctx *ctx, const char *patient_id,
				 const struct observation_range *r, char *msg, size_t msglen,
				 json_t **out)
{
	*out = NULL;
	if (ctx->who->role != ROLE_DOCTOR)
		return ERR_NOT_FOUND;
	enum err e = care_relationship(ctx->db, ctx->who->user_id, patient_id);
	if (e)
		return e;
	if (!consent_active(ctx->db, patient_id, "share", ctx->who->user_id))
		return ERR_CONSENT_REQUIRED;
	return read_audited(ctx, patient_id, r, OBSERVATIONS_READ_MAX, msg, msglen, out);
}

enum err observations_all(const struct record_ctx *ctx, json_t **out)
{
	*out = NULL;
	if (ctx->who->role != ROLE_PATIENT)
		return ERR_FORBIDDEN;
	struct observation_range all = {NULL, 0, INT64_MAX};
	char msg[8];
	return read_audited(ctx, ctx->who->user_id, &all, INT64_MAX, msg, sizeof(msg), out);
}

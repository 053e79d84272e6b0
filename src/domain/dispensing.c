/* dispensing.c — verifying and dispensing a prescription by its code (see
 * dispensing.h). */
#include "dispensing.h"
#include "audit.h"
#include "prescriptions_int.h"
#include "../db/db.h"
#include "../sec/ratelimit.h"
#include "../sec/rxcode.h"

#include <stdio.h>
#include <string.h>

/* The prescription of a code, counting a miss against the address. */
static enum err find_code(const struct record_ctx *ctx, struct ratelimit *limits,
			  const char *typed, int *retry_after, struct rx_row *r)
{
	char key[80], code[RXCODE_TEXT_LEN + 1], hash[RXCODE_HASH_LEN + 1];
	snprintf(key, sizeof(key), "rx:%s", ctx->who->ip);
	if (ratelimit_blocked(limits, key, DISPENSING_MISSES_MAX, ctx->now_ms, retry_after))
		return ERR_TOO_MANY_ATTEMPTS;
	enum err e = ERR_NOT_FOUND;
	if (rxcode_normalise(typed, code)) {
		rxcode_hash(code, hash);
		e = rx__find(ctx, "WHERE p.code_hash = ?", hash, r);
	}
	if (e == ERR_NOT_FOUND)
		ratelimit_fail(limits, key, ctx->now_ms);
	return e;
}

static json_t *public_json(const struct rx_row *r, int64_t now_ms)
{
	const char *status = rx__status(r, now_ms);
	json_t *out = json_pack("{s:O,s:s,s:O,s:O,s:O,s:O,s:o,s:o,s:{s:s},s:{s:s},s:o,s:o}",
		"code", json_object_get(r->body, "code"),
		"status", strcmp(status, "active") == 0 ? "valid" : status,
		"medication", json_object_get(r->body, "medication"),
		"dosage", json_object_get(r->body, "dosage"),
		"quantity", json_object_get(r->body, "quantity"),
		"repeats", json_object_get(r->body, "repeats"),
		"valid_until", record__instant(r->valid_until),
		"issued_at", record__instant(r->created_at),
		"prescriber", "name", r->doctor.name, "patient", "name", r->patient.name,
		"cancelled_at", record__instant(r->cancelled_at),
		"dispensed_at", record__instant(r->dispensed_at));
	return out;
}

enum err dispensing_verify(const struct record_ctx *ctx, struct ratelimit *limits,
			   const char *code, int *retry_after, json_t **out)
{
	*out = NULL;
	struct rx_row r = {0};
	enum err e = find_code(ctx, limits, code, retry_after, &r);
	if (e)
		return e;
	e = audit_record_patient(ctx->db, ctx->who, "prescription.verify", r.patient.id,
				 r.patient.id,
			 json_pack("{s:s}", "prescription_id", r.id), ctx->now_ms);
	if (!e)
		*out = public_json(&r, ctx->now_ms);
	rx__cleanup(&r);
	return e;
}

/* Inside the transaction: marks r dispensed by the pharmacist. */
static enum err dispense(const struct record_ctx *ctx, struct rx_row *r,
			 const struct pharmacist *by)
{
	const char *status = rx__status(r, ctx->now_ms);
	if (strcmp(status, "active") != 0)
		return strcmp(status, "dispensed") == 0 ? ERR_ALREADY_DISPENSED
			: strcmp(status, "cancelled") == 0 ? ERR_PRESCRIPTION_CANCELLED
			: ERR_PRESCRIPTION_EXPIRED;
	char who[PHARMACIST_NAME_MAX * 4 + PHARMACIST_REGISTRATION_MAX * 4 + 8];
	snprintf(who, sizeof(who), "%s (%s)", by->name, by->registration);
	struct db_stmt *st = db_prepare(ctx->db, "UPDATE prescriptions SET dispensed_at = ?,"
		" dispensed_by = ? WHERE id = ? AND dispensed_at IS NULL AND cancelled_at IS NULL");
	if (!st)
		return ERR_DB;
	db_bind_int64(st, 1, ctx->now_ms);
	db_bind_text(st, 2, who);
	db_bind_text(st, 3, r->id);
	enum db_rc rc = db_step(st);
	db_finalize(st);
	if (rc != DB_DONE)
		return ERR_DB;
	if (db_changes(ctx->db) == 0) /* another pharmacist was first */
		return ERR_ALREADY_DISPENSED;
	r->dispensed_at = ctx->now_ms;
	return audit_append_patient(ctx->db, ctx->who, "prescription.dispense", r->patient.id,
				    r->patient.id,
			    json_pack("{s:s,s:s,s:s}", "prescription_id", r->id, "pharmacist",
				      by->name, "registration", by->registration), ctx->now_ms);
}

enum err dispensing_dispense(const struct record_ctx *ctx, struct ratelimit *limits,
			     const char *code, const struct pharmacist *by, int *retry_after,
			     json_t **out)
{
	*out = NULL;
	if (db_begin(ctx->db) != DB_OK)
		return ERR_DB;
	struct rx_row r = {0};
	enum err e = find_code(ctx, limits, code, retry_after, &r);
	if (!e) {
		e = dispense(ctx, &r, by);
		if (!e)
			*out = public_json(&r, ctx->now_ms);
		rx__cleanup(&r);
	}
	return record__end(ctx, e, out);
}

/* dispensing.c — verifying and dispensing a prescription by its code (see
 * dispensing.h). */
#include "dispensing.h"
#include "audit.h"
#include "prescriptions_int.h"
#include "../db/db.h"
#include "../sec/ratelimit.h"
#include "../sec/rxcode.h"
#include "../core/id.h"

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

static int64_t fills_total(const struct rx_row *r);

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
	json_object_set_new(out, "fills_used", json_integer(r->fills_used));
	json_object_set_new(out, "fills_total", json_integer(fills_total(r)));
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

/* How many times r may be dispensed in all: once, and once per repeat. */
static int64_t fills_total(const struct rx_row *r)
{
	return 1 + json_integer_value(json_object_get(r->body, "repeats"));
}

static enum err record_fill(const struct record_ctx *ctx, const struct rx_row *r,
			    const char *who)
{
	char id[ID_LEN + 1];
	id_new(id);
	struct db_stmt *st = db_prepare(ctx->db, "INSERT INTO dispensings (id, prescription_id,"
					" at, pharmacist) VALUES (?, ?, ?, ?)");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, r->id);
	db_bind_int64(st, 3, ctx->now_ms);
	db_bind_text(st, 4, who);
	enum db_rc rc = db_step(st);
	db_finalize(st);
	return rc == DB_DONE ? ERR_OK : ERR_DB;
}

/* Inside the transaction: one fill of r by the pharmacist; the last one
 * marks it dispensed. */
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
	bool last = r->fills_used + 1 >= fills_total(r);
	struct db_stmt *st = db_prepare(ctx->db, "UPDATE prescriptions SET fills_used = fills_used + 1,"
		" dispensed_at = ?, dispensed_by = ? WHERE id = ? AND fills_used = ?"
		" AND dispensed_at IS NULL AND cancelled_at IS NULL");
	if (!st)
		return ERR_DB;
	if (last) {
		db_bind_int64(st, 1, ctx->now_ms);
		db_bind_text(st, 2, who);
	} else {
		db_bind_null(st, 1);
		db_bind_null(st, 2);
	}
	db_bind_text(st, 3, r->id);
	db_bind_int64(st, 4, r->fills_used);
	enum db_rc rc = db_step(st);
	db_finalize(st);
	if (rc != DB_DONE)
		return ERR_DB;
	if (db_changes(ctx->db) == 0) /* another pharmacist was first */
		return ERR_ALREADY_DISPENSED;
	r->fills_used++;
	if (last)
		r->dispensed_at = ctx->now_ms;
	enum err e = record_fill(ctx, r, who);
	if (!e)
		e = audit_append_patient(ctx->db, ctx->who, "prescription.dispense", r->patient.id,
					 r->patient.id, json_pack("{s:s,s:s,s:s,s:I,s:I}",
					 "prescription_id", r->id, "pharmacist", by->name,
					 "registration", by->registration, "fill",
					 (json_int_t)r->fills_used, "of", (json_int_t)fills_total(r)),
					 ctx->now_ms);
	return e;
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

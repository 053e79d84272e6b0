/* prescriptions_row.c — reading a prescription's row and showing it to its
 * doctor and patient (see prescriptions_int.h). */
#include "prescriptions_int.h"
#include "sealed.h"
#include "../db/db.h"

#include <stdio.h>

static int64_t instant_or_0(struct db_stmt *st, int col)
{
	return db_column_is_null(st, col) ? 0 : db_column_int64(st, col);
}

enum err rx__read(struct db_stmt *st, const struct record_ctx *ctx, struct rx_row *r)
{
	snprintf(r->id, sizeof(r->id), "%s", db_column_text(st, 0));
	snprintf(r->appointment_id, sizeof(r->appointment_id), "%s", db_column_text(st, 1));
	snprintf(r->doctor.id, sizeof(r->doctor.id), "%s", db_column_text(st, 2));
	snprintf(r->doctor.name, sizeof(r->doctor.name), "%s", db_column_text(st, 3));
	snprintf(r->patient.id, sizeof(r->patient.id), "%s", db_column_text(st, 4));
	snprintf(r->patient.name, sizeof(r->patient.name), "%s", db_column_text(st, 5));
	r->valid_until = db_column_int64(st, 7);
	r->created_at = db_column_int64(st, 8);
	r->cancelled_at = instant_or_0(st, 9);
	r->dispensed_at = instant_or_0(st, 10);
	r->fills_used = db_column_int64(st, 11);
	r->body = record__read_json(st, 6, ctx, &SEALED_PRESCRIPTION_BODY, r->id);
	return r->body ? ERR_OK : ERR_INTERNAL;
}

void rx__cleanup(struct rx_row *r)
{
	json_decref(r->body);
	r->body = NULL;
}

enum err rx__find(const struct record_ctx *ctx, const char *where, const char *arg,
		  struct rx_row *r)
{
	char sql[600];
	snprintf(sql, sizeof(sql), "%s%s", RX_SELECT, where);
	struct db_stmt *st = db_prepare(ctx->db, sql);
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, arg);
	enum db_rc rc = db_step(st);
	enum err e = rc == DB_ROW ? rx__read(st, ctx, r) : rc == DB_DONE ? ERR_NOT_FOUND : ERR_DB;
	db_finalize(st);
	return e;
}

const char *rx__status(const struct rx_row *r, int64_t now_ms)
{
	return r->cancelled_at ? "cancelled"
		: r->dispensed_at ? "dispensed"
		: now_ms > r->valid_until ? "expired" : "active";
}

json_t *rx__json(const struct rx_row *r, int64_t now_ms)
{
	json_t *out = json_pack("{s:s,s:s,s:o,s:o,s:o,s:o,s:s,s:o,s:o}", "id", r->id,
		"appointment_id", r->appointment_id, "doctor", record__person(&r->doctor),
		"patient", record__person(&r->patient),
		"valid_until", record__instant(r->valid_until),
		"created_at", record__instant(r->created_at), "status", rx__status(r, now_ms),
		"cancelled_at", record__instant(r->cancelled_at),
		"dispensed_at", record__instant(r->dispensed_at));
	json_object_update(out, r->body);
	json_object_set_new(out, "fills_used", json_integer(r->fills_used));
	return out;
}

/* prescriptions.c — issuing, listing, reading and cancelling prescriptions
 * (see prescriptions.h). A prescription's content and its code are one
 * sealed JSON object {"medication","dosage","quantity","repeats","code"};
 * code_hash finds it by its code (dispensing.c). */
#include "prescriptions_int.h"
#include "audit.h"
#include "sealed.h"
#include "tx.h"
#include "../db/db.h"
#include "../sec/rxcode.h"

#include <stdlib.h>
#include <string.h>

#define DAY_MS (24LL * 3600 * 1000)

static json_t *content_of(const struct prescription_in *in, const char *code)
{
	return json_pack("{s:{s:s,s:s,s:s},s:s,s:I,s:I,s:s}", "medication", "name", in->name,
			 "strength", in->strength, "form", in->form, "dosage", in->dosage,
			 "quantity", (json_int_t)in->quantity, "repeats", (json_int_t)in->repeats,
			 "code", code);
}

static enum err insert(const struct record_ctx *ctx, const struct appt_parties *p,
		       const struct rx_row *r, const char *code)
{
	char hash[RXCODE_HASH_LEN + 1];
	rxcode_hash(code, hash);
	struct db_stmt *st = db_prepare(ctx->db, "INSERT INTO prescriptions (id, appointment_id,"
		" doctor_id, patient_id, code_hash, body, valid_until, created_at)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, r->id);
	db_bind_text(st, 2, r->appointment_id);
	db_bind_text(st, 3, p->doctor.id);
	db_bind_text(st, 4, p->patient.id);
	db_bind_text(st, 5, hash);
	record__bind_json(st, 6, ctx, &SEALED_PRESCRIPTION_BODY, r->id, r->body);
	db_bind_int64(st, 7, r->valid_until);
	db_bind_int64(st, 8, r->created_at);
	enum db_rc rc = db_step(st);
	db_finalize(st);
	if (rc != DB_DONE)
		return ERR_DB;
	return audit_append_patient(ctx->db, ctx->who, "prescription.issue", p->patient.id,
				    p->patient.id,
			    json_pack("{s:s}", "prescription_id", r->id), ctx->now_ms);
}

enum err prescriptions_issue(const struct record_ctx *ctx, const char *appointment_id,
			     const struct prescription_in *in, json_t **out)
{
	*out = NULL;
	if (in->valid_until_ms <= ctx->now_ms ||
	    in->valid_until_ms > ctx->now_ms + RX_VALID_DAYS_MAX * DAY_MS)
		return ERR_INVALID_VALUE;
	struct appt_parties p;
	enum err e = record__appointment(ctx, appointment_id, true, true, &p);
	if (e)
		return e;
	char code[RXCODE_TEXT_LEN + 1];
	rxcode_new(code);
	struct rx_row r = {.doctor = p.doctor, .patient = p.patient,
			   .valid_until = in->valid_until_ms, .created_at = ctx->now_ms};
	id_new(r.id);
	memcpy(r.appointment_id, appointment_id, sizeof(r.appointment_id));
	r.body = content_of(in, code);
	if (db_begin(ctx->db) != DB_OK) {
		rx__cleanup(&r);
		return ERR_DB;
	}
	e = tx_end(ctx->db, insert(ctx, &p, &r, code));
	if (!e)
		*out = rx__json(&r, ctx->now_ms);
	rx__cleanup(&r);
	return e;
}

/* The appointment's prescriptions, oldest first, into items. */
static enum err read_all(const struct record_ctx *ctx, const struct appt_parties *p,
			 const char *appointment_id, json_t *items)
{
	(void)p;
	struct db_stmt *st = db_prepare(ctx->db, RX_SELECT
		"WHERE p.appointment_id = ? ORDER BY p.created_at, p.id");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, appointment_id);
	enum db_rc rc;
	enum err e = ERR_OK;
	while (!e && (rc = db_step(st)) == DB_ROW) {
		struct rx_row r = {0};
		e = rx__read(st, ctx, &r);
		if (!e)
			json_array_append_new(items, rx__json(&r, ctx->now_ms));
		rx__cleanup(&r);
	}
	db_finalize(st);
	return e ? e : rc == DB_DONE ? ERR_OK : ERR_DB;
}

enum err prescriptions_list(const struct record_ctx *ctx, const char *appointment_id,
			    json_t **out)
{
	return record__list_of(ctx, appointment_id, read_all, "prescription.view", NULL, out);
}

/* The prescription id when the caller is its doctor or patient. */
static enum err find_mine(const struct record_ctx *ctx, const char *id, struct rx_row *r)
{
	if (!id_valid(id))
		return ERR_NOT_FOUND;
	enum err e = rx__find(ctx, "WHERE p.id = ?", id, r);
	if (e)
		return e;
	const char *me = ctx->who->user_id;
	if (strcmp(r->doctor.id, me) == 0 || strcmp(r->patient.id, me) == 0)
		return ERR_OK;
	rx__cleanup(r);
	return ERR_NOT_FOUND;
}

enum err prescriptions_get(const struct record_ctx *ctx, const char *id, json_t **out)
{
	*out = NULL;
	struct rx_row r = {0};
	enum err e = find_mine(ctx, id, &r);
	if (e)
		return e;
	json_t *items = json_pack("[o]", rx__json(&r, ctx->now_ms));
	struct appt_parties p = {.doctor = r.doctor, .patient = r.patient};
	e = record__seen(ctx, &p, "prescription.view", items, NULL);
	if (!e)
		*out = json_incref(json_array_get(items, 0));
	json_decref(items);
	rx__cleanup(&r);
	return e;
}

static enum err cancel(const struct record_ctx *ctx, struct rx_row *r)
{
	if (r->cancelled_at || r->dispensed_at)
		return ERR_CONFLICT;
	struct db_stmt *st = db_prepare(ctx->db, "UPDATE prescriptions SET cancelled_at = ?"
		" WHERE id = ? AND cancelled_at IS NULL AND dispensed_at IS NULL");
	if (!st)
		return ERR_DB;
	db_bind_int64(st, 1, ctx->now_ms);
	db_bind_text(st, 2, r->id);
	enum db_rc rc = db_step(st);
	db_finalize(st);
	if (rc != DB_DONE)
		return ERR_DB;
	if (db_changes(ctx->db) == 0) /* dispensed or cancelled meanwhile */
		return ERR_CONFLICT;
	r->cancelled_at = ctx->now_ms;
	return audit_append_patient(ctx->db, ctx->who, "prescription.cancel", r->patient.id,
				    r->patient.id,
			    json_pack("{s:s}", "prescription_id", r->id), ctx->now_ms);
}

enum err prescriptions_cancel(const struct record_ctx *ctx, const char *id, json_t **out)
{
	*out = NULL;
	if (db_begin(ctx->db) != DB_OK)
		return ERR_DB;
	struct rx_row r = {0};
	enum err e = find_mine(ctx, id, &r);
	if (!e) {
		e = strcmp(r.doctor.id, ctx->who->user_id) != 0 ? ERR_FORBIDDEN : cancel(ctx, &r);
		if (!e)
			*out = rx__json(&r, ctx->now_ms);
		rx__cleanup(&r);
	}
	return record__end(ctx, e, out);
}

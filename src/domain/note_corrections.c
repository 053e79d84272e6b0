/* note_corrections.c — requests to correct a signed note and their answers
 * (see note_corrections.h). An amendment made in answer is written in the
 * same transaction as the answer, through record__amend. */
#include "note_corrections.h"
#include "audit.h"
#include "record_int.h"
#include "sealed.h"
#include "../core/id.h"
#include "../core/jsonx.h"
#include "../db/db.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#define CORRECTION_SELECT \
	"SELECT id, appointment_id, note_id, body, status, amendment_id, created_at," \
	" resolved_at FROM note_corrections "

static bool text_ok(const char *s)
{
	if (!s || jsonx_utf8_length(s) > CORRECTION_TEXT_MAX)
		return false;
	for (; *s; s++)
		if (!isspace((unsigned char)*s))
			return true;
	return false;
}

static json_t *correction_json(struct db_stmt *st, const struct record_ctx *ctx)
{
	const char *id = db_column_text(st, 0);
	json_t *body = record__read_json(st, 3, ctx, &SEALED_CORRECTION_BODY, id);
	if (!body)
		return NULL;
	json_t *out = json_pack("{s:s,s:s,s:s,s:O,s:s,s:O,s:s?,s:o,s:o}", "id", id,
		"appointment_id", db_column_text(st, 1), "note_id", db_column_text(st, 2),
		"request", json_object_get(body, "request"), "status", db_column_text(st, 4),
		"answer", json_object_get(body, "answer"), "amendment_id",
		db_column_is_null(st, 5) ? NULL : db_column_text(st, 5), "created_at",
		record__instant(db_column_int64(st, 6)), "resolved_at",
		record__instant(db_column_is_null(st, 7) ? 0 : db_column_int64(st, 7)));
	json_decref(body);
	return out;
}

/* The signed note's id of the appointment: ERR_NOT_FOUND when none. */
static enum err signed_note(const struct record_ctx *ctx, const char *appointment_id,
			    char id[ID_LEN + 1])
{
	struct db_stmt *st = db_prepare(ctx->db, "SELECT id FROM consultation_notes"
					" WHERE appointment_id = ? AND signed_at IS NOT NULL");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, appointment_id);
	enum db_rc rc = db_step(st);
	if (rc == DB_ROW)
		snprintf(id, ID_LEN + 1, "%s", db_column_text(st, 0));
	db_finalize(st);
	return rc == DB_ROW ? ERR_OK : rc == DB_DONE ? ERR_NOT_FOUND : ERR_DB;
}

/* Reads one correction by id into *out (a new reference). */
static enum err load(const struct record_ctx *ctx, const char *id, json_t **out)
{
	struct db_stmt *st = db_prepare(ctx->db, CORRECTION_SELECT "WHERE id = ?");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, id);
	enum db_rc rc = db_step(st);
	*out = rc == DB_ROW ? correction_json(st, ctx) : NULL;
	db_finalize(st);
	return *out ? ERR_OK : rc == DB_DONE ? ERR_NOT_FOUND : rc == DB_ROW ? ERR_INTERNAL : ERR_DB;
}

static enum err insert(const struct record_ctx *ctx, const struct appt_parties *p,
		       const char *appointment_id, const char *note_id, const char *text,
		       char id[ID_LEN + 1])
{
	id_new(id);
	struct db_stmt *st = db_prepare(ctx->db, "INSERT INTO note_corrections (id, note_id,"
		" appointment_id, patient_id, doctor_id, body, status, created_at)"
		" VALUES (?, ?, ?, ?, ?, ?, 'open', ?)");
	if (!st)
		return ERR_DB;
	json_t *body = json_pack("{s:s,s:n}", "request", text, "answer");
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, note_id);
	db_bind_text(st, 3, appointment_id);
	db_bind_text(st, 4, p->patient.id);
	db_bind_text(st, 5, p->doctor.id);
	record__bind_json(st, 6, ctx, &SEALED_CORRECTION_BODY, id, body);
	db_bind_int64(st, 7, ctx->now_ms);
	json_decref(body);
	enum db_rc rc = db_step(st);
	db_finalize(st);
	return rc == DB_DONE ? ERR_OK : ERR_DB;
}

enum err corrections_request(const struct record_ctx *ctx, const char *appointment_id,
			     const char *text, json_t **out)
{
	*out = NULL;
	struct appt_parties p;
	enum err e = record__appointment(ctx, appointment_id, false, false, &p);
	if (!e && strcmp(p.patient.id, ctx->who->user_id) != 0)
		e = ERR_FORBIDDEN;
	if (!e && !text_ok(text))
		e = ERR_INVALID_VALUE;
	if (e)
		return e;
	if (db_begin(ctx->db) != DB_OK)
		return ERR_DB;
	char note_id[ID_LEN + 1], id[ID_LEN + 1];
	e = signed_note(ctx, appointment_id, note_id);
	if (!e && db_query_int64(ctx->db, "SELECT COUNT(*) FROM note_corrections"
				 " WHERE note_id = ? AND status = 'open'", note_id) != 0)
		e = ERR_CONFLICT;
	if (!e)
		e = insert(ctx, &p, appointment_id, note_id, text, id);
	if (!e)
		e = audit_append_patient(ctx->db, ctx->who, "note.correction_request", p.patient.id, p.patient.id,
				 json_pack("{s:s,s:s}", "note_id", note_id, "correction_id", id),
				 ctx->now_ms);
	if (!e)
		e = load(ctx, id, out);
	return record__end(ctx, e, out);
}

enum err corrections_list(const struct record_ctx *ctx, const char *appointment_id,
			  json_t **out)
{
	*out = NULL;
	struct appt_parties p;
	enum err e = record__appointment(ctx, appointment_id, false, false, &p);
	if (e)
		return e;
	struct db_stmt *st = db_prepare(ctx->db, CORRECTION_SELECT
					"WHERE appointment_id = ? ORDER BY created_at, id");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, appointment_id);
	json_t *items = json_array();
	enum db_rc rc;
	while (!e && (rc = db_step(st)) == DB_ROW) {
		json_t *c = correction_json(st, ctx);
		if (c)
			json_array_append_new(items, c);
		else
			e = ERR_INTERNAL;
	}
	db_finalize(st);
	if (!e && rc != DB_DONE)
		e = ERR_DB;
	if (e) {
		json_decref(items);
		return e;
	}
	return record__read_audited(ctx, "note.correction_read", p.patient.id, items, out);
}

/* Stores the answer of correction (its request kept) as resolved. */
static enum err answer(const struct record_ctx *ctx, const json_t *correction, bool amend,
		       const char *text, const char *amendment_id)
{
	const char *id = json_string_value(json_object_get(correction, "id"));
	struct db_stmt *st = db_prepare(ctx->db, "UPDATE note_corrections SET body = ?,"
		" status = ?, resolved_at = ?, amendment_id = ? WHERE id = ? AND status = 'open'");
	if (!st)
		return ERR_DB;
	json_t *body = json_pack("{s:O,s:s}", "request", json_object_get(correction, "request"),
				 "answer", text);
	record__bind_json(st, 1, ctx, &SEALED_CORRECTION_BODY, id, body);
	json_decref(body);
	db_bind_text(st, 2, amend ? "amended" : "declined");
	db_bind_int64(st, 3, ctx->now_ms);
	amendment_id ? db_bind_text(st, 4, amendment_id) : db_bind_null(st, 4);
	db_bind_text(st, 5, id);
	enum db_rc rc = db_step(st);
	db_finalize(st);
	return rc != DB_DONE ? ERR_DB : db_changes(ctx->db) ? ERR_OK : ERR_CONFLICT;
}

enum err corrections_resolve(const struct record_ctx *ctx, const char *correction_id,
			     bool amend, const char *text, json_t **out)
{
	*out = NULL;
	if (!correction_id || !id_valid(correction_id))
		return ERR_NOT_FOUND;
	if (!text_ok(text))
		return ERR_INVALID_VALUE;
	if (db_begin(ctx->db) != DB_OK)
		return ERR_DB;
	json_t *c = NULL;
	struct appt_parties p;
	enum err e = load(ctx, correction_id, &c);
	const char *appointment_id = json_string_value(json_object_get(c, "appointment_id"));
	if (!e)
		e = record__appointment(ctx, appointment_id, true, false, &p);
	if (!e && strcmp(json_string_value(json_object_get(c, "status")), "open") != 0)
		e = ERR_CONFLICT;
	char amendment_id[ID_LEN + 1] = "";
	if (!e && amend)
		e = record__amend(ctx, &p, appointment_id, text, amendment_id);
	if (!e)
		e = answer(ctx, c, amend, text, amend ? amendment_id : NULL);
	if (!e)
		e = audit_append_patient(ctx->db, ctx->who, amend ? "note.correction_amend"
				 : "note.correction_decline", p.patient.id, p.patient.id,
				 json_pack("{s:s}", "correction_id", correction_id), ctx->now_ms);
	json_decref(c);
	if (!e)
		e = load(ctx, correction_id, out);
	return record__end(ctx, e, out);
}

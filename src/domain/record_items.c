/* record_items.c — transcripts, files and boards saved from a call to the
 * consultation's record (see record_items.h). One row per item: the
 * descriptive fields sealed together as JSON (meta), the bytes sealed
 * apart (content). */
#include "record_items.h"
#include "audit.h"
#include "consent.h"
#include "record_int.h"
#include "sealed.h"
#include "../core/id.h"
#include "../core/mem.h"
#include "../db/db.h"
#include "../interop/filename.h"
#include "../interop/filetype.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TEXT_TYPE "text/plain; charset=utf-8"

/* The media type an item of kind keeps, told by its bytes; NULL when the
 * bytes do not fit the kind. */
static const char *media_type_of(const char *kind, const void *data, size_t len)
{
	const char *type = filetype_of(data, len);
	if (strcmp(kind, "transcript") == 0)
		return type && strcmp(type, TEXT_TYPE) == 0 ? type : NULL;
	if (strcmp(kind, "board") == 0)
		return type && strcmp(type, "image/png") == 0 ? type : NULL;
	return type ? type : "application/octet-stream";
}

static bool kind_ok(const char *kind)
{
	return kind && (strcmp(kind, "transcript") == 0 || strcmp(kind, "file") == 0 ||
			strcmp(kind, "board") == 0);
}

/* The party of p that added an item. */
static const struct party *adder(const struct appt_parties *p, const char *user_id)
{
	return strcmp(p->doctor.id, user_id) == 0 ? &p->doctor : &p->patient;
}

/* An item's JSON from its sealed meta and its row. Takes meta. */
static json_t *item_json(const char *appointment_id, const char *id, json_t *meta,
			 const struct party *by, int64_t created_ms)
{
	char url[200];
	snprintf(url, sizeof(url), "/api/v1/appointments/%s/record-items/%s", appointment_id, id);
	json_object_set_new(meta, "id", json_string(id));
	json_object_set_new(meta, "appointment_id", json_string(appointment_id));
	json_object_set_new(meta, "added_by", record__person(by));
	json_object_set_new(meta, "created_at", record__instant(created_ms));
	json_object_set_new(meta, "url", json_string(url));
	return meta;
}

static enum err insert_item(const struct record_ctx *ctx, const struct appt_parties *p,
			    const char *appointment_id, const char *id, const json_t *meta,
			    const struct record_item_in *in)
{
	struct db_stmt *st = db_prepare(ctx->db, "INSERT INTO record_items (id, appointment_id,"
		" patient_id, added_by, meta, content, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, appointment_id);
	db_bind_text(st, 3, p->patient.id);
	db_bind_text(st, 4, ctx->who->user_id);
	record__bind_json(st, 5, ctx, &SEALED_RECORD_ITEM_META, id, meta);
	sealed_bind(st, 6, ctx->keys, &SEALED_RECORD_ITEM_CONTENT, id, in->data, in->len);
	db_bind_int64(st, 7, ctx->now_ms);
	enum db_rc rc = db_step(st);
	db_finalize(st);
	if (rc != DB_DONE)
		return ERR_DB;
	return audit_append_patient(ctx->db, ctx->who, "record_item.add", p->patient.id, p->patient.id,
			    json_pack("{s:s,s:s,s:s}", "appointment_id", appointment_id,
				      "item_id", id, "kind", in->kind), ctx->now_ms);
}

/* The checks of an item's content before any row is touched. */
static enum err check_item(const struct record_item_in *in, const char **type)
{
	if (!kind_ok(in->kind) || !in->data || !in->len)
		return ERR_INVALID_VALUE;
	if (in->len > (size_t)RECORD_ITEM_MAX)
		return ERR_BODY_TOO_LARGE;
	*type = media_type_of(in->kind, in->data, in->len);
	return *type ? ERR_OK : ERR_UNSUPPORTED_FILE;
}

enum err record_items_add(const struct record_ctx *ctx, const char *appointment_id,
			  const struct record_item_in *in, json_t **out)
{
	*out = NULL;
	struct appt_parties p;
	enum err e = record__appointment(ctx, appointment_id, false, true, &p);
	if (e)
		return e;
	if (!consent_active(ctx->db, p.patient.id, "call_records", NULL)) {
		e = audit_record_patient(ctx->db, ctx->who, "record_item.add_refused", p.patient.id, p.patient.id,
				 json_pack("{s:s,s:s}", "appointment_id", appointment_id,
					   "reason", "consent_required"), ctx->now_ms);
		return e ? e : ERR_CONSENT_REQUIRED;
	}
	const char *type = NULL;
	e = check_item(in, &type);
	if (e)
		return e;
	char id[ID_LEN + 1];
	id_new(id);
	char *name = filename_clean(in->name, RECORD_ITEM_NAME_MAX, in->kind);
	json_t *meta = json_pack("{s:s,s:s,s:s,s:I}", "kind", in->kind, "name", name,
				 "media_type", type, "size", (json_int_t)in->len);
	free(name);
	if (db_begin(ctx->db) != DB_OK) {
		json_decref(meta);
		return ERR_DB;
	}
	e = insert_item(ctx, &p, appointment_id, id, meta, in);
	*out = item_json(appointment_id, id, meta, adder(&p, ctx->who->user_id), ctx->now_ms);
	return record__end(ctx, e, out);
}

/* The appointment's items, oldest first, into items. */
static enum err read_all(const struct record_ctx *ctx, const struct appt_parties *p,
			 const char *appointment_id, json_t *items)
{
	struct db_stmt *st = db_prepare(ctx->db, "SELECT id, added_by, meta, created_at"
		" FROM record_items WHERE appointment_id = ? ORDER BY created_at, id");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, appointment_id);
	enum db_rc rc;
	enum err e = ERR_OK;
	while (!e && (rc = db_step(st)) == DB_ROW) {
		const char *id = db_column_text(st, 0);
		json_t *meta = record__read_json(st, 2, ctx, &SEALED_RECORD_ITEM_META, id);
		if (!meta) {
			e = ERR_INTERNAL;
			break;
		}
		json_array_append_new(items, item_json(appointment_id, id, meta,
			adder(p, db_column_text(st, 1)), db_column_int64(st, 3)));
	}
	db_finalize(st);
	return e ? e : rc == DB_DONE ? ERR_OK : ERR_DB;
}

enum err record_items_list(const struct record_ctx *ctx, const char *appointment_id,
			   json_t **out)
{
	return record__list_of(ctx, appointment_id, read_all, "record_item.view", "added_by", out);
}

void record_item_out_cleanup(struct record_item_out *out)
{
	free(out->name);
	free(out->bytes);
	memset(out, 0, sizeof(*out));
}

/* Reads the item's meta and content from st's row into out. */
static enum err open_item(const struct record_ctx *ctx, struct db_stmt *st, const char *id,
			  struct record_item_out *out)
{
	json_t *meta = record__read_json(st, 0, ctx, &SEALED_RECORD_ITEM_META, id);
	const char *name = json_string_value(json_object_get(meta, "name"));
	enum err e = name ? ERR_OK : ERR_INTERNAL;
	if (!e) {
		out->name = mem_strdup(name);
		e = sealed_read(st, 1, ctx->keys, &SEALED_RECORD_ITEM_CONTENT, id, &out->bytes,
				&out->len);
	}
	if (!e) {
		out->media_type = filetype_of(out->bytes, out->len);
		if (!out->media_type)
			out->media_type = "application/octet-stream";
	}
	json_decref(meta);
	return e;
}

enum err record_items_get(const struct record_ctx *ctx, const char *appointment_id,
			  const char *item_id, struct record_item_out *out)
{
	memset(out, 0, sizeof(*out));
	struct appt_parties p;
	enum err e = record__appointment(ctx, appointment_id, false, false, &p);
	if (e)
		return e;
	if (!item_id || !id_valid(item_id))
		return ERR_NOT_FOUND;
	struct db_stmt *st = db_prepare(ctx->db, "SELECT meta, content FROM record_items"
		" WHERE id = ? AND appointment_id = ?");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, item_id);
	db_bind_text(st, 2, appointment_id);
	enum db_rc rc = db_step(st);
	e = rc == DB_ROW ? open_item(ctx, st, item_id, out) : rc == DB_DONE ? ERR_NOT_FOUND : ERR_DB;
	db_finalize(st);
	if (!e)
		e = audit_record_patient(ctx->db, ctx->who, "record_item.download", p.patient.id, p.patient.id,
				 json_pack("{s:s,s:s}", "appointment_id", appointment_id,
					   "item_id", item_id), ctx->now_ms);
	if (e)
		record_item_out_cleanup(out);
	return e;
}

/* record_access.c — the shared pieces of the health record (see
 * record_int.h): who may touch an appointment's record, and sealed JSON. */
#include "record_int.h"
#include "audit.h"
#include "sealed.h"
#include "tx.h"
#include "../core/instant.h"
#include "../db/db.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum err record__appointment(const struct record_ctx *ctx, const char *appointment_id,
			     bool doctor_only, bool open_only, struct appt_parties *out)
{
	enum err e = appointment_parties(ctx->db, appointment_id, out);
	if (e)
		return e;
	const char *me = ctx->who->user_id;
	bool doctor = strcmp(out->doctor.id, me) == 0;
	if (!doctor && strcmp(out->patient.id, me) != 0)
		return ERR_NOT_FOUND;
	if (doctor_only && !doctor)
		return ERR_FORBIDDEN;
	if (open_only && strcmp(out->status, "cancelled") == 0)
		return ERR_CONFLICT;
	return ERR_OK;
}

void record__bind_json(struct db_stmt *st, int idx, const struct record_ctx *ctx,
		       const struct sealed_column *col, const char *row_id, const json_t *obj)
{
	char *text = json_dumps(obj, JSON_COMPACT);
	sealed_bind(st, idx, ctx->keys, col, row_id, text, strlen(text));
	free(text);
}

json_t *record__read_json(struct db_stmt *st, int at, const struct record_ctx *ctx,
			  const struct sealed_column *col, const char *row_id)
{
	unsigned char *plain = NULL;
	size_t len = 0;
	if (sealed_read(st, at, ctx->keys, col, row_id, &plain, &len))
		return NULL;
	json_t *obj = json_loadb((const char *)plain, len, 0, NULL);
	free(plain);
	if (obj && !json_is_object(obj)) {
		json_decref(obj);
		obj = NULL;
	}
	return obj;
}

enum err record__end(const struct record_ctx *ctx, enum err e, json_t **out)
{
	e = tx_end(ctx->db, e);
	if (e) {
		json_decref(*out);
		*out = NULL;
	}
	return e;
}

json_t *record__person(const struct party *p)
{
	return json_pack("{s:s,s:s}", "id", p->id, "name", p->name);
}

json_t *record__instant(int64_t ms)
{
	char text[INSTANT_TEXT_MAX];
	if (!ms)
		return json_null();
	instant_format(ms, text);
	return json_string(text);
}

enum err record__bad(char *msg, size_t msglen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, msglen, fmt, ap);
	va_end(ap);
	return ERR_BAD_REQUEST;
}

enum err record__read_audited(const struct record_ctx *ctx, const char *action,
			      const char *subject_id, json_t *items, json_t **out)
{
	enum err e = audit_record(ctx->db, ctx->who, action, subject_id,
				  json_pack("{s:I}", "count", (json_int_t)json_array_size(items)),
				  ctx->now_ms);
	if (e)
		json_decref(items);
	else
		*out = json_pack("{s:o}", "items", items);
	return e;
}

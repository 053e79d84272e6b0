/* record.c — the patient's own health record in time order (see
 * record.h): their consultations with signed notes and prescriptions,
 * each read through notes.c and prescriptions.c so the same rules and the
 * same audit apply, with what the parties saved from their calls
 * (record_items.c). Vital signs come later. The same listing serves a
 * doctor granted the whole record (record_share.c). */
#include "record_int.h"
#include "notes.h"
#include "page.h"
#include "prescriptions.h"
#include "record_items.h"
#include "../core/id.h"
#include "../core/mem.h"
#include "../db/db.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

/* One page of the patient's appointments with something in their record,
 * newest first, after the cursor (at_ms, after; at_ms 0: from the top):
 * up to limit + 1 ids and start times, *n of them. */
static enum err consultations(const struct record_ctx *ctx, const char *patient_id, int limit,
			      int64_t at_ms, const char *after, char (*ids)[ID_LEN + 1],
			      int64_t *starts, int *n)
{
	struct db_stmt *st = db_prepare(ctx->db, "SELECT a.id, a.start_at FROM appointments a"
		" WHERE a.patient_id = ? AND (? = 0 OR a.start_at < ? OR (a.start_at = ? AND a.id < ?))"
		" AND (EXISTS (SELECT 1 FROM consultation_notes n"
		" WHERE n.appointment_id = a.id AND n.signed_at IS NOT NULL) OR EXISTS"
		" (SELECT 1 FROM prescriptions p WHERE p.appointment_id = a.id) OR EXISTS"
		" (SELECT 1 FROM record_items r WHERE r.appointment_id = a.id))"
		" ORDER BY a.start_at DESC, a.id DESC LIMIT ?");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, patient_id);
	db_bind_int64(st, 2, at_ms);
	db_bind_int64(st, 3, at_ms);
	db_bind_int64(st, 4, at_ms);
	db_bind_text(st, 5, after);
	db_bind_int64(st, 6, limit + 1);
	enum db_rc rc;
	*n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		snprintf(ids[*n], ID_LEN + 1, "%s", db_column_text(st, 0));
		starts[(*n)++] = db_column_int64(st, 1);
	}
	db_finalize(st);
	return rc == DB_DONE ? ERR_OK : ERR_DB;
}

/* One consultation of the record. */
static enum err entry(const struct record_ctx *ctx, const char *appointment_id, json_t **out)
{
	struct appt_parties p;
	enum err e = record__appointment(ctx, appointment_id, false, false, &p);
	json_t *note = NULL, *rx = NULL, *saved = NULL;
	if (!e) {
		e = notes_get(ctx, appointment_id, &note);
		if (e == ERR_NOT_FOUND) /* none signed: prescriptions alone */
			e = ERR_OK;
	}
	if (!e)
		e = prescriptions_list(ctx, appointment_id, &rx);
	if (!e)
		e = record_items_list(ctx, appointment_id, &saved);
	if (!e)
		*out = json_pack("{s:{s:s,s:o,s:o,s:o},s:o,s:O,s:O}", "appointment", "id",
			appointment_id, "start", record__instant(p.start_ms), "end",
			record__instant(p.end_ms), "doctor", record__person(&p.doctor),
			"note", note ? note : json_null(), "prescriptions",
			json_object_get(rx, "items"), "items", json_object_get(saved, "items"));
	else
		json_decref(note);
	json_decref(rx);
	json_decref(saved);
	return e;
}

enum err record_get(const struct record_ctx *ctx, int limit, const char *cursor,
		    json_t **out)
{
	*out = NULL;
	if (ctx->who->role != ROLE_PATIENT)
		return ERR_FORBIDDEN;
	return record__list(ctx, ctx->who->user_id, limit, cursor, out);
}

enum err record__list(const struct record_ctx *ctx, const char *patient_id, int limit,
		      const char *cursor, json_t **out)
{
	*out = NULL;
	int64_t at = 0;
	char after[ID_LEN + 1] = "";
	if (limit < 1 || limit > RECORD_PAGE_MAX || (cursor && page_cursor_parse(cursor, &at, after)))
		return ERR_INVALID_VALUE;
	char (*ids)[ID_LEN + 1] = mem_alloc((size_t)(limit + 1) * (ID_LEN + 1));
	int64_t *starts = mem_alloc((size_t)(limit + 1) * sizeof(*starts));
	int n = 0;
	enum err e = consultations(ctx, patient_id, limit, at, after, ids, starts, &n);
	json_t *items = json_array();
	for (int i = 0; !e && i < n && i < limit; i++) {
		json_t *one = NULL;
		e = entry(ctx, ids[i], &one);
		if (!e)
			json_array_append_new(items, one);
	}
	char next[64] = "";
	if (n > limit)
		snprintf(next, sizeof(next), "%" PRId64 ".%s", starts[limit - 1], ids[limit - 1]);
	free(ids);
	free(starts);
	if (e)
		json_decref(items);
	else
		*out = json_pack("{s:o,s:s}", "items", items, "next_cursor", next);
	return e;
}

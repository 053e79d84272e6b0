/* notifications.c — storing, listing and reading in-app notifications, and
 * the appointment reminders (see notifications.h). A reminder is claimed by
 * a conditional update of its appointment row, so it goes out once even when
 * several nodes run the reminder tick at the same moment. */
#include "notifications.h"
#include "page.h"
#include "parties.h"
#include "tx.h"
#include "../core/id.h"
#include "../core/instant.h"
#include "../core/log.h"
#include "../db/db.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY_MS (24LL * 3600 * 1000)
#define SOON_MS (15LL * 60 * 1000)

static const char *const event_kinds[] = {
	[APPT_BOOKED] = "appointment_booked",
	[APPT_CANCELLED] = "appointment_cancelled",
	[APPT_RESCHEDULED] = "appointment_rescheduled",
	[APPT_REMINDER_DAY] = "appointment_reminder_day",
	[APPT_REMINDER_SOON] = "appointment_reminder_soon",
};

static json_t *notification_json(const char *id, const char *kind, const char *data_text,
				 int64_t created_ms, bool read)
{
	char at[INSTANT_TEXT_MAX];
	instant_format(created_ms, at);
	json_t *data = json_loads(data_text, 0, NULL);
	return json_pack("{s:s,s:s,s:o,s:s,s:b}", "id", id, "kind", kind,
			 "data", data ? data : json_object(), "created_at", at, "read", read);
}

/* Stores one notification of kind for user to_id (about appointment_id,
 * NULL for none) and appends its notice. Takes data. */
static enum err insert(struct db *db, const char *to_id, const char *kind,
		       const char *appointment_id, json_t *data, int64_t now_ms, json_t *notices)
{
	char id[ID_LEN + 1];
	id_new(id);
	char *text = json_dumps(data, JSON_COMPACT);
	json_decref(data);
	struct db_stmt *st = text ? db_prepare(db,
		"INSERT INTO notifications (id, user_id, kind, appointment_id, data, created_at)"
		" VALUES (?, ?, ?, ?, ?, ?)") : NULL;
	enum db_rc rc = DB_ERROR;
	if (st) {
		db_bind_text(st, 1, id);
		db_bind_text(st, 2, to_id);
		db_bind_text(st, 3, kind);
		if (appointment_id)
			db_bind_text(st, 4, appointment_id);
		else
			db_bind_null(st, 4);
		db_bind_text(st, 5, text);
		db_bind_int64(st, 6, now_ms);
		rc = db_step(st);
		db_finalize(st);
	}
	if (rc == DB_DONE && notices)
		json_array_append_new(notices, json_pack("{s:s,s:o}", "user_id", to_id,
			"notification", notification_json(id, kind, text, now_ms, false)));
	free(text);
	return rc == DB_DONE ? ERR_OK : ERR_DB;
}

/* Stores one notification for `to` about the appointment, with `other`
 * being the party it concerns, and appends its notice. */
static enum err store(struct db *db, const char *appointment_id, enum appointment_event event,
		      const struct appt_parties *f, const struct party *to,
		      const struct party *other, int64_t now_ms, json_t *notices)
{
	char start[INSTANT_TEXT_MAX], end[INSTANT_TEXT_MAX];
	instant_format(f->start_ms, start);
	instant_format(f->end_ms, end);
	json_t *data = json_pack("{s:s,s:s,s:s,s:{s:s,s:s,s:s}}", "appointment_id", appointment_id,
				 "start", start, "end", end, "with", "id", other->id,
				 "name", other->name, "role", other->role);
	return insert(db, to->id, event_kinds[event], appointment_id, data, now_ms, notices);
}

enum err notifications_record_opened(struct db *db, const char *patient_id,
				     const struct party *doctor, int64_t now_ms, json_t *notices)
{
	json_t *data = json_pack("{s:{s:s,s:s,s:s}}", "with", "id", doctor->id, "name",
				 doctor->name, "role", doctor->role);
	return insert(db, patient_id, "record_emergency_access", NULL, data, now_ms, notices);
}

enum err notifications_for_appointment(struct db *db, const char *appointment_id,
				       enum appointment_event event,
				       const char *actor_id, int64_t now_ms,
				       json_t *notices)
{
	struct appt_parties f;
	enum err e = appointment_parties(db, appointment_id, &f);
	if (!e && (!actor_id || strcmp(actor_id, f.patient.id) != 0))
		e = store(db, appointment_id, event, &f, &f.patient, &f.doctor, now_ms, notices);
	if (!e && (!actor_id || strcmp(actor_id, f.doctor.id) != 0))
		e = store(db, appointment_id, event, &f, &f.doctor, &f.patient, now_ms, notices);
	return e;
}

/* One reminder kind: which appointments are due, and the column that says
 * it was sent. The day reminder only when booked more than a day ahead. */
struct reminder {
	enum appointment_event event;
	const char *due_sql;   /* binds: now, now + lead */
	const char *claim_sql; /* binds: now, id */
	int64_t lead_ms;
};

static const struct reminder reminders[] = {
	{APPT_REMINDER_DAY,
	 "SELECT id FROM appointments WHERE status = 'booked' AND start_at > ? AND start_at <= ?"
	 " AND reminded_day_at IS NULL AND created_at <= start_at - 86400000"
	 " ORDER BY start_at LIMIT 200",
	 "UPDATE appointments SET reminded_day_at = ? WHERE id = ? AND reminded_day_at IS NULL",
	 DAY_MS},
	{APPT_REMINDER_SOON,
	 "SELECT id FROM appointments WHERE status = 'booked' AND start_at > ? AND start_at <= ?"
	 " AND reminded_soon_at IS NULL ORDER BY start_at LIMIT 200",
	 "UPDATE appointments SET reminded_soon_at = ? WHERE id = ? AND reminded_soon_at IS NULL",
	 SOON_MS},
};

static enum err due_ids(struct db *db, const struct reminder *r, int64_t now_ms, json_t *ids)
{
	struct db_stmt *st = db_prepare(db, r->due_sql);
	if (!st)
		return ERR_DB;
	db_bind_int64(st, 1, now_ms);
	db_bind_int64(st, 2, now_ms + r->lead_ms);
	enum db_rc rc;
	while ((rc = db_step(st)) == DB_ROW)
		json_array_append_new(ids, json_string(db_column_text(st, 0)));
	db_finalize(st);
	return rc == DB_DONE ? ERR_OK : ERR_DB;
}

/* Claims and notifies one appointment in its own transaction; a claim lost
 * to another node is not an error. */
static enum err remind_one(struct db *db, const struct reminder *r, const char *id,
			   int64_t now_ms, json_t *notices)
{
	if (db_begin(db) != DB_OK)
		return ERR_DB;
	json_t *mine = json_array();
	struct db_stmt *st = db_prepare(db, r->claim_sql);
	enum err e = st ? ERR_OK : ERR_DB;
	if (st) {
		db_bind_int64(st, 1, now_ms);
		db_bind_text(st, 2, id);
		e = db_step(st) == DB_DONE ? ERR_OK : ERR_DB;
		db_finalize(st);
	}
	if (!e && db_changes(db) == 1)
		e = notifications_for_appointment(db, id, r->event, NULL, now_ms, mine);
	e = tx_end(db, e);
	if (!e)
		json_array_extend(notices, mine);
	json_decref(mine);
	return e;
}

enum err notifications_send_reminders(struct db *db, int64_t now_ms, json_t *notices)
{
	enum err e = ERR_OK;
	for (size_t k = 0; !e && k < sizeof(reminders) / sizeof(reminders[0]); k++) {
		json_t *ids = json_array();
		e = due_ids(db, &reminders[k], now_ms, ids);
		size_t i;
		json_t *id;
		json_array_foreach(ids, i, id) {
			if (e)
				break;
			e = remind_one(db, &reminders[k], json_string_value(id), now_ms, notices);
		}
		json_decref(ids);
	}
	return e;
}

static json_t *row_json(struct db_stmt *st)
{
	return notification_json(db_column_text(st, 0), db_column_text(st, 1),
				 db_column_text(st, 2), db_column_int64(st, 3),
				 !db_column_is_null(st, 4));
}

int64_t notifications_unread(struct db *db, const char *user_id)
{
	return db_query_int64(db,
		"SELECT COUNT(*) FROM notifications WHERE user_id = ? AND read_at IS NULL", user_id);
}

enum err notifications_list(struct db *db, const struct principal *who, int limit,
			    const char *cursor, json_t **out)
{
	*out = NULL;
	int64_t c_at = 0;
	char c_id[ID_LEN + 1] = "";
	bool paged = cursor && *cursor;
	if (paged && page_cursor_parse(cursor, &c_at, c_id))
		return ERR_INVALID_VALUE;
	struct db_stmt *st = db_prepare(db, paged
		? "SELECT id, kind, data, created_at, read_at FROM notifications WHERE user_id = ?"
		  " AND (created_at < ? OR (created_at = ? AND id < ?))"
		  " ORDER BY created_at DESC, id DESC LIMIT ?"
		: "SELECT id, kind, data, created_at, read_at FROM notifications WHERE user_id = ?"
		  " ORDER BY created_at DESC, id DESC LIMIT ?");
	if (!st)
		return ERR_DB;
	int i = 1;
	db_bind_text(st, i++, who->user_id);
	if (paged) {
		db_bind_int64(st, i++, c_at);
		db_bind_int64(st, i++, c_at);
		db_bind_text(st, i++, c_id);
	}
	db_bind_int64(st, i, limit + 1);
	json_t *items = NULL;
	char next[96] = "";
	enum err e = page_collect(st, limit, row_json, "created_at", &items, next, sizeof(next));
	if (e)
		return e;
	int64_t unread = notifications_unread(db, who->user_id);
	if (unread < 0) {
		json_decref(items);
		return ERR_DB;
	}
	*out = json_pack("{s:o,s:I,s:s?}", "items", items, "unread", (json_int_t)unread,
			 "next_cursor", *next ? next : NULL);
	return ERR_OK;
}

enum err notifications_mark_read(struct db *db, const struct principal *who,
				 const char *up_to_id, int64_t now_ms)
{
	int64_t up_to_ms = INT64_MAX;
	char up_to[ID_LEN + 1] = "";
	if (up_to_id) {
		if (!id_valid(up_to_id))
			return ERR_NOT_FOUND;
		struct db_stmt *st = db_prepare(db,
			"SELECT created_at FROM notifications WHERE id = ? AND user_id = ?");
		if (!st)
			return ERR_DB;
		db_bind_text(st, 1, up_to_id);
		db_bind_text(st, 2, who->user_id);
		enum db_rc rc = db_step(st);
		if (rc == DB_ROW)
			up_to_ms = db_column_int64(st, 0);
		db_finalize(st);
		if (rc != DB_ROW)
			return rc == DB_DONE ? ERR_NOT_FOUND : ERR_DB;
		snprintf(up_to, sizeof(up_to), "%s", up_to_id);
	}
	struct db_stmt *st = db_prepare(db,
		"UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL"
		" AND (created_at < ? OR (created_at = ? AND id <= ?))");
	if (!st)
		return ERR_DB;
	db_bind_int64(st, 1, now_ms);
	db_bind_text(st, 2, who->user_id);
	db_bind_int64(st, 3, up_to_ms);
	db_bind_int64(st, 4, up_to_ms);
	db_bind_text(st, 5, up_to_id ? up_to : "~");
	enum db_rc rc = db_step(st);
	db_finalize(st);
	return rc == DB_DONE ? ERR_OK : ERR_DB;
}

/* audit_query.c — reading the audit log: an administrator's filtered search,
 * a patient's own access log, and the events of a patient's export (see
 * audit.h). Read-only. Worker threads,
 * with that thread's own store connection. */
#include "audit.h"
#include "accounts_int.h"
#include "../core/buf.h"
#include "../core/instant.h"
#include "../db/db.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An action that reports a refusal or a failure. */
#define FAILURE_SQL "(e.action LIKE '%\\_failed' ESCAPE '\\' OR e.action LIKE '%\\_refused' ESCAPE '\\'" \
		    " OR e.action LIKE '%\\_denied' ESCAPE '\\')"

#define ROW_COLUMNS "e.seq, e.id, e.at, e.actor_id, e.actor_role, e.action, e.subject_id, e.ip," \
		    " e.detail, e.patient_id, a.username, a.full_name, p.username, a.role"
#define ROW_JOINS " FROM audit_events e LEFT JOIN users a ON a.id = e.actor_id" \
		  " LEFT JOIN users p ON p.id = e.patient_id"

static bool ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), m = strlen(tail);
	return n >= m && strcmp(s + n - m, tail) == 0;
}

static const char *outcome_of(const char *action)
{
	return ends_with(action, "_failed") || ends_with(action, "_refused") ||
			       ends_with(action, "_denied")
		       ? "failure"
		       : "success";
}

static json_t *detail_of(struct db_stmt *st)
{
	const char *text = db_column_text(st, 8);
	json_t *d = json_loads(text ? text : "{}", 0, NULL);
	return d ? d : json_object();
}

/* One event as the administrators' page shows it. */
static json_t *admin_row(struct db_stmt *st)
{
	char at[INSTANT_TEXT_MAX];
	instant_format(db_column_int64(st, 2), at);
	const char *action = db_column_text(st, 5);
	const char *ip = db_column_text(st, 7);
	return json_pack("{s:I,s:s,s:s,s:s?,s:s?,s:s?,s:s,s:s,s:s?,s:s?,s:s?,s:s,s:o}",
			 "seq", (json_int_t)db_column_int64(st, 0), "id", db_column_text(st, 1),
			 "at", at, "actor_id", db_column_text(st, 3), "actor_role",
			 db_column_text(st, 4), "actor_name", db_column_text(st, 10), "action",
			 action, "outcome", outcome_of(action), "subject_id",
			 db_column_text(st, 6), "patient_id", db_column_text(st, 9),
			 "patient_name", db_column_text(st, 12), "ip", ip ? ip : "", "detail",
			 detail_of(st));
}

/* One event as the patient reads it: who, role, when, what, why. The
 * purpose is the event's own ("emergency" for a break-glass read, with
 * the reason given) and otherwise care: every other access the system
 * allows is by the patient's own care team. The role is the event's, or
 * the actor's account's when the event has none; a pharmacist (not an
 * account) is named as they stated it when dispensing. */
static json_t *patient_row(struct db_stmt *st)
{
	char at[INSTANT_TEXT_MAX];
	instant_format(db_column_int64(st, 2), at);
	json_t *detail = detail_of(st);
	const char *purpose = json_string_value(json_object_get(detail, "purpose"));
	const char *reason = json_string_value(json_object_get(detail, "reason"));
	const char *name = db_column_text(st, 11), *role = db_column_text(st, 4);
	const char *pharmacist = json_string_value(json_object_get(detail, "pharmacist"));
	if (!role || !*role)
		role = db_column_text(st, 13);
	if (!name && pharmacist) {
		name = pharmacist;
		role = "pharmacist";
	}
	json_t *row = json_pack("{s:I,s:s,s:{s:s?,s:s?,s:s?},s:s,s:s,s:s?}",
				"seq", (json_int_t)db_column_int64(st, 0), "at", at, "actor",
				"id", db_column_text(st, 3), "name", name, "role",
				role, "action", db_column_text(st, 5),
				"purpose", purpose ? purpose : "care", "reason", reason);
	json_decref(detail);
	return row;
}

/* Collects up to limit rows newest first; the cursor is the last seq. */
static enum err collect(struct db_stmt *st, int limit, json_t *(*row)(struct db_stmt *),
			json_t **events, char *next, size_t next_len)
{
	json_t *list = json_array();
	enum db_rc rc;
	int n = 0;
	int64_t last_seq = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (n == limit) {
			snprintf(next, next_len, "%" PRId64, last_seq);
			break;
		}
		last_seq = db_column_int64(st, 0);
		json_array_append_new(list, row(st));
		n++;
	}
	db_finalize(st);
	if (rc != DB_ROW && rc != DB_DONE) {
		json_decref(list);
		return ERR_DB;
	}
	*events = list;
	return ERR_OK;
}

static enum err parse_cursor(const char *cursor, int64_t *before)
{
	*before = INT64_MAX;
	if (!cursor || !*cursor)
		return ERR_OK;
	char *end;
	*before = strtoll(cursor, &end, 10);
	return *end || *before <= 0 ? ERR_INVALID_VALUE : ERR_OK;
}

/* The SQL and its text parameters, built clause by clause. */
struct query {
	struct buf sql;
	const char *text[12];
	int ntext;
	char keys[2][ACCOUNTS_USERNAME_MAX + 1];
};

static void add_text(struct query *q, const char *clause, const char *value)
{
	buf_append_str(&q->sql, clause);
	q->text[q->ntext++] = value;
}

/* "<column> = id, or the id of the user with that username" */
static void add_user(struct query *q, const char *column, const char *value, int k)
{
	if (accounts__username_key(value, q->keys[k]) != 0)
		q->keys[k][0] = '\0';
	buf_printf(&q->sql, " AND (%s = ? OR %s IN (SELECT id FROM users WHERE username_key = ?))",
		   column, column);
	q->text[q->ntext++] = value;
	q->text[q->ntext++] = q->keys[k];
}

static enum err build_filter(struct query *q, const struct audit_filter *f)
{
	if (f->outcome && strcmp(f->outcome, "success") != 0 && strcmp(f->outcome, "failure") != 0)
		return ERR_INVALID_VALUE;
	if (f->actor)
		add_user(q, "e.actor_id", f->actor, 0);
	if (f->patient)
		add_user(q, "e.patient_id", f->patient, 1);
	if (f->action && ends_with(f->action, ".")) {
		buf_printf(&q->sql, " AND substr(e.action, 1, %zu)", strlen(f->action));
		add_text(q, " = ?", f->action);
	} else if (f->action) {
		add_text(q, " AND e.action = ?", f->action);
	}
	if (f->outcome)
		buf_append_str(&q->sql, strcmp(f->outcome, "failure") == 0
						? " AND " FAILURE_SQL
						: " AND NOT " FAILURE_SQL);
	if (f->from_ms)
		buf_printf(&q->sql, " AND e.at >= %" PRId64, f->from_ms);
	if (f->to_ms)
		buf_printf(&q->sql, " AND e.at < %" PRId64, f->to_ms);
	return ERR_OK;
}

enum err audit_list(struct db *db, const struct principal *actor,
		    const struct audit_filter *filter, int limit, const char *cursor,
		    json_t **events, char *next_cursor, size_t next_len)
{
	*events = NULL;
	if (!actor || actor->role != ROLE_ADMIN)
		return ERR_FORBIDDEN;
	int64_t before;
	if (parse_cursor(cursor, &before))
		return ERR_INVALID_VALUE;
	*next_cursor = '\0'; /* after reading cursor: they may share a buffer */
	struct query q = {.ntext = 0};
	buf_init(&q.sql, 0);
	buf_append_str(&q.sql, "SELECT " ROW_COLUMNS ROW_JOINS " WHERE e.seq < ?");
	enum err e = build_filter(&q, filter);
	buf_append_str(&q.sql, " ORDER BY e.seq DESC LIMIT ?");
	struct db_stmt *st = e ? NULL : db_prepare(db, q.sql.data);
	buf_cleanup(&q.sql);
	if (e)
		return e;
	if (!st)
		return ERR_DB;
	db_bind_int64(st, 1, before);
	for (int i = 0; i < q.ntext; i++)
		db_bind_text(st, 2 + i, q.text[i]);
	db_bind_int64(st, 2 + q.ntext, limit + 1);
	return collect(st, limit, admin_row, events, next_cursor, next_len);
}

enum err audit_access_log(struct db *db, const struct principal *who, int limit,
			  const char *cursor, json_t **events, char *next_cursor,
			  size_t next_len)
{
	*events = NULL;
	if (!who || who->role != ROLE_PATIENT)
		return ERR_FORBIDDEN;
	int64_t before;
	if (parse_cursor(cursor, &before))
		return ERR_INVALID_VALUE;
	*next_cursor = '\0';
	struct db_stmt *st = db_prepare(db, "SELECT " ROW_COLUMNS ROW_JOINS
		" WHERE e.patient_id = ? AND e.seq < ?"
		" AND (e.actor_id IS NULL OR e.actor_id <> e.patient_id)"
		" ORDER BY e.seq DESC LIMIT ?");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, who->user_id);
	db_bind_int64(st, 2, before);
	db_bind_int64(st, 3, limit + 1);
	return collect(st, limit, patient_row, events, next_cursor, next_len);
}

enum err audit_about(struct db *db, const char *patient_id, int max, json_t **events)
{
	*events = NULL;
	struct db_stmt *st = db_prepare(db, "SELECT " ROW_COLUMNS ROW_JOINS
		" WHERE e.patient_id = ? OR e.subject_id = ? ORDER BY e.seq LIMIT ?");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, patient_id);
	db_bind_text(st, 2, patient_id);
	db_bind_int64(st, 3, max);
	char next[32];
	return collect(st, max, admin_row, events, next, sizeof(next));
}

/* retention.c — the retention rules and the purge (see retention.h). Each
 * kind of data is a list of statements that bind its cut-off instant (now
 * less its period) to every placeholder; a run executes them all in one
 * write transaction with its audit event, then lets the store forget the
 * freed bytes. The medical record of a live patient is never purged here:
 * only an erased patient's, counted from the erasure (seed 004: kept for
 * the period the law sets after the relationship ends). What stays of an
 * erased patient after that is their appointments' times and doctors under
 * the pseudonym, without reason or answers, and their reviews' ratings. */
#include "retention.h"
#include "audit.h"
#include "tx.h"
#include "../core/id.h"
#include "../core/instant.h"
#include "../core/log.h"
#include "../db/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY_MS 86400000LL
#define ERASED "(SELECT id FROM users WHERE erased_at < ?)"

struct kind {
	const char *name;
	int default_days;
	const char *covers;
	const char *const *sql; /* NULL-terminated */
};

static const char *const sessions_sql[] = {
	"DELETE FROM sessions WHERE expires_at < ? OR revoked_at < ?", NULL};
static const char *const notifications_sql[] = {
	"DELETE FROM notifications WHERE created_at < ?", NULL};
static const char *const call_quality_sql[] = {
	"DELETE FROM call_quality WHERE created_at < ?", NULL};
static const char *const messages_sql[] = {
	/* a conversation goes whole once its last message is old enough */
	"DELETE FROM conversations WHERE last_message_at < ?", NULL};
static const char *const erased_sql[] = {
	"DELETE FROM note_corrections WHERE patient_id IN " ERASED,
	"DELETE FROM note_amendments WHERE note_id IN (SELECT id FROM consultation_notes"
	" WHERE patient_id IN " ERASED ")",
	"DELETE FROM consultation_notes WHERE patient_id IN " ERASED,
	"DELETE FROM dispensings WHERE prescription_id IN (SELECT id FROM prescriptions"
	" WHERE patient_id IN " ERASED ")",
	"DELETE FROM prescriptions WHERE patient_id IN " ERASED,
	"DELETE FROM record_items WHERE patient_id IN " ERASED,
	"DELETE FROM consents WHERE patient_id IN " ERASED,
	"DELETE FROM vital_alerts WHERE patient_id IN " ERASED,
	"DELETE FROM vital_thresholds WHERE patient_id IN " ERASED,
	"DELETE FROM observations WHERE patient_id IN " ERASED,
	"DELETE FROM devices WHERE patient_id IN " ERASED,
	"DELETE FROM dropin_entries WHERE patient_id IN " ERASED,
	"UPDATE appointments SET reason = '', answers = '{}', cancel_reason = NULL"
	" WHERE patient_id IN " ERASED
	" AND (reason <> '' OR answers <> '{}' OR cancel_reason IS NOT NULL)",
	NULL};

static const struct kind kinds[] = {
	{"sessions", 30, "sessions, from when they expired or were revoked", sessions_sql},
	{"notifications", 365, "notifications, from when they were sent", notifications_sql},
	{"call_quality", 90, "call-quality figures, from when they were measured",
	 call_quality_sql},
	{"messages", 2190, "conversations and their files, from their last message",
	 messages_sql},
	{"erased_records", 2190, "the medical record of an erased patient, from the erasure",
	 erased_sql},
};
#define NKINDS (sizeof(kinds) / sizeof(kinds[0]))

static const struct kind *find_kind(const char *name)
{
	for (size_t i = 0; name && i < NKINDS; i++)
		if (strcmp(kinds[i].name, name) == 0)
			return &kinds[i];
	return NULL;
}

/* The period of a kind: its rule, else its default; -1 on a store error. */
static int64_t keep_days(struct db *db, const struct kind *k)
{
	struct db_stmt *st = db_prepare(db, "SELECT keep_days FROM retention_rules WHERE kind = ?");
	if (!st)
		return -1;
	db_bind_text(st, 1, k->name);
	enum db_rc rc = db_step(st);
	int64_t days = rc == DB_ROW ? db_column_int64(st, 0) : rc == DB_DONE ? k->default_days : -1;
	db_finalize(st);
	return days;
}

static json_t *last_run(struct db *db)
{
	struct db_stmt *st = db_prepare(db, "SELECT at, by_id, purged FROM retention_runs"
					" ORDER BY at DESC LIMIT 1");
	json_t *out = json_null();
	if (st && db_step(st) == DB_ROW) {
		char at[INSTANT_TEXT_MAX];
		instant_format(db_column_int64(st, 0), at);
		json_t *purged = json_loads(db_column_text(st, 2), 0, NULL);
		out = json_pack("{s:s,s:s?,s:o}", "at", at, "by",
				db_column_is_null(st, 1) ? NULL : db_column_text(st, 1),
				"purged", purged ? purged : json_object());
	}
	db_finalize(st);
	return out;
}

enum err retention_rules(struct db *db, const struct principal *who, json_t **out)
{
	*out = NULL;
	if (who->role != ROLE_ADMIN)
		return ERR_FORBIDDEN;
	json_t *rules = json_array();
	for (size_t i = 0; i < NKINDS; i++) {
		int64_t days = keep_days(db, &kinds[i]);
		if (days < 0) {
			json_decref(rules);
			return ERR_DB;
		}
		json_array_append_new(rules, json_pack("{s:s,s:I,s:i,s:s}", "kind", kinds[i].name,
			"keep_days", (json_int_t)days, "default_days", kinds[i].default_days,
			"covers", kinds[i].covers));
	}
	*out = json_pack("{s:o,s:o}", "rules", rules, "last_run", last_run(db));
	return ERR_OK;
}

static enum err save_rule(struct db *db, const struct principal *who, const char *kind,
			  int64_t days, int64_t now_ms)
{
	struct db_stmt *st = db_prepare(db, "DELETE FROM retention_rules WHERE kind = ?");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, kind);
	enum db_rc rc = db_step(st);
	db_finalize(st);
	st = rc == DB_DONE ? db_prepare(db, "INSERT INTO retention_rules (kind, keep_days,"
					" updated_at, updated_by) VALUES (?, ?, ?, ?)") : NULL;
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, kind);
	db_bind_int64(st, 2, days);
	db_bind_int64(st, 3, now_ms);
	db_bind_text(st, 4, who->user_id);
	rc = db_step(st);
	db_finalize(st);
	return rc == DB_DONE ? ERR_OK : ERR_DB;
}

enum err retention_set(struct db *db, const struct principal *who, const json_t *rules,
		       int64_t now_ms, char *msg, size_t msglen)
{
	if (who->role != ROLE_ADMIN)
		return ERR_FORBIDDEN;
	size_t i;
	const json_t *r;
	json_array_foreach(rules, i, r)
	{
		const char *kind = json_string_value(json_object_get(r, "kind"));
		const json_t *days = json_object_get(r, "keep_days");
		if (!json_is_object(r) || json_object_size(r) != 2 || !find_kind(kind) ||
		    !json_is_integer(days) || json_integer_value(days) < 1 ||
		    json_integer_value(days) > RETENTION_DAYS_MAX) {
			snprintf(msg, msglen, "rules[%zu]: {\"kind\": one of GET's kinds,"
				 " \"keep_days\": 1 to %d}", i, RETENTION_DAYS_MAX);
			return ERR_INVALID_VALUE;
		}
	}
	if (db_begin(db) != DB_OK)
		return ERR_DB;
	enum err e = ERR_OK;
	json_array_foreach(rules, i, r)
		if (!e)
			e = save_rule(db, who, json_string_value(json_object_get(r, "kind")),
				      json_integer_value(json_object_get(r, "keep_days")), now_ms);
	if (!e)
		e = audit_append(db, who, "retention.update", NULL,
				 json_pack("{s:O}", "rules", rules), now_ms);
	return tx_end(db, e);
}

/* Runs one statement with cutoff bound to each of its placeholders;
 * *rows gets the rows it changed. */
static enum err purge(struct db *db, const char *sql, int64_t cutoff, int64_t *rows)
{
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return ERR_DB;
	int n = 0;
	for (const char *c = sql; *c; c++)
		n += *c == '?';
	for (int i = 1; i <= n; i++)
		db_bind_int64(st, i, cutoff);
	enum db_rc rc = db_step(st);
	db_finalize(st);
	*rows += rc == DB_DONE ? db_changes(db) : 0;
	return rc == DB_DONE ? ERR_OK : ERR_DB;
}

/* Every kind's purge, into counts. Inside the caller's transaction. */
static enum err purge_all(struct db *db, int64_t now_ms, json_t *counts)
{
	enum err e = ERR_OK;
	for (size_t i = 0; !e && i < NKINDS; i++) {
		int64_t days = keep_days(db, &kinds[i]), rows = 0;
		if (days < 0)
			return ERR_DB;
		for (const char *const *sql = kinds[i].sql; !e && *sql; sql++)
			e = purge(db, *sql, now_ms - days * DAY_MS, &rows);
		json_object_set_new(counts, kinds[i].name, json_integer(rows));
	}
	return e;
}

/* Records the run (claiming day when > 0: ERR_CONFLICT when taken). */
static enum err record_run(struct db *db, const struct principal *who, int64_t day,
			   int64_t now_ms, const json_t *counts)
{
	char id[ID_LEN + 1];
	id_new(id);
	char *text = json_dumps(counts, JSON_COMPACT | JSON_SORT_KEYS);
	struct db_stmt *st = db_prepare(db, "INSERT INTO retention_runs (id, day, at, by_id,"
					" purged) VALUES (?, ?, ?, ?, ?)");
	enum db_rc rc = DB_ERROR;
	if (st) {
		db_bind_text(st, 1, id);
		if (day > 0)
			db_bind_int64(st, 2, day);
		else
			db_bind_null(st, 2);
		db_bind_int64(st, 3, now_ms);
		if (who)
			db_bind_text(st, 4, who->user_id);
		else
			db_bind_null(st, 4);
		db_bind_text(st, 5, text);
		rc = db_step(st);
		db_finalize(st);
	}
	free(text);
	if (rc == DB_CONSTRAINT)
		return ERR_CONFLICT;
	if (rc != DB_DONE)
		return ERR_DB;
	return audit_append(db, who, "retention.run", NULL,
			    json_pack("{s:O}", "purged", counts), now_ms);
}

static enum err run(struct db *db, const struct principal *who, int64_t day, int64_t now_ms,
		    json_t **purged)
{
	if (db_begin(db) != DB_OK)
		return ERR_DB;
	json_t *counts = json_object();
	enum err e = purge_all(db, now_ms, counts);
	if (!e)
		e = record_run(db, who, day, now_ms, counts);
	e = tx_end(db, e);
	if (!e && db_forget(db) != DB_OK)
		log_warn("retention_checkpoint_deferred", "readers kept the log busy");
	if (!e)
		log_info("retention_run", "day=%lld", (long long)day);
	if (!e && purged)
		*purged = counts;
	else
		json_decref(counts);
	return e;
}

enum err retention_run(struct db *db, const struct principal *who, int64_t now_ms,
		       json_t **purged)
{
	if (who && who->role != ROLE_ADMIN)
		return ERR_FORBIDDEN;
	return run(db, who, 0, now_ms, purged);
}

enum err retention_daily(struct db *db, int64_t now_ms, bool *ran)
{
	*ran = false;
	int64_t day = now_ms / DAY_MS;
	struct db_stmt *st = db_prepare(db, "SELECT 1 FROM retention_runs WHERE day = ?");
	if (!st)
		return ERR_DB;
	db_bind_int64(st, 1, day);
	enum db_rc rc = db_step(st);
	db_finalize(st);
	if (rc != DB_DONE)
		return rc == DB_ROW ? ERR_OK : ERR_DB;
	enum err e = run(db, NULL, day, now_ms, NULL);
	if (e == ERR_CONFLICT) /* another node claimed it first */
		return ERR_OK;
	*ran = !e;
	return e;
}

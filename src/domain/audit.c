/* audit.c — the hash-chained audit log (see audit.h). */
#include "audit.h"
#include "tx.h"
#include "../core/buf.h"
#include "../core/id.h"
#include "../core/instant.h"
#include "../db/db.h"
#include "../sec/token.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

struct event {
	int64_t seq, at;
	const char *id, *actor_id, *actor_role, *action, *subject_id, *ip, *detail;
	const char *prev_hash;
};

/* hash = H(prev ‖ fields), fields separated by 0x1f; NULL as "\x1e". */
static void event_hash(const struct event *e, char out[TOKEN_HASH_LEN + 1])
{
	struct buf b;
	buf_init(&b, 0);
	const char *fields[] = {e->prev_hash, e->id, e->actor_id, e->actor_role,
				e->action, e->subject_id, e->ip, e->detail};
	buf_printf(&b, "%" PRId64 "\x1f%" PRId64, e->seq, e->at);
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		buf_append_str(&b, "\x1f");
		buf_append_str(&b, fields[i] ? fields[i] : "\x1e");
	}
	token_hash_bytes(b.data, b.len, out);
	buf_cleanup(&b);
}

static enum err chain_tail(struct db *db, int64_t *seq, char prev[TOKEN_HASH_LEN + 1])
{
	struct db_stmt *st = db_prepare(db,
		"SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1");
	if (!st)
		return ERR_DB;
	enum db_rc rc = db_step(st);
	*seq = 0;
	snprintf(prev, TOKEN_HASH_LEN + 1, "%s", GENESIS);
	if (rc == DB_ROW) {
		*seq = db_column_int64(st, 0);
		snprintf(prev, TOKEN_HASH_LEN + 1, "%s", db_column_text(st, 1));
	}
	db_finalize(st);
	return rc == DB_ROW || rc == DB_DONE ? ERR_OK : ERR_DB;
}

enum err audit_append(struct db *db, const struct principal *actor,
		      const char *action, const char *subject_id, json_t *detail,
		      int64_t now_ms)
{
	char prev[TOKEN_HASH_LEN + 1], hash[TOKEN_HASH_LEN + 1], id[ID_LEN + 1];
	if (!detail)
		detail = json_object();
	char *detail_text = json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(detail);
	int64_t last;
	enum err e = chain_tail(db, &last, prev);
	if (e) {
		free(detail_text);
		return e;
	}
	id_new(id);
	bool known = actor && actor->authenticated;
	struct event ev = {
		.seq = last + 1, .at = now_ms, .id = id,
		.actor_id = known ? actor->user_id : NULL,
		.actor_role = known ? role_name(actor->role) : NULL,
		.action = action, .subject_id = subject_id,
		.ip = actor ? actor->ip : "", .detail = detail_text,
		.prev_hash = prev};
	event_hash(&ev, hash);
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO audit_events (seq, id, at, actor_id, actor_role, action,"
		" subject_id, ip, detail, prev_hash, hash)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	e = ERR_DB;
	if (st) {
		db_bind_int64(st, 1, ev.seq);
		db_bind_text(st, 2, ev.id);
		db_bind_int64(st, 3, ev.at);
		db_bind_text(st, 4, ev.actor_id);
		db_bind_text(st, 5, ev.actor_role);
		db_bind_text(st, 6, ev.action);
		db_bind_text(st, 7, ev.subject_id);
		db_bind_text(st, 8, ev.ip);
		db_bind_text(st, 9, ev.detail);
		db_bind_text(st, 10, ev.prev_hash);
		db_bind_text(st, 11, hash);
		if (db_step(st) == DB_DONE)
			e = ERR_OK;
		db_finalize(st);
	}
	free(detail_text);
	return e;
}

enum err audit_record(struct db *db, const struct principal *actor,
		      const char *action, const char *subject_id, json_t *detail,
		      int64_t now_ms)
{
	if (db_begin(db) != DB_OK) {
		json_decref(detail);
		return ERR_DB;
	}
	enum err e = audit_append(db, actor, action, subject_id, detail, now_ms);
	return tx_end(db, e);
}

#define EVENT_COLUMNS "seq, id, at, actor_id, actor_role, action, subject_id, ip, detail, prev_hash, hash"

static void read_event(struct db_stmt *st, struct event *e)
{
	e->seq = db_column_int64(st, 0);
	e->id = db_column_text(st, 1);
	e->at = db_column_int64(st, 2);
	e->actor_id = db_column_text(st, 3);
	e->actor_role = db_column_text(st, 4);
	e->action = db_column_text(st, 5);
	e->subject_id = db_column_text(st, 6);
	e->ip = db_column_text(st, 7);
	e->detail = db_column_text(st, 8);
	e->prev_hash = db_column_text(st, 9);
}

enum err audit_verify(struct db *db, int64_t *count, int64_t *broken_seq)
{
	struct db_stmt *st = db_prepare(db, "SELECT " EVENT_COLUMNS
					    " FROM audit_events ORDER BY seq");
	if (!st)
		return ERR_DB;
	char expect_prev[TOKEN_HASH_LEN + 1] = GENESIS, hash[TOKEN_HASH_LEN + 1];
	int64_t expect_seq = 1;
	enum db_rc rc;
	*count = 0;
	*broken_seq = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		struct event e;
		read_event(st, &e);
		event_hash(&e, hash);
		const char *stored = db_column_text(st, 10);
		(*count)++;
		if (e.seq != expect_seq || strcmp(e.prev_hash, expect_prev) != 0 ||
		    !stored || strcmp(stored, hash) != 0) {
			*broken_seq = e.seq;
			break;
		}
		snprintf(expect_prev, sizeof(expect_prev), "%s", stored);
		expect_seq++;
	}
	db_finalize(st);
	return rc == DB_ROW || rc == DB_DONE ? ERR_OK : ERR_DB;
}

static json_t *event_json(struct db_stmt *st)
{
	struct event e;
	read_event(st, &e);
	char at[INSTANT_TEXT_MAX];
	instant_format(e.at, at);
	json_t *detail = json_loads(e.detail ? e.detail : "{}", 0, NULL);
	return json_pack("{s:I,s:s,s:s,s:s?,s:s?,s:s,s:s?,s:s,s:o}", "seq",
			 (json_int_t)e.seq, "id", e.id, "at", at, "actor_id",
			 e.actor_id, "actor_role", e.actor_role, "action", e.action,
			 "subject_id", e.subject_id, "ip", e.ip ? e.ip : "", "detail",
			 detail ? detail : json_object());
}

enum err audit_list(struct db *db, const struct principal *actor, int limit,
		    const char *cursor, json_t **events, char *next_cursor,
		    size_t next_len)
{
	*events = NULL;
	if (!actor || actor->role != ROLE_ADMIN)
		return ERR_FORBIDDEN;
	int64_t before = INT64_MAX;
	if (cursor && *cursor) {
		char *end;
		before = strtoll(cursor, &end, 10);
		if (*end || before <= 0)
			return ERR_INVALID_VALUE;
	}
	*next_cursor = '\0'; /* after reading cursor: they may share a buffer */
	struct db_stmt *st = db_prepare(db, "SELECT " EVENT_COLUMNS
		" FROM audit_events WHERE seq < ? ORDER BY seq DESC LIMIT ?");
	if (!st)
		return ERR_DB;
	db_bind_int64(st, 1, before);
	db_bind_int64(st, 2, limit + 1);
	json_t *list = json_array();
	enum db_rc rc;
	int n = 0;
	int64_t last_seq = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (n == limit) {
			snprintf(next_cursor, next_len, "%" PRId64, last_seq);
			break;
		}
		last_seq = db_column_int64(st, 0);
		json_array_append_new(list, event_json(st));
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

enum err audit_about(struct db *db, const char *subject_id, int max, json_t **events)
{
	*events = NULL;
	struct db_stmt *st = db_prepare(db, "SELECT " EVENT_COLUMNS
		" FROM audit_events WHERE subject_id = ? ORDER BY seq LIMIT ?");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, subject_id);
	db_bind_int64(st, 2, max);
	json_t *list = json_array();
	enum db_rc rc;
	while ((rc = db_step(st)) == DB_ROW)
		json_array_append_new(list, event_json(st));
	db_finalize(st);
	if (rc != DB_DONE) {
		json_decref(list);
		return ERR_DB;
	}
	*events = list;
	return ERR_OK;
}

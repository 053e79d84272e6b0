/* audit.c — the hash-chained audit log (see audit.h). */
#include "audit.h"
#include "tx.h"
#include "../core/buf.h"
#include "../core/id.h"
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
	const char *patient_id; /* NULL: no patient's health data */
};

/* hash = H(prev ‖ fields), fields separated by 0x1f; NULL as "\x1e". The
 * patient is the last field, and only when there is one: events written
 * before it existed (migration 21) keep their hashes, and adding, removing
 * or changing the patient of any event breaks its hash. */
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
	if (e->patient_id) {
		buf_append_str(&b, "\x1f");
		buf_append_str(&b, e->patient_id);
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
	return audit_append_patient(db, actor, action, subject_id, NULL, detail, now_ms);
}

enum err audit_append_patient(struct db *db, const struct principal *actor,
			      const char *action, const char *subject_id,
			      const char *patient_id, json_t *detail, int64_t now_ms)
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
		.prev_hash = prev, .patient_id = patient_id};
	event_hash(&ev, hash);
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO audit_events (seq, id, at, actor_id, actor_role, action,"
		" subject_id, ip, detail, prev_hash, hash, patient_id)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
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
		db_bind_text(st, 12, ev.patient_id);
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
	return audit_record_patient(db, actor, action, subject_id, NULL, detail, now_ms);
}

enum err audit_record_patient(struct db *db, const struct principal *actor,
			      const char *action, const char *subject_id,
			      const char *patient_id, json_t *detail, int64_t now_ms)
{
	if (db_begin(db) != DB_OK) {
		json_decref(detail);
		return ERR_DB;
	}
	enum err e = audit_append_patient(db, actor, action, subject_id, patient_id,
					  detail, now_ms);
	return tx_end(db, e);
}

#define EVENT_COLUMNS "seq, id, at, actor_id, actor_role, action, subject_id, ip, detail, prev_hash, hash, patient_id"

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
	e->patient_id = db_column_text(st, 11);
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

enum err audit_verify_as(struct db *db, const struct principal *who, int64_t *count,
			 int64_t *broken_seq)
{
	*count = *broken_seq = 0;
	if (!who || who->role != ROLE_ADMIN)
		return ERR_FORBIDDEN;
	return audit_verify(db, count, broken_seq);
}

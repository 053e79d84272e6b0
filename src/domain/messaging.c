/* messaging.c — conversations: starting one, listing, reading and deleting
 * them, and what messages.c shares (see messaging.h, messaging_int.h). */
#include "messaging_int.h"
#include "audit.h"
#include "page.h"
#include "sealed.h"
#include "tx.h"
#include "../core/instant.h"
#include "../core/jsonx.h"
#include "../db/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A conversation with its people and the caller's unread count; bind 1 is
 * the caller (whose unread messages are counted). */
#define CONVERSATION_SELECT                                                          \
	"SELECT c.id, c.title, c.doctor_id, d.full_name, c.patient_id, p.full_name,"  \
	" c.created_at, c.last_message_at, (SELECT COUNT(*) FROM messages m"           \
	" WHERE m.conversation_id = c.id AND m.recipient_id = ? AND m.read_at IS NULL)" \
	" FROM conversations c JOIN users d ON d.id = c.doctor_id"                     \
	" JOIN users p ON p.id = c.patient_id"

enum err conversation__find(const struct messaging_ctx *ctx, const char *id,
			    struct conversation_row *row)
{
	if (!id || !id_valid(id))
		return ERR_NOT_FOUND;
	struct db_stmt *st = db_prepare(ctx->db,
		"SELECT id, doctor_id, patient_id, last_message_at FROM conversations"
		" WHERE id = ? AND (doctor_id = ? OR patient_id = ?)");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, ctx->who->user_id);
	db_bind_text(st, 3, ctx->who->user_id);
	enum db_rc rc = db_step(st);
	if (rc == DB_ROW) {
		snprintf(row->id, sizeof(row->id), "%s", db_column_text(st, 0));
		snprintf(row->doctor_id, sizeof(row->doctor_id), "%s", db_column_text(st, 1));
		snprintf(row->patient_id, sizeof(row->patient_id), "%s", db_column_text(st, 2));
		row->last_message_at = db_column_int64(st, 3);
	}
	db_finalize(st);
	return rc == DB_ROW ? ERR_OK : rc == DB_DONE ? ERR_NOT_FOUND : ERR_DB;
}

const char *conversation__other(const struct conversation_row *c, const char *user_id)
{
	return strcmp(c->doctor_id, user_id) == 0 ? c->patient_id : c->doctor_id;
}

enum err messaging__notify(const struct messaging_ctx *ctx, const char *user_id,
			   json_t *message)
{
	int64_t unread = messages_unread_total(ctx->db, user_id);
	if (unread < 0) {
		json_decref(message);
		return ERR_DB;
	}
	json_object_set_new(message, "messages_unread", json_integer(unread));
	if (ctx->notices)
		json_array_append_new(ctx->notices, json_pack("{s:s,s:o}", "user_id", user_id,
							      "message", message));
	else
		json_decref(message);
	return ERR_OK;
}

bool messaging__text_ok(const char *text, size_t len, size_t min_chars, size_t max_chars)
{
	if (!text || memchr(text, '\0', len))
		return false;
	json_t *valid = json_stringn(text, len); /* NULL unless well-formed UTF-8 */
	size_t chars = valid ? jsonx_utf8_length(json_string_value(valid)) : 0;
	json_decref(valid);
	if (!valid || chars < min_chars || chars > max_chars)
		return false;
	if (min_chars == 0)
		return true;
	for (size_t i = 0; i < len; i++)
		if (!strchr(" \t\r\n\f\v", text[i]))
			return true;
	return false;
}

int64_t messages_unread_total(struct db *db, const char *user_id)
{
	return db_query_int64(db,
		"SELECT COUNT(*) FROM messages WHERE recipient_id = ? AND read_at IS NULL", user_id);
}

/* One row of CONVERSATION_SELECT as JSON (ctx: the keyring); NULL when its
 * title does not open. */
static json_t *conversation_json(struct db_stmt *st, void *keys)
{
	const char *id = db_column_text(st, 0);
	unsigned char *title = NULL;
	size_t title_len = 0;
	if (sealed_read(st, 1, keys, &SEALED_CONVERSATION_TITLE, id, &title, &title_len))
		return NULL;
	char created[INSTANT_TEXT_MAX], last[INSTANT_TEXT_MAX];
	instant_format(db_column_int64(st, 6), created);
	instant_format(db_column_int64(st, 7), last);
	json_t *out = json_pack("{s:s,s:s%,s:{s:s,s:s},s:{s:s,s:s},s:s,s:s,s:I}", "id", id,
				"title", (const char *)title, title_len,
				"doctor", "id", db_column_text(st, 2), "name", db_column_text(st, 3),
				"patient", "id", db_column_text(st, 4), "name", db_column_text(st, 5),
				"created_at", created, "last_message_at", last,
				"unread", (json_int_t)db_column_int64(st, 8));
	free(title);
	return out;
}

enum err conversations_get(const struct messaging_ctx *ctx, const char *id, json_t **out)
{
	*out = NULL;
	if (!id || !id_valid(id))
		return ERR_NOT_FOUND;
	struct db_stmt *st = db_prepare(ctx->db, CONVERSATION_SELECT
		" WHERE c.id = ? AND (c.doctor_id = ? OR c.patient_id = ?)");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, ctx->who->user_id);
	db_bind_text(st, 2, id);
	db_bind_text(st, 3, ctx->who->user_id);
	db_bind_text(st, 4, ctx->who->user_id);
	enum db_rc rc = db_step(st);
	if (rc == DB_ROW)
		*out = conversation_json(st, ctx->keys);
	db_finalize(st);
	if (rc == DB_ROW)
		return *out ? ERR_OK : ERR_INTERNAL;
	return rc == DB_DONE ? ERR_NOT_FOUND : ERR_DB;
}

enum err conversations_list(const struct messaging_ctx *ctx, int limit, const char *cursor,
			    json_t **out)
{
	*out = NULL;
	const struct principal *who = ctx->who;
	if (who->role != ROLE_DOCTOR && who->role != ROLE_PATIENT)
		return ERR_FORBIDDEN;
	int64_t at = 0;
	char after[ID_LEN + 1] = "";
	if (cursor && page_cursor_parse(cursor, &at, after))
		return ERR_INVALID_VALUE;
	int64_t unread = messages_unread_total(ctx->db, who->user_id);
	struct db_stmt *st = unread < 0 ? NULL : db_prepare(ctx->db, who->role == ROLE_DOCTOR
		? CONVERSATION_SELECT " WHERE c.doctor_id = ? AND (? = 0 OR c.last_message_at < ?"
		  " OR (c.last_message_at = ? AND c.id < ?))"
		  " ORDER BY c.last_message_at DESC, c.id DESC LIMIT ?"
		: CONVERSATION_SELECT " WHERE c.patient_id = ? AND (? = 0 OR c.last_message_at < ?"
		  " OR (c.last_message_at = ? AND c.id < ?))"
		  " ORDER BY c.last_message_at DESC, c.id DESC LIMIT ?");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, who->user_id);
	db_bind_text(st, 2, who->user_id);
	db_bind_int64(st, 3, cursor ? 1 : 0);
	db_bind_int64(st, 4, at);
	db_bind_int64(st, 5, at);
	db_bind_text(st, 6, after);
	db_bind_int64(st, 7, limit + 1);
	json_t *items = NULL;
	char next[INSTANT_TEXT_MAX + ID_LEN + 2];
	enum err e = page_collect_with(st, limit, conversation_json, ctx->keys, "last_message_at",
				       &items, next, sizeof(next));
	if (!e)
		*out = json_pack("{s:o,s:I,s:s}", "items", items, "unread", (json_int_t)unread,
				 "next_cursor", next);
	return e;
}

/* "has or had an appointment": any appointment of this doctor with a
 * patient of that id, whatever became of it. */
static enum err had_appointment(struct db *db, const char *doctor_id, const char *patient_id)
{
	if (!patient_id || !id_valid(patient_id))
		return ERR_NO_CARE_RELATIONSHIP;
	struct db_stmt *st = db_prepare(db,
		"SELECT 1 FROM appointments a JOIN users p ON p.id = a.patient_id"
		" WHERE a.doctor_id = ? AND a.patient_id = ? AND p.role = 'patient' LIMIT 1");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, doctor_id);
	db_bind_text(st, 2, patient_id);
	enum db_rc rc = db_step(st);
	db_finalize(st);
	return rc == DB_ROW ? ERR_OK : rc == DB_DONE ? ERR_NO_CARE_RELATIONSHIP : ERR_DB;
}

static enum err insert_conversation(const struct messaging_ctx *ctx, const char *id,
				    const char *patient_id, const char *title)
{
	struct db_stmt *st = db_prepare(ctx->db,
		"INSERT INTO conversations (id, doctor_id, patient_id, title, created_at,"
		" last_message_at) VALUES (?, ?, ?, ?, ?, ?)");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, ctx->who->user_id);
	db_bind_text(st, 3, patient_id);
	sealed_bind(st, 4, ctx->keys, &SEALED_CONVERSATION_TITLE, id, title, strlen(title));
	db_bind_int64(st, 5, ctx->now_ms);
	db_bind_int64(st, 6, ctx->now_ms);
	enum db_rc rc = db_step(st);
	db_finalize(st);
	return rc == DB_DONE ? ERR_OK : ERR_DB;
}

enum err conversations_start(const struct messaging_ctx *ctx, const char *patient_id,
			     const char *title, json_t **out)
{
	*out = NULL;
	if (ctx->who->role != ROLE_DOCTOR)
		return ERR_FORBIDDEN;
	if (!title || !messaging__text_ok(title, strlen(title), 1, CONVERSATION_TITLE_MAX))
		return ERR_INVALID_VALUE;
	char id[ID_LEN + 1];
	id_new(id);
	if (db_begin(ctx->db) != DB_OK)
		return ERR_DB;
	enum err e = had_appointment(ctx->db, ctx->who->user_id, patient_id);
	if (!e)
		e = insert_conversation(ctx, id, patient_id, title);
	if (!e)
		e = audit_append_patient(ctx->db, ctx->who, "conversation.start", id, patient_id,
				 json_pack("{s:s}", "patient_id", patient_id), ctx->now_ms);
	json_t *conversation = NULL;
	if (!e)
		e = conversations_get(ctx, id, &conversation);
	if (!e)
		e = messaging__notify(ctx, patient_id, json_pack("{s:s,s:O}", "type",
			"CONVERSATION", "conversation", conversation));
	e = tx_end(ctx->db, e);
	if (e)
		json_decref(conversation);
	else
		*out = conversation;
	return e;
}

static enum err count_messages(struct db *db, const char *id, int64_t *n)
{
	*n = db_query_int64(db, "SELECT COUNT(*) FROM messages WHERE conversation_id = ?", id);
	return *n < 0 ? ERR_DB : ERR_OK;
}

static enum err delete_rows(struct db *db, const char *id)
{
	struct db_stmt *st = db_prepare(db, "DELETE FROM conversations WHERE id = ?");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, id);
	enum db_rc rc = db_step(st); /* messages and attachments go by cascade */
	db_finalize(st);
	return rc == DB_DONE && db_changes(db) == 1 ? ERR_OK : ERR_DB;
}

/* Both people's pages learn the conversation is gone. */
static enum err notify_deleted(const struct messaging_ctx *ctx, const struct conversation_row *c)
{
	const char *people[] = {c->doctor_id, c->patient_id};
	enum err e = ERR_OK;
	for (int i = 0; !e && i < 2; i++)
		e = messaging__notify(ctx, people[i], json_pack("{s:s,s:s}", "type",
			"CONVERSATION_DELETED", "conversation_id", c->id));
	return e;
}

enum err conversations_delete(const struct messaging_ctx *ctx, const char *id)
{
	struct conversation_row c;
	int64_t count = 0;
	if (db_begin(ctx->db) != DB_OK)
		return ERR_DB;
	enum err e = conversation__find(ctx, id, &c);
	if (!e && strcmp(c.doctor_id, ctx->who->user_id) != 0)
		e = ERR_FORBIDDEN;
	if (!e)
		e = count_messages(ctx->db, c.id, &count);
	if (!e)
		e = delete_rows(ctx->db, c.id);
	if (!e)
		e = audit_append_patient(ctx->db, ctx->who, "conversation.delete", c.id, c.patient_id,
				 json_pack("{s:s,s:I}", "patient_id", c.patient_id, "messages",
					   (json_int_t)count), ctx->now_ms);
	if (!e)
		e = notify_deleted(ctx, &c);
	return tx_end(ctx->db, e);
}

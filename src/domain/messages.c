/* messages.c — the messages of a conversation: writing one (text and an
 * attachment), pages of them, read marks, and serving an attachment (see
 * messaging.h). A message's created_at is later than every earlier one of
 * its conversation (at least by a millisecond), so a page's order is the
 * order they were written in. */
#include "messaging_int.h"
#include "audit.h"
#include "page.h"
#include "sealed.h"
#include "tx.h"
#include "../core/instant.h"
#include "../core/mem.h"
#include "../db/db.h"
#include "../interop/filename.h"
#include "../interop/filetype.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What a message's JSON is made from; attachment_id NULL for none. */
struct message_view {
	const char *id, *conversation_id, *sender_id;
	const char *text;
	size_t text_len;
	int64_t created_at, read_at; /* read_at 0: unread */
	const char *attachment_id, *content_type, *name;
	size_t name_len;
	int64_t size;
};

static json_t *message_json(const struct message_view *m)
{
	char created[INSTANT_TEXT_MAX], read[INSTANT_TEXT_MAX];
	instant_format(m->created_at, created);
	instant_format(m->read_at, read);
	json_t *attachment = json_null();
	if (m->attachment_id) {
		char url[200];
		snprintf(url, sizeof(url), "/api/v1/conversations/%s/messages/%s/attachment",
			 m->conversation_id, m->id);
		attachment = json_pack("{s:s,s:s%,s:s,s:I,s:s}", "id", m->attachment_id, "name",
				       m->name, m->name_len, "content_type", m->content_type,
				       "size", (json_int_t)m->size, "url", url);
	}
	return json_pack("{s:s,s:s,s:s,s:s%,s:s,s:o,s:o}", "id", m->id, "conversation_id",
			 m->conversation_id, "sender_id", m->sender_id, "text", m->text,
			 m->text_len, "created_at", created, "read_at",
			 m->read_at ? json_string(read) : json_null(), "attachment", attachment);
}

/* The checks of a new message before any row is touched. */
static enum err check_message(const char *text, size_t text_len,
			      const struct attachment_in *file, const char **type)
{
	*type = NULL;
	if (!text || !messaging__text_ok(text, text_len, 0, MESSAGE_TEXT_MAX))
		return ERR_INVALID_VALUE;
	if (!file)
		return messaging__text_ok(text, text_len, 1, MESSAGE_TEXT_MAX) ? ERR_OK
										: ERR_INVALID_VALUE;
	if (file->len > (size_t)MESSAGE_ATTACHMENT_MAX)
		return ERR_BODY_TOO_LARGE;
	*type = filetype_of(file->data, file->len);
	return *type ? ERR_OK : ERR_UNSUPPORTED_FILE;
}

static enum err insert_message(const struct messaging_ctx *ctx, const struct message_view *m,
			       const char *recipient_id)
{
	struct db_stmt *st = db_prepare(ctx->db,
		"INSERT INTO messages (id, conversation_id, sender_id, recipient_id, body, created_at)"
		" VALUES (?, ?, ?, ?, ?, ?)");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, m->id);
	db_bind_text(st, 2, m->conversation_id);
	db_bind_text(st, 3, m->sender_id);
	db_bind_text(st, 4, recipient_id);
	sealed_bind(st, 5, ctx->keys, &SEALED_MESSAGE_BODY, m->id, m->text, m->text_len);
	db_bind_int64(st, 6, m->created_at);
	enum db_rc rc = db_step(st);
	db_finalize(st);
	if (rc != DB_DONE)
		return ERR_DB;
	st = db_prepare(ctx->db, "UPDATE conversations SET last_message_at = ? WHERE id = ?");
	if (!st)
		return ERR_DB;
	db_bind_int64(st, 1, m->created_at);
	db_bind_text(st, 2, m->conversation_id);
	rc = db_step(st);
	db_finalize(st);
	return rc == DB_DONE ? ERR_OK : ERR_DB;
}

static enum err insert_attachment(const struct messaging_ctx *ctx, const struct message_view *m,
				  const struct attachment_in *file)
{
	struct db_stmt *st = db_prepare(ctx->db,
		"INSERT INTO message_attachments (id, message_id, content_type, size, name, bytes)"
		" VALUES (?, ?, ?, ?, ?, ?)");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, m->attachment_id);
	db_bind_text(st, 2, m->id);
	db_bind_text(st, 3, m->content_type);
	db_bind_int64(st, 4, m->size);
	sealed_bind(st, 5, ctx->keys, &SEALED_ATTACHMENT_NAME, m->attachment_id, m->name,
		    m->name_len);
	sealed_bind(st, 6, ctx->keys, &SEALED_ATTACHMENT_BYTES, m->attachment_id, file->data,
		    file->len);
	enum db_rc rc = db_step(st);
	db_finalize(st);
	return rc == DB_DONE ? ERR_OK : ERR_DB;
}

/* Stores the message m (its conversation c), audits it and tells both. */
static enum err store_message(const struct messaging_ctx *ctx, const struct conversation_row *c,
			      const struct message_view *m, const struct attachment_in *file)
{
	const char *recipient = conversation__other(c, m->sender_id);
	enum err e = insert_message(ctx, m, recipient);
	if (!e && file)
		e = insert_attachment(ctx, m, file);
	if (!e)
		e = audit_append_patient(ctx->db, ctx->who, "message.send", m->id, c->patient_id,
				 json_pack("{s:s,s:b}", "conversation_id", c->id, "attachment",
					   file != NULL), ctx->now_ms);
	const char *people[] = {recipient, m->sender_id};
	for (int i = 0; !e && i < 2; i++)
		e = messaging__notify(ctx, people[i], json_pack("{s:s,s:s,s:o}", "type", "MESSAGE",
			"conversation_id", c->id, "message", message_json(m)));
	return e;
}

enum err messages_post(const struct messaging_ctx *ctx, const char *conversation_id,
		       const char *text, size_t text_len, const struct attachment_in *file,
		       json_t **out)
{
	*out = NULL;
	struct conversation_row c;
	enum err e = conversation__find(ctx, conversation_id, &c);
	const char *type = NULL;
	if (!e)
		e = check_message(text, text_len, file, &type);
	if (e)
		return e;
	char id[ID_LEN + 1], attachment_id[ID_LEN + 1];
	id_new(id);
	id_new(attachment_id);
	char *name = file ? filename_clean(file->name, ATTACHMENT_NAME_MAX, "attachment") : NULL;
	struct message_view m = {
		.id = id, .conversation_id = c.id, .sender_id = ctx->who->user_id,
		.text = text, .text_len = text_len,
		.attachment_id = file ? attachment_id : NULL, .content_type = type,
		.name = name, .name_len = name ? strlen(name) : 0,
		.size = file ? (int64_t)file->len : 0};
	if (db_begin(ctx->db) != DB_OK) {
		free(name);
		return ERR_DB;
	}
	/* read again under the write lock: the last message's time is current */
	e = conversation__find(ctx, conversation_id, &c);
	m.created_at = c.last_message_at < ctx->now_ms ? ctx->now_ms : c.last_message_at + 1;
	if (!e)
		e = store_message(ctx, &c, &m, file);
	e = tx_end(ctx->db, e);
	if (!e)
		*out = message_json(&m);
	free(name);
	return e;
}

/* One row of a page of messages (ctx: the keyring); NULL when a sealed
 * value does not open. */
static json_t *message_row_json(struct db_stmt *st, void *keys)
{
	struct message_view m = {
		.id = db_column_text(st, 0), .conversation_id = db_column_text(st, 1),
		.sender_id = db_column_text(st, 2), .created_at = db_column_int64(st, 4),
		.read_at = db_column_is_null(st, 5) ? 0 : db_column_int64(st, 5),
		.attachment_id = db_column_is_null(st, 6) ? NULL : db_column_text(st, 6),
		.content_type = db_column_text(st, 7), .size = db_column_int64(st, 8)};
	unsigned char *text = NULL, *name = NULL;
	enum err e = sealed_read(st, 3, keys, &SEALED_MESSAGE_BODY, m.id, &text, &m.text_len);
	if (!e && m.attachment_id)
		e = sealed_read(st, 9, keys, &SEALED_ATTACHMENT_NAME, m.attachment_id, &name,
				&m.name_len);
	m.text = (const char *)text;
	m.name = (const char *)name;
	json_t *out = e ? NULL : message_json(&m);
	free(text);
	free(name);
	return out;
}

enum err messages_list(const struct messaging_ctx *ctx, const char *conversation_id,
		       int limit, const char *cursor, json_t **out)
{
	*out = NULL;
	struct conversation_row c;
	enum err e = conversation__find(ctx, conversation_id, &c);
	if (e)
		return e;
	int64_t at = 0;
	char after[ID_LEN + 1] = "";
	if (cursor && page_cursor_parse(cursor, &at, after))
		return ERR_INVALID_VALUE;
	struct db_stmt *st = db_prepare(ctx->db,
		"SELECT m.id, m.conversation_id, m.sender_id, m.body, m.created_at, m.read_at,"
		" a.id, a.content_type, a.size, a.name FROM messages m"
		" LEFT JOIN message_attachments a ON a.message_id = m.id"
		" WHERE m.conversation_id = ? AND (? = 0 OR m.created_at > ?"
		" OR (m.created_at = ? AND m.id > ?)) ORDER BY m.created_at, m.id LIMIT ?");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, c.id);
	db_bind_int64(st, 2, cursor ? 1 : 0);
	db_bind_int64(st, 3, at);
	db_bind_int64(st, 4, at);
	db_bind_text(st, 5, after);
	db_bind_int64(st, 6, limit + 1);
	json_t *items = NULL;
	char next[INSTANT_TEXT_MAX + ID_LEN + 2];
	e = page_collect_with(st, limit, message_row_json, ctx->keys, "created_at", &items, next,
			      sizeof(next));
	if (!e)
		*out = json_pack("{s:o,s:s}", "items", items, "next_cursor", next);
	return e;
}

/* The created_at of message id in conversation c (ERR_NOT_FOUND otherwise). */
static enum err message_time(struct db *db, const char *conversation_id, const char *id,
			     int64_t *at)
{
	if (!id || !id_valid(id))
		return ERR_NOT_FOUND;
	struct db_stmt *st = db_prepare(db,
		"SELECT created_at FROM messages WHERE id = ? AND conversation_id = ?");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, conversation_id);
	enum db_rc rc = db_step(st);
	*at = rc == DB_ROW ? db_column_int64(st, 0) : 0;
	db_finalize(st);
	return rc == DB_ROW ? ERR_OK : rc == DB_DONE ? ERR_NOT_FOUND : ERR_DB;
}

static enum err mark_read(const struct messaging_ctx *ctx, const char *conversation_id,
			  int64_t up_to_at, int64_t *changed)
{
	struct db_stmt *st = db_prepare(ctx->db,
		"UPDATE messages SET read_at = ? WHERE conversation_id = ? AND recipient_id = ?"
		" AND read_at IS NULL AND created_at <= ?");
	if (!st)
		return ERR_DB;
	db_bind_int64(st, 1, ctx->now_ms);
	db_bind_text(st, 2, conversation_id);
	db_bind_text(st, 3, ctx->who->user_id);
	db_bind_int64(st, 4, up_to_at);
	enum db_rc rc = db_step(st);
	db_finalize(st);
	*changed = rc == DB_DONE ? db_changes(ctx->db) : 0;
	return rc == DB_DONE ? ERR_OK : ERR_DB;
}

enum err messages_mark_read(const struct messaging_ctx *ctx, const char *conversation_id,
			    const char *up_to)
{
	struct conversation_row c = {0};
	int64_t up_to_at = 0, changed = 0;
	if (db_begin(ctx->db) != DB_OK)
		return ERR_DB;
	enum err e = conversation__find(ctx, conversation_id, &c);
	if (!e)
		e = message_time(ctx->db, c.id, up_to, &up_to_at);
	if (!e)
		e = mark_read(ctx, c.id, up_to_at, &changed);
	char read_at[INSTANT_TEXT_MAX];
	instant_format(ctx->now_ms, read_at);
	const char *people[] = {conversation__other(&c, ctx->who->user_id), ctx->who->user_id};
	for (int i = 0; !e && changed && i < 2; i++)
		e = messaging__notify(ctx, people[i], json_pack("{s:s,s:s,s:s,s:s,s:s}", "type",
			"MESSAGES_READ", "conversation_id", c.id, "reader_id", ctx->who->user_id,
			"up_to", up_to, "read_at", read_at));
	return tx_end(ctx->db, e);
}

void attachment_out_cleanup(struct attachment_out *a)
{
	free(a->name);
	free(a->bytes);
	memset(a, 0, sizeof(*a));
}

enum err messages_attachment(const struct messaging_ctx *ctx, const char *conversation_id,
			     const char *message_id, struct attachment_out *out)
{
	memset(out, 0, sizeof(*out));
	struct conversation_row c;
	enum err e = conversation__find(ctx, conversation_id, &c);
	if (e)
		return e;
	if (!message_id || !id_valid(message_id))
		return ERR_NOT_FOUND;
	struct db_stmt *st = db_prepare(ctx->db,
		"SELECT a.id, a.name, a.bytes FROM message_attachments a"
		" JOIN messages m ON m.id = a.message_id WHERE m.id = ? AND m.conversation_id = ?");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, message_id);
	db_bind_text(st, 2, c.id);
	enum db_rc rc = db_step(st);
	e = rc == DB_ROW ? ERR_OK : rc == DB_DONE ? ERR_NOT_FOUND : ERR_DB;
	size_t name_len = 0;
	if (!e)
		e = sealed_read(st, 1, ctx->keys, &SEALED_ATTACHMENT_NAME, db_column_text(st, 0),
				(unsigned char **)&out->name, &name_len);
	if (!e)
		e = sealed_read(st, 2, ctx->keys, &SEALED_ATTACHMENT_BYTES, db_column_text(st, 0),
				&out->bytes, &out->len);
	db_finalize(st);
	if (!e) {
		out->content_type = filetype_of(out->bytes, out->len); /* checked again */
		e = out->content_type ? ERR_OK : ERR_INTERNAL;
	}
	if (e)
		attachment_out_cleanup(out);
	return e;
}

/* messaging.h — secure messaging between a doctor and a patient (seed 003):
 * conversations with a title, messages of text and one attachment each,
 * read marks and unread counts, and the live messages that tell open
 * pages at once.
 *
 * Rules, all checked here per conversation:
 *   - a conversation is between one doctor and one patient; only a doctor
 *     starts one (patients and administrators ERR_FORBIDDEN), and only
 *     with a patient who has or had an appointment with them
 *     (ERR_NO_CARE_RELATIONSHIP); then either writes at any time;
 *   - a conversation the caller is not in does not exist for them
 *     (ERR_NOT_FOUND), whatever they ask of it;
 *   - only its doctor deletes it (its patient ERR_FORBIDDEN): every row
 *     of it goes at once for both, and the deletion is audited (who,
 *     which conversation, how many messages; never their content).
 * Titles, texts, file names and file bytes are sealed at rest (sealed.h).
 *
 * Live messages: the domain appends {"user_id","message"} notices to the
 * ctx's array (may be NULL), delivered to open pages once the request
 * succeeded; each carries the receiving user's `messages_unread` total.
 * Worker threads, with that thread's own store connection. */
#ifndef TELEMED_MESSAGING_H
#define TELEMED_MESSAGING_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/err.h"
#include "principal.h"

struct db;
struct seal_keyring;

#define CONVERSATION_TITLE_MAX 200           /* characters */
#define MESSAGE_TEXT_MAX 10000               /* characters */
#define MESSAGE_ATTACHMENT_MAX (25L * 1024 * 1024) /* bytes: 25 MiB */
#define ATTACHMENT_NAME_MAX 255              /* bytes of UTF-8 */

/* What every messaging call needs. All borrowed. */
struct messaging_ctx {
	struct db *db;
	struct seal_keyring *keys;
	const struct principal *who;
	int64_t now_ms;
	json_t *notices; /* live messages for open pages; may be NULL */
};

/* A file to attach, as uploaded: the name as sent (cleaned here: no path,
 * no control characters or quotes; "attachment" when nothing is left). */
struct attachment_in {
	const char *name;
	const void *data;
	size_t len;
};

/* An attachment to serve. */
struct attachment_out {
	const char *content_type; /* static: told by the bytes, again now */
	char *name;               /* owned */
	unsigned char *bytes;     /* owned */
	size_t len;
};

/* The doctor starts a conversation with patient_id titled title (1 to 200
 * characters, not blank: ERR_INVALID_VALUE). *out: the conversation. Audited;
 * the patient's pages get CONVERSATION. */
enum err conversations_start(const struct messaging_ctx *ctx, const char *patient_id,
			     const char *title, json_t **out);

/* The caller's conversations, latest message first:
 * {"items":[conversation…],"unread":N,"next_cursor"}. */
enum err conversations_list(const struct messaging_ctx *ctx, int limit, const char *cursor,
			    json_t **out);

/* One conversation of the caller's. */
enum err conversations_get(const struct messaging_ctx *ctx, const char *id, json_t **out);

/* Its doctor deletes it, for both. Audited; both get CONVERSATION_DELETED. */
enum err conversations_delete(const struct messaging_ctx *ctx, const char *id);

/* Writes a message: text (at most 10,000 characters; may be empty only with
 * a file) and/or file (at most 25 MiB, a type filetype.h knows:
 * ERR_BODY_TOO_LARGE, ERR_UNSUPPORTED_FILE). *out: the message. Audited;
 * both parties' pages get MESSAGE. */
enum err messages_post(const struct messaging_ctx *ctx, const char *conversation_id,
		       const char *text, size_t text_len, const struct attachment_in *file,
		       json_t **out);

/* A page of the conversation's messages, oldest first:
 * {"items":[message…],"next_cursor"}. */
enum err messages_list(const struct messaging_ctx *ctx, const char *conversation_id,
		       int limit, const char *cursor, json_t **out);

/* Marks read every message to the caller in the conversation up to and
 * including up_to (a message of it, else ERR_NOT_FOUND), at now. The other
 * party's pages and the caller's get MESSAGES_READ when anything changed. */
enum err messages_mark_read(const struct messaging_ctx *ctx, const char *conversation_id,
			    const char *up_to);

/* The attachment of a message of the conversation (ERR_NOT_FOUND when it
 * has none). Call attachment_out_cleanup(out) afterwards. */
enum err messages_attachment(const struct messaging_ctx *ctx, const char *conversation_id,
			     const char *message_id, struct attachment_out *out);
void attachment_out_cleanup(struct attachment_out *a);

/* How many messages to user_id are unread, in all conversations (-1 on a
 * store error). */
int64_t messages_unread_total(struct db *db, const char *user_id);

#endif

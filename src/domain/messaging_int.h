/* messaging_int.h — what messaging.c (conversations) and messages.c share:
 * finding a conversation the caller is in, live messages for open pages,
 * and checking text. Private to the two files. Worker threads. */
#ifndef TELEMED_MESSAGING_INT_H
#define TELEMED_MESSAGING_INT_H
#include <stdbool.h>

#include "messaging.h"
#include "../core/id.h"

struct conversation_row {
	char id[ID_LEN + 1];
	char doctor_id[ID_LEN + 1];
	char patient_id[ID_LEN + 1];
	int64_t last_message_at;
};

/* The conversation id when the caller is one of its two people, else
 * ERR_NOT_FOUND (also for ids that are not UUIDs). */
enum err conversation__find(const struct messaging_ctx *ctx, const char *id,
			    struct conversation_row *row);

/* The other person of the conversation than user_id. */
const char *conversation__other(const struct conversation_row *c, const char *user_id);

/* Appends {"user_id","message"} for user_id's open pages, adding their
 * messages_unread total to message (stolen). Call inside the transaction of
 * the change so the count is the one it leaves. */
enum err messaging__notify(const struct messaging_ctx *ctx, const char *user_id,
			   json_t *message);

/* true for text[0..len) that is UTF-8 without NUL, of min_chars to
 * max_chars characters, and (when min_chars > 0) not only white space. */
bool messaging__text_ok(const char *text, size_t len, size_t min_chars, size_t max_chars);

#endif

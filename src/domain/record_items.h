/* record_items.h — what the two parties of a consultation agreed, in the
 * call, to keep in its record (issue 5): the chat transcript, a file sent
 * or received, or the whiteboard as a PNG. The agreement itself happens
 * between the two pages (docs/protocol.md, "Saving to the record"); the
 * rules here:
 *   - only the appointment's doctor and patient add and read its items;
 *     anyone else gets ERR_NOT_FOUND (a doctor granted the patient's whole
 *     record, record_share.h, reads them too);
 *   - adding needs the patient's "call_records" consent (ERR_CONSENT_REQUIRED
 *     otherwise, audited) and an appointment that is not cancelled;
 *   - content is 1 byte to RECORD_ITEM_MAX (ERR_BODY_TOO_LARGE above); a
 *     transcript is UTF-8 text, a board a PNG (ERR_UNSUPPORTED_FILE);
 *     a file is any file. Names are cleaned (filename.h).
 * Kind, name, media type, size and bytes are sealed at rest (sealed.h);
 * every add and every download is audited, and a list is a disclosure
 * (disclosure.h). Worker threads, with that thread's own store connection. */
#ifndef TELEMED_RECORD_ITEMS_H
#define TELEMED_RECORD_ITEMS_H
#include <jansson.h>
#include <stddef.h>

#include "record.h"

#define RECORD_ITEM_MAX (25L * 1024 * 1024) /* bytes: 25 MiB */
#define RECORD_ITEM_NAME_MAX 255            /* bytes of UTF-8 */

/* An item as uploaded. kind: "transcript", "file" or "board". Borrowed. */
struct record_item_in {
	const char *kind;
	const char *name; /* as sent; cleaned here */
	const void *data;
	size_t len;
};

/* An item to serve. */
struct record_item_out {
	char *name;           /* owned */
	const char *media_type; /* static: told by the bytes, again now */
	unsigned char *bytes; /* owned */
	size_t len;
};

/* Adds an item to the appointment's record. *out: the item's JSON
 * {"id","appointment_id","kind","name","media_type","size","added_by",
 * "created_at","url"}. ERR_INVALID_VALUE for an unknown kind or empty
 * content. */
enum err record_items_add(const struct record_ctx *ctx, const char *appointment_id,
			  const struct record_item_in *in, json_t **out);

/* The appointment's items, oldest first: {"items":[…]} as above. */
enum err record_items_list(const struct record_ctx *ctx, const char *appointment_id,
			   json_t **out);

/* One item's content, for the appointment's two parties. Call
 * record_item_out_cleanup(out) afterwards. */
enum err record_items_get(const struct record_ctx *ctx, const char *appointment_id,
			  const char *item_id, struct record_item_out *out);
void record_item_out_cleanup(struct record_item_out *out);

#endif

/* disclosure.c — first views of health data, audited (see disclosure.h).
 * A read first looks for the (item, viewer) row without a write lock; only
 * items never seen before take the write transaction, where the primary key
 * on health_views decides which of two racing readers writes the event. */
#include "disclosure.h"
#include "audit.h"
#include "tx.h"
#include "../db/db.h"

#include <stdbool.h>
#include <string.h>

/* Whose own item d is: its author's sight is no disclosure. */
static const char *author_of(const struct disclosure *d)
{
	return d->author_id ? d->author_id : d->patient_id;
}

static enum err seen(struct db *db, const char *viewer, const char *item, bool *yes)
{
	struct db_stmt *st = db_prepare(db, "SELECT 1 FROM health_views WHERE item_id = ? AND viewer_id = ?");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, item);
	db_bind_text(st, 2, viewer);
	enum db_rc rc = db_step(st);
	db_finalize(st);
	*yes = rc == DB_ROW;
	return rc == DB_ROW || rc == DB_DONE ? ERR_OK : ERR_DB;
}

static enum err record(struct db *db, const struct principal *who, const char *action,
		       const struct disclosure *d, int64_t now_ms)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO health_views (item_id, viewer_id, first_at)"
					    " VALUES (?, ?, ?) ON CONFLICT (item_id, viewer_id) DO NOTHING");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, d->item_id);
	db_bind_text(st, 2, who->user_id);
	db_bind_int64(st, 3, now_ms);
	enum db_rc rc = db_step(st);
	db_finalize(st);
	if (rc != DB_DONE)
		return ERR_DB;
	if (db_changes(db) == 0) /* another request of this viewer was first */
		return ERR_OK;
	return audit_append_patient(db, who, action, d->patient_id, d->patient_id,
			    json_pack("{s:s}", "item_id", d->item_id), now_ms);
}

enum err disclosure_note(struct db *db, const struct principal *who, const char *action,
			 const struct disclosure *items, size_t n, int64_t now_ms)
{
	size_t first_new = n;
	for (size_t i = 0; i < n && first_new == n; i++) {
		bool yes = true;
		if (strcmp(author_of(&items[i]), who->user_id) == 0)
			continue;
		enum err e = seen(db, who->user_id, items[i].item_id, &yes);
		if (e)
			return e;
		if (!yes)
			first_new = i;
	}
	if (first_new == n)
		return ERR_OK;
	if (db_begin(db) != DB_OK)
		return ERR_DB;
	enum err e = ERR_OK;
	for (size_t i = first_new; i < n && !e; i++)
		if (strcmp(author_of(&items[i]), who->user_id) != 0)
			e = record(db, who, action, &items[i], now_ms);
	return tx_end(db, e);
}

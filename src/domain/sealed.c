/* sealed.c — the sealed columns and their rotation (see sealed.h). */
#include "sealed.h"
#include "tx.h"
#include "../core/id.h"
#include "../core/log.h"
#include "../core/mem.h"
#include "../db/db.h"
#include "../sec/seal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct sealed_column SEALED_CONVERSATION_TITLE = {"conversations", "title"};
const struct sealed_column SEALED_MESSAGE_BODY = {"messages", "body"};
const struct sealed_column SEALED_ATTACHMENT_NAME = {"message_attachments", "name"};
const struct sealed_column SEALED_ATTACHMENT_BYTES = {"message_attachments", "bytes"};
const struct sealed_column SEALED_NOTE_BODY = {"consultation_notes", "body"};
const struct sealed_column SEALED_AMENDMENT_BODY = {"note_amendments", "body"};
const struct sealed_column SEALED_PRESCRIPTION_BODY = {"prescriptions", "body"};
const struct sealed_column SEALED_DEVICE_NAME = {"devices", "name"};
const struct sealed_column SEALED_OBSERVATION_BODY = {"observations", "body"};
const struct sealed_column SEALED_THRESHOLDS_BODY = {"vital_thresholds", "body"};
const struct sealed_column SEALED_VITAL_ALERT_BODY = {"vital_alerts", "body"};

/* Every sealed column of the store: rotation walks them all. */
static const struct sealed_column *const sealed_columns[] = {
	&SEALED_CONVERSATION_TITLE,
	&SEALED_MESSAGE_BODY,
	&SEALED_ATTACHMENT_NAME,
	&SEALED_ATTACHMENT_BYTES,
	&SEALED_NOTE_BODY,
	&SEALED_AMENDMENT_BODY,
	&SEALED_PRESCRIPTION_BODY,
	&SEALED_DEVICE_NAME,
	&SEALED_OBSERVATION_BODY,
	&SEALED_THRESHOLDS_BODY,
	&SEALED_VITAL_ALERT_BODY,
};

#define NCOLUMNS (sizeof(sealed_columns) / sizeof(sealed_columns[0]))
#define BATCH_BYTES (8 * 1024 * 1024)
#define PASSES_MAX 5

/* "<table>.<column>:<row id>" */
static size_t make_ad(const struct sealed_column *col, const char *row_id, char *out,
		      size_t outlen)
{
	int n = snprintf(out, outlen, "%s.%s:%s", col->table, col->column, row_id);
	return n > 0 && (size_t)n < outlen ? (size_t)n : 0;
}

void sealed_bind(struct db_stmt *st, int idx, struct seal_keyring *keys,
		 const struct sealed_column *col, const char *row_id, const void *plain,
		 size_t len)
{
	char ad[128];
	size_t adlen = make_ad(col, row_id, ad, sizeof(ad));
	size_t sealed_len;
	unsigned char *sealed = seal_value(keys, ad, adlen, plain, len, &sealed_len);
	db_bind_blob(st, idx, sealed, sealed_len);
	free(sealed);
}

/* Opens one sealed value of col in row_id. */
static enum err open_value(struct seal_keyring *keys, const struct sealed_column *col,
			   const char *row_id, const void *sealed, size_t sealed_len,
			   unsigned char **plain, size_t *len)
{
	char ad[128];
	size_t adlen = make_ad(col, row_id, ad, sizeof(ad));
	enum seal_rc rc = seal_open(keys, ad, adlen, sealed, sealed_len, plain, len);
	if (rc == SEAL_OK)
		return ERR_OK;
	log_error("sealed_value_unreadable", "table=%s column=%s id=%s reason=%s", col->table,
		  col->column, row_id, rc == SEAL_UNKNOWN_KEY ? "unknown_key" : "broken");
	return ERR_INTERNAL;
}

enum err sealed_read(struct db_stmt *st, int at, struct seal_keyring *keys,
		     const struct sealed_column *col, const char *row_id,
		     unsigned char **plain, size_t *len)
{
	size_t sealed_len = 0;
	const void *sealed = db_column_blob(st, at, &sealed_len);
	return open_value(keys, col, row_id, sealed, sealed_len, plain, len);
}

/* Seals one row's value again under the current key. *bytes grows by its size. */
static enum err reseal_row(struct db *db, struct seal_keyring *keys,
			   const struct sealed_column *col, const char *row_id, size_t *bytes)
{
	char sql[160];
	snprintf(sql, sizeof(sql), "SELECT %s FROM %s WHERE id = ?", col->column, col->table);
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, row_id);
	unsigned char *plain = NULL;
	size_t len = 0;
	enum db_rc rc = db_step(st);
	enum err e = rc == DB_ROW ? sealed_read(st, 0, keys, col, row_id, &plain, &len)
		: rc == DB_DONE ? ERR_OK : ERR_DB; /* a row deleted meanwhile is done */
	db_finalize(st);
	if (e || rc != DB_ROW)
		return e;
	snprintf(sql, sizeof(sql), "UPDATE %s SET %s = ? WHERE id = ?", col->table, col->column);
	st = db_prepare(db, sql);
	e = st ? ERR_OK : ERR_DB;
	if (st) {
		sealed_bind(st, 1, keys, col, row_id, plain, len);
		db_bind_text(st, 2, row_id);
		e = db_step(st) == DB_DONE ? ERR_OK : ERR_DB;
		db_finalize(st);
	}
	*bytes += len;
	free(plain);
	return e;
}

/* The ids after `after` (in id order) of up to batch rows, split into
 * those whose value is under an older key (stale) and a count of current
 * ones; *last gets the last id looked at, "" when there were none. */
static enum err stale_rows(struct db *db, const struct sealed_column *col, uint32_t current,
			   const char *after, int batch, char (*stale)[ID_LEN + 1], int *nstale,
			   int64_t *ncurrent, char last[ID_LEN + 1])
{
	char sql[200];
	snprintf(sql, sizeof(sql), "SELECT id, %s FROM %s WHERE id > ? ORDER BY id LIMIT ?",
		 col->column, col->table);
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, after);
	db_bind_int64(st, 2, batch);
	*nstale = 0;
	*last = '\0';
	enum db_rc rc;
	while ((rc = db_step(st)) == DB_ROW) {
		const char *id = db_column_text(st, 0);
		size_t len = 0;
		const void *value = db_column_blob(st, 1, &len);
		uint32_t key = 0;
		snprintf(last, ID_LEN + 1, "%s", id);
		if (seal_key_of(value, len, &key) && key == current)
			(*ncurrent)++;
		else
			snprintf(stale[(*nstale)++], ID_LEN + 1, "%s", id);
	}
	db_finalize(st);
	return rc == DB_DONE ? ERR_OK : ERR_DB;
}

/* One transaction: the next batch of col's rows after *after. *done when
 * the column has no rows left. */
static enum err rotate_batch(struct db *db, struct seal_keyring *keys,
			     const struct sealed_column *col, int batch, char after[ID_LEN + 1],
			     struct sealed_rotation *out, bool *done)
{
	uint32_t current = seal_current_key(keys);
	char (*stale)[ID_LEN + 1] = mem_alloc((size_t)batch * (ID_LEN + 1));
	char last[ID_LEN + 1];
	int nstale = 0;
	size_t bytes = 0;
	if (db_begin(db) != DB_OK) {
		free(stale);
		return ERR_DB;
	}
	enum err e = stale_rows(db, col, current, after, batch, stale, &nstale, &out->current,
				last);
	*done = !e && !*last;
	for (int i = 0; !e && i < nstale; i++) {
		e = reseal_row(db, keys, col, stale[i], &bytes);
		if (!e)
			out->resealed++;
		if (!e && bytes >= BATCH_BYTES && i + 1 < nstale) {
			/* the rest of this page comes in the next transaction */
			snprintf(last, sizeof(last), "%s", stale[i]);
			break;
		}
	}
	free(stale);
	e = tx_end(db, e);
	if (!e && !*done) {
		snprintf(after, ID_LEN + 1, "%s", last);
		out->batches++;
	}
	return e;
}

enum err sealed_rotate(struct db *db, struct seal_keyring *keys, int batch,
		       struct sealed_rotation *out)
{
	memset(out, 0, sizeof(*out));
	if (batch < 1)
		batch = 1;
	for (int pass = 0; pass < PASSES_MAX; pass++) {
		int64_t before = out->resealed;
		out->current = 0;
		for (size_t c = 0; c < NCOLUMNS; c++) {
			char after[ID_LEN + 1] = "";
			bool done = false;
			while (!done) {
				enum err e = rotate_batch(db, keys, sealed_columns[c], batch, after,
							  out, &done);
				if (e)
					return e;
			}
		}
		if (out->resealed == before)
			return ERR_OK;
	}
	return ERR_OK;
}

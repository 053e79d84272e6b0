/* photos.c — doctors' photos (see photos.h). The version (etag) is a hash of
 * the bytes, so the same picture uploaded again keeps its address. */
#include "photos.h"
#include "audit.h"
#include "tx.h"
#include "../core/mem.h"
#include "../db/db.h"
#include "../interop/image.h"
#include "../sec/token.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool own(const struct principal *who, const char *doctor_id)
{
	return who->role == ROLE_DOCTOR && strcmp(who->user_id, doctor_id) == 0;
}

void photos_url(const char *doctor_id, const char *etag, char *out, size_t outlen)
{
	snprintf(out, outlen, "/api/v1/doctors/%s/photo?v=%s", doctor_id, etag);
}

enum err photos_get(struct db *db, const struct principal *who, const char *doctor_id,
		    struct photo *out)
{
	memset(out, 0, sizeof(*out));
	if (!id_valid(doctor_id))
		return ERR_NOT_FOUND;
	struct db_stmt *st = db_prepare(db,
		"SELECT ph.etag, ph.bytes FROM doctor_photos ph JOIN users u ON u.id = ph.doctor_id"
		" WHERE ph.doctor_id = ? AND (u.status = 'active' OR u.id = ?)");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, doctor_id);
	db_bind_text(st, 2, who->user_id);
	enum db_rc rc = db_step(st);
	if (rc == DB_ROW) {
		size_t len = 0;
		const void *bytes = db_column_blob(st, 1, &len);
		snprintf(out->etag, sizeof(out->etag), "%s", db_column_text(st, 0));
		out->content_type = image_type(bytes, len); /* checked again on the way out */
		out->bytes = mem_alloc(len ? len : 1);
		if (len)
			memcpy(out->bytes, bytes, len);
		out->len = len;
	}
	db_finalize(st);
	if (rc == DB_ROW && !out->content_type) {
		photos_cleanup(out);
		return ERR_NOT_FOUND;
	}
	return rc == DB_ROW ? ERR_OK : rc == DB_DONE ? ERR_NOT_FOUND : ERR_DB;
}

void photos_cleanup(struct photo *p)
{
	free(p->bytes);
	memset(p, 0, sizeof(*p));
}

static enum err store(struct db *db, const char *doctor_id, const char *type, const char *etag,
		      const void *data, size_t len, int64_t now_ms)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO doctor_photos (doctor_id, content_type, etag, updated_at, bytes)"
		" VALUES (?, ?, ?, ?, ?) ON CONFLICT (doctor_id) DO UPDATE SET"
		" content_type = excluded.content_type, etag = excluded.etag,"
		" updated_at = excluded.updated_at, bytes = excluded.bytes");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, doctor_id);
	db_bind_text(st, 2, type);
	db_bind_text(st, 3, etag);
	db_bind_int64(st, 4, now_ms);
	db_bind_blob(st, 5, data, len);
	enum db_rc rc = db_step(st);
	db_finalize(st);
	return rc == DB_DONE ? ERR_OK : ERR_DB;
}

enum err photos_put(struct db *db, const struct principal *who, const char *doctor_id,
		    const void *data, size_t len, int64_t now_ms,
		    char etag[PHOTO_ETAG_LEN + 1])
{
	if (!own(who, doctor_id))
		return ERR_FORBIDDEN;
	if (len > PHOTO_MAX_BYTES)
		return ERR_BODY_TOO_LARGE;
	const char *type = image_type(data, len);
	if (!type)
		return ERR_UNSUPPORTED_IMAGE;
	char hash[TOKEN_HASH_LEN + 1];
	token_hash_bytes(data, len, hash);
	memcpy(etag, hash, PHOTO_ETAG_LEN);
	etag[PHOTO_ETAG_LEN] = '\0';
	if (db_begin(db) != DB_OK)
		return ERR_DB;
	enum err e = store(db, doctor_id, type, etag, data, len, now_ms);
	if (!e)
		e = audit_append(db, who, "photo.update", doctor_id,
				 json_pack("{s:s,s:I}", "type", type, "bytes", (json_int_t)len),
				 now_ms);
	return tx_end(db, e);
}

static enum err remove_photo(struct db *db, const char *doctor_id)
{
	struct db_stmt *st = db_prepare(db, "DELETE FROM doctor_photos WHERE doctor_id = ?");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, doctor_id);
	enum db_rc rc = db_step(st);
	db_finalize(st);
	if (rc != DB_DONE)
		return ERR_DB;
	return db_changes(db) == 1 ? ERR_OK : ERR_NOT_FOUND;
}

enum err photos_delete(struct db *db, const struct principal *who, const char *doctor_id,
		       int64_t now_ms)
{
	if (!own(who, doctor_id))
		return ERR_FORBIDDEN;
	if (db_begin(db) != DB_OK)
		return ERR_DB;
	enum err e = remove_photo(db, doctor_id);
	if (!e)
		e = audit_append(db, who, "photo.delete", doctor_id, NULL, now_ms);
	return tx_end(db, e);
}

/* photos.h — doctors' photos: JPEG, PNG or WebP up to PHOTO_MAX_BYTES, the
 * type told by the bytes themselves, kept in the store beside the profile.
 * Anyone signed in sees a verified doctor's photo; a doctor sees and
 * changes their own. Worker threads, with that thread's own store connection. */
#ifndef TELEMED_PHOTOS_H
#define TELEMED_PHOTOS_H
#include <stddef.h>
#include <stdint.h>

#include "../core/err.h"
#include "principal.h"

struct db;

#define PHOTO_MAX_BYTES (2 * 1024 * 1024)
#define PHOTO_ETAG_LEN 16

struct photo {
	const char *content_type; /* static: told by the bytes */
	char etag[PHOTO_ETAG_LEN + 1];
	unsigned char *bytes; /* owned: photos_cleanup frees it */
	size_t len;
};

/* The doctor's photo; ERR_NOT_FOUND when there is none or the caller may
 * not see it. Call photos_cleanup(out) afterwards. */
enum err photos_get(struct db *db, const struct principal *who, const char *doctor_id,
		    struct photo *out);
void photos_cleanup(struct photo *p);

/* The doctor sets their own photo (others ERR_FORBIDDEN): ERR_BODY_TOO_LARGE
 * past PHOTO_MAX_BYTES, ERR_UNSUPPORTED_IMAGE for bytes that are not a JPEG,
 * PNG or WebP image. etag gets the new version. Audited. */
enum err photos_put(struct db *db, const struct principal *who, const char *doctor_id,
		    const void *data, size_t len, int64_t now_ms,
		    char etag[PHOTO_ETAG_LEN + 1]);

/* The doctor removes their own photo (ERR_NOT_FOUND when there is none). */
enum err photos_delete(struct db *db, const struct principal *who, const char *doctor_id,
		       int64_t now_ms);

/* "/api/v1/doctors/<id>/photo?v=<etag>": the address of one version. */
void photos_url(const char *doctor_id, const char *etag, char *out, size_t outlen);

#endif

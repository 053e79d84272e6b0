/* photos.c — a doctor's photo: GET, PUT (the raw image bytes as the body)
 * and DELETE /api/v1/doctors/{id}/photo. Served with the type its bytes
 * tell, an ETag, and a long cache life at its versioned address. Worker
 * threads. */
#include "handlers.h"
#include "../domain/photos.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static void reply_error(struct api_response *res, enum err e)
{
	const char *msg = e == ERR_NOT_FOUND ? "No photo"
		: e == ERR_FORBIDDEN ? "Only the doctor changes their own photo"
		: e == ERR_BODY_TOO_LARGE ? "A photo is at most 2 MiB (2097152 bytes)"
		: NULL;
	api_reply_error(res, e, msg);
}

HANDLER(doctor_photo_get_handler)
{
	struct photo p;
	enum err e = photos_get(env->db, &req->who, req->params[0], &p);
	if (e) {
		reply_error(res, e);
		return;
	}
	char etag[PHOTO_ETAG_LEN + 3], version[PHOTO_ETAG_LEN + 2];
	snprintf(etag, sizeof(etag), "\"%s\"", p.etag);
	/* the versioned address never changes its bytes; any other revalidates */
	bool versioned = api_query_param(req, "v", version, sizeof(version)) &&
			 strcmp(version, p.etag) == 0;
	api_response_header(res, "etag", etag);
	api_response_header(res, "cache-control", versioned
		? "private, max-age=31536000, immutable" : "private, no-cache");
	if (*req->if_none_match && strstr(req->if_none_match, etag)) {
		res->status = 304;
		res->content_type = NULL;
	} else {
		res->status = 200;
		res->content_type = p.content_type;
		buf_reset(&res->body);
		if (buf_append(&res->body, p.bytes, p.len))
			api_reply_error(res, ERR_INTERNAL, NULL);
	}
	photos_cleanup(&p);
}

/* An image type, or bytes of no declared type: the bytes decide which. */
static bool declared_image(const char *ct)
{
	return strncasecmp(ct, "image/", 6) == 0 ||
	       strncasecmp(ct, "application/octet-stream", 24) == 0;
}

HANDLER(doctor_photo_put_handler)
{
	if (!declared_image(req->content_type)) {
		api_reply_error(res, ERR_UNSUPPORTED_MEDIA_TYPE,
				"Send the photo's bytes as image/jpeg, image/png or image/webp");
		return;
	}
	char etag[PHOTO_ETAG_LEN + 1], url[160];
	enum err e = photos_put(env->db, &req->who, req->params[0], req->body, req->body_len,
				env->now_ms, etag);
	if (e) {
		reply_error(res, e);
		return;
	}
	photos_url(req->params[0], etag, url, sizeof(url));
	api_reply_json(res, 200, json_pack("{s:s}", "photo_url", url));
}

HANDLER(doctor_photo_delete_handler)
{
	enum err e = photos_delete(env->db, &req->who, req->params[0], env->now_ms);
	if (e)
		reply_error(res, e);
	else
		api_reply_empty(res);
}

/* image.h — what kind of image a run of bytes is, told by its content (the
 * signature and the first chunk), never by a name or a declared type.
 * Pure format code: any thread. */
#ifndef TELEMED_IMAGE_H
#define TELEMED_IMAGE_H
#include <stddef.h>

/* "image/jpeg", "image/png" or "image/webp" (static strings), or NULL when
 * the bytes are none of them. */
const char *image_type(const void *data, size_t len);

#endif

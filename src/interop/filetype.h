/* filetype.h — what kind of file an attachment is, told by its bytes (never
 * by its name or a declared type): the images image.h knows, PDF, or plain
 * UTF-8 text. Pure format code: any thread. */
#ifndef TELEMED_FILETYPE_H
#define TELEMED_FILETYPE_H
#include <stddef.h>

/* "image/jpeg", "image/png", "image/webp", "application/pdf" or
 * "text/plain; charset=utf-8" (static strings), or NULL for anything else:
 * other binaries, text that is not UTF-8 or holds control characters, and
 * an empty file. */
const char *filetype_of(const void *data, size_t len);

#endif

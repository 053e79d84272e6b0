/* buf.h — a growable byte buffer with a hard size cap. Growth driven by input
 * fails (returns -1) past the cap instead of eating memory. Not thread-safe:
 * one owner at a time. */
#ifndef TELEMED_BUF_H
#define TELEMED_BUF_H
#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *data; /* always NUL-terminated when non-NULL */
	size_t len;
	size_t cap;   /* allocated bytes */
	size_t limit; /* most bytes ever held; 0 = SIZE_MAX/2 */
};

void buf_init(struct buf *b, size_t limit);
void buf_cleanup(struct buf *b);
/* 0 on success, -1 when the limit would be passed (the buffer is unchanged). */
int buf_append(struct buf *b, const void *data, size_t n);
int buf_append_str(struct buf *b, const char *s);
int buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int buf_vprintf(struct buf *b, const char *fmt, va_list ap);
void buf_reset(struct buf *b);
/* Hands the bytes to the caller (free() them); the buffer is left empty. */
char *buf_steal(struct buf *b, size_t *len);

#endif

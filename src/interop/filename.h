/* filename.h — a file name as sent by a browser or another client (a form
 * upload, a file received in a call), made safe to keep and to offer again
 * for download: no folders, no control characters or quotes, no leading
 * dots, well-formed UTF-8 cut at a character boundary. Pure format code:
 * any thread. */
#ifndef TELEMED_FILENAME_H
#define TELEMED_FILENAME_H
#include <stddef.h>

/* The cleaned name of at most max bytes, or fallback when nothing usable
 * is left (also for NULL, blank or malformed UTF-8). Returns a new string
 * (free() it). */
char *filename_clean(const char *name, size_t max, const char *fallback);

#endif

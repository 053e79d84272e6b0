/* instant.h — time as milliseconds since the Unix epoch (UTC) and its RFC 3339
 * text form. Any thread. */
#ifndef TELEMED_INSTANT_H
#define TELEMED_INSTANT_H
#include <stdint.h>

#define INSTANT_TEXT_MAX 64

int64_t instant_now_ms(void);
/* Monotonic milliseconds, for measuring durations. */
int64_t instant_mono_ms(void);
/* Writes "2026-11-23T01:02:03.456Z" (NUL-terminated) into out. */
void instant_format(int64_t ms, char out[INSTANT_TEXT_MAX]);
/* Parses an RFC 3339 instant with Z or ±hh:mm; 0 on success, -1 otherwise. */
int instant_parse(const char *text, int64_t *ms);

#endif

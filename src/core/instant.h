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
/* Days since 1970-01-01 of a proleptic Gregorian date, and back. */
int64_t instant_days_from_civil(int64_t y, int m, int d);
void instant_civil_from_days(int64_t days, int64_t *y, int *m, int *d);
/* ISO weekday (1 = Monday … 7 = Sunday) of a day number. */
int instant_weekday(int64_t days);
/* Parses "YYYY-MM-DD" into a day number; 0 on success, -1 otherwise. */
int instant_parse_date(const char *text, int64_t *days);

/* Parses an RFC 3339 instant with Z or ±hh:mm; 0 on success, -1 otherwise. */
int instant_parse(const char *text, int64_t *ms);

#endif

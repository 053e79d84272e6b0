/* tz.h — IANA time zones from the system's compiled tz database (TZif files
 * under /usr/share/zoneinfo, or $TZDIR): the UTC offset at an instant and the
 * instant of a local wall-clock time, correct across daylight-saving changes.
 * No process-wide TZ juggling, so any thread may use a loaded zone.
 * Instants past the file's last transition (2037 in Debian's "fat" files)
 * keep the last known offset. */
#ifndef TELEMED_TZ_H
#define TELEMED_TZ_H
#include <stdbool.h>
#include <stdint.h>

struct tz;

/* true for a plausible zone name ("Europe/Lisbon", "UTC"): letters, digits,
 * '/', '_', '-', '+', no "..", at most 64 characters. */
bool tz_name_valid(const char *name);
/* Loads a zone; NULL when the name is invalid or unknown. */
struct tz *tz_load(const char *name);
void tz_free(struct tz *tz); /* NULL is a no-op */
/* The zone loaded once for the whole process (tz_cache.c) and never freed:
 * for readers that need a zone on every request. A zone file changed while
 * the process runs (a tzdata upgrade) is seen after a restart. NULL when the
 * name is invalid or unknown. Any thread. */
const struct tz *tz_shared(const char *name);

/* Seconds east of UTC in force at utc_s (seconds since the epoch). */
int tz_offset_at(const struct tz *tz, int64_t utc_s);

/* The UTC instant of local wall time local_s (local seconds since the local
 * epoch). In a spring-forward gap the time does not exist: *exists = false
 * and the instant is as if the clock had not changed. In a fall-back
 * overlap the earlier instant is returned. */
int64_t tz_local_to_utc(const struct tz *tz, int64_t local_s, bool *exists);

#endif

/* ical.h — iCalendar (RFC 5545) text for appointments: a VCALENDAR with any
 * number of VEVENTs (one for a single file, all of a user's for a
 * subscription feed), UTC times, escaped and folded text, CRLF lines.
 * Pure format code: any thread. */
#ifndef TELEMED_ICAL_H
#define TELEMED_ICAL_H
#include <stdbool.h>
#include <stdint.h>

#include "../core/buf.h"

struct ical_event {
	const char *uid;      /* globally unique, e.g. "<id>@telemed" */
	int64_t stamp_ms;     /* when this text was made */
	int64_t start_ms, end_ms;
	const char *summary;
	const char *description; /* may be NULL */
	bool cancelled;
	int sequence;         /* bumps on each change */
};

struct ical_calendar {
	const char *method;  /* "PUBLISH", "CANCEL"; NULL for none (a feed) */
	const char *name;    /* X-WR-CALNAME, NULL for none */
	int refresh_minutes; /* > 0: how often a subscriber should fetch again */
};

/* Each appends to out and returns -1 when out's cap is reached:
 * ical_begin, then ical_add_event for every event, then ical_end. */
int ical_begin(struct buf *out, const struct ical_calendar *cal);
int ical_add_event(struct buf *out, const struct ical_event *e);
int ical_end(struct buf *out);

/* A whole calendar of one event (METHOD:CANCEL when it is cancelled). */
int ical_write_event(struct buf *out, const struct ical_event *e);

#endif

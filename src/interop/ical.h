/* ical.h — iCalendar (RFC 5545) text for appointments: one VCALENDAR with
 * one VEVENT, UTC times, escaped and folded text, CRLF lines. Pure format
 * code: any thread. */
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

/* Appends the calendar to out; -1 when out's cap is reached. */
int ical_write_event(struct buf *out, const struct ical_event *e);

#endif

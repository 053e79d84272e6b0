/* ics.h — private to src/api: an appointment (as the domain gives it) as a
 * calendar event seen by one of its two parties. Shared by the single .ics
 * file and the subscription feed, so both say the same thing. Any thread. */
#ifndef TELEMED_API_ICS_H
#define TELEMED_API_ICS_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "../interop/ical.h"

struct ics_event {
	struct ical_event ev; /* its strings point into this struct and into a */
	char uid[64];
	char summary[200];
};

/* Fills out from appointment a for viewer_id. with_reason adds the reason as
 * the description (the doctor's own file only; a feed never carries health
 * data). a is borrowed for as long as out is used. */
void ics_event_fill(struct ics_event *out, const json_t *a, const char *viewer_id,
		    bool with_reason, int64_t now_ms);

#endif

/* ics.c — appointments as calendar events (see ics.h). */
#include "ics.h"
#include "../core/instant.h"
#include "../core/jsonx.h"

#include <stdio.h>
#include <string.h>

static int64_t instant_of(const json_t *a, const char *key)
{
	int64_t ms = 0;
	const char *text = jsonx_string(a, key);
	if (text)
		instant_parse(text, &ms);
	return ms;
}

void ics_event_fill(struct ics_event *out, const json_t *a, const char *viewer_id,
		    bool with_reason, int64_t now_ms)
{
	const char *doctor_id = jsonx_string(json_object_get(a, "doctor"), "id");
	bool doctor = doctor_id && strcmp(viewer_id, doctor_id) == 0;
	const char *other = jsonx_string(json_object_get(a, doctor ? "patient" : "doctor"),
					 "full_name");
	const char *mode = jsonx_string(a, "mode"), *status = jsonx_string(a, "status");
	snprintf(out->uid, sizeof(out->uid), "%s@telemed", jsonx_string(a, "id"));
	snprintf(out->summary, sizeof(out->summary), "%s consultation with %s%s",
		 mode && strcmp(mode, "video") == 0 ? "Video" : "In-person",
		 doctor ? "" : "Dr ", other ? other : "");
	int64_t created = instant_of(a, "created_at"), updated = instant_of(a, "updated_at");
	const char *reason = doctor && with_reason ? jsonx_string(a, "reason") : NULL;
	out->ev = (struct ical_event){
		.uid = out->uid, .stamp_ms = now_ms,
		.start_ms = instant_of(a, "start"), .end_ms = instant_of(a, "end"),
		.summary = out->summary,
		.description = reason && *reason ? reason : NULL,
		.cancelled = status && strcmp(status, "cancelled") == 0,
		.sequence = (int)((updated - created) / 1000 % 100000),
	};
}

/* ical.c — iCalendar writing (see ical.h). Lines longer than 75 octets are
 * folded (CRLF + space) without splitting a UTF-8 character. */
#include "ical.h"
#include "../core/instant.h"

#include <stdio.h>
#include <string.h>

static void utc_text(int64_t ms, char out[20])
{
	char iso[INSTANT_TEXT_MAX];
	instant_format(ms, iso); /* 2026-11-23T01:02:03.456Z */
	snprintf(out, 20, "%.4s%.2s%.2sT%.2s%.2s%.2sZ", iso, iso + 5, iso + 8,
		 iso + 11, iso + 14, iso + 17);
}

/* Writes one content line, folded at 75 octets, ended by CRLF. */
static int line(struct buf *out, const char *text)
{
	size_t len = strlen(text), col = 0;
	int rc = 0;
	for (size_t i = 0; i < len && !rc; i++) {
		unsigned char c = (unsigned char)text[i];
		size_t clen = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
		if (col + clen > 75) {
			rc = buf_append(out, "\r\n ", 3);
			col = 1;
		}
		if (!rc)
			rc = buf_append(out, text + i, clen > len - i ? len - i : clen);
		col += clen;
		i += clen - 1;
	}
	return rc ? rc : buf_append(out, "\r\n", 2);
}

/* NAME:value with TEXT escaping (\\ \; \, and newlines as \n). */
static int text_line(struct buf *out, const char *name, const char *value)
{
	struct buf b;
	buf_init(&b, 0);
	buf_printf(&b, "%s:", name);
	for (const char *s = value; *s; s++) {
		if (*s == '\\' || *s == ';' || *s == ',')
			buf_printf(&b, "\\%c", *s);
		else if (*s == '\n')
			buf_append_str(&b, "\\n");
		else if (*s != '\r')
			buf_append(&b, s, 1);
	}
	int rc = line(out, b.data);
	buf_cleanup(&b);
	return rc;
}

int ical_begin(struct buf *out, const struct ical_calendar *cal)
{
	char tmp[128];
	int rc = line(out, "BEGIN:VCALENDAR") || line(out, "VERSION:2.0") ||
		 line(out, "PRODID:-//telemed//telemed 0.1//EN") ||
		 line(out, "CALSCALE:GREGORIAN");
	if (!rc && cal->method) {
		snprintf(tmp, sizeof(tmp), "METHOD:%s", cal->method);
		rc = line(out, tmp);
	}
	if (!rc && cal->name)
		rc = text_line(out, "X-WR-CALNAME", cal->name) || text_line(out, "NAME", cal->name);
	if (!rc && cal->refresh_minutes > 0) {
		/* RFC 7986, and the older name most calendar apps read */
		snprintf(tmp, sizeof(tmp), "REFRESH-INTERVAL;VALUE=DURATION:PT%dM", cal->refresh_minutes);
		rc = line(out, tmp);
		snprintf(tmp, sizeof(tmp), "X-PUBLISHED-TTL:PT%dM", cal->refresh_minutes);
		rc = rc || line(out, tmp);
	}
	return rc ? -1 : 0;
}

int ical_add_event(struct buf *out, const struct ical_event *e)
{
	char stamp[20], start[20], end[20], tmp[128];
	utc_text(e->stamp_ms, stamp);
	utc_text(e->start_ms, start);
	utc_text(e->end_ms, end);
	int rc = line(out, "BEGIN:VEVENT") || text_line(out, "UID", e->uid);
	snprintf(tmp, sizeof(tmp), "DTSTAMP:%s", stamp);
	rc = rc || line(out, tmp);
	snprintf(tmp, sizeof(tmp), "DTSTART:%s", start);
	rc = rc || line(out, tmp);
	snprintf(tmp, sizeof(tmp), "DTEND:%s", end);
	rc = rc || line(out, tmp);
	snprintf(tmp, sizeof(tmp), "SEQUENCE:%d", e->sequence);
	rc = rc || line(out, tmp) || text_line(out, "SUMMARY", e->summary) ||
	     (e->description && text_line(out, "DESCRIPTION", e->description)) ||
	     line(out, e->cancelled ? "STATUS:CANCELLED" : "STATUS:CONFIRMED") ||
	     line(out, "END:VEVENT");
	return rc ? -1 : 0;
}

int ical_end(struct buf *out)
{
	return line(out, "END:VCALENDAR") ? -1 : 0;
}

int ical_write_event(struct buf *out, const struct ical_event *e)
{
	struct ical_calendar cal = {.method = e->cancelled ? "CANCEL" : "PUBLISH"};
	return ical_begin(out, &cal) || ical_add_event(out, e) || ical_end(out) ? -1 : 0;
}

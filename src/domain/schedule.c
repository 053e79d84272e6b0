/* schedule.c — hours, exceptions and slots (see schedule.h). Slots are made
 * day by day in the doctor's local time and turned into UTC instants with
 * the time zone, so 09:00 stays 09:00 on both sides of a clock change; a
 * local time that does not exist (the spring-forward hour) makes no slot. */
#include "schedule.h"
#include "accounts.h"
#include "audit.h"
#include "tx.h"
#include "../core/instant.h"
#include "../core/jsonx.h"
#include "../core/mem.h"
#include "../core/tz.h"
#include "../db/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct jsonx_field top_fields[] = {
	{"time_zone", JSONX_STRING, true, 1, 64, NULL},
	{"weekly", JSONX_ARRAY, true, 0, SCHEDULE_RULES_MAX, NULL},
	{"exceptions", JSONX_ARRAY, false, 0, SCHEDULE_EXCEPTIONS_MAX, NULL},
};
static const struct jsonx_field weekly_fields[] = {
	{"weekday", JSONX_INT, true, 1, 7, NULL},
	{"start", JSONX_STRING, true, 5, 5, NULL},
	{"end", JSONX_STRING, true, 5, 5, NULL},
	{"slot_minutes", JSONX_INT, true, 10, 120, NULL},
};
static const char *const kinds[] = {"off", "extra", NULL};
static const struct jsonx_field exception_fields[] = {
	{"date", JSONX_STRING, true, 10, 10, NULL},
	{"kind", JSONX_STRING, true, 0, 0, kinds},
	{"start", JSONX_STRING, false, 5, 5, NULL},
	{"end", JSONX_STRING, false, 5, 5, NULL},
	{"slot_minutes", JSONX_INT, false, 10, 120, NULL},
};
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* "HH:MM" → minutes; "24:00" only where allow_24. -1 when malformed. */
static int parse_clock(const char *s, int allow_24)
{
	if (!s || strlen(s) != 5 || s[2] != ':')
		return -1;
	for (int i = 0; i < 5; i++)
		if (i != 2 && (s[i] < '0' || s[i] > '9'))
			return -1;
	int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
	if (m > 59 || h > 24 || (h == 24 && (m || !allow_24)))
		return -1;
	return h * 60 + m;
}

static enum err bad(char *msg, size_t n, const char *text, int index)
{
	snprintf(msg, n, text, index);
	return ERR_INVALID_VALUE;
}

static enum err read_span(const json_t *item, struct schedule_rule *r, int i,
			  char *msg, size_t n)
{
	r->start_min = parse_clock(jsonx_string(item, "start"), 0);
	r->end_min = parse_clock(jsonx_string(item, "end"), 1);
	r->slot_minutes = (int)json_integer_value(json_object_get(item, "slot_minutes"));
	if (r->start_min < 0 || r->end_min < 0)
		return bad(msg, n, "Item %d: times are HH:MM (end may be 24:00)", i);
	if (r->end_min - r->start_min < r->slot_minutes)
		return bad(msg, n, "Item %d: the hours must hold at least one slot", i);
	return ERR_OK;
}

static enum err check_item(const json_t *item, const struct jsonx_field *f,
			   size_t nf, int i, char *msg, size_t n)
{
	struct jsonx_error e;
	if (!json_is_object(item)) {
		snprintf(msg, n, "Item %d must be an object", i);
		return ERR_INVALID_TYPE;
	}
	if (jsonx_check(item, f, nf, &e)) {
		snprintf(msg, n, "Item %d: %s", i, e.message);
		return e.err;
	}
	return ERR_OK;
}

static bool overlaps(const struct schedule_rule *a, const struct schedule_rule *b)
{
	return a->start_min < b->end_min && b->start_min < a->end_min;
}

static enum err parse_weekly(const json_t *list, struct schedule *out, char *msg, size_t n)
{
	size_t i;
	json_t *item;
	json_array_foreach(list, i, item)
	{
		enum err e = check_item(item, weekly_fields, COUNT(weekly_fields), (int)i, msg, n);
		struct schedule_rule *r = &out->weekly[out->nweekly];
		memset(r, 0, sizeof(*r));
		r->weekday = (int)json_integer_value(json_object_get(item, "weekday"));
		if (e || (e = read_span(item, r, (int)i, msg, n)))
			return e;
		for (int j = 0; j < out->nweekly; j++)
			if (out->weekly[j].weekday == r->weekday && overlaps(&out->weekly[j], r))
				return bad(msg, n, "Item %d overlaps other hours of that day", (int)i);
		out->nweekly++;
	}
	return ERR_OK;
}

static enum err parse_exceptions(const json_t *list, struct schedule *out, char *msg, size_t n)
{
	size_t i;
	json_t *item;
	json_array_foreach(list, i, item)
	{
		enum err e = check_item(item, exception_fields, COUNT(exception_fields), (int)i, msg, n);
		if (e)
			return e;
		struct schedule_rule *r = &out->exceptions[out->nexceptions];
		memset(r, 0, sizeof(*r));
		if (instant_parse_date(jsonx_string(item, "date"), &r->day))
			return bad(msg, n, "Exception %d: dates are YYYY-MM-DD", (int)i);
		r->off = strcmp(jsonx_string(item, "kind"), "off") == 0;
		if (!r->off && (e = read_span(item, r, (int)i, msg, n)))
			return e;
		out->nexceptions++;
	}
	return ERR_OK;
}

enum err schedule_parse(const json_t *body, struct schedule *out, char *msg,
			size_t msglen)
{
	memset(out, 0, sizeof(*out));
	struct jsonx_error je;
	if (jsonx_check(body, top_fields, COUNT(top_fields), &je)) {
		snprintf(msg, msglen, "%s", je.message);
		return je.err;
	}
	const char *zone = jsonx_string(body, "time_zone");
	struct tz *tz = tz_load(zone);
	if (!tz)
		return bad(msg, msglen, "Unknown time zone%.0d", 0);
	tz_free(tz);
	snprintf(out->time_zone, sizeof(out->time_zone), "%s", zone);
	enum err e = parse_weekly(json_object_get(body, "weekly"), out, msg, msglen);
	const json_t *exc = json_object_get(body, "exceptions");
	if (!e && exc)
		e = parse_exceptions(exc, out, msg, msglen);
	return e;
}

static enum err insert_rule(struct db *db, const char *sql, const char *id,
			    const struct schedule_rule *r, bool exception)
{
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, id);
	db_bind_int64(st, 2, exception ? r->day : r->weekday);
	if (exception)
		db_bind_text(st, 3, r->off ? "off" : "extra");
	int i = exception ? 4 : 3;
	db_bind_int64(st, i, r->start_min);
	db_bind_int64(st, i + 1, r->end_min);
	db_bind_int64(st, i + 2, r->slot_minutes);
	enum db_rc rc = db_step(st);
	db_finalize(st);
	return rc == DB_DONE ? ERR_OK : ERR_DB;
}

static enum err store(struct db *db, const char *id, const struct schedule *s, int64_t now_ms)
{
	static const char *const clear[] = {"DELETE FROM doctor_hours WHERE doctor_id = ?",
		"DELETE FROM doctor_exceptions WHERE doctor_id = ?",
		"DELETE FROM doctor_schedules WHERE doctor_id = ?"};
	enum err e = ERR_OK;
	for (size_t i = 0; !e && i < sizeof(clear) / sizeof(clear[0]); i++)
		e = db_exec_text(db, clear[i], id) == DB_DONE ? ERR_OK : ERR_DB;
	struct db_stmt *st = e ? NULL : db_prepare(db,
		"INSERT INTO doctor_schedules (doctor_id, time_zone, updated_at) VALUES (?, ?, ?)");
	if (st) {
		db_bind_text(st, 1, id);
		db_bind_text(st, 2, s->time_zone);
		db_bind_int64(st, 3, now_ms);
		e = db_step(st) == DB_DONE ? ERR_OK : ERR_DB;
		db_finalize(st);
	}
	for (int i = 0; !e && i < s->nweekly; i++)
		e = insert_rule(db, "INSERT INTO doctor_hours (doctor_id, weekday, start_min,"
				    " end_min, slot_minutes) VALUES (?, ?, ?, ?, ?)",
				id, &s->weekly[i], false);
	for (int i = 0; !e && i < s->nexceptions; i++)
		e = insert_rule(db, "INSERT INTO doctor_exceptions (doctor_id, day, kind,"
				    " start_min, end_min, slot_minutes) VALUES (?, ?, ?, ?, ?, ?)",
				id, &s->exceptions[i], true);
	return e;
}

enum err schedule_set(struct db *db, const struct principal *who,
		      const char *doctor_id, const struct schedule *s,
		      int64_t now_ms)
{
	enum err e = accounts_find_doctor(db, doctor_id, false);
	if (e)
		return e;
	if (who->role != ROLE_DOCTOR || strcmp(who->user_id, doctor_id) != 0)
		return ERR_FORBIDDEN;
	if (db_begin(db) != DB_OK)
		return ERR_DB;
	e = store(db, doctor_id, s, now_ms);
	if (!e)
		e = audit_append(db, who, "schedule.update", doctor_id,
				 json_pack("{s:i,s:i}", "weekly", s->nweekly,
					   "exceptions", s->nexceptions), now_ms);
	return tx_end(db, e);
}

/* Doctors whose schedules one query reads. Their ids fill a fixed list of
 * placeholders (the unused ones bound to NULL, which matches nothing), so a
 * query has one text and the connection's statement cache keeps it. */
#define BATCH_MAX 32
#define BATCH_IN "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"

struct batch {
	const char *const *ids; /* distinct */
	size_t n;               /* at most BATCH_MAX */
};

static struct db_stmt *batch_query(struct db *db, const char *sql, const struct batch *b)
{
	struct db_stmt *st = db_prepare(db, sql);
	for (int i = 0; st && i < BATCH_MAX; i++)
		db_bind_text(st, i + 1, (size_t)i < b->n ? b->ids[i] : NULL);
	return st;
}

/* Which of the batch's doctors a row is about, or -1. */
static int batch_index(const struct batch *b, const char *id)
{
	for (size_t i = 0; id && i < b->n; i++)
		if (strcmp(b->ids[i], id) == 0)
			return (int)i;
	return -1;
}

/* A rule from a row (doctor_id, weekday or day, kind, start, end, slot). */
static void add_rule(struct schedule *s, struct db_stmt *st, bool exception)
{
	int *n = exception ? &s->nexceptions : &s->nweekly;
	if (*n == (exception ? SCHEDULE_EXCEPTIONS_MAX : SCHEDULE_RULES_MAX))
		return;
	struct schedule_rule *r = exception ? &s->exceptions[*n] : &s->weekly[*n];
	memset(r, 0, sizeof(*r));
	if (exception) {
		r->day = db_column_int64(st, 1);
		r->off = strcmp(db_column_text(st, 2), "off") == 0;
	} else {
		r->weekday = (int)db_column_int64(st, 1);
	}
	r->start_min = (int)db_column_int64(st, 3);
	r->end_min = (int)db_column_int64(st, 4);
	r->slot_minutes = (int)db_column_int64(st, 5);
	(*n)++;
}

/* The batch's schedules into s[0 … n): one query for the time zones, one
 * for the weekly hours, one for the exceptions. A doctor without hours has
 * an empty week in UTC. */
static enum err load_batch(struct db *db, const struct batch *b, struct schedule *s)
{
	static const char *const sql[] = {
		"SELECT doctor_id, time_zone FROM doctor_schedules WHERE doctor_id IN " BATCH_IN,
		"SELECT doctor_id, weekday, '', start_min, end_min, slot_minutes FROM doctor_hours"
		" WHERE doctor_id IN " BATCH_IN " ORDER BY doctor_id, weekday, start_min",
		"SELECT doctor_id, day, kind, start_min, end_min, slot_minutes FROM doctor_exceptions"
		" WHERE doctor_id IN " BATCH_IN " ORDER BY doctor_id, day, start_min",
	};
	for (size_t i = 0; i < b->n; i++) { /* the rule arrays fill as rows come */
		snprintf(s[i].time_zone, sizeof(s[i].time_zone), "UTC");
		s[i].nweekly = s[i].nexceptions = 0;
	}
	for (size_t q = 0; q < COUNT(sql); q++) {
		struct db_stmt *st = batch_query(db, sql[q], b);
		if (!st)
			return ERR_DB;
		enum db_rc rc;
		while ((rc = db_step(st)) == DB_ROW) {
			int i = batch_index(b, db_column_text(st, 0));
			if (i >= 0 && q == 0)
				snprintf(s[i].time_zone, sizeof(s[i].time_zone), "%s", db_column_text(st, 1));
			else if (i >= 0)
				add_rule(&s[i], st, q == 2);
		}
		db_finalize(st);
		if (rc != DB_DONE)
			return ERR_DB;
	}
	return ERR_OK;
}

/* The doctor's schedule (caller frees). */
static enum err load(struct db *db, const char *id, struct schedule **out)
{
	*out = NULL;
	enum err e = accounts_find_doctor(db, id, false);
	if (e)
		return e;
	struct schedule *s = mem_calloc(1, sizeof(*s));
	e = load_batch(db, &(struct batch){&id, 1}, s);
	if (e) {
		free(s);
		return e;
	}
	*out = s;
	return ERR_OK;
}

static void clock_text(int minutes, char out[8])
{
	unsigned m = (unsigned)minutes % 1441;
	snprintf(out, 8, "%02u:%02u", m / 60, m % 60);
}

static json_t *rule_json(const struct schedule_rule *r, bool exception)
{
	char start[8], end[8];
	clock_text(r->start_min, start);
	clock_text(r->end_min, end);
	if (!exception)
		return json_pack("{s:i,s:s,s:s,s:i}", "weekday", r->weekday, "start", start,
				 "end", end, "slot_minutes", r->slot_minutes);
	int64_t y;
	int m, d;
	instant_civil_from_days(r->day, &y, &m, &d);
	char date[16];
	snprintf(date, sizeof(date), "%04d-%02d-%02d", (int)(y % 10000), m, d);
	if (r->off)
		return json_pack("{s:s,s:s}", "date", date, "kind", "off");
	return json_pack("{s:s,s:s,s:s,s:s,s:i}", "date", date, "kind", "extra", "start",
			 start, "end", end, "slot_minutes", r->slot_minutes);
}

enum err schedule_get(struct db *db, const char *doctor_id, json_t **out)
{
	struct schedule *s;
	enum err e = load(db, doctor_id, &s);
	if (e)
		return e;
	json_t *weekly = json_array(), *exceptions = json_array();
	for (int i = 0; i < s->nweekly; i++)
		json_array_append_new(weekly, rule_json(&s->weekly[i], false));
	for (int i = 0; i < s->nexceptions; i++)
		json_array_append_new(exceptions, rule_json(&s->exceptions[i], true));
	*out = json_pack("{s:s,s:o,s:o}", "time_zone", s->time_zone, "weekly", weekly,
			 "exceptions", exceptions);
	free(s);
	return ERR_OK;
}

struct slot {
	int64_t start_s, end_s;
};

struct slot_list {
	struct slot *items;
	size_t n, cap;
};

static void add_slot(struct slot_list *l, int64_t start_s, int64_t end_s)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->items = mem_realloc(l->items, l->cap * sizeof(*l->items));
	}
	l->items[l->n++] = (struct slot){start_s, end_s};
}

static void rule_slots(const struct schedule_rule *r, int64_t day, const struct tz *tz,
		       int64_t from_s, int64_t to_s, struct slot_list *out)
{
	for (int t = r->start_min; t + r->slot_minutes <= r->end_min; t += r->slot_minutes) {
		bool exists;
		int64_t utc = tz_local_to_utc(tz, day * 86400 + (int64_t)t * 60, &exists);
		if (exists && utc >= from_s && utc < to_s)
			add_slot(out, utc, utc + (int64_t)r->slot_minutes * 60);
	}
}

static int64_t floor_div(int64_t a, int64_t b)
{
	return a >= 0 ? a / b : -((-a + b - 1) / b);
}

static int by_start(const void *a, const void *b)
{
	int64_t x = ((const struct slot *)a)->start_s, y = ((const struct slot *)b)->start_s;
	return (x > y) - (x < y);
}

/* Every slot starting in [from_s, to_s), in order. */
static void make_slots(const struct schedule *s, const struct tz *tz, int64_t from_s,
		       int64_t to_s, struct slot_list *out)
{
	int64_t first = floor_div(from_s + tz_offset_at(tz, from_s), 86400) - 1;
	int64_t last = floor_div(to_s + tz_offset_at(tz, to_s), 86400) + 1;
	for (int64_t day = first; day <= last; day++) {
		bool off = false;
		for (int i = 0; i < s->nexceptions; i++)
			if (s->exceptions[i].day == day && s->exceptions[i].off)
				off = true;
		int weekday = instant_weekday(day);
		for (int i = 0; !off && i < s->nweekly; i++)
			if (s->weekly[i].weekday == weekday)
				rule_slots(&s->weekly[i], day, tz, from_s, to_s, out);
		for (int i = 0; i < s->nexceptions; i++)
			if (s->exceptions[i].day == day && !s->exceptions[i].off)
				rule_slots(&s->exceptions[i], day, tz, from_s, to_s, out);
	}
	if (out->n > 1)
		qsort(out->items, out->n, sizeof(*out->items), by_start);
}

/* The doctor's rules (free them) and their time zone (shared). */
static enum err load_zoned(struct db *db, const char *doctor_id, struct schedule **s,
			   const struct tz **tz)
{
	enum err e = load(db, doctor_id, s);
	if (e)
		return e;
	*tz = tz_shared((*s)->time_zone);
	if (*tz)
		return ERR_OK;
	free(*s);
	return ERR_INTERNAL;
}

static enum err slots_between(struct db *db, const char *doctor_id, int64_t from_s,
			      int64_t to_s, struct slot_list *out)
{
	struct schedule *s;
	const struct tz *tz;
	enum err e = load_zoned(db, doctor_id, &s, &tz);
	if (e)
		return e;
	make_slots(s, tz, from_s, to_s, out);
	free(s);
	return ERR_OK;
}

/* Booked intervals overlapping [from_s, to_s), into out[i] for the batch's
 * doctor i. */
static enum err booked_batch(struct db *db, const struct batch *b, int64_t from_s,
			     int64_t to_s, struct slot_list *out)
{
	struct db_stmt *st = batch_query(db,
		"SELECT doctor_id, start_at, end_at FROM appointments WHERE doctor_id IN " BATCH_IN
		" AND status <> 'cancelled' AND start_at < ? AND end_at > ?", b);
	if (!st)
		return ERR_DB;
	db_bind_int64(st, BATCH_MAX + 1, to_s * 1000);
	db_bind_int64(st, BATCH_MAX + 2, from_s * 1000);
	enum db_rc rc;
	while ((rc = db_step(st)) == DB_ROW) {
		int i = batch_index(b, db_column_text(st, 0));
		if (i >= 0)
			add_slot(&out[i], db_column_int64(st, 1) / 1000, db_column_int64(st, 2) / 1000);
	}
	db_finalize(st);
	return rc == DB_DONE ? ERR_OK : ERR_DB;
}

static bool is_busy(const struct slot *s, const struct slot_list *booked, int64_t now_s)
{
	if (s->start_s <= now_s)
		return true;
	for (size_t i = 0; i < booked->n; i++)
		if (booked->items[i].start_s < s->end_s && booked->items[i].end_s > s->start_s)
			return true;
	return false;
}

enum err schedule_slots(struct db *db, const char *doctor_id, int64_t from_ms,
			int64_t to_ms, int64_t now_ms, json_t **out)
{
	*out = NULL;
	if (to_ms <= from_ms || to_ms - from_ms > (int64_t)SCHEDULE_RANGE_MAX_DAYS * 86400000)
		return ERR_INVALID_VALUE;
	int64_t from_s = floor_div(from_ms, 1000), to_s = floor_div(to_ms + 999, 1000);
	struct slot_list slots = {0}, booked = {0};
	enum err e = slots_between(db, doctor_id, from_s, to_s, &slots);
	if (!e)
		e = booked_batch(db, &(struct batch){&doctor_id, 1}, from_s, to_s, &booked);
	json_t *list = e ? NULL : json_array();
	for (size_t i = 0; list && i < slots.n; i++) {
		char start[INSTANT_TEXT_MAX], end[INSTANT_TEXT_MAX];
		instant_format(slots.items[i].start_s * 1000, start);
		instant_format(slots.items[i].end_s * 1000, end);
		json_array_append_new(list, json_pack("{s:s,s:s,s:s}", "start", start, "end", end,
			"status", is_busy(&slots.items[i], &booked, now_ms / 1000) ? "busy" : "free"));
	}
	free(slots.items);
	free(booked.items);
	*out = list;
	return e;
}

/* The first free slot of s in [from_s, to_s), a day at a time: the usual
 * answer (today or tomorrow) costs a day. */
static struct schedule_free first_free(const struct schedule *s, const struct tz *tz,
				       const struct slot_list *booked, int64_t from_s,
				       int64_t to_s, int64_t now_s)
{
	struct schedule_free found = {0, 0};
	for (int64_t day_s = from_s; !found.start_ms && day_s < to_s; day_s += 86400) {
		struct slot_list slots = {0};
		make_slots(s, tz, day_s, day_s + 86400 < to_s ? day_s + 86400 : to_s, &slots);
		for (size_t i = 0; i < slots.n && !found.start_ms; i++) {
			if (!is_busy(&slots.items[i], booked, now_s)) {
				found.start_ms = slots.items[i].start_s * 1000;
				found.end_ms = slots.items[i].end_s * 1000;
			}
		}
		free(slots.items);
	}
	return found;
}

/* schedule_next_free for one batch; s and booked have room for b->n. */
static enum err next_free_batch(struct db *db, const struct batch *b, int64_t from_s,
				int64_t to_s, int64_t now_s, struct schedule *s,
				struct slot_list *booked, struct schedule_free *out)
{
	memset(booked, 0, b->n * sizeof(*booked));
	enum err e = load_batch(db, b, s);
	if (!e)
		e = booked_batch(db, b, from_s, to_s, booked);
	for (size_t i = 0; i < b->n; i++) {
		const struct tz *tz = e ? NULL : tz_shared(s[i].time_zone);
		out[i] = tz ? first_free(&s[i], tz, &booked[i], from_s, to_s, now_s)
			    : (struct schedule_free){0, 0};
		free(booked[i].items);
	}
	return e;
}

enum err schedule_next_free(struct db *db, const char *const *doctor_ids, size_t n,
			    int64_t from_ms, int64_t to_ms, int64_t now_ms,
			    struct schedule_free *out)
{
	memset(out, 0, n * sizeof(*out));
	if (to_ms <= from_ms || to_ms - from_ms > (int64_t)SCHEDULE_RANGE_MAX_DAYS * 86400000)
		return ERR_INVALID_VALUE;
	int64_t from_s = floor_div(from_ms, 1000), to_s = floor_div(to_ms + 999, 1000);
	/* not zeroed: load_batch sets what is read of each schedule */
	size_t room = n < BATCH_MAX ? n : BATCH_MAX;
	struct schedule *s = mem_alloc(room * sizeof(*s));
	struct slot_list *booked = mem_calloc(room, sizeof(*booked));
	enum err e = ERR_OK;
	for (size_t first = 0; !e && first < n; first += BATCH_MAX) {
		struct batch b = {doctor_ids + first, n - first < BATCH_MAX ? n - first : BATCH_MAX};
		e = next_free_batch(db, &b, from_s, to_s, floor_div(now_ms, 1000), s, booked,
				    out + first);
	}
	free(s);
	free(booked);
	return e;
}

enum err schedule_find_slot(struct db *db, const char *doctor_id,
			    int64_t start_ms, int64_t *end_ms)
{
	if (start_ms % 1000)
		return ERR_NOT_A_SLOT;
	struct slot_list slots = {0};
	enum err e = slots_between(db, doctor_id, start_ms / 1000, start_ms / 1000 + 1, &slots);
	if (!e && slots.n == 0)
		e = ERR_NOT_A_SLOT;
	if (!e)
		*end_ms = slots.items[0].end_s * 1000;
	free(slots.items);
	return e;
}

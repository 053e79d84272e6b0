/* schedule.h — a doctor's weekly hours in their own IANA time zone, with
 * exceptions (days off, extra hours), and the slots they make: UTC instants,
 * free or busy (FHIR Slot meaning), right across daylight-saving changes.
 * Worker threads, with that thread's own store connection. */
#ifndef TELEMED_SCHEDULE_H
#define TELEMED_SCHEDULE_H
#include <jansson.h>
#include <stdint.h>

#include "../core/err.h"
#include "principal.h"

struct db;

#define SCHEDULE_RULES_MAX 64
#define SCHEDULE_EXCEPTIONS_MAX 366
#define SCHEDULE_RANGE_MAX_DAYS 31

struct schedule_rule {
	int weekday;       /* 1 = Monday … 7 = Sunday; 0 for exceptions */
	int64_t day;       /* exceptions: local date as a day number */
	int off;           /* exceptions: the whole day off */
	int start_min, end_min, slot_minutes;
};

struct schedule {
	char time_zone[65];
	int nweekly, nexceptions;
	struct schedule_rule weekly[SCHEDULE_RULES_MAX];
	struct schedule_rule exceptions[SCHEDULE_EXCEPTIONS_MAX];
};

/* Reads and checks a body {"time_zone","weekly":[…],"exceptions":[…]}.
 * ERR_OK, or a 4xx error with a message naming what is wrong. */
enum err schedule_parse(const json_t *body, struct schedule *out, char *msg,
			size_t msglen);

/* The doctor replaces their own hours (others: ERR_FORBIDDEN); audited. */
enum err schedule_set(struct db *db, const struct principal *who,
		      const char *doctor_id, const struct schedule *s,
		      int64_t now_ms);

/* The hours as JSON (the shape schedule_parse reads); ERR_NOT_FOUND for an
 * unknown doctor. A doctor without hours has an empty week in UTC. */
enum err schedule_get(struct db *db, const char *doctor_id, json_t **out);

/* Slots starting in [from_ms, to_ms) (at most 31 days), each
 * {"start","end","status"}; those already booked or begun are "busy". */
enum err schedule_slots(struct db *db, const char *doctor_id, int64_t from_ms,
			int64_t to_ms, int64_t now_ms, json_t **out);

/* A doctor's first free slot; both 0 when there is none. */
struct schedule_free {
	int64_t start_ms, end_ms;
};

/* For each of n distinct doctors, the first free slot starting in
 * [from_ms, to_ms) (at most SCHEDULE_RANGE_MAX_DAYS) into out[i]; an id
 * that is no doctor has none. Reads the schedules and bookings of up to 32
 * doctors a query, and stops at each doctor's first day with a free slot. */
enum err schedule_next_free(struct db *db, const char *const *doctor_ids, size_t n,
			    int64_t from_ms, int64_t to_ms, int64_t now_ms,
			    struct schedule_free *out);

/* ERR_OK and *end_ms when start_ms begins one of the doctor's slots,
 * else ERR_NOT_A_SLOT. */
enum err schedule_find_slot(struct db *db, const char *doctor_id,
			    int64_t start_ms, int64_t *end_ms);

#endif

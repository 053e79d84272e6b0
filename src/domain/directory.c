/* directory.c — doctor profiles and search (see directory.h). Search runs a
 * filtered query (words through domain/doctor_search.c) and computes the
 * next free slot from the schedule only for the page it returns, unless the
 * "available" filter or the next_available sort need it for every
 * candidate (at most CANDIDATES_MAX). */
#include "directory.h"
#include "audit.h"
#include "doctor_search.h"
#include "photos.h"
#include "reviews.h"
#include "schedule.h"
#include "tx.h"
#include "../core/instant.h"
#include "../core/jsonx.h"
#include "../core/mem.h"
#include "../db/db.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CANDIDATES_MAX 500
#define LOOKAHEAD_DAYS 14

static const struct jsonx_field profile_fields[] = {
	{"specialty", JSONX_STRING, false, 1, 64, NULL},
	{"bio", JSONX_STRING, false, 0, 2000, NULL},
	{"languages", JSONX_ARRAY, false, 0, 10, NULL},
	{"city", JSONX_STRING, false, 0, 100, NULL},
	{"country", JSONX_STRING, false, 0, 100, NULL},
	{"years_experience", JSONX_INT, false, 0, 80, NULL},
	{"modes", JSONX_ARRAY, false, 1, 2, NULL},
};

#define PROFILE_SELECT                                                         \
	"SELECT u.id, u.full_name, p.specialty_id, s.name, p.bio, p.languages,"  \
	" p.city, p.country, p.years_experience, p.modes, p.rating_sum,"         \
	" p.rating_count, ph.etag FROM users u"                                  \
	" LEFT JOIN doctor_profiles p ON p.user_id = u.id"                       \
	" LEFT JOIN specialties s ON s.id = p.specialty_id"                      \
	" LEFT JOIN doctor_photos ph ON ph.doctor_id = u.id"                     \
	" WHERE u.role = 'doctor' AND u.status = 'active'"

static bool strings_ok(const json_t *list, const char *const *allowed, size_t maxlen)
{
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v)
	{
		const char *s = json_string_value(v);
		if (!s || !*s || jsonx_utf8_length(s) > maxlen)
			return false;
		bool hit = !allowed;
		for (const char *const *a = allowed; a && *a; a++)
			hit |= strcmp(*a, s) == 0;
		if (!hit)
			return false;
	}
	return true;
}

static enum err check_profile(struct db *db, const json_t *body, char *msg, size_t n)
{
	static const char *const modes[] = {"video", "in_person", NULL};
	struct jsonx_error je;
	if (jsonx_check(body, profile_fields, sizeof(profile_fields) / sizeof(profile_fields[0]), &je)) {
		snprintf(msg, n, "%s", je.message);
		return je.err;
	}
	const json_t *langs = json_object_get(body, "languages"), *m = json_object_get(body, "modes");
	if ((langs && !strings_ok(langs, NULL, 40)) || (m && !strings_ok(m, modes, 16))) {
		snprintf(msg, n, "languages are names; modes are video and in_person");
		return ERR_INVALID_VALUE;
	}
	const char *spec = jsonx_string(body, "specialty");
	if (!spec)
		return ERR_OK;
	struct db_stmt *st = db_prepare(db, "SELECT 1 FROM specialties WHERE id = ?");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, spec);
	enum db_rc rc = db_step(st);
	db_finalize(st);
	if (rc != DB_ROW)
		snprintf(msg, n, "Unknown specialty");
	return rc == DB_ROW ? ERR_OK : ERR_INVALID_VALUE;
}

static char *array_text(const json_t *body, const char *key)
{
	const json_t *v = json_object_get(body, key);
	return v ? json_dumps(v, JSON_COMPACT) : NULL;
}

static enum err upsert(struct db *db, const char *id, const json_t *body, int64_t now_ms)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO doctor_profiles (user_id, updated_at) VALUES (?, ?)"
		" ON CONFLICT (user_id) DO NOTHING");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, id);
	db_bind_int64(st, 2, now_ms);
	enum db_rc rc = db_step(st);
	db_finalize(st);
	st = rc == DB_DONE ? db_prepare(db,
		"UPDATE doctor_profiles SET specialty_id = COALESCE(?, specialty_id),"
		" bio = COALESCE(?, bio), languages = COALESCE(?, languages),"
		" city = COALESCE(?, city), country = COALESCE(?, country),"
		" years_experience = COALESCE(?, years_experience),"
		" modes = COALESCE(?, modes), updated_at = ? WHERE user_id = ?") : NULL;
	if (!st)
		return ERR_DB;
	char *langs = array_text(body, "languages"), *modes = array_text(body, "modes");
	db_bind_text(st, 1, jsonx_string(body, "specialty"));
	db_bind_text(st, 2, jsonx_string(body, "bio"));
	db_bind_text(st, 3, langs);
	db_bind_text(st, 4, jsonx_string(body, "city"));
	db_bind_text(st, 5, jsonx_string(body, "country"));
	const json_t *years = json_object_get(body, "years_experience");
	if (years)
		db_bind_int64(st, 6, json_integer_value(years));
	else
		db_bind_null(st, 6);
	db_bind_text(st, 7, modes);
	db_bind_int64(st, 8, now_ms);
	db_bind_text(st, 9, id);
	rc = db_step(st);
	db_finalize(st);
	free(langs);
	free(modes);
	return rc == DB_DONE ? ERR_OK : ERR_DB;
}

enum err directory_update(struct db *db, const struct principal *who,
			  const char *doctor_id, const json_t *body, int64_t now_ms,
			  char *msg, size_t msglen)
{
	if (who->role != ROLE_DOCTOR || strcmp(who->user_id, doctor_id) != 0)
		return ERR_FORBIDDEN;
	enum err e = check_profile(db, body, msg, msglen);
	if (e)
		return e;
	if (db_begin(db) != DB_OK)
		return ERR_DB;
	e = upsert(db, doctor_id, body, now_ms);
	if (!e)
		e = audit_append(db, who, "profile.update", doctor_id, NULL, now_ms);
	return tx_end(db, e);
}

static json_t *parsed_or(const char *text, json_t *fallback)
{
	json_t *v = text ? json_loads(text, 0, NULL) : NULL;
	if (v) {
		json_decref(fallback);
		return v;
	}
	return fallback;
}

static json_t *profile_json(struct db_stmt *st)
{
	int64_t sum = db_column_int64(st, 10), count = db_column_int64(st, 11);
	double average = count ? (double)sum / (double)count : 0.0;
	json_t *specialty = db_column_is_null(st, 2) ? json_null()
		: json_pack("{s:s,s:s}", "id", db_column_text(st, 2), "name", db_column_text(st, 3));
	const char *bio = db_column_text(st, 4), *city = db_column_text(st, 6),
		   *country = db_column_text(st, 7);
	char photo[160] = "";
	if (!db_column_is_null(st, 12))
		photos_url(db_column_text(st, 0), db_column_text(st, 12), photo, sizeof(photo));
	json_t *doctor = json_pack("{s:s,s:s,s:o,s:s,s:o,s:s,s:s,s:I,s:o,s:b,s:{s:f,s:I}}",
			 "id", db_column_text(st, 0), "full_name", db_column_text(st, 1),
			 "specialty", specialty, "bio", bio ? bio : "",
			 "languages", parsed_or(db_column_text(st, 5), json_array()),
			 "city", city ? city : "", "country", country ? country : "",
			 "years_experience", (json_int_t)db_column_int64(st, 8),
			 "modes", parsed_or(db_column_text(st, 9), json_pack("[s]", "video")),
			 "verified", 1, "rating", "average", average, "count", (json_int_t)count);
	if (*photo)
		json_object_set_new(doctor, "photo_url", json_string(photo));
	return doctor;
}

/* A free slot as JSON, or NULL for none. */
static json_t *slot_json(const struct schedule_free *slot)
{
	if (!slot->start_ms)
		return NULL;
	char start_text[INSTANT_TEXT_MAX], end_text[INSTANT_TEXT_MAX];
	instant_format(slot->start_ms, start_text);
	instant_format(slot->end_ms, end_text);
	return json_pack("{s:s,s:s,s:s}", "start", start_text, "end", end_text, "status", "free");
}

enum err directory_get(struct db *db, const char *doctor_id, int64_t now_ms,
		       json_t **out)
{
	*out = NULL;
	if (!id_valid(doctor_id))
		return ERR_NOT_FOUND;
	struct db_stmt *st = db_prepare(db, PROFILE_SELECT " AND u.id = ?");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, doctor_id);
	enum db_rc rc = db_step(st);
	if (rc == DB_ROW)
		*out = profile_json(st);
	db_finalize(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? ERR_NOT_FOUND : ERR_DB;
	struct schedule_free free_slot;
	if (schedule_next_free(db, &doctor_id, 1, now_ms, now_ms + LOOKAHEAD_DAYS * 86400000LL,
			       now_ms, &free_slot))
		free_slot = (struct schedule_free){0, 0};
	json_t *slot = slot_json(&free_slot);
	json_object_set_new(*out, "next_free_slot", slot ? slot : json_null());
	json_t *reviews = NULL;
	if (reviews_of_doctor(db, doctor_id, 20, &reviews))
		reviews = json_array();
	json_object_set_new(*out, "reviews", reviews);
	return ERR_OK;
}

/* "%word%" in lower case for LIKE, with LIKE's wildcards escaped. */
static void like_pattern(const char *word, char *out, size_t n)
{
	size_t o = 0;
	out[o++] = '%';
	for (const char *s = word; *s && o + 3 < n; s++) {
		if (*s == '%' || *s == '_' || *s == '\\')
			out[o++] = '\\';
		out[o++] = (char)tolower((unsigned char)*s);
	}
	out[o++] = '%';
	out[o] = '\0';
}

/* The orders match migration 13's indexes on doctor_profiles, so a page is
 * a walk along one of them that stops at the page's end. */
static const char *order_for(const char *sort)
{
	if (!sort || strcmp(sort, "rating") == 0 || strcmp(sort, "next_available") == 0)
		return " ORDER BY p.rating_average DESC, p.sort_name, p.user_id";
	if (strcmp(sort, "experience") == 0)
		return " ORDER BY p.years_experience DESC, p.sort_name, p.user_id";
	if (strcmp(sort, "name") == 0)
		return " ORDER BY p.sort_name, p.user_id";
	return NULL;
}

/* A page of listed doctors: the inner query finds them and orders them by
 * keys that its indexes hold (migrations 13 and 14); the outer one reads
 * the profiles of the page alone, and its name from the profile's copy of
 * the user's full name (sort_name, kept by triggers), so no user row is
 * read. Parameters: the inner query's, then its limit and offset. */
#define DIRECTORY_PAGE_SELECT                                                  \
	"SELECT p.user_id, p.sort_name, p.specialty_id, s.name, p.bio,"          \
	" p.languages, p.city, p.country, p.years_experience, p.modes,"          \
	" p.rating_sum, p.rating_count, ph.etag FROM (SELECT p.user_id AS id"    \
	" FROM doctor_profiles p WHERE %sp.listed = 1%s%s%s%s%s%s LIMIT ? OFFSET ?) page" \
	" JOIN doctor_profiles p ON p.user_id = page.id"                         \
	" LEFT JOIN specialties s ON s.id = p.specialty_id"                      \
	" LEFT JOIN doctor_photos ph ON ph.doctor_id = p.user_id%s"

/* limit rows from offset (SQL does the paging), or the first
 * CANDIDATES_MAX when limit is 0. A narrow text search (a name) reads its
 * few matches and sorts them: "+p.listed" keeps the planner off the order
 * indexes, whose walk would visit every doctor looking for them. */
static struct db_stmt *search_query(struct db *db, const struct directory_query *q,
				    const char *order, int limit, int offset)
{
	char sql[2048], lang[120], expr[600], lower[200] = "";
	char *matches = NULL; /* a narrow search's */
	if (q->q) {
		doctor_search_expression(q->q, expr, sizeof(expr));
		snprintf(lower, sizeof(lower), "%s", q->q);
		for (char *c = lower; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		matches = doctor_search_narrow(db, expr, lower);
	}
	snprintf(sql, sizeof(sql), DIRECTORY_PAGE_SELECT,
		 matches ? "+" : "",
		 !q->q ? "" : matches ? " AND " DOCTOR_SEARCH_LIST_CONDITION : " AND " DOCTOR_SEARCH_CONDITION,
		 q->specialty ? " AND p.specialty_id = ?" : "",
		 q->city ? " AND lower(p.city) = lower(?)" : "",
		 q->language ? " AND lower(p.languages) LIKE ? ESCAPE '\\'" : "",
		 /* the first bound only narrows the walk along the rating index;
		  * the exact test is in integers */
		 q->min_rating > 0 ? " AND p.rating_average >= ? / 100.0 - 0.001 AND p.rating_count > 0"
				     " AND p.rating_sum * 100 >= ? * p.rating_count" : "",
		 order, order);
	struct db_stmt *st = db_prepare(db, sql);
	if (!st) {
		free(matches);
		return NULL;
	}
	int i = 1;
	if (matches) {
		db_bind_text(st, i++, matches);
		free(matches);
	} else if (q->q) {
		db_bind_text(st, i++, expr);
		db_bind_text(st, i++, lower);
	}
	if (q->specialty)
		db_bind_text(st, i++, q->specialty);
	if (q->city)
		db_bind_text(st, i++, q->city);
	if (q->language) {
		char quoted[100];
		snprintf(quoted, sizeof(quoted), "\"%s\"", q->language);
		like_pattern(quoted, lang, sizeof(lang));
		db_bind_text(st, i++, lang);
	}
	for (int bound = 0; q->min_rating > 0 && bound < 2; bound++)
		db_bind_int64(st, i++, (int64_t)(q->min_rating * 100));
	db_bind_int64(st, i++, limit ? limit : CANDIDATES_MAX);
	db_bind_int64(st, i, limit ? offset : 0);
	return st;
}

static const char *slot_start(const json_t *doctor)
{
	return json_string_value(json_object_get(json_object_get(doctor, "next_free_slot"), "start"));
}

static int by_next_slot(const void *a, const void *b)
{
	const char *x = slot_start(*(json_t *const *)a), *y = slot_start(*(json_t *const *)b);
	if (!x || !y)
		return !x - !y;
	return strcmp(x, y); /* RFC 3339 UTC text sorts in time order */
}

/* Sets each doctor's next_free_slot; with a window, drops those without
 * one. Returns how many are kept (packed at the front). */
static size_t with_next_slots(struct db *db, json_t **found, size_t n, bool window,
			      int64_t from, int64_t to, int64_t now_ms)
{
	const char **ids = mem_calloc(n ? n : 1, sizeof(*ids));
	struct schedule_free *slots = mem_calloc(n ? n : 1, sizeof(*slots));
	for (size_t i = 0; i < n; i++)
		ids[i] = json_string_value(json_object_get(found[i], "id"));
	if (schedule_next_free(db, ids, n, from, to, now_ms, slots))
		memset(slots, 0, n * sizeof(*slots)); /* none known: shown as none */
	size_t kept = 0;
	for (size_t i = 0; i < n; i++) {
		json_t *slot = slot_json(&slots[i]);
		if (window && !slot) {
			json_decref(found[i]);
			continue;
		}
		json_object_set_new(found[i], "next_free_slot", slot ? slot : json_null());
		found[kept++] = found[i];
	}
	free(ids);
	free(slots);
	return kept;
}

enum err directory_search(struct db *db, const struct directory_query *q,
			  int64_t now_ms, json_t **out, bool *more)
{
	*out = NULL;
	*more = false;
	const char *order = order_for(q->sort);
	if (!order)
		return ERR_INVALID_VALUE;
	bool window = q->available_from_ms && q->available_to_ms;
	bool by_slot = q->sort && strcmp(q->sort, "next_available") == 0;
	/* only a window or the next_available sort need every candidate's slot;
	 * otherwise the store pages, and one more row tells whether there is more */
	bool paged = !window && !by_slot;
	struct db_stmt *st = search_query(db, q, order, paged ? q->limit + 1 : 0,
					  paged ? q->offset : 0);
	if (!st)
		return ERR_DB;
	json_t **found = mem_calloc(CANDIDATES_MAX + 1, sizeof(*found));
	size_t n = 0;
	while (n < CANDIDATES_MAX + 1 && db_step(st) == DB_ROW)
		found[n++] = profile_json(st);
	db_finalize(st);
	size_t first = paged ? 0 : (size_t)q->offset;
	if (paged && n > (size_t)q->limit) {
		*more = true;
		json_decref(found[--n]);
	}
	int64_t from = window ? q->available_from_ms : now_ms;
	int64_t to = window ? q->available_to_ms : now_ms + LOOKAHEAD_DAYS * 86400000LL;
	size_t kept = with_next_slots(db, found, n, window, from, to, now_ms);
	if (by_slot)
		qsort(found, kept, sizeof(*found), by_next_slot);
	json_t *page = json_array();
	for (size_t i = 0; i < kept; i++) {
		if (i >= first && json_array_size(page) < (size_t)q->limit)
			json_array_append(page, found[i]);
		json_decref(found[i]);
	}
	if (!paged)
		*more = kept > first + (size_t)q->limit;
	free(found);
	*out = page;
	return ERR_OK;
}

/* reviews.c — one review per fulfilled appointment (see reviews.h). The
 * appointment id is the review's key, so "once" is the store's rule. */
#include "reviews.h"
#include "audit.h"
#include "tx.h"
#include "../core/instant.h"
#include "../db/db.h"

#include <stdio.h>
#include <string.h>

struct visit {
	char doctor[ID_LEN + 1];
	char status[16];
};

static enum err own_visit(struct db *db, const struct principal *who, const char *id,
			  struct visit *v)
{
	if (!id_valid(id))
		return ERR_NOT_FOUND;
	struct db_stmt *st = db_prepare(db,
		"SELECT doctor_id, status FROM appointments WHERE id = ? AND patient_id = ?");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, who->user_id);
	enum db_rc rc = db_step(st);
	if (rc == DB_ROW) {
		snprintf(v->doctor, sizeof(v->doctor), "%s", db_column_text(st, 0));
		snprintf(v->status, sizeof(v->status), "%s", db_column_text(st, 1));
	}
	db_finalize(st);
	return rc == DB_ROW ? ERR_OK : rc == DB_DONE ? ERR_NOT_FOUND : ERR_DB;
}

static enum err add_to_average(struct db *db, const char *doctor_id, int64_t sum,
			       int64_t count, int64_t now_ms)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO doctor_profiles (user_id, rating_sum, rating_count, updated_at)"
		" VALUES (?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET"
		" rating_sum = doctor_profiles.rating_sum + excluded.rating_sum,"
		" rating_count = doctor_profiles.rating_count + excluded.rating_count");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, doctor_id);
	db_bind_int64(st, 2, sum);
	db_bind_int64(st, 3, count);
	db_bind_int64(st, 4, now_ms);
	enum db_rc rc = db_step(st);
	db_finalize(st);
	return rc == DB_DONE ? ERR_OK : ERR_DB;
}

static enum err store(struct db *db, const struct principal *who, const char *id,
		      const struct visit *v, int rating, const char *comment, int64_t now_ms)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO reviews (appointment_id, doctor_id, patient_id, rating, comment,"
		" created_at) VALUES (?, ?, ?, ?, ?, ?)");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, v->doctor);
	db_bind_text(st, 3, who->user_id);
	db_bind_int64(st, 4, rating);
	db_bind_text(st, 5, comment ? comment : "");
	db_bind_int64(st, 6, now_ms);
	enum db_rc rc = db_step(st);
	db_finalize(st);
	if (rc != DB_DONE)
		return rc == DB_CONSTRAINT ? ERR_CONFLICT : ERR_DB;
	return add_to_average(db, v->doctor, rating, 1, now_ms);
}

enum err reviews_add(struct db *db, const struct principal *who,
		     const char *appointment_id, int rating, const char *comment,
		     int64_t now_ms, json_t **out)
{
	*out = NULL;
	struct visit v;
	enum err e = own_visit(db, who, appointment_id, &v);
	if (e)
		return e;
	if (strcmp(v.status, "fulfilled") != 0)
		return ERR_CONFLICT;
	if (db_begin(db) != DB_OK)
		return ERR_DB;
	e = store(db, who, appointment_id, &v, rating, comment, now_ms);
	if (!e)
		e = audit_append(db, who, "review.add", v.doctor,
				 json_pack("{s:s}", "appointment_id", appointment_id), now_ms);
	e = tx_end(db, e);
	if (e)
		return e;
	char at[INSTANT_TEXT_MAX];
	instant_format(now_ms, at);
	*out = json_pack("{s:s,s:i,s:s,s:s}", "appointment_id", appointment_id, "rating",
			 rating, "comment", comment ? comment : "", "created_at", at);
	return ERR_OK;
}

/* "Maria Santos" → "Maria": reviews never name the patient in full. */
static void first_name(const char *full, char *out, size_t n)
{
	size_t len = strcspn(full, " ");
	snprintf(out, n, "%.*s", (int)len, full);
}

enum err reviews_of_doctor(struct db *db, const char *doctor_id, int limit,
			   json_t **out)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT r.rating, r.comment, r.created_at, u.full_name FROM reviews r"
		" JOIN users u ON u.id = r.patient_id WHERE r.doctor_id = ?"
		" ORDER BY r.created_at DESC LIMIT ?");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, doctor_id);
	db_bind_int64(st, 2, limit);
	json_t *list = json_array();
	enum db_rc rc;
	while ((rc = db_step(st)) == DB_ROW) {
		char at[INSTANT_TEXT_MAX], name[64];
		instant_format(db_column_int64(st, 2), at);
		first_name(db_column_text(st, 3), name, sizeof(name));
		json_array_append_new(list, json_pack("{s:I,s:s,s:s,s:s}", "rating",
			(json_int_t)db_column_int64(st, 0), "comment", db_column_text(st, 1),
			"created_at", at, "by", name));
	}
	db_finalize(st);
	if (rc != DB_DONE) {
		json_decref(list);
		return ERR_DB;
	}
	*out = list;
	return ERR_OK;
}

enum err reviews_add_prior(struct db *db, const char *doctor_id, int64_t sum, int64_t count,
			   int64_t now_ms)
{
	if (count < 0 || sum < count || sum > 5 * count)
		return ERR_INVALID_VALUE;
	return add_to_average(db, doctor_id, sum, count, now_ms);
}

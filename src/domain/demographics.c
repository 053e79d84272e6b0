/* demographics.c — a patient's date of birth, sex and country (see
 * demographics.h): one optional row per patient. */
#include "demographics.h"
#include "audit.h"
#include "tx.h"
#include "../core/instant.h"
#include "../db/db.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define DAY_MS 86400000LL

enum err demographics_of(struct db *db, const char *user_id, json_t **out)
{
	*out = NULL;
	struct db_stmt *st = db_prepare(db, "SELECT birth_date, sex, country FROM"
					" patient_demographics WHERE user_id = ?");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, user_id);
	enum db_rc rc = db_step(st);
	const char *v[3] = {NULL, NULL, NULL};
	for (int i = 0; rc == DB_ROW && i < 3; i++)
		v[i] = db_column_is_null(st, i) ? NULL : db_column_text(st, i);
	*out = json_pack("{s:s?,s:s?,s:s?}", "birth_date", v[0], "sex", v[1], "country", v[2]);
	db_finalize(st);
	return rc == DB_ROW || rc == DB_DONE ? ERR_OK : ERR_DB;
}

enum err demographics_get(struct db *db, const struct principal *who, json_t **out)
{
	*out = NULL;
	return who->role == ROLE_PATIENT ? demographics_of(db, who->user_id, out) : ERR_FORBIDDEN;
}

static bool date_ok(const char *s, int64_t now_ms)
{
	int64_t day;
	return strlen(s) == 10 && instant_parse_date(s, &day) == 0 &&
	       day >= instant_days_from_civil(1900, 1, 1) && day <= now_ms / DAY_MS;
}

static bool country_ok(const char *s)
{
	return strlen(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z';
}

/* The field's text, or NULL when absent or null; *bad when of another type. */
static const char *field(const json_t *in, const char *key, bool *bad)
{
	const json_t *v = json_object_get(in, key);
	if (v && !json_is_null(v) && !json_is_string(v))
		*bad = true;
	return json_string_value(v);
}

enum err demographics_set(struct db *db, const struct principal *who, const json_t *in,
			  int64_t now_ms, json_t **out, char *msg, size_t msglen)
{
	*out = NULL;
	if (who->role != ROLE_PATIENT)
		return ERR_FORBIDDEN;
	bool bad = false;
	const char *birth = field(in, "birth_date", &bad), *sex = field(in, "sex", &bad),
		   *country = field(in, "country", &bad);
	if (bad || (birth && !date_ok(birth, now_ms))) {
		snprintf(msg, msglen, "birth_date: a day YYYY-MM-DD from 1900-01-01 to today");
		return ERR_INVALID_VALUE;
	}
	if (sex && strcmp(sex, "female") && strcmp(sex, "male") && strcmp(sex, "other")) {
		snprintf(msg, msglen, "sex: female, male or other");
		return ERR_INVALID_VALUE;
	}
	if (country && !country_ok(country)) {
		snprintf(msg, msglen, "country: two capital letters (ISO 3166-1), e.g. PT");
		return ERR_INVALID_VALUE;
	}
	if (db_begin(db) != DB_OK)
		return ERR_DB;
	struct db_stmt *st = db_prepare(db, "DELETE FROM patient_demographics WHERE user_id = ?");
	enum err e = st ? ERR_OK : ERR_DB;
	if (st) {
		db_bind_text(st, 1, who->user_id);
		e = db_step(st) == DB_DONE ? ERR_OK : ERR_DB;
		db_finalize(st);
	}
	st = e ? NULL : db_prepare(db, "INSERT INTO patient_demographics (user_id, birth_date,"
				   " sex, country, updated_at) VALUES (?, ?, ?, ?, ?)");
	if (!e && !st)
		e = ERR_DB;
	if (st) {
		const char *v[] = {who->user_id, birth, sex, country};
		for (int i = 0; i < 4; i++)
			v[i] ? db_bind_text(st, i + 1, v[i]) : db_bind_null(st, i + 1);
		db_bind_int64(st, 5, now_ms);
		e = db_step(st) == DB_DONE ? ERR_OK : ERR_DB;
		db_finalize(st);
	}
	if (!e)
		e = audit_append_patient(db, who, "demographics.update", who->user_id, who->user_id,
				 json_pack("{s:[sss]}", "fields", "birth_date", "sex", "country"),
				 now_ms);
	e = tx_end(db, e);
	return e ? e : demographics_of(db, who->user_id, out);
}

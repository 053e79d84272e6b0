/* call_quality.c — call-quality summaries (see call_quality.h). The figures
 * are kept as the canonical JSON text of the checked object. */
#include "call_quality.h"
#include "parties.h"
#include "tx.h"
#include "../core/instant.h"
#include "../db/db.h"

#include <stdlib.h>
#include <string.h>

static int count_own(struct db *db, const char *appointment_id, const char *user_id)
{
	struct db_stmt *st = db_prepare(db, "SELECT COUNT(*) FROM call_quality"
					    " WHERE appointment_id = ? AND user_id = ?");
	if (!st)
		return -1;
	db_bind_text(st, 1, appointment_id);
	db_bind_text(st, 2, user_id);
	int n = db_step(st) == DB_ROW ? (int)db_column_int64(st, 0) : -1;
	db_finalize(st);
	return n;
}

static enum err store(struct db *db, const char *appointment_id, const char *user_id,
		      const char *role, const char *figures, int64_t now_ms)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO call_quality (id, appointment_id, user_id, role, created_at, figures)"
		" VALUES (?, ?, ?, ?, ?, ?)");
	if (!st)
		return ERR_DB;
	char id[ID_LEN + 1];
	id_new(id);
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, appointment_id);
	db_bind_text(st, 3, user_id);
	db_bind_text(st, 4, role);
	db_bind_int64(st, 5, now_ms);
	db_bind_text(st, 6, figures);
	enum db_rc rc = db_step(st);
	db_finalize(st);
	return rc == DB_DONE ? ERR_OK : ERR_DB;
}

static enum err parties_of(struct db *db, const char *appointment_id, struct appt_parties *p)
{
	return id_valid(appointment_id) ? appointment_parties(db, appointment_id, p)
					: ERR_NOT_FOUND;
}

enum err call_quality_add(struct db *db, const struct principal *who,
			  const char *appointment_id, const json_t *figures, int64_t now_ms)
{
	struct appt_parties p;
	enum err e = parties_of(db, appointment_id, &p);
	if (e)
		return e;
	const char *role = strcmp(who->user_id, p.patient.id) == 0 ? "patient"
		: strcmp(who->user_id, p.doctor.id) == 0 ? "doctor" : NULL;
	if (!role)
		return ERR_NOT_FOUND;
	char *text = json_dumps(figures, JSON_COMPACT | JSON_SORT_KEYS);
	if (!text)
		return ERR_INTERNAL;
	/* the count and the insert in one write transaction: two posts at once
	 * cannot both take the last place */
	if (db_begin(db) != DB_OK) {
		free(text);
		return ERR_DB;
	}
	int n = count_own(db, appointment_id, who->user_id);
	e = n < 0 ? ERR_DB
		: n >= CALL_QUALITY_MAX_PER_PARTICIPANT ? ERR_CONFLICT
		: store(db, appointment_id, who->user_id, role, text, now_ms);
	free(text);
	return tx_end(db, e);
}

enum err call_quality_list(struct db *db, const struct principal *who,
			   const char *appointment_id, json_t **out)
{
	*out = NULL;
	struct appt_parties p;
	enum err e = parties_of(db, appointment_id, &p);
	if (e)
		return e;
	if (who->role != ROLE_ADMIN && strcmp(who->user_id, p.doctor.id) != 0)
		return ERR_NOT_FOUND;
	struct db_stmt *st = db_prepare(db,
		"SELECT role, created_at, figures FROM call_quality WHERE appointment_id = ?"
		" ORDER BY created_at, role");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, appointment_id);
	json_t *list = json_array();
	enum db_rc rc;
	while ((rc = db_step(st)) == DB_ROW) {
		char at[INSTANT_TEXT_MAX];
		instant_format(db_column_int64(st, 1), at);
		json_t *figures = json_loads(db_column_text(st, 2), 0, NULL);
		json_array_append_new(list, json_pack("{s:s,s:s,s:o}", "role", db_column_text(st, 0),
						      "created_at", at, "figures",
						      figures ? figures : json_object()));
	}
	db_finalize(st);
	if (rc != DB_DONE) {
		json_decref(list);
		return ERR_DB;
	}
	*out = json_pack("{s:o}", "summaries", list);
	return ERR_OK;
}

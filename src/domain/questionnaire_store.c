/* questionnaire_store.c — questionnaire versions in the store (see
 * questionnaire.h). A version is a row that is never updated; its owner is
 * 'clinic' or a doctor's id, and (owner, version) is unique, so of two
 * editors racing for the same number the store keeps one. */
#include "questionnaire.h"
#include "accounts.h"
#include "audit.h"
#include "tx.h"
#include "../core/instant.h"
#include "../db/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CLINIC "clinic"

struct version {
	char id[ID_LEN + 1];
	int64_t number, created_at;
	json_t *items; /* owned */
};

/* The newest version of owner's questionnaire: ERR_OK, ERR_NOT_FOUND when
 * there is none, or ERR_DB. */
static enum err latest(struct db *db, const char *owner, struct version *v)
{
	memset(v, 0, sizeof(*v));
	struct db_stmt *st = db_prepare(db, "SELECT id, version, items, created_at FROM questionnaires"
					    " WHERE owner = ? ORDER BY version DESC LIMIT 1");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, owner);
	enum db_rc rc = db_step(st);
	if (rc == DB_ROW) {
		snprintf(v->id, sizeof(v->id), "%s", db_column_text(st, 0));
		v->number = db_column_int64(st, 1);
		v->items = json_loads(db_column_text(st, 2), 0, NULL);
		v->created_at = db_column_int64(st, 3);
	}
	db_finalize(st);
	if (rc == DB_ROW && !v->items)
		return ERR_INTERNAL;
	return rc == DB_ROW ? ERR_OK : rc == DB_DONE ? ERR_NOT_FOUND : ERR_DB;
}

/* The version in force for doctor_id (NULL: the clinic's); *source says
 * whose it is. ERR_NOT_FOUND when neither has one. */
static enum err in_force(struct db *db, const char *doctor_id, struct version *v,
			 const char **source)
{
	enum err e = ERR_NOT_FOUND;
	*source = "none";
	if (doctor_id && (e = latest(db, doctor_id, v)) == ERR_OK)
		*source = "doctor";
	if (e == ERR_NOT_FOUND && (e = latest(db, CLINIC, v)) == ERR_OK)
		*source = "clinic";
	return e;
}

static json_t *version_json(const struct version *v, const char *source)
{
	if (strcmp(source, "none") == 0)
		return json_pack("{s:n,s:n,s:s,s:[],s:n}", "id", "version", "source", "none",
				 "items", "updated_at");
	char at[INSTANT_TEXT_MAX];
	instant_format(v->created_at, at);
	return json_pack("{s:s,s:I,s:s,s:O,s:s}", "id", v->id, "version", (json_int_t)v->number,
			 "source", source, "items", v->items, "updated_at", at);
}

enum err questionnaire_get(struct db *db, const char *doctor_id, json_t **out)
{
	*out = NULL;
	enum err e = doctor_id ? accounts_find_doctor(db, doctor_id, false) : ERR_OK;
	if (e)
		return e;
	struct version v;
	const char *source;
	e = in_force(db, doctor_id, &v, &source);
	if (e == ERR_OK || e == ERR_NOT_FOUND)
		*out = version_json(&v, source);
	json_decref(v.items);
	return e == ERR_NOT_FOUND ? ERR_OK : e;
}

/* The next version of doctor_id's questionnaire (NULL: the clinic's). */
static enum err insert(struct db *db, const struct principal *who, const char *doctor_id,
		       const json_t *items, int64_t now_ms)
{
	const char *owner = doctor_id ? doctor_id : CLINIC;
	struct version v;
	enum err e = latest(db, owner, &v);
	json_decref(v.items);
	if (e && e != ERR_NOT_FOUND)
		return e;
	struct db_stmt *st = db_prepare(db, "INSERT INTO questionnaires (id, owner, version, items,"
					    " created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)");
	if (!st)
		return ERR_DB;
	char id[ID_LEN + 1];
	id_new(id);
	char *text = json_dumps(items, JSON_COMPACT);
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, owner);
	db_bind_int64(st, 3, v.number + 1);
	db_bind_text(st, 4, text);
	db_bind_int64(st, 5, now_ms);
	db_bind_text(st, 6, who->user_id);
	enum db_rc rc = db_step(st);
	db_finalize(st);
	free(text);
	if (rc != DB_DONE)
		return rc == DB_CONSTRAINT ? ERR_CONFLICT : ERR_DB;
	return audit_append(db, who, "questionnaire.update", doctor_id,
			    json_pack("{s:s,s:I,s:i}", "questionnaire_id", id, "version",
				      (json_int_t)(v.number + 1), "items", (int)json_array_size(items)),
			    now_ms);
}

static enum err may_edit(struct db *db, const struct principal *who, const char *doctor_id)
{
	if (!doctor_id)
		return who->role == ROLE_ADMIN ? ERR_OK : ERR_FORBIDDEN;
	enum err e = accounts_find_doctor(db, doctor_id, false);
	if (e)
		return e;
	return who->role == ROLE_DOCTOR && strcmp(who->user_id, doctor_id) == 0 ? ERR_OK
										 : ERR_FORBIDDEN;
}

enum err questionnaire_set(struct db *db, const struct principal *who,
			   const char *doctor_id, const json_t *body,
			   int64_t now_ms, json_t **out, char *msg, size_t msglen)
{
	*out = NULL;
	enum err e = may_edit(db, who, doctor_id);
	if (e)
		return e;
	json_t *items;
	e = questionnaire_parse(body, &items, msg, msglen);
	if (e)
		return e;
	if (db_begin(db) != DB_OK) {
		json_decref(items);
		return ERR_DB;
	}
	e = tx_end(db, insert(db, who, doctor_id, items, now_ms));
	json_decref(items);
	if (e == ERR_CONFLICT)
		snprintf(msg, msglen, "Someone saved another version at the same moment; try again");
	return e ? e : questionnaire_get(db, doctor_id, out);
}

enum err questionnaire_answer(struct db *db, const char *doctor_id,
			      const json_t *answers, char id_out[ID_LEN + 1],
			      json_t **clean, char *msg, size_t msglen)
{
	*clean = NULL;
	*id_out = '\0';
	struct version v;
	const char *source;
	enum err e = in_force(db, doctor_id, &v, &source);
	if (e == ERR_OK || e == ERR_NOT_FOUND)
		e = questionnaire_check(v.items, answers, clean, msg, msglen);
	if (!e && v.items)
		snprintf(id_out, ID_LEN + 1, "%s", v.id);
	json_decref(v.items);
	return e;
}

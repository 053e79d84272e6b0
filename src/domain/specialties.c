/* specialties.c — the specialties list and its administration (see
 * specialties.h). */
#include "specialties.h"
#include "audit.h"
#include "tx.h"
#include "../core/jsonx.h"
#include "../db/db.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define ID_MIN 2
#define ID_MAX 40
#define NAME_MIN 2
#define NAME_MAX 64

enum err specialties_list(struct db *db, json_t **out)
{
	struct db_stmt *st = db_prepare(db, "SELECT id, name FROM specialties ORDER BY name");
	if (!st)
		return ERR_DB;
	json_t *list = json_array();
	while (db_step(st) == DB_ROW)
		json_array_append_new(list, json_pack("{s:s,s:s}", "id", db_column_text(st, 0),
						      "name", db_column_text(st, 1)));
	db_finalize(st);
	*out = list;
	return ERR_OK;
}

/* Hyphenated words of a-z and 0-9: "general-practice", "ent". */
static bool id_ok(const char *id)
{
	size_t n = strlen(id);
	if (n < ID_MIN || n > ID_MAX || id[0] == '-' || id[n - 1] == '-')
		return false;
	for (const char *c = id; *c; c++) {
		bool word = (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9');
		if (!word && !(*c == '-' && c[1] != '-'))
			return false;
	}
	return true;
}

/* A name is shown as it is typed: no control characters, no blanks at
 * either end. */
static bool name_ok(const char *name)
{
	size_t points = jsonx_utf8_length(name), n = strlen(name);
	if (points < NAME_MIN || points > NAME_MAX || name[0] == ' ' || name[n - 1] == ' ')
		return false;
	for (const unsigned char *c = (const unsigned char *)name; *c; c++)
		if (*c < 0x20 || *c == 0x7f)
			return false;
	return true;
}

/* ERR_OK when the name is free (but for the entry id itself). */
static enum err name_free(struct db *db, const char *name, const char *id)
{
	struct db_stmt *st = db_prepare(db, "SELECT 1 FROM specialties"
					" WHERE lower(name) = lower(?) AND id <> ?");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, name);
	db_bind_text(st, 2, id);
	enum db_rc rc = db_step(st);
	db_finalize(st);
	return rc == DB_DONE ? ERR_OK : rc == DB_ROW ? ERR_CONFLICT : ERR_DB;
}

/* Checks what every change checks: an administrator, then the name. */
static enum err check(const struct principal *who, const char *name, char *msg,
		      size_t msglen)
{
	if (who->role != ROLE_ADMIN)
		return ERR_FORBIDDEN;
	if (name && !name_ok(name)) {
		snprintf(msg, msglen, "name: %d to %d characters, without blanks at either end",
			 NAME_MIN, NAME_MAX);
		return ERR_INVALID_VALUE;
	}
	return ERR_OK;
}

/* Runs sql binding a (and b unless NULL): ERR_OK when it changed a row,
 * ERR_NOT_FOUND when none, ERR_CONFLICT when a constraint refused it. */
static enum err run(struct db *db, const char *sql, const char *a, const char *b)
{
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, a);
	if (b)
		db_bind_text(st, 2, b);
	enum db_rc rc = db_step(st);
	db_finalize(st);
	return rc == DB_CONSTRAINT ? ERR_CONFLICT
		: rc != DB_DONE ? ERR_DB
		: db_changes(db) == 0 ? ERR_NOT_FOUND : ERR_OK;
}

/* Adds or renames (sql binds a then b) in a transaction with its audit
 * event; the name must be free. *out gets {id, name}. */
static enum err save(struct db *db, const struct principal *who, const char *sql,
		      const char *a, const char *b, const char *action, const char *id,
		      const char *name, int64_t now_ms, json_t **out, char *msg,
		      size_t msglen)
{
	*out = NULL;
	if (db_begin(db) != DB_OK)
		return ERR_DB;
	enum err e = name_free(db, name, id);
	if (!e)
		e = run(db, sql, a, b);
	if (e == ERR_CONFLICT)
		snprintf(msg, msglen, "A specialty with that id or name exists");
	if (!e)
		e = audit_append(db, who, action, id, json_pack("{s:s}", "name", name), now_ms);
	e = tx_end(db, e);
	if (!e)
		*out = json_pack("{s:s,s:s}", "id", id, "name", name);
	return e;
}

enum err specialties_add(struct db *db, const struct principal *who, const char *id,
			 const char *name, int64_t now_ms, json_t **out, char *msg,
			 size_t msglen)
{
	*out = NULL;
	enum err e = check(who, name, msg, msglen);
	if (!e && !id_ok(id)) {
		snprintf(msg, msglen, "id: %d to %d lower-case letters and digits, words"
			 " joined by single hyphens", ID_MIN, ID_MAX);
		e = ERR_INVALID_VALUE;
	}
	return e ? e : save(db, who, "INSERT INTO specialties (id, name) VALUES (?, ?)", id,
			     name, "specialty.add", id, name, now_ms, out, msg, msglen);
}

enum err specialties_rename(struct db *db, const struct principal *who, const char *id,
			    const char *name, int64_t now_ms, json_t **out, char *msg,
			    size_t msglen)
{
	*out = NULL;
	enum err e = check(who, name, msg, msglen);
	return e ? e : save(db, who, "UPDATE specialties SET name = ? WHERE id = ?", name, id,
			     "specialty.rename", id, name, now_ms, out, msg, msglen);
}

/* How many doctors' profiles and drop-in requests name id; -1 on error. */
static int64_t uses(struct db *db, const char *id)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT (SELECT count(*) FROM doctor_profiles WHERE specialty_id = ?)"
		" + (SELECT count(*) FROM dropin_entries WHERE specialty_id = ?)");
	if (!st)
		return -1;
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, id);
	int64_t n = db_step(st) == DB_ROW ? db_column_int64(st, 0) : -1;
	db_finalize(st);
	return n;
}

enum err specialties_remove(struct db *db, const struct principal *who, const char *id,
			    int64_t now_ms, char *msg, size_t msglen)
{
	enum err e = check(who, NULL, msg, msglen);
	if (e)
		return e;
	if (db_begin(db) != DB_OK)
		return ERR_DB;
	int64_t n = uses(db, id);
	e = n < 0 ? ERR_DB : n > 0 ? ERR_CONFLICT : ERR_OK;
	if (e == ERR_CONFLICT)
		snprintf(msg, msglen, "In use (doctor profiles and drop-in requests naming"
			 " it: %lld)", (long long)n);
	if (!e) {
		e = run(db, "DELETE FROM symptom_specialties WHERE specialty_id = ?", id, NULL);
		if (e == ERR_NOT_FOUND) /* no symptom word pointed to it */
			e = ERR_OK;
	}
	if (!e)
		e = run(db, "DELETE FROM specialties WHERE id = ?", id, NULL);
	if (!e)
		e = audit_append(db, who, "specialty.remove", id, NULL, now_ms);
	return tx_end(db, e);
}

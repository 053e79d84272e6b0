/* thresholds.c — doctors' limits for a patient's vital signs (see
 * thresholds.h). A set is one sealed JSON object {"items":[{"code","above",
 * "below"}]} per doctor and patient; a set left empty is deleted. */
#include "thresholds.h"
#include "audit.h"
#include "care.h"
#include "record_int.h"
#include "sealed.h"
#include "vital_codes.h"
#include "../core/mem.h"
#include "../db/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *limit_json(bool has, double v)
{
	return has ? json_real(v) : json_null();
}

/* Checks one item (i of in) against the ones before it. */
static enum err check_item(const struct threshold_in *in, size_t i, char *msg, size_t msglen)
{
	const struct threshold_in *t = &in[i];
	const struct vital_code *c = vital_code_find(t->code);
	if (!c)
		return record__bad(msg, msglen, "items[%zu]: unknown code", i);
	for (size_t j = 0; j < i; j++)
		if (strcmp(in[j].code, t->code) == 0)
			return record__bad(msg, msglen, "items[%zu]: %s is given twice", i, t->code);
	if ((t->has_above && !vital_code_plausible(c, t->above)) ||
	    (t->has_below && !vital_code_plausible(c, t->below)))
		return record__bad(msg, msglen, "items[%zu]: limits of %s lie from %g to %g", i,
				   t->code, c->min, c->max);
	if (t->has_above && t->has_below && t->below >= t->above)
		return record__bad(msg, msglen, "items[%zu]: below must be under above", i);
	return ERR_OK;
}

/* The checked set of in[0..n) as a new JSON array, or NULL (msg). */
static json_t *checked_set(const struct threshold_in *in, size_t n, char *msg, size_t msglen)
{
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		if (check_item(in, i, msg, msglen)) {
			json_decref(items);
			return NULL;
		}
		if (in[i].has_above || in[i].has_below)
			json_array_append_new(items, json_pack("{s:s,s:o,s:o}", "code", in[i].code,
				"above", limit_json(in[i].has_above, in[i].above), "below",
				limit_json(in[i].has_below, in[i].below)));
	}
	return items;
}

/* The caller is a doctor caring for patient_id, else ERR_NOT_FOUND. */
static enum err may_set(const struct record_ctx *ctx, const char *patient_id)
{
	if (ctx->who->role != ROLE_DOCTOR)
		return ERR_NOT_FOUND;
	return care_relationship(ctx->db, ctx->who->user_id, patient_id);
}

static enum err write_set(const struct record_ctx *ctx, const char *patient_id, json_t *items)
{
	struct db_stmt *st = db_prepare(ctx->db,
		"DELETE FROM vital_thresholds WHERE patient_id = ? AND doctor_id = ?");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, patient_id);
	db_bind_text(st, 2, ctx->who->user_id);
	enum db_rc rc = db_step(st);
	db_finalize(st);
	if (rc != DB_DONE)
		return ERR_DB;
	if (json_array_size(items) == 0)
		return ERR_OK;
	st = db_prepare(ctx->db, "INSERT INTO vital_thresholds (id, patient_id, doctor_id, body,"
		" updated_at) VALUES (?, ?, ?, ?, ?)");
	if (!st)
		return ERR_DB;
	char id[ID_LEN + 1];
	id_new(id);
	json_t *body = json_pack("{s:O}", "items", items);
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, patient_id);
	db_bind_text(st, 3, ctx->who->user_id);
	record__bind_json(st, 4, ctx, &SEALED_THRESHOLDS_BODY, id, body);
	db_bind_int64(st, 5, ctx->now_ms);
	json_decref(body);
	rc = db_step(st);
	db_finalize(st);
	return rc == DB_DONE ? ERR_OK : ERR_DB;
}

enum err thresholds_put(const struct record_ctx *ctx, const char *patient_id,
			const struct threshold_in *items, size_t n, char *msg, size_t msglen,
			json_t **out)
{
	*out = NULL;
	json_t *set = checked_set(items, n, msg, msglen);
	if (!set)
		return ERR_BAD_REQUEST;
	if (db_begin(ctx->db) != DB_OK) {
		json_decref(set);
		return ERR_DB;
	}
	enum err e = may_set(ctx, patient_id);
	if (!e)
		e = write_set(ctx, patient_id, set);
	if (!e)
		e = audit_append(ctx->db, ctx->who, "threshold.set", patient_id,
				 json_pack("{s:I}", "count", (json_int_t)json_array_size(set)),
				 ctx->now_ms);
	*out = json_pack("{s:o}", "items", set);
	return record__end(ctx, e, out);
}

/* The sets of patient_id (of one doctor when doctor_id is not NULL) whose
 * doctor cares for the patient. */
static enum err load_sets(const struct record_ctx *ctx, const char *patient_id,
			  const char *doctor_id, struct threshold_set **sets, size_t *n)
{
	*sets = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(ctx->db, "SELECT t.id, t.doctor_id, d.full_name, t.body"
		" FROM vital_thresholds t JOIN users d ON d.id = t.doctor_id WHERE t.patient_id = ?"
		" AND (? = '' OR t.doctor_id = ?) ORDER BY d.full_name, t.doctor_id");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, patient_id);
	db_bind_text(st, 2, doctor_id ? doctor_id : "");
	db_bind_text(st, 3, doctor_id ? doctor_id : "");
	enum db_rc rc;
	enum err e = ERR_OK;
	while (!e && (rc = db_step(st)) == DB_ROW) {
		struct threshold_set s = {.doctor.role = "doctor"};
		snprintf(s.doctor.id, sizeof(s.doctor.id), "%s", db_column_text(st, 1));
		snprintf(s.doctor.name, sizeof(s.doctor.name), "%s", db_column_text(st, 2));
		json_t *body = record__read_json(st, 3, ctx, &SEALED_THRESHOLDS_BODY,
						 db_column_text(st, 0));
		s.items = json_incref(json_object_get(body, "items"));
		json_decref(body);
		e = json_is_array(s.items) ? care_relationship(ctx->db, s.doctor.id, patient_id)
					   : ERR_INTERNAL;
		if (!e) {
			*sets = mem_realloc(*sets, (*n + 1) * sizeof(**sets));
			(*sets)[(*n)++] = s;
		} else {
			json_decref(s.items);
		}
		if (e == ERR_NOT_FOUND) /* no longer their doctor: the set sleeps */
			e = ERR_OK;
	}
	db_finalize(st);
	if (!e && rc != DB_DONE)
		e = ERR_DB;
	if (e)
		thresholds_free(*sets, *n);
	return e;
}

enum err thresholds_of_patient(const struct record_ctx *ctx, const char *patient_id,
			       struct threshold_set **sets, size_t *n)
{
	return load_sets(ctx, patient_id, NULL, sets, n);
}

void thresholds_free(struct threshold_set *sets, size_t n)
{
	for (size_t i = 0; sets && i < n; i++)
		json_decref(sets[i].items);
	free(sets);
}

enum err thresholds_get(const struct record_ctx *ctx, const char *patient_id, json_t **out)
{
	*out = NULL;
	struct threshold_set *sets = NULL;
	size_t n = 0;
	enum err e = may_set(ctx, patient_id);
	if (!e)
		e = load_sets(ctx, patient_id, ctx->who->user_id, &sets, &n);
	if (e)
		return e;
	json_t *items = n ? json_incref(sets[0].items) : json_array();
	thresholds_free(sets, n);
	return record__read_audited(ctx, "threshold.read", patient_id, items, out);
}

enum err thresholds_mine(const struct record_ctx *ctx, json_t **out)
{
	*out = NULL;
	if (ctx->who->role != ROLE_PATIENT)
		return ERR_FORBIDDEN;
	struct threshold_set *sets = NULL;
	size_t n = 0;
	enum err e = load_sets(ctx, ctx->who->user_id, NULL, &sets, &n);
	if (e)
		return e;
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		size_t j;
		json_t *t;
		json_array_foreach(sets[i].items, j, t) {
			json_t *one = json_pack("{s:o}", "doctor", record__person(&sets[i].doctor));
			json_object_update(one, t);
			json_array_append_new(items, one);
		}
	}
	thresholds_free(sets, n);
	return record__read_audited(ctx, "threshold.read", ctx->who->user_id, items, out);
}

/* vital_alerts.c — raising, listing and acknowledging alerts (see
 * vital_alerts.h). An alert's value and threshold are one sealed JSON
 * object {"value","above","below"}; who, which code and when stay clear
 * for the indexes. */
#include "vital_alerts.h"
#include "audit.h"
#include "consent.h"
#include "record_int.h"
#include "sealed.h"
#include "../core/mem.h"
#include "../db/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An alert as stored. */
struct alert_row {
	char id[ID_LEN + 1];
	struct party doctor, patient;
	const struct vital_code *code;
	int64_t at_ms, acknowledged_ms;
	json_t *body; /* {"value","above","below"}; borrowed */
};

static json_t *alert_json(const struct alert_row *a)
{
	return json_pack("{s:s,s:o,s:o,s:s,s:O,s:s,s:o,s:{s:O,s:O},s:o}", "id", a->id, "patient",
		record__person(&a->patient), "doctor", record__person(&a->doctor), "code",
		a->code->code, "value", json_object_get(a->body, "value"), "unit", a->code->unit,
		"at", record__instant(a->at_ms), "threshold", "above",
		json_object_get(a->body, "above"), "below", json_object_get(a->body, "below"),
		"acknowledged_at", record__instant(a->acknowledged_ms));
}

/* The patient's name into p. */
static enum err patient_of(const struct record_ctx *ctx, const char *patient_id,
			   struct party *p)
{
	struct db_stmt *st = db_prepare(ctx->db, "SELECT full_name FROM users WHERE id = ?");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, patient_id);
	enum db_rc rc = db_step(st);
	*p = (struct party){.role = "patient"};
	snprintf(p->id, sizeof(p->id), "%s", patient_id);
	if (rc == DB_ROW)
		snprintf(p->name, sizeof(p->name), "%s", db_column_text(st, 0));
	db_finalize(st);
	return rc == DB_ROW ? ERR_OK : rc == DB_DONE ? ERR_NOT_FOUND : ERR_DB;
}

enum err vital_alerts_watch(const struct record_ctx *ctx, const char *patient_id,
			    struct vital_watch *w)
{
	memset(w, 0, sizeof(*w));
	enum err e = patient_of(ctx, patient_id, &w->patient);
	if (!e)
		e = thresholds_of_patient(ctx, patient_id, &w->sets, &w->n);
	if (e)
		return e;
	w->shared = mem_calloc(w->n ? w->n : 1, sizeof(*w->shared));
	for (size_t i = 0; i < w->n; i++)
		w->shared[i] = consent_active(ctx->db, patient_id, "share", w->sets[i].doctor.id);
	return ERR_OK;
}

void vital_alerts_unwatch(struct vital_watch *w)
{
	thresholds_free(w->sets, w->n);
	free(w->shared);
	memset(w, 0, sizeof(*w));
}

/* The limits of code in set items, or NULL when it has none. */
static json_t *limits_of(json_t *items, const char *code)
{
	size_t i;
	json_t *t;
	json_array_foreach(items, i, t)
		if (strcmp(json_string_value(json_object_get(t, "code")), code) == 0)
			return t;
	return NULL;
}

static bool crosses(const json_t *limits, double value)
{
	json_t *above = json_object_get(limits, "above"), *below = json_object_get(limits, "below");
	return (json_is_number(above) && value > json_number_value(above)) ||
	       (json_is_number(below) && value < json_number_value(below));
}

static enum err insert(const struct record_ctx *ctx, const struct alert_row *a,
		       const char *observation_id)
{
	struct db_stmt *st = db_prepare(ctx->db, "INSERT INTO vital_alerts (id, doctor_id,"
		" patient_id, observation_id, code, at, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, a->id);
	db_bind_text(st, 2, a->doctor.id);
	db_bind_text(st, 3, a->patient.id);
	db_bind_text(st, 4, observation_id);
	db_bind_text(st, 5, a->code->code);
	db_bind_int64(st, 6, a->at_ms);
	record__bind_json(st, 7, ctx, &SEALED_VITAL_ALERT_BODY, a->id, a->body);
	db_bind_int64(st, 8, ctx->now_ms);
	enum db_rc rc = db_step(st);
	db_finalize(st);
	if (rc != DB_DONE)
		return ERR_DB;
	return audit_append(ctx->db, ctx->who, "vital_alert.raise", a->patient.id,
			    json_pack("{s:s,s:s}", "alert_id", a->id, "doctor_id", a->doctor.id),
			    ctx->now_ms);
}

enum err vital_alerts_check(const struct record_ctx *ctx, const struct vital_watch *w,
			    const struct observation *o, json_t *alerts, json_t *notices)
{
	enum err e = ERR_OK;
	for (size_t i = 0; !e && i < w->n; i++) {
		json_t *limits = limits_of(w->sets[i].items, o->code->code);
		if (!limits || !crosses(limits, o->value))
			continue;
		struct alert_row a = {.doctor = w->sets[i].doctor, .patient = w->patient,
				      .code = o->code, .at_ms = o->at_ms};
		id_new(a.id);
		a.body = json_pack("{s:f,s:O,s:O}", "value", o->value, "above",
				   json_object_get(limits, "above"), "below",
				   json_object_get(limits, "below"));
		e = insert(ctx, &a, o->id);
		json_t *alert = e ? NULL : alert_json(&a);
		json_decref(a.body);
		if (!alert)
			continue;
		if (notices && w->shared[i])
			json_array_append_new(notices, json_pack("{s:s,s:{s:s,s:O}}", "user_id",
				a.doctor.id, "message", "type", "VITAL_ALERT", "alert", alert));
		json_array_append_new(alerts, alert);
	}
	return e;
}

/* "SELECT … FROM vital_alerts a …" with the columns read_row takes. */
#define ALERT_SELECT                                                              \
	"SELECT a.id, a.doctor_id, d.full_name, a.patient_id, p.full_name, a.code,"  \
	" a.at, a.body, a.acknowledged_at FROM vital_alerts a"                       \
	" JOIN users d ON d.id = a.doctor_id JOIN users p ON p.id = a.patient_id "

/* Fills a from st's row of ALERT_SELECT; a->body is new (json_decref it).
 * ERR_INTERNAL when it does not open. */
static enum err read_row(const struct record_ctx *ctx, struct db_stmt *st, struct alert_row *a)
{
	*a = (struct alert_row){.doctor.role = "doctor", .patient.role = "patient"};
	snprintf(a->id, sizeof(a->id), "%s", db_column_text(st, 0));
	snprintf(a->doctor.id, sizeof(a->doctor.id), "%s", db_column_text(st, 1));
	snprintf(a->doctor.name, sizeof(a->doctor.name), "%s", db_column_text(st, 2));
	snprintf(a->patient.id, sizeof(a->patient.id), "%s", db_column_text(st, 3));
	snprintf(a->patient.name, sizeof(a->patient.name), "%s", db_column_text(st, 4));
	a->code = vital_code_find(db_column_text(st, 5));
	a->at_ms = db_column_int64(st, 6);
	a->acknowledged_ms = db_column_is_null(st, 8) ? 0 : db_column_int64(st, 8);
	a->body = a->code ? record__read_json(st, 7, ctx, &SEALED_VITAL_ALERT_BODY, a->id) : NULL;
	return a->body ? ERR_OK : ERR_INTERNAL;
}

/* Which patients' consent the doctor has, remembered through one list. */
struct consent_memo {
	char (*ids)[ID_LEN + 1];
	bool *given;
	size_t n;
};

static bool memo_shared(const struct record_ctx *ctx, struct consent_memo *m,
			const char *patient_id)
{
	for (size_t i = 0; i < m->n; i++)
		if (strcmp(m->ids[i], patient_id) == 0)
			return m->given[i];
	m->ids = mem_realloc(m->ids, (m->n + 1) * sizeof(*m->ids));
	m->given = mem_realloc(m->given, (m->n + 1) * sizeof(*m->given));
	snprintf(m->ids[m->n], ID_LEN + 1, "%s", patient_id);
	m->given[m->n] = consent_active(ctx->db, patient_id, "share", ctx->who->user_id);
	return m->given[m->n++];
}

static enum err read_list(const struct record_ctx *ctx, bool doctor, bool open_only,
			  json_t *items)
{
	char sql[512];
	snprintf(sql, sizeof(sql), ALERT_SELECT "WHERE a.%s = ?%s ORDER BY a.created_at DESC,"
		 " a.id DESC LIMIT ?", doctor ? "doctor_id" : "patient_id",
		 open_only ? " AND a.acknowledged_at IS NULL" : "");
	struct db_stmt *st = db_prepare(ctx->db, sql);
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, ctx->who->user_id);
	db_bind_int64(st, 2, VITAL_ALERTS_LIST_MAX);
	struct consent_memo memo = {0};
	enum db_rc rc;
	enum err e = ERR_OK;
	while (!e && (rc = db_step(st)) == DB_ROW) {
		struct alert_row a;
		e = read_row(ctx, st, &a);
		if (!e && (!doctor || memo_shared(ctx, &memo, a.patient.id)))
			json_array_append_new(items, alert_json(&a));
		json_decref(a.body);
	}
	db_finalize(st);
	free(memo.ids);
	free(memo.given);
	return e ? e : rc == DB_DONE ? ERR_OK : ERR_DB;
}

enum err vital_alerts_list(const struct record_ctx *ctx, bool open_only, json_t **out)
{
	*out = NULL;
	enum role role = ctx->who->role;
	if (role != ROLE_DOCTOR && role != ROLE_PATIENT)
		return ERR_FORBIDDEN;
	json_t *items = json_array();
	enum err e = read_list(ctx, role == ROLE_DOCTOR, open_only, items);
	if (e) {
		json_decref(items);
		return e;
	}
	return record__read_audited(ctx, "vital_alert.read", NULL, items, out);
}

/* The alert id when the caller is its doctor and may see it. */
static enum err find_mine(const struct record_ctx *ctx, const char *id, struct alert_row *a)
{
	if (!id_valid(id))
		return ERR_NOT_FOUND;
	struct db_stmt *st = db_prepare(ctx->db, ALERT_SELECT "WHERE a.id = ?");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, id);
	enum db_rc rc = db_step(st);
	enum err e = rc == DB_ROW ? read_row(ctx, st, a) : rc == DB_DONE ? ERR_NOT_FOUND : ERR_DB;
	db_finalize(st);
	if (e)
		return e;
	const char *me = ctx->who->user_id;
	e = strcmp(a->patient.id, me) == 0 ? ERR_FORBIDDEN
		: strcmp(a->doctor.id, me) != 0 ? ERR_NOT_FOUND
		: !consent_active(ctx->db, a->patient.id, "share", me) ? ERR_NOT_FOUND
		: ERR_OK;
	if (e)
		json_decref(a->body);
	return e;
}

static enum err acknowledge(const struct record_ctx *ctx, struct alert_row *a)
{
	if (a->acknowledged_ms)
		return ERR_OK;
	struct db_stmt *st = db_prepare(ctx->db, "UPDATE vital_alerts SET acknowledged_at = ?"
		" WHERE id = ? AND acknowledged_at IS NULL");
	if (!st)
		return ERR_DB;
	db_bind_int64(st, 1, ctx->now_ms);
	db_bind_text(st, 2, a->id);
	enum db_rc rc = db_step(st);
	db_finalize(st);
	if (rc != DB_DONE)
		return ERR_DB;
	a->acknowledged_ms = ctx->now_ms;
	return audit_append(ctx->db, ctx->who, "vital_alert.acknowledge", a->patient.id,
			    json_pack("{s:s}", "alert_id", a->id), ctx->now_ms);
}

enum err vital_alerts_acknowledge(const struct record_ctx *ctx, const char *id, json_t **out)
{
	*out = NULL;
	if (db_begin(ctx->db) != DB_OK)
		return ERR_DB;
	struct alert_row a;
	enum err e = find_mine(ctx, id, &a);
	if (!e) {
		e = acknowledge(ctx, &a);
		if (!e)
			*out = alert_json(&a);
		json_decref(a.body);
	}
	return record__end(ctx, e, out);
}

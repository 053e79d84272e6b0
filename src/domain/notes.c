/* notes.c — consultation notes: drafts, signing, amendments and reading
 * (see notes.h). A note's content is one sealed JSON object
 * {"findings","assessment","plan","icd10"}; an amendment's, its text. */
#include "notes.h"
#include "audit.h"
#include "disclosure.h"
#include "record_int.h"
#include "sealed.h"
#include "../core/id.h"
#include "../core/mem.h"
#include "../db/db.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct note_row {
	char id[ID_LEN + 1];
	int64_t created_at, updated_at, signed_at; /* signed_at 0: a draft */
	json_t *body; /* the opened content; owned */
};

bool notes_icd10_ok(const char *c)
{
	if (!c || !isupper((unsigned char)c[0]) || !isdigit((unsigned char)c[1]) ||
	    !isdigit((unsigned char)c[2]))
		return false;
	if (!c[3])
		return true;
	size_t digits = strspn(c + 4, "0123456789");
	return c[3] == '.' && digits >= 1 && digits <= 4 && !c[4 + digits];
}

/* The appointment's note: ERR_NOT_FOUND when it has none. Call
 * json_decref(n->body) after ERR_OK. */
static enum err find_note(const struct record_ctx *ctx, const char *appointment_id,
			  struct note_row *n)
{
	struct db_stmt *st = db_prepare(ctx->db, "SELECT id, body, created_at, updated_at,"
		" signed_at FROM consultation_notes WHERE appointment_id = ?");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, appointment_id);
	enum db_rc rc = db_step(st);
	enum err e = rc == DB_ROW ? ERR_OK : rc == DB_DONE ? ERR_NOT_FOUND : ERR_DB;
	if (!e) {
		snprintf(n->id, sizeof(n->id), "%s", db_column_text(st, 0));
		n->created_at = db_column_int64(st, 2);
		n->updated_at = db_column_int64(st, 3);
		n->signed_at = db_column_is_null(st, 4) ? 0 : db_column_int64(st, 4);
		n->body = record__read_json(st, 1, ctx, &SEALED_NOTE_BODY, n->id);
		e = n->body ? ERR_OK : ERR_INTERNAL;
	}
	db_finalize(st);
	return e;
}

/* The note's amendments, oldest first: a new array, or NULL on error. */
static json_t *amendments_of(const struct record_ctx *ctx, const char *note_id)
{
	struct db_stmt *st = db_prepare(ctx->db, "SELECT a.id, a.author_id, u.full_name, a.body,"
		" a.created_at FROM note_amendments a JOIN users u ON u.id = a.author_id"
		" WHERE a.note_id = ? ORDER BY a.created_at, a.id");
	if (!st)
		return NULL;
	db_bind_text(st, 1, note_id);
	json_t *out = json_array();
	enum db_rc rc;
	while (out && (rc = db_step(st)) == DB_ROW) {
		const char *id = db_column_text(st, 0);
		unsigned char *text = NULL;
		size_t len = 0;
		if (sealed_read(st, 3, ctx->keys, &SEALED_AMENDMENT_BODY, id, &text, &len)) {
			json_decref(out);
			out = NULL;
			break;
		}
		json_array_append_new(out, json_pack("{s:s,s:s%,s:{s:s,s:s},s:o}", "id", id,
			"text", (const char *)text, len, "author", "id", db_column_text(st, 1),
			"name", db_column_text(st, 2), "created_at",
			record__instant(db_column_int64(st, 4))));
		free(text);
	}
	db_finalize(st);
	if (out && rc != DB_DONE) {
		json_decref(out);
		out = NULL;
	}
	return out;
}

static json_t *note_json(const struct appt_parties *p, const char *appointment_id,
			 const struct note_row *n, json_t *amendments)
{
	json_t *out = json_pack("{s:s,s:s,s:o,s:o,s:s,s:o,s:o,s:o,s:o}", "id", n->id,
		"appointment_id", appointment_id, "doctor", record__person(&p->doctor),
		"patient", record__person(&p->patient),
		"status", n->signed_at ? "signed" : "draft",
		"created_at", record__instant(n->created_at),
		"updated_at", record__instant(n->updated_at),
		"signed_at", record__instant(n->signed_at), "amendments", amendments);
	json_object_update(out, n->body);
	return out;
}

/* The whole note of the appointment as *out (n: its row, read already). */
static enum err reply_note(const struct record_ctx *ctx, const struct appt_parties *p,
			   const char *appointment_id, const struct note_row *n, json_t **out)
{
	json_t *amendments = amendments_of(ctx, n->id);
	if (!amendments)
		return ERR_DB;
	*out = note_json(p, appointment_id, n, amendments);
	return ERR_OK;
}

static json_t *content_of(const struct note_text *t)
{
	bool coded = t->icd10 && *t->icd10;
	return json_pack("{s:s,s:s,s:s,s:o}", "findings", t->findings, "assessment",
			 t->assessment, "plan", t->plan, "icd10",
			 coded ? json_string(t->icd10) : json_null());
}

/* Inserts the note n (its id and content set) or, when exists, updates it. */
static enum err store_note(const struct record_ctx *ctx, const struct appt_parties *p,
			   const char *appointment_id, const struct note_row *n, bool exists)
{
	struct db_stmt *st = db_prepare(ctx->db, exists
		? "UPDATE consultation_notes SET body = ?, updated_at = ? WHERE id = ?"
		: "INSERT INTO consultation_notes (body, updated_at, id, created_at,"
		  " appointment_id, doctor_id, patient_id) VALUES (?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		return ERR_DB;
	record__bind_json(st, 1, ctx, &SEALED_NOTE_BODY, n->id, n->body);
	db_bind_int64(st, 2, n->updated_at);
	db_bind_text(st, 3, n->id);
	if (!exists) {
		db_bind_int64(st, 4, n->created_at);
		db_bind_text(st, 5, appointment_id);
		db_bind_text(st, 6, p->doctor.id);
		db_bind_text(st, 7, p->patient.id);
	}
	enum db_rc rc = db_step(st);
	db_finalize(st);
	if (rc != DB_DONE)
		return ERR_DB;
	return audit_append_patient(ctx->db, ctx->who, exists ? "note.update" : "note.create",
			    p->patient.id, p->patient.id, json_pack("{s:s}", "note_id", n->id), ctx->now_ms);
}

/* One change to an appointment's note, inside its transaction: n is
 * filled with the note as changed. */
typedef enum err (*note_change_fn)(const struct record_ctx *ctx, const struct appt_parties *p,
				   const char *appointment_id, const void *arg,
				   struct note_row *n);

/* The draft as n, with the content arg (a struct note_text). */
static enum err put_draft(const struct record_ctx *ctx, const struct appt_parties *p,
			  const char *appointment_id, const void *arg, struct note_row *n)
{
	const struct note_text *t = arg;
	enum err e = find_note(ctx, appointment_id, n);
	bool exists = e == ERR_OK;
	if (e && e != ERR_NOT_FOUND)
		return e;
	if (exists && n->signed_at)
		return ERR_CONFLICT;
	if (!exists) {
		id_new(n->id);
		n->created_at = ctx->now_ms;
		n->signed_at = 0;
	} else {
		json_decref(n->body);
	}
	n->body = content_of(t);
	n->updated_at = ctx->now_ms;
	return store_note(ctx, p, appointment_id, n, exists);
}

/* Runs change on the appointment's note in one transaction; *out: the
 * note as changed. open_only: a cancelled appointment is ERR_CONFLICT. */
static enum err change_note(const struct record_ctx *ctx, const char *appointment_id,
			    bool open_only, note_change_fn change, const void *arg, json_t **out)
{
	*out = NULL;
	struct appt_parties p;
	enum err e = record__appointment(ctx, appointment_id, true, open_only, &p);
	if (e)
		return e;
	if (db_begin(ctx->db) != DB_OK)
		return ERR_DB;
	struct note_row n = {0};
	e = change(ctx, &p, appointment_id, arg, &n);
	if (!e)
		e = reply_note(ctx, &p, appointment_id, &n, out);
	json_decref(n.body);
	return record__end(ctx, e, out);
}

enum err notes_put(const struct record_ctx *ctx, const char *appointment_id,
		   const struct note_text *text, json_t **out)
{
	*out = NULL;
	if (text->icd10 && *text->icd10 && !notes_icd10_ok(text->icd10))
		return ERR_INVALID_VALUE;
	return change_note(ctx, appointment_id, true, put_draft, text, out);
}

static bool filled(const json_t *body, const char *key)
{
	const char *s = json_string_value(json_object_get(body, key));
	for (; s && *s; s++)
		if (!isspace((unsigned char)*s))
			return true;
	return false;
}

/* Signs the draft (arg unused). */
static enum err sign(const struct record_ctx *ctx, const struct appt_parties *p,
		     const char *appointment_id, const void *arg, struct note_row *n)
{
	(void)arg;
	enum err e = find_note(ctx, appointment_id, n);
	if (e)
		return e;
	if (n->signed_at)
		return ERR_CONFLICT;
	if (!filled(n->body, "findings") || !filled(n->body, "assessment") ||
	    !filled(n->body, "plan"))
		return ERR_INVALID_VALUE;
	struct db_stmt *st = db_prepare(ctx->db,
		"UPDATE consultation_notes SET signed_at = ? WHERE id = ? AND signed_at IS NULL");
	if (!st)
		return ERR_DB;
	db_bind_int64(st, 1, ctx->now_ms);
	db_bind_text(st, 2, n->id);
	enum db_rc rc = db_step(st);
	db_finalize(st);
	if (rc != DB_DONE)
		return ERR_DB;
	n->signed_at = ctx->now_ms;
	return audit_append_patient(ctx->db, ctx->who, "note.sign", p->patient.id, p->patient.id,
			    json_pack("{s:s}", "note_id", n->id), ctx->now_ms);
}

/* Adds the amendment text to the signed note n; id gets its id. */
static enum err insert_amendment(const struct record_ctx *ctx, const struct appt_parties *p,
				 const struct note_row *n, const char *text, char id[ID_LEN + 1])
{
	id_new(id);
	struct db_stmt *st = db_prepare(ctx->db, "INSERT INTO note_amendments"
		" (id, note_id, author_id, body, created_at) VALUES (?, ?, ?, ?, ?)");
	if (!st)
		return ERR_DB;
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, n->id);
	db_bind_text(st, 3, ctx->who->user_id);
	sealed_bind(st, 4, ctx->keys, &SEALED_AMENDMENT_BODY, id, text, strlen(text));
	db_bind_int64(st, 5, ctx->now_ms);
	enum db_rc rc = db_step(st);
	db_finalize(st);
	if (rc != DB_DONE)
		return ERR_DB;
	return audit_append_patient(ctx->db, ctx->who, "note.amend", p->patient.id, p->patient.id,
			    json_pack("{s:s,s:s}", "note_id", n->id, "amendment_id", id),
			    ctx->now_ms);
}

/* Adds the amendment arg (its text) to the signed note. */
static enum err add_amendment(const struct record_ctx *ctx, const struct appt_parties *p,
			      const char *appointment_id, const void *arg, struct note_row *n)
{
	enum err e = find_note(ctx, appointment_id, n);
	if (e)
		return e;
	if (!n->signed_at)
		return ERR_CONFLICT;
	char id[ID_LEN + 1];
	return insert_amendment(ctx, p, n, arg, id);
}

enum err record__amend(const struct record_ctx *ctx, const struct appt_parties *p,
		       const char *appointment_id, const char *text, char id[ID_LEN + 1])
{
	struct note_row n = {0};
	enum err e = find_note(ctx, appointment_id, &n);
	if (!e && !n.signed_at)
		e = ERR_CONFLICT;
	if (!e)
		e = insert_amendment(ctx, p, &n, text, id);
	json_decref(n.body);
	return e;
}

enum err notes_sign(const struct record_ctx *ctx, const char *appointment_id, json_t **out)
{
	return change_note(ctx, appointment_id, false, sign, NULL, out);
}

enum err notes_amend(const struct record_ctx *ctx, const char *appointment_id,
		     const char *text, json_t **out)
{
	*out = NULL;
	if (!text || !*text)
		return ERR_INVALID_VALUE;
	return change_note(ctx, appointment_id, false, add_amendment, text, out);
}

static const char *id_of(const json_t *obj)
{
	return json_string_value(json_object_get(obj, "id"));
}

/* Audits the patient's first sight of the note and of each amendment. */
static enum err note_seen(const struct record_ctx *ctx, const struct appt_parties *p,
			  const json_t *note)
{
	json_t *amendments = json_object_get(note, "amendments");
	size_t n = 1 + json_array_size(amendments);
	struct disclosure *seen = mem_calloc(n, sizeof(*seen));
	seen[0] = (struct disclosure){id_of(note), p->patient.id, p->doctor.id};
	for (size_t i = 1; i < n; i++) {
		json_t *a = json_array_get(amendments, i - 1);
		seen[i] = (struct disclosure){id_of(a), p->patient.id,
			json_string_value(json_object_get(json_object_get(a, "author"), "id"))};
	}
	enum err e = disclosure_note(ctx->db, ctx->who, "note.view", seen, n, ctx->now_ms);
	free(seen);
	return e;
}

enum err notes_get(const struct record_ctx *ctx, const char *appointment_id, json_t **out)
{
	*out = NULL;
	struct appt_parties p;
	enum err e = record__appointment(ctx, appointment_id, false, false, &p);
	struct note_row n = {0};
	if (!e)
		e = find_note(ctx, appointment_id, &n);
	if (e)
		return e;
	bool doctor = strcmp(p.doctor.id, ctx->who->user_id) == 0;
	e = !doctor && !n.signed_at ? ERR_NOT_FOUND
		: reply_note(ctx, &p, appointment_id, &n, out);
	json_decref(n.body);
	if (!e)
		e = note_seen(ctx, &p, *out);
	if (e) {
		json_decref(*out);
		*out = NULL;
	}
	return e;
}

/* export.c — the patient's whole record as a FHIR R4 Bundle (see export.h).
 * Each part is read through the domain call its page uses, then made a
 * FHIR resource by interop/fhir.h. The doctors met on the way are
 * collected and added once each as Practitioners. */
#include "export.h"
#include "accounts.h"
#include "appointments.h"
#include "audit.h"
#include "consent.h"
#include "messaging.h"
#include "notes.h"
#include "observations.h"
#include "prescriptions.h"
#include "../core/id.h"
#include "../core/instant.h"
#include "../interop/fhir.h"

#include <stdio.h>
#include <string.h>

struct export {
	const struct record_ctx *ctx;
	const char *base;
	json_t *bundle;
	json_t *doctors; /* {id: name} */
};

static void add(struct export *x, json_t *resource)
{
	if (resource)
		fhir_bundle_add(x->bundle, x->base, resource);
}

static void met(struct export *x, const json_t *person, const char *name_key)
{
	const char *id = json_string_value(json_object_get(person, "id"));
	const char *name = json_string_value(json_object_get(person, name_key));
	if (id && name)
		json_object_set_new(x->doctors, id, json_string(name));
}

/* The signed note (if any) and the prescriptions of one appointment. */
static enum err record_of(struct export *x, const char *appointment_id)
{
	json_t *note = NULL, *rx = NULL;
	enum err e = notes_get(x->ctx, appointment_id, &note);
	if (e == ERR_NOT_FOUND) /* none signed */
		e = ERR_OK;
	if (!e && note) {
		add(x, fhir_note(note));
		add(x, fhir_condition(note));
	}
	json_decref(note);
	if (!e)
		e = prescriptions_list(x->ctx, appointment_id, &rx);
	size_t i;
	json_t *one;
	json_array_foreach(json_object_get(rx, "items"), i, one)
		add(x, fhir_medication_request(one));
	json_decref(rx);
	return e;
}

/* Every appointment of scope ("past" or "upcoming"), with its record. */
static enum err appointments(struct export *x, const char *scope)
{
	char cursor[128] = "", next[128];
	enum err e;
	do {
		json_t *items = NULL;
		e = appointments_list(x->ctx->db, x->ctx->who, scope, 100, *cursor ? cursor : NULL,
				      x->ctx->now_ms, &items, next, sizeof(next));
		size_t i;
		json_t *a;
		json_array_foreach(items, i, a)
		{
			met(x, json_object_get(a, "doctor"), "full_name");
			add(x, fhir_appointment(a));
			add(x, fhir_encounter(a));
			add(x, fhir_questionnaire_response(a));
			if (!e)
				e = record_of(x, json_string_value(json_object_get(a, "id")));
		}
		json_decref(items);
		memcpy(cursor, next, sizeof(cursor));
	} while (!e && *cursor);
	return e;
}

/* Every message of one conversation. */
static enum err messages(struct export *x, const struct messaging_ctx *m,
			 const json_t *conversation)
{
	const char *id = json_string_value(json_object_get(conversation, "id"));
	const char *doctor = json_string_value(json_object_get(json_object_get(conversation,
									       "doctor"), "id"));
	char cursor[128] = "";
	enum err e;
	do {
		json_t *page = NULL;
		e = messages_list(m, id, 100, *cursor ? cursor : NULL, &page);
		size_t i;
		json_t *msg;
		json_array_foreach(json_object_get(page, "items"), i, msg)
			add(x, fhir_communication(msg, x->ctx->who->user_id, doctor));
		const char *next = json_string_value(json_object_get(page, "next_cursor"));
		snprintf(cursor, sizeof(cursor), "%s", next ? next : "");
		json_decref(page);
	} while (!e && *cursor);
	return e;
}

static enum err conversations(struct export *x)
{
	struct messaging_ctx m = {x->ctx->db, x->ctx->keys, x->ctx->who, x->ctx->now_ms, NULL};
	char cursor[128] = "";
	enum err e;
	do {
		json_t *page = NULL;
		e = conversations_list(&m, 100, *cursor ? cursor : NULL, &page);
		size_t i;
		json_t *c;
		json_array_foreach(json_object_get(page, "items"), i, c)
		{
			met(x, json_object_get(c, "doctor"), "name");
			if (!e)
				e = messages(x, &m, c);
		}
		const char *next = json_string_value(json_object_get(page, "next_cursor"));
		snprintf(cursor, sizeof(cursor), "%s", next ? next : "");
		json_decref(page);
	} while (!e && *cursor);
	return e;
}

/* Every vital sign the patient recorded. */
static enum err vitals(struct export *x)
{
	json_t *all = NULL;
	enum err e = observations_all(x->ctx, &all);
	size_t i;
	json_t *one;
	json_array_foreach(json_object_get(all, "items"), i, one)
		add(x, fhir_observation(one, x->ctx->who->user_id));
	json_decref(all);
	return e;
}

/* Consents and the audit events about the patient. */
static enum err privacy(struct export *x)
{
	json_t *consents = NULL, *events = NULL;
	enum err e = consent_list(x->ctx->db, x->ctx->who, &consents);
	size_t i;
	json_t *one;
	json_array_foreach(json_object_get(consents, "history"), i, one)
	{
		met(x, json_object_get(one, "doctor"), "name");
		add(x, fhir_consent(one, x->ctx->who->user_id));
	}
	json_decref(consents);
	if (!e)
		e = audit_about(x->ctx->db, x->ctx->who->user_id, EXPORT_AUDIT_MAX, &events);
	json_array_foreach(events, i, one)
		add(x, fhir_audit_event(one));
	json_decref(events);
	return e;
}

enum err export_patient(const struct record_ctx *ctx, const char *base, json_t **bundle)
{
	*bundle = NULL;
	if (ctx->who->role != ROLE_PATIENT)
		return ERR_FORBIDDEN;
	json_t *user = NULL;
	enum err e = accounts_get(ctx->db, ctx->who, &user);
	if (e)
		return e;
	char id[ID_LEN + 1], now[INSTANT_TEXT_MAX];
	id_new(id);
	instant_format(ctx->now_ms, now);
	struct export x = {ctx, base, fhir_bundle(id, now), json_object()};
	add(&x, fhir_patient(user));
	json_decref(user);
	e = appointments(&x, "past");
	if (!e)
		e = appointments(&x, "upcoming");
	if (!e)
		e = conversations(&x);
	if (!e)
		e = vitals(&x);
	if (!e)
		e = privacy(&x);
	const char *doctor_id;
	json_t *name;
	json_object_foreach(x.doctors, doctor_id, name)
		add(&x, fhir_practitioner(doctor_id, json_string_value(name)));
	json_decref(x.doctors);
	size_t count = json_array_size(json_object_get(x.bundle, "entry"));
	if (!e)
		e = audit_record(ctx->db, ctx->who, "record.export", ctx->who->user_id,
				 json_pack("{s:I}", "resources", (json_int_t)count), ctx->now_ms);
	if (e)
		json_decref(x.bundle);
	else
		*bundle = x.bundle;
	return e;
}

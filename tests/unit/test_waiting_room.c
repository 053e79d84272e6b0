/* test_waiting_room.c — the waiting room's rules (src/domain/
 * waiting_room.c) on a real store: presence follows the hub's order even
 * when events arrive late, a quick return keeps one's place, each patient
 * is told only their own place and a rough wait, and the doctor's note
 * reaches them for an hour. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "domain/consultations.h"
#include "domain/waiting_room.h"
#include "fixture.h"

#define APPT_A "a0000000-0000-4000-8000-000000000001"
#define APPT_B "a0000000-0000-4000-8000-000000000002"
#define DOCTOR "d0000000-0000-4000-8000-000000000001"
#define PATIENT_A "c0000000-0000-4000-8000-000000000001"
#define PATIENT_B "c0000000-0000-4000-8000-000000000002"
#define T0 1900000000000LL
#define MIN 60000LL

/* Patient A at T0 and patient B at T0 + 30 minutes, with the doctor. */
static void seed(struct db *db)
{
	fixture_seed_people(db);
	assert_int_equal(db_exec(db,
		"INSERT INTO users (id, username, username_key, full_name, email, role, status,"
		" password_hash, created_at, updated_at) VALUES ('" PATIENT_B "', 'bee', 'bee',"
		" 'Bea Second', 'b@x', 'patient', 'active', 'x', 0, 0)"), DB_OK);
	fixture_appointment(db, APPT_A, T0, T0 - 86400000);
	fixture_appointment(db, APPT_B, T0 + 30 * MIN, T0 - 86400000);
	assert_int_equal(db_exec(db, "UPDATE appointments SET patient_id = '" PATIENT_B "'"
				     " WHERE id = '" APPT_B "'"), DB_OK);
}

/* The patient comes in at at_ms (checked in, present); returns the change. */
static const char *come_in(struct db *db, const char *appt, const char *patient, int64_t at_ms)
{
	const char *change = "unset";
	assert_int_equal(consultations_record(db, appt, patient, CONSULT_PATIENT_IN, at_ms), ERR_OK);
	assert_int_equal(waiting_room_presence(db, appt, true, at_ms * 1000, at_ms, &change), ERR_OK);
	return change;
}

static const char *go_out(struct db *db, const char *appt, int64_t at_ms)
{
	const char *change = "unset";
	assert_int_equal(waiting_room_presence(db, appt, false, at_ms * 1000, at_ms, &change), ERR_OK);
	return change;
}

/* The QUEUE messages after a change in appt's room, at now. */
static json_t *queue_after(struct db *db, const char *appt, const char *change, int64_t now)
{
	json_t *notices = json_array();
	assert_int_equal(waiting_room_notices(db, appt, change, now, notices), ERR_OK);
	json_t *out = json_array();
	size_t i;
	json_t *n;
	json_array_foreach(notices, i, n) {
		json_t *m = json_object_get(n, "message");
		if (strcmp(json_string_value(json_object_get(m, "type")), "QUEUE") == 0)
			json_array_append(out, n);
	}
	json_decref(notices);
	return out;
}

static json_int_t field(json_t *queue, size_t i, const char *name)
{
	return json_integer_value(json_object_get(json_object_get(json_array_get(queue, i), "message"), name));
}

static void presence_follows_the_hubs_order(void **state)
{
	struct fixture *f = *state;
	seed(f->db);
	assert_string_equal(come_in(f->db, APPT_A, PATIENT_A, T0 - 5 * MIN), "arrived");
	assert_null(go_out(f->db, APPT_A, T0 - 6 * MIN)); /* a departure that comes late */
	json_t *q = queue_after(f->db, APPT_A, NULL, T0 - 5 * MIN);
	assert_int_equal(json_array_size(q), 1);
	json_decref(q);
	assert_string_equal(go_out(f->db, APPT_A, T0 - 4 * MIN), "left");
	q = queue_after(f->db, APPT_A, NULL, T0 - 4 * MIN);
	assert_int_equal(json_array_size(q), 0);
	json_decref(q);
	/* back within a minute: the same place; after longer: a new arrival */
	assert_string_equal(come_in(f->db, APPT_A, PATIENT_A, T0 - 4 * MIN + 30000), "returned");
	assert_string_equal(go_out(f->db, APPT_A, T0 - 3 * MIN), "left");
	assert_string_equal(come_in(f->db, APPT_A, PATIENT_A, T0 - 1 * MIN), "arrived");
	assert_null(come_in(f->db, APPT_A, PATIENT_A, T0)); /* a second page: nothing new */
	/* a restart forgets everyone */
	assert_int_equal(waiting_room_reset(f->db), ERR_OK);
	q = queue_after(f->db, APPT_A, NULL, T0);
	assert_int_equal(json_array_size(q), 0);
	json_decref(q);
	const char *change;
	assert_int_equal(waiting_room_presence(f->db, "nope", true, 1, 1, &change), ERR_NOT_FOUND);
}

static void each_patient_hears_only_their_own_place(void **state)
{
	struct fixture *f = *state;
	seed(f->db);
	/* B comes first, but A's appointment is earlier: A is next */
	come_in(f->db, APPT_B, PATIENT_B, T0 - 8 * MIN);
	come_in(f->db, APPT_A, PATIENT_A, T0 - 5 * MIN);
	json_t *q = queue_after(f->db, APPT_A, "arrived", T0 - 5 * MIN);
	assert_int_equal(json_array_size(q), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(q, 0), "user_id")), PATIENT_A);
	assert_int_equal(field(q, 0, "position"), 1);
	assert_int_equal(field(q, 0, "wait_minutes"), 5);  /* until A's start */
	assert_string_equal(json_string_value(json_object_get(json_array_get(q, 1), "user_id")), PATIENT_B);
	assert_int_equal(field(q, 1, "position"), 2);
	assert_int_equal(field(q, 1, "wait_minutes"), 35); /* until B's start, later than A's 30 */
	for (size_t i = 0; i < 2; i++) {
		char *text = json_dumps(json_object_get(json_array_get(q, i), "message"), JSON_COMPACT);
		assert_null(strstr(text, i ? "Pat Doe" : "Bea Second"));
		assert_null(strstr(text, i ? APPT_A : APPT_B));
		assert_null(strstr(text, "private reason"));
		free(text);
	}
	json_decref(q);
	/* the call with A starts: B is next */
	assert_int_equal(consultations_record(f->db, APPT_A, PATIENT_A, CONSULT_CALL_STARTED, T0), ERR_OK);
	q = queue_after(f->db, APPT_A, "seen", T0 + 10 * MIN);
	assert_int_equal(json_array_size(q), 1);
	assert_int_equal(field(q, 0, "position"), 1);
	assert_int_equal(field(q, 0, "wait_minutes"), 20);
	json_decref(q);
	/* the doctor hears the change, with a name and nothing else */
	json_t *notices = json_array();
	assert_int_equal(waiting_room_notices(f->db, APPT_B, "left", T0, notices), ERR_OK);
	char *text = json_dumps(json_object_get(json_array_get(notices, 0), "message"), JSON_COMPACT);
	assert_string_equal(text, "{\"type\":\"WAITING\",\"change\":\"left\",\"session_id\":\"" APPT_B
			    "\",\"patient\":{\"id\":\"" PATIENT_B "\",\"name\":\"Bea Second\"}}");
	free(text);
	json_decref(notices);
}

static void the_note_reaches_the_waiting_for_an_hour(void **state)
{
	struct fixture *f = *state;
	seed(f->db);
	struct principal doctor = {.authenticated = true, .role = ROLE_DOCTOR};
	struct principal patient = {.authenticated = true, .role = ROLE_PATIENT};
	snprintf(doctor.user_id, sizeof(doctor.user_id), "%s", DOCTOR);
	snprintf(patient.user_id, sizeof(patient.user_id), "%s", PATIENT_A);
	json_t *notices = json_array(), *note = NULL;
	assert_int_equal(waiting_room_set_note(f->db, &patient, "hi", T0, notices, &note), ERR_FORBIDDEN);
	assert_int_equal(waiting_room_set_note(f->db, &doctor, "a\tb", T0, notices, &note), ERR_INVALID_VALUE);
	assert_int_equal(waiting_room_set_note(f->db, &doctor, "  ", T0, notices, &note), ERR_INVALID_VALUE);
	come_in(f->db, APPT_A, PATIENT_A, T0 - 5 * MIN);
	assert_int_equal(waiting_room_set_note(f->db, &doctor, "Ten minutes late", T0, notices, &note), ERR_OK);
	assert_string_equal(json_string_value(json_object_get(note, "text")), "Ten minutes late");
	json_decref(note);
	assert_int_equal(json_array_size(notices), 1); /* the one waiting patient */
	json_t *m = json_object_get(json_array_get(notices, 0), "message");
	assert_string_equal(json_string_value(json_object_get(json_object_get(m, "note"), "text")), "Ten minutes late");
	json_decref(notices);
	/* a patient who comes later sees it while it is current, not after */
	come_in(f->db, APPT_B, PATIENT_B, T0 + 59 * MIN);
	json_t *q = queue_after(f->db, APPT_B, "arrived", T0 + 59 * MIN);
	assert_true(json_is_object(json_object_get(json_object_get(json_array_get(q, 1), "message"), "note")));
	json_decref(q);
	q = queue_after(f->db, APPT_B, NULL, T0 + 61 * MIN);
	assert_true(json_is_null(json_object_get(json_object_get(json_array_get(q, 1), "message"), "note")));
	json_decref(q);
	/* cleared */
	notices = json_array();
	assert_int_equal(waiting_room_set_note(f->db, &doctor, "", T0 + 2 * MIN, notices, &note), ERR_OK);
	assert_true(json_is_null(note));
	json_decref(note);
	json_decref(notices);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(presence_follows_the_hubs_order, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(each_patient_hears_only_their_own_place, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(the_note_reaches_the_waiting_for_an_hour, fixture_setup, fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_consultations.c — what the hub's room events do to an appointment
 * (src/domain/consultations.c): FHIR statuses in order, the call record,
 * no fulfilment without a call, and noshow once the window has closed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "domain/consultations.h"
#include "fixture.h"

#define APPT "a0000000-0000-4000-8000-000000000001"
#define DOCTOR "d0000000-0000-4000-8000-000000000001"
#define PATIENT "c0000000-0000-4000-8000-000000000001"
#define T0 1900000000000LL

static const char *status(struct db *db)
{
	static char out[16];
	struct db_stmt *st = db_prepare(db, "SELECT status FROM appointments WHERE id = '" APPT "'");
	assert_int_equal(db_step(st), DB_ROW);
	snprintf(out, sizeof(out), "%s", db_column_text(st, 0));
	db_finalize(st);
	return out;
}

static void a_call_goes_from_checked_in_to_fulfilled(void **state)
{
	struct fixture *f = *state;
	fixture_seed_people(f->db);
	fixture_appointment(f->db, APPT, T0, T0 - 86400000);
	assert_int_equal(consultations_record(f->db, APPT, PATIENT, CONSULT_PATIENT_IN, T0), ERR_OK);
	assert_string_equal(status(f->db), "checked-in");
	/* an end before any start changes nothing */
	assert_int_equal(consultations_record(f->db, APPT, DOCTOR, CONSULT_CALL_ENDED, T0 + 1), ERR_OK);
	assert_string_equal(status(f->db), "checked-in");
	assert_int_equal(consultations_record(f->db, APPT, DOCTOR, CONSULT_DOCTOR_ACK, T0 + 2), ERR_OK);
	assert_string_equal(status(f->db), "arrived");
	assert_int_equal(consultations_record(f->db, APPT, PATIENT, CONSULT_PATIENT_IN, T0 + 3), ERR_OK);
	assert_string_equal(status(f->db), "arrived"); /* never backwards */
	assert_int_equal(consultations_record(f->db, APPT, PATIENT, CONSULT_CALL_STARTED, T0 + 60000), ERR_OK);
	assert_int_equal(consultations_record(f->db, APPT, PATIENT, CONSULT_CALL_STARTED, T0 + 90000), ERR_OK);
	assert_int_equal(consultations_record(f->db, APPT, DOCTOR, CONSULT_CALL_ENDED, T0 + 960000), ERR_OK);
	assert_string_equal(status(f->db), "fulfilled");
	struct db_stmt *st = db_prepare(f->db,
		"SELECT started_at, ended_at, ended_by FROM consultations WHERE appointment_id = '" APPT "'");
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_column_int64(st, 0), T0 + 60000); /* the first start counts */
	assert_int_equal(db_column_int64(st, 1), T0 + 960000);
	assert_string_equal(db_column_text(st, 2), DOCTOR);
	db_finalize(st);
	/* nobody is a no-show after a call */
	assert_int_equal(consultations_mark_noshows(f->db, 30, T0 + 86400000), 0);
	assert_string_equal(status(f->db), "fulfilled");
}

static void a_window_that_closes_without_a_call_is_a_noshow(void **state)
{
	struct fixture *f = *state;
	fixture_seed_people(f->db);
	fixture_appointment(f->db, APPT, T0, T0 - 86400000);
	assert_int_equal(consultations_record(f->db, APPT, PATIENT, CONSULT_PATIENT_IN, T0), ERR_OK);
	/* ends at T0 + 30 min; the window 30 minutes later */
	assert_int_equal(consultations_mark_noshows(f->db, 30, T0 + 59 * 60000), 0);
	assert_string_equal(status(f->db), "checked-in");
	assert_int_equal(consultations_mark_noshows(f->db, 30, T0 + 61 * 60000), 1);
	assert_string_equal(status(f->db), "noshow");
	assert_int_equal(consultations_record(f->db, "not-an-id", PATIENT, CONSULT_PATIENT_IN, T0), ERR_NOT_FOUND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(a_call_goes_from_checked_in_to_fulfilled, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(a_window_that_closes_without_a_call_is_a_noshow, fixture_setup, fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

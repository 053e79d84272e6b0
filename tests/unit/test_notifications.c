/* test_notifications.c — appointment reminders (src/domain/notifications.c)
 * at chosen instants: due once, a day ahead only when booked a day ahead,
 * never for a cancelled appointment, again after a move. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "domain/notifications.h"
#include "fixture.h"

#define MIN 60000LL
#define HOUR (60 * MIN)
#define T0 1900000000000LL /* an instant in 2030 */

/* Runs the tick at now; returns how many notices of kind it gave. */
static int tick(struct db *db, int64_t now, const char *kind)
{
	json_t *notices = json_array();
	assert_int_equal(notifications_send_reminders(db, now, notices), ERR_OK);
	int n = 0;
	size_t i;
	json_t *v;
	json_array_foreach(notices, i, v) {
		json_t *note = json_object_get(v, "notification");
		if (strcmp(json_string_value(json_object_get(note, "kind")), kind) == 0)
			n++;
		char *text = json_dumps(note, 0);
		assert_null(strstr(text, "private reason"));
		free(text);
	}
	json_decref(notices);
	return n;
}

static void the_day_reminder_goes_to_both_once(void **state)
{
	struct fixture *f = *state;
	fixture_seed_people(f->db);
	fixture_appointment(f->db, "a0000000-0000-4000-8000-000000000001", T0 + 48 * HOUR, T0);
	assert_int_equal(tick(f->db, T0 + 23 * HOUR, "appointment_reminder_day"), 0); /* 25 h ahead */
	assert_int_equal(tick(f->db, T0 + 24 * HOUR + MIN, "appointment_reminder_day"), 2);
	assert_int_equal(tick(f->db, T0 + 25 * HOUR, "appointment_reminder_day"), 0);
	assert_int_equal(tick(f->db, T0 + 47 * HOUR + 50 * MIN, "appointment_reminder_soon"), 2);
	assert_int_equal(tick(f->db, T0 + 47 * HOUR + 55 * MIN, "appointment_reminder_soon"), 0);
	assert_int_equal(notifications_unread(f->db, "c0000000-0000-4000-8000-000000000001"), 2);
}

static void no_day_reminder_when_booked_within_a_day(void **state)
{
	struct fixture *f = *state;
	fixture_seed_people(f->db);
	fixture_appointment(f->db, "a0000000-0000-4000-8000-000000000002", T0 + 5 * HOUR, T0);
	assert_int_equal(tick(f->db, T0 + MIN, "appointment_reminder_day"), 0);
	assert_int_equal(tick(f->db, T0 + 4 * HOUR + 50 * MIN, "appointment_reminder_soon"), 2);
}

static void nothing_for_cancelled_or_past_appointments(void **state)
{
	struct fixture *f = *state;
	fixture_seed_people(f->db);
	fixture_appointment(f->db, "a0000000-0000-4000-8000-000000000003", T0 + 48 * HOUR, T0);
	assert_int_equal(db_exec(f->db, "UPDATE appointments SET status = 'cancelled'"), DB_OK);
	assert_int_equal(tick(f->db, T0 + 47 * HOUR, "appointment_reminder_day"), 0);
	assert_int_equal(tick(f->db, T0 + 47 * HOUR + 50 * MIN, "appointment_reminder_soon"), 0);
	fixture_appointment(f->db, "a0000000-0000-4000-8000-000000000004", T0 + HOUR, T0 - 48 * HOUR);
	/* the server was down: an appointment already begun gets nothing */
	assert_int_equal(tick(f->db, T0 + HOUR + MIN, "appointment_reminder_soon"), 0);
}

static void a_moved_appointment_is_reminded_again(void **state)
{
	struct fixture *f = *state;
	fixture_seed_people(f->db);
	fixture_appointment(f->db, "a0000000-0000-4000-8000-000000000005", T0 + 30 * HOUR, T0);
	assert_int_equal(tick(f->db, T0 + 6 * HOUR + MIN, "appointment_reminder_day"), 2);
	/* what appointments_reschedule does to the row */
	assert_int_equal(db_exec(f->db, "UPDATE appointments SET start_at = start_at + 86400000,"
		" reminded_day_at = NULL, reminded_soon_at = NULL"), DB_OK);
	assert_int_equal(tick(f->db, T0 + 30 * HOUR + MIN, "appointment_reminder_day"), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(the_day_reminder_goes_to_both_once, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(no_day_reminder_when_booked_within_a_day, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(nothing_for_cancelled_or_past_appointments, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(a_moved_appointment_is_reminded_again, fixture_setup, fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

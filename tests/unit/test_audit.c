/* test_audit.c — the hash chain of the audit log (src/domain/audit.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "domain/audit.h"
#include "fixture.h"

static void append(struct db *db, int n)
{
	struct principal actor = {.authenticated = true, .role = ROLE_ADMIN, .user_id = "a", .ip = "10.0.0.1"};
	for (int i = 0; i < n; i++)
		assert_int_equal(audit_record(db, &actor, "test.event", "subject",
					      json_pack("{s:i}", "i", i), 1000 + i), ERR_OK);
}

static void a_chain_of_events_is_whole(void **state)
{
	struct fixture *f = *state;
	int64_t count, broken;
	assert_int_equal(audit_verify(f->db, &count, &broken), ERR_OK);
	assert_int_equal(count, 0);
	append(f->db, 20);
	assert_int_equal(audit_verify(f->db, &count, &broken), ERR_OK);
	assert_int_equal(count, 20);
	assert_int_equal(broken, 0);
}

static void an_edit_breaks_the_chain_where_it_happened(void **state)
{
	struct fixture *f = *state;
	append(f->db, 10);
	assert_int_equal(db_exec(f->db, "UPDATE audit_events SET detail = '{\"i\":99}' WHERE seq = 7"), DB_OK);
	int64_t count, broken;
	assert_int_equal(audit_verify(f->db, &count, &broken), ERR_OK);
	assert_int_equal(broken, 7);
}

static void a_deletion_or_forged_hash_breaks_it_too(void **state)
{
	struct fixture *f = *state;
	append(f->db, 10);
	assert_int_equal(db_exec(f->db, "DELETE FROM audit_events WHERE seq = 4"), DB_OK);
	int64_t count, broken;
	assert_int_equal(audit_verify(f->db, &count, &broken), ERR_OK);
	assert_int_equal(broken, 5);
	assert_int_equal(db_exec(f->db, "DELETE FROM audit_events"), DB_OK);
	append(f->db, 3);
	assert_int_equal(db_exec(f->db, "UPDATE audit_events SET hash = prev_hash WHERE seq = 2"), DB_OK);
	assert_int_equal(audit_verify(f->db, &count, &broken), ERR_OK);
	assert_int_equal(broken, 2);
}

static void only_admins_list_events_newest_first(void **state)
{
	struct fixture *f = *state;
	append(f->db, 5);
	struct principal patient = {.authenticated = true, .role = ROLE_PATIENT};
	struct principal admin = {.authenticated = true, .role = ROLE_ADMIN};
	json_t *events = NULL;
	char next[32];
	assert_int_equal(audit_list(f->db, &patient, 10, NULL, &events, next, sizeof(next)), ERR_FORBIDDEN);
	assert_int_equal(audit_list(f->db, &admin, 3, NULL, &events, next, sizeof(next)), ERR_OK);
	assert_int_equal(json_array_size(events), 3);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(events, 0), "seq")), 5);
	assert_string_equal(next, "3");
	json_decref(events);
	assert_int_equal(audit_list(f->db, &admin, 3, next, &events, next, sizeof(next)), ERR_OK);
	assert_int_equal(json_array_size(events), 2);
	assert_string_equal(next, "");
	json_decref(events);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, fixture_teardown)
	const struct CMUnitTest tests[] = {
		T(a_chain_of_events_is_whole), T(an_edit_breaks_the_chain_where_it_happened),
		T(a_deletion_or_forged_hash_breaks_it_too), T(only_admins_list_events_newest_first),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

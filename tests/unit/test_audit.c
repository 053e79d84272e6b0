/* test_audit.c — the hash chain of the audit log (src/domain/audit.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "core/buf.h"
#include "domain/audit.h"
#include "sec/token.h"
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
	struct audit_filter all = {0};
	assert_int_equal(audit_list(f->db, &patient, &all, 10, NULL, &events, next, sizeof(next)), ERR_FORBIDDEN);
	assert_int_equal(audit_list(f->db, &admin, &all, 3, NULL, &events, next, sizeof(next)), ERR_OK);
	assert_int_equal(json_array_size(events), 3);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(events, 0), "seq")), 5);
	assert_string_equal(next, "3");
	json_decref(events);
	assert_int_equal(audit_list(f->db, &admin, &all, 3, next, &events, next, sizeof(next)), ERR_OK);
	assert_int_equal(json_array_size(events), 2);
	assert_string_equal(next, "");
	json_decref(events);
}

/* An event without a patient hashes exactly as every event did before
 * migration 21 added the column: older chains verify unchanged. */
static void an_event_without_a_patient_keeps_the_old_hash(void **state)
{
	struct fixture *f = *state;
	append(f->db, 2);
	struct db_stmt *st = db_prepare(f->db, "SELECT seq, at, prev_hash, id, actor_id, actor_role,"
					       " action, subject_id, ip, detail, hash FROM audit_events"
					       " WHERE seq = 2");
	assert_non_null(st);
	assert_int_equal(db_step(st), DB_ROW);
	struct buf b;
	buf_init(&b, 0);
	buf_printf(&b, "%lld\x1f%lld", (long long)db_column_int64(st, 0), (long long)db_column_int64(st, 1));
	for (int col = 2; col <= 9; col++)
		buf_printf(&b, "\x1f%s", db_column_text(st, col));
	char old[TOKEN_HASH_LEN + 1];
	token_hash_bytes(b.data, b.len, old);
	assert_string_equal(db_column_text(st, 10), old);
	buf_cleanup(&b);
	db_finalize(st);
}

/* The patient of an event is in its hash: taking it away, giving one to an
 * event without, or moving it to another patient breaks the chain there. */
static void the_patient_is_part_of_the_hash(void **state)
{
	struct fixture *f = *state;
	struct principal doctor = {.authenticated = true, .role = ROLE_DOCTOR, .user_id = "d"};
	assert_int_equal(audit_record_patient(f->db, &doctor, "note.view", "n", "p1", NULL, 1000), ERR_OK);
	append(f->db, 1);
	int64_t count, broken;
	assert_int_equal(audit_verify(f->db, &count, &broken), ERR_OK);
	assert_int_equal(broken, 0);
	static const char *const edits[][2] = {
		{"UPDATE audit_events SET patient_id = NULL WHERE seq = 1", "UPDATE audit_events SET patient_id = 'p1' WHERE seq = 1"},
		{"UPDATE audit_events SET patient_id = 'p2' WHERE seq = 1", "UPDATE audit_events SET patient_id = 'p1' WHERE seq = 1"},
		{"UPDATE audit_events SET patient_id = 'p1' WHERE seq = 2", "UPDATE audit_events SET patient_id = NULL WHERE seq = 2"},
	};
	for (size_t i = 0; i < sizeof(edits) / sizeof(edits[0]); i++) {
		assert_int_equal(db_exec(f->db, edits[i][0]), DB_OK);
		assert_int_equal(audit_verify(f->db, &count, &broken), ERR_OK);
		assert_int_equal(broken, i == 2 ? 2 : 1);
		assert_int_equal(db_exec(f->db, edits[i][1]), DB_OK);
		assert_int_equal(audit_verify(f->db, &count, &broken), ERR_OK);
		assert_int_equal(broken, 0);
	}
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, fixture_teardown)
	const struct CMUnitTest tests[] = {
		T(a_chain_of_events_is_whole), T(an_edit_breaks_the_chain_where_it_happened),
		T(a_deletion_or_forged_hash_breaks_it_too), T(only_admins_list_events_newest_first),
		T(an_event_without_a_patient_keeps_the_old_hash), T(the_patient_is_part_of_the_hash),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

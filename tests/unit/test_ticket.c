/* test_ticket.c — room tickets (src/sec/ticket.c): what one key signed
 * reads back whole; altered, foreign-key, expired and malformed ones do not. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "sec/ticket.h"

static const struct ticket sample = {
	.session_id = "a0000000-0000-4000-8000-000000000001",
	.user_id = "p0000000-0000-4000-8000-000000000001",
	.role = "patient",
	.name = "Zoë Ünïcode",
	.peer_id = "d0000000-0000-4000-8000-000000000001",
	.peer_name = "Dr Who",
	.expires_ms = 2000,
};

static void a_ticket_reads_back_whole_until_it_expires(void **state)
{
	(void)state;
	struct ticket_key *key = ticket_key_new();
	char text[TICKET_TEXT_MAX];
	assert_true(ticket_issue(key, &sample, text));
	struct ticket t;
	assert_true(ticket_check(key, text, 1999, &t));
	assert_memory_equal(&t, &sample, sizeof(t));
	assert_false(ticket_check(key, text, 2000, &t)); /* expired */
	ticket_key_free(key);
}

static void altered_foreign_and_malformed_tickets_are_refused(void **state)
{
	(void)state;
	struct ticket_key *key = ticket_key_new(), *other = ticket_key_new();
	char text[TICKET_TEXT_MAX];
	assert_true(ticket_issue(key, &sample, text));
	struct ticket t;
	assert_false(ticket_check(other, text, 0, &t));
	for (size_t i = 0; i < strlen(text); i++) {
		char copy[TICKET_TEXT_MAX];
		snprintf(copy, sizeof(copy), "%s", text);
		copy[i] = copy[i] == 'A' ? 'B' : 'A';
		assert_false(ticket_check(key, copy, 0, &t));
	}
	assert_false(ticket_check(key, "", 0, &t));
	assert_false(ticket_check(key, "no-dot", 0, &t));
	assert_false(ticket_check(key, ".", 0, &t));
	assert_false(ticket_check(key, NULL, 0, &t));
	struct ticket bad = sample;
	snprintf(bad.name, sizeof(bad.name), "a\x1f" "b"); /* the separator cannot be smuggled in */
	assert_false(ticket_issue(key, &bad, text));
	ticket_key_free(key);
	ticket_key_free(other);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_ticket_reads_back_whole_until_it_expires),
		cmocka_unit_test(altered_foreign_and_malformed_tickets_are_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

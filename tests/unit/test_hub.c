/* test_hub.c — the live hub's registry (src/signal/hub.c): connections by id,
 * by user, many per user, growth past the first tables, forgetting. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "signal/hub.h"

struct fake_conn {
	int received;
	char last[64];
};

static void fake_send(void *conn, const char *text)
{
	struct fake_conn *c = conn;
	c->received++;
	snprintf(c->last, sizeof(c->last), "%s", text);
}

static const struct hub_port port = {.send = fake_send};

static void a_message_reaches_every_page_of_its_user_only(void **state)
{
	(void)state;
	struct hub *hub = hub_new(&port);
	struct fake_conn a1 = {0}, a2 = {0}, b = {0}, anon = {0};
	assert_true(hub_attach(hub, 1, &a1));
	assert_true(hub_attach(hub, 2, &a2));
	assert_true(hub_attach(hub, 3, &b));
	assert_true(hub_attach(hub, 4, &anon));
	assert_false(hub_attach(hub, 4, &anon)); /* ids are unique */
	hub_identify(hub, 1, "user-a");
	hub_identify(hub, 2, "user-a");
	hub_identify(hub, 3, "user-b");
	assert_int_equal(hub_send_user(hub, "user-a", "hello a"), 2);
	assert_int_equal(a1.received, 1);
	assert_int_equal(a2.received, 1);
	assert_string_equal(a2.last, "hello a");
	assert_int_equal(b.received + anon.received, 0);
	assert_int_equal(hub_send_user(hub, "nobody", "x"), 0);
	int identified;
	assert_int_equal(hub_count(hub, &identified), 4);
	assert_int_equal(identified, 3);
	hub_detach(hub, 1);
	assert_null(hub_find(hub, 1));
	assert_ptr_equal(hub_find(hub, 2), &a2);
	assert_int_equal(hub_send_user(hub, "user-a", "again"), 1);
	hub_detach(hub, 2);
	assert_int_equal(hub_send_user(hub, "user-a", "gone"), 0);
	hub_identify(hub, 3, "user-c"); /* a connection changes hands */
	assert_int_equal(hub_send_user(hub, "user-b", "x"), 0);
	assert_int_equal(hub_send_user(hub, "user-c", "x"), 1);
	hub_detach(hub, 99); /* unknown: ignored */
	hub_free(hub);
}

static void thousands_of_connections_stay_findable(void **state)
{
	(void)state;
	enum { N = 5000 };
	static struct fake_conn conns[N];
	memset(conns, 0, sizeof(conns));
	struct hub *hub = hub_new(&port);
	char user[32];
	for (int i = 0; i < N; i++) {
		assert_true(hub_attach(hub, (uint64_t)i + 1000, &conns[i]));
		snprintf(user, sizeof(user), "user-%d", i % 1000);
		hub_identify(hub, (uint64_t)i + 1000, user);
	}
	for (int i = 0; i < N; i++)
		assert_ptr_equal(hub_find(hub, (uint64_t)i + 1000), &conns[i]);
	assert_int_equal(hub_send_user(hub, "user-7", "x"), N / 1000);
	for (int i = 0; i < N; i += 2)
		hub_detach(hub, (uint64_t)i + 1000);
	int identified;
	assert_int_equal(hub_count(hub, &identified), N / 2);
	assert_int_equal(identified, N / 2);
	assert_int_equal(hub_send_user(hub, "user-7", "x"), N / 1000); /* odd: all kept */
	assert_int_equal(hub_send_user(hub, "user-8", "x"), 0);        /* even: all gone */
	hub_free(hub);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_message_reaches_every_page_of_its_user_only),
		cmocka_unit_test(thousands_of_connections_stay_findable),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

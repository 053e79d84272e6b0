/* test_ratelimit.c — login throttling windows, Retry-After, clearing, the
 * bounded table and use from many threads (src/sec/ratelimit.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>

#include "sec/ratelimit.h"

#define T0 1800000000000LL

static int setup(void **state)
{
	(void)state;
	return sodium_init() < 0 ? -1 : 0;
}

static void blocks_at_the_limit_until_the_window_ends(void **state)
{
	(void)state;
	struct ratelimit *rl = ratelimit_new(60);
	int retry = -1;
	for (int i = 0; i < 3; i++) {
		assert_false(ratelimit_blocked(rl, "acct:maria", 3, T0 + i, &retry));
		ratelimit_fail(rl, "acct:maria", T0 + i);
	}
	assert_int_equal(retry, -1); /* untouched while not blocked */
	assert_true(ratelimit_blocked(rl, "acct:maria", 3, T0 + 10, &retry));
	assert_int_equal(retry, 60);
	assert_true(ratelimit_blocked(rl, "acct:maria", 3, T0 + 30500, &retry));
	assert_int_equal(retry, 30); /* rounded up: 29.5 s left */
	assert_true(ratelimit_blocked(rl, "acct:maria", 3, T0 + 59999, &retry));
	assert_int_equal(retry, 1);
	/* a higher limit, another key: not blocked */
	assert_false(ratelimit_blocked(rl, "acct:maria", 4, T0 + 10, &retry));
	assert_false(ratelimit_blocked(rl, "acct:joao", 3, T0 + 10, &retry));
	/* the window is over */
	assert_false(ratelimit_blocked(rl, "acct:maria", 3, T0 + 60000, &retry));
	ratelimit_fail(rl, "acct:maria", T0 + 60000);
	assert_false(ratelimit_blocked(rl, "acct:maria", 2, T0 + 60001, &retry));
	ratelimit_free(rl);
}

static void clear_forgets_one_key(void **state)
{
	(void)state;
	struct ratelimit *rl = ratelimit_new(900);
	int retry;
	for (int i = 0; i < 5; i++) {
		ratelimit_fail(rl, "acct:ana", T0);
		ratelimit_fail(rl, "addr:10.0.0.1", T0);
	}
	ratelimit_clear(rl, "acct:ana");
	ratelimit_clear(rl, "acct:nobody"); /* unknown keys are fine */
	assert_false(ratelimit_blocked(rl, "acct:ana", 5, T0 + 1, &retry));
	assert_true(ratelimit_blocked(rl, "addr:10.0.0.1", 5, T0 + 1, &retry));
	assert_int_equal(ratelimit_size(rl), 1);
	ratelimit_free(rl);
	ratelimit_free(NULL);
}

static void the_table_is_bounded_and_still_counts_new_keys(void **state)
{
	(void)state;
	struct ratelimit *rl = ratelimit_new(60);
	char key[64];
	int retry;
	for (int i = 0; i < RATELIMIT_MAX_KEYS + 5000; i++) {
		snprintf(key, sizeof(key), "addr:flood-%d", i);
		ratelimit_fail(rl, key, T0 + i / 1000);
	}
	assert_int_equal(ratelimit_size(rl), RATELIMIT_MAX_KEYS);
	/* a full table of live keys: a new key is still counted */
	for (int i = 0; i < 3; i++)
		ratelimit_fail(rl, "acct:victim", T0 + 30000);
	assert_true(ratelimit_blocked(rl, "acct:victim", 3, T0 + 30001, &retry));
	assert_true(ratelimit_size(rl) <= RATELIMIT_MAX_KEYS);
	/* once the flood's window has passed, one sweep frees the table */
	ratelimit_fail(rl, "acct:later", T0 + 200000);
	assert_int_equal(ratelimit_size(rl), 1);
	ratelimit_free(rl);
}

struct worker_arg {
	struct ratelimit *rl;
	int id;
};

static void *hammer(void *p)
{
	struct worker_arg *a = p;
	char key[32];
	snprintf(key, sizeof(key), "addr:worker-%d", a->id);
	for (int i = 0; i < 2000; i++) {
		int retry;
		ratelimit_fail(a->rl, "acct:shared", T0);
		ratelimit_fail(a->rl, key, T0);
		(void)ratelimit_blocked(a->rl, "acct:shared", 1000000, T0, &retry);
		if (i % 100 == 0)
			ratelimit_clear(a->rl, key);
	}
	return NULL;
}

static void many_threads_count_every_failure(void **state)
{
	(void)state;
	struct ratelimit *rl = ratelimit_new(60);
	pthread_t th[4];
	struct worker_arg args[4];
	for (int i = 0; i < 4; i++) {
		args[i] = (struct worker_arg){rl, i};
		assert_int_equal(pthread_create(&th[i], NULL, hammer, &args[i]), 0);
	}
	for (int i = 0; i < 4; i++)
		pthread_join(th[i], NULL);
	int retry;
	assert_true(ratelimit_blocked(rl, "acct:shared", 8000, T0, &retry));
	assert_false(ratelimit_blocked(rl, "acct:shared", 8001, T0, &retry));
	ratelimit_free(rl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(blocks_at_the_limit_until_the_window_ends),
		cmocka_unit_test(clear_forgets_one_key),
		cmocka_unit_test(the_table_is_bounded_and_still_counts_new_keys),
		cmocka_unit_test(many_threads_count_every_failure),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}

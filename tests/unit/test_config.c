/* test_config.c — settings from defaults, file, environment and flags
 * (src/core/config.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/config.h"

static FILE *devnull(void) { return fopen("/dev/null", "w"); }

static void defaults_are_sane(void **state)
{
	(void)state;
	struct config c;
	char *argv[] = {"telemed", "serve"};
	FILE *err = devnull();
	assert_int_equal(config_load(&c, 2, argv, 2, err), 0);
	assert_int_equal(c.port, 8443);
	assert_int_equal(c.session_idle_seconds, 1800);
	assert_int_equal(c.session_absolute_seconds, 43200);
	assert_int_equal(c.max_body_bytes, 3145728); /* a 2 MiB photo and room to spare */
	assert_string_equal(c.db, "./data/telemed.db");
	assert_true(config_origin_allowed(&c, "https://localhost:8443"));
	assert_false(config_origin_allowed(&c, "https://evil.example"));
	assert_false(config_origin_allowed(&c, "http://localhost:8443"));
	config_cleanup(&c);
	fclose(err);
}

static void flags_beat_environment_beat_file(void **state)
{
	(void)state;
	char path[] = "/tmp/telemed-config-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	const char *text = "# a comment\nport = 9000\nworkers = 3\nlog-level = warn\n";
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	setenv("TELEMED_WORKERS", "5", 1);
	char *argv[] = {"telemed", "serve", "--config", path, "--data=/tmp/x",
			"--origin", "https://clinic.example, https://b.example"};
	struct config c;
	FILE *err = devnull();
	assert_int_equal(config_load(&c, 7, argv, 2, err), 0);
	assert_int_equal(c.port, 9000);
	assert_int_equal(c.workers, 5);
	assert_string_equal(c.log_level, "warn");
	assert_string_equal(c.db, "/tmp/x/telemed.db");
	assert_true(config_origin_allowed(&c, "https://clinic.example"));
	assert_true(config_origin_allowed(&c, "https://b.example"));
	assert_true(config_origin_allowed(&c, "https://localhost:9000"));
	config_cleanup(&c);
	unsetenv("TELEMED_WORKERS");
	unlink(path);
	fclose(err);
}

static void refuses_bad_values_and_unknown_flags(void **state)
{
	(void)state;
	struct config c;
	FILE *err = devnull();
	char *a1[] = {"telemed", "--port", "70000"};
	assert_int_equal(config_load(&c, 3, a1, 1, err), -1);
	config_cleanup(&c);
	char *a2[] = {"telemed", "--no-such-thing", "1"};
	assert_int_equal(config_load(&c, 3, a2, 1, err), -1);
	config_cleanup(&c);
	char *a3[] = {"telemed", "--workers"};
	assert_int_equal(config_load(&c, 2, a3, 1, err), -1);
	config_cleanup(&c);
	char *a4[] = {"telemed", "--tls-cert", "/x.pem"};
	assert_int_equal(config_load(&c, 3, a4, 1, err), -1);
	config_cleanup(&c);
	char *a5[] = {"telemed", "--log-level", "loud"};
	assert_int_equal(config_load(&c, 3, a5, 1, err), -1);
	config_cleanup(&c);
	fclose(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(defaults_are_sane),
		cmocka_unit_test(flags_beat_environment_beat_file),
		cmocka_unit_test(refuses_bad_values_and_unknown_flags),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

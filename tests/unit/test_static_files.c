/* test_static_files.c — static answers never leave their roots
 * (src/net/static_files.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api/api.h"
#include "net/static_files.h"

static char root[64], web[128], mods[128];

static void put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int setup(void **state)
{
	(void)state;
	snprintf(root, sizeof(root), "/tmp/telemed-static-XXXXXX");
	if (!mkdtemp(root))
		return -1;
	snprintf(web, sizeof(web), "%s/web", root);
	snprintf(mods, sizeof(mods), "%s/node_modules", root);
	char p[256];
	mkdir(web, 0700);
	mkdir(mods, 0700);
	snprintf(p, sizeof(p), "%s/preact", mods);
	mkdir(p, 0700);
	snprintf(p, sizeof(p), "%s/secret", mods);
	mkdir(p, 0700);
	snprintf(p, sizeof(p), "%s/index.html", web);
	put(p, "<!doctype html>INDEX");
	snprintf(p, sizeof(p), "%s/app.js", web);
	put(p, "APP");
	snprintf(p, sizeof(p), "%s/preact/x.js", mods);
	put(p, "PREACT");
	snprintf(p, sizeof(p), "%s/secret/x.js", mods);
	put(p, "SECRET");
	snprintf(p, sizeof(p), "%s/outside.txt", root);
	put(p, "OUTSIDE");
	snprintf(p, sizeof(p), "%s/link.txt", web);
	char target[256];
	snprintf(target, sizeof(target), "%s/outside.txt", root);
	if (symlink(target, p))
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	return system(cmd);
}

static struct api_response res;

static const char *serve(const char *path, const char *inm)
{
	api_response_cleanup(&res);
	api_response_init(&res);
	static_files_serve(web, mods, path, inm, &res);
	return res.body.data ? res.body.data : "";
}

static void serves_files_with_types(void **state)
{
	(void)state;
	assert_string_equal(serve("/app.js", ""), "APP");
	assert_int_equal(res.status, 200);
	assert_string_equal(res.content_type, "text/javascript; charset=utf-8");
	assert_string_equal(serve("/", ""), "<!doctype html>INDEX");
	assert_string_equal(res.content_type, "text/html; charset=utf-8");
	assert_string_equal(serve("/vendor/preact/x.js", ""), "PREACT");
}

static void unknown_app_paths_get_the_index(void **state)
{
	(void)state;
	assert_string_equal(serve("/profile/sessions", ""), "<!doctype html>INDEX");
	assert_int_equal(res.status, 200);
}

static void never_leaves_the_roots(void **state)
{
	(void)state;
	assert_null(strstr(serve("/../outside.txt", ""), "OUTSIDE"));
	assert_null(strstr(serve("/link.txt", ""), "OUTSIDE"));
	assert_null(strstr(serve("/vendor/secret/x.js", ""), "SECRET"));
	assert_int_equal(res.status, 404);
	assert_null(strstr(serve("/vendor/preact/../secret/x.js", ""), "SECRET"));
	assert_null(strstr(serve("/vendor/../outside.txt", ""), "OUTSIDE"));
}

static void revalidates_with_etags(void **state)
{
	(void)state;
	serve("/app.js", "");
	char etag[64] = "";
	for (int i = 0; i < res.nheaders; i++)
		if (strcmp(res.headers[i].name, "etag") == 0)
			snprintf(etag, sizeof(etag), "%s", res.headers[i].value);
	assert_true(etag[0] == '"');
	serve("/app.js", etag);
	assert_int_equal(res.status, 304);
	assert_int_equal(res.body.len, 0);
	api_response_cleanup(&res);
}

int main(void)
{
	api_response_init(&res);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(serves_files_with_types),
		cmocka_unit_test(unknown_app_paths_get_the_index),
		cmocka_unit_test(never_leaves_the_roots),
		cmocka_unit_test(revalidates_with_etags),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

/* test_filename.c — file names made safe to keep and to offer again
 * (src/interop/filename.c): no folders, control characters, quotes or
 * leading dots; cut at a character boundary; a fallback when nothing is
 * left or the bytes are not UTF-8. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "interop/filename.h"

/* The cleaned name of name (max bytes, fallback "file") equals want. */
static void expect(const char *name, size_t max, const char *want)
{
	char *got = filename_clean(name, max, "file");
	assert_string_equal(got, want);
	free(got);
}

static void folders_and_hidden_names_go(void **state)
{
	(void)state;
	expect("../../etc/passwd", 255, "passwd");
	expect("..\\..\\boot.ini", 255, "boot.ini");
	expect("C:\\Users\\ana\\x-ray.png", 255, "x-ray.png");
	expect(".bashrc", 255, "bashrc");
	expect("dir/", 255, "file");
	expect("..", 255, "file");
	expect(" . ", 255, "file");
}

static void control_characters_and_quotes_go(void **state)
{
	(void)state;
	expect("a\r\nb\"c\x7f.txt", 255, "abc.txt");
	expect("tab\there.pdf", 255, "tabhere.pdf");
	expect("<img src=x onerror=alert(1)>.png", 255, "<img src=x onerror=alert(1)>.png");
	expect("Résumé d’exame.pdf", 255, "Résumé d’exame.pdf");
}

static void long_names_are_cut_between_characters(void **state)
{
	(void)state;
	expect("abcdef", 4, "abcd");
	expect("ab\xC3\xA9", 3, "ab");        /* "abé": é would be cut in two */
	expect("\xE2\x82\xAC\xE2\x82\xAC", 4, "\xE2\x82\xAC"); /* "€€" */
	expect("abc   def", 5, "abc");       /* no blank at the end */
}

static void what_is_not_a_name_falls_back(void **state)
{
	(void)state;
	expect(NULL, 255, "file");
	expect("", 255, "file");
	expect("\xff\xfe", 255, "file");
	expect("\xED\xA0\x80.txt", 255, "file"); /* a surrogate */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(folders_and_hidden_names_go),
		cmocka_unit_test(control_characters_and_quotes_go),
		cmocka_unit_test(long_names_are_cut_between_characters),
		cmocka_unit_test(what_is_not_a_name_falls_back),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

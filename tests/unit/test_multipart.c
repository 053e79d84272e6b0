/* test_multipart.c — multipart/form-data bodies (src/interop/multipart.c)
 * and attachment types told by their bytes (src/interop/filetype.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "interop/filetype.h"
#include "interop/multipart.h"

#define BODY(lit) lit, sizeof(lit) - 1

static void the_boundary_comes_from_the_content_type(void **state)
{
	(void)state;
	char b[MULTIPART_BOUNDARY_MAX + 1];
	assert_true(multipart_boundary("multipart/form-data; boundary=----abc123", b));
	assert_string_equal(b, "----abc123");
	assert_true(multipart_boundary("Multipart/Form-Data;boundary=\"a b;c\"", b));
	assert_string_equal(b, "a b;c");
	assert_true(multipart_boundary("multipart/form-data; charset=utf-8; boundary=x", b));
	assert_string_equal(b, "x");
	assert_false(multipart_boundary("multipart/form-data", b));
	assert_false(multipart_boundary("multipart/form-data; boundary=", b));
	assert_false(multipart_boundary("multipart/mixed; boundary=x", b));
	assert_false(multipart_boundary("application/json", b));
	assert_false(multipart_boundary("", b));
	char longer[200];
	memset(longer, 'a', sizeof(longer));
	memcpy(longer, "multipart/form-data; boundary=", 30);
	longer[sizeof(longer) - 1] = '\0';
	assert_false(multipart_boundary(longer, b));
}

static void a_text_field_and_a_file(void **state)
{
	(void)state;
	struct multipart_part p[4];
	int n = multipart_parse(BODY("--xyz\r\n"
		"Content-Disposition: form-data; name=\"text\"\r\n\r\n"
		"hello\r\nworld\r\n"
		"--xyz\r\n"
		"Content-Disposition: form-data; name=\"file\"; filename=\"scan.png\"\r\n"
		"Content-Type: image/png\r\n\r\n"
		"\x89PNG\r\n--xy not the end\r\n"
		"--xyz--\r\n"), "xyz", p, 4);
	assert_int_equal(n, 2);
	assert_string_equal(p[0].name, "text");
	assert_false(p[0].has_filename);
	assert_int_equal(p[0].len, 12);
	assert_memory_equal(p[0].data, "hello\r\nworld", 12);
	assert_string_equal(p[1].name, "file");
	assert_true(p[1].has_filename);
	assert_string_equal(p[1].filename, "scan.png");
	assert_int_equal(p[1].len, 22);
	assert_memory_equal(p[1].data, "\x89PNG\r\n--xy not the end", 22);
	/* a preamble before the first delimiter and an empty file name */
	n = multipart_parse(BODY("ignored\r\n--b\r\n"
		"content-disposition: form-data; filename=\"\"; name=file\r\n\r\n"
		"\r\n--b--"), "b", p, 4);
	assert_int_equal(n, 1);
	assert_true(p[0].has_filename);
	assert_string_equal(p[0].filename, "");
	assert_int_equal(p[0].len, 0);
}

static void malformed_bodies_are_refused(void **state)
{
	(void)state;
	struct multipart_part p[2];
	/* no closing delimiter */
	assert_int_equal(multipart_parse(BODY("--b\r\nContent-Disposition: form-data; "
		"name=\"a\"\r\n\r\nno end"), "b", p, 2), -1);
	/* no name */
	assert_int_equal(multipart_parse(BODY("--b\r\nContent-Disposition: form-data\r\n\r\n"
		"x\r\n--b--"), "b", p, 2), -1);
	/* not form-data */
	assert_int_equal(multipart_parse(BODY("--b\r\nContent-Disposition: attachment; "
		"name=\"a\"\r\n\r\nx\r\n--b--"), "b", p, 2), -1);
	/* an unterminated quote */
	assert_int_equal(multipart_parse(BODY("--b\r\nContent-Disposition: form-data; "
		"name=\"a\r\n\r\nx\r\n--b--"), "b", p, 2), -1);
	/* headers that never end */
	assert_int_equal(multipart_parse(BODY("--b\r\nContent-Disposition: form-data; "
		"name=\"a\"\r\nx\r\n--b--"), "b", p, 2), -1);
	/* more parts than asked for */
	assert_int_equal(multipart_parse(BODY(
		"--b\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n"
		"--b\r\nContent-Disposition: form-data; name=b\r\n\r\n2\r\n"
		"--b\r\nContent-Disposition: form-data; name=c\r\n\r\n3\r\n--b--"), "b", p, 2), -1);
	/* no delimiter at all, an empty body, another boundary */
	assert_int_equal(multipart_parse(BODY("just text"), "b", p, 2), -1);
	assert_int_equal(multipart_parse("", 0, "b", p, 2), -1);
	assert_int_equal(multipart_parse(BODY("--a\r\nContent-Disposition: form-data; "
		"name=x\r\n\r\n1\r\n--a--"), "b", p, 2), -1);
	/* garbage after a delimiter */
	assert_int_equal(multipart_parse(BODY("--bxx"), "b", p, 2), -1);
}

#define TYPE(lit) filetype_of(lit, sizeof(lit) - 1)

static void attachments_are_told_by_their_bytes(void **state)
{
	(void)state;
	assert_string_equal(TYPE("\x89PNG\r\n\x1A\n\0\0\0\x0DIHDR\0\0\0\x01"), "image/png");
	assert_string_equal(TYPE("\xFF\xD8\xFF\xE0\0\x10JFIF"), "image/jpeg");
	assert_string_equal(TYPE("%PDF-1.7\n%\xE2\xE3\xCF\xD3"), "application/pdf");
	assert_string_equal(TYPE("plain words\r\n\tand a tab"), "text/plain; charset=utf-8");
	assert_string_equal(TYPE("caf\xC3\xA9 \xF0\x9F\x98\x80"), "text/plain; charset=utf-8");
	assert_null(filetype_of(NULL, 0));
	assert_null(TYPE(""));
	assert_string_equal(TYPE("%PDF-"), "text/plain; charset=utf-8"); /* too short for a PDF */
	assert_null(TYPE("\x7F" "ELF\x02\x01\x01")); /* a program */
	assert_null(TYPE("PK\x03\x04zip"));        /* an archive */
	assert_null(TYPE("nul\0inside"));
	assert_null(TYPE("escape \x1B[31m"));
	assert_null(TYPE("latin-1 caf\xE9"));      /* not UTF-8 */
	assert_null(TYPE("\xC0\xAF"));             /* overlong */
	assert_null(TYPE("\xED\xA0\x80"));         /* a surrogate */
	assert_null(TYPE("cut \xE2\x82"));         /* a sequence cut short */
	assert_null(TYPE("GIF89a\x01\0\x01\0"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_boundary_comes_from_the_content_type),
		cmocka_unit_test(a_text_field_and_a_file),
		cmocka_unit_test(malformed_bodies_are_refused),
		cmocka_unit_test(attachments_are_told_by_their_bytes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_image.c — image types told by their bytes (src/interop/image.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "interop/image.h"

#define TYPE(lit) image_type(lit, sizeof(lit) - 1)

static void the_three_kinds_by_their_signatures(void **state)
{
	(void)state;
	assert_string_equal(TYPE("\xFF\xD8\xFF\xE0\0\x10JFIF"), "image/jpeg");
	assert_string_equal(TYPE("\xFF\xD8\xFF\xDB"), "image/jpeg");
	assert_string_equal(TYPE("\x89PNG\r\n\x1A\n\0\0\0\x0DIHDR\0\0\0\x01"), "image/png");
	assert_string_equal(TYPE("RIFF\x1A\0\0\0WEBPVP8L\x0D\0\0\0"), "image/webp");
	assert_string_equal(TYPE("RIFF\x1A\0\0\0WEBPVP8 \x0D\0\0\0"), "image/webp");
	assert_string_equal(TYPE("RIFF\x1A\0\0\0WEBPVP8X\x0A\0\0\0"), "image/webp");
}

static void anything_else_is_none(void **state)
{
	(void)state;
	assert_null(image_type(NULL, 0));
	assert_null(TYPE(""));
	assert_null(TYPE("\xFF\xD8"));                        /* cut short */
	assert_null(TYPE("\x89PNG\r\n\x1A\n"));               /* the signature alone */
	assert_null(TYPE("\x89PNG\r\n\x1A\n\0\0\0\x0DIDAT")); /* no header chunk first */
	assert_null(TYPE("\x89PNG\n\n\x1A\n\0\0\0\x0DIHDR"));  /* line ends mangled */
	assert_null(TYPE("RIFF\x1A\0\0\0WAVEfmt "));
	assert_null(TYPE("RIFF\x1A\0\0\0WEBPVP8Q\0\0\0\0"));
	assert_null(TYPE("RIFF\x1A\0\0\0WEBPVP8"));
	assert_null(TYPE("GIF89a\x01\0\x01\0"));
	assert_null(TYPE("<svg xmlns=\"http://www.w3.org/2000/svg\"/>"));
	assert_null(TYPE("BM\x3A\0\0\0"));
	/* a picture's name or declared type never enters into it */
	assert_null(TYPE("photo.jpg image/jpeg"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_three_kinds_by_their_signatures),
		cmocka_unit_test(anything_else_is_none),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

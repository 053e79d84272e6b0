/* test_seal.c — values sealed at rest (src/sec/seal.c): what seals opens
 * with the same associated data and only with it, tampering and unknown
 * keys are told apart, and the key file is made private, refused when
 * others may read it, and grows by rotation while old keys still open. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sec/seal.h"

struct ring {
	char dir[64];
	char path[96];
	struct seal_keyring *k;
};

static int ring_setup(void **state)
{
	if (sodium_init() < 0)
		return -1;
	struct ring *r = calloc(1, sizeof(*r));
	snprintf(r->dir, sizeof(r->dir), "/tmp/telemed-seal-XXXXXX");
	if (!mkdtemp(r->dir))
		return -1;
	snprintf(r->path, sizeof(r->path), "%s/telemed.keys", r->dir);
	char err[300];
	r->k = seal_keyring_load(r->path, true, err, sizeof(err));
	*state = r;
	return r->k ? 0 : -1;
}

static int ring_teardown(void **state)
{
	struct ring *r = *state;
	seal_keyring_free(r->k);
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", r->dir);
	int rc = system(cmd);
	free(r);
	return rc;
}

static const char row[] = "messages.body:0b4f2a64-4c5e-4a8e-9d1b-2f6a1e7c3d90";
static const char secret[] = "my HIV test came back; what now?";

static unsigned char *seal_secret(struct ring *r, size_t *len)
{
	return seal_value(r->k, row, strlen(row), secret, strlen(secret), len);
}

static void what_is_sealed_opens_with_its_row(void **state)
{
	struct ring *r = *state;
	size_t len;
	unsigned char *sealed = seal_secret(r, &len);
	assert_int_equal(len, strlen(secret) + SEAL_OVERHEAD);
	assert_null(memmem(sealed, len, "HIV", 3));
	unsigned char *plain;
	size_t plain_len;
	assert_int_equal(seal_open(r->k, row, strlen(row), sealed, len, &plain, &plain_len), SEAL_OK);
	assert_int_equal(plain_len, strlen(secret));
	assert_string_equal((char *)plain, secret);
	free(plain);
	/* the same text sealed twice looks different (a fresh nonce each time) */
	size_t len2;
	unsigned char *again = seal_secret(r, &len2);
	assert_memory_not_equal(sealed, again, len);
	free(again);
	/* and an empty value seals too */
	unsigned char *empty = seal_value(r->k, row, strlen(row), "", 0, &len2);
	assert_int_equal(seal_open(r->k, row, strlen(row), empty, len2, &plain, &plain_len), SEAL_OK);
	assert_int_equal(plain_len, 0);
	free(plain);
	free(empty);
	free(sealed);
}

static void another_row_does_not_open_it(void **state)
{
	struct ring *r = *state;
	size_t len;
	unsigned char *sealed = seal_secret(r, &len);
	static const char other[] = "messages.body:0b4f2a64-4c5e-4a8e-9d1b-2f6a1e7c3d91";
	unsigned char *plain = (unsigned char *)"untouched";
	size_t plain_len = 7;
	assert_int_equal(seal_open(r->k, other, strlen(other), sealed, len, &plain, &plain_len),
			 SEAL_BROKEN);
	assert_null(plain);
	assert_int_equal(plain_len, 0);
	assert_int_equal(seal_open(r->k, "", 0, sealed, len, &plain, &plain_len), SEAL_BROKEN);
	free(sealed);
}

static void any_changed_byte_breaks_it(void **state)
{
	struct ring *r = *state;
	size_t len;
	unsigned char *sealed = seal_secret(r, &len);
	unsigned char *plain;
	size_t plain_len;
	/* every byte past the key id: the nonce, the ciphertext, the tag */
	for (size_t i = 5; i < len; i++) {
		sealed[i] ^= 0x01;
		assert_int_equal(seal_open(r->k, row, strlen(row), sealed, len, &plain, &plain_len),
				 SEAL_BROKEN);
		sealed[i] ^= 0x01;
	}
	sealed[0] = 2; /* a version we do not know */
	assert_int_equal(seal_open(r->k, row, strlen(row), sealed, len, &plain, &plain_len),
			 SEAL_BROKEN);
	sealed[0] = SEAL_VERSION;
	assert_int_equal(seal_open(r->k, row, strlen(row), sealed, len - 1, &plain, &plain_len),
			 SEAL_BROKEN);
	assert_int_equal(seal_open(r->k, row, strlen(row), sealed, SEAL_OVERHEAD - 1, &plain,
				   &plain_len), SEAL_BROKEN);
	assert_int_equal(seal_open(r->k, row, strlen(row), NULL, 0, &plain, &plain_len),
			 SEAL_BROKEN);
	assert_int_equal(seal_open(r->k, row, strlen(row), sealed, len, &plain, &plain_len), SEAL_OK);
	free(plain);
	free(sealed);
}

static void a_key_id_nobody_holds_is_unknown(void **state)
{
	struct ring *r = *state;
	size_t len;
	unsigned char *sealed = seal_secret(r, &len);
	uint32_t id;
	assert_true(seal_key_of(sealed, len, &id));
	assert_int_equal(id, 1);
	sealed[4] = 9; /* key 9 */
	unsigned char *plain;
	size_t plain_len;
	assert_int_equal(seal_open(r->k, row, strlen(row), sealed, len, &plain, &plain_len),
			 SEAL_UNKNOWN_KEY);
	sealed[4] = 1;
	sealed[1] = 0x80; /* key 0x80000001: the id is authenticated too */
	assert_int_equal(seal_open(r->k, row, strlen(row), sealed, len, &plain, &plain_len),
			 SEAL_UNKNOWN_KEY);
	free(sealed);
}

static void the_key_file_is_private_and_checked(void **state)
{
	struct ring *r = *state;
	struct stat st;
	assert_int_equal(stat(r->path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	char err[300] = "";
	/* loaded again, the same key opens what the first keyring sealed */
	size_t len;
	unsigned char *sealed = seal_secret(r, &len);
	struct seal_keyring *again = seal_keyring_load(r->path, false, err, sizeof(err));
	assert_non_null(again);
	unsigned char *plain;
	size_t plain_len;
	assert_int_equal(seal_open(again, row, strlen(row), sealed, len, &plain, &plain_len), SEAL_OK);
	free(plain);
	seal_keyring_free(again);
	free(sealed);
	/* a file others may read is refused */
	assert_int_equal(chmod(r->path, 0640), 0);
	assert_null(seal_keyring_load(r->path, true, err, sizeof(err)));
	assert_non_null(strstr(err, "chmod 600"));
	assert_int_equal(chmod(r->path, 0600), 0);
	/* a missing file is made only when asked */
	char missing[128];
	snprintf(missing, sizeof(missing), "%s/none.keys", r->dir);
	assert_null(seal_keyring_load(missing, false, err, sizeof(err)));
	/* a malformed one is refused with its line */
	char bad[128];
	snprintf(bad, sizeof(bad), "%s/bad.keys", r->dir);
	FILE *f = fopen(bad, "w");
	fputs("# comment\nkey 1 abcd\n", f);
	fclose(f);
	chmod(bad, 0600);
	assert_null(seal_keyring_load(bad, false, err, sizeof(err)));
	assert_non_null(strstr(err, ":2:"));
}

static void a_new_key_seals_and_the_old_still_opens(void **state)
{
	struct ring *r = *state;
	size_t old_len;
	unsigned char *old = seal_secret(r, &old_len);
	/* another process (telemed keys rotate) adds a key to the file */
	char err[300] = "";
	struct seal_keyring *rotator = seal_keyring_load(r->path, false, err, sizeof(err));
	assert_non_null(rotator);
	uint32_t id = 0;
	assert_int_equal(seal_keyring_add(rotator, &id, err, sizeof(err)), 0);
	assert_int_equal(id, 2);
	size_t new_len;
	unsigned char *fresh = seal_value(rotator, row, strlen(row), secret, strlen(secret), &new_len);
	seal_keyring_free(rotator);
	struct stat st;
	assert_int_equal(stat(r->path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	/* the first keyring reads the file again: it opens the new key's value
	 * and seals with the new key from now on */
	unsigned char *plain;
	size_t plain_len;
	assert_int_equal(seal_open(r->k, row, strlen(row), fresh, new_len, &plain, &plain_len), SEAL_OK);
	free(plain);
	assert_int_equal(seal_current_key(r->k), 2);
	size_t len;
	unsigned char *now = seal_secret(r, &len);
	uint32_t key;
	assert_true(seal_key_of(now, len, &key));
	assert_int_equal(key, 2);
	assert_int_equal(seal_open(r->k, row, strlen(row), old, old_len, &plain, &plain_len), SEAL_OK);
	free(plain);
	free(now);
	free(fresh);
	free(old);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(what_is_sealed_opens_with_its_row, ring_setup, ring_teardown),
		cmocka_unit_test_setup_teardown(another_row_does_not_open_it, ring_setup, ring_teardown),
		cmocka_unit_test_setup_teardown(any_changed_byte_breaks_it, ring_setup, ring_teardown),
		cmocka_unit_test_setup_teardown(a_key_id_nobody_holds_is_unknown, ring_setup, ring_teardown),
		cmocka_unit_test_setup_teardown(the_key_file_is_private_and_checked, ring_setup, ring_teardown),
		cmocka_unit_test_setup_teardown(a_new_key_seals_and_the_old_still_opens, ring_setup, ring_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

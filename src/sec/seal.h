/* seal.h — sealing values at rest: XChaCha20-Poly1305 (libsodium's
 * crypto_aead_xchacha20poly1305_ietf_*) under keys kept in a key file
 * outside the store. Nothing here knows what it seals: a caller hands a
 * buffer and its associated data (the row it belongs to) and gets sealed
 * bytes back, and the same associated data opens them again.
 *
 * A sealed value is a small header and the ciphertext:
 *   version (1 byte, SEAL_VERSION) · key id (4 bytes, big-endian) ·
 *   nonce (24 random bytes) · ciphertext with its 16-byte tag.
 * The header is authenticated too (it is part of the associated data), so
 * a value moved to another row, or given another key id, does not open.
 *
 * The key file is text: a comment and one line "key <id> <64 hex digits>"
 * per key; the highest id seals new values, every listed key opens. It is
 * made (mode 0600, one fresh key) when missing, and refused when group or
 * others may read it. A keyring notices when its file is replaced (by
 * `telemed keys rotate`) and reads it again, so a running server picks up
 * a new key before the values are re-sealed with it.
 *
 * Threads: any. A keyring is locked inside; key bytes live in memory that
 * libsodium locks (no swap) and wipes on free. */
#ifndef TELEMED_SEAL_H
#define TELEMED_SEAL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SEAL_VERSION 1
#define SEAL_HEADER_BYTES (1 + 4 + 24)
#define SEAL_OVERHEAD (SEAL_HEADER_BYTES + 16)
#define SEAL_KEYS_MAX 64

enum seal_rc {
	SEAL_OK = 0,
	SEAL_UNKNOWN_KEY, /* the value names a key the file does not hold */
	SEAL_BROKEN,      /* malformed, tampered with, or other associated data */
};

struct seal_keyring;

/* Reads the key file at path; when it is missing and create is true, makes
 * it with one fresh key. Returns a new keyring (free with seal_keyring_free),
 * or NULL with a message in err: unreadable, readable by group or others,
 * malformed, or missing with create false. */
struct seal_keyring *seal_keyring_load(const char *path, bool create, char *err,
				       size_t errlen);
void seal_keyring_free(struct seal_keyring *k); /* NULL is a no-op */

/* The id of the key that seals new values. */
uint32_t seal_current_key(struct seal_keyring *k);

/* Adds a fresh key with the next id, which becomes the current one, and
 * replaces the file with one that holds it (written aside, then renamed).
 * 0 and *new_id, or -1 with a message in err. */
int seal_keyring_add(struct seal_keyring *k, uint32_t *new_id, char *err, size_t errlen);

/* Seals plain[0..len) with the current key, bound to ad[0..adlen).
 * Returns a new buffer of len + SEAL_OVERHEAD bytes (free() it). */
unsigned char *seal_value(struct seal_keyring *k, const void *ad, size_t adlen,
			  const void *plain, size_t len, size_t *sealed_len);

/* Opens a sealed value bound to ad. On SEAL_OK *plain is a new buffer of
 * *plain_len bytes plus a terminating NUL (free() it); otherwise NULL. */
enum seal_rc seal_open(struct seal_keyring *k, const void *ad, size_t adlen,
		       const void *sealed, size_t len, unsigned char **plain,
		       size_t *plain_len);

/* The key id in a sealed value's header; false when it is not one. */
bool seal_key_of(const void *sealed, size_t len, uint32_t *key_id);

#endif

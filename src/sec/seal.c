/* seal.c — values sealed at rest and the key file behind them (see seal.h).
 * Any thread: the keyring's keys and what it last saw of its file are
 * guarded by its lock; sealing and opening copy the one key they need and
 * work outside it, so a 25 MB attachment never holds up other threads. */
#include "seal.h"
#include "../core/log.h"
#include "../core/mem.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define KEY_BYTES crypto_aead_xchacha20poly1305_ietf_KEYBYTES
#define NONCE_BYTES crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define KEY_FILE_MAX 16384

_Static_assert(SEAL_HEADER_BYTES == 1 + 4 + NONCE_BYTES, "header layout");
_Static_assert(SEAL_OVERHEAD == SEAL_HEADER_BYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES,
	       "overhead");

struct seal_key {
	uint32_t id;
	unsigned char bytes[KEY_BYTES];
};

/* A set of keys as read from one version of the file; sodium_malloc'd. */
struct key_set {
	int n;
	struct seal_key keys[SEAL_KEYS_MAX];
};

struct seal_keyring {
	pthread_mutex_t lock;
	char *path;
	struct key_set *set; /* lock */
	struct stat seen;    /* lock: the file as last read */
};

static struct key_set *set_new(void)
{
	struct key_set *s = sodium_malloc(sizeof(*s));
	if (!s)
		abort();
	memset(s, 0, sizeof(*s));
	return s;
}

static void set_free(struct key_set *s)
{
	if (s)
		sodium_free(s); /* wipes it */
}

static const struct seal_key *set_find(const struct key_set *s, uint32_t id)
{
	for (int i = 0; i < s->n; i++)
		if (s->keys[i].id == id)
			return &s->keys[i];
	return NULL;
}

static const struct seal_key *set_current(const struct key_set *s)
{
	const struct seal_key *best = &s->keys[0];
	for (int i = 1; i < s->n; i++)
		if (s->keys[i].id > best->id)
			best = &s->keys[i];
	return best;
}

/* One "key <id> <hex>" line into s; false when it is not one. */
static bool parse_line(const char *line, struct key_set *s)
{
	if (strncmp(line, "key ", 4) != 0 || s->n == SEAL_KEYS_MAX)
		return false;
	char *end;
	errno = 0;
	unsigned long long id = strtoull(line + 4, &end, 10);
	if (errno || end == line + 4 || *end != ' ' || id == 0 || id > UINT32_MAX ||
	    set_find(s, (uint32_t)id))
		return false;
	const char *hex = end + 1;
	size_t hex_len = strcspn(hex, "\r\n");
	size_t got = 0;
	struct seal_key *k = &s->keys[s->n];
	if (hex_len != 2 * KEY_BYTES || hex[hex_len] != '\0' ||
	    sodium_hex2bin(k->bytes, KEY_BYTES, hex, hex_len, NULL, &got, NULL) || got != KEY_BYTES)
		return false;
	k->id = (uint32_t)id;
	s->n++;
	return true;
}

/* The keys in text[0..len); NULL when any line is malformed or none is there. */
static struct key_set *parse_file(char *text, char *err, size_t errlen, const char *path)
{
	struct key_set *s = set_new();
	int lineno = 0;
	for (char *line = text, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		line[strcspn(line, "\r")] = '\0';
		if (!*line || *line == '#')
			continue;
		if (!parse_line(line, s)) {
			snprintf(err, errlen, "%s:%d: expected \"key <id> <64 hex digits>\" "
				 "with a new id (at most %d keys)", path, lineno, SEAL_KEYS_MAX);
			set_free(s);
			return NULL;
		}
	}
	if (s->n == 0) {
		snprintf(err, errlen, "%s holds no key", path);
		set_free(s);
		return NULL;
	}
	return s;
}

/* Reads and parses the file; *st gets what it was. NULL with err. */
static struct key_set *read_file(const char *path, struct stat *st, char *err, size_t errlen)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "cannot read the key file %s (errno %d)", path, errno);
		return NULL;
	}
	struct key_set *s = NULL;
	char *text = NULL;
	if (fstat(fd, st) || !S_ISREG(st->st_mode)) {
		snprintf(err, errlen, "the key file %s is not a regular file", path);
	} else if (st->st_mode & 077) {
		snprintf(err, errlen, "the key file %s must be readable by its owner only "
			 "(chmod 600)", path);
	} else if (st->st_size <= 0 || st->st_size > KEY_FILE_MAX) {
		snprintf(err, errlen, "the key file %s is empty or too large", path);
	} else {
		size_t len = (size_t)st->st_size;
		text = sodium_malloc(len + 1);
		if (!text)
			abort();
		ssize_t got = read(fd, text, len);
		text[got > 0 ? (size_t)got : 0] = '\0';
		if (got == (ssize_t)len)
			s = parse_file(text, err, errlen, path);
		else
			snprintf(err, errlen, "cannot read the key file %s", path);
		sodium_free(text);
	}
	close(fd);
	return s;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Writes s to path through path.tmp and a rename, mode 0600. */
static int write_file(const char *path, const struct key_set *s, char *err, size_t errlen)
{
	size_t tmp_len = strlen(path) + 5;
	char *tmp = mem_alloc(tmp_len);
	snprintf(tmp, tmp_len, "%s.tmp", path);
	unlink(tmp); /* left by an interrupted run */
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	int rc = fd < 0 ? -1 : 0;
	static const char head[] =
		"# telemed sealing keys: the highest id seals new values, every key here\n"
		"# opens the values sealed with it. Keep this file secret (mode 0600) and\n"
		"# back it up apart from the store: without it sealed values are lost.\n";
	if (!rc)
		rc = write_all(fd, head, sizeof(head) - 1);
	char line[2 * KEY_BYTES + 32];
	for (int i = 0; !rc && i < s->n; i++) {
		int at = snprintf(line, sizeof(line), "key %u ", (unsigned)s->keys[i].id);
		sodium_bin2hex(line + at, sizeof(line) - (size_t)at - 1, s->keys[i].bytes, KEY_BYTES);
		size_t n = strlen(line);
		line[n++] = '\n';
		rc = write_all(fd, line, n);
	}
	sodium_memzero(line, sizeof(line));
	if (!rc)
		rc = fsync(fd);
	if (fd >= 0 && close(fd))
		rc = -1;
	if (!rc)
		rc = rename(tmp, path);
	if (rc) {
		snprintf(err, errlen, "cannot write the key file %s (errno %d)", path, errno);
		unlink(tmp);
	}
	free(tmp);
	return rc;
}

static bool same_file(const struct stat *a, const struct stat *b)
{
	return a->st_ino == b->st_ino && a->st_dev == b->st_dev && a->st_size == b->st_size &&
	       a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

/* Reads the file again when it was replaced or changed. Caller holds lock.
 * A file that became unreadable or malformed leaves the keys as they were. */
static void refresh_locked(struct seal_keyring *k)
{
	struct stat now;
	if (stat(k->path, &now) || same_file(&now, &k->seen))
		return;
	char err[300];
	struct key_set *s = read_file(k->path, &now, err, sizeof(err));
	if (!s) {
		log_warn("key_file_unusable", "msg=\"%s\"", err);
		return;
	}
	set_free(k->set);
	k->set = s;
	k->seen = now;
}

struct seal_keyring *seal_keyring_load(const char *path, bool create, char *err,
				       size_t errlen)
{
	struct stat st;
	if (create && stat(path, &st) && errno == ENOENT) {
		struct key_set *fresh = set_new();
		fresh->n = 1;
		fresh->keys[0].id = 1;
		crypto_aead_xchacha20poly1305_ietf_keygen(fresh->keys[0].bytes);
		int rc = write_file(path, fresh, err, errlen);
		set_free(fresh);
		if (rc)
			return NULL;
	}
	struct key_set *s = read_file(path, &st, err, errlen);
	if (!s)
		return NULL;
	struct seal_keyring *k = mem_calloc(1, sizeof(*k));
	pthread_mutex_init(&k->lock, NULL);
	k->path = mem_strdup(path);
	k->set = s;
	k->seen = st;
	return k;
}

void seal_keyring_free(struct seal_keyring *k)
{
	if (!k)
		return;
	set_free(k->set);
	free(k->path);
	pthread_mutex_destroy(&k->lock);
	free(k);
}

uint32_t seal_current_key(struct seal_keyring *k)
{
	pthread_mutex_lock(&k->lock);
	refresh_locked(k);
	uint32_t id = set_current(k->set)->id;
	pthread_mutex_unlock(&k->lock);
	return id;
}

int seal_keyring_add(struct seal_keyring *k, uint32_t *new_id, char *err, size_t errlen)
{
	*err = '\0';
	pthread_mutex_lock(&k->lock);
	refresh_locked(k);
	int rc = -1;
	struct key_set *s = set_new();
	uint32_t id = set_current(k->set)->id;
	if (k->set->n == SEAL_KEYS_MAX || id == UINT32_MAX) {
		snprintf(err, errlen, "the key file %s is full (%d keys)", k->path, SEAL_KEYS_MAX);
		goto out;
	}
	memcpy(s, k->set, sizeof(*s));
	s->keys[s->n].id = id + 1;
	crypto_aead_xchacha20poly1305_ietf_keygen(s->keys[s->n].bytes);
	s->n++;
	struct stat st;
	if (write_file(k->path, s, err, errlen) || stat(k->path, &st)) {
		if (!*err)
			snprintf(err, errlen, "cannot read back the key file %s", k->path);
		goto out;
	}
	set_free(k->set);
	k->set = s;
	k->seen = st;
	s = NULL;
	*new_id = id + 1;
	rc = 0;
out:
	set_free(s);
	pthread_mutex_unlock(&k->lock);
	return rc;
}

/* The key named id (the current one for id 0), copied into out; false when
 * the keyring has none by that id even after reading its file again. */
static bool copy_key(struct seal_keyring *k, uint32_t id, struct seal_key *out)
{
	pthread_mutex_lock(&k->lock);
	if (id == 0 || !set_find(k->set, id))
		refresh_locked(k);
	const struct seal_key *found = id ? set_find(k->set, id) : set_current(k->set);
	if (found)
		*out = *found;
	pthread_mutex_unlock(&k->lock);
	return found != NULL;
}

/* The associated data the cipher sees: the value's header, then the caller's. */
static unsigned char *full_ad(const unsigned char *header, const void *ad, size_t adlen)
{
	unsigned char *out = mem_alloc(SEAL_HEADER_BYTES + adlen + 1);
	memcpy(out, header, SEAL_HEADER_BYTES);
	if (adlen)
		memcpy(out + SEAL_HEADER_BYTES, ad, adlen);
	return out;
}

unsigned char *seal_value(struct seal_keyring *k, const void *ad, size_t adlen,
			  const void *plain, size_t len, size_t *sealed_len)
{
	struct seal_key key;
	copy_key(k, 0, &key); /* a keyring always holds a current key */
	unsigned char *out = mem_alloc(len + SEAL_OVERHEAD);
	out[0] = SEAL_VERSION;
	out[1] = (unsigned char)(key.id >> 24);
	out[2] = (unsigned char)(key.id >> 16);
	out[3] = (unsigned char)(key.id >> 8);
	out[4] = (unsigned char)key.id;
	randombytes_buf(out + 5, NONCE_BYTES);
	unsigned char *all_ad = full_ad(out, ad, adlen);
	unsigned long long clen = 0;
	crypto_aead_xchacha20poly1305_ietf_encrypt(out + SEAL_HEADER_BYTES, &clen, plain, len,
						   all_ad, SEAL_HEADER_BYTES + adlen, NULL,
						   out + 5, key.bytes);
	sodium_memzero(&key, sizeof(key));
	free(all_ad);
	*sealed_len = SEAL_HEADER_BYTES + (size_t)clen;
	return out;
}

bool seal_key_of(const void *sealed, size_t len, uint32_t *key_id)
{
	const unsigned char *p = sealed;
	if (!p || len < SEAL_OVERHEAD || p[0] != SEAL_VERSION)
		return false;
	*key_id = (uint32_t)p[1] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 8 | p[4];
	return true;
}

enum seal_rc seal_open(struct seal_keyring *k, const void *ad, size_t adlen,
		       const void *sealed, size_t len, unsigned char **plain,
		       size_t *plain_len)
{
	*plain = NULL;
	*plain_len = 0;
	uint32_t id;
	if (!seal_key_of(sealed, len, &id) || id == 0)
		return SEAL_BROKEN;
	struct seal_key key;
	if (!copy_key(k, id, &key))
		return SEAL_UNKNOWN_KEY;
	const unsigned char *in = sealed;
	size_t clen = len - SEAL_HEADER_BYTES;
	unsigned char *out = mem_alloc(clen + 1);
	unsigned char *all_ad = full_ad(in, ad, adlen);
	unsigned long long mlen = 0;
	int rc = crypto_aead_xchacha20poly1305_ietf_decrypt(out, &mlen, NULL, in + SEAL_HEADER_BYTES,
							    clen, all_ad, SEAL_HEADER_BYTES + adlen,
							    in + 5, key.bytes);
	sodium_memzero(&key, sizeof(key));
	free(all_ad);
	if (rc) {
		free(out);
		return SEAL_BROKEN;
	}
	out[mlen] = '\0';
	*plain = out;
	*plain_len = (size_t)mlen;
	return SEAL_OK;
}

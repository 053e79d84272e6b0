/* cli.c — the administrative commands (see cli.h): migrate, user add, demo,
 * audit verify, keys rotate. Each opens the store named by the settings, does its work in
 * the domain layer and closes it. Main thread. */
#include "cli.h"
#include "demo.h"
#include "demo_vitals.h"
#include "core/config.h"
#include "core/instant.h"
#include "core/log.h"
#include "db/db.h"
#include "domain/accounts.h"
#include "domain/audit.h"
#include "domain/sealed.h"
#include "sec/seal.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Command-specific flags taken out of argv before the settings are read. */
struct cli_flag {
	const char *name; /* "--role" */
	const char *value;
};

/* Moves known --name value pairs into flags; the rest stays for config_load.
 * Returns the new argc (argv is rewritten in place), or -1. */
static int take_flags(int argc, char **argv, int first, struct cli_flag *flags,
		      int nflags)
{
	int out = first;
	for (int i = first; i < argc; i++) {
		int hit = -1;
		for (int f = 0; f < nflags; f++)
			if (strcmp(argv[i], flags[f].name) == 0)
				hit = f;
		if (hit < 0) {
			argv[out++] = argv[i];
			continue;
		}
		if (i + 1 >= argc) {
			fprintf(stderr, "telemed: %s needs a value\n", flags[hit].name);
			return -1;
		}
		flags[hit].value = argv[++i];
	}
	return out;
}

/* Settings, data directory and an up-to-date store; NULL on failure. */
static struct db *open_store(struct config *cfg, int argc, char **argv, int first)
{
	if (config_load(cfg, argc, argv, first, stderr))
		return NULL;
	log_set_level((enum log_level)log_level_parse(cfg->log_level));
	if (mkdir(cfg->data_dir, 0700) && errno != EEXIST) {
		fprintf(stderr, "telemed: cannot create %s\n", cfg->data_dir);
		return NULL;
	}
	char err[256];
	struct db *db = db_open(cfg->db, err, sizeof(err));
	if (!db) {
		fprintf(stderr, "telemed: cannot open the store: %s\n", err);
		return NULL;
	}
	int applied = 0;
	if (db_migrate(db, &applied) != DB_OK) {
		fprintf(stderr, "telemed: migrating the store failed\n");
		db_close(db);
		return NULL;
	}
	if (applied)
		printf("applied %d migration(s); schema version %d\n", applied,
		       db_schema_version(db));
	return db;
}

int cli_migrate(int argc, char **argv, int first)
{
	struct config cfg;
	struct db *db = open_store(&cfg, argc, argv, first);
	int rc = db ? 0 : 1;
	if (db)
		printf("store is at schema version %d\n", db_schema_version(db));
	db_close(db);
	config_cleanup(&cfg);
	return rc;
}

/* One line from stdin without its newline; false on EOF or too long. */
static bool read_password(char *out, size_t n)
{
	if (!fgets(out, (int)n, stdin))
		return false;
	size_t len = strlen(out);
	if (len && out[len - 1] == '\n')
		out[--len] = '\0';
	else if (len == n - 1)
		return false;
	if (len && out[len - 1] == '\r')
		out[--len] = '\0';
	return true;
}

int cli_user_add(int argc, char **argv, int first)
{
	struct cli_flag flags[] = {{"--role", NULL}, {"--username", NULL},
				   {"--full-name", NULL}, {"--email", NULL}};
	argc = take_flags(argc, argv, first, flags, 4);
	if (argc < 0)
		return 2;
	if (!flags[0].value || strcmp(flags[0].value, "admin") != 0 || !flags[1].value) {
		fprintf(stderr, "telemed: usage: telemed user add --role admin "
				"--username NAME [--full-name N] [--email E] "
				"(password on stdin); patients and doctors register "
				"themselves\n");
		return 2;
	}
	char password[512];
	if (!read_password(password, sizeof(password))) {
		fprintf(stderr, "telemed: no password on standard input\n");
		return 2;
	}
	struct config cfg;
	struct db *db = open_store(&cfg, argc, argv, first);
	int rc = 1;
	if (db) {
		struct account_input in = {
			.username = flags[1].value, .password = password,
			.full_name = flags[2].value ? flags[2].value : flags[1].value,
			.email = flags[3].value ? flags[3].value : "admin@localhost"};
		char id[ID_LEN + 1];
		enum err e = accounts_create_admin(db, &in, instant_now_ms(), id);
		if (e == ERR_OK) {
			printf("added administrator %s (%s)\n", flags[1].value, id);
			rc = 0;
		} else {
			fprintf(stderr, "telemed: cannot add the user: %s\n",
				e == ERR_WEAK_PASSWORD ? "passwords have 10 to 128 characters"
						       : err_message(e));
		}
	}
	sodium_memzero(password, sizeof(password));
	db_close(db);
	config_cleanup(&cfg);
	return rc;
}

/* Opens path for the pairs' sessions, readable by the owner only. */
static FILE *open_private(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f) {
		fprintf(stderr, "telemed: cannot write %s\n", path);
		if (fd >= 0)
			close(fd);
	}
	return f;
}

int cli_demo(int argc, char **argv, int first)
{
	struct cli_flag flags[] = {{"--doctors", NULL}, {"--seed", NULL}, {"--pairs", NULL},
				   {"--pairs-file", NULL}};
	argc = take_flags(argc, argv, first, flags, 4);
	if (argc < 0)
		return 2;
	char *end = NULL, *end_pairs = NULL;
	long doctors = flags[0].value ? strtol(flags[0].value, &end, 10) : 0;
	long seed = flags[1].value ? strtol(flags[1].value, &end, 10) : 1;
	long pairs = flags[2].value ? strtol(flags[2].value, &end_pairs, 10) : 0;
	if ((end && *end) || doctors < 0 || doctors > 100000) {
		fprintf(stderr, "telemed: --doctors takes 0 to 100000, --seed a number\n");
		return 2;
	}
	if ((end_pairs && *end_pairs) || pairs < 0 || pairs > 100000 || (pairs > 0) != !!flags[3].value) {
		fprintf(stderr, "telemed: --pairs takes 0 to 100000, with --pairs-file FILE for "
				"their sessions\n");
		return 2;
	}
	struct config cfg;
	struct db *db = open_store(&cfg, argc, argv, first);
	int rc = db ? demo_seed(db, (int)doctors, (unsigned long)seed, stdout) : 1;
	char err[300];
	struct seal_keyring *keys = rc == 0 ? seal_keyring_load(cfg.key_file, true, err,
								sizeof(err)) : NULL;
	if (rc == 0 && !keys)
		fprintf(stderr, "telemed: %s\n", err);
	rc = keys ? demo_vitals(db, keys, stdout) : 1;
	seal_keyring_free(keys);
	if (db && rc == 0 && pairs) {
		FILE *f = open_private(flags[3].value);
		rc = f ? demo_pairs(db, (int)pairs, cfg.session_absolute_seconds, f) : 1;
		if (f && fclose(f))
			rc = 1;
		if (rc == 0)
			printf("%ld doctor/patient pairs with an appointment now: sessions in %s\n",
			       pairs, flags[3].value);
	}
	if (db && rc == 0)
		printf("demo accounts ready in %s\n", cfg.db);
	db_close(db);
	config_cleanup(&cfg);
	return rc;
}

int cli_audit_verify(int argc, char **argv, int first)
{
	struct config cfg;
	struct db *db = open_store(&cfg, argc, argv, first);
	int rc = 1;
	int64_t count = 0, broken = 0;
	if (db && audit_verify(db, &count, &broken) == ERR_OK) {
		if (broken) {
			printf("audit chain broken at event %lld (of %lld read)\n",
			       (long long)broken, (long long)count);
		} else {
			printf("audit chain whole: %lld events\n", (long long)count);
			rc = 0;
		}
	} else if (db) {
		fprintf(stderr, "telemed: cannot read the audit log\n");
	}
	db_close(db);
	config_cleanup(&cfg);
	return rc;
}

/* Adds a key unless resuming; *key gets the one that seals from now on. */
static int next_key(struct seal_keyring *keys, bool resume, uint32_t *key)
{
	char err[300];
	if (resume) {
		*key = seal_current_key(keys);
		return 0;
	}
	if (seal_keyring_add(keys, key, err, sizeof(err))) {
		fprintf(stderr, "telemed: %s\n", err);
		return -1;
	}
	printf("added key %u: it seals every new value from now on\n", (unsigned)*key);
	fflush(stdout);
	return 0;
}

int cli_keys_rotate(int argc, char **argv, int first)
{
	struct cli_flag flags[] = {{"--batch", NULL}};
	bool resume = false;
	for (int i = first; i < argc; i++)
		if (strcmp(argv[i], "--resume") == 0) {
			resume = true;
			memmove(&argv[i], &argv[i + 1], (size_t)(argc - i - 1) * sizeof(*argv));
			argc--;
			break;
		}
	argc = take_flags(argc, argv, first, flags, 1);
	if (argc < 0)
		return 2;
	char *end = NULL;
	long batch = flags[0].value ? strtol(flags[0].value, &end, 10) : 100;
	if ((end && *end) || batch < 1 || batch > 10000) {
		fprintf(stderr, "telemed: --batch takes 1 to 10000 rows\n");
		return 2;
	}
	struct config cfg;
	struct db *db = open_store(&cfg, argc, argv, first);
	char err[300];
	struct seal_keyring *keys = db ? seal_keyring_load(cfg.key_file, true, err, sizeof(err))
				       : NULL;
	int rc = 1;
	uint32_t key = 0;
	struct sealed_rotation r;
	if (db && !keys)
		fprintf(stderr, "telemed: %s\n", err);
	if (keys && next_key(keys, resume, &key) == 0) {
		if (sealed_rotate(db, keys, (int)batch, &r) == ERR_OK) {
			printf("re-sealed %lld value(s) with key %u in %lld batch(es); every sealed "
			       "value is under key %u now (older keys stay in %s)\n",
			       (long long)r.resealed, (unsigned)key, (long long)r.batches,
			       (unsigned)key, cfg.key_file);
			rc = 0;
		} else {
			fprintf(stderr, "telemed: re-sealing stopped (see the log); run "
					"`telemed keys rotate --resume` to finish\n");
		}
	}
	seal_keyring_free(keys);
	db_close(db);
	config_cleanup(&cfg);
	return rc;
}

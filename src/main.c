/* main.c — the command line: serve, migrate, user add, demo, audit verify,
 * and the wiring between them. Main thread. */
#include "core/config.h"
#include "core/instant.h"
#include "core/log.h"
#include "core/version.h"
#include "db/db.h"
#include "net/server.h"
#include "cli.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

struct command {
	const char *name, *sub; /* "user" "add"; sub NULL for one word */
	int (*run)(int argc, char **argv, int first);
	const char *help;
};

static int run_serve(int argc, char **argv, int first)
{
	struct config cfg;
	int rc = 2;
	if (config_load(&cfg, argc, argv, first, stderr) == 0)
		rc = server_run(&cfg);
	config_cleanup(&cfg);
	return rc;
}

static const struct command commands[] = {
	{"serve", NULL, run_serve, "serve HTTPS, HTTP/2 and WSS on one port"},
	{"migrate", NULL, cli_migrate, "bring the store's schema up to date"},
	{"user", "add", cli_user_add,
	 "add a user: --role admin --username NAME [--full-name N] [--email E]; "
	 "password on stdin"},
	{"demo", NULL, cli_demo,
	 "add the demo accounts (idempotent); --doctors N --seed S generated doctors; "
	 "--pairs N --pairs-file FILE doctor/patient pairs meeting now, with sessions (benchmarks)"},
	{"audit", "verify", cli_audit_verify,
	 "check the audit log's hash chain; exit 1 at the first broken link"},
	{"keys", "rotate", cli_keys_rotate,
	 "add a sealing key (used for new values at once, also by running servers) and "
	 "re-seal every sealed value with it in short batches; --batch N rows a "
	 "transaction (default 100); --resume finishes an interrupted run without a new key"},
	{"retention", "run", cli_retention_run,
	 "purge what has outlived the clinic's retention rules (the server also does it daily)"},
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage(FILE *out)
{
	fprintf(out, "telemed %s — a secure telemedicine server\n\n"
		     "usage: telemed COMMAND [options]\n\ncommands:\n",
		TELEMED_VERSION);
	for (size_t i = 0; i < NCOMMANDS; i++) {
		char name[32];
		snprintf(name, sizeof(name), "%s%s%s", commands[i].name,
			 commands[i].sub ? " " : "",
			 commands[i].sub ? commands[i].sub : "");
		fprintf(out, "  %-14s %s\n", name, commands[i].help);
	}
	fprintf(out, "\noptions (flag, environment variable, or `name = value` in "
		     "--config FILE):\n");
	config_print_help(out);
}

int main(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return argc < 2 ? 2 : 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("telemed %s\n", TELEMED_VERSION);
		return 0;
	}
	if (sodium_init() < 0) {
		fprintf(stderr, "telemed: libsodium failed to start\n");
		return 1;
	}
	for (size_t i = 0; i < NCOMMANDS; i++) {
		const struct command *c = &commands[i];
		if (strcmp(argv[1], c->name) != 0)
			continue;
		if (!c->sub)
			return c->run(argc, argv, 2);
		if (argc > 2 && strcmp(argv[2], c->sub) == 0)
			return c->run(argc, argv, 3);
	}
	fprintf(stderr, "telemed: unknown command '%s' (see telemed --help)\n", argv[1]);
	return 2;
}

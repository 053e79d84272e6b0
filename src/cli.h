/* cli.h — the administrative commands of `telemed` besides serve: each runs
 * once on the main thread against the store named by the usual settings and
 * returns the process exit code. */
#ifndef TELEMED_CLI_H
#define TELEMED_CLI_H

int cli_migrate(int argc, char **argv, int first);
int cli_user_add(int argc, char **argv, int first);
int cli_demo(int argc, char **argv, int first);
int cli_audit_verify(int argc, char **argv, int first);
/* keys rotate [--batch N] [--resume]: a new sealing key, then every sealed
 * value re-sealed with it (--resume: no new key, finish an interrupted run). */
int cli_keys_rotate(int argc, char **argv, int first);

/* retention run: purges what has outlived the clinic's retention rules now,
 * as the server's daily run does; prints the rows per kind. Audited. */
int cli_retention_run(int argc, char **argv, int first);

#endif

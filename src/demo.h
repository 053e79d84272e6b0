/* demo.h — demo data for `telemed demo` and `make run`: the fixed demo
 * accounts, plus N generated verified doctors (names, specialties, cities,
 * languages, hours in their own time zone) made deterministically from a
 * seed. Main thread, with the command's own store connection. */
#ifndef TELEMED_DEMO_H
#define TELEMED_DEMO_H
#include <stdio.h>

struct db;

/* Idempotent: accounts that exist are kept. Prints the logins to out.
 * Returns the process exit code (0 or 1). */
int demo_seed(struct db *db, int doctors, unsigned long seed, FILE *out);

#endif

/* demo.h — demo data for `telemed demo` and `make run`: the fixed demo
 * accounts, plus N generated verified doctors (names, specialties, cities,
 * languages, hours in their own time zone) made deterministically from a
 * seed; and doctor/patient pairs with an appointment under way and their
 * sessions, for benchmarks. Main thread, with the command's own store connection. */
#ifndef TELEMED_DEMO_H
#define TELEMED_DEMO_H
#include <stdio.h>

struct db;

/* Idempotent: accounts that exist are kept. Prints the logins to out.
 * Returns the process exit code (0 or 1). */
int demo_seed(struct db *db, int doctors, unsigned long seed, FILE *out);

/* For benchmarks of the live channel: N new doctor/patient pairs
 * (pair00001d/pair00001p …, password telemed-pair-1, one argon2id hash for
 * all), each with a video appointment that started this minute and lasts an
 * hour, and a login session of each. Writes a line per pair to out:
 * "appointment-id doctor-id doctor-token patient-id patient-token". Needs
 * the demo administrator (demo_seed first). Returns the exit code. */
int demo_pairs(struct db *db, int pairs, int session_seconds, FILE *out);

#endif

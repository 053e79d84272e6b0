/* demo_vitals.h — demo vital signs for `telemed demo`: three days of the
 * demo patient's readings (heart rate, oxygen saturation, temperature,
 * weight), typed in by hand, so her charts have something to show.
 * Main thread, with the command's own store connection and keys. */
#ifndef TELEMED_DEMO_VITALS_H
#define TELEMED_DEMO_VITALS_H
#include <stdio.h>

struct db;
struct seal_keyring;

/* Idempotent: nothing is added when the demo patient has readings (or is
 * missing). Returns the process exit code (0 or 1). */
int demo_vitals(struct db *db, struct seal_keyring *keys, FILE *out);

#endif

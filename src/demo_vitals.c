/* demo_vitals.c — the demo patient's readings (see demo_vitals.h), added
 * through the domain like any patient's, so they are sealed and audited.
 * The values follow a day's rhythm with a little deterministic wobble. */
#include "demo_vitals.h"
#include "core/instant.h"
#include "db/db.h"
#include "domain/accounts.h"
#include "domain/observations.h"

#include <stdlib.h>

#define HOUR_MS (3600 * 1000LL)
#define DAYS 3
#define DEMO_PATIENT "maria"

/* A reading h hours before now: code, unit, value. */
static void reading(struct observation_in *o, char at[INSTANT_TEXT_MAX], int64_t now, int h,
		    const char *code, const char *unit, double value)
{
	instant_format(now - h * HOUR_MS, at);
	*o = (struct observation_in){code, unit, at, "manual", value};
}

int demo_vitals(struct db *db, struct seal_keyring *keys, FILE *out)
{
	struct principal maria = {.authenticated = true, .role = ROLE_PATIENT};
	if (accounts_find(db, DEMO_PATIENT, maria.user_id) != ERR_OK)
		return 0;
	int64_t had = db_query_int64(db, "SELECT COUNT(*) FROM observations WHERE patient_id = ?",
				     maria.user_id);
	if (had != 0)
		return had < 0;
	int64_t now = instant_now_ms();
	enum { HOURLY = DAYS * 24 / 2, DAILY = DAYS };
	struct observation_in items[2 * HOURLY + 2 * DAILY];
	char at[2 * HOURLY + 2 * DAILY][INSTANT_TEXT_MAX];
	size_t n = 0;
	for (int h = DAYS * 24; h > 0; h -= 2, n += 2) {
		int wobble = (h * 7) % 5;
		reading(&items[n], at[n], now, h, "8867-4", "/min", 64 + (h % 24 < 8 ? 0 : 12) + wobble);
		reading(&items[n + 1], at[n + 1], now, h - 1, "59408-5", "%", 96 + wobble % 3);
	}
	for (int d = DAYS; d > 0; d--, n += 2) {
		reading(&items[n], at[n], now, d * 24 - 9, "8310-5", "Cel", 36.4 + 0.1 * d);
		reading(&items[n + 1], at[n + 1], now, d * 24 - 8, "29463-7", "kg", 61.8 - 0.2 * d);
	}
	struct record_ctx ctx = {.db = db, .keys = keys, .who = &maria, .now_ms = now};
	char msg[200];
	json_t *added = NULL;
	enum err e = observations_add(&ctx, items, n, NULL, NULL, msg, sizeof(msg), &added);
	json_decref(added);
	if (e) {
		fprintf(stderr, "telemed: demo vital signs: %s\n", e == ERR_BAD_REQUEST ? msg
								      : err_message(e));
		return 1;
	}
	fprintf(out, "%zu demo readings for %s over the last %d days\n", n, DEMO_PATIENT, DAYS);
	return 0;
}

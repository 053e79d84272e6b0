/* parties.h — the two people of an appointment (ids and names), its times
 * and status, and whether either asks for relay-only calls, in one read:
 * what notifications and joining a consultation need to know. Worker threads. */
#ifndef TELEMED_PARTIES_H
#define TELEMED_PARTIES_H
#include <stdbool.h>
#include <stdint.h>

#include "../core/err.h"
#include "../core/id.h"

struct db;

struct party {
	char id[ID_LEN + 1];
	char name[128];
	const char *role; /* "doctor" or "patient" */
	bool relay_only;  /* asks for calls through the TURN relay only */
};

struct appt_parties {
	struct party doctor, patient;
	int64_t start_ms, end_ms;
	char status[16];
};

/* ERR_NOT_FOUND for an unknown appointment id. */
enum err appointment_parties(struct db *db, const char *appointment_id,
			     struct appt_parties *out);

#endif

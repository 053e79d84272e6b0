/* consultations.c — the rules for entering a consultation (see
 * consultations.h). */
#include "consultations.h"
#include "audit.h"
#include "tx.h"
#include "../db/db.h"

#include <string.h>

#define MINUTE_MS 60000LL

enum err consultations_join(struct db *db, const struct principal *who,
			    const char *appointment_id, const struct join_window *w,
			    int64_t now_ms, struct join_answer *out)
{
	memset(out, 0, sizeof(*out));
	struct appt_parties *p = &out->parties;
	enum err e = appointment_parties(db, appointment_id, p);
	if (e)
		return e;
	if (strcmp(who->user_id, p->patient.id) == 0) {
		out->self = &p->patient;
		out->peer = &p->doctor;
	} else if (strcmp(who->user_id, p->doctor.id) == 0) {
		out->self = &p->doctor;
		out->peer = &p->patient;
	} else {
		return ERR_NOT_FOUND;
	}
	out->opens_ms = p->start_ms - w->early_minutes * MINUTE_MS;
	out->closes_ms = p->end_ms + w->late_minutes * MINUTE_MS;
	if (strcmp(p->status, "cancelled") == 0)
		return ERR_CONFLICT;
	if (now_ms < out->opens_ms || now_ms >= out->closes_ms)
		return ERR_OUTSIDE_WINDOW;
	if (db_begin(db) != DB_OK)
		return ERR_DB;
	e = audit_append(db, who, "consultation.join", p->patient.id,
			 json_pack("{s:s}", "appointment_id", appointment_id), now_ms);
	return tx_end(db, e);
}

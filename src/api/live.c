/* live.c — the REST layer's side of the live channel (see live.h).
 * Worker threads. */
#include "live.h"
#include "../core/config.h"
#include "../core/log.h"
#include "../domain/accounts.h"
#include "../domain/consultations.h"
#include "../domain/messaging.h"
#include "../domain/notifications.h"
#include "../domain/retention.h"
#include "../domain/waiting_room.h"

#include <string.h>

char *api_live_welcome(struct api_env *env, const char *cookie, const char *token,
		       char user_id[ID_LEN + 1])
{
	struct principal who;
	memset(&who, 0, sizeof(who));
	if (!api_session_principal(env, cookie, token, &who))
		return NULL;
	int64_t unread = notifications_unread(env->db, who.user_id);
	int64_t messages_unread = messages_unread_total(env->db, who.user_id);
	if (unread < 0 || messages_unread < 0)
		return NULL;
	json_t *m = json_pack("{s:s,s:{s:s,s:s},s:I,s:I}", "type", "WELCOME", "user", "id",
			      who.user_id, "role", role_name(who.role), "unread",
			      (json_int_t)unread, "messages_unread", (json_int_t)messages_unread);
	char *text = json_dumps(m, JSON_COMPACT);
	json_decref(m);
	memcpy(user_id, who.user_id, ID_LEN + 1);
	return text;
}

/* The change a room event makes to the doctor's waiting room, recorded. */
static enum err waiting_change(struct api_env *env, const char *session_id,
			       enum live_event event, int64_t stamp, const char **change)
{
	*change = event == LIVE_CALL_STARTED ? "seen" : NULL;
	if (event != LIVE_PATIENT_IN && event != LIVE_PATIENT_OUT)
		return ERR_OK;
	return waiting_room_presence(env->db, session_id, event == LIVE_PATIENT_IN, stamp,
				     stamp / 1000, change);
}

void api_live_event(struct api_env *env, const char *session_id, const char *user_id,
		    enum live_event event, int64_t stamp, json_t *notices)
{
	static const enum consult_event as_domain[] = {
		[LIVE_PATIENT_IN] = CONSULT_PATIENT_IN, [LIVE_DOCTOR_ACK] = CONSULT_DOCTOR_ACK,
		[LIVE_CALL_STARTED] = CONSULT_CALL_STARTED, [LIVE_CALL_ENDED] = CONSULT_CALL_ENDED};
	const char *change = NULL;
	enum err e = event == LIVE_PATIENT_OUT ? ERR_OK
		: consultations_record(env->db, session_id, user_id, as_domain[event], env->now_ms);
	if (!e)
		e = waiting_change(env, session_id, event, stamp, &change);
	if (!e)
		e = waiting_room_notices(env->db, session_id, change, env->now_ms, notices);
	if (e)
		log_warn("consultation_event_failed", "event=%d code=%s", event, err_code(e));
}

bool api_live_reset(struct db *db)
{
	return waiting_room_reset(db) == ERR_OK;
}

void api_live_tick(struct api_env *env, json_t *notices)
{
	if (consultations_mark_noshows(env->db, env->cfg->join_late_minutes, env->now_ms) < 0)
		log_warn("noshow_failed", "%s", "");
	size_t before = json_array_size(notices);
	enum err e = notifications_send_reminders(env->db, env->now_ms, notices);
	if (e)
		log_warn("reminders_failed", "code=%s", err_code(e));
	else if (json_array_size(notices) > before)
		log_info("reminders_sent", "count=%zu", json_array_size(notices) - before);
	bool ran = false;
	e = retention_daily(env->db, env->now_ms, &ran);
	if (e)
		log_warn("retention_failed", "code=%s", err_code(e));
}

/* vital_alerts.h — alerts raised when a stored observation crosses a
 * doctor's threshold for that patient (value above "above" or below
 * "below"): one per doctor and observation, stored and pushed live to that
 * doctor's open pages as {"type":"VITAL_ALERT","alert":{…}} — only while the
 * patient's "share" consent with that doctor is active. An alert raised
 * without it is kept but shown to the doctor (listed, acknowledged) only
 * once the consent is given. The patient sees all of their own.
 * Value and threshold sealed at rest; raising, listing and acknowledging
 * are audited. Worker threads, with that thread's own store connection.
 *
 * An alert: {"id","patient":{"id","name"},"doctor":{"id","name"},"code",
 * "value","unit","at","threshold":{"above","below"},"acknowledged_at"}. */
#ifndef TELEMED_VITAL_ALERTS_H
#define TELEMED_VITAL_ALERTS_H
#include <jansson.h>
#include <stdbool.h>

#include "observations.h"
#include "parties.h"
#include "thresholds.h"

#define VITAL_ALERTS_LIST_MAX 500

/* What watches a patient's observations: their doctors' thresholds and
 * whether each doctor may see the alerts now. */
struct vital_watch {
	struct party patient;
	struct threshold_set *sets;
	bool *shared;
	size_t n;
};

/* Loads the watch of patient_id; vital_alerts_unwatch() after ERR_OK. */
enum err vital_alerts_watch(const struct record_ctx *ctx, const char *patient_id,
			    struct vital_watch *w);
void vital_alerts_unwatch(struct vital_watch *w);

/* Raises the alerts o causes (inside the caller's write transaction):
 * appends each to alerts and, for doctors who may see it, its live
 * message ({"user_id","message"}) to notices (may be NULL). */
enum err vital_alerts_check(const struct record_ctx *ctx, const struct vital_watch *w,
			    const struct observation *o, json_t *alerts, json_t *notices);

/* The caller's alerts, newest first, at most VITAL_ALERTS_LIST_MAX: a
 * doctor's own, a patient's about them; open_only: not yet acknowledged.
 * {"items":[…]}. Others ERR_FORBIDDEN. */
enum err vital_alerts_list(const struct record_ctx *ctx, bool open_only, json_t **out);

/* The alert's doctor acknowledges it (again: unchanged). Its patient
 * ERR_FORBIDDEN; anyone else, or while the doctor may not see it,
 * ERR_NOT_FOUND. *out: the alert. */
enum err vital_alerts_acknowledge(const struct record_ctx *ctx, const char *id, json_t **out);

#endif

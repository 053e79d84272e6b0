/* waiting_room.h — the doctor's waiting room: which patients are in their
 * consultation rooms now (as the signalling hub reports it, recorded in the
 * store so that every worker, and later every node, sees the same), the
 * honest queue each of them is shown (their own place and a rough wait,
 * never anyone else's name), and the doctor's one-line note to them.
 *
 * Waiting means: the patient is in the room, the appointment is checked-in
 * or arrived, and no call has started. The queue is ordered by appointment
 * start, then by arrival. Worker threads, with that thread's own store
 * connection. */
#ifndef TELEMED_WAITING_ROOM_H
#define TELEMED_WAITING_ROOM_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "../core/err.h"
#include "principal.h"

struct db;

#define WAITING_NOTE_MAX 200                  /* characters of a note */
#define WAITING_NOTE_TTL_MS (60 * 60 * 1000LL) /* a note is current this long */
#define WAITING_RETURN_MS (60 * 1000LL) /* back this soon: the same place */

/* Records that the appointment's patient came into its room (in) or left
 * it, as the hub saw it at at_ms. stamp orders the hub's events (strictly
 * increasing): an event whose stamp is not above the last one recorded for
 * the appointment changes nothing. *change: "arrived" when the patient is
 * newly there, "returned" when back within WAITING_RETURN_MS of leaving
 * (keeping their arrival time, so their place), "left" when newly gone,
 * NULL when nothing changed. */
enum err waiting_room_presence(struct db *db, const char *appointment_id, bool in,
			       int64_t stamp, int64_t at_ms, const char **change);

/* Forgets who was present: at server start nobody is connected yet (the
 * pages rejoin when their live channel comes back). */
enum err waiting_room_reset(struct db *db);

/* Appends, to notices, the live messages that follow a change in the
 * appointment's room, as {"user_id","message"}: WAITING to its doctor when
 * change is not NULL ({"type","change","session_id","patient":{"id","name"}}:
 * no reason, no answers), and QUEUE to every patient waiting for that
 * doctor ({"type","session_id","position","wait_minutes","note"}). */
enum err waiting_room_notices(struct db *db, const char *appointment_id, const char *change,
			      int64_t now_ms, json_t *notices);

/* The caller's waiting room, doctors only (ERR_FORBIDDEN for others):
 * {"waiting":[{"appointment","waiting_since","position"}],"note"}, the
 * appointments with their reasons and answers (first sights audited). */
enum err waiting_room_list(struct db *db, const struct principal *who, int64_t now_ms,
			   json_t **out);

/* Sets the doctor's note (text of 1..WAITING_NOTE_MAX characters, one line)
 * or clears it (""). ERR_FORBIDDEN for anyone but a doctor;
 * ERR_INVALID_VALUE for a control character or blank text. Appends QUEUE
 * messages (carrying the note) for the waiting patients to notices. *out:
 * {"text","at","until"}, or json null once cleared. */
enum err waiting_room_set_note(struct db *db, const struct principal *who, const char *text,
			       int64_t now_ms, json_t *notices, json_t **out);

#endif

/* rooms.c — consultation rooms and the relay rules (see rooms.h). Rooms
 * live in a chained hash table by session id, made on the first JOIN and
 * dropped when both participants have left. */
#include "rooms.h"
#include "../core/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct member {
	char user_id[ID_LEN + 1];
	char name[TICKET_NAME_MAX];
	char role[16];
	uint64_t conn_id; /* 0: not connected */
};

struct room {
	char session_id[ID_LEN + 1];
	struct member patient, doctor;
	struct room *next;
};

struct rooms {
	struct room **buckets;
	size_t nbuckets, count;
};

static size_t slot(const char *id, size_t n)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */
	for (; *id; id++)
		h = (h ^ (unsigned char)*id) * 1099511628211ull;
	return (size_t)h & (n - 1);
}

struct rooms *rooms_new(void)
{
	struct rooms *r = mem_calloc(1, sizeof(*r));
	r->nbuckets = 256;
	r->buckets = mem_calloc(r->nbuckets, sizeof(*r->buckets));
	return r;
}

void rooms_free(struct rooms *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nbuckets; i++)
		for (struct room *x = r->buckets[i], *next; x; x = next) {
			next = x->next;
			free(x);
		}
	free(r->buckets);
	free(r);
}

static struct room **link_of(struct rooms *r, const char *session_id)
{
	struct room **p = &r->buckets[slot(session_id, r->nbuckets)];
	while (*p && strcmp((*p)->session_id, session_id) != 0)
		p = &(*p)->next;
	return p;
}

static void set_member(struct member *m, const char *id, const char *name, const char *role)
{
	snprintf(m->user_id, sizeof(m->user_id), "%s", id);
	snprintf(m->name, sizeof(m->name), "%s", name);
	snprintf(m->role, sizeof(m->role), "%s", role);
}

static json_t *member_json(const struct member *m)
{
	return json_pack("{s:s,s:s,s:s,s:b}", "id", m->user_id, "name", m->name, "role",
			 m->role, "present", m->conn_id != 0);
}

bool rooms_join(struct rooms *r, const struct ticket *t, uint64_t conn_id,
		uint64_t *replaced, uint64_t *peer_conn, json_t **participants)
{
	*replaced = *peer_conn = 0;
	bool doctor = strcmp(t->role, "doctor") == 0;
	if (!doctor && strcmp(t->role, "patient") != 0)
		return false;
	struct room **p = link_of(r, t->session_id);
	struct room *room = *p;
	if (!room) {
		room = calloc(1, sizeof(*room));
		if (!room)
			return false;
		snprintf(room->session_id, sizeof(room->session_id), "%s", t->session_id);
		struct member *self = doctor ? &room->doctor : &room->patient;
		struct member *peer = doctor ? &room->patient : &room->doctor;
		set_member(self, t->user_id, t->name, t->role);
		set_member(peer, t->peer_id, t->peer_name, doctor ? "patient" : "doctor");
		*p = room;
		r->count++;
	}
	struct member *self = doctor ? &room->doctor : &room->patient;
	if (strcmp(self->user_id, t->user_id) != 0)
		return false; /* a ticket that contradicts the room: never */
	*replaced = self->conn_id;
	self->conn_id = conn_id;
	*peer_conn = (doctor ? &room->patient : &room->doctor)->conn_id;
	*participants = json_pack("[o,o]", member_json(&room->patient), member_json(&room->doctor));
	return true;
}

void rooms_leave(struct rooms *r, const char *session_id, uint64_t conn_id,
		 uint64_t *peer_conn)
{
	*peer_conn = 0;
	struct room **p = link_of(r, session_id);
	struct room *room = *p;
	if (!room)
		return;
	struct member *self = room->patient.conn_id == conn_id ? &room->patient
			    : room->doctor.conn_id == conn_id ? &room->doctor : NULL;
	if (!self)
		return; /* replaced by a newer connection already */
	self->conn_id = 0;
	struct member *peer = self == &room->patient ? &room->doctor : &room->patient;
	*peer_conn = peer->conn_id;
	if (!room->patient.conn_id && !room->doctor.conn_id) {
		*p = room->next;
		free(room);
		r->count--;
	}
}

static bool is_call_type(const char *type)
{
	static const char *const types[] = {"READY", "ACK", "OFFER", "ANSWER", "CANDIDATE", "BYE",
					    "RESTART"};
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(type, types[i]) == 0)
			return true;
	return false;
}

static bool text_is(json_t *v, const char *want)
{
	return json_is_string(v) && strcmp(json_string_value(v), want) == 0;
}

const char *rooms_check_relay(struct rooms *r, const char *session_id, uint64_t conn_id,
			      json_t *m, uint64_t *to_conn)
{
	*to_conn = 0;
	const char *type = json_string_value(json_object_get(m, "type"));
	if (!type || !is_call_type(type))
		return "unknown_type";
	struct room *room = *session_id ? *link_of(r, session_id) : NULL;
	struct member *self = !room ? NULL : room->patient.conn_id == conn_id ? &room->patient
			    : room->doctor.conn_id == conn_id ? &room->doctor : NULL;
	if (!self)
		return "not_joined";
	struct member *peer = self == &room->patient ? &room->doctor : &room->patient;
	json_t *data = json_object_get(m, "data");
	if (!json_is_object(data) || !text_is(json_object_get(data, "session_id"), session_id))
		return "wrong_session";
	if (!text_is(json_object_get(m, "sender"), self->user_id) ||
	    !text_is(json_object_get(data, "from"), self->user_id))
		return "wrong_sender";
	if (!text_is(json_object_get(data, "to"), peer->user_id))
		return "wrong_recipient";
	bool doctor = self == &room->doctor;
	if ((strcmp(type, "OFFER") == 0 || strcmp(type, "ACK") == 0) && !doctor)
		return "doctor_only";
	/* RESTART: the patient's network changed and only the doctor offers,
	 * so the patient asks for the ICE restart */
	if ((strcmp(type, "READY") == 0 || strcmp(type, "RESTART") == 0) && doctor)
		return "patient_only";
	*to_conn = peer->conn_id;
	return NULL;
}

/* demo.c — demo accounts and generated doctors (see demo.h). Everything goes
 * through the domain layer, so demo data obeys the same rules (and lands in
 * the same audit log) as real data. */
#include "demo.h"
#include "core/id.h"
#include "core/instant.h"
#include "core/mem.h"
#include "db/db.h"
#include "domain/accounts.h"
#include "domain/appointments.h"
#include "domain/directory.h"
#include "domain/reviews.h"
#include "domain/schedule.h"
#include "domain/sessions.h"
#include "domain/tx.h"
#include "sec/password.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GENERATED_PASSWORD "telemed-doctor-1"
#define PAIR_PASSWORD "telemed-pair-1"
#define PAIR_MINUTES 60

struct demo_user {
	const char *username, *password, *full_name, *email;
	enum role role;
	bool verify;
	const char *password_hash; /* made once for all generated doctors */
};

static const struct demo_user demo_users[] = {
	{"admin", "telemed-admin-1", "Clinic Administrator", "admin@demo.telemed", ROLE_ADMIN, false},
	{"drsilva", "telemed-doctor-1", "Ana Silva", "ana.silva@demo.telemed", ROLE_DOCTOR, true},
	{"maria", "telemed-patient-1", "Maria Santos", "maria@demo.telemed", ROLE_PATIENT, false},
	{"drpending", "telemed-doctor-2", "Rui Costa", "rui.costa@demo.telemed", ROLE_DOCTOR, false},
};

struct place {
	const char *city, *country, *zone, *language;
};

static const struct place places[] = {
	{"Lisbon", "Portugal", "Europe/Lisbon", "Portuguese"},
	{"Porto", "Portugal", "Europe/Lisbon", "Portuguese"},
	{"Madrid", "Spain", "Europe/Madrid", "Spanish"},
	{"Paris", "France", "Europe/Paris", "French"},
	{"Berlin", "Germany", "Europe/Berlin", "German"},
	{"London", "United Kingdom", "Europe/London", "English"},
	{"Mumbai", "India", "Asia/Kolkata", "Hindi"},
	{"New York", "United States", "America/New_York", "English"},
};

static const char *const first_names[] = {"Ana", "Bruno", "Carla", "Diogo", "Elena", "Filipe",
	"Grace", "Hugo", "Inês", "João", "Kavya", "Luís", "Marta", "Nuno", "Olivia", "Pedro",
	"Rita", "Sofia", "Tiago", "Yara"};
static const char *const last_names[] = {"Almeida", "Brown", "Costa", "Dubois", "Esteves",
	"Fischer", "García", "Gomes", "Iyer", "Lopes", "Martins", "Nunes", "Pereira", "Rocha",
	"Santos", "Schmidt", "Sharma", "Sousa", "Teixeira", "Vieira"};
static const char *const specialties[] = {"general-practice", "general-practice", "cardiology",
	"dermatology", "psychiatry", "pediatrics", "gynecology", "orthopedics", "neurology",
	"endocrinology", "infectious-diseases", "ophthalmology", "otolaryngology"};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Generated bios: the city and two of these, so that bios differ as real
 * ones do and a word typed into search matches the doctors it should. */
static const char *const bio_phrases[] = {
	"Clear explanations and unhurried consultations.",
	"Prevention first, with a plan you can follow at home.",
	"Follow-up by video between visits.",
	"Long-term care for chronic conditions.",
	"Second opinions and reviews of test results.",
	"Care for adults and children alike.",
	"Short waits and thorough notes after every visit.",
	"Evening appointments for those who work days.",
};

/* Doctor i's bio, picked by i alone so the other generated fields (drawn
 * from the seeded generator) stay what they were. */
static void generated_bio(int i, const struct place *p, char *out, size_t n)
{
	size_t count = COUNT(bio_phrases), a = (size_t)i % count;
	size_t b = (a + 1 + ((size_t)i / count) % (count - 1)) % count;
	snprintf(out, n, "Based in %s. %s %s", p->city, bio_phrases[a], bio_phrases[b]);
}

/* A small deterministic generator (xorshift64*): the same seed, the same clinic. */
static unsigned long next(unsigned long long *state)
{
	*state ^= *state >> 12;
	*state ^= *state << 25;
	*state ^= *state >> 27;
	return (unsigned long)((*state * 2685821657736338717ULL) >> 33);
}

static enum err set_hours(struct db *db, const struct principal *doctor, const char *zone,
			  int start_hour, int days, int slot, int64_t now)
{
	json_t *weekly = json_array();
	char start[8], end[8];
	snprintf(start, sizeof(start), "%02d:00", start_hour);
	snprintf(end, sizeof(end), "%02d:00", start_hour + 8);
	for (int day = 1; day <= days; day++)
		json_array_append_new(weekly, json_pack("{s:i,s:s,s:s,s:i}", "weekday", day,
							"start", start, "end", end, "slot_minutes", slot));
	json_t *body = json_pack("{s:s,s:o}", "time_zone", zone, "weekly", weekly);
	struct schedule *s = mem_alloc(sizeof(*s));
	char msg[200];
	enum err e = schedule_parse(body, s, msg, sizeof(msg));
	if (!e)
		e = schedule_set(db, doctor, doctor->user_id, s, now);
	free(s);
	json_decref(body);
	return e;
}

static enum err set_profile(struct db *db, const struct principal *doctor, const char *specialty,
			    const struct place *p, int years, const char *bio, int64_t now)
{
	json_t *body = json_pack("{s:s,s:s,s:[s,s],s:s,s:s,s:i,s:[s,s]}", "specialty", specialty,
				 "bio", bio, "languages", p->language, "English", "city", p->city,
				 "country", p->country, "years_experience", years, "modes", "video",
				 "in_person");
	if (strcmp(p->language, "English") == 0)
		json_array_remove(json_object_get(body, "languages"), 1);
	char msg[200];
	enum err e = directory_update(db, doctor, doctor->user_id, body, now, msg, sizeof(msg));
	json_decref(body);
	return e;
}

/* Registers a doctor, has the administrator verify them, gives them a profile
 * and hours. *doctor gets their id. */
static enum err add_doctor(struct db *db, const struct demo_user *u, const struct principal *admin,
			   struct principal *doctor, int64_t now)
{
	struct account_input in = {u->username, u->password, u->full_name, u->email, u->role,
				   u->password_hash};
	json_t *user = NULL;
	enum err e = accounts_register(db, NULL, &in, now, &user);
	if (!e) {
		doctor->authenticated = true;
		doctor->role = ROLE_DOCTOR;
		snprintf(doctor->user_id, sizeof(doctor->user_id), "%s",
			 json_string_value(json_object_get(user, "id")));
	}
	json_decref(user);
	if (!e && u->verify) {
		json_t *verified = NULL;
		e = accounts_verify(db, admin, doctor->user_id, now, &verified);
		json_decref(verified);
	}
	return e;
}

static enum err add_fixed(struct db *db, const struct demo_user *u, struct principal *admin, int64_t now)
{
	if (u->role == ROLE_ADMIN) {
		struct account_input in = {u->username, u->password, u->full_name, u->email, u->role};
		return accounts_create_admin(db, &in, now, admin->user_id);
	}
	if (u->role == ROLE_PATIENT) {
		struct account_input in = {u->username, u->password, u->full_name, u->email, u->role};
		json_t *user = NULL;
		enum err e = accounts_register(db, NULL, &in, now, &user);
		json_decref(user);
		return e;
	}
	struct principal doctor = {0};
	enum err e = add_doctor(db, u, admin, &doctor, now);
	if (!e && u->verify)
		e = set_hours(db, &doctor, "Europe/Lisbon", 9, 5, 30, now);
	if (!e && u->verify)
		e = set_profile(db, &doctor, "general-practice", &places[0], 12,
				"Family doctor in Lisbon: colds and flu, fevers, check-ups and chronic care.", now);
	return e;
}

static enum err add_generated(struct db *db, int i, unsigned long long *rng,
			      const struct principal *admin, const char *hash, int64_t now)
{
	char username[32], name[96], email[96], bio[200];
	const char *first = first_names[next(rng) % COUNT(first_names)];
	const char *last = last_names[next(rng) % COUNT(last_names)];
	const struct place *p = &places[next(rng) % COUNT(places)];
	const char *spec = specialties[next(rng) % COUNT(specialties)];
	snprintf(username, sizeof(username), "doc%05d", i + 1);
	snprintf(name, sizeof(name), "%s %s", first, last);
	snprintf(email, sizeof(email), "%s@demo.telemed", username);
	struct demo_user u = {username, GENERATED_PASSWORD, name, email, ROLE_DOCTOR, true, hash};
	char found[ID_LEN + 1];
	if (accounts_find(db, username, found) == ERR_OK)
		return ERR_OK;
	struct principal doctor = {0};
	enum err e = add_doctor(db, &u, admin, &doctor, now);
	if (!e)
		e = set_hours(db, &doctor, p->zone, 8 + (int)(next(rng) % 3), 5 + (int)(next(rng) % 2),
			      (int)(15 + 15 * (next(rng) % 3)), now);
	generated_bio(i, p, bio, sizeof(bio));
	if (!e)
		e = set_profile(db, &doctor, spec, p, 1 + (int)(next(rng) % 35), bio, now);
	/* a rating history: most doctors rated by a few to a few hundred
	 * patients, averages between 3.0 and 5.0 */
	int64_t ratings = (int64_t)(next(rng) % 300);
	int64_t above_three = (int64_t)(next(rng) % (unsigned long)(2 * ratings + 1));
	if (!e && ratings)
		e = reviews_add_prior(db, doctor.user_id, 3 * ratings + above_three, ratings, now);
	return e;
}

int demo_seed(struct db *db, int doctors, unsigned long seed, FILE *out)
{
	int64_t now = instant_now_ms();
	struct principal admin = {.authenticated = true, .role = ROLE_ADMIN};
	int rc = 0;
	for (size_t i = 0; i < COUNT(demo_users); i++) {
		char existing[ID_LEN + 1];
		bool found = accounts_find(db, demo_users[i].username, existing) == ERR_OK;
		if (found && demo_users[i].role == ROLE_ADMIN) /* the first row verifies the rest */
			memcpy(admin.user_id, existing, sizeof(existing));
		enum err e = found ? ERR_OK : add_fixed(db, &demo_users[i], &admin, now);
		if (e) {
			fprintf(stderr, "telemed: demo user %s: %s\n", demo_users[i].username, err_message(e));
			rc = 1;
		}
	}
	unsigned long long rng = 0x9E3779B97F4A7C15ULL ^ (unsigned long long)seed;
	/* one argon2id hash for all generated doctors: hashing each would make
	 * 100,000 doctors take hours, and they share the password anyway */
	char hash[PASSWORD_HASH_MAX];
	if (doctors && password_hash(GENERATED_PASSWORD, hash))
		rc = 1;
	for (int i = 0; !rc && i < doctors; i++) {
		enum err e = add_generated(db, i, &rng, &admin, hash, now);
		if (e) {
			fprintf(stderr, "telemed: demo doctor %d: %s\n", i + 1, err_message(e));
			rc = 1;
		}
	}
	if (!rc && doctors)
		fprintf(out, "%d generated doctors: doc00001 … doc%05d, password %s\n", doctors,
			doctors, GENERATED_PASSWORD);
	return rc;
}

/* A patient (or, with doctor, a verified doctor) of pair i with the shared
 * hash, and a session for them: *user_id and *token filled. */
static enum err add_pair_member(struct db *db, int i, bool doctor, const char *hash,
				const struct principal *admin, int session_seconds, int64_t now,
				char user_id[ID_LEN + 1], struct session_new *session)
{
	char username[32], name[48], email[64];
	snprintf(username, sizeof(username), "pair%05d%s", i + 1, doctor ? "d" : "p");
	snprintf(name, sizeof(name), "%s %05d", doctor ? "Doctor" : "Patient", i + 1);
	snprintf(email, sizeof(email), "%s@demo.telemed", username);
	struct demo_user u = {username, PAIR_PASSWORD, name, email,
			      doctor ? ROLE_DOCTOR : ROLE_PATIENT, doctor, hash};
	struct principal p = {0};
	enum err e;
	if (doctor) {
		e = add_doctor(db, &u, admin, &p, now);
	} else {
		struct account_input in = {u.username, u.password, u.full_name, u.email, u.role, hash};
		json_t *user = NULL;
		e = accounts_register(db, NULL, &in, now, &user);
		if (!e)
			snprintf(p.user_id, sizeof(p.user_id), "%s",
				 json_string_value(json_object_get(user, "id")));
		json_decref(user);
	}
	memcpy(user_id, p.user_id, ID_LEN + 1);
	if (!e && db_begin(db) != DB_OK)
		return ERR_DB;
	if (!e)
		e = tx_end(db, sessions_create(db, user_id, session_seconds, "telemed demo", "127.0.0.1",
					       now, session));
	return e;
}

int demo_pairs(struct db *db, int pairs, int session_seconds, FILE *out)
{
	int64_t now = instant_now_ms();
	char admin_id[ID_LEN + 1];
	if (accounts_find(db, "admin", admin_id) != ERR_OK) {
		fprintf(stderr, "telemed: demo pairs need the demo administrator\n");
		return 1;
	}
	struct principal admin = {.authenticated = true, .role = ROLE_ADMIN};
	memcpy(admin.user_id, admin_id, sizeof(admin_id));
	char hash[PASSWORD_HASH_MAX];
	if (password_hash(PAIR_PASSWORD, hash))
		return 1;
	int64_t start = now - now % 60000;
	for (int i = 0; i < pairs; i++) {
		char doctor[ID_LEN + 1], patient[ID_LEN + 1], appt[ID_LEN + 1];
		struct session_new ds, ps;
		enum err e = add_pair_member(db, i, true, hash, &admin, session_seconds, now, doctor, &ds);
		if (!e)
			e = add_pair_member(db, i, false, hash, &admin, session_seconds, now, patient, &ps);
		id_new(appt);
		struct appointment_new a = {.id = appt, .doctor_id = doctor, .patient_id = patient,
					    .mode = "video", .reason = "", .start_ms = start,
					    .end_ms = start + PAIR_MINUTES * 60000LL};
		if (!e && db_begin(db) != DB_OK)
			e = ERR_DB;
		else if (!e)
			e = tx_end(db, appointments_insert(db, &a, now));
		if (e) {
			fprintf(stderr, "telemed: demo pair %d: %s\n", i + 1, err_message(e));
			return 1;
		}
		fprintf(out, "%s %s %s %s %s\n", appt, doctor, ds.token, patient, ps.token);
	}
	return 0;
}

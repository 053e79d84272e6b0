/* migrations.c — the schema, one versioned step at a time. Never edit a
 * released step: add a new one. Portable SQL only (SQLite and PostgreSQL):
 * text UUID ids, BIGINT milliseconds for instants, CHECK and UNIQUE
 * constraints doing the guarding. */
#include "db_int.h"

/* Fills the doctor text index from the doctors' names, specialties and
 * bios (migration 11 made it, 14 remade it). */
#define DOCTOR_SEARCH_FILL                                                     \
	"INSERT INTO doctor_search (rowid, name, specialty, bio)"              \
	" SELECT i.doc, u.full_name, COALESCE(s.name, ''), COALESCE(p.bio, '')" \
	" FROM doctor_search_ids i JOIN users u ON u.id = i.doctor_id"          \
	" LEFT JOIN doctor_profiles p ON p.user_id = u.id"                      \
	" LEFT JOIN specialties s ON s.id = p.specialty_id;"

/* A profile's rating average from its sum and count (prefix: NEW. in a
 * trigger, nothing in a statement on the table). */
#define RATING_AVERAGE(prefix)                                         \
	"CASE WHEN " #prefix "rating_count > 0 THEN " #prefix "rating_sum * 1.0 / " \
	#prefix "rating_count ELSE 0 END"

const struct db_migration db__migrations[] = {
	{1, "accounts",
	 "CREATE TABLE users ("
	 " id TEXT PRIMARY KEY,"
	 " username TEXT NOT NULL,"
	 " username_key TEXT NOT NULL UNIQUE,"
	 " full_name TEXT NOT NULL,"
	 " email TEXT NOT NULL,"
	 " role TEXT NOT NULL CHECK (role IN ('patient','doctor','admin')),"
	 " status TEXT NOT NULL CHECK (status IN ('active','pending','disabled')),"
	 " password_hash TEXT NOT NULL,"
	 " created_at BIGINT NOT NULL,"
	 " updated_at BIGINT NOT NULL,"
	 " verified_at BIGINT,"
	 " verified_by TEXT REFERENCES users(id));"
	 "CREATE INDEX users_by_status ON users (status, role, created_at);"
	 "CREATE TABLE sessions ("
	 " id TEXT PRIMARY KEY,"
	 " user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	 " token_hash TEXT NOT NULL UNIQUE,"
	 " created_at BIGINT NOT NULL,"
	 " last_seen_at BIGINT NOT NULL,"
	 " expires_at BIGINT NOT NULL,"
	 " revoked_at BIGINT,"
	 " user_agent TEXT NOT NULL DEFAULT '',"
	 " ip TEXT NOT NULL DEFAULT '');"
	 "CREATE INDEX sessions_by_user ON sessions (user_id);"
	 "CREATE TABLE audit_events ("
	 " seq BIGINT PRIMARY KEY,"
	 " id TEXT NOT NULL UNIQUE,"
	 " at BIGINT NOT NULL,"
	 " actor_id TEXT,"
	 " actor_role TEXT,"
	 " action TEXT NOT NULL,"
	 " subject_id TEXT,"
	 " ip TEXT NOT NULL DEFAULT '',"
	 " detail TEXT NOT NULL DEFAULT '{}',"
	 " prev_hash TEXT NOT NULL,"
	 " hash TEXT NOT NULL);"
	 "CREATE INDEX audit_by_subject ON audit_events (subject_id, seq);"
	 "CREATE INDEX audit_by_actor ON audit_events (actor_id, seq);"},
	{2, "schedule",
	 "CREATE TABLE doctor_schedules ("
	 " doctor_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,"
	 " time_zone TEXT NOT NULL,"
	 " updated_at BIGINT NOT NULL);"
	 "CREATE TABLE doctor_hours ("
	 " doctor_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	 " weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),"
	 " start_min INTEGER NOT NULL,"
	 " end_min INTEGER NOT NULL,"
	 " slot_minutes INTEGER NOT NULL CHECK (slot_minutes BETWEEN 10 AND 120),"
	 " CHECK (start_min >= 0 AND end_min <= 1440 AND start_min < end_min));"
	 "CREATE INDEX doctor_hours_by_doctor ON doctor_hours (doctor_id);"
	 "CREATE TABLE doctor_exceptions ("
	 " doctor_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	 " day BIGINT NOT NULL,"
	 " kind TEXT NOT NULL CHECK (kind IN ('off','extra')),"
	 " start_min INTEGER,"
	 " end_min INTEGER,"
	 " slot_minutes INTEGER);"
	 "CREATE INDEX doctor_exceptions_by_doctor ON doctor_exceptions (doctor_id, day);"
	 "CREATE TABLE appointments ("
	 " id TEXT PRIMARY KEY,"
	 " doctor_id TEXT NOT NULL REFERENCES users(id),"
	 " patient_id TEXT NOT NULL REFERENCES users(id),"
	 " start_at BIGINT NOT NULL,"
	 " end_at BIGINT NOT NULL,"
	 " status TEXT NOT NULL CHECK (status IN ('booked','checked-in','arrived',"
	 "'fulfilled','cancelled','noshow')),"
	 " mode TEXT NOT NULL CHECK (mode IN ('video','in_person')),"
	 " reason TEXT NOT NULL DEFAULT '',"
	 " answers TEXT NOT NULL DEFAULT '{}',"
	 " created_at BIGINT NOT NULL,"
	 " updated_at BIGINT NOT NULL,"
	 " cancelled_at BIGINT,"
	 " cancelled_by TEXT REFERENCES users(id),"
	 " cancel_reason TEXT);"
	 /* the rule that decides every race for a slot */
	 "CREATE UNIQUE INDEX appointments_one_per_slot ON appointments (doctor_id, start_at)"
	 " WHERE status <> 'cancelled';"
	 "CREATE INDEX appointments_by_patient ON appointments (patient_id, start_at);"},
	{3, "directory",
	 "CREATE TABLE specialties ("
	 " id TEXT PRIMARY KEY,"
	 " name TEXT NOT NULL UNIQUE);"
	 "INSERT INTO specialties (id, name) VALUES"
	 " ('general-practice', 'General practice'), ('cardiology', 'Cardiology'),"
	 " ('dermatology', 'Dermatology'), ('psychiatry', 'Psychiatry'),"
	 " ('pediatrics', 'Pediatrics'), ('gynecology', 'Gynecology'),"
	 " ('orthopedics', 'Orthopedics'), ('neurology', 'Neurology'),"
	 " ('endocrinology', 'Endocrinology'), ('infectious-diseases', 'Infectious diseases'),"
	 " ('ophthalmology', 'Ophthalmology'), ('otolaryngology', 'Ear, nose and throat');"
	 /* words patients use, and the specialties that treat them */
	 "CREATE TABLE symptom_specialties ("
	 " word TEXT NOT NULL,"
	 " specialty_id TEXT NOT NULL REFERENCES specialties(id),"
	 " PRIMARY KEY (word, specialty_id));"
	 "INSERT INTO symptom_specialties (word, specialty_id) VALUES"
	 " ('flu', 'general-practice'), ('fever', 'general-practice'),"
	 " ('fever', 'infectious-diseases'), ('cold', 'general-practice'),"
	 " ('cough', 'general-practice'), ('headache', 'general-practice'),"
	 " ('headache', 'neurology'), ('migraine', 'neurology'),"
	 " ('rash', 'dermatology'), ('acne', 'dermatology'), ('eczema', 'dermatology'),"
	 " ('chest pain', 'cardiology'), ('palpitations', 'cardiology'),"
	 " ('blood pressure', 'cardiology'), ('anxiety', 'psychiatry'),"
	 " ('depression', 'psychiatry'), ('insomnia', 'psychiatry'),"
	 " ('back pain', 'orthopedics'), ('knee', 'orthopedics'),"
	 " ('diabetes', 'endocrinology'), ('thyroid', 'endocrinology'),"
	 " ('earache', 'otolaryngology'), ('sore throat', 'otolaryngology'),"
	 " ('sore throat', 'general-practice'), ('eye', 'ophthalmology'),"
	 " ('pregnancy', 'gynecology'), ('child', 'pediatrics'), ('hiv', 'infectious-diseases');"
	 "CREATE TABLE doctor_profiles ("
	 " user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,"
	 " specialty_id TEXT REFERENCES specialties(id),"
	 " bio TEXT NOT NULL DEFAULT '',"
	 " languages TEXT NOT NULL DEFAULT '[]',"
	 " city TEXT NOT NULL DEFAULT '',"
	 " country TEXT NOT NULL DEFAULT '',"
	 " years_experience INTEGER NOT NULL DEFAULT 0,"
	 " modes TEXT NOT NULL DEFAULT '[\"video\"]',"
	 " rating_sum BIGINT NOT NULL DEFAULT 0,"
	 " rating_count BIGINT NOT NULL DEFAULT 0,"
	 " updated_at BIGINT NOT NULL);"
	 "CREATE INDEX doctor_profiles_by_specialty ON doctor_profiles (specialty_id);"},
	{4, "reviews",
	 "CREATE TABLE reviews ("
	 " appointment_id TEXT PRIMARY KEY REFERENCES appointments(id),"
	 " doctor_id TEXT NOT NULL REFERENCES users(id),"
	 " patient_id TEXT NOT NULL REFERENCES users(id),"
	 " rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),"
	 " comment TEXT NOT NULL DEFAULT '',"
	 " created_at BIGINT NOT NULL);"
	 "CREATE INDEX reviews_by_doctor ON reviews (doctor_id, created_at);"},
	{5, "notifications",
	 "CREATE TABLE notifications ("
	 " id TEXT PRIMARY KEY,"
	 " user_id TEXT NOT NULL REFERENCES users(id),"
	 " kind TEXT NOT NULL,"
	 " appointment_id TEXT REFERENCES appointments(id),"
	 " data TEXT NOT NULL,"
	 " created_at BIGINT NOT NULL,"
	 " read_at BIGINT);"
	 "CREATE INDEX notifications_by_user ON notifications (user_id, created_at);"
	 "CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;"
	 "ALTER TABLE appointments ADD COLUMN reminded_day_at BIGINT;"
	 "ALTER TABLE appointments ADD COLUMN reminded_soon_at BIGINT;"
	 "CREATE INDEX appointments_by_start ON appointments (start_at);"},
	{6, "intake and drop-in",
	 /* immutable versions: 'clinic' or a doctor's id owns each line */
	 "CREATE TABLE questionnaires ("
	 " id TEXT PRIMARY KEY,"
	 " owner TEXT NOT NULL,"
	 " version INTEGER NOT NULL CHECK (version >= 1),"
	 " items TEXT NOT NULL,"
	 " created_at BIGINT NOT NULL,"
	 " created_by TEXT NOT NULL REFERENCES users(id),"
	 " UNIQUE (owner, version));"
	 /* the version the answers were given to */
	 "ALTER TABLE appointments ADD COLUMN questionnaire_id TEXT REFERENCES questionnaires(id);"
	 "CREATE TABLE doctors_on_duty ("
	 " doctor_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,"
	 " since BIGINT NOT NULL);"
	 "CREATE TABLE dropin_entries ("
	 " id TEXT PRIMARY KEY,"
	 " patient_id TEXT NOT NULL REFERENCES users(id),"
	 " specialty_id TEXT NOT NULL REFERENCES specialties(id),"
	 " mode TEXT NOT NULL CHECK (mode IN ('video','in_person')),"
	 " reason TEXT NOT NULL DEFAULT '',"
	 " answers TEXT NOT NULL DEFAULT '{}',"
	 " questionnaire_id TEXT REFERENCES questionnaires(id),"
	 " status TEXT NOT NULL CHECK (status IN ('waiting','taken','left')),"
	 " created_at BIGINT NOT NULL,"
	 " closed_at BIGINT,"
	 " taken_by TEXT REFERENCES users(id),"
	 " appointment_id TEXT REFERENCES appointments(id));"
	 /* one open request per patient, whatever the race */
	 "CREATE UNIQUE INDEX dropin_one_waiting_per_patient ON dropin_entries (patient_id)"
	 " WHERE status = 'waiting';"
	 "CREATE INDEX dropin_queue ON dropin_entries (specialty_id, status, created_at);"
	 "CREATE INDEX dropin_by_patient ON dropin_entries (patient_id, created_at);"
	 /* who other than the patient has seen which item of their health data */
	 "CREATE TABLE health_views ("
	 " item_id TEXT NOT NULL,"
	 " viewer_id TEXT NOT NULL REFERENCES users(id),"
	 " first_at BIGINT NOT NULL,"
	 " PRIMARY KEY (item_id, viewer_id));"},
	{7, "calendar feeds and doctor photos",
	 /* one private feed per user; only the secret's hash is kept */
	 "CREATE TABLE calendar_feeds ("
	 " user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,"
	 " secret_hash TEXT NOT NULL UNIQUE,"
	 " created_at BIGINT NOT NULL);"
	 /* the image bytes last, so reading the small columns never walks the
	  * blob's overflow pages; BYTEA is PostgreSQL's type and holds a blob
	  * unchanged in SQLite */
	 "CREATE TABLE doctor_photos ("
	 " doctor_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,"
	 " content_type TEXT NOT NULL"
	 " CHECK (content_type IN ('image/jpeg','image/png','image/webp')),"
	 " etag TEXT NOT NULL,"
	 " updated_at BIGINT NOT NULL,"
	 " bytes BYTEA NOT NULL);"},
	{8, "consultations",
	 /* the record of a call: when it started (first answer relayed) and ended */
	 "CREATE TABLE consultations ("
	 " appointment_id TEXT PRIMARY KEY REFERENCES appointments(id),"
	 " started_at BIGINT NOT NULL,"
	 " started_by TEXT NOT NULL REFERENCES users(id),"
	 " ended_at BIGINT,"
	 " ended_by TEXT REFERENCES users(id));"},
	{9, "call quality",
	 /* what each participant's page measured in a call: figures only, as
	  * the canonical JSON of the checked summary */
	 "CREATE TABLE call_quality ("
	 " id TEXT PRIMARY KEY,"
	 " appointment_id TEXT NOT NULL REFERENCES appointments(id),"
	 " user_id TEXT NOT NULL REFERENCES users(id),"
	 " role TEXT NOT NULL CHECK (role IN ('patient','doctor')),"
	 " created_at BIGINT NOT NULL,"
	 " figures TEXT NOT NULL);"
	 "CREATE INDEX call_quality_by_appointment ON call_quality (appointment_id, user_id);"},
	{10, "waiting room",
	 /* whether an appointment's patient is in its room now, as the hub
	  * last said: stamp orders the hub's events (wall-clock microseconds,
	  * so the order holds across restarts, and between nodes as far as
	  * their clocks agree); a row stays with present = 0 when the patient
	  * leaves */
	 "CREATE TABLE waiting_presence ("
	 " appointment_id TEXT PRIMARY KEY REFERENCES appointments(id),"
	 " doctor_id TEXT NOT NULL REFERENCES users(id),"
	 " present INTEGER NOT NULL CHECK (present IN (0, 1)),"
	 " since BIGINT NOT NULL,"
	 " stamp BIGINT NOT NULL);"
	 "CREATE INDEX waiting_presence_doctor ON waiting_presence (doctor_id, present);"
	 /* a doctor's one-line note to the patients waiting for them */
	 "CREATE TABLE waiting_notes ("
	 " doctor_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,"
	 " text TEXT NOT NULL,"
	 " created_at BIGINT NOT NULL);"},
	{11, "doctor search index",
	 /* SQLite FTS5 over doctors' names, specialties and bios, accents
	  * folded; kept in step by triggers, so every way a name, profile or
	  * specialty changes is covered. The index's rows are numbered by
	  * doctor_search_ids (an INTEGER PRIMARY KEY, so VACUUM keeps the
	  * numbers), which the triggers find through its unique index: an
	  * UNINDEXED column of the index itself would cost a scan per change.
	  * SQLite-only: a PostgreSQL driver would give this version a tsvector
	  * column and GIN index instead (the query is built in
	  * domain/doctor_search.h alone). */
	 "CREATE TABLE doctor_search_ids ("
	 " doc INTEGER PRIMARY KEY,"
	 " doctor_id TEXT NOT NULL UNIQUE REFERENCES users(id) ON DELETE CASCADE);"
	 "CREATE VIRTUAL TABLE doctor_search USING fts5(name, specialty, bio,"
	 " tokenize = 'unicode61 remove_diacritics 2');"
	 "CREATE TRIGGER doctor_search_user_in AFTER INSERT ON users WHEN NEW.role = 'doctor' BEGIN"
	 " INSERT INTO doctor_search_ids (doctor_id) VALUES (NEW.id);"
	 " INSERT INTO doctor_search (rowid, name, specialty, bio) VALUES ((SELECT doc FROM"
	 " doctor_search_ids WHERE doctor_id = NEW.id), NEW.full_name, '', ''); END;"
	 "CREATE TRIGGER doctor_search_user_name AFTER UPDATE OF full_name ON users"
	 " WHEN NEW.role = 'doctor' BEGIN"
	 " UPDATE doctor_search SET name = NEW.full_name WHERE rowid ="
	 " (SELECT doc FROM doctor_search_ids WHERE doctor_id = NEW.id); END;"
	 "CREATE TRIGGER doctor_search_user_out BEFORE DELETE ON users WHEN OLD.role = 'doctor'"
	 " BEGIN DELETE FROM doctor_search WHERE rowid ="
	 " (SELECT doc FROM doctor_search_ids WHERE doctor_id = OLD.id); END;"
	 "CREATE TRIGGER doctor_search_profile_in AFTER INSERT ON doctor_profiles BEGIN"
	 " UPDATE doctor_search SET bio = COALESCE(NEW.bio, ''), specialty = COALESCE("
	 " (SELECT name FROM specialties WHERE id = NEW.specialty_id), '') WHERE rowid ="
	 " (SELECT doc FROM doctor_search_ids WHERE doctor_id = NEW.user_id); END;"
	 "CREATE TRIGGER doctor_search_profile_up AFTER UPDATE OF bio, specialty_id ON doctor_profiles"
	 " BEGIN UPDATE doctor_search SET bio = COALESCE(NEW.bio, ''), specialty = COALESCE("
	 " (SELECT name FROM specialties WHERE id = NEW.specialty_id), '') WHERE rowid ="
	 " (SELECT doc FROM doctor_search_ids WHERE doctor_id = NEW.user_id); END;"
	 "CREATE TRIGGER doctor_search_specialty AFTER UPDATE OF name ON specialties BEGIN"
	 " UPDATE doctor_search SET specialty = NEW.name WHERE rowid IN (SELECT i.doc FROM"
	 " doctor_search_ids i JOIN doctor_profiles p ON p.user_id = i.doctor_id"
	 " WHERE p.specialty_id = NEW.id); END;"
	 "INSERT INTO doctor_search_ids (doctor_id) SELECT id FROM users WHERE role = 'doctor';"
	 DOCTOR_SEARCH_FILL},
	{12, "open appointments by end",
	 /* the periodic no-show sweep finds the few open appointments whose
	  * window has closed through this index, instead of reading every
	  * appointment under the write lock every tick */
	 "CREATE INDEX appointments_open_by_end ON appointments (status, end_at);"},
	{13, "directory order",
	 /* doctor search pages by walking an index in the asked order and
	  * stops at the page's end, instead of sorting every doctor: the sort
	  * keys live on the profile (the listed flag and the name copied from
	  * users by triggers, the rating average a generated column), as does
	  * the doctor's row number in the text index (so text matches compare
	  * as integers), and every doctor has a profile row from registration on */
	 "INSERT INTO doctor_profiles (user_id, updated_at) SELECT id, created_at FROM users"
	 " WHERE role = 'doctor' AND id NOT IN (SELECT user_id FROM doctor_profiles);"
	 "ALTER TABLE doctor_profiles ADD COLUMN listed INTEGER NOT NULL DEFAULT 0;"
	 "ALTER TABLE doctor_profiles ADD COLUMN sort_name TEXT NOT NULL DEFAULT '';"
	 "ALTER TABLE doctor_profiles ADD COLUMN search_doc INTEGER;"
	 "ALTER TABLE doctor_profiles ADD COLUMN rating_average REAL GENERATED ALWAYS AS"
	 " (CASE WHEN rating_count > 0 THEN rating_sum * 1.0 / rating_count ELSE 0 END) VIRTUAL;"
	 "UPDATE doctor_profiles SET"
	 " listed = (SELECT status = 'active' FROM users WHERE id = user_id),"
	 " sort_name = (SELECT full_name FROM users WHERE id = user_id),"
	 " search_doc = (SELECT doc FROM doctor_search_ids WHERE doctor_id = user_id);"
	 "CREATE TRIGGER directory_user_in AFTER INSERT ON users WHEN NEW.role = 'doctor' BEGIN"
	 " INSERT OR IGNORE INTO doctor_profiles (user_id, listed, sort_name, search_doc, updated_at)"
	 " VALUES (NEW.id, NEW.status = 'active', NEW.full_name,"
	 " (SELECT doc FROM doctor_search_ids WHERE doctor_id = NEW.id), NEW.created_at); END;"
	 /* whichever of the two AFTER INSERT triggers on users runs second
	  * links the profile to its row of the text index */
	 "CREATE TRIGGER directory_search_doc AFTER INSERT ON doctor_search_ids BEGIN"
	 " UPDATE doctor_profiles SET search_doc = NEW.doc WHERE user_id = NEW.doctor_id; END;"
	 "CREATE TRIGGER directory_user_up AFTER UPDATE OF full_name, status ON users"
	 " WHEN NEW.role = 'doctor' BEGIN UPDATE doctor_profiles SET"
	 " listed = NEW.status = 'active', sort_name = NEW.full_name WHERE user_id = NEW.id; END;"
	 "CREATE INDEX directory_by_rating ON doctor_profiles"
	 " (listed, rating_average DESC, sort_name, user_id);"
	 "CREATE INDEX directory_by_experience ON doctor_profiles"
	 " (listed, years_experience DESC, sort_name, user_id);"
	 "CREATE INDEX directory_by_name ON doctor_profiles (listed, sort_name, user_id);"
	 "CREATE INDEX directory_by_search_doc ON doctor_profiles (search_doc);"},
	{14, "search from indexes",
	 /* a page of doctor search reads indexes, not rows. The rating average
	  * becomes a plain column that triggers keep (SQLite 3.40 never reads
	  * a generated column from an index, so every walk by rating read each
	  * row); the order indexes carry the specialty and the text-index row,
	  * so a symptom or a common word is checked while walking them; the
	  * profile's sort keys sit beside its text-index row, so a name's
	  * matches are sorted from one index; the text index keeps prefix
	  * indexes of two and three characters (the "Alm" of a name as typed
	  * is one term, not every word that starts with it); and the weekly
	  * hours of a page's doctors come from their index alone */
	 "DROP INDEX directory_by_rating;"
	 "DROP INDEX directory_by_experience;"
	 "DROP INDEX directory_by_name;"
	 "DROP INDEX directory_by_search_doc;"
	 "ALTER TABLE doctor_profiles DROP COLUMN rating_average;"
	 "ALTER TABLE doctor_profiles ADD COLUMN rating_average REAL NOT NULL DEFAULT 0;"
	 "UPDATE doctor_profiles SET rating_average = " RATING_AVERAGE() ";"
	 "CREATE TRIGGER directory_rating_in AFTER INSERT ON doctor_profiles"
	 " WHEN NEW.rating_count > 0 BEGIN UPDATE doctor_profiles SET rating_average = "
	 RATING_AVERAGE(NEW.) " WHERE user_id = NEW.user_id; END;"
	 "CREATE TRIGGER directory_rating_up AFTER UPDATE OF rating_sum, rating_count"
	 " ON doctor_profiles BEGIN UPDATE doctor_profiles SET rating_average = "
	 RATING_AVERAGE(NEW.) " WHERE user_id = NEW.user_id; END;"
	 "CREATE INDEX directory_by_rating ON doctor_profiles"
	 " (listed, rating_average DESC, sort_name, user_id, specialty_id, search_doc);"
	 "CREATE INDEX directory_by_experience ON doctor_profiles"
	 " (listed, years_experience DESC, sort_name, user_id, specialty_id, search_doc);"
	 "CREATE INDEX directory_by_name ON doctor_profiles"
	 " (listed, sort_name, user_id, specialty_id, search_doc);"
	 "CREATE INDEX directory_by_match ON doctor_profiles"
	 " (search_doc, listed, rating_average, years_experience, sort_name, user_id);"
	 "DROP TABLE doctor_search;"
	 "CREATE VIRTUAL TABLE doctor_search USING fts5(name, specialty, bio,"
	 " tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');"
	 DOCTOR_SEARCH_FILL
	 "DROP INDEX doctor_hours_by_doctor;"
	 "CREATE INDEX doctor_hours_rules ON doctor_hours"
	 " (doctor_id, weekday, start_min, end_min, slot_minutes);"},
	{15, "relay-only privacy",
	 /* a person's own privacy mode (RFC 8828): their calls go through the
	  * clinic's TURN relay only, so neither side learns the other's
	  * address; either participant asking is enough */
	 "ALTER TABLE users ADD COLUMN relay_only INTEGER NOT NULL DEFAULT 0"
	 " CHECK (relay_only IN (0, 1));"},
	{16, "secure messaging",
	 /* conversations between one doctor and one patient, their messages
	  * and attachments. Titles, bodies, file names and file bytes are
	  * sealed (src/sec/seal.c: a key id in each value, the row id bound
	  * as associated data), so the store holds none of their text.
	  * A message's created_at is unique within its conversation (the
	  * domain makes each one later than the last), which orders a page;
	  * read_at marks the recipient's reading of it. Deleting a
	  * conversation deletes its rows (cascade) */
	 "CREATE TABLE conversations ("
	 " id TEXT PRIMARY KEY,"
	 " doctor_id TEXT NOT NULL REFERENCES users(id),"
	 " patient_id TEXT NOT NULL REFERENCES users(id),"
	 " title BYTEA NOT NULL,"
	 " created_at BIGINT NOT NULL,"
	 " last_message_at BIGINT NOT NULL);"
	 "CREATE INDEX conversations_of_doctor ON conversations (doctor_id, last_message_at, id);"
	 "CREATE INDEX conversations_of_patient ON conversations (patient_id, last_message_at, id);"
	 "CREATE TABLE messages ("
	 " id TEXT PRIMARY KEY,"
	 " conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,"
	 " sender_id TEXT NOT NULL REFERENCES users(id),"
	 " recipient_id TEXT NOT NULL REFERENCES users(id),"
	 " body BYTEA NOT NULL,"
	 " created_at BIGINT NOT NULL,"
	 " read_at BIGINT,"
	 " UNIQUE (conversation_id, created_at));"
	 "CREATE INDEX messages_unread ON messages (recipient_id, read_at, conversation_id);"
	 "CREATE TABLE message_attachments ("
	 " id TEXT PRIMARY KEY,"
	 " message_id TEXT NOT NULL UNIQUE REFERENCES messages(id) ON DELETE CASCADE,"
	 " content_type TEXT NOT NULL,"
	 " size BIGINT NOT NULL,"
	 " name BYTEA NOT NULL,"
	 " bytes BYTEA NOT NULL);"},
	{17, "consultation notes and e-prescriptions",
	 /* a doctor's note of an appointment (one each): findings, assessment,
	  * plan and ICD-10 code sealed together in body; a draft until
	  * signed_at, then fixed, and changed only by amendments kept beside
	  * it. Prescriptions of an appointment: what is prescribed sealed in
	  * body (the verification code too); code_hash finds one by its code
	  * without keeping the code in the clear; cancelled and dispensed
	  * say when and by whom (a pharmacist states a name and registration
	  * number, kept with their address) */
	 "CREATE TABLE consultation_notes ("
	 " id TEXT PRIMARY KEY,"
	 " appointment_id TEXT NOT NULL UNIQUE REFERENCES appointments(id),"
	 " doctor_id TEXT NOT NULL REFERENCES users(id),"
	 " patient_id TEXT NOT NULL REFERENCES users(id),"
	 " body BYTEA NOT NULL,"
	 " created_at BIGINT NOT NULL,"
	 " updated_at BIGINT NOT NULL,"
	 " signed_at BIGINT);"
	 "CREATE INDEX consultation_notes_of_patient ON consultation_notes (patient_id, signed_at);"
	 "CREATE TABLE note_amendments ("
	 " id TEXT PRIMARY KEY,"
	 " note_id TEXT NOT NULL REFERENCES consultation_notes(id),"
	 " author_id TEXT NOT NULL REFERENCES users(id),"
	 " body BYTEA NOT NULL,"
	 " created_at BIGINT NOT NULL);"
	 "CREATE INDEX note_amendments_of_note ON note_amendments (note_id, created_at);"
	 "CREATE TABLE prescriptions ("
	 " id TEXT PRIMARY KEY,"
	 " appointment_id TEXT NOT NULL REFERENCES appointments(id),"
	 " doctor_id TEXT NOT NULL REFERENCES users(id),"
	 " patient_id TEXT NOT NULL REFERENCES users(id),"
	 " code_hash TEXT NOT NULL UNIQUE,"
	 " body BYTEA NOT NULL,"
	 " valid_until BIGINT NOT NULL,"
	 " created_at BIGINT NOT NULL,"
	 " cancelled_at BIGINT,"
	 " dispensed_at BIGINT,"
	 " dispensed_by TEXT);"
	 "CREATE INDEX prescriptions_of_appointment ON prescriptions (appointment_id, created_at);"
	 "CREATE INDEX prescriptions_of_patient ON prescriptions (patient_id, created_at);"},
	{18, "consents",
	 /* a patient's consents: one record per change, never updated. scope
	  * is '' for an unscoped purpose, 'clinic' or a doctor's id for
	  * sharing; the newest record of a (patient, purpose, scope) is in
	  * force, and recorded_at is unique within it (the domain makes each
	  * record later than the one it supersedes) */
	 "CREATE TABLE consents ("
	 " id TEXT PRIMARY KEY,"
	 " patient_id TEXT NOT NULL REFERENCES users(id),"
	 " purpose TEXT NOT NULL,"
	 " scope TEXT NOT NULL,"
	 " given INTEGER NOT NULL CHECK (given IN (0, 1)),"
	 " text_version INTEGER NOT NULL,"
	 " recorded_at BIGINT NOT NULL,"
	 " UNIQUE (patient_id, purpose, scope, recorded_at));"},
	{19, "vital signs",
	 /* a patient's observations (issue 7): the value and its source sealed
	  * in body, beside the LOINC code and the instant in the clear so that
	  * a chart's range is read from an index (the code says what was
	  * measured, never how it came out); device_id names the device that
	  * pushed it. A device's token is kept only as its hash (like a
	  * session's), its name sealed. A doctor's thresholds for a patient
	  * are one sealed set per pair, replaced whole. An alert is stored
	  * per doctor whose threshold an observation crossed: the value and
	  * the threshold sealed, acknowledged_at set by that doctor */
	 "CREATE TABLE devices ("
	 " id TEXT PRIMARY KEY,"
	 " patient_id TEXT NOT NULL REFERENCES users(id),"
	 " name BYTEA NOT NULL,"
	 " token_hash TEXT NOT NULL UNIQUE,"
	 " created_at BIGINT NOT NULL,"
	 " last_used_at BIGINT,"
	 " revoked_at BIGINT);"
	 "CREATE INDEX devices_of_patient ON devices (patient_id, created_at);"
	 "CREATE TABLE observations ("
	 " id TEXT PRIMARY KEY,"
	 " patient_id TEXT NOT NULL REFERENCES users(id),"
	 " code TEXT NOT NULL,"
	 " at BIGINT NOT NULL,"
	 " device_id TEXT REFERENCES devices(id),"
	 " body BYTEA NOT NULL,"
	 " created_at BIGINT NOT NULL);"
	 "CREATE INDEX observations_of_patient ON observations (patient_id, at, id);"
	 "CREATE INDEX observations_of_patient_code ON observations (patient_id, code, at, id);"
	 "CREATE TABLE vital_thresholds ("
	 " id TEXT PRIMARY KEY,"
	 " patient_id TEXT NOT NULL REFERENCES users(id),"
	 " doctor_id TEXT NOT NULL REFERENCES users(id),"
	 " body BYTEA NOT NULL,"
	 " updated_at BIGINT NOT NULL,"
	 " UNIQUE (patient_id, doctor_id));"
	 "CREATE TABLE vital_alerts ("
	 " id TEXT PRIMARY KEY,"
	 " doctor_id TEXT NOT NULL REFERENCES users(id),"
	 " patient_id TEXT NOT NULL REFERENCES users(id),"
	 " observation_id TEXT NOT NULL REFERENCES observations(id),"
	 " code TEXT NOT NULL,"
	 " at BIGINT NOT NULL,"
	 " body BYTEA NOT NULL,"
	 " created_at BIGINT NOT NULL,"
	 " acknowledged_at BIGINT);"
	 "CREATE INDEX vital_alerts_of_doctor ON vital_alerts (doctor_id, created_at, id);"
	 "CREATE INDEX vital_alerts_open_of_doctor ON vital_alerts"
	 " (doctor_id, acknowledged_at, created_at, id);"
	 "CREATE INDEX vital_alerts_of_patient ON vital_alerts (patient_id, created_at, id);"},
};

const int db__nmigrations = sizeof(db__migrations) / sizeof(db__migrations[0]);

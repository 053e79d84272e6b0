/* err.h — the one error catalogue: every failure a request can meet, with its
 * HTTP status and its API code, listed once here and nowhere else. */
#ifndef TELEMED_ERR_H
#define TELEMED_ERR_H

/* X(name, http status, api code, default message) */
#define ERR_LIST(X)                                                              \
	X(OK, 200, "ok", "OK")                                                   \
	X(INVALID_JSON, 400, "invalid_json", "The body is not a JSON object")    \
	X(UNKNOWN_FIELD, 400, "unknown_field", "Unknown field")                  \
	X(MISSING_FIELD, 400, "missing_field", "A required field is missing")    \
	X(INVALID_TYPE, 400, "invalid_type", "A field has the wrong type")       \
	X(BAD_REQUEST, 400, "bad_request", "The request is malformed")           \
	X(UNAUTHENTICATED, 401, "unauthenticated", "Log in first")               \
	X(INVALID_CREDENTIALS, 401, "invalid_credentials",                       \
	  "Wrong username or password")                                         \
	X(FORBIDDEN, 403, "forbidden", "You may not do this")                    \
	X(OUTSIDE_WINDOW, 403, "outside_window",                                 \
	  "The consultation is not open now")                                  \
	X(BAD_ORIGIN, 403, "bad_origin", "Request from a foreign origin")        \
	X(CONSENT_REQUIRED, 403, "consent_required",                             \
	  "The patient has not given consent for this")                         \
	X(NOT_FOUND, 404, "not_found", "Not found")                              \
	X(METHOD_NOT_ALLOWED, 405, "method_not_allowed",                         \
	  "Method not allowed on this path")                                    \
	X(CONFLICT, 409, "conflict", "Conflicts with the current state")         \
	X(USERNAME_TAKEN, 409, "username_taken", "That username is taken")       \
	X(SLOT_TAKEN, 409, "slot_taken", "That time has just been booked")       \
	X(LENGTH_REQUIRED, 411, "length_required",                               \
	  "Send the body with a Content-Length")                                \
	X(BODY_TOO_LARGE, 413, "body_too_large", "The body is too large")        \
	X(UNSUPPORTED_MEDIA_TYPE, 415, "unsupported_media_type",                 \
	  "Send application/json")                                              \
	X(UNSUPPORTED_IMAGE, 415, "unsupported_image",                           \
	  "The photo must be a JPEG, PNG or WebP image")                        \
	X(UNSUPPORTED_FILE, 415, "unsupported_file",                             \
	  "Attach a PDF, a JPEG, PNG or WebP image, or plain UTF-8 text")      \
	X(NO_CARE_RELATIONSHIP, 422, "no_care_relationship",                     \
	  "This patient has had no appointment with you")                       \
	X(INVALID_VALUE, 422, "invalid_value", "A field has an invalid value")   \
	X(WEAK_PASSWORD, 422, "weak_password",                                   \
	  "Passwords have 10 to 128 characters")                                \
	X(SLOT_IN_PAST, 422, "slot_in_past", "That time has passed")             \
	X(NOT_A_SLOT, 422, "not_a_slot", "That time is not one of the doctor's slots") \
	X(UNKNOWN_QUESTION, 422, "unknown_question",                             \
	  "An answer names a question that is not asked")                      \
	X(ANSWER_REQUIRED, 422, "answer_required",                               \
	  "A required question is not answered")                                \
	X(ANSWER_INVALID, 422, "answer_invalid",                                 \
	  "An answer does not fit its question")                                \
	X(ALREADY_WAITING, 409, "already_waiting",                               \
	  "You are already waiting for a doctor")                               \
	X(NOT_ON_DUTY, 409, "not_on_duty", "Go on duty first")                  \
	X(DOCTOR_BUSY, 409, "doctor_busy",                                       \
	  "You are in a consultation now")                                      \
	X(QUEUE_EMPTY, 404, "queue_empty", "No patient is waiting")             \
	X(ALREADY_DISPENSED, 409, "already_dispensed",                           \
	  "This prescription has already been dispensed")                      \
	X(PRESCRIPTION_CANCELLED, 409, "prescription_cancelled",                 \
	  "The prescriber cancelled this prescription")                        \
	X(PRESCRIPTION_EXPIRED, 409, "prescription_expired",                     \
	  "This prescription is no longer valid")                               \
	X(TOO_MANY_ATTEMPTS, 429, "too_many_attempts",                           \
	  "Too many attempts; try again later")                                 \
	X(INTERNAL, 500, "internal", "Internal error")                           \
	X(DB, 500, "internal", "Internal error")                                 \
	X(UNAVAILABLE, 503, "unavailable", "The server is shutting down")

enum err {
#define X(name, status, code, msg) ERR_##name,
	ERR_LIST(X)
#undef X
		ERR__COUNT
};

/* Static strings; never NULL. */
int err_status(enum err e);
const char *err_code(enum err e);
const char *err_message(enum err e);

#endif

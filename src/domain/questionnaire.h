/* questionnaire.h — intake questionnaires, FHIR Questionnaire in spirit: a
 * short list of questions (items with a link_id, a text, a type of string,
 * choice, boolean or decimal, and a required flag) that a patient answers
 * when asking for a doctor. The clinic's administrator sets a default and
 * each doctor may set their own, which wins. Every change is a new, numbered
 * version that never changes afterwards, and what a patient answered names
 * the version it answered, so later edits never change the meaning of old
 * answers. Answers are an object {link_id: value} (QuestionnaireResponse
 * items): a string, one of the options, true/false, or a number.
 * Worker threads, with that thread's own store connection. */
#ifndef TELEMED_QUESTIONNAIRE_H
#define TELEMED_QUESTIONNAIRE_H
#include <jansson.h>
#include <stdint.h>

#include "../core/err.h"
#include "../core/id.h"
#include "principal.h"

struct db;

#define QUESTIONNAIRE_ITEMS_MAX 20
#define QUESTIONNAIRE_TEXT_MAX 200    /* a question's text, in characters */
#define QUESTIONNAIRE_OPTIONS_MAX 10
#define QUESTIONNAIRE_OPTION_MAX 100  /* one option's text */
#define QUESTIONNAIRE_ANSWER_MAX 500  /* a string answer */

/* Reads and checks a body {"items":[…]}. ERR_OK and *items (a new array in
 * a normal form: every key present that applies to the type), or a 4xx
 * error with a message naming the question at fault. */
enum err questionnaire_parse(const json_t *body, json_t **items, char *msg,
			     size_t msglen);

/* Checks answers (an object, or NULL for none) against items (NULL: no
 * questionnaire, so no answer is expected). ERR_OK and *clean, a new object
 * of the answered questions (empty strings count as unanswered); else
 * ERR_UNKNOWN_QUESTION, ERR_ANSWER_REQUIRED or ERR_ANSWER_INVALID with a
 * message naming the question. Pure. */
enum err questionnaire_check(const json_t *items, const json_t *answers,
			     json_t **clean, char *msg, size_t msglen);

/* A new version of a doctor's questionnaire (doctor_id: only that doctor,
 * ERR_FORBIDDEN for others, ERR_NOT_FOUND for no such doctor) or of the
 * clinic's default (doctor_id NULL: administrators only). Audited.
 * *out: the questionnaire, as questionnaire_get gives it. */
enum err questionnaire_set(struct db *db, const struct principal *who,
			   const char *doctor_id, const json_t *body,
			   int64_t now_ms, json_t **out, char *msg, size_t msglen);

/* The questionnaire in force for a doctor (their own, else the clinic's),
 * or the clinic's when doctor_id is NULL: {"id","version","source","items",
 * "updated_at"}, source "doctor", "clinic" or "none" (then id, version and
 * updated_at are null and items is empty). ERR_NOT_FOUND: no such doctor. */
enum err questionnaire_get(struct db *db, const char *doctor_id, json_t **out);

/* questionnaire_check against the questionnaire in force (as
 * questionnaire_get finds it). id_out: the version's id, "" when none. */
enum err questionnaire_answer(struct db *db, const char *doctor_id,
			      const json_t *answers, char id_out[ID_LEN + 1],
			      json_t **clean, char *msg, size_t msglen);

/* The answers beside their questions, in the questionnaire's order:
 * [{"link_id","text","type","answer"}] for each answered item. items_text
 * is a stored version's items (NULL: answers given before questionnaires
 * existed, shown under their own keys). A new array, never NULL. */
json_t *questionnaire_intake(const char *items_text, const json_t *answers);

#endif

/* doctor_search.h — the free-text part of doctor search: the words a
 * patient types, matched against doctors' names, specialties and bios
 * through the store's full-text index (SQLite FTS5, migration 11), and
 * symptom words mapped to the specialties that treat them. The one place
 * that knows the index's query language. Any thread. */
#ifndef TELEMED_DOCTOR_SEARCH_H
#define TELEMED_DOCTOR_SEARCH_H
#include <stdbool.h>
#include <stddef.h>

/* The index's matches as a condition on the profile p (migration 13 gives
 * it its row number in the index); one parameter, the expression. */
#define DOCTOR_SEARCH_WORDS_CONDITION                                                    \
	"p.search_doc IN (SELECT rowid FROM doctor_search WHERE doctor_search MATCH ?)"

/* The condition for a text search: the words' matches, or a specialty a
 * symptom in the text maps to. Two parameters: doctor_search_expression()'s
 * output and the text in lower case. */
#define DOCTOR_SEARCH_CONDITION                                                          \
	"(" DOCTOR_SEARCH_WORDS_CONDITION " OR p.specialty_id IN (SELECT specialty_id"      \
	" FROM symptom_specialties WHERE ? LIKE '%' || word || '%'))"

/* A narrow search's matches as a condition on the profile p; one
 * parameter, doctor_search_narrow()'s list. */
#define DOCTOR_SEARCH_LIST_CONDITION "p.search_doc IN (SELECT value FROM json_each(?))"

#define DOCTOR_SEARCH_WORDS_MAX 8
/* Fewer matches than this make a search narrow. */
#define DOCTOR_SEARCH_NARROW_MAX 1000

/* The index's query for what was typed: every word must occur, the last
 * one as a prefix ("car" finds "cardiology"); each word is quoted, so
 * nothing typed is read as an operator. A text without a word (only
 * punctuation) gives a query that matches nothing. Returns out. */
const char *doctor_search_expression(const char *text, char *out, size_t n);

struct db;

/* When the words (the expression) match fewer than
 * DOCTOR_SEARCH_NARROW_MAX doctors and no symptom in the lower-case text
 * maps to a specialty, their matches as a JSON array of row numbers for
 * DOCTOR_SEARCH_LIST_CONDITION (caller frees): then reading the matches and
 * sorting them is cheaper than walking the directory in order looking for
 * them (a name), and the index is asked once. Otherwise (a specialty, a
 * symptom, a common word) NULL: the walk finds a page after a few rows. */
char *doctor_search_narrow(struct db *db, const char *expression, const char *lower_text);

#endif

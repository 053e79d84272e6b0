/* doctor_search.h — the free-text part of doctor search: the words a
 * patient types, matched against doctors' names, specialties and bios
 * through the store's full-text index (SQLite FTS5, migration 11), and
 * symptom words mapped to the specialties that treat them. The one place
 * that knows the index's query language. Any thread. */
#ifndef TELEMED_DOCTOR_SEARCH_H
#define TELEMED_DOCTOR_SEARCH_H
#include <stddef.h>

/* The condition on u.id and p.specialty_id (doctors' users and profiles)
 * for a text search; two parameters: doctor_search_expression()'s output
 * and the text in lower case. */
#define DOCTOR_SEARCH_CONDITION                                                          \
	"(u.id IN (SELECT i.doctor_id FROM doctor_search s JOIN doctor_search_ids i"       \
	" ON i.doc = s.rowid WHERE doctor_search MATCH ?)"                                  \
	" OR p.specialty_id IN (SELECT specialty_id FROM symptom_specialties"              \
	" WHERE ? LIKE '%' || word || '%'))"

#define DOCTOR_SEARCH_WORDS_MAX 8

/* The index's query for what was typed: every word must occur, the last
 * one as a prefix ("car" finds "cardiology"); each word is quoted, so
 * nothing typed is read as an operator. A text without a word (only
 * punctuation) gives a query that matches nothing. Returns out. */
const char *doctor_search_expression(const char *text, char *out, size_t n);

#endif

/* doctor_search.c — the full-text query of doctor search (see
 * doctor_search.h). Words are runs of letters and digits; bytes of
 * multi-byte UTF-8 characters count as letters, so "Conceição" is one word
 * and the index's own tokenizer folds its accents. */
#include "doctor_search.h"
#include "../db/db.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static bool in_word(unsigned char c)
{
	return isalnum(c) || c >= 0x80;
}

const char *doctor_search_expression(const char *text, char *out, size_t n)
{
	const char *words[DOCTOR_SEARCH_WORDS_MAX];
	size_t lens[DOCTOR_SEARCH_WORDS_MAX], count = 0;
	for (const char *s = text; *s && count < DOCTOR_SEARCH_WORDS_MAX;) {
		while (*s && !in_word((unsigned char)*s))
			s++;
		const char *start = s;
		while (*s && in_word((unsigned char)*s))
			s++;
		if (s > start) {
			words[count] = start;
			lens[count++] = (size_t)(s - start);
		}
	}
	size_t o = 0;
	out[0] = '\0';
	for (size_t i = 0; i < count; i++) {
		int w = snprintf(out + o, n - o, "%s\"%.*s\"%s", i ? " " : "", (int)lens[i], words[i],
				 i + 1 == count ? "*" : "");
		if (w < 0 || (size_t)w >= n - o) {
			out[o] = '\0'; /* too long: the words that fit */
			break;
		}
		o += (size_t)w;
	}
	if (!o) /* no word: a token the tokenizer never makes */
		snprintf(out, n, "\"\"");
	return out;
}

/* The first column of a one-row query with one text parameter, or -1. */
static int64_t count_of(struct db *db, const char *sql, const char *text)
{
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return -1;
	db_bind_text(st, 1, text);
	int64_t n = db_step(st) == DB_ROW ? db_column_int64(st, 0) : -1;
	db_finalize(st);
	return n;
}

bool doctor_search_narrow(struct db *db, const char *expression, const char *lower_text)
{
	char sql[160];
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM (SELECT 1 FROM doctor_search"
		 " WHERE doctor_search MATCH ? LIMIT %d)", DOCTOR_SEARCH_NARROW_MAX);
	int64_t words = count_of(db, sql, expression);
	return words >= 0 && words < DOCTOR_SEARCH_NARROW_MAX &&
	       count_of(db, "SELECT count(*) FROM symptom_specialties"
			" WHERE ? LIKE '%' || word || '%'", lower_text) == 0;
}

/* doctor_search.c — the full-text query of doctor search (see
 * doctor_search.h). Words are runs of letters and digits; bytes of
 * multi-byte UTF-8 characters count as letters, so "Conceição" is one word
 * and the index's own tokenizer folds its accents. */
#include "doctor_search.h"
#include "../core/buf.h"
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

/* The matches' row numbers as a JSON array, or NULL when there are
 * DOCTOR_SEARCH_NARROW_MAX or more (or the store fails). */
static char *few_matches(struct db *db, const char *expression)
{
	char sql[160];
	snprintf(sql, sizeof(sql), "SELECT rowid FROM doctor_search WHERE doctor_search MATCH ?"
		 " LIMIT %d", DOCTOR_SEARCH_NARROW_MAX);
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return NULL;
	db_bind_text(st, 1, expression);
	struct buf list;
	buf_init(&list, 0);
	buf_append_str(&list, "[");
	int n = 0;
	enum db_rc rc;
	while ((rc = db_step(st)) == DB_ROW)
		buf_printf(&list, "%s%lld", n++ ? "," : "", (long long)db_column_int64(st, 0));
	db_finalize(st);
	buf_append_str(&list, "]");
	if (rc != DB_DONE || n == DOCTOR_SEARCH_NARROW_MAX) {
		buf_cleanup(&list);
		return NULL;
	}
	return buf_steal(&list, NULL);
}

static bool names_symptom(struct db *db, const char *lower_text)
{
	struct db_stmt *st = db_prepare(db, "SELECT 1 FROM symptom_specialties"
					" WHERE ? LIKE '%' || word || '%' LIMIT 1");
	if (!st)
		return true; /* the broad query works either way */
	db_bind_text(st, 1, lower_text);
	bool found = db_step(st) != DB_DONE;
	db_finalize(st);
	return found;
}

char *doctor_search_narrow(struct db *db, const char *expression, const char *lower_text)
{
	return names_symptom(db, lower_text) ? NULL : few_matches(db, expression);
}

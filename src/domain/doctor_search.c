/* doctor_search.c — the full-text query of doctor search (see
 * doctor_search.h). Words are runs of letters and digits; bytes of
 * multi-byte UTF-8 characters count as letters, so "Conceição" is one word
 * and the index's own tokenizer folds its accents. */
#include "doctor_search.h"

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

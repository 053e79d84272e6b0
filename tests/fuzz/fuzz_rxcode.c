/* fuzz_rxcode.c — libFuzzer target for what people type into the record:
 * a prescription's verification code as typed (the path of /verify/{code})
 * and an ICD-10 code. Reading them must never crash or read past the text;
 * a code read is four groups of five of Crockford's alphabet, and reading
 * it again gives itself. */
#include "domain/notes.h"
#include "sec/rxcode.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *typed = malloc(size + 1);
	memcpy(typed, data, size);
	typed[size] = '\0';
	char code[RXCODE_TEXT_LEN + 1], again[RXCODE_TEXT_LEN + 1];
	if (rxcode_normalise(typed, code)) {
		if (strlen(code) != RXCODE_TEXT_LEN || !rxcode_normalise(code, again) ||
		    strcmp(code, again) != 0)
			abort();
		for (int i = 0; i < RXCODE_TEXT_LEN; i++)
			if ((i % 6 == 5) != (code[i] == '-') ||
			    (code[i] != '-' && !strchr("0123456789ABCDEFGHJKMNPQRSTVWXYZ", code[i])))
				abort();
	}
	notes_icd10_ok(typed);
	free(typed);
	return 0;
}

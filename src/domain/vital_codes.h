/* vital_codes.h — the vital signs the platform records (issue 7): each a
 * LOINC code with its one UCUM unit and the values a body can plausibly
 * show. Anything else is refused before it is stored. Pure; any thread. */
#ifndef TELEMED_VITAL_CODES_H
#define TELEMED_VITAL_CODES_H
#include <stdbool.h>

#define VITAL_CODES 6
#define VITAL_CODE_MAX 16 /* characters of a code or a unit as sent */

struct vital_code {
	const char *code; /* LOINC, e.g. "8867-4" */
	const char *unit; /* UCUM, e.g. "/min" */
	double min, max;  /* plausible values, both included */
};

/* The entry of code, or NULL for a code not recorded here. */
const struct vital_code *vital_code_find(const char *code);

/* true when value lies within c's plausible bounds. */
bool vital_code_plausible(const struct vital_code *c, double value);

#endif

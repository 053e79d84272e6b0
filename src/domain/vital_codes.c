/* vital_codes.c — the table of vital signs (see vital_codes.h). The bounds
 * are wide: they catch a wrong unit or a broken sensor (a heart rate of 0,
 * a temperature in Fahrenheit), not an unusual patient. */
#include "vital_codes.h"

#include <string.h>

static const struct vital_code codes[VITAL_CODES] = {
	{"8867-4", "/min", 20, 300},   /* heart rate */
	{"59408-5", "%", 50, 100},     /* oxygen saturation (pulse oximetry) */
	{"8480-6", "mm[Hg]", 40, 300}, /* systolic blood pressure */
	{"8462-4", "mm[Hg]", 20, 200}, /* diastolic blood pressure */
	{"8310-5", "Cel", 30, 45},     /* body temperature */
	{"29463-7", "kg", 0.5, 500},   /* body weight */
};

const struct vital_code *vital_code_find(const char *code)
{
	for (int i = 0; code && i < VITAL_CODES; i++)
		if (strcmp(codes[i].code, code) == 0)
			return &codes[i];
	return NULL;
}

bool vital_code_plausible(const struct vital_code *c, double value)
{
	return value >= c->min && value <= c->max;
}

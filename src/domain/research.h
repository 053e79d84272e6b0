/* research.h — the research export (issue 8, seed 004): the records of
 * patients whose "research" consent is in force, de-identified: direct
 * identifiers removed (each patient a random subject id, new each export),
 * dates shifted by a random number of days per patient, ages in ten-year
 * bands, places generalised to the country. Refused unless every group of
 * patients sharing the quasi-identifiers (age band, sex, country) has at
 * least k members (k-anonymity). Administrators only; audited, refusals
 * too. Worker threads. */
#ifndef TELEMED_RESEARCH_H
#define TELEMED_RESEARCH_H
#include <jansson.h>
#include <stddef.h>

#include "record.h"

#define RESEARCH_SHIFT_DAYS 180 /* each patient's dates move by up to this, either way */

/* {"k","patients","records":[{"subject","age_band","sex","country",
 * "encounters":[{"day","specialty","icd10","medications":[name…]}]}]}.
 * ERR_K_ANONYMITY (msg says how many groups are too small) when a group has
 * fewer than k patients; ERR_FORBIDDEN for anyone but an administrator. */
enum err research_export(const struct record_ctx *ctx, int k, json_t **out, char *msg,
			 size_t msglen);

#endif

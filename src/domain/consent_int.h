/* consent_int.h — shared between the consent files: the purposes and their
 * current texts (consent_texts.c). */
#ifndef TELEMED_CONSENT_INT_H
#define TELEMED_CONSENT_INT_H
#include "consent.h"

struct consent_purpose {
	const char *name;
	int version; /* of the current text */
	bool scoped; /* "share": per doctor or for the clinic */
	const char *title_en, *title_pt;
	const char *text_en, *text_pt;
};

/* NULL for an unknown purpose. */
const struct consent_purpose *consent__purpose(const char *name);

#endif

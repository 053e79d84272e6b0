/* principal.c — role names (see principal.h). Any thread. */
#include "principal.h"

#include <string.h>

static const char *const names[] = {"", "patient", "doctor", "admin"};

enum role role_parse(const char *name)
{
	for (int r = ROLE_PATIENT; r <= ROLE_ADMIN; r++)
		if (name && strcmp(name, names[r]) == 0)
			return (enum role)r;
	return ROLE_NONE;
}

const char *role_name(enum role role)
{
	return (unsigned)role <= ROLE_ADMIN ? names[role] : "";
}

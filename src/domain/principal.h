/* principal.h — who is acting: the caller of a request once their session is
 * checked, passed down to every domain function that authorises. */
#ifndef TELEMED_PRINCIPAL_H
#define TELEMED_PRINCIPAL_H
#include <stdbool.h>

#include "../core/id.h"

enum role { ROLE_NONE = 0, ROLE_PATIENT, ROLE_DOCTOR, ROLE_ADMIN };

struct principal {
	bool authenticated;
	bool via_cookie; /* the token came from the session cookie */
	enum role role;
	char user_id[ID_LEN + 1];
	char session_id[ID_LEN + 1];
	char status[16]; /* "active", "pending", "disabled" */
	char ip[64];     /* the caller's address, for the audit log */
};

/* "patient", "doctor", "admin"; ROLE_NONE for anything else. */
enum role role_parse(const char *name);
const char *role_name(enum role role);

#endif

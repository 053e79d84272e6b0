/* accounts_int.h — private to accounts*.c: helpers shared by the account
 * files. */
#ifndef TELEMED_ACCOUNTS_INT_H
#define TELEMED_ACCOUNTS_INT_H
#include "accounts.h"

#define ACCOUNTS_USERNAME_MAX 32

/* Lower-cased username for uniqueness; -1 if it breaks the rules. */
int accounts__username_key(const char *username, char key[ACCOUNTS_USERNAME_MAX + 1]);
/* The public JSON of user id (new reference). */
enum err accounts__load(struct db *db, const char *id, json_t **user);

#endif

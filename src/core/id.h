/* id.h — random identifiers: UUID version 4 strings from libsodium's CSPRNG.
 * Any thread (call sodium_init() once at start). */
#ifndef TELEMED_ID_H
#define TELEMED_ID_H
#include <stdbool.h>

#define ID_LEN 36 /* characters, without the NUL */

void id_new(char out[ID_LEN + 1]);
/* true for a canonical lower- or upper-case UUID string. */
bool id_valid(const char *s);

#endif

/* specialties.h — the list of specialties doctors practise: everyone reads
 * it (search filters, profile editing); administrators add, rename and
 * remove entries, each change audited. Renaming updates the doctors' text
 * index (a trigger of migration 11), so searches find the new name.
 * Worker threads. */
#ifndef TELEMED_SPECIALTIES_H
#define TELEMED_SPECIALTIES_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/err.h"
#include "principal.h"

struct db;

/* [{id, name}] by name. */
enum err specialties_list(struct db *db, json_t **out);

/* Adds {id, name}: id is lower-case letters and digits in hyphenated words
 * (2 to 40 characters), name 2 to 64 characters. ERR_FORBIDDEN for anyone
 * but an administrator, ERR_INVALID_VALUE (msg says why), ERR_CONFLICT when
 * the id or the name is taken. *out gets the new entry. */
enum err specialties_add(struct db *db, const struct principal *who, const char *id,
			 const char *name, int64_t now_ms, json_t **out, char *msg,
			 size_t msglen);

/* Renames id; ERR_NOT_FOUND, ERR_CONFLICT (name taken) as above. */
enum err specialties_rename(struct db *db, const struct principal *who, const char *id,
			    const char *name, int64_t now_ms, json_t **out, char *msg,
			    size_t msglen);

/* Removes id with the symptom words that point to it. ERR_CONFLICT (msg
 * says how many) while a doctor's profile or a drop-in request names it. */
enum err specialties_remove(struct db *db, const struct principal *who, const char *id,
			    int64_t now_ms, char *msg, size_t msglen);

#endif

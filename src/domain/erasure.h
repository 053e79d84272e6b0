/* erasure.h — the right to be forgotten (GDPR article 17, issue 8): a
 * patient erases their account. Their identity and contact data, their
 * sessions, messages, notifications and review comments go; what the clinic
 * must keep by law — appointments, notes, prescriptions and the rest of the
 * medical record — stays under a pseudonym until its retention ends; the
 * audit keeps its entries, which name people by id only. Deleted bytes are
 * zeroed in the store and the write-ahead log is truncated (db_forget), so
 * the erased words are not left in the store's files.
 * Worker threads, with that thread's own store connection. */
#ifndef TELEMED_ERASURE_H
#define TELEMED_ERASURE_H
#include <stdint.h>

#include "../core/err.h"
#include "principal.h"

struct db;

/* Erases the caller's account after checking their password again
 * (ERR_INVALID_CREDENTIALS, audited). Patients only (ERR_FORBIDDEN: a
 * doctor's or administrator's account is closed by the clinic, which keeps
 * what they signed). Audited as user.erase, by id. */
enum err erasure_run(struct db *db, const struct principal *who, const char *password,
		     int64_t now_ms);

#endif

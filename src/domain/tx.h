/* tx.h — ending a domain write transaction: commit when the work succeeded,
 * roll back otherwise, and say which error (if any) the caller returns. */
#ifndef TELEMED_TX_H
#define TELEMED_TX_H
#include "../core/err.h"

struct db;

/* Commits when e is ERR_OK (ERR_DB if the commit fails), else rolls back
 * and returns e. */
enum err tx_end(struct db *db, enum err e);

#endif

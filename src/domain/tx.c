/* tx.c — commit or roll back (see tx.h). The caller's thread and store
 * connection. */
#include "tx.h"
#include "../db/db.h"

enum err tx_end(struct db *db, enum err e)
{
	if (e == ERR_OK && db_commit(db) == DB_OK)
		return ERR_OK;
	db_rollback(db);
	return e ? e : ERR_DB;
}

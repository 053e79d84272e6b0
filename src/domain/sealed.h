/* sealed.h — health data sealed in the store's columns (src/sec/seal.h does
 * the sealing): the one list of sealed columns, so that `telemed keys
 * rotate` finds every one; sealing a value for a column of a row and
 * opening it again; and re-sealing old values under the current key.
 *
 * The associated data of a value is "<table>.<column>:<row id>": the row
 * id, and the column's name so two sealed columns of one row cannot be
 * swapped. Every sealed table has a text primary key `id`.
 * Issues to come (notes, prescriptions, observations, files) add their
 * columns to the list in sealed.c and use these functions unchanged.
 * Worker threads or the CLI, with that thread's own store connection. */
#ifndef TELEMED_SEALED_H
#define TELEMED_SEALED_H
#include <stddef.h>
#include <stdint.h>

#include "../core/err.h"

struct db;
struct db_stmt;
struct seal_keyring;

struct sealed_column {
	const char *table;
	const char *column;
};

/* Seals plain[0..len) as the value of col in row row_id and binds it as a
 * blob to parameter idx of st. */
void sealed_bind(struct db_stmt *st, int idx, struct seal_keyring *keys,
		 const struct sealed_column *col, const char *row_id, const void *plain,
		 size_t len);

/* Opens column index at of st's current row, the value of col in row
 * row_id. ERR_OK with *plain a new NUL-terminated buffer of *len bytes
 * (free() it); ERR_INTERNAL when it does not open (logged by row id, never
 * with the value). */
enum err sealed_read(struct db_stmt *st, int at, struct seal_keyring *keys,
		     const struct sealed_column *col, const char *row_id,
		     unsigned char **plain, size_t *len);

struct sealed_rotation {
	int64_t resealed; /* values sealed again under the current key */
	int64_t current;  /* values found under it already */
	int64_t batches;  /* transactions committed */
};

/* Seals again, under the current key, every sealed value that is under an
 * older one: in batches of at most batch rows and about 8 MiB, each in its
 * own short write transaction, so a running server keeps serving between
 * them. Safe to stop at any point and run again: finished rows are skipped.
 * Passes over the columns until one pass finds nothing left to do (a
 * server that had not yet noticed the new key may write a few values with
 * the old one meanwhile). ERR_OK with *out, or the first error. */
enum err sealed_rotate(struct db *db, struct seal_keyring *keys, int batch,
		       struct sealed_rotation *out);

/* The sealed columns of the messaging tables. */
extern const struct sealed_column SEALED_CONVERSATION_TITLE;
extern const struct sealed_column SEALED_MESSAGE_BODY;
extern const struct sealed_column SEALED_ATTACHMENT_NAME;
extern const struct sealed_column SEALED_ATTACHMENT_BYTES;
/* The health record's: a note's findings, assessment, plan and code (as
 * JSON), an amendment's text, a prescription's content and code (JSON). */
extern const struct sealed_column SEALED_NOTE_BODY;
extern const struct sealed_column SEALED_AMENDMENT_BODY;
extern const struct sealed_column SEALED_PRESCRIPTION_BODY;
/* Vital signs': a device's name, an observation's value and source, a
 * doctor's thresholds for a patient, an alert's value and threshold (JSON
 * but the name). */
extern const struct sealed_column SEALED_DEVICE_NAME;
extern const struct sealed_column SEALED_OBSERVATION_BODY;
extern const struct sealed_column SEALED_THRESHOLDS_BODY;
extern const struct sealed_column SEALED_VITAL_ALERT_BODY;

#endif

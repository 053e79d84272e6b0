/* prescriptions_int.h — what prescriptions.c (the doctor's and patient's
 * side), dispensing.c (the pharmacist's) and record.c share: reading a
 * prescription's row and opening it. Private to those files. Worker threads. */
#ifndef TELEMED_PRESCRIPTIONS_INT_H
#define TELEMED_PRESCRIPTIONS_INT_H
#include "prescriptions.h"
#include "record_int.h"

struct rx_row {
	char id[ID_LEN + 1];
	char appointment_id[ID_LEN + 1];
	struct party doctor, patient;
	json_t *body; /* the opened content and code; owned */
	int64_t valid_until, created_at, cancelled_at, dispensed_at; /* 0: not */
	int64_t fills_used; /* dispensings so far, of 1 + repeats */
};

/* "SELECT … FROM prescriptions p …" with the columns rx__read takes; append
 * a WHERE clause. */
#define RX_SELECT                                                               \
	"SELECT p.id, p.appointment_id, p.doctor_id, d.full_name, p.patient_id,"  \
	" pt.full_name, p.body, p.valid_until, p.created_at, p.cancelled_at,"     \
	" p.dispensed_at, p.fills_used FROM prescriptions p"                       \
	" JOIN users d ON d.id = p.doctor_id"                                      \
	" JOIN users pt ON pt.id = p.patient_id "

/* Fills r from st's row of RX_SELECT; ERR_INTERNAL when the body does not
 * open. Call rx__cleanup(r) after ERR_OK. */
enum err rx__read(struct db_stmt *st, const struct record_ctx *ctx, struct rx_row *r);
void rx__cleanup(struct rx_row *r);

/* The one prescription of where (a clause with one text parameter, bound
 * to arg): ERR_NOT_FOUND when there is none. */
enum err rx__find(const struct record_ctx *ctx, const char *where, const char *arg,
		  struct rx_row *r);

/* "active", "cancelled", "dispensed" or "expired" at now_ms. */
const char *rx__status(const struct rx_row *r, int64_t now_ms);

/* As its doctor and patient see it (see prescriptions.h). */
json_t *rx__json(const struct rx_row *r, int64_t now_ms);

#endif

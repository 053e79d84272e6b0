/* page.h — keyset paging shared by the domain's lists: a cursor names the
 * last item of a page as "<instant in ms>.<id>", and the next page starts
 * after it. Any thread (pure, plus stepping the caller's statement). */
#ifndef TELEMED_PAGE_H
#define TELEMED_PAGE_H
#include <jansson.h>
#include <stdint.h>

#include "../core/err.h"
#include "../core/id.h"

struct db_stmt;

/* 0 and the parts of a cursor, or -1 when it is not one of ours. */
int page_cursor_parse(const char *cursor, int64_t *at_ms, char id[ID_LEN + 1]);

/* Steps st (which asks for limit + 1 rows), turning up to limit rows into
 * JSON with row_json; when one more row exists, writes the cursor of the
 * last item (its time_key instant and its "id") into next, else "".
 * Finalizes st. *out is a new array on ERR_OK. */
enum err page_collect(struct db_stmt *st, int limit, json_t *(*row_json)(struct db_stmt *),
		      const char *time_key, json_t **out, char *next, size_t next_len);

/* page_collect with a row function that also gets ctx (borrowed). */
enum err page_collect_with(struct db_stmt *st, int limit,
			   json_t *(*row_json)(struct db_stmt *, void *ctx), void *ctx,
			   const char *time_key, json_t **out, char *next, size_t next_len);

#endif

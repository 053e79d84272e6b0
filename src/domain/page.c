/* page.c — keyset paging helpers (see page.h). */
#include "page.h"
#include "../core/instant.h"
#include "../db/db.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

int page_cursor_parse(const char *cursor, int64_t *at_ms, char id[ID_LEN + 1])
{
	char *dot;
	*at_ms = strtoll(cursor, &dot, 10);
	if (*dot != '.' || !id_valid(dot + 1))
		return -1;
	snprintf(id, ID_LEN + 1, "%s", dot + 1);
	return 0;
}

/* page_collect's row function, called through page_collect_with. */
struct plain_row {
	json_t *(*row_json)(struct db_stmt *);
};

static json_t *plain_row_json(struct db_stmt *st, void *ctx)
{
	return ((struct plain_row *)ctx)->row_json(st);
}

enum err page_collect(struct db_stmt *st, int limit, json_t *(*row_json)(struct db_stmt *),
		      const char *time_key, json_t **out, char *next, size_t next_len)
{
	struct plain_row plain = {row_json};
	return page_collect_with(st, limit, plain_row_json, &plain, time_key, out, next,
				 next_len);
}

enum err page_collect_with(struct db_stmt *st, int limit,
			   json_t *(*row_json)(struct db_stmt *, void *ctx), void *ctx,
			   const char *time_key, json_t **out, char *next, size_t next_len)
{
	*out = NULL;
	*next = '\0';
	json_t *list = json_array();
	enum db_rc rc;
	int n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (n == limit) {
			json_t *last = json_array_get(list, (size_t)n - 1);
			int64_t at = 0;
			instant_parse(json_string_value(json_object_get(last, time_key)), &at);
			snprintf(next, next_len, "%" PRId64 ".%s", at,
				 json_string_value(json_object_get(last, "id")));
			break;
		}
		json_t *row = row_json(st, ctx);
		if (!row) {
			rc = DB_ERROR; /* the row function could not read it (logged) */
			break;
		}
		json_array_append_new(list, row);
		n++;
	}
	db_finalize(st);
	if (rc != DB_ROW && rc != DB_DONE) {
		json_decref(list);
		return ERR_DB;
	}
	*out = list;
	return ERR_OK;
}

/* api.h — what the network layer hands the REST layer and gets back.
 * A request is assembled on the event loop, then handled on a worker thread:
 * api_handle() runs on a worker and never sees a connection. The response it
 * fills goes back to the loop, which writes it.
 * Ownership: the request and its strings are owned by the network layer and
 * borrowed for the call; the response's allocations belong to the response
 * (api_response_cleanup frees them). */
#ifndef TELEMED_API_H
#define TELEMED_API_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/buf.h"
#include "../core/err.h"
#include "../core/id.h"
#include "../core/jsonx.h"
#include "../domain/principal.h"

struct config;
struct db;
struct ratelimit;
struct ticket_key;
struct seal_keyring;

enum http_method {
	HTTP_GET,
	HTTP_HEAD,
	HTTP_POST,
	HTTP_PUT,
	HTTP_PATCH,
	HTTP_DELETE,
	HTTP_OPTIONS,
	HTTP_OTHER,
};

#define API_PARAMS_MAX 4

struct api_request {
	char request_id[24];
	enum http_method method;
	const char *path;  /* decoded path, no query; starts with '/' */
	const char *query; /* raw query string without '?', "" if none */
	const char *content_type;  /* "" when absent (never NULL), likewise: */
	const char *authorization; /* Authorization header */
	const char *cookie;        /* Cookie header */
	const char *origin;        /* Origin header */
	const char *user_agent;
	const char *if_none_match;
	const char *peer; /* client address text */
	const char *host; /* Host (HTTP/1.1) or :authority (HTTP/2) */
	const char *body;
	size_t body_len;
	bool body_too_large; /* the loop stopped reading past the limit */
	/* Filled by the router: path parameters ({id}) and the caller. */
	const char *params[API_PARAMS_MAX];
	char param_buf[API_PARAMS_MAX][128];
	struct principal who;
};

#define API_HEADERS_MAX 8

struct api_response {
	int status;
	const char *content_type; /* static string, or NULL for no body */
	struct buf body;
	int nheaders;
	struct {
		char *name; /* lower-case, e.g. "set-cookie" */
		char *value;
	} headers[API_HEADERS_MAX];
	/* Notices for users' open pages ({"user_id","notification"}, see
	 * domain/notifications.h), delivered over the WebSocket by the loop
	 * once the response is done, and only when it is a success (a failed
	 * request rolled its notifications back); NULL when there are none. */
	json_t *notices;
};

/* Everything a handler may use, per worker thread. Borrowed. */
struct api_env {
	const struct config *cfg;
	struct db *db;             /* this worker's own connection */
	struct ratelimit *limits;  /* shared, internally locked */
	const struct ticket_key *tickets; /* signs room tickets; read-only */
	const struct turn_secret *turn;   /* TURN credentials; NULL without TURN */
	struct seal_keyring *keys; /* seals health data at rest; shared, locked inside */
	int64_t now_ms;            /* the instant the request is handled */
};

typedef void (*api_handler_fn)(struct api_env *env, struct api_request *req,
			       struct api_response *res);

/* The caller behind a session: the token itself, or else the session
 * cookie found in a Cookie header. False for none or a dead session. */
bool api_session_principal(struct api_env *env, const char *cookie, const char *token,
			   struct principal *who);
/* Routes and runs one request (worker thread). res must be initialised. */
void api_handle(struct api_env *env, struct api_request *req,
		struct api_response *res);

void api_response_init(struct api_response *res);
void api_response_cleanup(struct api_response *res);
/* Copies name and value. Ignored past API_HEADERS_MAX. */
void api_response_header(struct api_response *res, const char *name,
			 const char *value);

/* true when the handler set a header of that (lower-case) name. */
bool api_response_has_header(const struct api_response *res, const char *name);

/* The largest request body the route of method and path takes: its own
 * limit (a message with an attachment) or --max-body-bytes. Pure and
 * quick: the loop asks it when a request starts. */
long api_body_limit(const struct config *cfg, enum http_method method, const char *path);

/* The path as logs may show it: a path whose segments carry a secret (a
 * calendar feed's) is replaced by its route pattern. */
void api_log_path(const char *path, char *out, size_t outlen);

/* Sets status and a JSON body; takes ownership of body (may be NULL → no body). */
void api_reply_json(struct api_response *res, int status, json_t *body);
/* The response's notices array, made on first use; hand it to the domain. */
json_t *api_notices(struct api_response *res);
/* 204 No Content. */
void api_reply_empty(struct api_response *res);
/* An error from the catalogue; message NULL uses the catalogue's text. */
void api_reply_error(struct api_response *res, enum err e, const char *message);

/* Parses the JSON body and checks its Content-Type. Returns a new reference,
 * or NULL after replying with the right 4xx error. */
json_t *api_body_object(struct api_request *req, struct api_response *res);

/* api_body_object, then jsonx_check against fields; replies 4xx and returns
 * NULL on any failure. Returns a new reference. */
json_t *api_body_checked(struct api_request *req, struct api_response *res,
			 const struct jsonx_field *fields, size_t n);

/* Copies the decoded value of query parameter name into out (max outlen-1
 * bytes); returns false when absent or too long. */
bool api_query_param(const struct api_request *req, const char *name, char *out,
		     size_t outlen);

#define API_LIMIT_DEFAULT 50
#define API_LIMIT_MAX 100

/* The page size from ?limit=: 1..100, 50 when absent, -1 when malformed. */
int api_page_limit(const struct api_request *req);

/* 200 {"<name>":[…],"next_cursor":"…"|null}; takes ownership of items. */
void api_reply_page(struct api_response *res, const char *name, json_t *items,
		    const char *next);

/* An RFC 3339 instant from the query; false when absent or malformed. */
bool api_query_instant(const struct api_request *req, const char *name, int64_t *ms);

#endif

/* sec_headers.h — the security headers sent with every response: a strict
 * Content-Security-Policy (its script-src names the hash of the one inline
 * import map in index.html), HSTS, nosniff, Referrer-Policy,
 * Permissions-Policy and framing refusals. Built once at start, then read-only. */
#ifndef TELEMED_SEC_HEADERS_H
#define TELEMED_SEC_HEADERS_H

#define SEC_HEADERS_MAX 8

struct sec_headers {
	int count;
	struct {
		const char *name; /* lower-case, ends with ':' as lws wants */
		char *value;
	} list[SEC_HEADERS_MAX];
};

/* Reads web_dir/index.html for the import map; logs and goes on without it. */
void sec_headers_init(struct sec_headers *h, const char *web_dir);
void sec_headers_cleanup(struct sec_headers *h);

#endif

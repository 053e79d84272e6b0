/* sec_headers.c — builds the security headers (see sec_headers.h).
 * Main thread at start. */
#include "sec_headers.h"
#include "../core/buf.h"
#include "../core/log.h"
#include "../core/mem.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *read_small_file(const char *path, size_t limit)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct buf b;
	buf_init(&b, limit);
	char chunk[4096];
	size_t n;
	int rc = 0;
	while (!rc && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		rc = buf_append(&b, chunk, n);
	fclose(f);
	if (rc) {
		buf_cleanup(&b);
		return NULL;
	}
	return buf_steal(&b, NULL);
}

/* "'sha256-…'" for the text of <script type="importmap">…</script>, or "". */
static void importmap_hash(const char *web_dir, char *out, size_t outlen)
{
	*out = '\0';
	char path[4096];
	snprintf(path, sizeof(path), "%s/index.html", web_dir);
	char *html = read_small_file(path, 1 << 20);
	if (!html) {
		log_warn("csp_no_index", "path=%s", path);
		return;
	}
	const char *tag = strstr(html, "<script type=\"importmap\">");
	const char *start = tag ? tag + strlen("<script type=\"importmap\">") : NULL;
	const char *end = start ? strstr(start, "</script>") : NULL;
	if (end) {
		unsigned char digest[crypto_hash_sha256_BYTES];
		crypto_hash_sha256(digest, (const unsigned char *)start,
				   (unsigned long long)(end - start));
		char b64[sodium_base64_ENCODED_LEN(sizeof(digest),
						   sodium_base64_VARIANT_ORIGINAL)];
		sodium_bin2base64(b64, sizeof(b64), digest, sizeof(digest),
				  sodium_base64_VARIANT_ORIGINAL);
		snprintf(out, outlen, " 'sha256-%s'", b64);
	}
	free(html);
}

static void add(struct sec_headers *h, const char *name, const char *value)
{
	h->list[h->count].name = name;
	h->list[h->count].value = mem_strdup(value);
	h->count++;
}

void sec_headers_init(struct sec_headers *h, const char *web_dir)
{
	memset(h, 0, sizeof(*h));
	char hash[80], csp[1024];
	importmap_hash(web_dir, hash, sizeof(hash));
	snprintf(csp, sizeof(csp),
		 "default-src 'self'; script-src 'self'%s; style-src 'self'; "
		 "img-src 'self' data: blob:; media-src 'self' blob:; "
		 "connect-src 'self'; worker-src 'self'; manifest-src 'self'; "
		 "font-src 'self'; object-src 'none'; base-uri 'none'; "
		 "form-action 'self'; frame-ancestors 'none'",
		 hash);
	add(h, "content-security-policy:", csp);
	add(h, "strict-transport-security:", "max-age=31536000; includeSubDomains");
	add(h, "x-content-type-options:", "nosniff");
	add(h, "referrer-policy:", "no-referrer");
	add(h, "permissions-policy:",
	    "camera=(self), microphone=(self), geolocation=(), payment=(), usb=()");
	add(h, "x-frame-options:", "DENY");
	add(h, "cross-origin-opener-policy:", "same-origin");
	add(h, "cross-origin-resource-policy:", "same-origin");
}

void sec_headers_cleanup(struct sec_headers *h)
{
	for (int i = 0; i < h->count; i++)
		free(h->list[i].value);
	h->count = 0;
}

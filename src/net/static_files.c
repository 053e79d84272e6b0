/* static_files.c — safe static file answers (see static_files.h). */
#include "static_files.h"
#include "../api/api.h"
#include "../core/log.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define STATIC_FILE_MAX (16u << 20)

static const char *const vendor_packages[] = {"preact", "htm", "uplot", "qrcode-generator", NULL};

static const struct {
	const char *ext, *mime;
} mimes[] = {
	{".html", "text/html; charset=utf-8"},
	{".js", "text/javascript; charset=utf-8"},
	{".mjs", "text/javascript; charset=utf-8"},
	{".css", "text/css; charset=utf-8"},
	{".json", "application/json"},
	{".map", "application/json"},
	{".webmanifest", "application/manifest+json"},
	{".svg", "image/svg+xml"},
	{".png", "image/png"},
	{".jpg", "image/jpeg"},
	{".jpeg", "image/jpeg"},
	{".webp", "image/webp"},
	{".ico", "image/x-icon"},
	{".woff2", "font/woff2"},
	{".txt", "text/plain; charset=utf-8"},
	{".wasm", "application/wasm"},
};

const char *static_files_mime(const char *name)
{
	const char *dot = strrchr(name, '.');
	if (dot && !strchr(dot, '/'))
		for (size_t i = 0; i < sizeof(mimes) / sizeof(mimes[0]); i++)
			if (strcmp(dot, mimes[i].ext) == 0)
				return mimes[i].mime;
	return "application/octet-stream";
}

/* Only plain segments of safe characters: no "..", no hidden files. */
static int path_is_safe(const char *path)
{
	if (path[0] != '/')
		return 0;
	for (const char *s = path; *s; s++) {
		char c = *s;
		int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			 (c >= '0' && c <= '9') || c == '/' || c == '.' ||
			 c == '-' || c == '_' || c == '@';
		if (!ok)
			return 0;
		if (c == '/' && (s[1] == '.' || s[1] == '/'))
			return 0;
	}
	return 1;
}

/* Joins root and rel, resolves links and checks the result stays in root. */
static int resolve(const char *root, const char *rel, char out[PATH_MAX])
{
	char joined[PATH_MAX], root_real[PATH_MAX];
	if (snprintf(joined, sizeof(joined), "%s/%s", root, rel) >= (int)sizeof(joined))
		return -1;
	if (!realpath(root, root_real) || !realpath(joined, out))
		return -1;
	size_t n = strlen(root_real);
	if (strncmp(out, root_real, n) != 0 || (out[n] != '/' && out[n] != '\0'))
		return -1;
	struct stat st;
	if (stat(out, &st) || !S_ISREG(st.st_mode))
		return -1;
	return 0;
}

static int read_file(const char *file, struct api_response *res, char *etag,
		     size_t etaglen)
{
	FILE *f = fopen(file, "rb");
	if (!f)
		return -1;
	struct stat st;
	if (fstat(fileno(f), &st) || st.st_size > (off_t)STATIC_FILE_MAX) {
		fclose(f);
		return -1;
	}
	snprintf(etag, etaglen, "\"%llx-%llx\"", (unsigned long long)st.st_size,
		 (unsigned long long)st.st_mtim.tv_sec * 1000000000ull +
			 (unsigned long long)st.st_mtim.tv_nsec);
	buf_reset(&res->body);
	char chunk[16384];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_append(&res->body, chunk, n);
	fclose(f);
	return 0;
}

static int is_vendor_package(const char *name, size_t len)
{
	for (const char *const *p = vendor_packages; *p; p++)
		if (strlen(*p) == len && strncmp(*p, name, len) == 0)
			return 1;
	return 0;
}

static int revalidate_always(const char *file)
{
	const char *base = strrchr(file, '/');
	base = base ? base + 1 : file;
	return strcmp(base, "index.html") == 0 || strcmp(base, "sw.js") == 0 ||
	       strcmp(base, "manifest.webmanifest") == 0;
}

void static_files_serve(const char *web_dir, const char *node_modules_dir,
			const char *path, const char *if_none_match,
			struct api_response *res)
{
	char file[PATH_MAX], etag[64];
	int found = -1, vendor = strncmp(path, "/vendor/", 8) == 0;
	if (path_is_safe(path)) {
		if (vendor) {
			const char *pkg = path + 8, *slash = strchr(pkg, '/');
			if (slash && is_vendor_package(pkg, (size_t)(slash - pkg)))
				found = resolve(node_modules_dir, pkg, file);
		} else {
			found = resolve(web_dir, strcmp(path, "/") ? path + 1
								   : "index.html",
					file);
		}
	}
	if (found && !vendor) /* single-page app: its router knows the path */
		found = resolve(web_dir, "index.html", file);
	if (found || read_file(file, res, etag, sizeof(etag))) {
		res->status = 404;
		res->content_type = "text/plain; charset=utf-8";
		buf_reset(&res->body);
		buf_append_str(&res->body, "Not found\n");
		return;
	}
	api_response_header(res, "etag", etag);
	api_response_header(res, "cache-control", revalidate_always(file)
							  ? "no-cache"
							  : "public, max-age=300");
	res->content_type = static_files_mime(file);
	res->status = 200;
	if (*if_none_match && strstr(if_none_match, etag)) {
		res->status = 304;
		res->content_type = NULL;
		buf_reset(&res->body);
	}
}

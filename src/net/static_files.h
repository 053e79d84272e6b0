/* static_files.h — the browser client's files: web/ for the app and
 * /vendor/<package>/ for the few npm packages it imports. Resolves a request
 * path safely (no escape from the roots), falls back to index.html for
 * unknown app paths (single-page app), and answers with the file, its MIME
 * type, cache headers and an ETag (304 when If-None-Match matches).
 * Worker threads: it reads the disk. */
#ifndef TELEMED_STATIC_FILES_H
#define TELEMED_STATIC_FILES_H

struct api_response;

void static_files_serve(const char *web_dir, const char *node_modules_dir,
			const char *path, const char *if_none_match,
			struct api_response *res);

/* The MIME type for a file name by its extension (static string). */
const char *static_files_mime(const char *name);

#endif

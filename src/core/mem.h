/* mem.h — allocation that aborts with file and line when memory runs out,
 * so callers never handle NULL from an allocator. */
#ifndef TELEMED_MEM_H
#define TELEMED_MEM_H
#include <stddef.h>

void *mem__alloc(size_t n, const char *file, int line);
void *mem__calloc(size_t n, size_t size, const char *file, int line);
void *mem__realloc(void *p, size_t n, const char *file, int line);
char *mem__strdup(const char *s, const char *file, int line);
char *mem__strndup(const char *s, size_t n, const char *file, int line);

#define mem_alloc(n) mem__alloc((n), __FILE__, __LINE__)
#define mem_calloc(n, s) mem__calloc((n), (s), __FILE__, __LINE__)
#define mem_realloc(p, n) mem__realloc((p), (n), __FILE__, __LINE__)
#define mem_strdup(s) mem__strdup((s), __FILE__, __LINE__)
#define mem_strndup(s, n) mem__strndup((s), (n), __FILE__, __LINE__)

#endif

/* mem.c — aborting allocators (see mem.h). Any thread. */
#include "mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *check(void *p, const char *file, int line)
{
	if (!p) {
		fprintf(stderr, "out of memory at %s:%d\n", file, line);
		abort();
	}
	return p;
}

void *mem__alloc(size_t n, const char *file, int line)
{
	return check(malloc(n ? n : 1), file, line);
}

void *mem__calloc(size_t n, size_t size, const char *file, int line)
{
	return check(calloc(n ? n : 1, size ? size : 1), file, line);
}

void *mem__realloc(void *p, size_t n, const char *file, int line)
{
	return check(realloc(p, n ? n : 1), file, line);
}

char *mem__strdup(const char *s, const char *file, int line)
{
	return check(strdup(s ? s : ""), file, line);
}

char *mem__strndup(const char *s, size_t n, const char *file, int line)
{
	return check(strndup(s ? s : "", n), file, line);
}

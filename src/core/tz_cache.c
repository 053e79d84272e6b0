/* tz_cache.c — zones loaded once and shared by every thread for the life of
 * the process (see tz_shared() in tz.h). A loaded zone is never changed, so
 * readers need no lock once they hold it; the lock only guards the list.
 * The list is bounded by the zone files the system has (a few hundred),
 * since only names that load are kept. */
#include "tz.h"
#include "mem.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

struct cached_zone {
	struct cached_zone *next;
	struct tz *tz;
	char name[65];
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct cached_zone *zones;

static const struct tz *find(const char *name)
{
	for (const struct cached_zone *z = zones; z; z = z->next)
		if (strcmp(z->name, name) == 0)
			return z->tz;
	return NULL;
}

const struct tz *tz_shared(const char *name)
{
	pthread_mutex_lock(&lock);
	const struct tz *found = find(name);
	pthread_mutex_unlock(&lock);
	if (found)
		return found;
	struct tz *loaded = tz_load(name); /* outside the lock: it reads a file */
	if (!loaded)
		return NULL;
	pthread_mutex_lock(&lock);
	found = find(name); /* another thread may have loaded it meanwhile */
	if (!found) {
		struct cached_zone *z = mem_calloc(1, sizeof(*z));
		snprintf(z->name, sizeof(z->name), "%s", name);
		z->tz = loaded;
		z->next = zones;
		zones = z;
		found = loaded;
		loaded = NULL;
	}
	pthread_mutex_unlock(&lock);
	tz_free(loaded);
	return found;
}

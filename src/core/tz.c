/* tz.c — a reader for TZif files (RFC 8536), version 2+ 64-bit data
 * (see tz.h). Loading reads a file; lookups are pure. */
#include "tz.h"
#include "mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TZ_FILE_MAX (256 * 1024)

struct tz {
	int count;     /* transitions */
	int64_t *at;   /* UTC seconds of each transition, ascending */
	int32_t *off;  /* offset in force from at[i] on */
	int32_t first; /* offset before the first transition */
};

bool tz_name_valid(const char *name)
{
	size_t n = strlen(name);
	if (n == 0 || n > 64 || name[0] == '/' || strstr(name, ".."))
		return false;
	for (const char *s = name; *s; s++) {
		char c = *s;
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      (c >= '0' && c <= '9') || c == '/' || c == '_' || c == '-' ||
		      c == '+'))
			return false;
	}
	return true;
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int64_t be64(const unsigned char *p)
{
	return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

static unsigned char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	unsigned char *data = mem_alloc(TZ_FILE_MAX);
	*len = fread(data, 1, TZ_FILE_MAX, f);
	fclose(f);
	return data;
}

struct counts {
	uint32_t isut, isstd, leap, time, type, chars;
};

static int header(const unsigned char *p, size_t avail, struct counts *c)
{
	if (avail < 44 || memcmp(p, "TZif", 4) != 0)
		return -1;
	c->isut = be32(p + 20);
	c->isstd = be32(p + 24);
	c->leap = be32(p + 28);
	c->time = be32(p + 32);
	c->type = be32(p + 36);
	c->chars = be32(p + 40);
	if (c->type == 0 || c->type > 256 || c->time > 10000 || c->leap > 1000)
		return -1;
	return 0;
}

static size_t block_size(const struct counts *c, int timesize)
{
	return (size_t)c->time * (size_t)timesize + c->time + c->type * 6u + c->chars +
	       c->leap * (size_t)(timesize + 4) + c->isstd + c->isut;
}

static int parse_v2(struct tz *tz, const unsigned char *d, size_t len)
{
	struct counts c1, c2;
	if (header(d, len, &c1) || d[4] < '2')
		return -1;
	size_t skip = 44 + block_size(&c1, 4);
	if (skip >= len || header(d + skip, len - skip, &c2) ||
	    44 + block_size(&c2, 8) > len - skip)
		return -1;
	const unsigned char *times = d + skip + 44;
	const unsigned char *idx = times + c2.time * 8;
	const unsigned char *types = idx + c2.time;
	tz->count = (int)c2.time;
	tz->at = mem_calloc(c2.time + 1, sizeof(int64_t));
	tz->off = mem_calloc(c2.time + 1, sizeof(int32_t));
	/* before the first transition: the first standard-time type, else type 0 */
	tz->first = (int32_t)be32(types);
	for (uint32_t t = 0; t < c2.type; t++)
		if (!types[t * 6 + 4]) {
			tz->first = (int32_t)be32(types + t * 6);
			break;
		}
	for (uint32_t i = 0; i < c2.time; i++) {
		if (idx[i] >= c2.type)
			return -1;
		tz->at[i] = be64(times + i * 8);
		tz->off[i] = (int32_t)be32(types + idx[i] * 6);
	}
	return 0;
}

struct tz *tz_load(const char *name)
{
	if (!tz_name_valid(name))
		return NULL;
	const char *dir = getenv("TZDIR");
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo", name);
	size_t len = 0;
	unsigned char *data = read_all(path, &len);
	if (!data)
		return NULL;
	struct tz *tz = mem_calloc(1, sizeof(*tz));
	int rc = parse_v2(tz, data, len);
	free(data);
	if (rc) {
		tz_free(tz);
		return NULL;
	}
	return tz;
}

void tz_free(struct tz *tz)
{
	if (!tz)
		return;
	free(tz->at);
	free(tz->off);
	free(tz);
}

int tz_offset_at(const struct tz *tz, int64_t utc_s)
{
	/* the last transition at or before utc_s */
	int lo = 0, hi = tz->count;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		if (tz->at[mid] <= utc_s)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo == 0 ? tz->first : tz->off[lo - 1];
}

int64_t tz_local_to_utc(const struct tz *tz, int64_t local_s, bool *exists)
{
	/* try the offsets in force a day either side; keep the earliest fit */
	int cand[2] = {tz_offset_at(tz, local_s - 86400), tz_offset_at(tz, local_s + 86400)};
	int64_t best = 0;
	bool found = false;
	for (int i = 0; i < 2; i++) {
		int64_t utc = local_s - cand[i];
		if (tz_offset_at(tz, utc) == cand[i] && (!found || utc < best)) {
			best = utc;
			found = true;
		}
	}
	if (exists)
		*exists = found;
	/* a gap: read the wall time with the offset before the change */
	return found ? best : local_s - cand[0];
}

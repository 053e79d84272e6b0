/* ratelimit.c — a locked chained hash table of failure counters (see
 * ratelimit.h), keyed with a random SipHash key so clients cannot aim keys at
 * one chain. Expired entries are dropped from every chain a call walks; a
 * failure recorded while the table is full first sweeps the whole table (at
 * most once a second) and, if it is still full, the oldest entry of the new
 * key's chain makes room, so a flood of keys never stops new keys from being
 * counted.
 * Any thread; the table owns its entries. */
#include "ratelimit.h"
#include "../core/mem.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS 4096      /* power of two */
#define KEY_MAX 160

struct entry {
	struct entry *next;
	int64_t window_start_ms;
	int failures;
	char key[KEY_MAX];
};

struct ratelimit {
	pthread_mutex_t lock;
	int64_t window_ms;                                 /* read-only */
	unsigned char hash_key[crypto_shorthash_KEYBYTES]; /* read-only */
	struct entry *slots[SLOTS]; /* guarded by lock */
	int count;                  /* guarded by lock */
	int64_t last_sweep_ms;      /* guarded by lock */
};

struct ratelimit *ratelimit_new(int window_seconds)
{
	struct ratelimit *rl = mem_calloc(1, sizeof(*rl));
	pthread_mutex_init(&rl->lock, NULL);
	rl->window_ms = (int64_t)window_seconds * 1000;
	randombytes_buf(rl->hash_key, sizeof(rl->hash_key));
	return rl;
}

void ratelimit_free(struct ratelimit *rl)
{
	if (!rl)
		return;
	for (int i = 0; i < SLOTS; i++)
		while (rl->slots[i]) {
			struct entry *e = rl->slots[i];
			rl->slots[i] = e->next;
			free(e);
		}
	pthread_mutex_destroy(&rl->lock);
	free(rl);
}

static struct entry **slot_of(struct ratelimit *rl, const char *key)
{
	unsigned char h[crypto_shorthash_BYTES];
	crypto_shorthash(h, (const unsigned char *)key, strlen(key), rl->hash_key);
	uint64_t v;
	memcpy(&v, h, sizeof(v));
	return &rl->slots[v & (SLOTS - 1)];
}

/* Finds key in its chain, dropping expired entries on the way. */
static struct entry *__find(struct ratelimit *rl, struct entry **slot,
			    const char *key, int64_t now_ms)
{
	struct entry **pp = slot;
	while (*pp) {
		struct entry *e = *pp;
		if (now_ms - e->window_start_ms >= rl->window_ms) {
			*pp = e->next;
			free(e);
			rl->count--;
			continue;
		}
		if (strcmp(e->key, key) == 0)
			return e;
		pp = &e->next;
	}
	return NULL;
}

bool ratelimit_blocked(struct ratelimit *rl, const char *key, int max_failures,
		       int64_t now_ms, int *retry_after_seconds)
{
	pthread_mutex_lock(&rl->lock);
	struct entry *e = __find(rl, slot_of(rl, key), key, now_ms);
	bool blocked = e && e->failures >= max_failures;
	if (blocked) {
		int64_t left = e->window_start_ms + rl->window_ms - now_ms;
		*retry_after_seconds = (int)((left + 999) / 1000);
		if (*retry_after_seconds < 1)
			*retry_after_seconds = 1;
	}
	pthread_mutex_unlock(&rl->lock);
	return blocked;
}

/* Drops every expired entry; caller holds the lock. */
static void __sweep(struct ratelimit *rl, int64_t now_ms)
{
	rl->last_sweep_ms = now_ms;
	for (int i = 0; i < SLOTS; i++) {
		struct entry **pp = &rl->slots[i];
		while (*pp) {
			struct entry *e = *pp;
			if (now_ms - e->window_start_ms < rl->window_ms) {
				pp = &e->next;
				continue;
			}
			*pp = e->next;
			free(e);
			rl->count--;
		}
	}
}

/* Unlinks the oldest entry of slot's chain, or of the next non-empty one;
 * caller holds the lock and the table is not empty. */
static void __evict_oldest(struct ratelimit *rl, struct entry **slot)
{
	size_t i = (size_t)(slot - rl->slots);
	while (!rl->slots[i])
		i = (i + 1) & (SLOTS - 1);
	struct entry **oldest = &rl->slots[i];
	for (struct entry **pp = &(*oldest)->next; *pp; pp = &(*pp)->next)
		if ((*pp)->window_start_ms < (*oldest)->window_start_ms)
			oldest = pp;
	struct entry *e = *oldest;
	*oldest = e->next;
	free(e);
	rl->count--;
}

void ratelimit_fail(struct ratelimit *rl, const char *key, int64_t now_ms)
{
	pthread_mutex_lock(&rl->lock);
	if (rl->count >= RATELIMIT_MAX_KEYS && now_ms - rl->last_sweep_ms >= 1000)
		__sweep(rl, now_ms);
	struct entry **slot = slot_of(rl, key);
	struct entry *e = __find(rl, slot, key, now_ms);
	if (!e) {
		if (rl->count >= RATELIMIT_MAX_KEYS)
			__evict_oldest(rl, slot);
		e = mem_calloc(1, sizeof(*e));
		snprintf(e->key, sizeof(e->key), "%s", key);
		e->window_start_ms = now_ms;
		e->next = *slot;
		*slot = e;
		rl->count++;
	}
	e->failures++;
	pthread_mutex_unlock(&rl->lock);
}

void ratelimit_clear(struct ratelimit *rl, const char *key)
{
	pthread_mutex_lock(&rl->lock);
	struct entry **pp = slot_of(rl, key);
	while (*pp) {
		struct entry *e = *pp;
		if (strcmp(e->key, key) == 0) {
			*pp = e->next;
			free(e);
			rl->count--;
			break;
		}
		pp = &e->next;
	}
	pthread_mutex_unlock(&rl->lock);
}

int ratelimit_size(struct ratelimit *rl)
{
	pthread_mutex_lock(&rl->lock);
	int n = rl->count;
	pthread_mutex_unlock(&rl->lock);
	return n;
}

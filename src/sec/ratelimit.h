/* ratelimit.h — login throttling: failures counted per key (an account or an
 * address) in a fixed window; past the limit the key is refused until the
 * window ends. In memory, shared by all workers (locked inside); memory is
 * bounded: expired keys are swept and at most RATELIMIT_MAX_KEYS are held
 * (when full, the oldest key near the new one makes room). */
#ifndef TELEMED_RATELIMIT_H
#define TELEMED_RATELIMIT_H
#include <stdbool.h>
#include <stdint.h>

#define RATELIMIT_MAX_KEYS 100000

struct ratelimit;

struct ratelimit *ratelimit_new(int window_seconds);
void ratelimit_free(struct ratelimit *rl); /* NULL is a no-op */
/* true when key has max_failures or more in its window; then
 * *retry_after_seconds says when it frees up (at least 1). */
bool ratelimit_blocked(struct ratelimit *rl, const char *key, int max_failures,
		       int64_t now_ms, int *retry_after_seconds);
void ratelimit_fail(struct ratelimit *rl, const char *key, int64_t now_ms);
void ratelimit_clear(struct ratelimit *rl, const char *key);
/* Keys held now (expired ones not yet swept included); for tests and metrics. */
int ratelimit_size(struct ratelimit *rl);

#endif

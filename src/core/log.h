/* log.h — structured logs: one line per event on stderr,
 * `ts=… level=… event=… key=value …`. The level is checked before any
 * formatting. Never pass a token, password or health datum. Any thread. */
#ifndef TELEMED_LOG_H
#define TELEMED_LOG_H

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

void log_set_level(enum log_level level);
/* "debug", "info", "warn", "error"; -1 if unknown. */
int log_level_parse(const char *name);
int log_enabled(enum log_level level);
/* fmt continues the line with extra `key=value` pairs (may be ""). */
void log__write(enum log_level level, const char *event, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#define log_at(level, event, ...)                                          \
	do {                                                               \
		if (log_enabled(level))                                    \
			log__write((level), (event), __VA_ARGS__);         \
	} while (0)
#define log_debug(event, ...) log_at(LOG_DEBUG, event, __VA_ARGS__)
#define log_info(event, ...) log_at(LOG_INFO, event, __VA_ARGS__)
#define log_warn(event, ...) log_at(LOG_WARN, event, __VA_ARGS__)
#define log_error(event, ...) log_at(LOG_ERROR, event, __VA_ARGS__)

#endif

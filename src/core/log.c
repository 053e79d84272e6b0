/* log.c — structured log lines (see log.h). Any thread: each line is built in
 * a local buffer and written with one fputs under stdio's own lock. */
#include "log.h"
#include "instant.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

static atomic_int current_level = LOG_INFO;
static const char *const names[] = {"debug", "info", "warn", "error"};

void log_set_level(enum log_level level) { atomic_store(&current_level, level); }

int log_level_parse(const char *name)
{
	for (int i = 0; i < 4; i++)
		if (strcmp(name, names[i]) == 0)
			return i;
	return -1;
}

int log_enabled(enum log_level level)
{
	return (int)level >= atomic_load(&current_level);
}

void log__write(enum log_level level, const char *event, const char *fmt, ...)
{
	char line[1024], ts[INSTANT_TEXT_MAX];
	instant_format(instant_now_ms(), ts);
	int n = snprintf(line, sizeof(line), "ts=%s level=%s event=%s", ts,
			 names[level], event);
	if (n < 0 || (size_t)n >= sizeof(line))
		n = (int)sizeof(line) - 1;
	if (fmt && *fmt && (size_t)n < sizeof(line) - 2) {
		line[n++] = ' ';
		va_list ap;
		va_start(ap, fmt);
		int m = vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
		va_end(ap);
		if (m > 0)
			n += m;
		if ((size_t)n >= sizeof(line))
			n = (int)sizeof(line) - 1;
	}
	/* one event, one line: control characters from input never split it */
	for (int i = 0; i < n; i++)
		if ((unsigned char)line[i] < 0x20)
			line[i] = ' ';
	line[n] = '\0';
	fprintf(stderr, "%s\n", line);
}

/* config.c — the settings table and its readers (see config.h). One table
 * gives every option its flag, environment name, default and help text. */
#include "config.h"
#include "log.h"
#include "mem.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

enum opt_type { OPT_INT, OPT_LONG, OPT_STR };

struct option_def {
	const char *name; /* flag without "--"; env TELEMED_<NAME> */
	enum opt_type type;
	size_t offset;
	const char *def;
	long long min, max; /* numbers only */
	const char *help;
};

#define OFF(f) offsetof(struct config, f)

static const struct option_def options[] = {
	{"port", OPT_INT, OFF(port), "8443", 1, 65535, "port for HTTPS, HTTP/2 and WSS"},
	{"bind", OPT_STR, OFF(bind), "0.0.0.0", 0, 0, "address to listen on"},
	{"data", OPT_STR, OFF(data_dir), "./data", 0, 0,
	 "directory for the store, keys and certificate"},
	{"web", OPT_STR, OFF(web_dir), "./web", 0, 0, "directory of the browser client"},
	{"node-modules", OPT_STR, OFF(node_modules_dir), "./node_modules", 0, 0,
	 "npm packages served under /vendor/ (preact, htm)"},
	{"tls-cert", OPT_STR, OFF(tls_cert), "", 0, 0,
	 "PEM certificate chain (default: self-signed DATA/tls/cert.pem)"},
	{"tls-key", OPT_STR, OFF(tls_key), "", 0, 0, "PEM private key for --tls-cert"},
	{"db", OPT_STR, OFF(db), "", 0, 0,
	 "store location: a SQLite path (default DATA/telemed.db)"},
	{"key-file", OPT_STR, OFF(key_file), "", 0, 0,
	 "file (mode 0600, made on first start) of the keys that seal health data at "
	 "rest (default: telemed.keys beside the SQLite store, else in DATA)"},
	{"origin", OPT_STR, OFF(origin_extra), "", 0, 0,
	 "extra allowed origins, comma-separated (e.g. https://clinic.example)"},
	{"workers", OPT_INT, OFF(workers), "4", 1, 64, "worker threads for requests"},
	{"max-body-bytes", OPT_LONG, OFF(max_body_bytes), "3145728", 1024,
	 1073741824, "largest request body accepted"},
	{"session-idle-seconds", OPT_INT, OFF(session_idle_seconds), "1800", 1,
	 86400, "a session ends after this long without use"},
	{"session-absolute-seconds", OPT_INT, OFF(session_absolute_seconds), "43200",
	 1, 2592000, "a session ends this long after login"},
	{"login-max-failures-account", OPT_INT, OFF(login_max_failures_account), "5",
	 1, 1000, "failed logins per account before throttling"},
	{"login-max-failures-address", OPT_INT, OFF(login_max_failures_address), "20",
	 1, 100000, "failed logins per address before throttling"},
	{"login-window-seconds", OPT_INT, OFF(login_window_seconds), "900", 1, 86400,
	 "window in which failed logins are counted"},
	{"join-early-minutes", OPT_INT, OFF(join_early_minutes), "10", 0, 120,
	 "a consultation opens this many minutes before its start"},
	{"join-late-minutes", OPT_INT, OFF(join_late_minutes), "30", 0, 240,
	 "and closes this many minutes after its end"},
	{"research-k", OPT_INT, OFF(research_k), "5", 2, 1000,
	 "research exports are refused unless every group of patients sharing age band, "
	 "sex and country has at least this many (k-anonymity)"},
	{"stun-urls", OPT_STR, OFF(stun_urls), "", 0, 0,
	 "STUN servers for calls, comma-separated (stun:host:3478)"},
	{"turn-urls", OPT_STR, OFF(turn_urls), "", 0, 0,
	 "TURN servers for calls, comma-separated (turn:host:3478?transport=udp, "
	 "turn:…?transport=tcp, turns:host:5349?transport=tcp)"},
	{"turn-secret-file", OPT_STR, OFF(turn_secret_file), "", 0, 0,
	 "file (mode 0600) holding the secret shared with coturn (static-auth-secret)"},
	{"turn-ttl-seconds", OPT_INT, OFF(turn_ttl_seconds), "3600", 60, 3600,
	 "how long a TURN credential lasts"},
	{"relay-only", OPT_INT, OFF(relay_only), "0", 0, 1,
	 "1: every call goes through TURN, so neither side learns the other's address"},
	{"reminder-tick-seconds", OPT_INT, OFF(reminder_tick_seconds), "30", 1, 3600,
	 "how often due appointment reminders are looked for"},
	{"log-level", OPT_STR, OFF(log_level), "info", 0, 0, "debug, info, warn or error"},
	{"config", OPT_STR, OFF(config_file), "", 0, 0,
	 "file of `name = value` lines (names as the flags)"},
};

#define NOPTIONS (sizeof(options) / sizeof(options[0]))

static const struct option_def *find_option(const char *name, size_t len)
{
	for (size_t i = 0; i < NOPTIONS; i++)
		if (strlen(options[i].name) == len &&
		    strncmp(options[i].name, name, len) == 0)
			return &options[i];
	return NULL;
}

static int set_value(struct config *cfg, const struct option_def *o,
		     const char *value, const char *source, FILE *err)
{
	char *field = (char *)cfg + o->offset;
	if (o->type == OPT_STR) {
		char **slot = (char **)field;
		free(*slot);
		*slot = mem_strdup(value);
		return 0;
	}
	char *end;
	errno = 0;
	long long v = strtoll(value, &end, 10);
	if (errno || end == value || *end || v < o->min || v > o->max) {
		fprintf(err, "telemed: %s: --%s wants a number from %lld to %lld, not '%s'\n",
			source, o->name, o->min, o->max, value);
		return -1;
	}
	if (o->type == OPT_INT)
		*(int *)field = (int)v;
	else
		*(long *)field = (long)v;
	return 0;
}

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	char *e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

static int load_file(struct config *cfg, const char *path, FILE *err)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(err, "telemed: cannot read config file %s\n", path);
		return -1;
	}
	char line[1024];
	int lineno = 0, rc = 0;
	while (!rc && fgets(line, sizeof(line), f)) {
		lineno++;
		char *s = trim(line);
		if (!*s || *s == '#')
			continue;
		char *eq = strchr(s, '=');
		if (!eq) {
			fprintf(err, "telemed: %s:%d: expected name = value\n", path, lineno);
			rc = -1;
			break;
		}
		*eq = '\0';
		char *name = trim(s), *value = trim(eq + 1);
		const struct option_def *o = find_option(name, strlen(name));
		if (!o || strcmp(o->name, "config") == 0) {
			fprintf(err, "telemed: %s:%d: unknown setting '%s'\n", path, lineno, name);
			rc = -1;
			break;
		}
		rc = set_value(cfg, o, value, path, err);
	}
	fclose(f);
	return rc;
}

static void env_name(const char *name, char *out, size_t n)
{
	size_t o = (size_t)snprintf(out, n, "TELEMED_");
	for (; *name && o + 1 < n; name++)
		out[o++] = *name == '-' ? '_' : (char)toupper((unsigned char)*name);
	out[o] = '\0';
}

static int load_env(struct config *cfg, FILE *err)
{
	char name[64];
	for (size_t i = 0; i < NOPTIONS; i++) {
		env_name(options[i].name, name, sizeof(name));
		const char *v = getenv(name);
		if (v && set_value(cfg, &options[i], v, name, err))
			return -1;
	}
	return 0;
}

/* Flags as --name value or --name=value. */
static int load_flags(struct config *cfg, int argc, char **argv, int first,
		      bool config_only, FILE *err)
{
	for (int i = first; i < argc; i++) {
		const char *a = argv[i];
		if (strncmp(a, "--", 2) != 0) {
			fprintf(err, "telemed: unexpected argument '%s'\n", a);
			return -1;
		}
		const char *name = a + 2, *eq = strchr(name, '=');
		size_t len = eq ? (size_t)(eq - name) : strlen(name);
		const struct option_def *o = find_option(name, len);
		if (!o) {
			fprintf(err, "telemed: unknown option '%s' (see telemed --help)\n", a);
			return -1;
		}
		const char *value = eq ? eq + 1 : NULL;
		if (!value) {
			if (i + 1 >= argc) {
				fprintf(err, "telemed: --%s needs a value\n", o->name);
				return -1;
			}
			value = argv[++i];
		}
		bool is_config = strcmp(o->name, "config") == 0;
		if (is_config == config_only && set_value(cfg, o, value, "flag", err))
			return -1;
	}
	return 0;
}

/* telemed.keys in the SQLite store's directory, or in DATA for a store
 * that is not a file. */
static void default_key_file(struct config *cfg)
{
	const char *store = cfg->db;
	if (strncmp(store, "sqlite:", 7) == 0)
		store += 7;
	bool is_file = strstr(store, "://") == NULL;
	const char *slash = is_file ? strrchr(store, '/') : NULL;
	size_t n = strlen(store) + strlen(cfg->data_dir) + 16;
	free(cfg->key_file);
	cfg->key_file = mem_alloc(n);
	if (!is_file)
		snprintf(cfg->key_file, n, "%s/telemed.keys", cfg->data_dir);
	else if (slash)
		snprintf(cfg->key_file, n, "%.*s/telemed.keys", (int)(slash - store), store);
	else
		snprintf(cfg->key_file, n, "telemed.keys");
}

static int finish(struct config *cfg, FILE *err)
{
	if (!*cfg->db) {
		free(cfg->db);
		size_t n = strlen(cfg->data_dir) + 16;
		cfg->db = mem_alloc(n);
		snprintf(cfg->db, n, "%s/telemed.db", cfg->data_dir);
	}
	if (!*cfg->key_file)
		default_key_file(cfg);
	if (!*cfg->tls_cert != !*cfg->tls_key) {
		fprintf(err, "telemed: --tls-cert and --tls-key go together\n");
		return -1;
	}
	if (*cfg->turn_urls && !*cfg->turn_secret_file) {
		fprintf(err, "telemed: --turn-urls needs --turn-secret-file\n");
		return -1;
	}
	if (cfg->relay_only && !*cfg->turn_urls) {
		fprintf(err, "telemed: --relay-only needs --turn-urls\n");
		return -1;
	}
	if (log_level_parse(cfg->log_level) < 0) {
		fprintf(err, "telemed: unknown log level '%s'\n", cfg->log_level);
		return -1;
	}
	char o[300];
	snprintf(o, sizeof(o), "https://localhost:%d", cfg->port);
	cfg->origins[cfg->norigins++] = mem_strdup(o);
	snprintf(o, sizeof(o), "https://127.0.0.1:%d", cfg->port);
	cfg->origins[cfg->norigins++] = mem_strdup(o);
	char *list = mem_strdup(cfg->origin_extra), *save = NULL;
	for (char *t = strtok_r(list, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		t = trim(t);
		if (!*t)
			continue;
		if (cfg->norigins == CONFIG_ORIGINS_MAX) {
			fprintf(err, "telemed: at most %d origins\n", CONFIG_ORIGINS_MAX - 2);
			free(list);
			return -1;
		}
		cfg->origins[cfg->norigins++] = mem_strdup(t);
	}
	free(list);
	return 0;
}

int config_load(struct config *cfg, int argc, char **argv, int first, FILE *err)
{
	memset(cfg, 0, sizeof(*cfg));
	for (size_t i = 0; i < NOPTIONS; i++)
		if (set_value(cfg, &options[i], options[i].def, "default", err))
			return -1;
	/* the file is named by a flag or the environment, then read first */
	if (load_flags(cfg, argc, argv, first, true, err))
		return -1;
	const char *env_file = getenv("TELEMED_CONFIG");
	if (!*cfg->config_file && env_file)
		set_value(cfg, find_option("config", 6), env_file, "env", err);
	if (*cfg->config_file && load_file(cfg, cfg->config_file, err))
		return -1;
	if (load_env(cfg, err) || load_flags(cfg, argc, argv, first, false, err))
		return -1;
	return finish(cfg, err);
}

void config_cleanup(struct config *cfg)
{
	for (size_t i = 0; i < NOPTIONS; i++)
		if (options[i].type == OPT_STR)
			free(*(char **)((char *)cfg + options[i].offset));
	for (int i = 0; i < cfg->norigins; i++)
		free(cfg->origins[i]);
	memset(cfg, 0, sizeof(*cfg));
}

void config_print_help(FILE *out)
{
	char env[64];
	for (size_t i = 0; i < NOPTIONS; i++) {
		env_name(options[i].name, env, sizeof(env));
		fprintf(out, "  --%-28s %s\n  %-30s [env %s, default '%s']\n",
			options[i].name, options[i].help, "", env, options[i].def);
	}
}

bool config_origin_allowed(const struct config *cfg, const char *origin)
{
	if (!origin)
		return false;
	for (int i = 0; i < cfg->norigins; i++)
		if (strcmp(cfg->origins[i], origin) == 0)
			return true;
	return false;
}

/* version.h — the release version, shown by /api/v1/health and --version. */
#ifndef TELEMED_VERSION_H
#define TELEMED_VERSION_H
#define TELEMED_VERSION "0.1.0"
#endif

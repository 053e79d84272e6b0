/* tls_cert.h — a self-signed certificate for localhost, made on first start
 * when no real certificate is configured. Main thread, before serving. */
#ifndef TELEMED_TLS_CERT_H
#define TELEMED_TLS_CERT_H
#include <stdbool.h>

/* Makes cert_path and key_path (mode 0600) if either is missing: an EC P-256
 * key and a certificate for DNS:localhost and IP:127.0.0.1, ::1, valid one
 * year. *created tells whether it made them. 0 on success. */
int tls_cert_ensure(const char *cert_path, const char *key_path, bool *created);

#endif

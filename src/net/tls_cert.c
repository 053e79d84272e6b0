/* tls_cert.c — self-signed localhost certificate with OpenSSL (see tls_cert.h). */
#include "tls_cert.h"
#include "../core/log.h"

#include <fcntl.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

static int add_ext(X509 *cert, int nid, const char *value)
{
	X509V3_CTX ctx;
	X509V3_set_ctx_nodb(&ctx);
	X509V3_set_ctx(&ctx, cert, cert, NULL, NULL, 0);
	X509_EXTENSION *ext = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
	if (!ext)
		return -1;
	int ok = X509_add_ext(cert, ext, -1);
	X509_EXTENSION_free(ext);
	return ok ? 0 : -1;
}

static X509 *make_cert(EVP_PKEY *key)
{
	X509 *cert = X509_new();
	unsigned char serial[16];
	RAND_bytes(serial, sizeof(serial));
	serial[0] &= 0x7f;
	BIGNUM *bn = BN_bin2bn(serial, sizeof(serial), NULL);
	int ok = cert && bn && X509_set_version(cert, 2) &&
		 BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert)) &&
		 X509_gmtime_adj(X509_getm_notBefore(cert), -3600) &&
		 X509_gmtime_adj(X509_getm_notAfter(cert), 365L * 86400) &&
		 X509_set_pubkey(cert, key);
	BN_free(bn);
	X509_NAME *name = ok ? X509_get_subject_name(cert) : NULL;
	ok = ok && X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
					      (const unsigned char *)"localhost",
					      -1, -1, 0) &&
	     X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
					(const unsigned char *)"telemed self-signed",
					-1, -1, 0) &&
	     X509_set_issuer_name(cert, name);
	ok = ok && !add_ext(cert, NID_subject_alt_name,
			    "DNS:localhost,IP:127.0.0.1,IP:::1") &&
	     !add_ext(cert, NID_basic_constraints, "critical,CA:TRUE") &&
	     !add_ext(cert, NID_key_usage,
		      "critical,digitalSignature,keyCertSign") &&
	     !add_ext(cert, NID_ext_key_usage, "serverAuth") &&
	     X509_sign(cert, key, EVP_sha256());
	if (!ok) {
		X509_free(cert);
		return NULL;
	}
	return cert;
}

static int write_pem(const char *path, EVP_PKEY *key, X509 *cert)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		return -1;
	FILE *f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		return -1;
	}
	int ok = key ? PEM_write_PrivateKey(f, key, NULL, NULL, 0, NULL, NULL)
		     : PEM_write_X509(f, cert);
	return (fclose(f) == 0 && ok) ? 0 : -1;
}

int tls_cert_ensure(const char *cert_path, const char *key_path, bool *created)
{
	*created = false;
	if (access(cert_path, R_OK) == 0 && access(key_path, R_OK) == 0)
		return 0;
	EVP_PKEY *key = EVP_EC_gen("P-256");
	X509 *cert = key ? make_cert(key) : NULL;
	int rc = -1;
	if (cert && !write_pem(key_path, key, NULL) &&
	    !write_pem(cert_path, NULL, cert))
		rc = 0;
	X509_free(cert);
	EVP_PKEY_free(key);
	if (rc)
		log_error("tls_selfsigned_failed", "cert=%s", cert_path);
	else
		*created = true;
	return rc;
}

#ifndef PROGREP_SHA256_H
#define PROGREP_SHA256_H

/*
 * SHA-256 of a file, for the batch manifest: a receiver checks that the
 * PDF it got is the one progrep wrote. The hashing is nettle's
 * (<nettle/sha2.h>, which uses the processor's SHA extensions where it has
 * them); this adds reading the file and the hex form. Names that nettle
 * defines as macros (sha256_init, sha256_update, sha256_digest) are left
 * to it.
 */

#include <stddef.h>

#define SHA256_HEX_LEN 64

/* The 32-byte digest as 64 lowercase hex digits and a NUL. */
void sha256_hex(const unsigned char digest[32], char hex[SHA256_HEX_LEN + 1]);

/* Hash n bytes of buf: hex gets the digest. */
void sha256_buf(const void *buf, size_t n, char hex[SHA256_HEX_LEN + 1]);

/* Hash the file at path: hex gets the digest, *bytes its size (may be
 * NULL). 0, or -1 with errno set when it cannot be read. */
int sha256_file(const char *path, char hex[SHA256_HEX_LEN + 1], long long *bytes);

#endif

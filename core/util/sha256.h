#ifndef PROGREP_SHA256_H
#define PROGREP_SHA256_H

#include <stddef.h>
#include <stdint.h>

/*
 * SHA-256 (FIPS 180-4), for the batch manifest: a receiver checks that the
 * PDF it got is the one progrep wrote. Written here because no crypto
 * library is guaranteed on the machines that run progrep.
 */
struct sha256 {
	uint32_t h[8];
	uint64_t len;           /* bytes hashed so far */
	unsigned char buf[64];  /* a partial block */
	size_t nbuf;
};

#define SHA256_HEX_LEN 64

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t n);
/* Finish and write the 32-byte digest; s must be initialised again to be
 * reused. */
void sha256_final(struct sha256 *s, unsigned char digest[32]);
/* The digest as 64 lowercase hex digits and a NUL. */
void sha256_hex(const unsigned char digest[32], char hex[SHA256_HEX_LEN + 1]);

/* Hash the file at path: hex gets the digest, *bytes its size (may be
 * NULL). 0, or -1 with errno set when it cannot be read. */
int sha256_file(const char *path, char hex[SHA256_HEX_LEN + 1], long long *bytes);

/* For tests: 1 hashes with the portable code even where the processor's
 * SHA extensions are used otherwise (core/util/sha256_ni.c); 0 undoes it. */
void sha256_force_portable(int on);

/* core/util/sha256_ni.c, used by sha256.c only: */
int sha256_ni_available(void);
void sha256_ni_blocks(uint32_t h[8], const unsigned char *p, size_t nblocks,
		      const uint32_t k[64]);

#endif

#include "core/util/sha256.h"

#include <errno.h>
#include <stdio.h>

#include <nettle/sha2.h>

void sha256_hex(const unsigned char digest[32], char hex[SHA256_HEX_LEN + 1])
{
	static const char digits[] = "0123456789abcdef";
	int i;

	for (i = 0; i < 32; i++) {
		hex[2 * i] = digits[digest[i] >> 4];
		hex[2 * i + 1] = digits[digest[i] & 15];
	}
	hex[SHA256_HEX_LEN] = '\0';
}

void sha256_buf(const void *buf, size_t n, char hex[SHA256_HEX_LEN + 1])
{
	unsigned char digest[SHA256_DIGEST_SIZE];
	struct sha256_ctx s;

	sha256_init(&s);
	sha256_update(&s, n, buf);
	sha256_digest(&s, sizeof(digest), digest);
	sha256_hex(digest, hex);
}

int sha256_file(const char *path, char hex[SHA256_HEX_LEN + 1], long long *bytes)
{
	unsigned char buf[65536], digest[SHA256_DIGEST_SIZE];
	struct sha256_ctx s;
	FILE *f = fopen(path, "rb");
	long long total = 0;
	size_t n;
	int err;

	if (!f)
		return -1;
	sha256_init(&s);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		sha256_update(&s, n, buf);
		total += (long long)n;
	}
	err = ferror(f) ? EIO : 0;
	fclose(f);
	if (err) {
		errno = err;
		return -1;
	}
	if (bytes)
		*bytes = total;
	sha256_digest(&s, sizeof(digest), digest);
	sha256_hex(digest, hex);
	return 0;
}

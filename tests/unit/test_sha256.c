#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <nettle/sha2.h>

#include "core/util/sha256.h"

/* The digest of n bytes at data through nettle, as the manifest writes it. */
static void hex_of(const void *data, size_t n, char hex[SHA256_HEX_LEN + 1])
{
	unsigned char digest[SHA256_DIGEST_SIZE];
	struct sha256_ctx s;

	sha256_init(&s);
	sha256_update(&s, n, data);
	sha256_digest(&s, sizeof(digest), digest);
	sha256_hex(digest, hex);
}

/* The FIPS 180-4 / NIST CAVP examples. */
static void test_sha256_matches_known_vectors(void **state)
{
	char hex[SHA256_HEX_LEN + 1];
	const char *two_blocks = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

	(void)state;
	hex_of("", 0, hex);
	assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	hex_of("abc", 3, hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	hex_of(two_blocks, strlen(two_blocks), hex);
	assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

/* A million 'a', fed in pieces that straddle block boundaries. */
static void test_sha256_gives_the_same_digest_in_pieces(void **state)
{
	unsigned char digest[SHA256_DIGEST_SIZE];
	char hex[SHA256_HEX_LEN + 1], buf[1024];
	struct sha256_ctx s;
	size_t done = 0, piece = 1;

	(void)state;
	memset(buf, 'a', sizeof(buf));
	sha256_init(&s);
	while (done < 1000000) {
		size_t n = piece < 1000000 - done ? piece : 1000000 - done;
		sha256_update(&s, n, (const uint8_t *)buf);
		done += n;
		piece = piece % 997 + 7;
	}
	sha256_digest(&s, sizeof(digest), digest);
	sha256_hex(digest, hex);
	assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* Lengths around the padding boundary (55, 56, 64 bytes) against a file. */
static void test_sha256_file_agrees_with_memory(void **state)
{
	char path[] = "/tmp/test_sha256_XXXXXX", a[SHA256_HEX_LEN + 1], b[SHA256_HEX_LEN + 1];
	static const size_t lens[] = {55, 56, 63, 64, 65, 70000};
	char *data = malloc(70000);
	long long bytes = -1;
	size_t i, j;
	int fd;

	(void)state;
	for (j = 0; j < 70000; j++)
		data[j] = (char)(j * 31 + 7);
	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		fd = mkstemp(path);
		assert_true(fd >= 0);
		assert_int_equal(write(fd, data, lens[i]), (ssize_t)lens[i]);
		close(fd);
		assert_int_equal(sha256_file(path, a, &bytes), 0);
		unlink(path);
		strcpy(path, "/tmp/test_sha256_XXXXXX");
		hex_of(data, lens[i], b);
		assert_string_equal(a, b);
		assert_int_equal(bytes, (long long)lens[i]);
	}
	free(data);
	assert_int_equal(sha256_file("/nonexistent/x", a, NULL), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha256_matches_known_vectors),
		cmocka_unit_test(test_sha256_gives_the_same_digest_in_pieces),
		cmocka_unit_test(test_sha256_file_agrees_with_memory),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

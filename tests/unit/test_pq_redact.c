#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/data/pq_redact.h"

static const char *redact(const char *msg, const char *conninfo)
{
	static char buf[512];

	return pq_redact(buf, sizeof(buf), msg, conninfo);
}

static void test_pq_redact_hides_a_uri_password(void **state)
{
	(void)state;
	assert_string_equal(redact("bad URI: \"postgresql://u:s3cret@[::1/db\"", NULL),
			    "bad URI: \"postgresql://u:***@[::1/db\"");
	assert_string_equal(redact("postgres://u@h/db", NULL), "postgres://u@h/db");
}

static void test_pq_redact_hides_password_keywords(void **state)
{
	(void)state;
	assert_string_equal(redact("host=x password=s3cret port=abc", NULL),
			    "host=x password=*** port=abc");
	assert_string_equal(redact("password = 'a b\\' c' sslpassword=x passfile=/p", NULL),
			    "password = *** sslpassword=*** passfile=***");
	assert_string_equal(redact("\"h/db?password=s3cret&x=1\"", NULL), "\"h/db?password=***");
	/* not a key: part of a longer word, or no '=' */
	assert_string_equal(redact("mypassword=1, missing \"=\" after \"password\"", NULL),
			    "mypassword=1, missing \"=\" after \"password\"");
}

static void test_pq_redact_hides_copies_of_the_secrets(void **state)
{
	(void)state;
	assert_string_equal(redact("token \"s3cret\" is odd", "host=h password=s3cret"),
			    "token \"***\" is odd");
	/* too short to look for: it would blank out ordinary words */
	assert_string_equal(redact("an error", "password=an"), "an error");
}

static void test_pq_redact_cuts_to_fit(void **state)
{
	char buf[16];

	(void)state;
	assert_string_equal(pq_redact(buf, 8, "password=s3cret", NULL), "passwor");
	assert_string_equal(pq_redact(buf, 8, "a password=s", NULL), "a passw");
	assert_string_equal(pq_redact(buf, 12, "pw password=s", NULL), "pw password");
	assert_string_equal(pq_redact(buf, 6, "x password=s", NULL), "x pas");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pq_redact_hides_a_uri_password),
		cmocka_unit_test(test_pq_redact_hides_password_keywords),
		cmocka_unit_test(test_pq_redact_hides_copies_of_the_secrets),
		cmocka_unit_test(test_pq_redact_cuts_to_fit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

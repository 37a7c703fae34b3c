#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/util/namecoll.h"

/* A fake file system: a list of names, compared with or without case. */
struct fake {
	char *name[64];
	char *mark[64];
	size_t n;
	int folds;
	int creates;
};

static int fake_eq(const struct fake *f, const char *a, const char *b)
{
	return f->folds ? strcasecmp(a, b) == 0 : strcmp(a, b) == 0;
}

static long fake_find(const struct fake *f, const char *path)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (fake_eq(f, f->name[i], path))
			return (long)i;
	return -1;
}

static int fake_create(void *ctx, const char *path, const char *mark)
{
	struct fake *f = ctx;

	f->creates++;
	if (fake_find(f, path) >= 0) {
		errno = EEXIST;
		return -1;
	}
	f->mark[f->n] = strdup(mark);
	f->name[f->n++] = strdup(path);
	return 0;
}

static int fake_read(void *ctx, const char *path, char *buf, size_t size)
{
	struct fake *f = ctx;
	long i = fake_find(f, path);

	if (i < 0)
		return -1;
	snprintf(buf, size, "%s", f->mark[i]);
	return 0;
}

static void fake_remove(void *ctx, const char *path)
{
	struct fake *f = ctx;
	long i = fake_find(f, path);

	if (i < 0)
		return;
	free(f->name[i]);
	free(f->mark[i]);
	f->n--;
	f->name[i] = f->name[f->n];
	f->mark[i] = f->mark[f->n];
}

static struct namecoll_fs fake_fs(struct fake *f, int folds)
{
	struct namecoll_fs fs = {fake_create, fake_read, fake_remove, f};

	memset(f, 0, sizeof(*f));
	f->folds = folds;
	return fs;
}

static void test_namecoll_finds_names_a_folding_fs_makes_one(void **state)
{
	const char *paths[] = {"out/2019/Hotan.pdf", "out/2019/kashi.pdf", "out/2019/HOTAN.pdf"};
	struct fake f;
	struct namecoll_fs fs = fake_fs(&f, 1);
	size_t a = 9, b = 9;

	(void)state;
	assert_int_equal(namecoll_find(&fs, paths, 3, &a, &b), 1);
	assert_int_equal(a, 0);
	assert_int_equal(b, 2);
	assert_int_equal(f.n, 0); /* every probe removed */
}

static void test_namecoll_case_sensitive_fs_has_no_collision(void **state)
{
	const char *paths[] = {"out/Hotan.pdf", "out/hotan.pdf"};
	struct fake f;
	struct namecoll_fs fs = fake_fs(&f, 0);
	size_t a, b;

	(void)state;
	assert_int_equal(namecoll_find(&fs, paths, 2, &a, &b), 0);
	assert_int_equal(f.creates, 1); /* only the folder's probe */
	assert_int_equal(f.n, 0);
}

static void test_namecoll_names_in_different_folders_do_not_collide(void **state)
{
	const char *paths[] = {"a/Hotan.pdf", "b/hotan.pdf", "a/kashi.pdf"};
	struct fake f;
	struct namecoll_fs fs = fake_fs(&f, 1);
	size_t a, b;

	(void)state;
	assert_int_equal(namecoll_find(&fs, paths, 3, &a, &b), 0);
	assert_int_equal(f.n, 0);
}

static void test_namecoll_leftover_probe_is_not_a_collision(void **state)
{
	const char *paths[] = {"o/x.pdf", "o/y.pdf"};
	struct fake f;
	struct namecoll_fs fs = fake_fs(&f, 1);
	size_t a, b;

	(void)state;
	fake_create(&f, "o/.x.pdf.Cc0prb", ""); /* a killed run's */
	assert_int_equal(namecoll_find(&fs, paths, 2, &a, &b), 0);
	assert_int_equal(f.n, 0); /* removed with the probes */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_namecoll_finds_names_a_folding_fs_makes_one),
		cmocka_unit_test(test_namecoll_case_sensitive_fs_has_no_collision),
		cmocka_unit_test(test_namecoll_names_in_different_folders_do_not_collide),
		cmocka_unit_test(test_namecoll_leftover_probe_is_not_a_collision),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/util/afile.h"

/* A fresh folder per test, removed with what is left in it. */
static int setup(void **state)
{
	char *dir = strdup("/tmp/test_afile_XXXXXX");

	if (!dir || !mkdtemp(dir))
		return -1;
	*state = dir;
	return 0;
}

static int teardown(void **state)
{
	char cmd[64];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", (char *)*state);
	free(*state);
	return system(cmd) == 0 ? 0 : -1;
}

/* How many entries the folder has, "." and ".." not counted. */
static int entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	closedir(d);
	return n;
}

static char *in(const char *dir, const char *name)
{
	static char path[256];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return path;
}

static void test_afile_commit_gives_the_file_with_the_umask_mode(void **state)
{
	const char *dir = *state;
	char path[256], buf[16] = {0};
	mode_t old = umask(027);
	struct afile af;
	struct stat st;
	FILE *f;

	strcpy(path, in(dir, "out.txt"));
	assert_int_equal(afile_open(&af, path, AFILE_SYNC), 0);
	/* the temporary name batch_files.c cleans up: ".out.txt.XXXXXX" */
	assert_true(strncmp(strrchr(af.tmp, '/'), "/.out.txt.", 10) == 0);
	assert_int_equal(strlen(strrchr(af.tmp, '/')), strlen("/.out.txt.XXXXXX"));
	assert_int_not_equal(access(path, F_OK), 0); /* nothing at the path yet */
	fputs("hello\n", afile_stream(&af));
	assert_int_equal(afile_commit(&af), 0);
	umask(old);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0666 & ~027);
	f = fopen(path, "r");
	assert_non_null(f);
	assert_non_null(fgets(buf, sizeof(buf), f));
	fclose(f);
	assert_string_equal(buf, "hello\n");
	assert_int_equal(entries(dir), 1);
}

/* Writing through the fd, and over an older file: it is replaced whole. */
static void test_afile_commit_replaces_an_older_file(void **state)
{
	const char *dir = *state;
	char path[256];
	struct afile af;
	struct stat st;
	FILE *f;

	strcpy(path, in(dir, "r.pdf"));
	f = fopen(path, "w");
	fputs("an older and longer report", f);
	fclose(f);
	assert_int_equal(afile_open(&af, path, 0), 0);
	assert_int_equal(write(af.fd, "new", 3), 3);
	assert_int_equal(afile_commit(&af), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, 3);
	assert_int_equal(entries(dir), 1);
}

static void test_afile_abort_leaves_nothing(void **state)
{
	const char *dir = *state;
	struct afile af;

	assert_int_equal(afile_open(&af, in(dir, "gone.txt"), AFILE_SYNC), 0);
	fputs("partial", afile_stream(&af));
	errno = ENOSPC;
	afile_abort(&af);
	assert_int_equal(errno, ENOSPC); /* kept for the caller's message */
	assert_int_equal(entries(dir), 0);
}

/* A write that fails (the fd closed under the stream, as a full disk or a
 * lost NFS server would fail it): commit returns -1 with errno, and
 * neither the final file nor the temporary one is left. */
static void test_afile_failing_write_leaves_no_file(void **state)
{
	const char *dir = *state;
	char path[256];
	struct afile af;
	FILE *f;

	strcpy(path, in(dir, "fail.txt"));
	assert_int_equal(afile_open(&af, path, AFILE_SYNC), 0);
	f = afile_stream(&af);
	assert_non_null(f);
	fputs("bytes that never reach the disk", f);
	close(af.fd);
	errno = 0;
	assert_int_equal(afile_commit(&af), -1);
	assert_int_equal(errno, EBADF);
	assert_int_not_equal(access(path, F_OK), 0);
	assert_int_equal(entries(dir), 0);
}

/* A full disk: the temporary file's fd pointed at /dev/full, which takes
 * no bytes, so the flush in commit fails with ENOSPC. */
static void test_afile_full_disk_returns_enospc(void **state)
{
	const char *dir = *state;
	char path[256];
	struct afile af;
	FILE *f;
	int full = open("/dev/full", O_WRONLY);

	if (full < 0)
		skip();
	strcpy(path, in(dir, "full.txt"));
	assert_int_equal(afile_open(&af, path, 0), 0);
	assert_int_equal(dup2(full, af.fd), af.fd);
	close(full);
	f = afile_stream(&af);
	fputs("more than /dev/full takes", f);
	assert_int_equal(afile_commit(&af), -1);
	assert_int_equal(errno, ENOSPC);
	assert_int_not_equal(access(path, F_OK), 0);
	assert_int_equal(entries(dir), 0);
}

static void test_afile_open_in_a_missing_folder_fails(void **state)
{
	const char *dir = *state;
	struct afile af;

	assert_int_equal(afile_open(&af, in(dir, "no/such/x.txt"), 0), -1);
	assert_int_equal(errno, ENOENT);
}

/* An empty file at path with its mtime age seconds ago. */
static void make_aged(const char *path, int age)
{
	struct timespec t[2];
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);

	assert_true(fd >= 0);
	clock_gettime(CLOCK_REALTIME, &t[0]);
	t[0].tv_sec -= age;
	t[1] = t[0];
	assert_int_equal(futimens(fd, t), 0);
	close(fd);
}

static void test_afile_clean_removes_only_what_a_dead_writer_left(void **state)
{
	const char *dir = *state;
	char out[256], live[256];
	struct afile af;
	struct timespec t[2];

	snprintf(out, sizeof(out), "%s/r.pdf", dir);
	make_aged(in(dir, ".r.pdf.Dead01"), 60);  /* a killed run's */
	make_aged(in(dir, ".r.pdf.Young1"), 0);   /* its writer may not hold the lock yet */
	make_aged(in(dir, ".x.pdf.Dead02"), 60);  /* another output's */
	make_aged(in(dir, "r.pdf"), 60);	  /* the output itself */
	assert_int_equal(afile_open(&af, out, 0), 0);
	snprintf(live, sizeof(live), "%s", af.tmp);
	clock_gettime(CLOCK_REALTIME, &t[0]);
	t[0].tv_sec -= 60;
	t[1] = t[0];
	assert_int_equal(futimens(af.fd, t), 0); /* old, but its writer runs */
	assert_int_equal(afile_clean(out), 1);
	assert_int_equal(access(in(dir, ".r.pdf.Dead01"), F_OK), -1);
	assert_int_equal(access(live, F_OK), 0);
	assert_int_equal(access(in(dir, ".r.pdf.Young1"), F_OK), 0);
	assert_int_equal(access(in(dir, ".x.pdf.Dead02"), F_OK), 0);
	assert_int_equal(access(in(dir, "r.pdf"), F_OK), 0);
	afile_abort(&af);
	assert_int_equal(entries(dir), 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_afile_commit_gives_the_file_with_the_umask_mode,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_afile_commit_replaces_an_older_file, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_afile_abort_leaves_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_afile_failing_write_leaves_no_file, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_afile_full_disk_returns_enospc, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_afile_open_in_a_missing_folder_fails, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_afile_clean_removes_only_what_a_dead_writer_left,
						setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

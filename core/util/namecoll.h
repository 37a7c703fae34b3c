#ifndef PROGREP_NAMECOLL_H
#define PROGREP_NAMECOLL_H

#include <stddef.h>

/*
 * Output names that the file system takes for the same file: on a
 * case-insensitive one (exFAT, vfat, SMB shares, ext4 casefold) "A.pdf"
 * and "a.pdf" are one file, and a batch would silently overwrite one
 * region's report with another's. Which names a file system folds
 * together (ASCII only, Unicode, a code page) is its own business, so it
 * is asked rather than guessed: in each folder, a probe name and its
 * case-swapped form tell whether the folder folds case at all; if it does,
 * a probe file is created for every name (".NAME.Cc0prb", the temporary
 * name afile_clean removes if a run dies) and a name whose probe already
 * exists collides with the earlier one whose number that file holds. All
 * probes are removed. Files are told apart by what they hold, not by
 * st_ino: FUSE file systems (exfat-fuse) give one file a new inode number
 * for each spelling of its name.
 */

/* What namecoll asks of the file system; namecoll_posix() is the real one,
 * a test passes a fake. */
struct namecoll_fs {
	/* Create path exclusively holding the text mark: 0, or -1 with errno
	 * (EEXIST: it exists). */
	int (*create)(void *ctx, const char *path, const char *mark);
	/* Read up to size-1 bytes of path into buf, NUL-terminated: 0 or -1. */
	int (*read)(void *ctx, const char *path, char *buf, size_t size);
	void (*remove)(void *ctx, const char *path);
	void *ctx;
};

/* The real file system: open(O_CREAT|O_EXCL), write, read, unlink. */
const struct namecoll_fs *namecoll_posix(void);

/* Look for two of paths[0..n) that the file system makes one file. 1 with
 * *a < *b their indices; 0 when none (a folder that cannot be probed, say
 * one that does not exist yet, counts as none); the paths are not changed. */
int namecoll_find(const struct namecoll_fs *fs, const char *const *paths, size_t n, size_t *a,
		  size_t *b);

#endif

#ifndef PROGREP_EXITCODE_H
#define PROGREP_EXITCODE_H

/* progrep's exit codes, documented in `progrep --help`, the man page and
 * docs/errors.md. Scripts depend on them: never renumber. */
enum exit_code {
	EXIT_OK = 0,       /* success */
	EXIT_DATA = 1,     /* the config or the data has errors; nothing written */
	EXIT_USAGE = 2,    /* bad command line */
	EXIT_RUNTIME = 3,  /* I/O, font, render, out-of-memory failure, or a data
			      source failing (cannot connect, locked, time limit) */
	EXIT_PARTIAL = 4   /* a batch run: some reports failed, the others were written */
};

#endif

#ifndef PROGREP_CMD_H
#define PROGREP_CMD_H

#include <stdio.h>

#include "core/config.h"
#include "core/dataset.h"
#include "core/diag.h"
#include "core/exitcode.h"
#include "core/metrics.h"

/* Command-line option scanning: --name value, --name=value, -x value. */
struct args {
	int argc;
	char **argv;
	int i;           /* next argument */
	const char *cmd; /* sub-command, for messages */
};

/* If argv[i] is the option (long name or short letter, short may be 0),
 * take its value into *val and return 1; on a missing value print a usage
 * error and return -1; else 0. */
int args_value(struct args *a, const char *name, char letter, const char **val);
/* A flag without value. */
int args_flag(struct args *a, const char *name, char letter);
int usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* One run of the pipeline: config -> data -> results. */
struct run {
	struct arena *arena;
	struct diag diag;
	struct cfg cfg;
	struct dataset ds;
	struct results res;
	int loaded;      /* stages done: 1 config, 2 data, 3 computed */
};

/* Load the config, the data and compute. Prints the diagnostics to
 * diag_out unless it is NULL. Returns EXIT_OK or EXIT_DATA. */
int run_load(struct run *r, const char *config, FILE *diag_out);
void run_release(struct run *r);

/* A period option against the data: "latest", "latest-N" or a period. -1
 * with a message on stderr if it is not in the data. */
int run_period(const struct run *r, const char *text);

int cmd_check(int argc, char **argv);
int cmd_compute(int argc, char **argv);
int cmd_render(int argc, char **argv);

#endif

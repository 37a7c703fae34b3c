#ifndef PROGREP_CMD_H
#define PROGREP_CMD_H

#include <stdio.h>

#include "core/config/config.h"
#include "core/data/dataset.h"
#include "core/util/diag.h"
#include "core/util/exitcode.h"
#include "core/util/json.h"
#include "core/engine/checks.h"
#include "core/engine/metrics.h"

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
	struct check_findings findings; /* of the data checks; res.findings */
	int loaded;      /* stages done: 1 config, 2 data, 3 computed */
};

/* Load the config, the data and compute. Prints the diagnostics to
 * diag_out unless it is NULL. Returns EXIT_OK or EXIT_DATA. */
int run_load(struct run *r, const char *config, FILE *diag_out);
/* The same for a command with a --period option (NULL: none): a period
 * given there is what a database query's $period binds. */
int run_load_period(struct run *r, const char *config, const char *period, FILE *diag_out);
void run_release(struct run *r);

/* A period option against the data: "latest", "latest-N" or a period. -1
 * with the error reported into r->diag (the caller shows it) if it is not
 * in the data. */
int run_period(struct run *r, const char *text);

int cmd_check(int argc, char **argv);
int cmd_compute(int argc, char **argv);
int cmd_render(int argc, char **argv);
int cmd_explain(int argc, char **argv);

struct explain_node;
/* explain's text form of the tree n (cmd_explain.c): what `progrep
 * explain` prints, and the explain trail a PDF/A-3 carries (render_one.c). */
void explain_print(FILE *f, const struct results *res, const struct explain_node *n);
int cmd_init(int argc, char **argv);
int cmd_templates(int argc, char **argv);
/* progrep import CONFIG --to DB.sqlite (cmd_import.c) */
int cmd_import(int argc, char **argv);
/* progrep manifest merge OUT IN... (cmd_manifest.c) */
int cmd_manifest(int argc, char **argv);

/* One report line of a manifest, as manifest_read gives it: the strings
 * decoded, NULL where the line has null or lacks the key. */
struct manifest_entry {
	const char *path, *sha256, *input, *status, *action;
};
/* Read the manifest at path, every line checked as `manifest merge` checks
 * it (cmd_manifest.c): *out gets its *n entries in file order, in a. -1
 * when it cannot be read or a line is not a manifest line: nothing is
 * printed, *why gets the first problem (in a). */
int manifest_read(const char *path, struct arena *a, struct manifest_entry **out, size_t *n,
		  const char **why);

/* Shipped templates (cmd/templates.c). The search path is
 * PROGREP_TEMPLATE_PATH (':'-separated), then ../share/progrep/templates and
 * ../templates beside the binary; only existing folders are listed. */
#define TEMPLATES_MAX_DIRS 32
size_t templates_dirs(const char **dirs, size_t max, struct arena *a);
/* CONFIG as given on the command line: an existing file, or anything with a
 * '/', is returned as is; a bare NAME is looked up as NAME.yaml (NAME if it
 * already ends in .yaml) in the search path. Returns the path found (in a)
 * or config itself. */
const char *templates_resolve(const char *config, struct arena *a);
/* The template names (file names without .yaml) in dir, sorted; *names is
 * in a. Returns how many. */
size_t templates_list(const char *dir, const char ***names, struct arena *a);

#endif

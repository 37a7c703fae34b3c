/* realpath() is XSI, not in plain POSIX.1-2008. */
#define _XOPEN_SOURCE 700

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "core/util/afile.h"
#include "core/util/arena.h"
#include "core/data/csv.h"
#include "core/util/period.h"
#include "core/util/smap.h"
#include "core/util/strbuf.h"
#include "core/util/utf8.h"

/*
 * progrep init DATA.csv [--regions REGIONS.csv] [-o CONFIG]
 * Writes a starter config for a long CSV: the levels found in the regions
 * file (root level first), one indicator per name in the data, a summary
 * table and a line chart. It renders as it stands; the analyst then gives
 * the indicators their names, units and formulas. Paths in it are relative
 * to the config's folder, as the loader reads them.
 */

#define INIT_MAX_DEPTH 64

struct init {
	struct arena *a;
	struct diag d;
	const char *data, *regions, *out;
	int force;
	/* levels, ordered by depth in the tree */
	const char **levels;
	int *level_depth;
	size_t nlevels;
	const char *root_name;
	/* indicator names in order of first appearance */
	const char **inds;
	const char **ids; /* their ids (make_ids) */
	size_t ninds;
	int has_period;
	struct period first, last;
};

/* Room for element n of an arena array of n elements: capacity 16, then
 * doubling at powers of two, so the copies stay linear overall. */
static void *grow(struct arena *a, void *v, size_t n, size_t size)
{
	void *w;

	if (n != 0 && (n < 16 || (n & (n - 1)) != 0))
		return v;
	w = arena_alloc(a, (n ? 2 * n : 16) * size);
	if (n)
		memcpy(w, v, n * size);
	return w;
}

static char *field(struct init *in, const struct csv *c, size_t i)
{
	return arena_strndup(in->a, c->f[i].s, c->f[i].len);
}

static int want_header(struct csv *c, const char *const *names, size_t n)
{
	int rc = csv_next(c);
	size_t i;

	if (rc == 0) {
		struct src_pos at = { c->file, 0, 0 };
		return diag_error(c->d, at, "the file is empty: the header must be %s,%s,%s,%s",
				  names[0], names[1], names[2], names[3]);
	}
	if (rc < 0)
		return -1;
	for (i = 0; i < n; i++)
		if (i >= c->nf || !csv_field_is(c, i, names[i]))
			break;
	if (i == n && c->nf == n)
		return 0;
	return csv_error(c, 0, "the header must be %s,%s,%s,%s", names[0], names[1],
			 names[2], names[3]);
}

/* Depth of region i: the number of parents above it, or -1 on a cycle or
 * an unknown parent (the loader reports those properly later). */
static int depth_of(const int *parent, size_t i)
{
	int depth = 0, j = (int)i;

	while (parent[j] >= 0) {
		j = parent[j];
		if (++depth > INIT_MAX_DEPTH)
			return -1;
	}
	return depth;
}

static void add_level(struct init *in, const char *name, int depth)
{
	size_t i;

	for (i = 0; i < in->nlevels; i++)
		if (strcmp(in->levels[i], name) == 0) {
			if (depth >= 0 && (in->level_depth[i] < 0 || depth < in->level_depth[i]))
				in->level_depth[i] = depth;
			return;
		}
	in->levels = grow(in->a, in->levels, in->nlevels, sizeof(*in->levels));
	in->level_depth = grow(in->a, in->level_depth, in->nlevels, sizeof(*in->level_depth));
	in->levels[in->nlevels] = name;
	in->level_depth[in->nlevels++] = depth;
}

/* Levels sorted by the depth of their shallowest region (insertion sort:
 * there are a handful). */
static void sort_levels(struct init *in)
{
	size_t i, j;

	for (i = 1; i < in->nlevels; i++)
		for (j = i; j > 0 && in->level_depth[j] < in->level_depth[j - 1]; j--) {
			const char *s = in->levels[j];
			int dep = in->level_depth[j];
			in->levels[j] = in->levels[j - 1];
			in->level_depth[j] = in->level_depth[j - 1];
			in->levels[j - 1] = s;
			in->level_depth[j - 1] = dep;
		}
}

struct region_rows {
	char **code, **parent, **level, **name;
	size_t n;
};

static int read_region_rows(struct init *in, struct region_rows *rr)
{
	static const char *const header[] = { "code", "name", "parent", "level" };
	struct src_pos none = { NULL, 0, 0 };
	struct csv c;
	int rc;

	memset(rr, 0, sizeof(*rr));
	if (csv_open(&c, in->regions, none, &in->d) < 0)
		return -1;
	rc = want_header(&c, header, 4);
	while (rc == 0 && (rc = csv_next(&c)) == 1) {
		rr->code = grow(in->a, rr->code, rr->n, sizeof(char *));
		rr->name = grow(in->a, rr->name, rr->n, sizeof(char *));
		rr->parent = grow(in->a, rr->parent, rr->n, sizeof(char *));
		rr->level = grow(in->a, rr->level, rr->n, sizeof(char *));
		rr->code[rr->n] = field(in, &c, 0);
		rr->name[rr->n] = field(in, &c, 1);
		rr->parent[rr->n] = field(in, &c, 2);
		rr->level[rr->n++] = field(in, &c, 3);
		rc = 0;
	}
	csv_close(&c);
	return rc < 0 || in->d.nerrors ? -1 : 0;
}

/* The first thing an analyst with only a data file meets: say what the
 * regions file is and how to give it, instead of a bare "cannot open". */
static int explain_regions(struct init *in, int given)
{
	struct src_pos none = { NULL, 0, 0 };

	diag_error(&in->d, none, "no regions file '%s'%s", in->regions,
		   given ? "" : " (the default: regions.csv beside the data)");
	diag_note(&in->d, none, "the regions file names every region code of the data: a CSV "
		  "with the header code,name,parent,level, one row per region, the root with "
		  "an empty parent, e.g. '65,新疆维吾尔自治区,,自治区' then "
		  "'6501,乌鲁木齐市,65,地州市' (docs/data.md)");
	diag_note(&in->d, none, "write it, then pass it: progrep init %s --regions "
		  "REGIONS.csv", in->data);
	return -1;
}

static int read_regions(struct init *in)
{
	struct region_rows rr;
	struct smap codes;
	int *parent;
	size_t i;

	if (read_region_rows(in, &rr) < 0)
		return -1;
	smap_init(&codes, rr.n + 1);
	for (i = 0; i < rr.n; i++)
		smap_put(&codes, rr.code[i], strlen(rr.code[i]), (int)i);
	parent = arena_alloc(in->a, (rr.n + 1) * sizeof(*parent));
	for (i = 0; i < rr.n; i++) {
		parent[i] = rr.parent[i][0] ? smap_get(&codes, rr.parent[i], strlen(rr.parent[i]))
					    : -1;
		if (!rr.parent[i][0] && !in->root_name)
			in->root_name = rr.name[i];
		if (rr.parent[i][0] && parent[i] < 0)
			parent[i] = (int)i; /* unknown parent: depth_of gives up */
	}
	for (i = 0; i < rr.n; i++)
		add_level(in, rr.level[i], parent[i] == (int)i ? -1 : depth_of(parent, i));
	smap_release(&codes);
	sort_levels(in);
	if (in->nlevels == 0) {
		struct src_pos at = { in->regions, 0, 0 };
		return diag_error(&in->d, at, "no regions in the file");
	}
	return 0;
}

static void note_period(struct init *in, const struct csv *c)
{
	struct period p;

	if (period_parse(c->f[1].s, c->f[1].len, &p) < 0)
		return;
	if (!in->has_period) {
		in->first = in->last = p;
		in->has_period = 1;
		return;
	}
	if (p.kind != in->first.kind)
		return;
	if (p.ord < in->first.ord)
		in->first = p;
	if (p.ord > in->last.ord)
		in->last = p;
}

static int read_data(struct init *in)
{
	static const char *const header[] = { "region", "period", "indicator", "value" };
	struct src_pos none = { NULL, 0, 0 };
	struct smap seen;
	struct csv c;
	int rc;

	if (csv_open(&c, in->data, none, &in->d) < 0)
		return -1;
	smap_init(&seen, 64);
	rc = want_header(&c, header, 4);
	while (rc == 0 && (rc = csv_next(&c)) == 1) {
		const struct csv_field *f = &c.f[2];
		rc = 0;
		note_period(in, &c);
		if (f->len == 0 || smap_get(&seen, f->s, f->len) >= 0)
			continue;
		in->inds = grow(in->a, in->inds, in->ninds, sizeof(*in->inds));
		in->inds[in->ninds] = field(in, &c, 2);
		smap_put(&seen, in->inds[in->ninds], f->len, (int)in->ninds);
		in->ninds++;
	}
	smap_release(&seen);
	csv_close(&c);
	if (rc == 0 && !in->d.nerrors && in->ninds == 0) {
		struct src_pos at = { in->data, 0, 0 };
		return diag_error(&in->d, at, "no values in the file");
	}
	return rc < 0 || in->d.nerrors ? -1 : 0;
}

/* path as written from folder base, both made absolute; the absolute path
 * when either cannot be resolved. */
static const char *relative_to(struct init *in, const char *path, const char *base)
{
	char *p = realpath(path, NULL), *b = realpath(base, NULL);
	const char *rest, *s, *out = path;
	size_t i = 0, common = 0;
	char *up;

	if (!p || !b)
		goto done;
	/* The longest common prefix that ends at a folder boundary. */
	while (p[i] && p[i] == b[i]) {
		if (p[i] == '/')
			common = i;
		i++;
	}
	if (b[i] == '\0' && p[i] == '/')
		common = i;
	if (common == 0) {
		/* Nothing in common but the root: the absolute path reads better. */
		out = arena_strdup(in->a, p);
		goto done;
	}
	rest = p + common + 1;
	up = arena_strdup(in->a, "");
	for (s = b + common; *s; s++)
		if (*s == '/' && s[1])
			up = arena_printf(in->a, "%s../", up);
	out = arena_printf(in->a, "%s%s", up, rest);
done:
	if (p && !b)
		out = arena_strdup(in->a, p);
	free(p);
	free(b);
	return out;
}

/* A YAML double-quoted scalar: always safe, whatever the text. */
static void put_quoted(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(f, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			fprintf(f, "\\x%02x", (unsigned char)*s);
		else
			fputc(*s, f);
	}
	fputc('"', f);
}

/* The id of data name i: the name itself when it is a formula name
 * (Chinese names are: cfg_valid_id), else the name with every run of
 * characters that may not be in a name made one '_' ("贫困 人口" ->
 * 贫困_人口; a leading digit gets a '_' before it); indicator_N when that
 * is empty or another indicator has it. An id that differs from the name
 * keeps the name through `column:`. */
static const char *make_id(struct init *in, size_t i)
{
	const char *name = in->inds[i], *s, *id;
	struct strbuf b = {0};
	size_t k;

	if (cfg_valid_id(name))
		return name;
	if (*name >= '0' && *name <= '9')
		strbuf_addch(&b, '_');
	for (s = name; *s;) {
		unsigned cp;
		int n = utf8_decode(s, strlen(s), &cp);
		if (n > 0 && utf8_is_name_char(cp))
			strbuf_add(&b, s, (size_t)n);
		else if (b.len == 0 || b.s[b.len - 1] != '_')
			strbuf_addch(&b, '_');
		s += n > 0 ? (size_t)n : 1;
	}
	while (b.len > 1 && b.s[b.len - 1] == '_')
		b.s[--b.len] = '\0';
	id = arena_strdup(in->a, b.s ? b.s : "");
	strbuf_release(&b);
	for (k = 0; k < in->ninds; k++)
		if (strcmp(in->inds[k], id) == 0 || (k < i && strcmp(in->ids[k], id) == 0))
			break;
	if (!cfg_valid_id(id) || k < in->ninds)
		id = arena_printf(in->a, "indicator_%zu", i + 1);
	return id;
}

static void make_ids(struct init *in)
{
	size_t i;

	in->ids = arena_alloc(in->a, (in->ninds + 1) * sizeof(*in->ids));
	for (i = 0; i < in->ninds; i++)
		in->ids[i] = make_id(in, i);
}

static const char *ind_id(const struct init *in, size_t i)
{
	return in->ids[i];
}

/* A rate, share, percentage or per-head average: summing it up the
 * region tree is wrong (贫困发生率 summed over regions gave 32), so it is
 * not rolled up. */
static int is_rate(const char *name)
{
	static const char *const marks[] = { "率", "%", "％", "占比", "比重", "比例", "人均",
					     "平均", "rate", "share", "ratio", "percent",
					     "average", "per capita", NULL };
	size_t i;

	for (i = 0; marks[i]; i++)
		if (strstr(name, marks[i]))
			return 1;
	return 0;
}

/* The unit a name carries at its end in brackets: "收入(元)", "占比（%）". */
static const char *unit_of(struct init *in, const char *name)
{
	size_t n = strlen(name);
	const char *open;

	if (n > 1 && name[n - 1] == ')' && (open = strrchr(name, '(')))
		return arena_strndup(in->a, open + 1, (size_t)(name + n - 1 - open - 1));
	if (n > 3 && strcmp(name + n - 3, "）") == 0 && (open = strstr(name, "（"))) {
		const char *next;
		while ((next = strstr(open + 3, "（")))
			open = next;
		return arena_strndup(in->a, open + 3, (size_t)(name + n - 3 - open - 3));
	}
	return strstr(name, "率") || strchr(name, '%') || strstr(name, "％") ? "%" : "";
}

static void write_indicator(struct init *in, FILE *f, size_t i)
{
	const char *id = ind_id(in, i), *name = in->inds[i], *unit = unit_of(in, name);
	size_t n = strlen(name), u = strlen(unit);

	/* The caption is the name without the unit in brackets: the figures
	 * carry the unit. */
	if (u && n > u + 2 && name[n - 1] == ')' && name[n - u - 2] == '(')
		n -= u + 2;
	else if (u && n > u + 6 && strncmp(name + n - u - 6, "（", 3) == 0)
		n -= u + 6;
	fprintf(f, "  %s:\n    name: ", id);
	put_quoted(f, arena_strndup(in->a, name, n));
	fprintf(f, "\n    unit: ");
	put_quoted(f, unit);
	if (strcmp(unit, "%") == 0)
		fprintf(f, "\n    decimals: 2");
	if (is_rate(name))
		fprintf(f, "\n"
			   "    # a rate or an average is not summed up the tree: the data gives\n"
			   "    # it at every level, or make it a formula of its parts and drop\n"
			   "    # the rollup (docs/formulas.md), e.g. 贫困人口 / 乡村人口 * 100\n"
			   "    rollup: none\n");
	else
		fprintf(f, "\n    rollup: sum    # none for rates, averages and given totals\n");
	if (strcmp(id, name) != 0) {
		fprintf(f, "    column: ");
		put_quoted(f, name);
		fputc('\n', f);
	}
}

static void write_head(struct init *in, FILE *f, const char *base)
{
	size_t i;

	fprintf(f, "# Starter config written by `progrep init`: every indicator found in the\n"
		   "# data, one summary table and one chart. Give the indicators their names,\n"
		   "# units, scales and formulas; docs/config.md describes every key.\n\n");
	fprintf(f, "report:\n  title: ");
	put_quoted(f, arena_printf(in->a, "%s指标报告", in->root_name ? in->root_name : ""));
	fprintf(f, "\n  description: ");
	put_quoted(f, arena_printf(in->a, "starter report for %s", in->data));
	fprintf(f, "\n\nlevels: [");
	for (i = 0; i < in->nlevels; i++) {
		fputs(i ? ", " : "", f);
		put_quoted(f, in->levels[i]);
	}
	fprintf(f, "]\n\ndata:\n  regions: ");
	put_quoted(f, relative_to(in, in->regions, base));
	fprintf(f, "\n  sources:\n    - type: csv\n      path: ");
	put_quoted(f, relative_to(in, in->data, base));
	fprintf(f, "\n\nindicators:\n");
	for (i = 0; i < in->ninds; i++)
		write_indicator(in, f, i);
}

static void write_sections(struct init *in, FILE *f)
{
	char first[16], last[16];
	int span = in->has_period && in->first.ord != in->last.ord;
	size_t i;

	period_format(in->first, first, sizeof(first));
	period_format(in->last, last, sizeof(last));
	fprintf(f, "\nsections:\n  - title: 主要指标\n    blocks:\n"
		   "      - table:\n          title: 表1 主要指标\n"
		   "          rows: indicators\n          indicators: [");
	for (i = 0; i < in->ninds; i++)
		fprintf(f, "%s%s", i ? ", " : "", ind_id(in, i));
	fprintf(f, "]\n          columns:\n");
	if (span)
		fprintf(f, "            - {period: %s, title: \"%s\"}\n", first, first);
	fprintf(f, "            - {period: 0, title: \"{period}\"}\n");
	if (span)
		fprintf(f, "            - {measure: change, from: %s, title: \"比%s增减\"}\n",
			first, first);
	if (span)
		fprintf(f, "      - chart:\n          type: line\n          title: 图1 %s\n"
			   "          indicator: %s\n", in->inds[0], ind_id(in, 0));
	else
		fprintf(f, "      - chart:\n          type: bar\n          title: 图1 %s\n"
			   "          indicator: %s\n          over: children\n",
			in->inds[0], ind_id(in, 0));
}

static int parse_opts(int argc, char **argv, struct init *in)
{
	struct args a = {argc, argv, 1, "init"};
	int rc;

	while (a.i < argc) {
		if ((rc = args_value(&a, "regions", 'r', &in->regions)) ||
		    (rc = args_value(&a, "output", 'o', &in->out))) {
			if (rc < 0)
				return EXIT_USAGE;
			continue;
		}
		if (args_flag(&a, "force", 0)) {
			in->force = 1;
			continue;
		}
		if (argv[a.i][0] == '-' && argv[a.i][1])
			return usage_error("init", "unknown option '%s'", argv[a.i]);
		if (in->data)
			return usage_error("init", "only one data file, got '%s' and '%s'", in->data,
					   argv[a.i]);
		in->data = argv[a.i++];
	}
	if (!in->data)
		return usage_error("init", "which data? usage: progrep init DATA.csv "
					   "[--regions REGIONS.csv] [-o CONFIG]");
	return EXIT_OK;
}

/* --regions defaults to regions.csv beside the data. */
static const char *default_regions(struct init *in)
{
	const char *slash = strrchr(in->data, '/');

	if (!slash)
		return "regions.csv";
	return arena_printf(in->a, "%.*s/regions.csv", (int)(slash - in->data), in->data);
}

static const char *folder_of(struct init *in, const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return ".";
	return slash == path ? "/" : arena_strndup(in->a, path, (size_t)(slash - path));
}

/* Write to a temporary file beside the config and rename it into place:
 * no half-written config, and an existing one is kept unless --force. */
static int write_config(struct init *in)
{
	const char *base = in->out ? folder_of(in, in->out) : ".";
	struct afile af;
	FILE *f;

	if (!in->out || strcmp(in->out, "-") == 0) {
		write_head(in, stdout, base);
		write_sections(in, stdout);
		return fflush(stdout) ? -1 : 0;
	}
	if (!in->force && access(in->out, F_OK) == 0) {
		fprintf(stderr, "progrep init: '%s' exists (--force overwrites it)\n", in->out);
		errno = EEXIST;
		return -1;
	}
	if (afile_open(&af, in->out, AFILE_SYNC_FILE) != 0)
		return -1;
	if (!(f = afile_stream(&af))) {
		afile_abort(&af);
		return -1;
	}
	write_head(in, f, base);
	write_sections(in, f);
	return afile_commit(&af);
}

int cmd_init(int argc, char **argv)
{
	struct init in;
	int rc, given = 0;

	memset(&in, 0, sizeof(in));
	if ((rc = parse_opts(argc, argv, &in)) != EXIT_OK)
		return rc;
	in.a = arena_new();
	diag_init(&in.d);
	rc = EXIT_DATA;
	if (!in.regions)
		in.regions = default_regions(&in);
	else
		given = 1;
	if (access(in.regions, F_OK) != 0 && access(in.data, F_OK) == 0) {
		explain_regions(&in, given);
		goto out;
	}
	if (read_regions(&in) < 0 || read_data(&in) < 0)
		goto out;
	make_ids(&in);
	rc = EXIT_OK;
	if (write_config(&in) < 0) {
		if (errno != EEXIST)
			diag_errno(&in.d, (struct src_pos){NULL, 0, 0}, "cannot write '%s'", in.out);
		rc = EXIT_RUNTIME;
	}
out:
	diag_print(&in.d, stderr);
	diag_release(&in.d);
	arena_free(in.a);
	return rc;
}

/*
 * PostgreSQL: a data source through libpq. The connection string comes
 * from the environment variable the config names (never from the config
 * text). The query runs in a read-only transaction through a cursor, so a
 * result of millions of rows is fetched in batches instead of held whole.
 * With core/data/pq_load.c, the only user of <libpq-fe.h>.
 */
#include "core/data/source.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/config/config.h"
#include "core/data/dataset_fill.h"
#include "core/util/numparse.h"
#include "core/util/strbuf.h"
#include "core/data/pq_load.h"
#include "core/data/pq_redact.h"
#include "core/util/xalloc.h"


/* Type oids of pg_type.h (stable across server versions). */
enum {
	OID_NAME = 19, OID_INT8 = 20, OID_INT2 = 21, OID_INT4 = 23, OID_TEXT = 25,
	OID_FLOAT4 = 700, OID_FLOAT8 = 701, OID_BPCHAR = 1042, OID_VARCHAR = 1043,
	OID_NUMERIC = 1700
};

static const char *const region_columns[4] = {"code", "name", "parent", "level"};

/* libpq's messages run over several lines ("...failed: ...\n\tIs the
 * server running...?\n"): one line for ours. */
static const char *one_line(char *buf, size_t n, const char *msg)
{
	size_t i = 0;

	for (; *msg && i + 3 < n; msg++) {
		if (*msg == '\n' || *msg == '\t') {
			while (msg[1] == '\n' || msg[1] == '\t')
				msg++;
			if (msg[1] && i > 0) {
				buf[i++] = ';';
				buf[i++] = ' ';
			}
			continue;
		}
		buf[i++] = *msg;
	}
	buf[i] = '\0';
	return buf;
}

static int ident_char(char c)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || (unsigned char)c >= 0x80;
}

/* Skip a quoted or commented stretch starting at s[i]; returns the index
 * after it, or i when s[i] starts none. */
static size_t skip_quoted(const char *s, size_t i)
{
	size_t j, tag;

	if (s[i] == '\'' || s[i] == '"') {
		int esc = s[i] == '\'' && i > 0 && (s[i - 1] == 'E' || s[i - 1] == 'e');
		char q = s[i];
		for (j = i + 1; s[j]; j++) {
			if (esc && s[j] == '\\' && s[j + 1])
				j++;
			else if (s[j] == q && s[j + 1] == q)
				j++;
			else if (s[j] == q)
				return j + 1;
		}
		return j;
	}
	if (s[i] == '-' && s[i + 1] == '-')
		return i + strcspn(s + i, "\n");
	if (s[i] == '/' && s[i + 1] == '*') {
		const char *e = strstr(s + i + 2, "*/");
		return e ? (size_t)(e - s) + 2 : strlen(s);
	}
	if (s[i] == '$' && (i == 0 || !ident_char(s[i - 1]))) {
		for (tag = i + 1; ident_char(s[tag]) && !(s[tag] >= '0' && s[tag] <= '9' &&
							 tag == i + 1); tag++)
			;
		if (s[tag] == '$') { /* $tag$ ... $tag$ */
			size_t n = tag - i + 1;
			for (j = tag + 1; s[j]; j++)
				if (s[j] == '$' && strncmp(s + j, s + i, n) == 0)
					return j + n;
			return j;
		}
	}
	return i;
}

/* Is s[i..] the parameter $period or :period (not ::period)? */
static size_t is_param(const char *s, size_t i)
{
	if (!((s[i] == '$' && (i == 0 || !ident_char(s[i - 1]))) ||
	      (s[i] == ':' && s[i + 1] != ':' && (i == 0 || s[i - 1] != ':'))))
		return 0;
	if (strncmp(s + i + 1, "period", 6) != 0 || ident_char(s[i + 7]))
		return 0;
	return 7;
}

/* The query with $period / :period turned into the bound parameter $1.
 * NULL after an error: a positional or unknown $ parameter. */
static char *rewrite(struct fill *f, const char *sql, const char *key, int *nparams)
{
	size_t n = strlen(sql), i = 0, o = 0, j, k;
	char *out = xmalloc(n + 1);

	*nparams = 0;
	while (i < n) {
		if ((j = skip_quoted(sql, i)) > i) {
			memcpy(out + o, sql + i, j - i);
			o += j - i;
			i = j;
		} else if ((k = is_param(sql, i)) > 0) {
			memcpy(out + o, "$1", 2);
			o += 2;
			i += k;
			*nparams = 1;
		} else if (sql[i] == '$' && (i == 0 || !ident_char(sql[i - 1])) &&
			   ident_char(sql[i + 1])) {
			for (j = i + 1; ident_char(sql[j]); j++)
				;
			fill_error(f, 0, "unknown parameter '%.*s' in the %s (the only one is "
				   "$period, the report period)", (int)(j - i), sql + i, key);
			free(out);
			return NULL;
		} else {
			out[o++] = sql[i++];
		}
	}
	out[o] = '\0';
	return out;
}

/* A message of libpq or the server, on one line, credentials redacted. */
static const char *pq_message(char *buf, size_t n, const char *msg, const char *conninfo)
{
	char line[1024];

	return pq_redact(buf, n, one_line(line, sizeof(line), msg), conninfo);
}

static int result_error(struct fill *f, PGresult *res, const char *key)
{
	const char *m = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
	const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	char buf[1024];

	/* 57014 query_canceled: our statement_timeout, or an administrator;
	 * either way the run failed, not the data */
	if (state && strcmp(state, "57014") == 0 && m && strstr(m, "statement timeout"))
		return fill_fail(f, "the %s ran longer than the time limit of %d s and was "
				 "stopped (statement_timeout)", key,
				 fill_source(f)->statement_timeout);
	m = pq_message(buf, sizeof(buf), m ? m : PQresultErrorMessage(res), NULL);
	if (state && strcmp(state, "57014") == 0)
		return fill_fail(f, "the %s was cancelled: %s", key, m);
	return fill_error(f, 0, "the %s failed: %s", key, m);
}

/* The server stops a statement running past the source's limit; set
 * for the session, so it covers the regions_query and every FETCH. */
static int set_timeout(struct fill *f, PGconn *c, const struct cfg_source *s)
{
	const char *params[1];
	char value[32];
	PGresult *res;
	int ok;

	snprintf(value, sizeof(value), "%ds", s->statement_timeout);
	params[0] = value;
	res = PQexecParams(c, "SELECT set_config('statement_timeout', $1, false)", 1, NULL,
			   params, NULL, NULL, 0);
	ok = PQresultStatus(res) == PGRES_TUPLES_OK;
	if (!ok)
		result_error(f, res, "statement_timeout setting");
	PQclear(res);
	return ok ? 0 : -1;
}

static PGconn *connect_env(struct fill *f, const struct cfg_source *s)
{
	const char *info = getenv(s->env);
	const char *kw[] = {"dbname", "connect_timeout", "application_name", NULL};
	const char *val[4] = {info, NULL, "progrep", NULL};
	char timeout[16], buf[1024];
	PGconn *c;

	if (!info || !*info) {
		fill_error(f, 0, "the environment variable '%s' is %s; it must hold the "
			   "connection string (e.g. host=/run/postgresql dbname=reports)", s->env,
			   info ? "empty" : "not set");
		return NULL;
	}
	if (pq_load(buf, sizeof(buf)) != 0) {
		fill_fail(f, "%s", buf);
		return NULL;
	}
	snprintf(timeout, sizeof(timeout), "%d", s->connect_timeout > 0 ? s->connect_timeout : 10);
	val[1] = timeout;
	c = PQconnectdbParams(kw, val, 1);
	if (!c || PQstatus(c) != CONNECTION_OK) {
		/* libpq echoes a malformed URI whole, password included */
		fill_fail(f, "cannot connect to the server: %s",
			  c ? pq_message(buf, sizeof(buf), PQerrorMessage(c), info) : "out of memory");
		PQfinish(c);
		return NULL;
	}
	if (set_timeout(f, c, s) < 0) {
		PQfinish(c);
		return NULL;
	}
	return c;
}

/* Run a command; 0 when it gave want. */
static int run(struct fill *f, PGconn *c, PGresult **res, const char *sql, int nparams,
	       const char *period, ExecStatusType want, const char *key)
{
	const char *params[1] = {period};

	PQclear(*res);
	*res = PQexecParams(c, sql, nparams, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(*res) == want)
		return 0;
	return result_error(f, *res, key);
}

static const char *type_name(struct fill *f, PGconn *c, Oid oid, char *buf, size_t n)
{
	PGresult *res = NULL;
	char text[16];

	snprintf(text, sizeof(text), "%u", oid);
	snprintf(buf, n, "type %u", oid);
	if (run(f, c, &res, "SELECT format_type($1::oid, NULL)", 1, text, PGRES_TUPLES_OK,
		"type lookup") == 0 && PQntuples(res) == 1)
		snprintf(buf, n, "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	return buf;
}

static int type_ok(int col, Oid t)
{
	int text = t == OID_TEXT || t == OID_VARCHAR || t == OID_BPCHAR || t == OID_NAME;
	int integer = t == OID_INT2 || t == OID_INT4 || t == OID_INT8;

	switch (col) {
	case SRC_INDICATOR: return text;
	case SRC_VALUE: return integer || t == OID_FLOAT4 || t == OID_FLOAT8 || t == OID_NUMERIC;
	default: return text || integer;
	}
}

/* Columns by name, in any order, of the right types. */
static int check_columns(struct fill *f, PGconn *c, const PGresult *res, const char *const *want,
			 int *map, const char *key)
{
	static const char *const expect[4] = {
		"text or an integer", "text or an integer", "text",
		"a number (smallint, integer, bigint, real, double precision or numeric)"};
	int n = PQnfields(res), i, k, found = 0;
	char got[512] = "", buf[64];
	size_t len = 0;

	for (i = 0; i < n && n == 4; i++)
		for (k = 0; k < 4; k++)
			if (strcmp(PQfname(res, i), want[k]) == 0 && !(found & (1 << k))) {
				found |= 1 << k;
				map[k] = i;
			}
	if (found != 15) {
		for (i = 0; i < n && len < sizeof(got); i++)
			len += (size_t)snprintf(got + len, sizeof(got) - len, "%s%s", i ? ", " : "",
						PQfname(res, i));
		return fill_error(f, 0, "the %s must yield the columns %s, %s, %s, %s (got: %s)",
				  key, want[0], want[1], want[2], want[3], n ? got : "no columns");
	}
	for (k = 0; k < 4 && want == source_columns; k++)
		if (!type_ok(k, PQftype(res, map[k])))
			return fill_error(f, 0, "column '%s' of the query has type '%s'; expected %s",
					  want[k], type_name(f, c, PQftype(res, map[k]), buf,
							     sizeof(buf)), expect[k]);
	return 0;
}

/* A key field; char(n) pads with blanks, which are not part of a code. */
static struct src_text field(const PGresult *res, int row, int col)
{
	struct src_text t = {PQgetvalue(res, row, col), (size_t)PQgetlength(res, row, col)};

	if (PQftype(res, col) == OID_BPCHAR)
		while (t.len > 0 && t.s[t.len - 1] == ' ')
			t.len--;
	return t;
}

static void batch(struct fill *f, const PGresult *res, const int *map, size_t *row)
{
	int i, n = PQntuples(res), k;
	double x;

	for (i = 0; i < n && !fill_gave_up(f); i++) {
		++*row;
		for (k = 0; k < 3; k++)
			if (PQgetisnull(res, i, map[k]))
				break;
		if (k < 3) {
			fill_error(f, *row, "column '%s' is null", source_columns[k]);
			continue;
		}
		x = NAN;
		if (!PQgetisnull(res, i, map[SRC_VALUE]) &&
		    numparse_double(PQgetvalue(res, i, map[SRC_VALUE]),
				    (size_t)PQgetlength(res, i, map[SRC_VALUE]), &x) < 0) {
			fill_error(f, *row, "value '%s' %s", PQgetvalue(res, i, map[SRC_VALUE]),
				   ds_not_a_number(PQgetvalue(res, i, map[SRC_VALUE]),
						   (size_t)PQgetlength(res, i, map[SRC_VALUE])));
			continue;
		}
		fill_row(f, *row, field(res, i, map[SRC_REGION]), field(res, i, map[SRC_PERIOD]),
			 field(res, i, map[SRC_INDICATOR]), x);
	}
}

static int read_values(struct fill *f, PGconn *c, const char *sql, int nparams,
		       const char *period)
{
	static const char declare[] = "DECLARE progrep_rows NO SCROLL CURSOR FOR ";
	static const char fetch[] = "FETCH FORWARD 20000 FROM progrep_rows";
	char *text = xmalloc(sizeof(declare) + strlen(sql));
	PGresult *res = NULL;
	size_t row = 0;
	int map[4], ret = -1;

	memcpy(text, declare, sizeof(declare) - 1);
	strcpy(text + sizeof(declare) - 1, sql);
	if (run(f, c, &res, "BEGIN READ ONLY", 0, NULL, PGRES_COMMAND_OK, "query") < 0 ||
	    run(f, c, &res, text, nparams, period, PGRES_COMMAND_OK, "query") < 0 ||
	    run(f, c, &res, fetch, 0, NULL, PGRES_TUPLES_OK, "query") < 0 ||
	    check_columns(f, c, res, source_columns, map, "query") < 0)
		goto out;
	while (PQntuples(res) > 0 && !fill_gave_up(f)) {
		batch(f, res, map, &row);
		if (run(f, c, &res, fetch, 0, NULL, PGRES_TUPLES_OK, "query") < 0)
			goto out;
	}
	ret = 0;
out:
	PQclear(res);
	free(text);
	return ret;
}

static int read_regions(struct fill *f, PGconn *c, const char *sql, int nparams,
			const char *period)
{
	PGresult *res = NULL;
	struct strbuf csv = {0};
	int map[4], i, k, ret = -1;

	if (run(f, c, &res, sql, nparams, period, PGRES_TUPLES_OK, "regions_query") < 0 ||
	    check_columns(f, c, res, region_columns, map, "regions_query") < 0)
		goto out;
	for (k = 0; k < 4; k++)
		fill_csv_field(&csv, region_columns[k], strlen(region_columns[k]),
			       k < 3 ? ',' : '\n');
	for (i = 0; i < PQntuples(res); i++)
		for (k = 0; k < 4; k++) {
			struct src_text t = field(res, i, map[k]);
			fill_csv_field(&csv, t.s, t.len, k < 3 ? ',' : '\n');
		}
	ret = fill_regions(f, csv.s, csv.len);
out:
	strbuf_release(&csv);
	PQclear(res);
	return ret;
}

int source_pg_load(struct fill *f, const struct cfg_source *s, int want_regions)
{
	PGconn *c = NULL;
	char *sql = NULL, buf[16];
	const char *period = NULL;
	int n = 0, ret = -1;

	if (!s->env || !s->query || !(c = connect_env(f, s)))
		return -1;
	if (want_regions && s->regions_query) {
		if (!(sql = rewrite(f, s->regions_query, "regions_query", &n)) ||
		    (n && !(period = fill_period_param(f, buf, sizeof(buf)))) ||
		    read_regions(f, c, sql, n, period) < 0)
			goto out;
		free(sql);
	}
	sql = rewrite(f, s->query, "query", &n);
	if (sql && (!n || (period = fill_period_param(f, buf, sizeof(buf)))))
		ret = read_values(f, c, sql, n, period);
out:
	free(sql);
	PQfinish(c);
	return ret;
}

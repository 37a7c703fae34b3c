#ifndef PROGREP_PQ_LOAD_H
#define PROGREP_PQ_LOAD_H

#include <stddef.h>

#include <libpq-fe.h>

/*
 * libpq, loaded with dlopen the first time a report reads from PostgreSQL.
 * Linked in, it cost every run of progrep about 10 ms at start-up (measured:
 * an empty program takes 3.6 ms to start, 13.6 ms linked with -lpq, which
 * brings in OpenSSL, Kerberos, LDAP and GnuTLS); most reports read CSV or
 * SQLite. core/data/source_pg.c calls the functions by their usual names; the
 * macros below send those calls through the pointers pq_load() fills.
 */
#define PQ_FUNCS(X)                                                                          \
	X(PGconn *, PQconnectdbParams,                                                       \
	  (const char *const *keywords, const char *const *values, int expand_dbname))     \
	X(ConnStatusType, PQstatus, (const PGconn *conn))                                    \
	X(char *, PQerrorMessage, (const PGconn *conn))                                      \
	X(void, PQfinish, (PGconn *conn))                                                    \
	X(void, PQclear, (PGresult *res))                                                    \
	X(PGresult *, PQexecParams,                                                          \
	  (PGconn *conn, const char *command, int nParams, const Oid *paramTypes,           \
	   const char *const *paramValues, const int *paramLengths, const int *paramFormats, \
	   int resultFormat))                                                                \
	X(ExecStatusType, PQresultStatus, (const PGresult *res))                             \
	X(char *, PQresultErrorMessage, (const PGresult *res))                               \
	X(char *, PQresultErrorField, (const PGresult *res, int fieldcode))                  \
	X(int, PQntuples, (const PGresult *res))                                             \
	X(int, PQnfields, (const PGresult *res))                                             \
	X(char *, PQfname, (const PGresult *res, int field_num))                             \
	X(Oid, PQftype, (const PGresult *res, int field_num))                                \
	X(char *, PQgetvalue, (const PGresult *res, int tup_num, int field_num))             \
	X(int, PQgetlength, (const PGresult *res, int tup_num, int field_num))               \
	X(int, PQgetisnull, (const PGresult *res, int tup_num, int field_num))

#define PQ_MEMBER(ret, name, args) ret(*name) args;
struct pq_fns {
	PQ_FUNCS(PQ_MEMBER)
};
#undef PQ_MEMBER

extern struct pq_fns pq_fns;

/* Load libpq once per process. 0, or -1 with why in err. */
int pq_load(char *err, size_t n);

#ifndef PQ_LOAD_IMPL
#define PQconnectdbParams (pq_fns.PQconnectdbParams)
#define PQstatus (pq_fns.PQstatus)
#define PQerrorMessage (pq_fns.PQerrorMessage)
#define PQfinish (pq_fns.PQfinish)
#define PQclear (pq_fns.PQclear)
#define PQexecParams (pq_fns.PQexecParams)
#define PQresultStatus (pq_fns.PQresultStatus)
#define PQresultErrorMessage (pq_fns.PQresultErrorMessage)
#define PQresultErrorField (pq_fns.PQresultErrorField)
#define PQntuples (pq_fns.PQntuples)
#define PQnfields (pq_fns.PQnfields)
#define PQfname (pq_fns.PQfname)
#define PQftype (pq_fns.PQftype)
#define PQgetvalue (pq_fns.PQgetvalue)
#define PQgetlength (pq_fns.PQgetlength)
#define PQgetisnull (pq_fns.PQgetisnull)
#endif

#endif

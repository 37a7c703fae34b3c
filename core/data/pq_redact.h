#ifndef PROGREP_PQ_REDACT_H
#define PROGREP_PQ_REDACT_H

#include <stddef.h>

/*
 * Internal to core/data/: credentials out of what libpq says. libpq echoes
 * a malformed connection URI whole into its error message, password and
 * all, and messages go to cron mail and log files. Nothing from libpq or
 * the connection string is reported without passing through here.
 */

/*
 * Copy msg into buf (n bytes, n > 0; cut to fit) with every credential
 * replaced by "***": the password of a URI's user info
 * (postgresql://user:***@host), the values of password, sslpassword and
 * passfile (key=value, quoted or not, and in a URI query), and any
 * occurrence of such a value of conninfo (the connection string as given;
 * NULL for none), however libpq quoted it. Returns buf.
 */
const char *pq_redact(char *buf, size_t n, const char *msg, const char *conninfo);

#endif

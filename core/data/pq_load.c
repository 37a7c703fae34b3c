#define PQ_LOAD_IMPL
#include "core/data/pq_load.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

struct pq_fns pq_fns;

/* The soname of Debian's libpq5 (and every libpq since PostgreSQL 8.2). */
#define PQ_SONAME "libpq.so.5"

int pq_load(char *err, size_t n)
{
	static int state; /* 0 not tried, 1 loaded, -1 failed */
	static char why[256];
	void *h, *sym;

	if (state == 0) {
		state = -1;
		h = dlopen(PQ_SONAME, RTLD_NOW | RTLD_LOCAL);
		if (!h) {
			const char *e = dlerror();

			snprintf(why, sizeof(why), "%s", e ? e : PQ_SONAME " not found");
		}
		/* dlsym gives a data pointer; copy its bytes into the function
		 * pointer (ISO C has no cast between the two) */
#define PQ_LOAD_ONE(ret, name, args)                                                      \
	if (h && state == -1 && !why[0]) {                                                 \
		sym = dlsym(h, #name);                                                     \
		if (sym)                                                                   \
			memcpy(&pq_fns.name, &sym, sizeof(sym));                           \
		else                                                                       \
			snprintf(why, sizeof(why), "%s has no %s", PQ_SONAME, #name);      \
	}
		PQ_FUNCS(PQ_LOAD_ONE)
#undef PQ_LOAD_ONE
		if (h && !why[0])
			state = 1;
	}
	if (state < 0)
		snprintf(err, n, "cannot load the PostgreSQL client library: %s", why);
	return state > 0 ? 0 : -1;
}

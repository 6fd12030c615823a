#ifndef RETORT_POSTGRES_LOADER_H
#define RETORT_POSTGRES_LOADER_H

/* libpq is opened on the first connection, not when Retort starts: as a shared library
   linked at start-up it and the libraries it needs (Kerberos, LDAP, TLS) cost 3 ms of
   every command, most of which never talk to PostgreSQL. PostgresLoader.c defines the
   libpq functions Retort calls, each forwarding to the library once it is open. */

/* Opens libpq if it is not open yet; 1 when its functions can be called. */
int retort_libpq_open(void);

/* Why libpq could not be opened (dlerror's text), or "" when it is open. */
const char *retort_libpq_error(void);

#endif

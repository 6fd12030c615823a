#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#if __has_include(<libpq-fe.h>)
#include <libpq-fe.h>
#else
#include "/usr/include/postgresql/libpq-fe.h"
#endif

#include "PostgresLoader.h"

/* Every libpq function Retort uses, as (return type, name, parameters, arguments). */
#define RETORT_LIBPQ_FUNCTIONS(X) \
    X(void, PQclear, (PGresult *res), (res)) \
    X(char *, PQerrorMessage, (const PGconn *conn), (conn)) \
    X(PGTransactionStatusType, PQtransactionStatus, (const PGconn *conn), (conn)) \
    X(ExecStatusType, PQresultStatus, (const PGresult *res), (res)) \
    X(PGconn *, PQconnectdbParams, (const char *const *keywords, const char *const *values, int expand_dbname), \
      (keywords, values, expand_dbname)) \
    X(int, PQntuples, (const PGresult *res), (res)) \
    X(int, PQnfields, (const PGresult *res), (res)) \
    X(char *, PQgetvalue, (const PGresult *res, int tup_num, int field_num), (res, tup_num, field_num)) \
    X(int, PQgetisnull, (const PGresult *res, int tup_num, int field_num), (res, tup_num, field_num)) \
    X(PGresult *, PQgetResult, (PGconn *conn), (conn)) \
    X(void, PQfinish, (PGconn *conn), (conn)) \
    X(PGresult *, PQexecParams, (PGconn *conn, const char *command, int nParams, const Oid *paramTypes, \
      const char *const *paramValues, const int *paramLengths, const int *paramFormats, int resultFormat), \
      (conn, command, nParams, paramTypes, paramValues, paramLengths, paramFormats, resultFormat)) \
    X(PGresult *, PQexec, (PGconn *conn, const char *query), (conn, query)) \
    X(char *, PQcmdTuples, (PGresult *res), (res)) \
    X(ConnStatusType, PQstatus, (const PGconn *conn), (conn)) \
    X(PQnoticeProcessor, PQsetNoticeProcessor, (PGconn *conn, PQnoticeProcessor proc, void *arg), (conn, proc, arg)) \
    X(int, PQserverVersion, (const PGconn *conn), (conn)) \
    X(int, PQsendQueryParams, (PGconn *conn, const char *command, int nParams, const Oid *paramTypes, \
      const char *const *paramValues, const int *paramLengths, const int *paramFormats, int resultFormat), \
      (conn, command, nParams, paramTypes, paramValues, paramLengths, paramFormats, resultFormat)) \
    X(char *, PQresultErrorField, (const PGresult *res, int fieldcode), (res, fieldcode)) \
    X(int, PQpipelineSync, (PGconn *conn), (conn)) \
    X(Oid, PQftype, (const PGresult *res, int field_num), (res, field_num)) \
    X(char *, PQfname, (const PGresult *res, int field_num), (res, field_num)) \
    X(int, PQexitPipelineMode, (PGconn *conn), (conn)) \
    X(int, PQenterPipelineMode, (PGconn *conn), (conn)) \
    X(int, PQbackendPID, (const PGconn *conn), (conn))

static struct {
#define RETORT_POINTER(type, name, parameters, arguments) type(*name) parameters;
    RETORT_LIBPQ_FUNCTIONS(RETORT_POINTER)
#undef RETORT_POINTER
} functions;

static pthread_once_t opening = PTHREAD_ONCE_INIT;
static int opened = 0;
static char failure[512] = "";

static void open_libpq(void) {
    void *library = dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        const char *reason = dlerror();
        snprintf(failure, sizeof failure, "%s", reason ? reason : "libpq.so.5 cannot be opened");
        return;
    }
#define RETORT_RESOLVE(type, name, parameters, arguments) \
    *(void **)(&functions.name) = dlsym(library, #name); \
    if (functions.name == NULL) { \
        snprintf(failure, sizeof failure, "libpq.so.5 has no %s (libpq 14 or later is needed)", #name); \
        return; \
    }
    RETORT_LIBPQ_FUNCTIONS(RETORT_RESOLVE)
#undef RETORT_RESOLVE
    opened = 1;
}

int retort_libpq_open(void) {
    pthread_once(&opening, open_libpq);
    return opened;
}

const char *retort_libpq_error(void) {
    retort_libpq_open();
    return failure;
}

/* Callers open the library first (PostgresConnection does, before connecting); a
   function reached without it would have no connection or result to work on. */
#define RETORT_FORWARD(type, name, parameters, arguments) \
    type name parameters { \
        retort_libpq_open(); \
        return functions.name arguments; \
    }
RETORT_LIBPQ_FUNCTIONS(RETORT_FORWARD)
#undef RETORT_FORWARD

/* No pkg-config here: its -lpq would link libpq at start-up, which PostgresLoader avoids.
   Debian keeps the header under postgresql/. */
#if __has_include(<libpq-fe.h>)
#include <libpq-fe.h>
#else
#include "/usr/include/postgresql/libpq-fe.h"
#endif

/* postgres_ext.h defines the error fields as character literals ('C', 'M', 'D'), which
   Swift does not import; these constants carry them over. */
static const int RetortPGDiagSQLState = PG_DIAG_SQLSTATE;
static const int RetortPGDiagMessagePrimary = PG_DIAG_MESSAGE_PRIMARY;
static const int RetortPGDiagMessageDetail = PG_DIAG_MESSAGE_DETAIL;

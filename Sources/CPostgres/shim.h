#include <libpq-fe.h>

/* postgres_ext.h defines the error fields as character literals ('C', 'M', 'D'), which
   Swift does not import; these constants carry them over. */
static const int RetortPGDiagSQLState = PG_DIAG_SQLSTATE;
static const int RetortPGDiagMessagePrimary = PG_DIAG_MESSAGE_PRIMARY;
static const int RetortPGDiagMessageDetail = PG_DIAG_MESSAGE_DETAIL;

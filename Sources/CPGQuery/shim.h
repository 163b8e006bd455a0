// libpg_query (Debian libpg-query-dev): the real PostgreSQL 15 parser.
#include <pg_query.h>

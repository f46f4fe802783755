"""The sessions, in the database as Django keeps them, read with one plain SELECT.

Django's database store loads a request's session through the ORM: building that query cost
about 0.4 ms of CPU a request, four times the query itself. This store reads the same row with
the same conditions (its key, not expired) from SQL written once; saving, renewing, ending
(logout, flush) and expiring sessions are Django's own. SESSION_ENGINE = "committees.sessions".
"""

from __future__ import annotations

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        alias = router.db_for_read(self.model)
        connection = connections[alias]
        with connection.cursor() as cursor:
            cursor.execute(_load_sql(self.model, alias), [self.session_key, now_for(connection)])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return None
        return self.model(session_key=self.session_key, session_data=row[0])


def now_for(connection):
    return connection.ops.adapt_datetimefield_value(timezone.now())


_SQL: dict[tuple[type, str], str] = {}


def _load_sql(model, alias: str) -> str:
    sql = _SQL.get((model, alias))
    if sql is None:
        quote = connections[alias].ops.quote_name
        meta = model._meta
        data, key, expires = (
            quote(meta.get_field(name).column) for name in ("session_data", "session_key", "expire_date")
        )
        sql = f"SELECT {data} FROM {quote(meta.db_table)} WHERE {key} = %s AND {expires} > %s"
        _SQL[(model, alias)] = sql
    return sql

"""PostgreSQL as Django's backend has it, with a health check that costs no round trip when the
kept connection is quiet.

CONN_HEALTH_CHECKS makes Django run `SELECT 1` before the first query of each request (and each
Celery task) that reuses a connection: a round trip to the server per request, to find a
connection the server closed meanwhile (restarted, terminated the backend, idle timeout). A server
closing a connection writes to it (an error message, the end of the stream), so an idle connection
whose socket has nothing to read, whose state is fine and that holds no transaction is used as it
is; any other is checked with Django's `SELECT 1`, as before, and replaced when that fails."""

from __future__ import annotations

import select

from django.db.backends.postgresql import base
from psycopg import pq


def quiet(connection) -> bool:
    """An open, idle connection with nothing waiting on its socket."""
    if connection.closed or connection.broken or connection.pgconn.status != pq.ConnStatus.OK:
        return False
    if connection.info.transaction_status != pq.TransactionStatus.IDLE:
        return False
    poller = select.poll()
    poller.register(connection.pgconn.socket, select.POLLIN | select.POLLPRI)
    return not poller.poll(0)


class DatabaseWrapper(base.DatabaseWrapper):
    def close_if_health_check_failed(self) -> None:
        if (
            self.connection is not None
            and self.health_check_enabled
            and not self.health_check_done
            and not self.pool
            and quiet(self.connection)
        ):
            self.health_check_done = True
            return
        super().close_if_health_check_failed()

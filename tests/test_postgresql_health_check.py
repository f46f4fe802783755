"""The PostgreSQL backend's health check (xishan_portal/postgresql/base.py): no round trip for a
quiet kept connection, Django's SELECT 1 for any other, a connection the server ended replaced."""

import time

import pytest
from django.db import connection

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's backend only")


class Counting:
    """The psycopg connection, counting the cursors opened on it (Django's SELECT 1 opens one)."""

    def __init__(self, real):
        self.real, self.cursors = real, 0

    def cursor(self, *args, **kwargs):
        self.cursors += 1
        return self.real.cursor(*args, **kwargs)

    def __getattr__(self, name):
        return getattr(self.real, name)


def next_request_checks() -> Counting:
    """The kept connection as the next request's first query finds it, its cursors counted."""
    connection.ensure_connection()
    counting = Counting(connection.connection)
    connection.connection = counting
    connection.health_check_enabled, connection.health_check_done = True, False
    connection.close_if_health_check_failed()
    if connection.connection is counting:
        connection.connection = counting.real
    return counting


def test_a_quiet_idle_connection_is_kept_without_a_round_trip(transactional_db):
    counting = next_request_checks()
    assert counting.cursors == 0
    assert connection.connection is counting.real and connection.health_check_done


def test_a_connection_holding_a_transaction_is_checked_with_select_1(transactional_db):
    connection.ensure_connection()
    connection.connection.execute("BEGIN")
    try:
        counting = next_request_checks()
        assert counting.cursors == 1 and connection.connection is counting.real
    finally:
        connection.connection.execute("ROLLBACK")


def test_a_connection_the_server_ended_is_replaced(transactional_db):
    connection.ensure_connection()
    ended = connection.connection
    other = connection.get_new_connection(connection.get_connection_params())
    try:
        other.execute("SELECT pg_terminate_backend(%s)", [ended.info.backend_pid])
    finally:
        other.close()
    deadline = time.monotonic() + 5
    while next_request_checks() and connection.connection is ended and time.monotonic() < deadline:
        time.sleep(0.05)  # until the server's goodbye reaches the socket
    assert connection.connection is None
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


def test_the_connection_runs_without_jit(db):
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"

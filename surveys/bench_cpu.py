"""The server's own CPU time per page (manage.py bench_pages): each page of the mix requested in
this process through Django's WSGI handler, every middleware and context processor included, as
the benchmark's user; the median of `rounds` requests. On a shared machine other processes'
load lengthens a request's latency far more than its CPU time, which is the steadier figure."""

from __future__ import annotations

import io
import statistics
import sys
import time

from django.core.handlers.wsgi import WSGIHandler
from django.test import Client
from django.test.utils import override_settings

HOST = "127.0.0.1"


def environ(url: str, cookie: str) -> dict:
    path, _, query = url.partition("?")
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": HOST,
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": HOST,
        "HTTP_COOKIE": cookie,
        "REMOTE_ADDR": HOST,
        "wsgi.input": io.BytesIO(b""),
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }


def cpu_per_page(pages: list, user, rounds: int) -> dict[str, float]:
    """Each page's median CPU milliseconds a request (after two requests that fill the caches)."""
    client = Client()
    client.force_login(user)
    cookie = "; ".join(f"{name}={morsel.value}" for name, morsel in client.cookies.items())
    handler = WSGIHandler()

    def request(url: str) -> float:
        start = time.process_time()
        body = handler(environ(url, cookie), lambda status, headers, exc_info=None: None)
        b"".join(body)
        body.close()
        return (time.process_time() - start) * 1000

    with override_settings(ALLOWED_HOSTS=[HOST]):
        cpu = {}
        for page in pages:
            request(page.url)
            request(page.url)
            cpu[page.name] = statistics.median(request(page.url) for _ in range(rounds))
    return cpu

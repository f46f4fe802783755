"""The WSGI application of the page benchmark (surveys.bench_pages): the portal's own, and at
/bench-raw/<page> a bare Django view (no middleware, no URL resolution, no template) answering the
bytes of a page the benchmark saved in BENCH_RAW_DIR: the floor a page's time is compared with."""

import os
from pathlib import Path

from django.core.handlers.wsgi import WSGIRequest
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xishan_portal.settings")
portal = get_wsgi_application()

RAW_PREFIX = "/bench-raw/"
RAW_DIR = Path(os.environ.get("BENCH_RAW_DIR", "."))


def raw_page(request, name: str) -> HttpResponse:
    return HttpResponse((RAW_DIR / f"{Path(name).name}.html").read_bytes(), content_type="text/html; charset=utf-8")


def application(environ, start_response):
    if not environ.get("PATH_INFO", "").startswith(RAW_PREFIX):
        return portal(environ, start_response)
    request = WSGIRequest(environ)
    response = raw_page(request, request.path.removeprefix(RAW_PREFIX))
    start_response(f"{response.status_code} {response.reason_phrase}", list(response.items()))
    return [response.content]

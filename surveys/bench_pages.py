"""The list pages' load test (manage.py bench_pages, make bench): gunicorn serving the demo district,
signed-in users fetching a mix of list pages, and a raw baseline measured in the same run.

For each page: the median and 95th percentile latency and the requests per second with `users`
concurrent users; the median with one user; and two baselines of that page measured alone: its SQL
queries run on a bare cursor, and a bare Django view (no middleware, no template) returning the
page's bytes through the same gunicorn (committees.bench_wsgi)."""

from __future__ import annotations

import http.client
import re
import socket
import subprocess
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.db import connection

HOST = "127.0.0.1"
RAW_PREFIX = "/bench-raw/"


@dataclass
class Page:
    name: str
    url: str
    body: bytes = b""
    queries: list[str] = field(default_factory=list)


def page_mix() -> list[Page]:
    """The list pages a district staff member opens, in the demo district."""
    from committees.models import Committee, Kind
    from surveys.models import SurveyRound

    district = Committee.objects.get(parent=None)
    town = Committee.objects.filter(kind=Kind.TOWN).order_by("code").first()
    year = SurveyRound.objects.order_by("-year").values_list("year", flat=True).first()
    pages = [
        Page("people", "/registry/people/"),
        Page("volunteers", "/registry/volunteers/"),
        Page("volunteers_p40", "/registry/volunteers/?page=40"),
        Page("teams", "/registry/teams/"),
        Page("stations", "/registry/stations/"),
        Page("committees", "/committees/"),
        Page("meetings", "/meetings/"),
        Page("points", f"/registry/committees/{district.pk}/points/"),
        Page("awards", "/awards/"),
    ]
    if year is not None:
        pages += [
            Page("round_forms", f"/surveys/{year}/{town.pk}/"),
            Page("completeness", f"/surveys/{year}/completeness/"),
            Page("funding", f"/funding/{year}/"),
            Page("subsidies", f"/funding/{year}/subsidies/"),
        ]
    return pages


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def database_url() -> str:
    """The URL of the database the command is connected to, for the server process."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or HOST}:{db['PORT'] or 5432}/{db['NAME']}"


def start_server(*, port: int, workers: int, raw_dir: Path, env: dict) -> subprocess.Popen:
    command = [sys.executable, "-m", "gunicorn", "committees.bench_wsgi:application"]
    command += ["--workers", str(workers), "--bind", f"{HOST}:{port}", "--log-level", "warning"]
    environment = {**env, "DEBUG": "0", "DATABASE_URL": database_url(), "BENCH_RAW_DIR": str(raw_dir)}
    environment["ALLOWED_HOSTS"] = HOST
    server = subprocess.Popen(command, cwd=settings.BASE_DIR, env=environment)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("gunicorn stopped at start.")
        try:
            fetch(port, "/accounts/login/", {})
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("gunicorn did not answer within 60 s.")


def fetch(port: int, url: str, cookies: dict, method: str = "GET", body: str = "") -> http.client.HTTPResponse:
    """One request on a connection of its own (gunicorn's sync workers close each)."""
    conn = http.client.HTTPConnection(HOST, port, timeout=60)
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()), "Host": HOST}
    if body:
        headers |= {"Content-Type": "application/x-www-form-urlencoded", "Referer": f"http://{HOST}:{port}/"}
    conn.request(method, url, body=body or None, headers=headers)
    response = conn.getresponse()
    response.data = response.read()
    conn.close()
    for header in response.headers.get_all("Set-Cookie") or []:
        for name, morsel in SimpleCookie(header).items():
            cookies[name] = morsel.value
    return response


def sign_in(port: int, username: str, password: str) -> dict:
    cookies: dict = {}
    form = fetch(port, "/accounts/login/", cookies).data.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    body = urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token})
    response = fetch(port, "/accounts/login/", cookies, "POST", body)
    if response.status != 302 or "sessionid" not in cookies:
        raise RuntimeError(f"Signing in as {username} failed ({response.status}).")
    return cookies


def timed(port: int, url: str, cookies: dict) -> tuple[float, int]:
    start = time.perf_counter()
    response = fetch(port, url, cookies)
    return (time.perf_counter() - start) * 1000, response.status


@dataclass
class Load:
    seconds: float
    times: dict[str, list[float]]
    errors: dict[str, int]

    @property
    def requests(self) -> int:
        return sum(len(t) for t in self.times.values())


def load(port: int, pages: list[Page], sessions: list[dict], seconds: float) -> Load:
    """Each user fetches the pages in turn (each from another page) until `seconds` have passed."""
    times: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def user(index: int, cookies: dict) -> None:
        i = index
        while time.monotonic() < deadline:
            page = pages[i % len(pages)]
            ms, status = timed(port, page.url, cookies)
            with lock:
                times[page.name].append(ms)
                if status != 200:
                    errors[page.name] += 1
            i += 1

    threads = [threading.Thread(target=user, args=(i, c)) for i, c in enumerate(sessions)]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Load(time.monotonic() - start, times, errors)


def capture(pages: list[Page], user) -> None:
    """Each page's body and SQL, rendered in this process as the server renders it."""
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(user)
    for page in pages:
        client.get(page.url)  # a first request fills the caches a server's worker keeps
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page.url)
            page.queries = [q["sql"] for q in queries.captured_queries]
        page.body = response.content


DECLARE = re.compile(r'^DECLARE "[^"]+" NO SCROLL CURSOR WITH HOLD FOR ', re.S)


def run_queries(sqls: list[str]) -> float:
    """The page's reading queries on a bare cursor, in milliseconds."""
    start = time.perf_counter()
    with connection.cursor() as cursor:
        for sql in sqls:
            sql = DECLARE.sub("", sql)
            if sql.startswith("SELECT"):
                cursor.execute(sql)
                cursor.fetchall()
    return (time.perf_counter() - start) * 1000


def host_speed() -> float:
    """Milliseconds of a fixed piece of pure Python (summing 20 million integers), the best of
    three: this machine's speed at the moment, which a shared host's neighbours change by half
    from one minute to the next (0.22-0.39 s seen here), printed beside the figures it explains."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        sum(range(20_000_000))
        best = min(best, time.perf_counter() - start)
    return best * 1000


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]

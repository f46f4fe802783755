"""The bad-input corpus's figures at the end of a test session: how many files went through how many
upload paths, and how many of those uploads changed a table ("partial writes": must be 0).

tests/test_bad_input_corpus.py records each upload here. Under pytest-xdist each worker sends
its figures to the controller in `workeroutput`, and the controller prints the total; without
xdist the one process prints its own. tests/conftest.py imports the hooks.
"""

from __future__ import annotations

import json

import pytest

KEY = "bad_input_corpus"
_uploads: list[tuple[str, str, bool]] = []  # (case, path, wrote)
_from_workers: list[tuple[str, str, bool]] = []


def record(case: str, path: str, *, wrote: bool) -> None:
    _uploads.append((case, path, wrote))


def pytest_sessionfinish(session):
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # an xdist worker: hand the figures to the controller
        workeroutput[KEY] = json.dumps(_uploads)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    output = getattr(node, "workeroutput", None) or {}
    _from_workers.extend(tuple(u) for u in json.loads(output.get(KEY, "[]")))


def summary() -> str | None:
    uploads = _uploads + _from_workers
    if not uploads:
        return None
    files = len({case for case, _path, _wrote in uploads})
    paths = len({path for _case, path, _wrote in uploads})
    writes = sum(1 for *_rest, wrote in uploads if wrote)
    return f"bad-input corpus: {files} files × {paths} upload paths, partial writes: {writes}"


def pytest_terminal_summary(terminalreporter):
    line = summary()
    if line:
        terminalreporter.write_sep("-", "bad-input corpus")
        terminalreporter.write_line(line)

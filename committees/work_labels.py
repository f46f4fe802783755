"""What a user reads of background work (jobs and report runs): the stage it is at, in words,
and a failure in words, never the program's exception text.

A task records its stage as a short code ("indicators", "xlsx", "done") so that the page shows it
in the reader's language; apps register their codes' labels in AppConfig.ready(). A stage that is
not a code (an import writes its steps already translated) is shown as it is.

A failure is recorded as the program wrote it ("RuntimeError: …", see failure_text) for the
server's log and the tests; the page shows TECHNICAL_FAILURE instead. Messages written
for the user (a lost worker, an unreachable broker, a ValidationError) are shown as they are.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Stages every kind of work ends with: the status (已完成, 失败) already says it.
STAGES: dict[str, str | Promise] = {"done": "", "failed": ""}
# How failure_text writes an exception: its class name, a colon, its message.
TECHNICAL = re.compile(r"^[A-Za-z_][\w.]*: ")


def register_stages(labels: Mapping[str, str | Promise]) -> None:
    STAGES.update(labels)


def stage_label(stage: str) -> str:
    """The stage as the user reads it: the registered label of a code, or the stage as written."""
    if stage in STAGES:
        return str(STAGES[stage])
    return stage


def failure_text(exc: BaseException) -> str:
    """What a failed row records: the messages of a ValidationError (written for the user),
    else the exception's class and message (for the log; the page shows a message instead)."""
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return f"{type(exc).__name__}: {exc}"


def is_technical(error: str) -> bool:
    return bool(TECHNICAL.match(error))


def failure_message(error: str) -> str:
    """The failure as the user reads it."""
    if not error:
        return ""
    if is_technical(error):
        return str(TECHNICAL_FAILURE)
    return error


TECHNICAL_FAILURE = _(
    "The work stopped on an error in the program; the details are in the server's log. "
    "Run it again; if it fails again, tell the district administrator."
)

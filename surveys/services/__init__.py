"""Writes of rounds and submissions: opening a round, saving, and the review workflow. Each service
is one transaction, checks the actor's permission with committees.scoping (PermissionDenied), and
raises ValidationError with a message for the user.

One module per noun: `rounds.py` (round_open), `entry.py` (submission_save), `workflow.py`
(submit, return, approve, reopen), `comments.py` (a return's cell comments), `extensions.py`
(town_extend), `notices.py` (the portal's bell), `reminders.py` (deadline emails), `common.py`
(the permission check, the lock, a step's record). Callers use `from surveys import services`
and `services.<name>`.
"""

from .comments import (
    CommentDraft,
)
from .common import (
    ON_BEHALF_REASON,
    is_town_secretary,
)
from .entry import (
    SaveResult,
    submission_save,
)
from .extensions import (
    town_extend,
)
from .notices import (
    NOTICE_STEPS,
    notices_mark_read,
    notices_write,
)
from .reminders import (
    reminders_send,
)
from .rounds import (
    round_open,
)
from .workflow import (
    SubmissionInvalid,
    submission_approve,
    submission_reopen,
    submission_return,
    submission_submit,
    submissions_approve,
)

__all__ = [
    "NOTICE_STEPS",
    "ON_BEHALF_REASON",
    "CommentDraft",
    "SaveResult",
    "SubmissionInvalid",
    "is_town_secretary",
    "notices_mark_read",
    "notices_write",
    "reminders_send",
    "round_open",
    "submission_approve",
    "submission_reopen",
    "submission_return",
    "submission_save",
    "submission_submit",
    "submissions_approve",
    "town_extend",
]

# The annual assessment's reward, confirmed into the funding ledger.
from .assessment import reward_confirm  # noqa: E402, F401

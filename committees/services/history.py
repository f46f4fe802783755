"""What every write leaves in the row's history: the acting user and the reason."""

from __future__ import annotations


def _history_reason(obj, reason: str) -> None:
    obj._change_reason = reason


# simple-history keeps reasons in a 100-character column.
REASON_LENGTH = 100


def _save_with_history(obj, *, actor, reason: str, update_fields: list[str] | None = None) -> None:
    # The acting user is set here, not left to the request middleware, so that a service
    # called from a task or a shell still records who did it.
    obj._history_user = actor
    _history_reason(obj, reason[:REASON_LENGTH])
    obj.save(update_fields=update_fields)
